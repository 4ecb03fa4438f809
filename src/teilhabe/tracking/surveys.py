"""Maßnahmenabfrage: personal links for the responsible actors, their answers, the e-mails.

Writes and the reads they need live together here (the reads check access themselves).

Tokens: only the SHA-256 hash is stored (``core.tokens``); the plain token exists in the
e-mail and once on the coordinator's page after creating or re-sending a link. Re-sending
always issues a fresh token, so the old link stops working. A link is valid until the end
of the 30th day after the survey's due date (``LINK_GRACE_DAYS``), unless it is revoked.

No rate limit on the public page: a token has 256 random bits, so guessing one is hopeless,
and an unknown token answers with the same 404 page whatever is tried. Answers never reach the
record directly: they become *pending* progress updates that a coordinator reviews.
"""

from __future__ import annotations

import datetime
import smtplib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from teilhabe.concepts.models import Actor, Edition, Measure
from teilhabe.concepts.selectors import edition_in_force
from teilhabe.core.models import Body, User
from teilhabe.core.selectors import AnyUser, require_coordinator
from teilhabe.core.services import (
    audit_record,
    creation_changes,
    soft_delete,
    versioned_update,
)
from teilhabe.core.tokens import TokenState, token_hash, token_new

from . import services
from .models import ProgressUpdate, StatusOption, Survey, SurveyLink
from .selectors import measure_states

LINK_GRACE_DAYS = 30
#: A link whose survey's edition is no longer in force cannot be answered any more.
CLOSED = "closed"

UrlFor = Callable[[str], str]


# --- reads ------------------------------------------------------------------------------


def surveys_for(*, user: AnyUser, body: Body) -> QuerySet[Survey]:
    require_coordinator(user, body)
    return (
        Survey.objects.filter(edition__concept__body=body)
        .select_related("edition", "created_by")
        .annotate(
            link_count=Count("links", filter=Q(links__is_deleted=False)),
            answered_count=Count(
                "links", filter=Q(links__is_deleted=False, links__answered__isnull=False)
            ),
        )
    )


def survey_get(*, user: AnyUser, body: Body, public_id: object) -> Survey:
    require_coordinator(user, body)
    try:
        return Survey.objects.select_related("edition__concept__body").get(
            public_id=public_id, edition__concept__body=body
        )
    except (Survey.DoesNotExist, ValidationError, ValueError, TypeError) as exc:
        raise Http404 from exc


def link_get(*, survey: Survey, public_id: object) -> SurveyLink:
    try:
        return SurveyLink.objects.select_related("actor", "survey").get(
            public_id=public_id, survey=survey
        )
    except (SurveyLink.DoesNotExist, ValidationError, ValueError, TypeError) as exc:
        raise Http404 from exc


def survey_links(survey: Survey) -> list[SurveyLink]:
    """The links with the number of their answers still waiting for review."""
    pending = Q(updates__state=ProgressUpdate.State.PENDING, updates__is_deleted=False)
    return list(
        SurveyLink.objects.filter(survey=survey)
        .select_related("actor")
        .prefetch_related("actor__contacts")
        .annotate(pending_count=Count("updates", filter=pending))
        .order_by("actor__name", "id")
    )


def responsible_actors(edition: Edition) -> QuerySet[Actor]:
    """The lead actors of the edition's measures."""
    return (
        Actor.objects.filter(led_measures__edition=edition, led_measures__is_deleted=False)
        .distinct()
        .prefetch_related("contacts")
        .order_by("name")
    )


def actor_measures(edition: Edition, actor: Actor) -> QuerySet[Measure]:
    return (
        Measure.objects.filter(edition=edition, lead_actor=actor)
        .select_related("field")
        .order_by("field__position", "field_id", "position", "id")
    )


def contact_emails(actor: Actor) -> list[str]:
    return sorted({u.email for u in actor.contacts.all() if u.email and u.is_active})


def recipients(link: SurveyLink) -> list[str]:
    """The address entered for the link, otherwise the actor's contact persons."""
    return [link.email] if link.email else contact_emails(link.actor)


def link_by_token(token: str) -> SurveyLink | None:
    if not token or len(token) > 200:
        return None
    return (
        SurveyLink.objects.filter(token_hash=token_hash(token), survey__is_deleted=False)
        .select_related("survey__edition__concept__body", "actor")
        .first()
    )


def link_state(link: SurveyLink) -> str:
    """``valid``, ``expired``, ``revoked`` or ``closed`` (the edition is no longer in force)."""
    state = link.token_state
    if state == TokenState.VALID and link.survey.edition.status != Edition.Status.IN_FORCE:
        return CLOSED
    return str(state)


