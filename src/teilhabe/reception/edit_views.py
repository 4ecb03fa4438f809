"""Correcting and deleting (soft) assignments and credits in the browser.

Each page asks the selectors first (who may see and change the object), the services write
with an audit entry; edits carry the version the form was opened with and show the conflict
page when somebody else saved in the meantime. A delete is confirmed on its own page.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from teilhabe.core.models import Territory
from teilhabe.core.services import ConflictError
from teilhabe.core.views import add_service_errors, conflict_response

from . import assignments, selectors, services
from .forms import AssignmentEditForm, CreditEditForm, DeleteForm
from .views import _context, _period


def _confirm_delete(
    request: HttpRequest,
    context: dict[str, Any],
    *,
    obj: Any,
    heading: str,
    cancel_url: str,
    delete: Any,
    success: str,
) -> HttpResponse | None:
    """The confirmation page; ``None`` once ``delete(version)`` has run."""
    form = DeleteForm(request.POST or None, initial={"version": obj.version})
    error = ""
    if request.method == "POST" and form.is_valid():
        try:
            delete(form.cleaned_data["version"])
        except ConflictError as conflict:
            obj = conflict.current
            form = DeleteForm(initial={"version": obj.version})
            error = _(
                "Somebody else changed this entry after you opened the page; check the "
                "saved values below and confirm again."
            )
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, success)
            return None
    return render(
        request,
        "reception/confirm_delete.html",
        context
        | {
            "form": form,
            "object": obj,
            "error": error,
            "heading": heading,
            "cancel_url": cancel_url,
        },
    )


# --- assignments ------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def assignment_edit(
    request: HttpRequest, body: str, period: UUID, assignment: UUID
) -> HttpResponse:
    body_obj, period_obj = _period(request, body, period)
    obj = selectors.assignment_get_for_edit(
        user=request.user, period=period_obj, public_id=assignment
    )
    ids = selectors.recordable_territory_ids(request.user, period_obj)
    form = AssignmentEditForm(
        request.POST or None,
        instance=obj,
        territories=Territory.objects.filter(pk__in=ids).order_by("ags"),
    )
    cancel_url = reverse("reception:assignment_list", kwargs={"body": body, "period": period})
    context = _context(request, body_obj) | {
        "form": form,
        "heading": _("Correct an assignment"),
        "intro": period_obj.name,
        "cancel_url": cancel_url,
    }
    if request.method == "POST" and form.is_valid():
        data, _m2m = form.data_and_m2m()
        try:
            assignments.assignment_update(
                user=request.user,  # type: ignore[arg-type]
                assignment=obj,
                expected_version=form.cleaned_data["version"],
                data=data,
                allowed=ids,
            )
        except ConflictError as conflict:
            return conflict_response(request, form=form, current=conflict.current, context=context)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The assignment has been saved."))
            return redirect(cancel_url)
    return render(request, "reception/form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def assignment_delete(
    request: HttpRequest, body: str, period: UUID, assignment: UUID
) -> HttpResponse:
    body_obj, period_obj = _period(request, body, period)
    obj = selectors.assignment_get_for_edit(
        user=request.user, period=period_obj, public_id=assignment
    )
    cancel_url = reverse("reception:assignment_list", kwargs={"body": body, "period": period})
    response = _confirm_delete(
        request,
        _context(request, body_obj) | {"period": period_obj},
        obj=obj,
        heading=_("Delete the assignment of %(persons)d persons to %(territory)s on %(date)s?")
        % {"persons": obj.persons, "territory": obj.territory, "date": f"{obj.date:%d.%m.%Y}"},
        cancel_url=cancel_url,
        delete=lambda version: assignments.assignment_delete(
            user=request.user,  # type: ignore[arg-type]
            assignment=obj,
            expected_version=version,
        ),
        success=_("The assignment has been deleted."),
    )
    return response or redirect(cancel_url)


# --- credits ------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def credit_edit(request: HttpRequest, body: str, period: UUID, credit: UUID) -> HttpResponse:
    body_obj, period_obj = _period(request, body, period)
    obj = selectors.credit_get_for_manage(user=request.user, period=period_obj, public_id=credit)
    territories = Territory.objects.filter(
        pk__in=period_obj.key.shares.values_list("territory_id", flat=True)
    ).order_by("ags")
    form = CreditEditForm(request.POST or None, instance=obj, territories=territories)
    cancel_url = reverse("reception:period_detail", kwargs={"body": body, "period": period})
    context = _context(request, body_obj) | {
        "form": form,
        "heading": _("Change a credit or carry-over"),
        "intro": period_obj.name,
        "cancel_url": cancel_url,
    }
    if period_obj.is_published:
        context["intro"] = _("A published period cannot be changed.")
    if request.method == "POST" and form.is_valid():
        data, _m2m = form.data_and_m2m()
        try:
            services.credit_update(
                user=request.user,  # type: ignore[arg-type]
                credit=obj,
                expected_version=form.cleaned_data["version"],
                data=data,
            )
        except ConflictError as conflict:
            return conflict_response(request, form=form, current=conflict.current, context=context)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The credit has been saved."))
            return redirect(cancel_url)
    return render(request, "reception/form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def credit_delete(request: HttpRequest, body: str, period: UUID, credit: UUID) -> HttpResponse:
    body_obj, period_obj = _period(request, body, period)
    obj = selectors.credit_get_for_manage(user=request.user, period=period_obj, public_id=credit)
    cancel_url = reverse("reception:period_detail", kwargs={"body": body, "period": period})
    response = _confirm_delete(
        request,
        _context(request, body_obj) | {"period": period_obj},
        obj=obj,
        heading=_("Delete the credit “%(credit)s”?") % {"credit": obj},
        cancel_url=cancel_url,
        delete=lambda version: services.credit_delete(
            user=request.user,  # type: ignore[arg-type]
            credit=obj,
            expected_version=version,
        ),
        success=_("The credit has been deleted."),
    )
    return response or redirect(cancel_url)
