"""Progress: the overview per edition, the measure page with its timeline, recording and
reviewing updates, the tracking plan and the evidence files."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from teilhabe.concepts import selectors as concept_selectors
from teilhabe.concepts.models import FieldOfAction, Objective
from teilhabe.core import selectors as core_selectors
from teilhabe.core.services import ConflictError
from teilhabe.core.traffic import Light
from teilhabe.core.views import add_service_errors, conflict_response, form_page

from .. import selectors, services
from ..forms import PlanForm, ProgressForm, ReviewForm
from .common import context_of, coordinator_body, member_body
from .today import light_chart


@login_required
@require_GET
def overview(request: HttpRequest, body: str) -> HttpResponse:
    """Every measure of an edition (the one in force unless ``?edition=``) with its state,
    filters by field of action, light and lead actor, and the weighted roll-up."""
    body_obj = member_body(request, body)
    edition = selectors.edition_for_member(
        user=request.user, body=body_obj, public_id=request.GET.get("edition", "")
    )
    context = context_of(request, body_obj, "progress") | {
        "edition": edition,
        "editions": concept_selectors.editions_for_user(user=request.user, body=body_obj),
        "lights": Light.choices,
    }
    if edition is None:
        return render(request, "tracking/progress.html", context)
    today = timezone.localdate()
    states = selectors.measure_states(edition, today=today)
    filters = selectors.StateFilter(
        field=request.GET.get("field", ""),
        light=request.GET.get("light", ""),
        actor=request.GET.get("actor", ""),
    )
    shown = selectors.filter_states(states.values(), filters)
    rollup = selectors.rollup(edition, states)
    fields = list(FieldOfAction.objects.filter(edition=edition).order_by("position", "id"))
    objectives = list(Objective.objects.filter(edition=edition).order_by("position", "id"))
    counts = selectors.light_counts(shown)
    context |= {
        "states": shown,
        "filters": filters,
        "fields": fields,
        "actors": concept_selectors.actors_of(body_obj),
        "rollup": rollup,
        "field_rows": [
            {"field": f, "value": rollup.fields.get(f.pk), "weight": rollup.field_weights[f.pk]}
            for f in fields
        ],
        "objective_rows": [
            {"objective": o, "value": rollup.objectives.get(o.pk)}
            for o in objectives
            if o.pk in rollup.objectives
        ],
        "counts": counts,
        "chart": mark_safe(  # noqa: S308 - our own SVG, texts escaped
            light_chart(counts, title=_("Measures by traffic light"), chart_id="progress")
        ),
        "is_in_force": selectors.is_tracked_edition(edition),
    }
    return render(request, "tracking/progress.html", context)


@login_required
@require_GET
def measure(request: HttpRequest, body: str, measure: str) -> HttpResponse:
    body_obj = member_body(request, body)
    measure_obj = selectors.measure_get_for_member(
        user=request.user, body=body_obj, public_id=measure
    )
    state = None
    if selectors.is_tracked(measure_obj):
        state = selectors.measure_states(measure_obj.edition, today=timezone.localdate()).get(
            measure_obj.pk
        )
    timeline = selectors.measure_timeline(user=request.user, measure=measure_obj)
    return render(
        request,
        "tracking/measure.html",
        context_of(request, body_obj, "progress")
        | {
            "measure": measure_obj,
            "state": state,
            "timeline": timeline,
            "plan": services.plan_of(measure_obj),
            "can_report": selectors.can_report(request.user, measure_obj),
            "tracked": selectors.is_tracked(measure_obj),
        },
    )


def _reportable(request: HttpRequest, body: str, measure: str) -> tuple[Any, Any]:
    """The body and the measure if the user may report on it: 404 for a measure that is not
    tracked (not in the edition in force), 403 for members who may not report."""
    body_obj = member_body(request, body)
    measure_obj = selectors.measure_get_for_member(
        user=request.user, body=body_obj, public_id=measure
    )
    if not selectors.is_tracked(measure_obj):
        raise Http404
    if not selectors.can_report(request.user, measure_obj):
        raise PermissionDenied
    return body_obj, measure_obj


@login_required
@require_http_methods(["GET", "POST"])
def update_create(request: HttpRequest, body: str, measure: str) -> HttpResponse:
    """Record a Sachstand: a coordinator's counts at once, a contributor's waits for review."""
    body_obj, measure_obj = _reportable(request, body, measure)
    coordinator = core_selectors.is_coordinator(request.user, body_obj)
    form = ProgressForm(
        request.POST or None,
        request.FILES or None,
        statuses=selectors.status_options(body_obj),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                update = services.progress_record(
                    user=request.user,  # type: ignore[arg-type]
                    measure=measure_obj,
                    date=data["date"],
                    status=data["status"],
                    percent=data["percent"],
                    narrative=data["narrative"],
                    accepted=coordinator,
                )
                if data.get("evidence") is not None:
                    services.evidence_attach(
                        user=request.user,  # type: ignore[arg-type]
                        update=update,
                        upload=data["evidence"],
                    )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The update has been saved.")
                if coordinator
                else _("The update has been sent; the coordination office will review it."),
            )
            return redirect("tracking:measure", body=body, measure=measure_obj.public_id)
    return render(
        request,
        "tracking/update_form.html",
        context_of(request, body_obj, "progress")
        | {"form": form, "measure": measure_obj, "coordinator": coordinator},
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_edit(request: HttpRequest, body: str, measure: str) -> HttpResponse:
    body_obj = coordinator_body(request, body)
    measure_obj = selectors.measure_get_for_member(
        user=request.user, body=body_obj, public_id=measure
    )
    plan = services.plan_of(measure_obj)
    form = PlanForm(request.POST or None, instance=plan if plan.pk else None)
    if plan.pk is None and not form.is_bound:
        form.initial |= {"weight": plan.weight, "update_interval_months": 6}
    context = context_of(request, body_obj, "progress") | {
        "form": form,
        "measure": measure_obj,
        "title": _("Tracking plan: %(measure)s") % {"measure": measure_obj.title},
        "back": ("tracking:measure", measure_obj.public_id),
    }
    return form_page(
        request,
        form=form,
        template="tracking/form.html",
        context=context,
        save=lambda: services.measure_plan_set(
            user=request.user,  # type: ignore[arg-type]
            measure=measure_obj,
            weight=form.cleaned_data["weight"],
            interval_months=form.cleaned_data["update_interval_months"],
            expected_version=form.cleaned_data.get("version") or 0,
        ),
        success=_("The tracking plan has been saved."),
        done=lambda _saved: redirect("tracking:measure", body=body, measure=measure_obj.public_id),
    )


@login_required
@require_GET
def evidence(request: HttpRequest, body: str, evidence: str) -> FileResponse:
    """An evidence file, for the members of the body (the selector checks it)."""
    body_obj = member_body(request, body)
    item = selectors.evidence_get_for_member(user=request.user, body=body_obj, public_id=evidence)
    try:
        handle = item.content.open("rb")
    except (FileNotFoundError, ValueError) as exc:
        raise Http404 from exc
    return FileResponse(
        handle,
        as_attachment=True,
        filename=item.name,
        content_type=item.mime_type or "application/octet-stream",
    )


# --- review -----------------------------------------------------------------------------------


@login_required
@require_GET
def review_list(request: HttpRequest, body: str) -> HttpResponse:
    body_obj = coordinator_body(request, body)
    return render(
        request,
        "tracking/review_list.html",
        context_of(request, body_obj, "review")
        | {"pending": selectors.pending_updates(body_obj).prefetch_related("evidence")},
    )


@login_required
@require_http_methods(["GET", "POST"])
def review(request: HttpRequest, body: str, update: str) -> HttpResponse:
    """Accept (optionally corrected) or reject a pending update. A second, concurrent review
    gets the conflict page and changes nothing."""
    body_obj = coordinator_body(request, body)
    item = selectors.update_get_for_coordinator(user=request.user, body=body_obj, public_id=update)
    form = ReviewForm(
        request.POST or None, instance=item, statuses=selectors.status_options(body_obj)
    )
    context = context_of(request, body_obj, "review") | {
        "form": form,
        "update": item,
        "measure": item.measure,
    }
    if request.method == "POST" and form.is_valid():
        accept = form.cleaned_data["decision"] == ReviewForm.ACCEPT
        try:
            services.progress_review(
                user=request.user,  # type: ignore[arg-type]
                update=item,
                accept=accept,
                expected_version=form.cleaned_data["version"],
                note=form.cleaned_data["note"],
                corrections=form.corrections() if accept else None,
            )
        except ConflictError as conflict:
            return conflict_response(request, form=form, current=conflict.current, context=context)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The update has been accepted.")
                if accept
                else _("The update has been rejected."),
            )
            return redirect("tracking:review_list", body=body)
    return render(request, "tracking/review.html", context)
