"""Invitations with their links, and the answers of the recipients (draft and submission).

Links: only the SHA-256 hash of a token is stored (``core.tokens``). The plain link is shown
once on the page when an invitation is made and is put into the e-mail; as it cannot be read
back, sending a reminder (or asking for a new link) makes a new token — the earlier link
stops working, the saved draft is kept.

Anonymous questionnaires: the response has no link to the invitation, its time is kept to
the day, and the invitation only records (to the day) that it was answered; neither the
drafts nor the submission of an anonymous invitation leave an audit entry that names the
invitation (that entry's time would tie the invitation to the response), and saving a draft
does not touch the invitation's ``modified``. One residual remains: on a day with a single
submission, the day links the two.

A second submission of the same invitation is refused (:class:`AlreadySubmitted`); the
public page says the answers have already been received. Re-exported by ``services``.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from teilhabe.concepts.models import Actor
from teilhabe.core.models import AuditEntry, User
from teilhabe.core.services import audit_record, creation_changes
from teilhabe.core.tokens import TokenState, token_new

from ..models import Answer, Invitation, Question, Questionnaire, Response
from . import logic
from .logic import body_of

Action = AuditEntry.Action
Kind = Question.Kind
#: How long a link is valid when the questionnaire has no closing date.
DEFAULT_VALIDITY = datetime.timedelta(weeks=8)
AGENT = "invitation"


class AlreadySubmitted(Exception):
    """The invitation has been answered already; a second submission is refused."""


class LinkInvalid(Exception):
    """The invitation's link is expired or revoked, or the questionnaire is closed."""


# --- invitations ------------------------------------------------------------------------


def default_expiry(questionnaire: Questionnaire) -> datetime.datetime:
    if questionnaire.closes is not None:
        end = datetime.datetime.combine(questionnaire.closes, datetime.time(23, 59, 59))
        return timezone.make_aware(end)
    return timezone.now() + DEFAULT_VALIDITY


def _actor_email(actor: Actor) -> str:
    contact = actor.contacts.exclude(email="").order_by("pk").first()
    return contact.email if contact is not None else ""


@transaction.atomic
def invitation_create(
    *,
    user: User | None,
    questionnaire: Questionnaire,
    actor: Actor | None = None,
    email: str = "",
    expires: datetime.datetime | None = None,
    agent: str = "",
) -> tuple[Invitation, str]:
    """An invitation and its plain token (to be shown once and/or e-mailed, never stored).

    An actor without an e-mail address gets the first address of its contact persons.
    """
    body = body_of(questionnaire)
    if actor is not None and actor.body_id != body.pk:
        raise ValidationError({"actor": _("The actor belongs to another body.")})
    email = email.strip().lower()
    if actor is not None and not email:
        email = _actor_email(actor)
    if email:
        try:
            validate_email(email)
        except ValidationError as error:
            raise ValidationError({"email": error.messages}) from error
    open_invitations = Invitation.objects.filter(questionnaire=questionnaire, revoked=None)
    if actor is not None and open_invitations.filter(actor=actor).exists():
        raise ValidationError({"actor": _("This actor has been invited already.")})
    if actor is None and email and open_invitations.filter(email=email).exists():
        raise ValidationError({"email": _("This address has been invited already.")})
    expires = expires or default_expiry(questionnaire)
    if expires <= timezone.now():
        raise ValidationError({"expires": _("The link must be valid beyond today.")})
    token, hashed = token_new()
    invitation = Invitation(
        questionnaire=questionnaire, actor=actor, email=email, expires=expires, token_hash=hashed
    )
    invitation.full_clean()
    invitation.save()
    audit_record(
        user=user,
        body=body,
        action=Action.CREATE,
        obj=invitation,
        agent=agent,
        changes=creation_changes(invitation, ["actor", "email", "expires"]),
    )
    return invitation, token


@transaction.atomic
def invitations_create_for_category(
    *,
    user: User,
    questionnaire: Questionnaire,
    category: str,
    expires: datetime.datetime | None = None,
) -> list[tuple[Invitation, str]]:
    """Invite every actor of the body in a category who has not been invited yet."""
    if category not in Actor.Category.values:
        raise ValidationError({"category": _("Choose a category.")})
    invited = Invitation.objects.filter(questionnaire=questionnaire, revoked=None).values("actor")
    actors = Actor.objects.filter(body=body_of(questionnaire), category=category).exclude(
        pk__in=invited
    )
    return [
        invitation_create(user=user, questionnaire=questionnaire, actor=actor, expires=expires)
        for actor in actors
    ]


