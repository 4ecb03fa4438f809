"""Reads of the tracking app: the state of every measure, the roll-up and the lights.

Access: everything here is for members of the body (the views check with
``core.selectors.require_member``/``require_coordinator`` first); the public sees progress only
through the public pages, which call these functions for the edition in force.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import QuerySet

from teilhabe.concepts.models import Edition, FieldOfAction, Measure
from teilhabe.core.models import Body
from teilhabe.core.traffic import Phase, Verdict, is_stale, traffic_light

from .models import FieldWeight, MeasurePlan, ProgressUpdate, StatusOption

DEFAULT_INTERVAL = 6


def status_options(body: Body) -> QuerySet[StatusOption]:
    return StatusOption.objects.filter(body=body)


@dataclass
class MeasureState:
    """Where one measure stands today: its last accepted report and what follows from it."""

    measure: Measure
    status: StatusOption | None
    percent: int
    last_report: datetime.date | None
    update: ProgressUpdate | None
    weight: Decimal
    interval_months: int
    stale: bool
    verdict: Verdict

    @property
    def phase(self) -> str:
        return self.status.phase if self.status else Phase.PLANNED

    @property
    def counts(self) -> bool:
        """Cancelled measures leave the roll-up (nothing will be done for them)."""
        return self.phase != Phase.CANCELLED and self.weight > 0


def measure_states(edition: Edition, *, today: datetime.date) -> dict[int, MeasureState]:
    """The state of every measure of the edition, in a constant number of queries.

    Without an accepted report a measure takes the status stored with it in the edition
    (the codes of the default list are the edition's status codes) and is counted stale from
    the day the edition came into force.
    """
    body = edition.concept.body
    options = {o.code: o for o in status_options(body)}
    measures = list(Measure.objects.filter(edition=edition).select_related("field"))
    plans = {p.measure_id: p for p in MeasurePlan.objects.filter(measure__edition=edition)}
    latest: dict[int, ProgressUpdate] = {}
    for update in (
        ProgressUpdate.objects.filter(measure__edition=edition, state=ProgressUpdate.State.ACCEPTED)
        .select_related("status")
        .order_by("measure_id", "date", "id")
    ):
        latest[update.measure_id] = update
    states = {}
    for measure in measures:
        plan = plans.get(measure.pk)
        interval = plan.update_interval_months if plan else DEFAULT_INTERVAL
        weight = plan.weight if plan else Decimal(1)
        update = latest.get(measure.pk)
        status: StatusOption | None
        if update is not None:
            status, percent, last = update.status, update.percent, update.date
        else:
            status = options.get(measure.status or "planned")
            percent = status.default_percent or 0 if status else 0
            if status and status.phase == Phase.DONE:
                percent = 100
            last = None
        since = last or edition.valid_from
        stale = since is not None and is_stale(
            last_report=since, interval_months=interval, today=today
        )
        phase = status.phase if status else Phase.PLANNED
        verdict = traffic_light(
            phase=phase,
            today=today,
            start=measure.start,
            due=measure.end,
            last_report=since,
            interval_months=interval,
        )
        states[measure.pk] = MeasureState(
            measure=measure,
            status=status,
            percent=percent,
            last_report=last,
            update=update,
            weight=weight,
            interval_months=interval,
            stale=stale and phase not in (Phase.DONE, Phase.CANCELLED),
            verdict=verdict,
        )
    return states


def _weighted(pairs: list[tuple[Decimal, int]]) -> Decimal | None:
    total = sum((w for w, _ in pairs), Decimal(0))
    if not total:
        return None
    return (sum((w * p for w, p in pairs), Decimal(0)) / total).quantize(Decimal("0.1"))


@dataclass
class Rollup:
    """Weighted progress (percent, one decimal) per objective, field of action and edition;
    ``None`` where nothing counts (no measures, or all cancelled or weighted 0)."""

    objectives: dict[int, Decimal | None] = field(default_factory=dict)
    fields: dict[int, Decimal | None] = field(default_factory=dict)
    field_weights: dict[int, Decimal] = field(default_factory=dict)
    edition: Decimal | None = None


def rollup(edition: Edition, states: dict[int, MeasureState]) -> Rollup:
    """Measures → objectives and fields (measure weights) → edition (field weights)."""
    by_field: dict[int, list[tuple[Decimal, int]]] = defaultdict(list)
    by_objective: dict[int, list[tuple[Decimal, int]]] = defaultdict(list)
    links = Measure.objectives.through.objects.filter(measure__edition=edition).values_list(
        "measure_id", "objective_id"
    )
    objectives_of: dict[int, list[int]] = defaultdict(list)
    for measure_id, objective_id in links:
        objectives_of[measure_id].append(objective_id)
    for state in states.values():
        if not state.counts:
            continue
        pair = (state.weight, state.percent)
        by_field[state.measure.field_id].append(pair)
        for objective_id in objectives_of[state.measure.pk]:
            by_objective[objective_id].append(pair)
    result = Rollup()
    weights = {w.field_id: w.weight for w in FieldWeight.objects.filter(field__edition=edition)}
    for field_id in FieldOfAction.objects.filter(edition=edition).values_list("pk", flat=True):
        result.field_weights[field_id] = weights.get(field_id, Decimal(1))
        result.fields[field_id] = _weighted(by_field[field_id])
    result.objectives = {pk: _weighted(pairs) for pk, pairs in by_objective.items()}
    result.edition = _weighted(
        [
            (result.field_weights[pk], value)  # type: ignore[misc]
            for pk, value in result.fields.items()
            if value is not None
        ]
    )
    return result


def pending_updates(body: Body) -> QuerySet[ProgressUpdate]:
    return (
        ProgressUpdate.objects.filter(
            measure__edition__concept__body=body, state=ProgressUpdate.State.PENDING
        )
        .select_related("measure", "status", "link__actor")
        .order_by("date", "id")
    )


def measure_timeline(measure: Measure) -> QuerySet[ProgressUpdate]:
    """Every update of a measure, newest first, with its evidence files."""
    return (
        ProgressUpdate.objects.filter(measure=measure)
        .select_related("status", "reviewed_by", "link__actor")
        .prefetch_related("evidence")
        .order_by("-date", "-id")
    )
