"""Every write of reception data: periods, credits, quotas (keys: ``keys.py``, assignments:
``assignments.py``; the key services are re-exported here).

Services are keyword-only, typed and atomic; each takes the acting user (or an ``agent`` for
command-line and demo loads), checks nothing about permissions (the views ask the selectors
first) and leaves an audit entry. Bad input raises ``ValidationError`` with a message that
names the reason (and the line, for files).
"""

from __future__ import annotations

import datetime
import decimal
from collections import defaultdict
from typing import Any

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from teilhabe.core.models import Body, Territory, User
from teilhabe.core.services import (
    ConflictError,
    creation_changes,
    soft_delete,
    versioned_update,
)

from . import apportionment
from .common import DATA_DIR as DATA_DIR
from .common import Action as Action
from .common import _body_audit as _body_audit
from .common import _err as _err
from .keys import APPLIED_NOTES as APPLIED_NOTES
from .keys import DESTATIS_LICENCE as DESTATIS_LICENCE
from .keys import HUNDRED as HUNDRED
from .keys import KS_FILE as KS_FILE
from .keys import KS_LICENCE as KS_LICENCE
from .keys import LAENDER_POPULATION_FILE as LAENDER_POPULATION_FILE
from .keys import NI_KREISE_FILE as NI_KREISE_FILE
from .keys import PopulationRow as PopulationRow
from .keys import ShareInput as ShareInput
from .keys import key_compute as key_compute
from .keys import key_create as key_create
from .keys import ks_load_published as ks_load_published
from .keys import laender_population_load as laender_population_load
from .keys import ni_kreise_population_load as ni_kreise_population_load
from .keys import parse_population_csv as parse_population_csv
from .keys import population_import as population_import
from .models import AllocationKey, Assignment, Credit, DistributionPeriod, Quota

# --- periods, credits, quotas -----------------------------------------------------------------


@transaction.atomic
def period_create(
    *,
    user: User | None,
    body: Body,
    name: str,
    start: datetime.date,
    end: datetime.date,
    total: int,
    key: AllocationKey,
    previous: DistributionPeriod | None = None,
    source_quota: Quota | None = None,
    note: str = "",
    agent: str = "",
) -> DistributionPeriod:
    """A distribution period of ``body`` over the territories of ``key``."""
    if total < 0:
        raise _err(
            _("The total must not be negative (given: %(total)s).") % {"total": total}, "total"
        )
    if end < start:
        raise _err(_("The period ends before it starts."), "end")
    if key.kind != AllocationKey.Kind.POPULATION:
        try:
            apportionment.check_shares_sum(
                s for s in key.shares.values_list("share", flat=True) if s is not None
            )
        except apportionment.ApportionmentError as exc:
            raise _err(str(exc), "key") from exc
    parent = key.parent or body.territory
    if key.parent is not None and not (
        key.parent == body.territory or key.parent.parent_id == body.territory_id
    ):
        raise _err(
            _("The key “%(key)s” does not cover the territory of %(body)s.")
            % {"key": key.name, "body": body.name},
            "key",
        )
    if previous is not None and previous.body_id != body.pk:
        raise _err(_("Choose a previous period of the same body."), "previous")
    if source_quota is not None and source_quota.territory_id != body.territory_id:
        raise _err(_("Only a quota of this body's own territory can be passed on."), "source_quota")
    period = DistributionPeriod(
        body=body,
        parent=parent,
        level=key.level,
        name=name,
        start=start,
        end=end,
        total=total,
        key=key,
        population_date=key.population_date,
        previous=previous,
        source_quota=source_quota,
        note=note,
    )
    period.full_clean()
    period.save()
    _body_audit(
        user=user,
        body=body,
        action=Action.CREATE,
        obj=period,
        agent=agent,
        changes=creation_changes(period, ["name", "start", "end", "total", "key", "previous"]),
    )
    return period


def _require_draft(period: DistributionPeriod) -> None:
    if period.is_published:
        raise _err(_("A published period cannot be changed."))


@transaction.atomic
def credit_add(
    *,
    user: User | None,
    period: DistributionPeriod,
    territory: Territory,
    kind: str,
    persons: int,
    note: str = "",
    agent: str = "",
) -> Credit:
    _require_draft(period)
    _check_credit(period, territory, persons)
    credit = Credit(period=period, territory=territory, kind=kind, persons=persons, note=note)
    credit.full_clean()
    credit.save()
    _body_audit(
        user=user,
        body=period.body,
        action=Action.CREATE,
        obj=credit,
        agent=agent,
        changes=creation_changes(credit, ["territory", "kind", "persons", "note"]),
    )
    _recompute_if_allocated(user=user, period=period, agent=agent)
    return credit


CREDIT_FIELDS = ("territory", "kind", "persons", "note")


