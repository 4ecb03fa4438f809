"""Reads of monitoring data, each with its access check.

The shared catalogue and the values of public statistics are public. A body's own
indicators are public if the body shares them, otherwise only its members see them.
Imports and targets are for coordinators; members read the targets.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from teilhabe.core.models import Body, Territory
from teilhabe.core.selectors import (
    AnyUser,
    is_coordinator,
    is_member,
    require_coordinator,
    require_member,
)

from .models import PERIOD_ORDER, ImportBatch, Indicator, Observation, PendingUpload, Target


def can_manage(user: AnyUser, body: Body) -> bool:
    """Coordinators import statistics, add indicators and set targets."""
    return is_coordinator(user, body)


def indicators_visible(*, user: AnyUser, body: Body) -> QuerySet[Indicator]:
    """The catalogue, every shared indicator, and the body's own ones for its members."""
    visible = Q(body__isnull=True) | Q(shared=True)
    if is_member(user, body):
        visible |= Q(body=body)
    return (
        Indicator.objects.filter(visible)
        .select_related("body")
        .order_by("body_id", "reference", "code")
    )


def indicator_get(*, user: AnyUser, body: Body, code: str) -> Indicator:
    """The body's own indicator with this code, else the catalogue's, else a shared one."""
    candidates = list(indicators_visible(user=user, body=body).filter(code=code))
    if not candidates:
        raise Http404
    candidates.sort(key=lambda i: (i.body_id != body.pk, i.body_id is not None, i.pk))
    return candidates[0]


def seed_territories(*, body: Body) -> list[Territory]:
    """The body's territory, its Land, and the territories of the other bodies (districts)."""
    own = body.territory
    result = [own]
    state = body.state
    if state.pk != own.pk:
        result.append(state)
    for other in (
        Body.objects.select_related("territory")
        .exclude(pk=body.pk)
        .filter(territory__level=Territory.Level.KREIS)
        .order_by("territory__ags")
    ):
        result.append(other.territory)
    return result


def municipalities_with_values(*, indicator: Indicator, territory: Territory) -> list[Territory]:
    return list(
        Territory.objects.filter(
            parent=territory,
            observations__indicator=indicator,
            observations__is_current=True,
        )
        .distinct()
        .order_by("ags")[:12]
    )


def series(*, indicator: Indicator, territories: list[Territory]) -> dict[int, list[Observation]]:
    """Current observations per territory pk, oldest first."""
    result: dict[int, list[Observation]] = {t.pk: [] for t in territories}
    for obs in (
        Observation.objects.filter(indicator=indicator, territory__in=territories, is_current=True)
        .select_related("territory")
        .order_by("period")
    ):
        result[obs.territory_id].append(obs)
    for rows in result.values():
        rows.sort(key=lambda o: o.sort_key)  # a December before its year on the same day
    return result


def revisions(*, indicator: Indicator, territory: Territory) -> QuerySet[Observation]:
    """Values that a later import replaced, newest first (the history)."""
    return Observation.objects.filter(
        indicator=indicator, territory=territory, is_current=False
    ).order_by("-period", "-created")


def observations_for_ags(*, ags: str, code: str = "") -> QuerySet[Observation]:
    """Current values of public statistics for a territory (the CLI's ``observations``)."""
    rows = Observation.objects.filter(territory__ags=ags, is_current=True).filter(
        Q(indicator__body__isnull=True) | Q(indicator__shared=True)
    )
    if code:
        rows = rows.filter(indicator__code=code)
    return rows.select_related("indicator", "territory").order_by(
        "indicator__code", "period", "period_kind"
    )


def comparison(
    *, indicators: list[Indicator], territories: list[Territory]
) -> dict[tuple[int, int], Observation]:
    """The latest current value per (indicator, territory); of a year and its December (the
    same last day) the year, as in the series."""
    latest: dict[tuple[int, int], Observation] = {}
    rows = Observation.objects.filter(
        indicator__in=indicators, territory__in=territories, is_current=True
    )
    for obs in sorted(rows, key=lambda o: o.sort_key):
        latest[(obs.indicator_id, obs.territory_id)] = obs
    return latest


