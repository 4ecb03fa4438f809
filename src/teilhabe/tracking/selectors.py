"""Reads of the tracking app: the state of every measure, the roll-up and the lights.

Access: everything here is for members of the body (the views check with
``core.selectors.require_member``/``require_coordinator`` first); the public sees progress only
through the public pages, which call these functions for the edition in force.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404

from teilhabe.concepts import selectors as concept_selectors
from teilhabe.concepts.models import Actor, Edition, FieldOfAction, Focus, Measure
from teilhabe.core.models import Body, Role
from teilhabe.core.selectors import (
    AnyUser,
    is_coordinator,
    require_coordinator,
    require_member,
    role_in,
)
from teilhabe.core.traffic import Light, Phase, Verdict, is_stale, traffic_light

from .models import (
    BudgetLine,
    Evidence,
    FieldWeight,
    MeasurePlan,
    ProgressUpdate,
    StatusOption,
    SurveyLink,
)

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
    measures = list(Measure.objects.filter(edition=edition).select_related("field", "lead_actor"))
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


def measure_timeline(*, user: AnyUser, measure: Measure) -> QuerySet[ProgressUpdate]:
    """Every update of a measure the user may see, newest first, with its evidence files.
    Rejected reports are between the reporter and the coordination office: coordinators
    only."""
    body = measure.edition.concept.body
    require_member(user, body)
    updates = ProgressUpdate.objects.filter(measure=measure)
    if not is_coordinator(user, body):
        updates = updates.exclude(state=ProgressUpdate.State.REJECTED)
    return (
        updates.select_related("status", "reviewed_by", "link__actor")
        .prefetch_related("evidence")
        .order_by("-date", "-id")
    )


# --- access ---------------------------------------------------------------------------------


def edition_for_member(*, user: AnyUser, body: Body, public_id: str = "") -> Edition | None:
    """The edition a tracking page shows: the one asked for (any edition the member may read)
    or the edition in force. Callers have checked membership."""
    require_member(user, body)
    if public_id:
        return concept_selectors.edition_get_for_user(user=user, body=body, public_id=public_id)
    return concept_selectors.edition_in_force(body=body)


def measure_get_for_member(*, user: AnyUser, body: Body, public_id: Any) -> Measure:
    """A measure of the body (any edition: members read drafts too); 404 elsewhere."""
    require_member(user, body)
    try:
        return Measure.objects.select_related("edition__concept__body", "field", "lead_actor").get(
            public_id=public_id, edition__concept__body=body
        )
    except (Measure.DoesNotExist, ValidationError, ValueError, TypeError) as exc:
        raise Http404 from exc


def is_tracked_edition(edition: Edition) -> bool:
    """Progress is recorded for the measures of the edition in force only."""
    return edition.status == Edition.Status.IN_FORCE


def is_tracked(measure: Measure) -> bool:
    return is_tracked_edition(measure.edition)


def can_report(user: AnyUser, measure: Measure) -> bool:
    """Coordinators record updates (accepted at once); contributors who are contacts of the
    measure's lead actor report them (pending until a coordinator accepts them)."""
    if not is_tracked(measure):
        return False
    role = role_in(user, measure.edition.concept.body)
    if role == Role.COORDINATOR:
        return True
    return bool(
        role == Role.CONTRIBUTOR
        and measure.lead_actor_id is not None
        and Actor.contacts.through.objects.filter(
            actor_id=measure.lead_actor_id, user_id=user.pk or 0
        ).exists()
    )


def _get(model: Any, queryset: Any, public_id: Any) -> Any:
    try:
        return queryset.get(public_id=public_id)
    except (model.DoesNotExist, ValidationError, ValueError, TypeError) as exc:
        raise Http404 from exc


def update_get_for_coordinator(*, user: AnyUser, body: Body, public_id: Any) -> ProgressUpdate:
    require_coordinator(user, body)
    queryset = ProgressUpdate.objects.select_related(
        "measure__edition__concept__body", "status", "link__actor"
    ).filter(measure__edition__concept__body=body)
    update: ProgressUpdate = _get(ProgressUpdate, queryset, public_id)
    return update


