"""Sachstandsberichte: storing the frozen snapshot, and reading the stored reports.

The content of a report is built by ``documents.progress_report`` (which may read every
app); tracking only stores it, validated, with an audit entry, and gives it back. Opening
a stored report later renders from ``content`` alone, so the document stays the same after
the data changed.

Access: every member of the body reads the reports (they are made for the committee;
contributors report the measures they describe), only coordinators make them.
"""

from __future__ import annotations

import datetime
import json
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from teilhabe.concepts.models import Edition, FieldOfAction
from teilhabe.core.models import Body, User
from teilhabe.core.selectors import AnyUser, require_coordinator, require_member
from teilhabe.core.services import audit_record, creation_changes

from .models import ProgressReport


def check_period(period_from: datetime.date | None, period_to: datetime.date | None) -> None:
    """The period's dates exist and the end does not lie before the start."""
    errors: dict[str, list[str]] = {}
    if period_from is None:
        errors["period_from"] = [_("Enter the start of the period.")]
    if period_to is None:
        errors["period_to"] = [_("Enter the end of the period.")]
    if period_from and period_to and period_to < period_from:
        errors["period_to"] = [
            _("The end of the period (%(to)s) lies before its start (%(from)s).")
            % {"to": f"{period_to:%d.%m.%Y}", "from": f"{period_from:%d.%m.%Y}"}
        ]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def report_create(
    *,
    user: User | None,
    edition: Edition,
    period_from: datetime.date,
    period_to: datetime.date,
    content: dict[str, Any],
    title: str,
    field: FieldOfAction | None = None,
    agent: str = "",
) -> ProgressReport:
    """Store a Sachstandsbericht as a frozen snapshot of ``content`` (plain JSON).

    ``user`` is ``None`` for the command line (``agent="cli"``); views check that the user
    coordinates the body before they build the content.
    """
    check_period(period_from, period_to)
    if field is not None and field.edition_id != edition.pk:
        raise ValidationError({"field": _("Choose a field of action of this edition.")})
    if not isinstance(content, dict) or not content:
        raise ValidationError({"content": _("The report has no content.")})
    try:
        # The snapshot must survive the database unchanged: plain JSON only.
        frozen = json.loads(json.dumps(content))
    except (TypeError, ValueError) as exc:
        raise ValidationError({"content": _("The report content is not plain data.")}) from exc
    report = ProgressReport(
        edition=edition,
        title=title.strip()[:300],
        period_from=period_from,
        period_to=period_to,
        field=field,
        content=frozen,
        created_by=user if user is not None and user.is_authenticated else None,
    )
    report.full_clean()  # ``created_by`` stays empty for the command line
    report.save()
    audit_record(
        user=user,
        agent=agent,
        body=edition.concept.body,
        action="create",
        obj=report,
        changes=creation_changes(report, ["title", "period_from", "period_to", "field"]),
    )
    return report


# --- reads --------------------------------------------------------------------------------


def reports_for_user(*, user: AnyUser, body: Body) -> QuerySet[ProgressReport]:
    """The body's reports, newest first; members only (403 otherwise)."""
    require_member(user, body)
    return ProgressReport.objects.filter(edition__concept__body=body).select_related(
        "edition", "field", "created_by"
    )


def report_get_for_user(*, user: AnyUser, body: Body, public_id: Any) -> ProgressReport:
    """One report of the body (404 if it belongs to another body or does not exist)."""
    try:
        return reports_for_user(user=user, body=body).get(public_id=public_id)
    except (ProgressReport.DoesNotExist, ValidationError, ValueError, TypeError) as exc:
        raise Http404 from exc


def report_get_for_coordinator(*, user: AnyUser, body: Body, public_id: Any) -> ProgressReport:
    require_coordinator(user, body)
    return report_get_for_user(user=user, body=body, public_id=public_id)