@dataclass
class AnswerRow:
    """One measure on the public page, pre-filled with what is known."""

    measure: Measure
    status: StatusOption | None
    percent: int
    narrative: str
    last_report: datetime.date | None
    pending: ProgressUpdate | None = None


def answer_rows(link: SurveyLink, *, today: datetime.date) -> list[AnswerRow]:
    """The actor's measures with the last accepted status, or this link's answer still
    waiting for review (so a second visit shows what was sent)."""
    edition = link.survey.edition
    states = measure_states(edition, today=today)
    pending = {
        u.measure_id: u
        for u in ProgressUpdate.objects.filter(
            link=link, state=ProgressUpdate.State.PENDING
        ).select_related("status")
    }
    rows = []
    for measure in actor_measures(edition, link.actor):
        state = states.get(measure.pk)
        row = AnswerRow(
            measure=measure,
            status=state.status if state else None,
            percent=state.percent if state else 0,
            narrative=state.update.narrative if state and state.update else "",
            last_report=state.last_report if state else None,
        )
        if measure.pk in pending:
            mine = pending[measure.pk]
            row.pending = mine
            row.status, row.percent, row.narrative = mine.status, mine.percent, mine.narrative
        rows.append(row)
    return rows


# --- writes -----------------------------------------------------------------------------


def link_expiry(due: datetime.date) -> datetime.datetime:
    """The end of the 30th day after the due date (local time)."""
    day = due + datetime.timedelta(days=LINK_GRACE_DAYS + 1)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


@dataclass
class Issued:
    """A link with its plain token, as handed out once."""

    link: SurveyLink
    token: str
    url: str = ""
    sent_to: list[str] = field(default_factory=list)
    error: str = ""


def _body(survey: Survey) -> Body:
    return survey.edition.concept.body


@transaction.atomic
def survey_create(
    *,
    user: User,
    body: Body,
    title: str,
    message: str,
    due: datetime.date,
    actors: Iterable[Actor],
    emails: Mapping[int, str] | None = None,
    today: datetime.date | None = None,
) -> tuple[Survey, list[Issued]]:
    """A survey for the edition in force with one link per chosen responsible actor."""
    require_coordinator(user, body)
    today = today or timezone.localdate()
    edition = edition_in_force(body=body)
    if edition is None:
        raise ValidationError(_("There is no edition in force whose measures could be surveyed."))
    errors: dict[str, list[str]] = {}
    if due < today:
        errors["due"] = [_("The due date lies in the past.")]
    chosen = list(actors)
    allowed = {a.pk for a in responsible_actors(edition)}
    if not chosen:
        errors["actors"] = [_("Choose at least one responsible actor.")]
    elif any(a.pk not in allowed for a in chosen):
        errors["actors"] = [_("Only lead actors of the edition's measures can be asked.")]
    survey = Survey(
        edition=edition, title=title.strip(), message=message.strip(), due=due, created_by=user
    )
    try:
        survey.full_clean()
    except ValidationError as error:
        for key, messages in error.message_dict.items():
            errors.setdefault(key, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    survey.save()
    audit_record(
        user=user,
        body=body,
        action="create",
        obj=survey,
        changes=creation_changes(survey, ["title", "due"]),
    )
    issued = []
    for actor in chosen:
        token, hashed = token_new()
        link = SurveyLink(
            survey=survey,
            actor=actor,
            email=(emails or {}).get(actor.pk, "").strip(),
            token_hash=hashed,
            expires=link_expiry(due),
        )
        try:
            link.full_clean()
        except ValidationError as error:
            raise ValidationError(
                _("%(actor)s: %(reason)s")
                % {"actor": actor.name, "reason": " ".join(error.messages)}
            ) from error
        link.save()
        audit_record(
            user=user,
            body=body,
            action="create",
            obj=link,
            changes=creation_changes(link, ["actor", "email", "expires"]),
        )
        issued.append(Issued(link=link, token=token))
    return survey, issued


def _mail(link: SurveyLink, url: str, to: list[str]) -> None:
    survey = link.survey
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "survey": survey,
            "link": link,
            "url": url,
            "body": _body(survey),
            "measures": list(actor_measures(survey.edition, link.actor)),
            "expires": timezone.localtime(link.expires) - datetime.timedelta(seconds=1),
        }
        subject = _("Measure survey: %(title)s") % {"title": survey.title}
        text = render_to_string("tracking/survey_email.txt", context)
    EmailMessage(subject=subject, body=text, to=to).send()


