"""Reads of reception data, each with its access check.

Who sees what (decided here and only here):

- **Keys** (Königsteiner Schlüssel, population keys) are public: they are published figures.
- **Published periods**, their quotas and the explanation of every quota are public.
- **Draft periods** are visible to the members of the issuing body and to the members of the
  Land body above it (the state office sees every period of its state).
- **Assignments, fulfilment and forecasts** are internal: the issuing body and the state office
  see all territories of a period; the members of a district see their own district's rows
  only (the body whose territory is the quota's territory), never another district's.
- **Writes**: coordinators of the issuing body manage periods, credits and quotas and record
  assignments for every territory; a district's coordinators record assignments for their own
  territory.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet, Sum
from django.http import Http404

from teilhabe.core.models import Body, Territory
from teilhabe.core.selectors import AnyUser, is_coordinator, is_member

from . import forecast as forecast_module
from .models import AllocationKey, Assignment, Credit, DistributionPeriod, KeyShare, Quota


def land_body_of(body: Body) -> Body | None:
    """The Land body above a body (itself for a Land), if there is one."""
    state = body.state
    if state.pk == body.territory_id:
        return body
    return Body.objects.filter(territory=state).first()


def is_state_office_for(user: AnyUser, body: Body) -> bool:
    land = land_body_of(body)
    return land is not None and land.pk != body.pk and is_member(user, land)


def can_read_internal(user: AnyUser, period: DistributionPeriod) -> bool:
    """Members of the issuing body and of the Land body above it."""
    return is_member(user, period.body) or is_state_office_for(user, period.body)


def can_manage(user: AnyUser, period: DistributionPeriod) -> bool:
    return is_coordinator(user, period.body)


def own_territory_ids(user: AnyUser, period: DistributionPeriod) -> set[int]:
    """The territories of the period whose internal rows the user may see."""
    if can_read_internal(user, period):
        return set(period.quotas.values_list("territory_id", flat=True))
    if not user.is_authenticated:
        return set()
    bodies = Body.objects.filter(memberships__user=user, memberships__is_deleted=False).values_list(
        "territory_id", flat=True
    )
    return set(
        period.quotas.filter(territory_id__in=list(bodies)).values_list("territory_id", flat=True)
    )


def recordable_territory_ids(user: AnyUser, period: DistributionPeriod) -> set[int]:
    """Territories the user may record assignments for."""
    if can_manage(user, period):
        return set(period.quotas.values_list("territory_id", flat=True))
    if not user.is_authenticated:
        return set()
    ids = set()
    for quota in period.quotas.select_related("territory"):
        body = Body.objects.filter(territory=quota.territory).first()
        if body is not None and is_coordinator(user, body):
            ids.add(quota.territory_id)
    return ids


# --- keys -----------------------------------------------------------------------------------


def key_list() -> QuerySet[AllocationKey]:
    return AllocationKey.objects.select_related("parent").order_by(
        "kind", "-key_year", "-population_date", "name"
    )


def key_get(*, slug: str) -> AllocationKey:
    key = AllocationKey.objects.select_related("parent").filter(slug=slug).first()
    if key is None:
        raise Http404
    return key


def key_shares(key: AllocationKey) -> QuerySet[KeyShare]:
    return key.shares.select_related("territory").order_by("territory__ags")


def keys_for_body(body: Body) -> QuerySet[AllocationKey]:
    """Keys a period of this body can use: those over its territory or its parts."""
    return key_list().filter(
        Q(parent=body.territory)
        | Q(parent__parent=body.territory)
        | Q(parent__isnull=True, level=Territory.Level.LAND)
    )


# --- periods and quotas ------------------------------------------------------------------------


def periods_for_user(*, user: AnyUser, body: Body) -> QuerySet[DistributionPeriod]:
    periods = DistributionPeriod.objects.filter(body=body).select_related("key", "parent")
    if not (is_member(user, body) or is_state_office_for(user, body)):
        periods = periods.filter(state=DistributionPeriod.State.PUBLISHED)
    return periods.order_by("-start", "-created")


def period_get_for_user(*, user: AnyUser, body: Body, public_id: Any) -> DistributionPeriod:
    """The period if the user may read it; 404 otherwise (a draft does not show it exists)."""
    try:
        period = DistributionPeriod.objects.select_related(
            "body__territory", "key", "parent", "previous", "source_quota__period"
        ).get(public_id=public_id, body=body)
    except (DistributionPeriod.DoesNotExist, ValidationError, ValueError, TypeError) as exc:
        raise Http404 from exc
    if not period.is_published and not can_read_internal(user, period):
        raise Http404
    return period


def require_state_office(user: AnyUser, body: Body) -> None:
    """Königsteiner keys are reference data for all: only a state office computes them."""
    if not (user.is_superuser or (body.kind == Body.Kind.LAND and is_coordinator(user, body))):
        raise PermissionDenied


def require_manage(user: AnyUser, period: DistributionPeriod) -> None:
    if not can_manage(user, period):
        raise PermissionDenied


def quotas_of(period: DistributionPeriod) -> QuerySet[Quota]:
    return period.quotas.select_related("territory").order_by("territory__ags")


def quota_get(*, period: DistributionPeriod, ags: str) -> Quota:
    quota = quotas_of(period).filter(territory__ags=ags).first()
    if quota is None:
        raise Http404
    return quota


def credits_of(period: DistributionPeriod) -> QuerySet[Credit]:
    return period.credits.select_related("territory").order_by("territory__ags", "created")


def quotas_received(*, user: AnyUser, body: Body) -> QuerySet[Quota]:
    """Quotas the body's territory received from periods of other bodies (its Land)."""
    quotas = Quota.objects.filter(territory=body.territory).exclude(period__body=body)
    land = land_body_of(body)
    if not (land is not None and is_member(user, land)):
        quotas = quotas.filter(period__state=DistributionPeriod.State.PUBLISHED)
    return quotas.select_related("period__body", "territory").order_by("-period__start")


