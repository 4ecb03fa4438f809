"""The overview page of a body for its members."""

import datetime

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from teilhabe.core import selectors as core_selectors
from teilhabe.core.views import audit_rows, body_context

from .. import selectors


@login_required
@require_GET
def dashboard(request: HttpRequest, body: str) -> HttpResponse:
    body_obj = core_selectors.body_get_for_member(user=request.user, slug=body)
    summary = selectors.dashboard_summary(body=body_obj)
    today = timezone.localdate()
    review_due = summary["in_force"].review_due if summary["in_force"] else None
    context = (
        body_context(request, body_obj, "dashboard")
        | summary
        | {
            "concept": selectors.concept_of(body_obj),
            "review_overdue": bool(review_due and review_due < today),
            "review_soon": bool(
                review_due and today <= review_due < today + datetime.timedelta(days=183)
            ),
        }
    )
    if context["is_coordinator"]:
        entries = core_selectors.audit_entries_for_body(user=request.user, body=body_obj)[:8]
        context["recent"] = audit_rows(entries)
    return render(request, "concepts/dashboard.html", context)
