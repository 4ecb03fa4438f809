"""Create, edit, reorder and delete the items of an edition's tree; merge and split measures."""

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from teilhabe.core import selectors as core_selectors
from teilhabe.core.models import Body
from teilhabe.core.services import ConflictError
from teilhabe.core.views import add_service_errors, audit_rows, body_context, conflict_response

from .. import lineage, selectors, services
from ..forms import (
    ContributorMeasureForm,
    DeleteForm,
    FieldOfActionForm,
    GoalForm,
    MeasureForm,
    MergeForm,
    ObjectiveForm,
    PrincipleForm,
    SectionForm,
    SplitForm,
)
from ..models import FieldOfAction, Goal, Lineage, Measure, Objective, Principle, Section, TreeItem
from .common import member_edition, require_edit_edition
from .editions import edition_url

#: URL name of each item type → model and form.
KINDS: dict[str, tuple[type[TreeItem], Any]] = {
    "principle": (Principle, PrincipleForm),
    "section": (Section, SectionForm),
    "field": (FieldOfAction, FieldOfActionForm),
    "goal": (Goal, GoalForm),
    "objective": (Objective, ObjectiveForm),
    "measure": (Measure, MeasureForm),
}
SCOPED = {"goal", "objective", "measure"}


def kind_of(kind: str) -> tuple[type[TreeItem], Any]:
    if kind not in KINDS:
        raise Http404
    return KINDS[kind]


def make_form(
    kind: str, data: Any, *, edition: Any, instance: Any = None, initial: Any = None
) -> Any:
    form_class = KINDS[kind][1]
    extra = {"edition": edition} if kind in SCOPED else {}
    return form_class(data, instance=instance, initial=initial, **extra)


def item_anchor(item: TreeItem) -> str:
    return f"{edition_url(item.edition)}#{type(item).__name__.lower()}-{item.public_id}"


def get_item(request: HttpRequest, body: str, kind: str, item: UUID) -> tuple[Body, Any]:
    body_obj = core_selectors.body_get_for_member(user=request.user, slug=body)
    model, _form = kind_of(kind)
    return body_obj, selectors.item_get_for_user(
        user=request.user, body=body_obj, model=model, public_id=item
    )


