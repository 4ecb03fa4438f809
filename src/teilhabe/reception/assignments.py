"""Assignments (Zuweisungen): recorded one by one or imported from a German Excel CSV."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from teilhabe.core.models import Territory, User
from teilhabe.core.services import ConflictError, creation_changes, soft_delete, versioned_update

from . import csvio
from .common import Action, _body_audit, _err
from .models import Assignment, DistributionPeriod, Quota
from .services import refresh_following


def _check_assignment(period: DistributionPeriod, territory: Territory, date: datetime.date) -> str:
    if not period.quotas.filter(territory=territory).exists():
        return _("%(territory)s has no quota in this period.") % {"territory": territory}
    return ""


@transaction.atomic
def assignment_record(
    *,
    user: User | None,
    period: DistributionPeriod,
    territory: Territory,
    date: datetime.date,
    persons: int,
    note: str = "",
    agent: str = "",
) -> Assignment:
    problem = _check_assignment(period, territory, date)
    if problem:
        raise _err(problem, "territory")
    if persons <= 0:
        raise _err(_("Enter a number of persons greater than 0."), "persons")
    assignment = Assignment(
        period=period, territory=territory, date=date, persons=persons, note=note
    )
    assignment.full_clean()
    assignment.save()
    _body_audit(
        user=user,
        body=period.body,
        action=Action.CREATE,
        obj=assignment,
        agent=agent,
        changes=creation_changes(assignment, ["territory", "date", "persons", "note"]),
    )
    refresh_following(user=user, period=period, agent=agent)
    return assignment


ASSIGNMENT_FIELDS = ("territory", "date", "persons", "note")


@transaction.atomic
def assignment_update(
    *,
    user: User | None,
    assignment: Assignment,
    expected_version: int,
    data: dict[str, Any],
    allowed: set[int] | None = None,
    agent: str = "",
) -> Assignment:
    """Correct an assignment (optimistic locking: ``ConflictError`` if somebody saved it since
    ``expected_version``). Fulfilment is read live; the computed draft periods that carry
    this period's open obligations over are computed again.

    ``allowed``: the territory ids the user may record for (None: all of the period).
    """
    period = assignment.period
    data = {k: v for k, v in data.items() if k in ASSIGNMENT_FIELDS}
    territory = data.get("territory", assignment.territory)
    problem = _check_assignment(period, territory, data.get("date", assignment.date))
    if not problem and allowed is not None and territory.pk not in allowed:
        problem = _("You may not record assignments for %(territory)s.") % {"territory": territory}
    if problem:
        raise _err(problem, "territory")
    if data.get("persons", assignment.persons) <= 0:
        raise _err(_("Enter a number of persons greater than 0."), "persons")
    assignment, changes = versioned_update(
        instance=assignment, expected_version=expected_version, data=data
    )
    if changes:
        _body_audit(
            user=user,
            body=period.body,
            action=Action.UPDATE,
            obj=assignment,
            agent=agent,
            changes=changes,
        )
        refresh_following(user=user, period=period, agent=agent)
    return assignment


@transaction.atomic
def assignment_delete(
    *,
    user: User | None,
    assignment: Assignment,
    expected_version: int | None = None,
    agent: str = "",
) -> None:
    """Soft-delete an assignment (kept in the database and the audit log); fulfilment and
    the carry-over into computed draft periods follow."""
    current = Assignment.all_objects.select_for_update().get(pk=assignment.pk)
    if current.is_deleted:
        return
    if expected_version is not None and current.version != expected_version:
        raise ConflictError(current)
    soft_delete(instance=assignment)
    period = assignment.period
    _body_audit(
        user=user,
        body=period.body,
        action=Action.DELETE,
        obj=assignment,
        agent=agent,
        changes={
            "territory": (assignment.territory, None),
            "date": (assignment.date, None),
            "persons": (assignment.persons, None),
        },
    )
    refresh_following(user=user, period=period, agent=agent)


@dataclass(frozen=True)
class AssignmentRow:
    line: int
    territory: Territory
    date: datetime.date
    persons: int
    note: str


def parse_assignment_csv(
    *,
    period: DistributionPeriod,
    content: bytes | str,
    allowed: set[int] | None = None,
) -> list[AssignmentRow]:
    """Rows of ``ags;datum;personen[;bemerkung]``; every error names its line.

    ``allowed``: the territory ids the uploader may record for (None: all of the period).
    """
    try:
        rows = csvio.read_rows(content, required=["ags", "datum", "personen"])
    except csvio.CsvError as exc:
        raise ValidationError(exc.errors) from exc
    quotas = {
        q.territory.ags: q.territory
        for q in Quota.objects.filter(period=period).select_related("territory")
    }
    errors: list[str] = []
    parsed: list[AssignmentRow] = []
    for line, row in rows:
        ags = row["ags"]
        if len(ags) in (4, 7) and ags.isdigit():
            ags = "0" + ags
        territory = quotas.get(ags)
        if territory is None:
            errors.append(
                _("Line %(line)d, field ags: unknown AGS “%(value)s” (no quota in this period).")
                % {"line": line, "value": row["ags"]}
            )
            continue
        if allowed is not None and territory.pk not in allowed:
            errors.append(
                _("Line %(line)d, field ags: you may not record assignments for %(territory)s.")
                % {"line": line, "territory": territory}
            )
            continue
        try:
            date = csvio.parse_date(row["datum"])
        except ValueError:
            errors.append(
                _("Line %(line)d, field datum: “%(value)s” is not a date like 28.11.2024.")
                % {"line": line, "value": row["datum"]}
            )
            continue
        try:
            persons = csvio.parse_int(row["personen"])
            if persons <= 0:
                raise ValueError
        except ValueError:
            errors.append(
                _("Line %(line)d, field personen: “%(value)s” is not a number greater than 0.")
                % {"line": line, "value": row["personen"]}
            )
            continue
        parsed.append(AssignmentRow(line, territory, date, persons, row.get("bemerkung", "")[:300]))
    if errors:
        raise ValidationError(errors)
    return parsed


@transaction.atomic
def assignment_import_csv(
    *,
    user: User | None,
    period: DistributionPeriod,
    content: bytes | str,
    allowed: set[int] | None = None,
    agent: str = "",
) -> list[Assignment]:
    """All rows or none: a single bad row refuses the whole file."""
    rows = parse_assignment_csv(period=period, content=content, allowed=allowed)
    created = Assignment.objects.bulk_create(
        [
            Assignment(
                period=period, territory=r.territory, date=r.date, persons=r.persons, note=r.note
            )
            for r in rows
        ]
    )
    _body_audit(
        user=user,
        body=period.body,
        action=Action.IMPORT,
        obj=period,
        agent=agent,
        changes={
            "assignments": (None, len(created)),
            "persons": (None, sum(r.persons for r in rows)),
        },
    )
    refresh_following(user=user, period=period, agent=agent)
    return created
