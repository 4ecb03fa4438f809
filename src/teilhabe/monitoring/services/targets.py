"""Targets (Zielwerte) linked to a goal or an objective of the body's concept."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from teilhabe.concepts.models import Goal, Objective
from teilhabe.core.models import AuditEntry, Body, Territory, User
from teilhabe.core.services import audit_record, creation_changes

from ..models import Indicator, Observation, Target

Action = AuditEntry.Action


@transaction.atomic
def target_create(
    *,
    user: User | None,
    body: Body,
    indicator: Indicator,
    territory: Territory,
    target_value: Decimal,
    due: datetime.date,
    goal: Goal | None = None,
    objective: Objective | None = None,
    baseline_value: Decimal | None = None,
    baseline_year: int | None = None,
    note: str = "",
    agent: str = "",
) -> Target:
    """A target linked to one goal or one objective of the body's concept."""
    if (goal is None) == (objective is None):
        raise ValidationError(_("Link the target to either a goal or an objective."))
    item = goal or objective
    assert item is not None
    if item.edition.concept.body_id != body.pk:
        raise ValidationError(_("The goal or objective belongs to another body."))
    if indicator.body_id not in (None, body.pk) and not indicator.shared:
        raise ValidationError({"indicator": _("This indicator is not shared.")})
    if baseline_value is None:
        first = (
            Observation.objects.filter(
                indicator=indicator, territory=territory, is_current=True, value__isnull=False
            )
            .order_by("-period", "-period_kind")
            .first()
        )
        if first is not None:
            baseline_value, baseline_year = first.value, first.period.year
    target = Target(
        body=body,
        indicator=indicator,
        territory=territory,
        goal=goal,
        objective=objective,
        target_value=target_value,
        due=due,
        baseline_value=baseline_value,
        baseline_year=baseline_year,
        note=note,
    )
    target.full_clean()
    target.save()
    audit_record(
        user=user,
        body=body,
        action=Action.CREATE,
        obj=target,
        agent=agent,
        changes=creation_changes(
            target,
            [
                "indicator",
                "territory",
                "goal",
                "objective",
                "target_value",
                "due",
                "baseline_value",
            ],
        ),
    )
    return target