# --- assignments, fulfilment, forecast ------------------------------------------------------------


def assignments_for_user(*, user: AnyUser, period: DistributionPeriod) -> QuerySet[Assignment]:
    ids = own_territory_ids(user, period)
    if not ids:
        raise PermissionDenied
    return (
        period.assignments.filter(territory_id__in=ids)
        .select_related("territory")
        .order_by("-date", "territory__ags", "-created")
    )


@dataclass(frozen=True)
class FulfilmentRow:
    quota: Quota
    assigned: int
    forecast: forecast_module.Forecast


def fulfilment(
    *, user: AnyUser, period: DistributionPeriod, today: datetime.date
) -> list[FulfilmentRow]:
    """Quota, assigned persons, open obligation and forecast per territory the user may see."""
    ids = own_territory_ids(user, period)
    if not ids:
        return []
    by_territory: dict[int, list[tuple[datetime.date, int]]] = {}
    for territory_id, date, persons in period.assignments.filter(territory_id__in=ids).values_list(
        "territory_id", "date", "persons"
    ):
        by_territory.setdefault(territory_id, []).append((date, persons))
    reference = min(today, period.end) if today >= period.start else today
    rows = []
    for quota in quotas_of(period).filter(territory_id__in=ids):
        entries = by_territory.get(quota.territory_id, [])
        rows.append(
            FulfilmentRow(
                quota=quota,
                assigned=sum(p for _d, p in entries),
                forecast=forecast_module.forecast(
                    quota=quota.quota, assignments=entries, today=reference
                ),
            )
        )
    return rows


def total_forecast(
    rows: list[FulfilmentRow], *, period: DistributionPeriod, today: datetime.date
) -> forecast_module.Forecast | None:
    """The forecast of all rows together (the state's view)."""
    if not rows:
        return None
    entries = list(
        period.assignments.filter(territory_id__in=[r.quota.territory_id for r in rows])
        .values("date")
        .annotate(n=Sum("persons"))
        .values_list("date", "n")
    )
    reference = min(today, period.end) if today >= period.start else today
    return forecast_module.forecast(
        quota=sum(r.quota.quota for r in rows), assignments=entries, today=reference
    )


# --- edits ------------------------------------------------------------------------------------


def assignment_get_for_edit(
    *, user: AnyUser, period: DistributionPeriod, public_id: Any
) -> Assignment:
    """An assignment the user may correct or delete: 403 without any territory to record for,
    404 for an assignment of a territory the user may not record for (or none at all)."""
    ids = recordable_territory_ids(user, period)
    if not ids:
        raise PermissionDenied
    try:
        return period.assignments.select_related("territory", "period__body").get(
            public_id=public_id, territory_id__in=ids
        )
    except (Assignment.DoesNotExist, ValidationError, ValueError) as exc:
        raise Http404 from exc


def credit_get_for_manage(*, user: AnyUser, period: DistributionPeriod, public_id: Any) -> Credit:
    """A credit of the period for its managers (403 for others who can read the period)."""
    require_manage(user, period)
    try:
        return period.credits.select_related("territory", "period__body").get(public_id=public_id)
    except (Credit.DoesNotExist, ValidationError, ValueError) as exc:
        raise Http404 from exc
