"""Indicators: a body's own ones and the shared catalogue."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from teilhabe.core.models import AuditEntry, Body, User
from teilhabe.core.services import audit_record, creation_changes, versioned_update

from ..catalogue import CATALOGUE, LINK_FIELDS
from ..models import Indicator

Action = AuditEntry.Action

INDICATOR_FIELDS = (
    "name_de",
    "name_en",
    "reference",
    "definition",
    "numerator",
    "denominator",
    "unit",
    "source_statistic",
    "table_code",
    "column_label",
    "variable_code",
    "level",
    "frequency",
    "direction",
    "kind",
    "shared",
    "formula",
    "numerator_indicator",
    "denominator_indicator",
    "factor",
    "decimals",
)


def _check_derived(indicator: Indicator) -> None:
    if indicator.formula == Indicator.Formula.RATIO:
        if indicator.numerator_indicator is None or indicator.denominator_indicator is None:
            raise ValidationError(
                {"formula": _("A derived indicator needs a numerator and a denominator indicator.")}
            )
        if indicator.pk and indicator.pk in (
            indicator.numerator_indicator_id,
            indicator.denominator_indicator_id,
        ):
            raise ValidationError({"formula": _("An indicator cannot be computed from itself.")})


@transaction.atomic
def indicator_create(
    *,
    user: User | None,
    body: Body | None,
    code: str,
    data: Mapping[str, Any],
    agent: str = "",
) -> Indicator:
    """A body's own indicator, or (``body=None``) an entry of the shared catalogue."""
    existing = Indicator.objects.filter(body=body, code=code)
    if existing.exists():
        raise ValidationError({"code": _("An indicator with this code exists already.")})
    indicator = Indicator(body=body, code=code, **data)
    _check_derived(indicator)
    indicator.full_clean()
    indicator.save()
    audit_record(
        user=user,
        body=body,
        action=Action.CREATE,
        obj=indicator,
        agent=agent,
        changes=creation_changes(indicator, ["code", *[f for f in data if f in INDICATOR_FIELDS]]),
    )
    return indicator


@transaction.atomic
def indicator_update(
    *, user: User, indicator: Indicator, expected_version: int, data: Mapping[str, Any]
) -> Indicator:
    if indicator.body_id is None:
        raise ValidationError(_("Entries of the shared catalogue cannot be changed here."))
    unit = data.get("unit", indicator.unit)
    if unit != indicator.unit and indicator.observations.exists():
        raise ValidationError({"unit": _("The unit cannot change once the indicator has values.")})
    probe = Indicator(**{**{f: getattr(indicator, f) for f in INDICATOR_FIELDS}, **data})
    probe.pk = indicator.pk
    _check_derived(probe)
    indicator, changes = versioned_update(
        instance=indicator, expected_version=expected_version, data=data
    )
    if changes:
        audit_record(
            user=user, body=indicator.body, action=Action.UPDATE, obj=indicator, changes=changes
        )
    return indicator


def catalogue_ensure(*, agent: str = "catalogue") -> int:
    """Create the missing entries of the shared catalogue; returns how many were created."""
    created = 0
    with transaction.atomic():
        for entry in CATALOGUE:
            if Indicator.objects.filter(body=None, code=entry["code"]).exists():
                continue
            data = {k: v for k, v in entry.items() if k not in (*LINK_FIELDS, "code")}
            for link, target in (
                ("numerator_code", "numerator_indicator"),
                ("denominator_code", "denominator_indicator"),
            ):
                if link in entry:
                    data[target] = Indicator.objects.get(body=None, code=entry[link])
            indicator_create(user=None, body=None, code=entry["code"], data=data, agent=agent)
            created += 1
    return created
