"""The actor directory of a body."""

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from teilhabe.core import selectors as core_selectors
from teilhabe.core.models import Body, User
from teilhabe.core.services import ConflictError
from teilhabe.core.views import add_service_errors, body_context, conflict_response

from .. import actors as actor_services
from .. import selectors
from ..forms import ActorForm


def members_of(body: Body) -> object:
    return User.objects.filter(memberships__body=body, memberships__is_deleted=False).order_by(
        "username"
    )


@login_required
@require_GET
def actor_list(request: HttpRequest, body: str) -> HttpResponse:
    body_obj = core_selectors.body_get_for_member(user=request.user, slug=body)
    return render(
        request,
        "concepts/actor_list.html",
        body_context(request, body_obj, "actors")
        | {
            "actors": selectors.actor_list_for_user(user=request.user, body=body_obj),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def actor_edit(request: HttpRequest, body: str, actor: UUID | None = None) -> HttpResponse:
    body_obj = core_selectors.body_get_for_member(user=request.user, slug=body)
    core_selectors.require_coordinator(request.user, body_obj)
    actor_obj = (
        selectors.actor_get_for_user(user=request.user, body=body_obj, public_id=actor)
        if actor
        else None
    )
    form = ActorForm(request.POST or None, instance=actor_obj, members=members_of(body_obj))
    context = body_context(request, body_obj, "actors")
    if request.method == "POST" and form.is_valid():
        data, m2m = form.data_and_m2m()
        try:
            if actor_obj is None:
                actor_services.actor_create(
                    user=request.user,
                    body=body_obj,
                    data=data,  # type: ignore[arg-type]
                    contacts=m2m["contacts"],
                )
            else:
                actor_services.actor_update(
                    user=request.user,
                    actor=actor_obj,  # type: ignore[arg-type]
                    expected_version=form.cleaned_data["version"],
                    data=data,
                    contacts=m2m["contacts"],
                )
        except ConflictError as conflict:
            return conflict_response(request, form=form, current=conflict.current, context=context)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The actor has been saved."))
            return redirect("concepts:actor_list", body=body)
    heading = _("Edit actor") if actor_obj else _("New actor")
    return render(
        request,
        "concepts/form.html",
        context
        | {
            "form": form,
            "heading": heading,
            "cancel_url": reverse("concepts:actor_list", kwargs={"body": body}),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def actor_delete(request: HttpRequest, body: str, actor: UUID) -> HttpResponse:
    body_obj = core_selectors.body_get_for_member(user=request.user, slug=body)
    core_selectors.require_coordinator(request.user, body_obj)
    actor_obj = selectors.actor_get_for_user(user=request.user, body=body_obj, public_id=actor)
    error = ""
    if request.method == "POST":
        try:
            actor_services.actor_delete(user=request.user, actor=actor_obj)  # type: ignore[arg-type]
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, _("The actor has been deleted."))
            return redirect("concepts:actor_list", body=body)
    return render(
        request,
        "concepts/confirm_delete.html",
        body_context(request, body_obj, "actors")
        | {
            "object": actor_obj,
            "error": error,
            "cancel_url": reverse("concepts:actor_list", kwargs={"body": body}),
            "heading": _("Delete actor “%(item)s”?") % {"item": actor_obj},
        },
    )