def _check_credit(period: DistributionPeriod, territory: Territory, persons: int) -> None:
    if not period.key.shares.filter(territory=territory).exists():
        raise _err(
            _("%(territory)s is not part of the key of this period.") % {"territory": territory},
            "territory",
        )
    if persons == 0:
        raise _err(_("A credit of 0 persons changes nothing."), "persons")


@transaction.atomic
def credit_update(
    *,
    user: User | None,
    credit: Credit,
    expected_version: int,
    data: dict[str, Any],
    agent: str = "",
) -> Credit:
    """Change a credit of a draft period (optimistic locking: ``ConflictError`` if somebody
    saved it since ``expected_version``); computed quotas are computed again."""
    period = credit.period
    _require_draft(period)
    data = {k: v for k, v in data.items() if k in CREDIT_FIELDS}
    _check_credit(
        period, data.get("territory", credit.territory), data.get("persons", credit.persons)
    )
    credit, changes = versioned_update(
        instance=credit, expected_version=expected_version, data=data
    )
    if changes:
        _body_audit(
            user=user,
            body=period.body,
            action=Action.UPDATE,
            obj=credit,
            agent=agent,
            changes=changes,
        )
        _recompute_if_allocated(user=user, period=period, agent=agent)
    return credit


@transaction.atomic
def credit_delete(
    *,
    user: User | None,
    credit: Credit,
    expected_version: int | None = None,
    agent: str = "",
) -> None:
    """Soft-delete a credit of a draft period (kept in the database and the audit log)."""
    period = credit.period
    _require_draft(period)
    current = Credit.all_objects.select_for_update().get(pk=credit.pk)
    if current.is_deleted:
        return
    if expected_version is not None and current.version != expected_version:
        raise ConflictError(current)
    soft_delete(instance=credit)
    _body_audit(
        user=user,
        body=period.body,
        action=Action.DELETE,
        obj=credit,
        agent=agent,
        changes={"persons": (credit.persons, None), "kind": (credit.kind, None)},
    )
    _recompute_if_allocated(user=user, period=period, agent=agent)


def _recompute_if_allocated(
    *, user: User | None, period: DistributionPeriod, agent: str = ""
) -> bool:
    """Stored quotas follow their inputs: a draft that was computed is computed again."""
    period.refresh_from_db(fields=["state", "allocated"])
    if period.allocated is None or period.is_published:
        return False
    quota_allocate(user=user, period=period, agent=agent)
    return True


def refresh_following(
    *, user: User | None, period: DistributionPeriod, agent: str = ""
) -> list[DistributionPeriod]:
    """After the assignments or quotas of ``period`` changed: compute again the computed
    draft periods that carry its open obligations over (each refreshes its own followers).
    Published periods keep the figures they were published with."""
    following = list(
        DistributionPeriod.objects.filter(
            previous=period, state=DistributionPeriod.State.DRAFT, allocated__isnull=False
        ).order_by("start", "pk")
    )
    for nxt in following:
        quota_allocate(user=user, period=nxt, agent=agent)
    return following


def assigned_by_territory(period: DistributionPeriod) -> dict[int, int]:
    return {
        row["territory"]: row["n"]
        for row in Assignment.objects.filter(period=period)
        .values("territory")
        .annotate(n=Sum("persons"))
    }


def carry_over_from(previous: DistributionPeriod) -> dict[int, int]:
    """Per territory: quota − assigned + unabsorbed surplus of the previous period
    (+ shortfall, − surplus)."""
    assigned = assigned_by_territory(previous)
    return {
        q.territory_id: q.quota - assigned.get(q.territory_id, 0) + q.carried_forward
        for q in Quota.objects.filter(period=previous)
    }


