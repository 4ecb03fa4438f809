"""The invitations of a questionnaire (coordinators): add an actor or an address, invite a
whole category of actors, send, remind, revoke, a new link, and who has not answered yet.

A plain link is shown once: right after it was made, from the session, then it is gone.
"""

from __future__ import annotations

import datetime
import smtplib
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ..models import Invitation, Questionnaire
from . import selectors, services
from .forms import BulkInvitationForm, InvitationForm
from .views import _context, _managed, add_errors

SESSION_KEY = "questionnaire_new_links"


def _expiry(day: datetime.date | None) -> datetime.datetime | None:
    if day is None:
        return None
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(23, 59, 59)))


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/")


def _remember(request: HttpRequest, invitation: Invitation, token: str) -> None:
    links = request.session.get(SESSION_KEY, [])
    links.append(
        {
            "recipient": str(invitation),
            "link": services.public_link(_base_url(request), token),
        }
    )
    request.session[SESSION_KEY] = links


def _page(body: str, questionnaire: Questionnaire) -> HttpResponse:
    return redirect(
        "participation:questionnaire_invitations",
        body=body,
        questionnaire=questionnaire.public_id,
    )


def _mail_failed(request: HttpRequest, invitation: Invitation) -> None:
    messages.error(
        request,
        _("The e-mail to %(to)s could not be sent; please try again later.")
        % {"to": invitation.email},
    )


@login_required
@require_http_methods(["GET", "POST"])
def invitations(request: HttpRequest, body: str, questionnaire: UUID) -> HttpResponse:
    body_obj, obj = _managed(request, body, questionnaire)
    form = InvitationForm(request.POST if request.method == "POST" else None, body=body_obj)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            invitation, token = services.invitation_create(
                user=request.user,  # type: ignore[arg-type]
                questionnaire=obj,
                actor=data["actor"],
                email=data["email"] or "",
                expires=_expiry(data["expires"]),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            if data["send_now"] and invitation.email:
                try:
                    token = services.invitation_send(
                        user=request.user,  # type: ignore[arg-type]
                        invitation=invitation,
                        base_url=_base_url(request),
                    )
                except (smtplib.SMTPException, OSError):
                    _mail_failed(request, invitation)
                else:
                    messages.success(
                        request,
                        _("The invitation has been sent to %(to)s.") % {"to": invitation.email},
                    )
            else:
                messages.success(request, _("The invitation has been made."))
            _remember(request, invitation, token)
            return _page(body, obj)
    rows = [
        {"invitation": i, "state": selectors.invitation_state(i)}
        for i in selectors.invitations_of(user=request.user, body=body_obj, questionnaire=obj)
    ]
    return render(
        request,
        "participation/questionnaire/invitations.html",
        _context(
            request,
            body_obj,
            questionnaire=obj,
            process=obj.process,
            form=form,
            bulk_form=BulkInvitationForm(),
            rows=rows,
            open_rows=[r for r in rows if r["state"] == selectors.VALID],
            new_links=request.session.pop(SESSION_KEY, []),
        ),
    )


@login_required
@require_POST
def invite_bulk(request: HttpRequest, body: str, questionnaire: UUID) -> HttpResponse:
    _body_obj, obj = _managed(request, body, questionnaire)
    form = BulkInvitationForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a category of actors."))
        return _page(body, obj)
    try:
        made = services.invitations_create_for_category(
            user=request.user,  # type: ignore[arg-type]
            questionnaire=obj,
            category=form.cleaned_data["category"],
            expires=_expiry(form.cleaned_data["expires"]),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return _page(body, obj)
    for invitation, token in made:
        _remember(request, invitation, token)
    if made:
        messages.success(
            request,
            _("%(n)d invitations have been made; send them from the list below.")
            % {"n": len(made)},
        )
    else:
        messages.info(request, _("Every actor of this category has been invited already."))
    return _page(body, obj)


def _one(request: HttpRequest, body: str, questionnaire: UUID, invitation: UUID) -> Any:
    _body_obj, obj = _managed(request, body, questionnaire)
    return obj, selectors.invitation_get(questionnaire=obj, public_id=invitation)


def _send(request: HttpRequest, invitation: Invitation, *, reminder: bool) -> bool:
    try:
        token = services.invitation_send(
            user=request.user,  # type: ignore[arg-type]
            invitation=invitation,
            base_url=_base_url(request),
            reminder=reminder,
        )
    except ValidationError as error:
        messages.error(request, f"{invitation}: {' '.join(error.messages)}")
        return False
    except (smtplib.SMTPException, OSError):
        _mail_failed(request, invitation)
        return False
    _remember(request, invitation, token)
    return True


@login_required
@require_POST
def invitation_send(
    request: HttpRequest, body: str, questionnaire: UUID, invitation: UUID
) -> HttpResponse:
    obj, invitation_obj = _one(request, body, questionnaire, invitation)
    reminder = invitation_obj.sent is not None
    if _send(request, invitation_obj, reminder=reminder):
        messages.success(
            request,
            (
                _("A reminder has been sent to %(to)s.")
                if reminder
                else _("The invitation has been sent to %(to)s.")
            )
            % {"to": invitation_obj.email},
        )
    return _page(body, obj)


@login_required
@require_POST
def invitations_remind(request: HttpRequest, body: str, questionnaire: UUID) -> HttpResponse:
    """Send every open invitation with an address: the invitation, or a reminder if sent."""
    body_obj, obj = _managed(request, body, questionnaire)
    sent = 0
    for invitation in selectors.invitations_of(user=request.user, body=body_obj, questionnaire=obj):
        if selectors.invitation_state(invitation) != selectors.VALID or not invitation.email:
            continue
        sent += _send(request, invitation, reminder=invitation.sent is not None)
    request.session.pop(SESSION_KEY, None)  # the links are in the e-mails
    messages.success(request, _("%(n)d e-mails have been sent.") % {"n": sent})
    return _page(body, obj)


@login_required
@require_POST
def invitation_link(
    request: HttpRequest, body: str, questionnaire: UUID, invitation: UUID
) -> HttpResponse:
    obj, invitation_obj = _one(request, body, questionnaire, invitation)
    try:
        token = services.invitation_new_link(user=request.user, invitation=invitation_obj)  # type: ignore[arg-type]
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        _remember(request, invitation_obj, token)
        messages.success(request, _("A new link has been made; the earlier one no longer works."))
    return _page(body, obj)


@login_required
@require_POST
def invitation_revoke(
    request: HttpRequest, body: str, questionnaire: UUID, invitation: UUID
) -> HttpResponse:
    obj, invitation_obj = _one(request, body, questionnaire, invitation)
    try:
        services.invitation_revoke(user=request.user, invitation=invitation_obj)  # type: ignore[arg-type]
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("The invitation of %(to)s has been revoked.") % {"to": invitation_obj}
        )
    return _page(body, obj)
