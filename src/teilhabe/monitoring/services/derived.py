"""Derived indicators: shares, per 1,000, rates computed from two others."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from teilhabe.core.models import Territory, User

from ..models import ImportBatch, Indicator, Observation
from ..parsers import slot_of
from .writing import STORED, observation_record


def method_text(indicator: Indicator) -> str:
    """How a derived indicator is computed, in words, with its rounding."""
    if not indicator.is_derived:
        return ""
    assert indicator.numerator_indicator is not None
    assert indicator.denominator_indicator is not None
    return _(
        "%(numerator)s ÷ %(denominator)s × %(factor)s, same territory and reference date; "
        "rounded half up to %(decimals)d decimal places. A missing numerator or denominator "
        "gives no value."
    ) % {
        "numerator": indicator.numerator_indicator.name_de,
        "denominator": indicator.denominator_indicator.name_de,
        "factor": f"{indicator.factor.normalize():f}",
        "decimals": indicator.decimals,
    }


def compute_ratio(
    numerator: Decimal, denominator: Decimal, factor: Decimal, decimals: int
) -> Decimal:
    """``numerator ÷ denominator × factor`` rounded half up; raises ZeroDivisionError."""
    if denominator == 0:
        raise ZeroDivisionError
    exponent = Decimal(1).scaleb(-decimals)
    return (numerator * factor / denominator).quantize(exponent, rounding=ROUND_HALF_UP)


@dataclass
class ComputeResult:
    new: int = 0
    revised: int = 0
    unchanged: int = 0


@transaction.atomic
def derived_compute(
    *,
    user: User | None,
    indicator: Indicator,
    territories: Iterable[Territory] | None = None,
    agent: str = "",
) -> ComputeResult:
    """(Re)compute a derived indicator from the current values of its inputs."""
    if not indicator.is_derived:
        raise ValidationError(_("This indicator is not computed from others."))
    num, den = indicator.numerator_indicator, indicator.denominator_indicator
    assert num is not None and den is not None
    filters: dict[str, Any] = {"is_current": True}
    if territories is not None:
        filters["territory__in"] = list(territories)
    numerators = {
        (o.territory_id, o.period, slot_of(o.period_kind)): o
        for o in Observation.objects.filter(indicator=num, **filters).select_related("territory")
    }
    denominators = {
        (o.territory_id, o.period, slot_of(o.period_kind)): o
        for o in Observation.objects.filter(indicator=den, **filters)
    }
    existing = {
        (o.territory_id, o.period, slot_of(o.period_kind)): o
        for o in Observation.objects.filter(indicator=indicator, **filters)
    }
    result = ComputeResult()
    method = method_text(indicator)
    batch: ImportBatch | None = None
    for key, n in sorted(numerators.items(), key=lambda kv: (kv[0][0], kv[0][1])):
        d = denominators.get(key)
        if d is None or n.value is None or d.value is None or d.value == 0:
            continue
        value = compute_ratio(n.value, d.value, indicator.factor, indicator.decimals).quantize(
            STORED
        )
        old = existing.get(key)
        if old is not None and old.value == value:
            result.unchanged += 1
            continue
        if batch is None:
            batch = ImportBatch.objects.create(
                body=indicator.body,
                user=user if user is not None and user.is_authenticated else None,
                agent=agent,
                format=ImportBatch.Format.COMPUTED,
                source=method,
            )
        observation_record(
            user=user,
            indicator=indicator,
            territory=n.territory,
            period=n.period,
            period_kind=n.period_kind,
            value=value,
            source=_(
                "Computed: %(method)s Inputs: %(num)s (%(num_source)s); %(den)s (%(den_source)s)."
            )
            % {
                "method": method,
                "num": num.name_de,
                "num_source": n.source,
                "den": den.name_de,
                "den_source": d.source,
            },
            stand=timezone.localdate(),
            batch=batch,
            agent=agent,
        )
        if old is None:
            result.new += 1
        else:
            result.revised += 1
    if batch is not None:
        ImportBatch.objects.filter(pk=batch.pk).update(
            rows=result.new + result.revised + result.unchanged,
            created_count=result.new,
            revised_count=result.revised,
            unchanged_count=result.unchanged,
        )
    return result
