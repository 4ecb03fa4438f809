"""Maßnahmenabfrage for coordinators: surveys, their links, sending and revoking.

The plain token of a link is shown only in the response to creating or re-sending it (the
page is rendered directly, not after a redirect, so the token never lands in the session).
"""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from teilhabe.concepts.models import Actor
from teilhabe.concepts.selectors import edition_in_force
from teilhabe.core.models import Body, User
from teilhabe.core.services import ConflictError
from teilhabe.core.tokens import TokenState
from teilhabe.core.views import add_service_errors

from .. import surveys
from ..forms import DateInput
from ..models import StatusOption, Survey
from ..selectors import status_options
from .common import context_of, coordinator_body


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _url_for(request: HttpRequest) -> surveys.UrlFor:
    def url_for(token: str) -> str:
        return request.build_absolute_uri(
            reverse("tracking_public:survey_answer", kwargs={"token": token})
        )

    return url_for


class SurveyForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200)
    message = forms.CharField(
        label=gettext_lazy("Message to the actors"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("Appears in the e-mail and on the answer page."),
    )
    due = forms.DateField(label=gettext_lazy("Answer by"), widget=DateInput())
    actors = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Responsible actors"),
        queryset=Actor.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": gettext_lazy("Choose at least one responsible actor.")},
    )
    send_now = forms.BooleanField(
        label=gettext_lazy("Send the e-mails now"), required=False, initial=True
    )

    def __init__(self, *args: Any, actors: list[Actor], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.actor_list = actors
        field = self.fields["actors"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = Actor.objects.filter(pk__in=[a.pk for a in actors])
        field.initial = [a.pk for a in actors]
        for actor in actors:
            contacts = surveys.contact_emails(actor)
            self.fields[f"email_{actor.pk}"] = forms.EmailField(
                label=_("E-mail address for %(actor)s") % {"actor": actor.name},
                required=False,
                help_text=(
                    _("Empty: to the contact persons (%(emails)s).")
                    % {"emails": ", ".join(contacts)}
                    if contacts
                    else _("Empty: no contact person has an e-mail address; hand the link over.")
                ),
            )

    def rows(self) -> list[dict[str, Any]]:
        chosen = {str(v) for v in (self["actors"].value() or [])}
        return [
            {"actor": a, "checked": str(a.pk) in chosen, "email": self[f"email_{a.pk}"]}
            for a in self.actor_list
        ]

    def emails(self) -> dict[int, str]:
        return {a.pk: self.cleaned_data.get(f"email_{a.pk}") or "" for a in self.actor_list}


@login_required
@require_GET
def survey_list(request: HttpRequest, body: str) -> HttpResponse:
    body_obj = coordinator_body(request, body)
    return render(
        request,
        "tracking/survey_list.html",
        context_of(request, body_obj, "surveys")
        | {
            "surveys": surveys.surveys_for(user=request.user, body=body_obj),
            "edition": edition_in_force(body=body_obj),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def survey_create(request: HttpRequest, body: str) -> HttpResponse:
    body_obj = coordinator_body(request, body)
    context = context_of(request, body_obj, "surveys")
    edition = edition_in_force(body=body_obj)
    actors = list(surveys.responsible_actors(edition)) if edition else []
    form = SurveyForm(request.POST or None, actors=actors)
    if request.method == "POST" and edition is not None and form.is_valid():
        try:
            survey, issued = surveys.survey_create(
                user=_user(request),
                body=body_obj,
                title=form.cleaned_data["title"],
                message=form.cleaned_data["message"],
                due=form.cleaned_data["due"],
                actors=form.cleaned_data["actors"],
                emails=form.emails(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if form.cleaned_data["send_now"]:
                surveys.links_deliver(user=_user(request), issued=issued, url_for=_url_for(request))
            else:
                for item in issued:
                    item.url = _url_for(request)(item.token)
            return _detail(request, body_obj, survey, issued=issued)
    return render(
        request,
        "tracking/survey_form.html",
        context | {"form": form, "edition": edition, "actors": actors},
    )


def _detail(
    request: HttpRequest,
    body_obj: Body,
    survey: Survey,
    *,
    issued: list[surveys.Issued] | None = None,
) -> HttpResponse:
    links = surveys.survey_links(survey)
    for link in links:
        link.state = surveys.link_state(link)  # type: ignore[attr-defined]
        link.to = surveys.recipients(link)  # type: ignore[attr-defined]
    response = render(
        request,
        "tracking/survey_detail.html",
        context_of(request, body_obj, "surveys")
        | {
            "survey": survey,
            "links": links,
            "answered": [link for link in links if link.answered],
            "open": [link for link in links if not link.answered],
            "issued": issued or [],
            "valid": TokenState.VALID,
            "closed": survey.edition.status != survey.edition.Status.IN_FORCE,
            "expires": surveys.link_expiry(survey.due) - datetime.timedelta(seconds=1),
        },
    )
    if issued:
        response["Cache-Control"] = "no-store"
    return response


@login_required
@require_GET
def survey_detail(request: HttpRequest, body: str, survey: str) -> HttpResponse:
    body_obj = coordinator_body(request, body)
    survey_obj = surveys.survey_get(user=request.user, body=body_obj, public_id=survey)
    return _detail(request, body_obj, survey_obj)


def _version(request: HttpRequest) -> int:
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return -1


@login_required
@require_POST
def survey_link_send(
    request: HttpRequest, body: str, survey: str, survey_link: str
) -> HttpResponse:
    """(Re-)send one link: a fresh token, e-mailed to the address entered or the contacts."""
    body_obj = coordinator_body(request, body)
    survey_obj = surveys.survey_get(user=request.user, body=body_obj, public_id=survey)
    link = surveys.link_get(survey=survey_obj, public_id=survey_link)
    email = request.POST.get("email")
    if email is not None:
        email = email.strip()
        try:
            forms.EmailField(required=False).clean(email)
        except ValidationError:
            messages.error(
                request,
                _("%(actor)s: “%(email)s” is not an e-mail address.")
                % {"actor": link.actor.name, "email": email},
            )
            return redirect("tracking:survey_detail", body=body, survey=survey)
    try:
        issued = surveys.link_resend(
            user=_user(request),
            link=link,
            expected_version=_version(request),
            url_for=_url_for(request),
            email=email,
            send=request.POST.get("send", "1") != "0",
        )
    except ConflictError:
        messages.error(
            request,
            _("%(actor)s: the link was changed meanwhile. Check the list and try again.")
            % {"actor": link.actor.name},
        )
        return redirect("tracking:survey_detail", body=body, survey=survey)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("tracking:survey_detail", body=body, survey=survey)
    return _detail(request, body_obj, survey_obj, issued=[issued])


@login_required
@require_POST
def survey_send_open(request: HttpRequest, body: str, survey: str) -> HttpResponse:
    """Remind everybody who has not answered yet: a fresh link to each of them."""
    body_obj = coordinator_body(request, body)
    survey_obj = surveys.survey_get(user=request.user, body=body_obj, public_id=survey)
    issued = []
    for link in surveys.survey_links(survey_obj):
        if link.answered or link.revoked:
            continue
        link.survey = survey_obj
        try:
            issued.append(
                surveys.link_resend(
                    user=_user(request),
                    link=link,
                    expected_version=link.version,
                    url_for=_url_for(request),
                )
            )
        except (ValidationError, ConflictError) as error:
            text = " ".join(error.messages) if isinstance(error, ValidationError) else ""
            messages.error(request, f"{link.actor.name}: {text or _('not sent')}")
    if not issued:
        messages.info(request, _("Nobody is waiting for a link: everybody has answered."))
        return redirect("tracking:survey_detail", body=body, survey=survey)
    return _detail(request, body_obj, survey_obj, issued=issued)


@login_required
@require_POST
def survey_link_revoke(
    request: HttpRequest, body: str, survey: str, survey_link: str
) -> HttpResponse:
    body_obj = coordinator_body(request, body)
    survey_obj = surveys.survey_get(user=request.user, body=body_obj, public_id=survey)
    link = surveys.link_get(survey=survey_obj, public_id=survey_link)
    try:
        surveys.link_revoke(user=_user(request), link=link, expected_version=_version(request))
    except ConflictError:
        messages.error(
            request,
            _("%(actor)s: the link was changed meanwhile. Check the list and try again.")
            % {"actor": link.actor.name},
        )
    else:
        messages.success(
            request,
            _("The link of %(actor)s is revoked; it no longer opens the survey.")
            % {"actor": link.actor.name},
        )
    return redirect("tracking:survey_detail", body=body, survey=survey)


# --- the public answer page (no account) -------------------------------------------------


class AnswerForm(forms.Form):
    """The answer for one measure."""

    status = forms.ChoiceField(label=gettext_lazy("Status"))
    percent = forms.IntegerField(
        label=gettext_lazy("Progress (%)"),
        min_value=0,
        max_value=100,
        required=False,
        help_text=gettext_lazy("0 to 100; empty: the usual value of the status."),
    )
    narrative = forms.CharField(
        label=gettext_lazy("What happened? (optional)"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, options: list[StatusOption], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.options = {o.code: o for o in options}
        field = self.fields["status"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(o.code, o.label) for o in options]


def _gone(request: HttpRequest, link: Any, state: str) -> HttpResponse:
    return render(
        request,
        "tracking/public/gone.html",
        {
            "state": state,
            "link": link,
            "survey_body": link.survey.edition.concept.body,
            "ended": timezone.localtime(link.expires) - datetime.timedelta(seconds=1),
        },
        status=410,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def survey_answer(request: HttpRequest, token: str) -> HttpResponse:
    link = surveys.link_by_token(token)
    if link is None:
        return render(request, "tracking/public/unknown.html", status=404)
    state = surveys.link_state(link)
    if state != TokenState.VALID:
        return _gone(request, link, state)
    body_obj = link.survey.edition.concept.body
    options = list(status_options(body_obj))
    rows = surveys.answer_rows(link, today=timezone.localdate())
    for row in rows:
        row.form = AnswerForm(  # type: ignore[attr-defined]
            request.POST or None,
            prefix=f"m{row.measure.pk}",
            options=options,
            initial={
                "status": row.status.code if row.status else "",
                "percent": row.percent,
                "narrative": row.narrative,
            },
        )
    error = ""
    if request.method == "POST":
        valid = all(row.form.is_valid() for row in rows)  # type: ignore[attr-defined]
        if valid and rows:
            answers = [
                surveys.Answer(
                    measure_id=row.measure.pk,
                    status=row.form.options[row.form.cleaned_data["status"]],  # type: ignore[attr-defined]
                    percent=row.form.cleaned_data["percent"],  # type: ignore[attr-defined]
                    narrative=row.form.cleaned_data["narrative"],  # type: ignore[attr-defined]
                )
                for row in rows
            ]
            try:
                surveys.survey_answer(link=link, answers=answers)
            except PermissionDenied:
                link.refresh_from_db()
                return _gone(request, link, surveys.link_state(link))
            except ValidationError as exc:
                error = " ".join(exc.messages)
            else:
                messages.success(
                    request,
                    _(
                        "Thank you! Your answers were received. The coordination office checks "
                        "them before they count."
                    ),
                )
                return redirect("tracking_public:survey_answer", token=token)
        else:
            error = _("Please correct the marked fields; nothing was saved.")
    response = render(
        request,
        "tracking/public/answer.html",
        {
            "link": link,
            "survey": link.survey,
            "survey_body": body_obj,
            "rows": rows,
            "error": error,
            "expires": timezone.localtime(link.expires) - datetime.timedelta(seconds=1),
        },
        status=200,
    )
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
