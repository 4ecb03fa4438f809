"""The recipient's pages (no account): ``/fragebogen/<token>/`` and the thank-you page.

An unknown link is a friendly 404 page, an expired or revoked link, a closed questionnaire
and an invitation answered already a friendly 410 page ("gone"); never a traceback.
"Zwischenspeichern" keeps the answers in the invitation's draft, "Absenden" checks them on the
server (required questions, options, scale, conditions) and stores the response; a second
submission is refused with the "already answered" page.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from ..models import Invitation
from . import logic, selectors, services

TEMPLATE_GONE = "participation/questionnaire/public_gone.html"


def _gone(request: HttpRequest, state: str, invitation: Invitation | None) -> HttpResponse:
    return render(
        request,
        TEMPLATE_GONE,
        {
            "state": state,
            "questionnaire": invitation.questionnaire if invitation else None,
            "public_page": True,
        },
        status=404 if state == selectors.UNKNOWN else 410,
    )


def _no_store(response: HttpResponse) -> HttpResponse:
    # The link is the key: no caching. (The site's Referrer-Policy "same-origin" keeps it
    # from other sites; "no-referrer" would make browsers send "Origin: null" and fail CSRF.)
    response["Cache-Control"] = "no-store"
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def questionnaire_form(request: HttpRequest, token: str) -> HttpResponse:
    invitation, state = selectors.invitation_by_token(token)
    if invitation is None or state != selectors.VALID:
        return _no_store(_gone(request, state, invitation))
    questionnaire = invitation.questionnaire
    questions = logic.ordered_questions(questionnaire)
    rows = logic.matrix_rows(questionnaire)
    values: dict[str, Any] = dict(invitation.draft or {})
    errors: dict[str, str] = {}
    if request.method == "POST":
        raw = logic.read_form(questions, request.POST, rows)
        final = "submit" in request.POST
        checked = logic.check(questions, raw, rows, final=final)
        try:
            if final and checked.ok:
                services.response_submit(invitation=invitation, values=checked.values)
                return redirect("questionnaire_public:thanks", token=token)
            if not final:
                services.draft_save(invitation=invitation, values=checked.values)
                messages.success(
                    request,
                    _(
                        "Your answers have been saved. You can continue later with the same "
                        "link; they are sent only when you press “Submit”."
                    ),
                )
                return redirect("questionnaire_public:form", token=token)
        except services.AlreadySubmitted:
            return _no_store(_gone(request, selectors.SUBMITTED, invitation))
        except services.LinkInvalid:
            return _no_store(_gone(request, selectors.invitation_state(invitation), invitation))
        values, errors = logic.values_from_raw(questions, raw), checked.errors
    response = render(
        request,
        "participation/questionnaire/public_form.html",
        {
            "questionnaire": questionnaire,
            "invitation": invitation,
            "blocks": logic.form_blocks(questions, rows, values, errors),
            "errors": errors,
            "public_page": True,
            "has_draft": bool(invitation.draft),
        },
    )
    return _no_store(response)


@never_cache
@require_GET
def questionnaire_thanks(request: HttpRequest, token: str) -> HttpResponse:
    invitation, state = selectors.invitation_by_token(token)
    if invitation is None:
        return _no_store(_gone(request, state, invitation))
    if state == selectors.VALID:
        return redirect("questionnaire_public:form", token=token)
    if state != selectors.SUBMITTED:
        return _no_store(_gone(request, state, invitation))
    return _no_store(
        render(
            request,
            "participation/questionnaire/public_thanks.html",
            {"questionnaire": invitation.questionnaire, "public_page": True},
        )
    )
