"""The inputs of a process: workshops with their cards, statements with their responses, and
the moderation queue of public comments."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from teilhabe.core.models import Body
from teilhabe.core.services import ConflictError
from teilhabe.core.views import add_service_errors, form_page

from .. import comments, selectors, services
from ..forms import CardForm, ModerationForm, ResponseForm, StatementForm, WorkshopForm
from ..models import Channel, Workshop
from .common import context, coordinator_body, member_body


def _process_url(body: str, process: Any) -> str:
    return reverse(
        "participation:process_detail", kwargs={"body": body, "process": process.public_id}
    )


# --- workshops --------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def workshop_create(request: HttpRequest, body: str, process: str) -> HttpResponse:
    body_obj = coordinator_body(request, body)
    process_obj = selectors.process_get_for_user(
        user=request.user, body=body_obj, public_id=process
    )
    form = WorkshopForm(request.POST or None, process=process_obj)
    if request.method == "POST" and form.is_valid():
        data, m2m = form.data_and_m2m()
        try:
            workshop = services.workshop_create(
                user=request.user,  # type: ignore[arg-type]
                process=process_obj,
                data=data,
                fields=m2m.get("fields", []),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The workshop has been recorded."))
            return redirect("participation:workshop_detail", body=body, workshop=workshop.public_id)
    return render(
        request,
        "participation/form.html",
        context(
            request,
            body_obj,
            form=form,
            heading=_("New workshop"),
            process=process_obj,
            intro=_("Record organisations and head counts; no personal names are needed."),
            cancel_url=_process_url(body, process_obj),
        ),
    )


def _workshop_page(
    request: HttpRequest, body: Body, workshop: Workshop, card_form: CardForm | None = None
) -> HttpResponse:
    return render(
        request,
        "participation/workshop_detail.html",
        context(
            request,
            body,
            workshop=workshop,
            process=workshop.process,
            cards=selectors.cards_of(workshop),
            card_form=card_form or CardForm(process=workshop.process),
        ),
        status=400 if card_form is not None and card_form.errors else 200,
    )


@login_required
@require_GET
def workshop_detail(request: HttpRequest, body: str, workshop: str) -> HttpResponse:
    body_obj = member_body(request, body)
    workshop_obj = selectors.workshop_get_for_user(
        user=request.user, body=body_obj, public_id=workshop
    )
    return _workshop_page(request, body_obj, workshop_obj)


@login_required
@require_http_methods(["GET", "POST"])
def workshop_edit(request: HttpRequest, body: str, workshop: str) -> HttpResponse:
    body_obj = coordinator_body(request, body)
    workshop_obj = selectors.workshop_get_for_user(
        user=request.user, body=body_obj, public_id=workshop
    )
    form = WorkshopForm(request.POST or None, instance=workshop_obj, process=workshop_obj.process)
    detail = reverse("participation:workshop_detail", kwargs={"body": body, "workshop": workshop})
    ctx = context(
        request,
        body_obj,
        form=form,
        heading=_("Edit workshop"),
        process=workshop_obj.process,
        cancel_url=detail,
    )
    return form_page(
        request,
        form=form,
        template="participation/form.html",
        context=ctx,
        save=lambda: services.workshop_update(
            user=request.user,  # type: ignore[arg-type]
            workshop=workshop_obj,
            expected_version=form.cleaned_data["version"],
            data=form.data_and_m2m()[0],
            fields=form.data_and_m2m()[1].get("fields", []),
        ),
        success=_("The workshop has been saved."),
        done=lambda _saved: redirect(detail),
    )


@login_required
@require_POST
def card_create(request: HttpRequest, body: str, workshop: str) -> HttpResponse:
    body_obj = coordinator_body(request, body)
    workshop_obj = selectors.workshop_get_for_user(
        user=request.user, body=body_obj, public_id=workshop
    )
    form = CardForm(request.POST, process=workshop_obj.process)
    if form.is_valid():
        try:
            services.card_create(
                user=request.user,  # type: ignore[arg-type]
                workshop=workshop_obj,
                text=form.cleaned_data["text"],
                field=form.cleaned_data["field"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The card has been added."))
            return redirect("participation:workshop_detail", body=body, workshop=workshop)
    return _workshop_page(request, body_obj, workshop_obj, form)


# --- statements -------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def statement_create(request: HttpRequest, body: str, process: str) -> HttpResponse:
    body_obj = coordinator_body(request, body)
    process_obj = selectors.process_get_for_user(
        user=request.user, body=body_obj, public_id=process
    )
    form = StatementForm(
        request.POST or None, body=body_obj, initial={"channel": Channel.MIGRANT_COUNCIL}
    )
    if request.method == "POST" and form.is_valid():
        data, _m2m = form.data_and_m2m()
        try:
            statement = services.statement_create(
                user=request.user,  # type: ignore[arg-type]
                process=process_obj,
                data=data,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The statement has been recorded."))
            return redirect(
                "participation:statement_detail", body=body, statement=statement.public_id
            )
    return render(
        request,
        "participation/form.html",
        context(
            request,
            body_obj,
            form=form,
            heading=_("New statement"),
            process=process_obj,
            cancel_url=_process_url(body, process_obj),
        ),
    )


@login_required
@require_GET
def statement_detail(request: HttpRequest, body: str, statement: str) -> HttpResponse:
    body_obj = member_body(request, body)
    statement_obj = selectors.statement_get_for_user(
        user=request.user, body=body_obj, public_id=statement
    )
    return render(
        request,
        "participation/statement_detail.html",
        context(
            request,
            body_obj,
            statement=statement_obj,
            process=statement_obj.process,
            overdue=selectors.is_overdue(statement_obj),
            proposals=[link.proposal for link in statement_obj.proposal_inputs.all()],
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def statement_edit(request: HttpRequest, body: str, statement: str) -> HttpResponse:
    body_obj = coordinator_body(request, body)
    statement_obj = selectors.statement_get_for_user(
        user=request.user, body=body_obj, public_id=statement
    )
    detail = reverse(
        "participation:statement_detail", kwargs={"body": body, "statement": statement}
    )
    form = StatementForm(request.POST or None, instance=statement_obj, body=body_obj)
    ctx = context(
        request,
        body_obj,
        form=form,
        heading=_("Edit statement"),
        process=statement_obj.process,
        cancel_url=detail,
    )
    return form_page(
        request,
        form=form,
        template="participation/form.html",
        context=ctx,
        save=lambda: services.statement_update(
            user=request.user,  # type: ignore[arg-type]
            statement=statement_obj,
            expected_version=form.cleaned_data["version"],
            data=form.data_and_m2m()[0],
        ),
        success=_("The statement has been saved."),
        done=lambda _saved: redirect(detail),
    )


@login_required
@require_http_methods(["GET", "POST"])
def statement_respond(request: HttpRequest, body: str, statement: str) -> HttpResponse:
    body_obj = coordinator_body(request, body)
    statement_obj = selectors.statement_get_for_user(
        user=request.user, body=body_obj, public_id=statement
    )
    detail = reverse(
        "participation:statement_detail", kwargs={"body": body, "statement": statement}
    )
    form = ResponseForm(
        request.POST or None,
        instance=statement_obj,
        initial={"responded": statement_obj.responded or timezone.localdate()},
    )
    ctx = context(
        request,
        body_obj,
        form=form,
        heading=_("Response to “%(title)s”") % {"title": statement_obj.title},
        intro=statement_obj.requested_response,
        process=statement_obj.process,
        cancel_url=detail,
    )
    return form_page(
        request,
        form=form,
        template="participation/form.html",
        context=ctx,
        save=lambda: services.statement_respond(
            user=request.user,  # type: ignore[arg-type]
            statement=statement_obj,
            expected_version=form.cleaned_data["version"],
            response=form.cleaned_data["response"],
            responded=form.cleaned_data["responded"],
        ),
        success=_("The response has been recorded."),
        done=lambda _saved: redirect(detail),
    )


# --- moderation -------------------------------------------------------------------------


@login_required
@require_GET
def moderation(request: HttpRequest, body: str, process: str) -> HttpResponse:
    body_obj = coordinator_body(request, body)
    process_obj = selectors.process_get_for_user(
        user=request.user, body=body_obj, public_id=process
    )
    queue = selectors.moderation_queue(user=request.user, process=process_obj)
    return render(
        request,
        "participation/moderation.html",
        context(request, body_obj, process=process_obj, comments=queue),
    )


@login_required
@require_POST
def comment_moderate(request: HttpRequest, body: str, comment: str) -> HttpResponse:
    body_obj = coordinator_body(request, body)
    comment_obj = selectors.comment_get_for_coordinator(
        user=request.user, body=body_obj, public_id=comment
    )
    back = reverse(
        "participation:moderation",
        kwargs={"body": body, "process": comment_obj.process.public_id},
    )
    form = ModerationForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose publish or do not publish."))
        return redirect(back)
    try:
        comments.comment_moderate(
            user=request.user,  # type: ignore[arg-type]
            comment=comment_obj,
            expected_version=form.cleaned_data["version"],
            state=form.cleaned_data["state"],
            note=form.cleaned_data["note"],
        )
    except ConflictError:
        messages.error(request, _("Somebody else has moderated this comment meanwhile."))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The comment has been moderated."))
    return redirect(back)