def public_link(base_url: str, token: str) -> str:
    return base_url.rstrip("/") + reverse("questionnaire_public:form", kwargs={"token": token})


def _require_open(invitation: Invitation) -> None:
    invitation.refresh_from_db(fields=["submitted", "revoked", "expires", "token_hash"])
    if invitation.submitted is not None:
        raise ValidationError(_("This invitation has been answered already."))
    if invitation.revoked is not None:
        raise ValidationError(_("This invitation has been revoked."))
    closes = invitation.questionnaire.closes
    if closes is not None and closes < timezone.localdate():  # a link that could not work
        raise ValidationError(_("The questionnaire is closed: answers are no longer accepted."))


def _new_token(invitation: Invitation) -> str:
    token, hashed = token_new()
    Invitation.objects.filter(pk=invitation.pk).update(token_hash=hashed)
    invitation.token_hash = hashed
    return token


@transaction.atomic
def invitation_new_link(*, user: User, invitation: Invitation) -> str:
    """A new link for the invitation (the earlier one stops working; the draft is kept)."""
    _require_open(invitation)
    token = _new_token(invitation)
    if invitation.token_state == TokenState.EXPIRED:
        invitation.expires = default_expiry(invitation.questionnaire)
        Invitation.objects.filter(pk=invitation.pk).update(expires=invitation.expires)
    audit_record(
        user=user,
        body=body_of(invitation.questionnaire),
        action=Action.UPDATE,
        obj=invitation,
        changes={"token_hash": ("…", _("new link"))},
    )
    return token


def _mail_text(invitation: Invitation, link: str, *, reminder: bool) -> tuple[str, str]:
    questionnaire = invitation.questionnaire
    body = body_of(questionnaire)
    values = {
        "title": questionnaire.title,
        "body": body.name,
        "process": questionnaire.process.title,
        "link": link,
        "until": date_format(timezone.localtime(invitation.expires), "SHORT_DATE_FORMAT"),
    }
    if reminder:
        subject = _("Reminder: questionnaire “%(title)s”") % values
        intro = (
            _(
                "This is a reminder of the questionnaire “%(title)s” of %(body)s (%(process)s). "
                "We have not received your answers yet."
            )
            % values
        )
        note = _("This link replaces the earlier one; answers you saved are kept.")
    else:
        subject = _("Questionnaire “%(title)s”") % values
        intro = (
            _("%(body)s asks you to answer the questionnaire “%(title)s” (%(process)s).") % values
        )
        note = _("You can save your answers and continue later with the same link.")
    lines = [
        intro,
        "",
        _("Your personal link (no account needed), valid until %(until)s:") % values,
        link,
        "",
        note,
    ]
    if questionnaire.anonymous:
        lines += ["", _("The questionnaire is anonymous: no identity is stored with the answers.")]
    lines += ["", _("Please do not pass the link on.")]
    return subject, "\n".join(str(line) for line in lines)


@transaction.atomic
def invitation_send(
    *, user: User, invitation: Invitation, base_url: str, reminder: bool = False
) -> str:
    """E-mail the invitation (or a reminder) with a new link; returns the plain token.

    Raises ``ValidationError`` if there is no address, or it was answered or revoked.
    """
    _require_open(invitation)
    if not invitation.email:
        raise ValidationError(
            _("This invitation has no e-mail address: pass the link on yourself.")
        )
    token = _new_token(invitation)
    now = timezone.now()
    if invitation.token_state == TokenState.EXPIRED:
        invitation.expires = default_expiry(invitation.questionnaire)
    field = "reminded" if reminder else "sent"
    setattr(invitation, field, now)
    Invitation.objects.filter(pk=invitation.pk).update(**{field: now}, expires=invitation.expires)
    with translation.override(settings.LANGUAGE_CODE):
        subject, text = _mail_text(invitation, public_link(base_url, token), reminder=reminder)
    send_mail(subject, text, None, [invitation.email], fail_silently=False)
    audit_record(
        user=user,
        body=body_of(invitation.questionnaire),
        action=Action.UPDATE,
        obj=invitation,
        changes={field: (None, now)},
    )
    return token