def evidence_get_for_member(*, user: AnyUser, body: Body, public_id: Any) -> Evidence:
    """An evidence file of the body's measures, for its members (pending ones too: the
    reviewer must see them); the files of rejected updates for coordinators only."""
    require_member(user, body)
    queryset = Evidence.objects.select_related("update__measure").filter(
        update__measure__edition__concept__body=body
    )
    if not is_coordinator(user, body):
        queryset = queryset.exclude(update__state=ProgressUpdate.State.REJECTED)
    evidence: Evidence = _get(Evidence, queryset, public_id)
    return evidence


def status_get_for_coordinator(*, user: AnyUser, body: Body, public_id: Any) -> StatusOption:
    require_coordinator(user, body)
    option: StatusOption = _get(StatusOption, status_options(body), public_id)
    return option


def budget_lines(edition: Edition) -> QuerySet[BudgetLine]:
    return BudgetLine.objects.filter(edition=edition).select_related("field", "measure__field")


def budget_line_get_for_coordinator(*, user: AnyUser, body: Body, public_id: Any) -> BudgetLine:
    require_coordinator(user, body)
    queryset = BudgetLine.objects.select_related("edition__concept__body", "field", "measure")
    line: BudgetLine = _get(BudgetLine, queryset.filter(edition__concept__body=body), public_id)
    return line


# --- the progress overview ------------------------------------------------------------------


@dataclass
class StateFilter:
    field: str = ""  # public id of a field of action
    light: str = ""
    actor: str = ""  # public id of the lead actor


def filter_states(states: Iterable[MeasureState], filters: StateFilter) -> list[MeasureState]:
    result = []
    for state in states:
        measure = state.measure
        if filters.field and str(measure.field.public_id) != filters.field:
            continue
        if filters.light and state.verdict.light != filters.light:
            continue
        if filters.actor and (
            measure.lead_actor is None or str(measure.lead_actor.public_id) != filters.actor
        ):
            continue
        result.append(state)
    return sorted(
        result, key=lambda s: (s.measure.field.position, s.measure.position, s.measure.pk)
    )


def light_counts(states: Iterable[MeasureState]) -> list[tuple[str, str, int]]:
    """(light, label, number) for every light, in the order of ``Light``."""
    counts = Counter(s.verdict.light for s in states)
    return [(value, str(label), counts.get(value, 0)) for value, label in Light.choices]


# --- "heute zu tun" -------------------------------------------------------------------------

#: The Fortschreibung reminder shows from this many days before ``review_due``.
REVIEW_NOTICE_DAYS = 180


@dataclass
class Today:
    edition: Edition | None
    states: list[MeasureState]
    attention: list[MeasureState]
    counts: list[tuple[str, str, int]]
    pending: list[ProgressUpdate]
    overspent: list[BudgetLine]
    review_due: datetime.date | None
    review_overdue: bool
    open_links: list[SurveyLink]
    focus: list[Focus]


def today_for(*, user: AnyUser, body: Body, today: datetime.date) -> Today:
    """What needs attention today. Pending updates and unanswered survey links are for the
    coordinators only; the rest is the read-only overview every member sees."""
    require_member(user, body)
    coordinator = is_coordinator(user, body)
    edition = concept_selectors.edition_in_force(body=body)
    states: list[MeasureState] = []
    overspent: list[BudgetLine] = []
    review_due, overdue = None, False
    if edition is not None:
        states = filter_states(measure_states(edition, today=today).values(), StateFilter())
        overspent = [line for line in budget_lines(edition) if line.overspent]
        if edition.review_due and edition.review_due <= today + datetime.timedelta(
            days=REVIEW_NOTICE_DAYS
        ):
            review_due, overdue = edition.review_due, edition.review_due < today
    open_links: list[SurveyLink] = []
    if coordinator:
        open_links = list(
            SurveyLink.objects.filter(
                survey__edition__concept__body=body,
                survey__is_deleted=False,
                survey__due__lte=today,
                answered__isnull=True,
                revoked__isnull=True,
            ).select_related("survey", "actor")
        )
    return Today(
        edition=edition,
        states=states,
        attention=[
            s for s in states if s.stale or s.verdict.light in (Light.DELAYED, Light.BLOCKED)
        ],
        counts=light_counts(states),
        pending=list(pending_updates(body)) if coordinator else [],
        overspent=overspent,
        review_due=review_due,
        review_overdue=overdue,
        open_links=open_links,
        focus=list(
            Focus.objects.filter(edition__concept__body=body, year=today.year).select_related(
                "field", "edition"
            )
        ),
    )