def pending_upload_get(*, user: AnyUser, body: Body, public_id: str) -> PendingUpload:
    """A file the user uploaded for this body and has not imported yet (coordinators)."""
    require_coordinator(user, body)
    try:
        key = uuid.UUID(str(public_id))
    except ValueError:
        raise Http404 from None
    upload = PendingUpload.objects.filter(body=body, user_id=user.pk, public_id=key).first()
    if upload is None:
        raise Http404
    return upload


def shared_indicators(*, body: Body) -> QuerySet[Indicator]:
    """What the public portal shows: the catalogue and indicators their bodies share."""
    return (
        Indicator.objects.filter(Q(body__isnull=True) | Q(body=body, shared=True))
        .select_related("body")
        .order_by("body_id", "reference", "code")
    )


def indicators_with_values(
    *, indicators: QuerySet[Indicator], territory: Territory
) -> list[Indicator]:
    """Those of ``indicators`` with a current value for ``territory``."""
    return list(
        indicators.filter(
            observations__territory=territory, observations__is_current=True
        ).distinct()
    )


def targets_public(*, body: Body, edition: Any, today: datetime.date) -> list[TargetStatus]:
    """The body's targets on public indicators (catalogue or shared) linked to a goal or an
    objective of ``edition`` (the edition in force, for the portal)."""
    targets = (
        Target.objects.filter(body=body)
        .filter(Q(goal__edition=edition) | Q(objective__edition=edition))
        .filter(Q(indicator__body__isnull=True) | Q(indicator__shared=True))
        .select_related("indicator", "territory", "goal", "objective")
    )
    return [target_status(t, today) for t in targets]


def batches_for(*, user: AnyUser, body: Body) -> QuerySet[ImportBatch]:
    require_member(user, body)
    return ImportBatch.objects.filter(body=body).exclude(format=ImportBatch.Format.COMPUTED)


@dataclass
class TargetStatus:
    target: Target
    latest: Observation | None
    #: share of the way from baseline to target, 0–100 (None without data or baseline)
    progress: Decimal | None
    status: str  # achieved | on_track | off_track | no_data
    overdue: bool


def target_status(target: Target, today: datetime.date) -> TargetStatus:
    newest = Observation.objects.filter(
        indicator=target.indicator,
        territory=target.territory,
        is_current=True,
        value__isnull=False,
    ).order_by("-period")[: len(PERIOD_ORDER)]  # every kind of period that ends on that day
    latest = max(newest, key=lambda o: o.sort_key, default=None)
    progress: Decimal | None = None
    overdue = target.due < today
    if latest is None or latest.value is None:
        return TargetStatus(target, None, None, "no_data", overdue)
    down = target.baseline_value is not None and target.target_value < target.baseline_value
    if target.indicator.direction == Indicator.Direction.DOWN:
        down = True
    elif target.indicator.direction == Indicator.Direction.UP:
        down = False
    achieved = latest.value <= target.target_value if down else latest.value >= target.target_value
    if target.baseline_value is not None and target.target_value != target.baseline_value:
        share = (latest.value - target.baseline_value) / (
            target.target_value - target.baseline_value
        )
        progress = max(Decimal(0), min(Decimal(100), share * 100)).quantize(Decimal(1))
    if achieved:
        status = "achieved"
    elif overdue:
        status = "off_track"
    else:
        status = "on_track" if (progress or 0) > 0 else "off_track"
    return TargetStatus(target, latest, progress, status, overdue)


def targets_for(*, user: AnyUser, body: Body, today: datetime.date) -> list[TargetStatus]:
    """The body's targets with where it stands; members only."""
    require_member(user, body)
    targets = Target.objects.filter(body=body).select_related(
        "indicator", "territory", "goal", "objective"
    )
    return [target_status(t, today) for t in targets]
