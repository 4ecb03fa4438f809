"""Budget lines: writes (with audit entries) and the totals per field of action and year."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from teilhabe.concepts.models import Edition, FieldOfAction
from teilhabe.core.models import User
from teilhabe.core.services import audit_record, creation_changes, soft_delete, versioned_update

from .models import BudgetLine

AMOUNTS = ("planned", "approved", "committed", "spent")
#: The fields a budget line form may set.
LINE_FIELDS = (
    "field",
    "measure",
    "year",
    "label",
    *AMOUNTS,
    "account",
    "funding_source",
    "source_note",
)


def _check(edition: Edition, data: Mapping[str, Any]) -> None:
    """At most one of field and measure (neither: the whole concept), both of this edition;
    the edition may still change."""
    errors: dict[str, list[str]] = {}
    if not edition.is_editable:
        raise ValidationError(_("A superseded edition does not change any more."))
    target_field, measure = data.get("field"), data.get("measure")
    if target_field is not None and measure is not None:
        errors["field"] = [_("Choose a field of action or a measure, not both.")]
    if target_field is not None and target_field.edition_id != edition.pk:
        errors["field"] = [_("The field of action does not belong to this edition.")]
    if measure is not None and measure.edition_id != edition.pk:
        errors["measure"] = [_("The measure does not belong to this edition.")]
    for name in AMOUNTS:
        value = data.get(name)
        if value is not None and value < 0:
            errors[name] = [_("The amount must not be negative.")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def budget_line_create(
    *, user: User | None, edition: Edition, data: Mapping[str, Any], agent: str = ""
) -> BudgetLine:
    values = {k: v for k, v in data.items() if k in LINE_FIELDS}
    _check(edition, values)
    line = BudgetLine(edition=edition, **values)
    line.full_clean()
    line.save()
    audit_record(
        user=user,
        agent=agent,
        body=edition.concept.body,
        action="create",
        obj=line,
        changes=creation_changes(line, LINE_FIELDS),
    )
    return line


@transaction.atomic
def budget_line_update(
    *, user: User, line: BudgetLine, expected_version: int, data: Mapping[str, Any]
) -> BudgetLine:
    values = {k: v for k, v in data.items() if k in LINE_FIELDS}
    merged = {"field": line.field, "measure": line.measure} | values
    _check(line.edition, merged)
    saved, changes = versioned_update(instance=line, expected_version=expected_version, data=values)
    if changes:
        audit_record(
            user=user, body=line.edition.concept.body, action="update", obj=saved, changes=changes
        )
    return saved


@transaction.atomic
def budget_line_delete(*, user: User, line: BudgetLine) -> None:
    if not line.edition.is_editable:
        raise ValidationError(_("A superseded edition does not change any more."))
    soft_delete(instance=line)
    audit_record(user=user, body=line.edition.concept.body, action="delete", obj=line)


# --- totals -------------------------------------------------------------------------------


@dataclass
class Sums:
    planned: Decimal = Decimal(0)
    approved: Decimal = Decimal(0)
    committed: Decimal = Decimal(0)
    spent: Decimal = Decimal(0)

    def add(self, line: BudgetLine) -> None:
        for name in AMOUNTS:
            setattr(self, name, getattr(self, name) + getattr(line, name))

    @property
    def overspent(self) -> bool:
        return self.spent > self.approved


@dataclass
class Totals:
    """Sums per (field of action, year), per year and overall; a measure's line counts for
    the field of action the measure belongs to, a line for the whole concept under key 0."""

    years: list[int] = field(default_factory=list)
    fields: list[FieldOfAction | None] = field(default_factory=list)
    cells: dict[tuple[int, int], Sums] = field(default_factory=dict)
    by_field: dict[int, Sums] = field(default_factory=dict)
    by_year: dict[int, Sums] = field(default_factory=dict)
    total: Sums = field(default_factory=Sums)

    def year_sums(self) -> list[Sums]:
        return [self.by_year[year] for year in self.years]

    def rows(self) -> list[dict[str, Any]]:
        """One row per field of action: the sums per year (``None`` where there is none)."""
        return [
            {
                "field": f,
                "label": f.title if f else _("Whole concept"),
                "cells": [self.cells.get((_key(f), year)) for year in self.years],
                "sum": self.by_field[_key(f)],
            }
            for f in self.fields
        ]


def _key(target: FieldOfAction | None) -> int:
    return target.pk if target is not None else 0


def line_field(line: BudgetLine) -> FieldOfAction | None:
    """The field of action a line counts for; ``None`` for the whole concept."""
    if line.measure_id is not None:
        return line.measure.field  # type: ignore[union-attr]
    return line.field


def budget_totals(lines: Iterable[BudgetLine]) -> Totals:
    totals = Totals()
    cells: dict[tuple[int, int], Sums] = defaultdict(Sums)
    by_field: dict[int, Sums] = defaultdict(Sums)
    by_year: dict[int, Sums] = defaultdict(Sums)
    fields: dict[int, FieldOfAction | None] = {}
    for line in lines:
        target = line_field(line)
        key = _key(target)
        fields[key] = target
        for bucket in (cells[(key, line.year)], by_field[key], by_year[line.year]):
            bucket.add(line)
        totals.total.add(line)
    totals.years = sorted(by_year)
    # the whole concept first, then the fields in their order
    totals.fields = sorted(fields.values(), key=lambda f: (f.position, f.pk) if f else (-1, 0))
    totals.cells, totals.by_field, totals.by_year = dict(cells), dict(by_field), dict(by_year)
    return totals
