"""Budget lines per edition: the list with totals per field of action and year, and CRUD."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from teilhabe.concepts import selectors as concept_selectors
from teilhabe.core import selectors as core_selectors
from teilhabe.core.views import form_page

from .. import budget as budget_services
from .. import selectors
from ..forms import BudgetLineForm
from .common import context_of, coordinator_body, member_body


def _list_url(body: str, edition: Any) -> str:
    from django.urls import reverse

    return f"{reverse('tracking:budget', kwargs={'body': body})}?edition={edition.public_id}"


@login_required
@require_GET
def budget(request: HttpRequest, body: str) -> HttpResponse:
    """Every member reads the money of the body's concept; coordinators change it."""
    body_obj = member_body(request, body)
    edition = selectors.edition_for_member(
        user=request.user, body=body_obj, public_id=request.GET.get("edition", "")
    )
    context = context_of(request, body_obj, "budget") | {
        "edition": edition,
        "editions": concept_selectors.editions_for_user(user=request.user, body=body_obj),
        "can_edit": edition is not None
        and edition.is_editable
        and core_selectors.is_coordinator(request.user, body_obj),
    }
    if edition is not None:
        lines = list(selectors.budget_lines(edition).order_by("year", "id"))
        context |= {
            "lines": lines,
            "totals": budget_services.budget_totals(lines),
            "overspent": [line for line in lines if line.overspent],
        }
    return render(request, "tracking/budget.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def budget_create(request: HttpRequest, body: str) -> HttpResponse:
    body_obj = coordinator_body(request, body)
    edition = selectors.edition_for_member(
        user=request.user, body=body_obj, public_id=request.GET.get("edition", "")
    )
    if edition is None or not edition.is_editable:
        raise Http404
    form = BudgetLineForm(request.POST or None, edition=edition)
    return form_page(
        request,
        form=form,
        template="tracking/form.html",
        context=context_of(request, body_obj, "budget")
        | {
            "form": form,
            "title": _("New budget line: %(edition)s") % {"edition": edition},
            "cancel_url": _list_url(body, edition),
        },
        save=lambda: budget_services.budget_line_create(
            user=request.user,  # type: ignore[arg-type]
            edition=edition,
            data=form.data_for_service(),
        ),
        success=_("The budget line has been saved."),
        done=lambda _line: redirect(_list_url(body, edition)),
    )


@login_required
@require_http_methods(["GET", "POST"])
def budget_edit(request: HttpRequest, body: str, line: str) -> HttpResponse:
    body_obj = coordinator_body(request, body)
    line_obj = selectors.budget_line_get_for_coordinator(
        user=request.user, body=body_obj, public_id=line
    )
    if not line_obj.edition.is_editable:
        raise Http404
    form = BudgetLineForm(request.POST or None, instance=line_obj, edition=line_obj.edition)
    return form_page(
        request,
        form=form,
        template="tracking/form.html",
        context=context_of(request, body_obj, "budget")
        | {
            "form": form,
            "title": _("Edit budget line: %(label)s") % {"label": line_obj.label},
            "cancel_url": _list_url(body, line_obj.edition),
        },
        save=lambda: budget_services.budget_line_update(
            user=request.user,  # type: ignore[arg-type]
            line=line_obj,
            expected_version=form.cleaned_data["version"],
            data=form.data_for_service(),
        ),
        success=_("The budget line has been saved."),
        done=lambda _line: redirect(_list_url(body, line_obj.edition)),
    )


@login_required
@require_http_methods(["GET", "POST"])
def budget_delete(request: HttpRequest, body: str, line: str) -> HttpResponse:
    body_obj = coordinator_body(request, body)
    line_obj = selectors.budget_line_get_for_coordinator(
        user=request.user, body=body_obj, public_id=line
    )
    cancel = _list_url(body, line_obj.edition)
    if request.method == "POST":
        try:
            budget_services.budget_line_delete(
                user=request.user,  # type: ignore[arg-type]
                line=line_obj,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The budget line has been deleted."))
        return redirect(cancel)
    return render(
        request,
        "tracking/confirm_delete.html",
        context_of(request, body_obj, "budget") | {"object": line_obj, "cancel_url": cancel},
    )