@login_required
@require_http_methods(["GET", "POST"])
def item_create(request: HttpRequest, body: str, edition: UUID, kind: str) -> HttpResponse:
    model, _form = kind_of(kind)
    body_obj, edition_obj = member_edition(request, body, edition)
    require_edit_edition(request, edition_obj)
    initial = {}
    if kind in SCOPED and request.GET.get("field"):
        initial["field"] = FieldOfAction.objects.filter(
            edition=edition_obj, public_id=request.GET["field"]
        ).first()
    form = make_form(kind, request.POST or None, edition=edition_obj, initial=initial)
    if request.method == "POST" and form.is_valid():
        data, m2m = form.data_and_m2m()
        try:
            item = services.item_create(
                user=request.user, model=model, edition=edition_obj, data=data, m2m=m2m
            )  # type: ignore[arg-type]
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("“%(item)s” has been added.") % {"item": item})
            return redirect(item_anchor(item))
    return render(
        request,
        "concepts/form.html",
        body_context(request, body_obj, "editions")
        | {
            "form": form,
            "edition": edition_obj,
            "cancel_url": edition_url(edition_obj),
            "heading": _("New %(kind)s") % {"kind": model._meta.verbose_name},
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def item_edit(request: HttpRequest, body: str, kind: str, item: UUID) -> HttpResponse:
    body_obj, item_obj = get_item(request, body, kind, item)
    edition = item_obj.edition
    contributor_only = False
    if kind == "measure" and not selectors.can_edit_edition(request.user, edition):
        if not selectors.can_edit_measure(request.user, item_obj):
            raise PermissionDenied
        contributor_only = True
    elif kind != "measure":
        require_edit_edition(request, edition)
    if contributor_only:
        form = ContributorMeasureForm(request.POST or None, instance=item_obj)
    else:
        form = make_form(kind, request.POST or None, edition=edition, instance=item_obj)
    context = body_context(request, body_obj, "editions") | {"edition": edition}
    if request.method == "POST" and form.is_valid():
        data, m2m = form.data_and_m2m()
        try:
            services.item_update(
                user=request.user,
                item=item_obj,  # type: ignore[arg-type]
                expected_version=form.cleaned_data["version"],
                data=data,
                m2m=m2m,
            )
        except ConflictError as conflict:
            return conflict_response(request, form=form, current=conflict.current, context=context)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("“%(item)s” has been saved.")
                % {"item": form.cleaned_data.get("title", item_obj)},
            )
            if kind == "measure":
                return redirect("concepts:measure_detail", body=body, item=item)
            return redirect(item_anchor(item_obj))
    notice = ""
    if edition.status == edition.Status.IN_FORCE:
        notice = _(
            "This edition is in force. Changes are recorded in the audit log; changes of substance belong in a new edition (Fortschreibung)."
        )
    return render(
        request,
        "concepts/form.html",
        context
        | {
            "form": form,
            "cancel_url": item_anchor(item_obj),
            "notice": notice,
            "heading": _("Edit %(kind)s") % {"kind": type(item_obj)._meta.verbose_name},
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def item_delete(request: HttpRequest, body: str, kind: str, item: UUID) -> HttpResponse:
    body_obj, item_obj = get_item(request, body, kind, item)
    require_edit_edition(request, item_obj.edition)
    has_origin = kind == "measure" and Lineage.objects.filter(successor=item_obj).exists()
    form = DeleteForm(request.POST or None, instance=item_obj, require_reason=has_origin)
    children: list[Any] = []
    if isinstance(item_obj, FieldOfAction):
        children = [*item_obj.goals.all(), *item_obj.objectives.all(), *item_obj.measures.all()]
    context = body_context(request, body_obj, "editions") | {"edition": item_obj.edition}
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["version"] != item_obj.version:
            return conflict_response(request, form=form, current=item_obj, context=context)
        services.item_delete(user=request.user, item=item_obj, reason=form.cleaned_data["reason"])  # type: ignore[arg-type]
        messages.success(request, _("“%(item)s” has been deleted.") % {"item": item_obj})
        return redirect(edition_url(item_obj.edition))
    return render(
        request,
        "concepts/confirm_delete.html",
        context
        | {
            "object": item_obj,
            "form": form,
            "children": children,
            "cancel_url": item_anchor(item_obj),
            "heading": _("Delete %(kind)s “%(item)s”?")
            % {"kind": type(item_obj)._meta.verbose_name, "item": item_obj},
            "has_origin": has_origin,
        },
    )


@login_required
@require_POST
def item_move(request: HttpRequest, body: str, kind: str, item: UUID) -> HttpResponse:
    _body, item_obj = get_item(request, body, kind, item)
    require_edit_edition(request, item_obj.edition)
    direction = -1 if request.POST.get("direction") == "up" else 1
    services.item_move(user=request.user, item=item_obj, direction=direction)  # type: ignore[arg-type]
    return redirect(item_anchor(item_obj))


@login_required
@require_GET
def measure_detail(request: HttpRequest, body: str, item: UUID) -> HttpResponse:
    body_obj, measure = get_item(request, body, "measure", item)
    measure = selectors.measures_prefetched(Measure.objects.filter(pk=measure.pk)).get()
    context = body_context(request, body_obj, "editions") | {
        "edition": measure.edition,
        "measure": measure,
        "lineage": selectors.measure_lineage(measure),
        "can_edit": selectors.can_edit_measure(request.user, measure),
        "can_restructure": selectors.can_edit_edition(request.user, measure.edition),
    }
    if context["is_coordinator"]:
        context["history"] = audit_rows(
            core_selectors.audit_entries_for_object(
                user=request.user, body=body_obj, public_id=measure.public_id
            )[:20]
        )
    return render(request, "concepts/measure_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def measure_merge(request: HttpRequest, body: str, item: UUID) -> HttpResponse:
    body_obj, measure = get_item(request, body, "measure", item)
    require_edit_edition(request, measure.edition)
    form = MergeForm(request.POST or None, measure=measure)
    if request.method == "POST" and form.is_valid():
        target = lineage.measure_merge(
            user=request.user,
            source=measure,
            target=form.cleaned_data["target"],  # type: ignore[arg-type]
            reason=form.cleaned_data["reason"],
        )
        messages.success(request, _("The measures have been merged."))
        return redirect("concepts:measure_detail", body=body, item=target.public_id)
    return render(
        request,
        "concepts/form.html",
        body_context(request, body_obj, "editions")
        | {
            "form": form,
            "edition": measure.edition,
            "cancel_url": reverse("concepts:measure_detail", kwargs={"body": body, "item": item}),
            "heading": _("Merge “%(item)s” into another measure") % {"item": measure},
            "intro": _(
                "The measure is removed; its origins in the previous edition are recorded as merged into the measure you choose."
            ),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def measure_split(request: HttpRequest, body: str, item: UUID) -> HttpResponse:
    body_obj, measure = get_item(request, body, "measure", item)
    require_edit_edition(request, measure.edition)
    form = SplitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        part = lineage.measure_split(
            user=request.user,
            measure=measure,
            title=form.cleaned_data["title"],  # type: ignore[arg-type]
            reason=form.cleaned_data["reason"],
        )
        messages.success(request, _("The new measure has been created."))
        return redirect("concepts:measure_detail", body=body, item=part.public_id)
    return render(
        request,
        "concepts/form.html",
        body_context(request, body_obj, "editions")
        | {
            "form": form,
            "edition": measure.edition,
            "cancel_url": reverse("concepts:measure_detail", kwargs={"body": body, "item": item}),
            "heading": _("Split “%(item)s”") % {"item": measure},
            "intro": _(
                "A new measure takes over part of this one; both are recorded as split from the same origin."
            ),
        },
    )