@transaction.atomic
def invitation_revoke(*, user: User, invitation: Invitation) -> Invitation:
    invitation.refresh_from_db(fields=["submitted", "revoked"])
    if invitation.revoked is not None:
        return invitation
    if invitation.submitted is not None:
        raise ValidationError(_("This invitation has been answered already."))
    now = timezone.now()
    Invitation.objects.filter(pk=invitation.pk).update(revoked=now, draft={})
    invitation.revoked, invitation.draft = now, {}
    audit_record(
        user=user,
        body=body_of(invitation.questionnaire),
        action=Action.UPDATE,
        obj=invitation,
        changes={"revoked": (None, now)},
    )
    return invitation


# --- answering --------------------------------------------------------------------------


def _require_answerable(invitation: Invitation) -> None:
    if invitation.submitted is not None:
        raise AlreadySubmitted
    questionnaire = invitation.questionnaire
    if (
        invitation.token_state != TokenState.VALID
        or questionnaire.is_deleted
        or (questionnaire.closes is not None and questionnaire.closes < timezone.localdate())
    ):
        raise LinkInvalid


def _swap_or_refuse(invitation: Invitation, **values: Any) -> None:
    """Write ``values`` only if the invitation is still open with the same link (a
    compare-and-swap): answered, revoked or given a new link meanwhile is refused."""
    swapped = Invitation.objects.filter(
        pk=invitation.pk, submitted=None, revoked=None, token_hash=invitation.token_hash
    ).update(**values)
    if not swapped:
        invitation.refresh_from_db(fields=["submitted", "revoked", "token_hash"])
        if invitation.submitted is not None:
            raise AlreadySubmitted
        raise LinkInvalid


@transaction.atomic
def draft_save(*, invitation: Invitation, values: Mapping[str, Any]) -> None:
    """Keep the (checked) answers for later. ``modified`` is not touched, so for an anonymous
    questionnaire nothing records when the respondent was last at work."""
    _require_answerable(invitation)
    _swap_or_refuse(invitation, draft=dict(values))
    invitation.draft = dict(values)
    if not invitation.questionnaire.anonymous:
        audit_record(
            user=None,
            agent=AGENT,
            body=body_of(invitation.questionnaire),
            action=Action.UPDATE,
            obj=invitation,
            changes={"draft": ("", _("answers saved for later"))},
        )


def _start_of_day(moment: datetime.datetime) -> datetime.datetime:
    local = timezone.localtime(moment)
    return local.replace(hour=0, minute=0, second=0, microsecond=0)


@transaction.atomic
def response_submit(
    *, invitation: Invitation, values: Mapping[str, Any], is_sample: bool = False
) -> Response:
    """Store checked answers (``logic.check(..., final=True).values``) as a response.

    Refuses a second submission (:class:`AlreadySubmitted`), also when two arrive at once:
    the invitation is marked as answered with a compare-and-swap first.
    """
    _require_answerable(invitation)
    questionnaire = invitation.questionnaire
    anonymous = questionnaire.anonymous
    now = timezone.now()
    stamp = _start_of_day(now) if anonymous else now
    _swap_or_refuse(invitation, submitted=stamp, draft={})
    invitation.submitted, invitation.draft = stamp, {}
    response = Response(
        questionnaire=questionnaire,
        invitation=None if anonymous else invitation,
        submitted=stamp,
        is_sample=is_sample,
    )
    response.full_clean()
    response.save()
    if anonymous:  # its own timestamps, too, only to the day
        Response.objects.filter(pk=response.pk).update(created=stamp, modified=stamp)
        response.created = response.modified = stamp
    by_key = {logic.question_key(q): q for q in logic.ordered_questions(questionnaire)}
    Answer.objects.bulk_create(
        [
            Answer(response=response, question=by_key[key], question_text=by_key[key].text, value=v)
            for key, v in values.items()
            if key in by_key
        ]
    )
    body = body_of(questionnaire)
    audit_record(
        user=None,
        agent=AGENT,
        body=body,
        action=Action.CREATE,
        obj=response,
        changes={"answers": (None, len(values))},
    )
    if not anonymous:
        audit_record(
            user=None,
            agent=AGENT,
            body=body,
            action=Action.UPDATE,
            obj=invitation,
            changes={"submitted": (None, now)},
        )
    return response
