"""Processes and their phases; the list is the participation dashboard (open and due)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from teilhabe.core.views import add_service_errors, form_page

from .. import selectors, services
from ..forms import PhaseForm, ProcessForm
from ..models import Channel
from .common import context, coordinator_body, member_body


@login_required
@require_GET
def process_list(request: HttpRequest, body: str) -> HttpResponse:
    body_obj = member_body(request, body)
    today = timezone.localdate()
    return render(
        request,
        "participation/process_list.html",
        context(
            request,
            body_obj,
            processes=selectors.processes_for_user(user=request.user, body=body_obj),
            due=selectors.participation_due(user=request.user, body=body_obj, today=today),
            today=today,
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def process_create(request: HttpRequest, body: str) -> HttpResponse:
    body_obj = coordinator_body(request, body)
    form = ProcessForm(request.POST or None, body=body_obj)
    if request.method == "POST" and form.is_valid():
        try:
            process = services.process_create(
                user=request.user,  # type: ignore[arg-type]
                edition=form.cleaned_data["edition"],
                title=form.cleaned_data["title"],
                description=form.cleaned_data["description"],
                source_note=form.cleaned_data["source_note"],
                channels=form.cleaned_data["channels"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The participation process has been created."))
            return redirect("participation:process_detail", body=body, process=process.public_id)
    return render(
        request,
        "participation/form.html",
        context(
            request,
            body_obj,
            form=form,
            heading=_("New participation process"),
            cancel_url=reverse("participation:process_list", kwargs={"body": body}),
        ),
    )


@login_required
@require_GET
def process_detail(request: HttpRequest, body: str, process: str) -> HttpResponse:
    body_obj = member_body(request, body)
    process_obj = selectors.process_get_for_user(
        user=request.user, body=body_obj, public_id=process
    )
    today = timezone.localdate()
    phases = [(p, selectors.phase_state(p, today)) for p in process_obj.phases.all()]
    statements = [(s, selectors.is_overdue(s, today)) for s in selectors.statements_of(process_obj)]
    return render(
        request,
        "participation/process_detail.html",
        context(
            request,
            body_obj,
            process=process_obj,
            edition=process_obj.edition,
            channels=[Channel(c) for c in process_obj.channels],
            phases=phases,
            workshops=selectors.workshops_of(process_obj),
            statements=statements,
            due=selectors.process_due(process_obj, today),
            public_phase=selectors.open_public_phase(process=process_obj, today=today),
            report=selectors.channel_report(process_obj),
            proposal_count=process_obj.proposals.count(),
            all_channels=Channel.choices,
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def process_edit(request: HttpRequest, body: str, process: str) -> HttpResponse:
    body_obj = coordinator_body(request, body)
    process_obj = selectors.process_get_for_user(
        user=request.user, body=body_obj, public_id=process
    )
    form = ProcessForm(
        request.POST or None,
        instance=process_obj,
        body=body_obj,
        initial={"channels": process_obj.channels},
    )
    ctx = context(
        request,
        body_obj,
        form=form,
        heading=_("Edit participation process"),
        cancel_url=reverse(
            "participation:process_detail", kwargs={"body": body, "process": process}
        ),
    )
    return form_page(
        request,
        form=form,
        template="participation/form.html",
        context=ctx,
        save=lambda: services.process_update(
            user=request.user,  # type: ignore[arg-type]
            process=process_obj,
            expected_version=form.cleaned_data["version"],
            data=form.data_and_m2m()[0],
        ),
        success=_("The participation process has been saved."),
        done=lambda _saved: redirect("participation:process_detail", body=body, process=process),
    )


@login_required
@require_http_methods(["GET", "POST"])
def phase_create(request: HttpRequest, body: str, process: str) -> HttpResponse:
    body_obj = coordinator_body(request, body)
    process_obj = selectors.process_get_for_user(
        user=request.user, body=body_obj, public_id=process
    )
    form = PhaseForm(request.POST or None, initial={"channel": request.GET.get("channel", "")})
    if request.method == "POST" and form.is_valid():
        try:
            services.phase_create(
                user=request.user,  # type: ignore[arg-type]
                process=process_obj,
                channel=form.cleaned_data["channel"],
                title=form.cleaned_data["title"],
                start=form.cleaned_data["start"],
                end=form.cleaned_data["end"],
                description=form.cleaned_data["description"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The phase has been added."))
            return redirect("participation:process_detail", body=body, process=process)
    return render(
        request,
        "participation/form.html",
        context(
            request,
            body_obj,
            form=form,
            heading=_("New phase"),
            process=process_obj,
            edition=process_obj.edition,
            intro=_(
                "A public comment phase (channel “Public”) needs an edition in consultation. "
                "While it runs, the draft and the comment form are on the public pages."
            ),
            cancel_url=reverse(
                "participation:process_detail", kwargs={"body": body, "process": process}
            ),
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def phase_edit(request: HttpRequest, body: str, phase: str) -> HttpResponse:
    body_obj = coordinator_body(request, body)
    phase_obj = selectors.phase_get_for_user(user=request.user, body=body_obj, public_id=phase)
    process_url = reverse(
        "participation:process_detail",
        kwargs={"body": body, "process": phase_obj.process.public_id},
    )
    form = PhaseForm(request.POST or None, instance=phase_obj)
    ctx = context(
        request,
        body_obj,
        form=form,
        heading=_("Edit phase"),
        process=phase_obj.process,
        cancel_url=process_url,
        delete_url=reverse("participation:phase_delete", kwargs={"body": body, "phase": phase}),
    )
    return form_page(
        request,
        form=form,
        template="participation/form.html",
        context=ctx,
        save=lambda: services.phase_update(
            user=request.user,  # type: ignore[arg-type]
            phase=phase_obj,
            expected_version=form.cleaned_data["version"],
            data=form.data_and_m2m()[0],
        ),
        success=_("The phase has been saved."),
        done=lambda _saved: redirect(process_url),
    )


@login_required
@require_POST
def phase_delete(request: HttpRequest, body: str, phase: str) -> HttpResponse:
    body_obj = coordinator_body(request, body)
    phase_obj = selectors.phase_get_for_user(user=request.user, body=body_obj, public_id=phase)
    services.phase_delete(user=request.user, phase=phase_obj)  # type: ignore[arg-type]
    messages.success(request, _("The phase has been deleted."))
    return redirect("participation:process_detail", body=body, process=phase_obj.process.public_id)