def _deliver(*, user: User, link: SurveyLink, issued: Issued, url_for: UrlFor) -> None:
    """Send the link if there is an address; record when. Inside the caller's transaction:
    a failed delivery rolls back the new token."""
    issued.url = url_for(issued.token)
    to = recipients(link)
    if not to:
        return
    try:
        _mail(link, issued.url, to)
    except (OSError, smtplib.SMTPException) as exc:
        raise ValidationError(
            _("The e-mail to %(to)s could not be sent: %(reason)s")
            % {"to": ", ".join(to), "reason": exc}
        ) from exc
    now = timezone.now()
    SurveyLink.all_objects.filter(pk=link.pk).update(sent=now)
    link.sent = now
    issued.sent_to = to
    audit_record(
        user=user,
        body=_body(link.survey),
        action="update",
        obj=link,
        changes={"sent": (None, ", ".join(to))},
    )


def links_deliver(*, user: User, issued: list[Issued], url_for: UrlFor) -> list[Issued]:
    """Send the freshly created links (one transaction per link: one failing address does not
    stop the others; its link is still shown to the coordinator)."""
    for item in issued:
        try:
            with transaction.atomic():
                _deliver(user=user, link=item.link, issued=item, url_for=url_for)
        except ValidationError as error:
            item.error = " ".join(error.messages)
            item.url = url_for(item.token)
    return issued


@transaction.atomic
def link_resend(
    *,
    user: User,
    link: SurveyLink,
    expected_version: int,
    url_for: UrlFor,
    email: str | None = None,
    send: bool = True,
) -> Issued:
    """A fresh token for the link (the old one stops working), e-mailed if there is an address.
    Also re-opens a revoked link. Raises ``ConflictError`` if the link changed meanwhile."""
    survey = link.survey
    require_coordinator(user, _body(survey))
    if survey.edition.status != Edition.Status.IN_FORCE:
        raise ValidationError(_("The edition of this survey is no longer in force."))
    expires = link_expiry(survey.due)
    if expires <= timezone.now():
        raise ValidationError(
            _("The answer period of this survey is over; start a new survey instead.")
        )
    token, hashed = token_new()
    data: dict[str, object] = {"token_hash": hashed, "expires": expires, "revoked": None}
    if email is not None:
        data["email"] = email.strip()
    saved, changes = versioned_update(instance=link, expected_version=expected_version, data=data)
    changes.pop("token_hash", None)
    changes["token"] = ("…", _("new token"))
    audit_record(user=user, body=_body(survey), action="update", obj=saved, changes=changes)
    saved.survey = survey
    issued = Issued(link=saved, token=token)
    if send:
        _deliver(user=user, link=saved, issued=issued, url_for=url_for)
    else:
        issued.url = url_for(token)
    return issued


@transaction.atomic
def link_revoke(*, user: User, link: SurveyLink, expected_version: int) -> SurveyLink:
    require_coordinator(user, _body(link.survey))
    if link.revoked is not None:
        return link
    saved, changes = versioned_update(
        instance=link, expected_version=expected_version, data={"revoked": timezone.now()}
    )
    audit_record(user=user, body=_body(link.survey), action="status", obj=saved, changes=changes)
    return saved


@dataclass
class Answer:
    measure_id: int
    status: StatusOption
    percent: int | None
    narrative: str


@transaction.atomic
def survey_answer(
    *, link: SurveyLink, answers: list[Answer], today: datetime.date | None = None
) -> list[ProgressUpdate]:
    """Store an actor's answers as pending updates. A second answer replaces the link's
    updates that are still waiting for review (the reviewed ones stay as they are)."""
    today = today or timezone.localdate()
    # Lock the link: two submissions at once are applied one after the other.
    locked = (
        SurveyLink.objects.select_for_update()
        .select_related("survey__edition__concept__body", "actor")
        .get(pk=link.pk)
    )
    state = link_state(locked)
    if state != TokenState.VALID:
        raise PermissionDenied(state)
    edition, actor = locked.survey.edition, locked.actor
    measures = {m.pk: m for m in actor_measures(edition, actor)}
    unknown = [a.measure_id for a in answers if a.measure_id not in measures]
    if unknown or not answers:
        raise ValidationError(_("The answer does not match the measures of this link."))
    body = edition.concept.body
    for old in ProgressUpdate.objects.filter(link=locked, state=ProgressUpdate.State.PENDING):
        soft_delete(instance=old)
        audit_record(user=None, agent=actor.name, body=body, action="delete", obj=old)
    updates = [
        services.progress_record(
            user=None,
            measure=measures[answer.measure_id],
            date=today,
            status=answer.status,
            percent=answer.percent,
            narrative=answer.narrative,
            source=ProgressUpdate.Source.SURVEY,
            accepted=False,
            link=locked,
            agent=actor.name,
        )
        for answer in answers
    ]
    saved, _changes = versioned_update(
        instance=locked, expected_version=locked.version, data={"answered": timezone.now()}
    )
    audit_record(
        user=None,
        agent=actor.name,
        body=body,
        action="update",
        obj=saved,
        changes={"answered": (None, len(updates))},
    )
    return updates
