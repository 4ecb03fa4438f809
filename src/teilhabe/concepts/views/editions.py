"""Editions: list, the concept tree, metadata, status, Fortschreibung and export."""

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from teilhabe.core import selectors as core_selectors
from teilhabe.core.services import ConflictError
from teilhabe.core.views import add_service_errors, body_context, conflict_response

from .. import exchange, lineage, selectors, services
from ..forms import EditionCopyForm, EditionForm, EditionStatusForm, LineageForm
from ..models import Edition
from .common import member_edition, require_edit_edition


@login_required
@require_GET
def edition_list(request: HttpRequest, body: str) -> HttpResponse:
    body_obj = core_selectors.body_get_for_member(user=request.user, slug=body)
    return render(
        request,
        "concepts/edition_list.html",
        body_context(request, body_obj, "editions")
        | {
            "concept": selectors.concept_of(body_obj),
            "editions": selectors.editions_for_user(user=request.user, body=body_obj),
        },
    )


@login_required
@require_GET
def edition_detail(request: HttpRequest, body: str, edition: UUID) -> HttpResponse:
    body_obj, edition_obj = member_edition(request, body, edition)
    tree = selectors.edition_tree(edition_obj)
    can_edit = selectors.can_edit_edition(request.user, edition_obj)
    return render(
        request,
        "concepts/edition_detail.html",
        body_context(request, body_obj, "editions")
        | {
            "edition": edition_obj,
            "tree": tree,
            "can_edit": can_edit,
            "status_choices": status_choices(edition_obj),
        },
    )


def status_choices(edition: Edition) -> list[tuple[str, str]]:
    allowed = services.ALLOWED_TRANSITIONS[Edition.Status(edition.status)]
    return [(value, label) for value, label in Edition.Status.choices if value in allowed]


@login_required
@require_http_methods(["GET", "POST"])
def edition_edit(request: HttpRequest, body: str, edition: UUID) -> HttpResponse:
    body_obj, edition_obj = member_edition(request, body, edition)
    require_edit_edition(request, edition_obj)
    context = body_context(request, body_obj, "editions") | {"edition": edition_obj}
    form = EditionForm(request.POST or None, instance=edition_obj)
    if request.method == "POST" and form.is_valid():
        data, _m2m = form.data_and_m2m()
        try:
            services.edition_update(
                user=request.user,
                edition=edition_obj,  # type: ignore[arg-type]
                expected_version=form.cleaned_data["version"],
                data=data,
            )
        except ConflictError as conflict:
            return conflict_response(request, form=form, current=conflict.current, context=context)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The edition has been saved."))
            return redirect("concepts:edition_detail", body=body, edition=edition)
    return render(
        request,
        "concepts/form.html",
        context
        | {
            "form": form,
            "heading": _("Edit edition"),
            "cancel_url": edition_url(edition_obj),
        },
    )


def edition_url(edition: Edition) -> str:
    from django.urls import reverse

    return reverse(
        "concepts:edition_detail",
        kwargs={"body": edition.concept.body.slug, "edition": edition.public_id},
    )