@transaction.atomic
def quota_allocate(
    *, user: User | None, period: DistributionPeriod, agent: str = ""
) -> list[Quota]:
    """Compute and store the quotas of a draft period, each with its explanation."""
    _require_draft(period)
    key = period.key
    shares = list(key.shares.select_related("territory").order_by("territory__ags"))
    is_population = key.kind == AllocationKey.Kind.POPULATION
    missing = [
        str(s.territory) for s in shares if (s.population if is_population else s.share) is None
    ]
    if missing:
        raise _err(
            _("No population is stored for: %(territories)s.") % {"territories": ", ".join(missing)}
        )
    credits_by: dict[int, list[Credit]] = defaultdict(list)
    for credit in Credit.objects.filter(period=period):
        credits_by[credit.territory_id].append(credit)
    carried = carry_over_from(period.previous) if period.previous else {}
    claims = []
    for s in shares:
        adjustment = sum(c.persons for c in credits_by[s.territory_id]) + carried.get(
            s.territory_id, 0
        )
        weight = s.population if is_population else s.share
        assert weight is not None
        claims.append(
            apportionment.Claim(key=s.territory.ags, weight=weight, adjustment=adjustment)
        )
    try:
        result = apportionment.allocate(period.total, claims)
    except apportionment.ApportionmentError as exc:
        raise _err(str(exc)) from exc
    quotas = []
    for s, a in zip(shares, result.allocations, strict=True):
        credits = credits_by[s.territory_id]
        carry = sum(c.persons for c in credits if c.kind == Credit.Kind.CARRY_OVER) + carried.get(
            s.territory_id, 0
        )
        other = sum(c.persons for c in credits if c.kind != Credit.Kind.CARRY_OVER)
        adjustments = [
            {
                "kind": c.kind,
                "label": str(c.get_kind_display()),
                "persons": c.persons,
                "note": c.note,
            }
            for c in credits
        ]
        if s.territory_id in carried:
            adjustments.insert(
                0,
                {
                    "kind": "previous_period",
                    "label": _("open obligation of the previous period"),
                    "persons": carried[s.territory_id],
                    "note": str(period.previous),
                },
            )
        quotas.append(
            Quota(
                period=period,
                territory=s.territory,
                weight=decimal.Decimal(a.weight),
                exact_share=a.exact_decimal.quantize(decimal.Decimal("0.000001")),
                population_share=a.population_share,
                carry_over=carry,
                credits=other,
                quota=a.quota,
                carried_forward=a.carried_forward,
                explanation={
                    "method": result.method,
                    "tie_break": result.tie_break,
                    "key": key.name,
                    "key_slug": key.slug,
                    "key_kind": key.kind,
                    "population_date": key.population_date.isoformat()
                    if key.population_date
                    else None,
                    "total": period.total,
                    "weight": str(a.weight),
                    "weight_sum": str(result.weight_sum),
                    "exact": str(a.exact_decimal.quantize(decimal.Decimal("0.0001"))),
                    "floor": a.floor,
                    "remainder": str(
                        (decimal.Decimal(a.remainder.numerator) / a.remainder.denominator).quantize(
                            decimal.Decimal("0.0001")
                        )
                    ),
                    "leftover": result.leftover,
                    "rank": a.rank,
                    "extra": a.extra,
                    "population_share": a.population_share,
                    "adjustments": adjustments,
                    "raw": a.population_share + a.adjustment,
                    "quota": a.quota,
                    "carried_forward": a.carried_forward,
                    "territories": len(shares),
                },
            )
        )
    replaced = _quotas_store(period, quotas)
    period.method = apportionment.METHOD
    period.allocated = timezone.now()
    period.save(update_fields=["method", "allocated", "modified"])
    _body_audit(
        user=user,
        body=period.body,
        action=Action.UPDATE,
        obj=period,
        agent=agent,
        changes={
            "quotas": (replaced or None, len(quotas)),
            "method": (None, apportionment.METHOD),
        },
    )
    refresh_following(user=user, period=period, agent=agent)
    return list(Quota.objects.filter(period=period).select_related("territory"))


QUOTA_VALUES = (
    "weight",
    "exact_share",
    "population_share",
    "carry_over",
    "credits",
    "quota",
    "carried_forward",
    "explanation",
)


def _quotas_store(period: DistributionPeriod, quotas: list[Quota]) -> int:
    """Store freshly computed quotas: an existing row of the same territory is updated in
    place (its id stays, so a quota passed on to the Gemeinden stays linked), new rows are
    created, rows of territories no longer in the key are soft-deleted. Returns how many
    quotas existed before."""
    existing = {q.territory_id: q for q in Quota.objects.filter(period=period)}
    replaced = len(existing)
    new = []
    for quota in quotas:
        old = existing.pop(quota.territory_id, None)
        if old is None:
            new.append(quota)
            continue
        for field in QUOTA_VALUES:
            setattr(old, field, getattr(quota, field))
        old.version += 1
        old.save(update_fields=[*QUOTA_VALUES, "version", "modified"])
    Quota.objects.bulk_create(new)
    for gone in existing.values():
        soft_delete(instance=gone)
    return replaced


@transaction.atomic
def period_publish(
    *, user: User | None, period: DistributionPeriod, agent: str = ""
) -> DistributionPeriod:
    _require_draft(period)
    if not period.quotas.exists():
        raise _err(_("Compute the quotas before publishing the period."))
    period.state = DistributionPeriod.State.PUBLISHED
    period.save(update_fields=["state", "modified"])
    _body_audit(
        user=user,
        body=period.body,
        action=Action.STATUS,
        obj=period,
        agent=agent,
        changes={"state": (DistributionPeriod.State.DRAFT, DistributionPeriod.State.PUBLISHED)},
    )
    return period
