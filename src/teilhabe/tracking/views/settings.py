"""Configuration for coordinators: the status list and the weights of the fields of action."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from teilhabe.concepts import selectors as concept_selectors
from teilhabe.concepts.models import FieldOfAction
from teilhabe.core.services import ConflictError
from teilhabe.core.views import add_service_errors, form_page

from .. import selectors, services
from ..forms import FieldWeightsForm, StatusForm
from ..models import FieldWeight
from .common import context_of, coordinator_body


@login_required
@require_GET
def status_list(request: HttpRequest, body: str) -> HttpResponse:
    body_obj = coordinator_body(request, body)
    options = list(selectors.status_options(body_obj))
    return render(
        request,
        "tracking/status_list.html",
        context_of(request, body_obj, "settings")
        | {
            "rows": [{"option": o, "in_use": services.status_in_use(o)} for o in options],
            "edition": concept_selectors.edition_in_force(body=body_obj),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def status_create(request: HttpRequest, body: str) -> HttpResponse:
    body_obj = coordinator_body(request, body)
    form = StatusForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.status_create(
                user=request.user,  # type: ignore[arg-type]
                body=body_obj,
                code=data["code"],
                label=data["label"],
                phase=data["phase"],
                default_percent=data["default_percent"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The status has been added."))
            return redirect("tracking:status_list", body=body)
    return render(
        request,
        "tracking/form.html",
        context_of(request, body_obj, "settings")
        | {"form": form, "title": _("New status"), "back": ("tracking:status_list", None)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def status_edit(request: HttpRequest, body: str, status: str) -> HttpResponse:
    body_obj = coordinator_body(request, body)
    option = selectors.status_get_for_coordinator(
        user=request.user, body=body_obj, public_id=status
    )
    form = StatusForm(request.POST or None, instance=option)
    context = context_of(request, body_obj, "settings") | {
        "form": form,
        "title": _("Edit status: %(label)s") % {"label": option.label},
        "back": ("tracking:status_list", None),
    }
    return form_page(
        request,
        form=form,
        template="tracking/form.html",
        context=context,
        save=lambda: services.status_update(
            user=request.user,  # type: ignore[arg-type]
            option=option,
            expected_version=form.cleaned_data["version"],
            data={k: form.cleaned_data[k] for k in ("label", "phase", "default_percent")},
        ),
        success=_("The status has been saved."),
        done=lambda _saved: redirect("tracking:status_list", body=body),
    )


@login_required
@require_POST
def status_move(request: HttpRequest, body: str, status: str) -> HttpResponse:
    body_obj = coordinator_body(request, body)
    option = selectors.status_get_for_coordinator(
        user=request.user, body=body_obj, public_id=status
    )
    services.status_move(
        user=request.user,  # type: ignore[arg-type]
        option=option,
        direction=request.POST.get("direction", ""),
    )
    return redirect("tracking:status_list", body=body)


@login_required
@require_http_methods(["GET", "POST"])
def status_delete(request: HttpRequest, body: str, status: str) -> HttpResponse:
    body_obj = coordinator_body(request, body)
    option = selectors.status_get_for_coordinator(
        user=request.user, body=body_obj, public_id=status
    )
    if request.method == "POST":
        try:
            services.status_delete(user=request.user, option=option)  # type: ignore[arg-type]
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The status has been deleted."))
        return redirect("tracking:status_list", body=body)
    return render(
        request,
        "tracking/confirm_delete.html",
        context_of(request, body_obj, "settings")
        | {
            "object": option,
            "in_use": services.status_in_use(option),
            "cancel_url": None,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def weights(request: HttpRequest, body: str, edition: str) -> HttpResponse:
    """The weights of the fields of action of an edition in its roll-up."""
    body_obj = coordinator_body(request, body)
    edition_obj = concept_selectors.edition_get_for_user(
        user=request.user, body=body_obj, public_id=edition
    )
    if not edition_obj.is_editable:
        raise Http404
    fields = list(FieldOfAction.objects.filter(edition=edition_obj).order_by("position", "id"))
    current = {w.field_id: w for w in FieldWeight.objects.filter(field__edition=edition_obj)}
    form = FieldWeightsForm(request.POST or None, fields=fields, weights=current)
    context = context_of(request, body_obj, "settings") | {
        "form": form,
        "title": _("Weights of the fields of action: %(edition)s") % {"edition": edition_obj},
        "back": ("tracking:status_list", None),
    }
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                for field, weight, version in form.values():
                    services.field_weight_set(
                        user=request.user,  # type: ignore[arg-type]
                        field=field,
                        weight=weight,
                        expected_version=version,
                    )
        except ConflictError:
            messages.error(
                request,
                _(
                    "Somebody else changed the weights in the meantime. Nothing was saved; "
                    "the form shows the saved weights now."
                ),
            )
            return redirect("tracking:weights", body=body, edition=edition)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The weights have been saved."))
            return redirect("tracking:status_list", body=body)
    return render(request, "tracking/form.html", context)