@login_required
@require_http_methods(["GET", "POST"])
def edition_copy(request: HttpRequest, body: str, edition: UUID) -> HttpResponse:
    """Fortschreibung: a new draft edition from this one."""
    body_obj, source = member_edition(request, body, edition)
    core_selectors.require_coordinator(request.user, body_obj)
    form = EditionCopyForm(request.POST or None, edition=source)
    if request.method == "POST" and form.is_valid():
        new = services.edition_copy(
            user=request.user,
            source=source,  # type: ignore[arg-type]
            label=form.cleaned_data["label"],
            title=form.cleaned_data["title"],
        )
        messages.success(
            request,
            _(
                "The new edition has been created as a draft. Every measure continues its original until you change it."
            ),
        )
        return redirect("concepts:edition_detail", body=body, edition=new.public_id)
    return render(
        request,
        "concepts/form.html",
        body_context(request, body_obj, "editions")
        | {
            "form": form,
            "edition": source,
            "cancel_url": edition_url(source),
            "heading": _("New edition (Fortschreibung) from %(label)s") % {"label": source.label},
            "intro": _(
                "The new edition starts as a draft with a copy of all fields of action, goals, objectives and measures. The public keeps seeing the edition in force until the new one comes into force."
            ),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def edition_status(request: HttpRequest, body: str, edition: UUID) -> HttpResponse:
    body_obj, edition_obj = member_edition(request, body, edition)
    core_selectors.require_coordinator(request.user, body_obj)
    form = EditionStatusForm(request.POST or None, choices=status_choices(edition_obj))
    if request.method == "POST" and form.is_valid():
        try:
            services.edition_set_status(
                user=request.user,
                edition=edition_obj,  # type: ignore[arg-type]
                status=form.cleaned_data["status"],
                valid_from=form.cleaned_data["valid_from"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The status has been changed."))
            return redirect("concepts:edition_detail", body=body, edition=edition)
    in_force = selectors.edition_in_force(body=body_obj)
    intro = ""
    if in_force and in_force.pk != edition_obj.pk:
        intro = _(
            "If this edition comes into force, the edition in force so far (%(label)s) becomes superseded."
        ) % {"label": in_force.label}
    return render(
        request,
        "concepts/form.html",
        body_context(request, body_obj, "editions")
        | {
            "form": form,
            "edition": edition_obj,
            "cancel_url": edition_url(edition_obj),
            "heading": _("Change status of %(label)s") % {"label": edition_obj.label},
            "intro": intro,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def edition_delete(request: HttpRequest, body: str, edition: UUID) -> HttpResponse:
    body_obj, edition_obj = member_edition(request, body, edition)
    core_selectors.require_coordinator(request.user, body_obj)
    error = ""
    if request.method == "POST":
        try:
            services.edition_delete(user=request.user, edition=edition_obj)  # type: ignore[arg-type]
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, _("The draft has been deleted."))
            return redirect("concepts:edition_list", body=body)
    return render(
        request,
        "concepts/confirm_delete.html",
        body_context(request, body_obj, "editions")
        | {
            "object": edition_obj,
            "error": error,
            "cancel_url": edition_url(edition_obj),
            "heading": _("Delete draft %(label)s?") % {"label": edition_obj.label},
        },
    )


@login_required
@require_GET
def edition_export(request: HttpRequest, body: str, edition: UUID, fmt: str) -> HttpResponse:
    body_obj, edition_obj = member_edition(request, body, edition)
    data = exchange.edition_export(edition_obj)
    if fmt == "json":
        content, mime = exchange.dump_json(data), "application/json"
    else:
        content, mime = exchange.dump_yaml(data), "application/yaml"
    response = HttpResponse(content, content_type=f"{mime}; charset=utf-8")
    filename = f"{body_obj.slug}-{edition_obj.label}.{fmt}".replace(" ", "-")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_GET
def measure_list(request: HttpRequest, body: str, edition: UUID) -> HttpResponse:
    body_obj, edition_obj = member_edition(request, body, edition)
    filters = selectors.MeasureFilter(
        **{
            name: request.GET.get(name, "").strip()
            for name in ("field", "status", "actor", "focus", "q")
        }
    )
    measures = list(selectors.measure_list(edition=edition_obj, filters=filters))
    from ..models import FieldOfAction, MeasureStatus

    return render(
        request,
        "concepts/measure_list.html",
        body_context(request, body_obj, "editions")
        | {
            "edition": edition_obj,
            "measures": measures,
            "filters": filters,
            "fields": FieldOfAction.objects.filter(edition=edition_obj),
            "statuses": MeasureStatus.choices,
            "actors": selectors.actors_of(body_obj),
        },
    )


@login_required
@require_GET
def lineage_list(request: HttpRequest, body: str, edition: UUID) -> HttpResponse:
    body_obj, edition_obj = member_edition(request, body, edition)
    links = list(selectors.lineage_of_edition(edition_obj))
    return render(
        request,
        "concepts/lineage_list.html",
        body_context(request, body_obj, "editions")
        | {
            "edition": edition_obj,
            "links": links,
            "can_edit": selectors.can_edit_edition(request.user, edition_obj),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def lineage_edit(request: HttpRequest, body: str, link: UUID) -> HttpResponse:
    body_obj = core_selectors.body_get_for_member(user=request.user, slug=body)
    link_obj = selectors.lineage_get_for_user(user=request.user, body=body_obj, public_id=link)
    require_edit_edition(request, link_obj.edition)
    context: dict[str, Any] = body_context(request, body_obj, "editions") | {
        "edition": link_obj.edition
    }
    form = LineageForm(request.POST or None, instance=link_obj)
    back = redirect("concepts:lineage_list", body=body, edition=link_obj.edition.public_id)
    if request.method == "POST" and form.is_valid():
        try:
            lineage.lineage_update(
                user=request.user,
                link=link_obj,  # type: ignore[arg-type]
                expected_version=form.cleaned_data["version"],
                reason=form.cleaned_data["reason"],
            )
        except ConflictError as conflict:
            return conflict_response(request, form=form, current=conflict.current, context=context)
        messages.success(request, _("The reason has been saved."))
        return back
    return render(
        request,
        "concepts/form.html",
        context
        | {
            "form": form,
            "heading": _("Reason for: %(link)s") % {"link": link_obj},
            "cancel_url": back.url,
        },
    )
