"""Public comments on a draft in consultation: submission without an account and moderation.

Spam protection without third-party services: a honeypot field that people do not see (and
bots fill in) and a rate limit per sender. The sender is known only by a keyed hash of the
address (HMAC-SHA256 with the SECRET_KEY); the address itself is never stored.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from teilhabe.concepts.models import FieldOfAction, Measure
from teilhabe.core.models import AuditEntry, User
from teilhabe.core.services import audit_record, versioned_update

from .models import Comment, Process
from .selectors import open_public_phase
from .services import body_of

Action = AuditEntry.Action
#: At most this many comments per sender within :data:`RATE_WINDOW`.
RATE_LIMIT = 5
RATE_WINDOW = datetime.timedelta(hours=1)
MAX_LENGTH = 5000
AGENT = "public comment"


class SpamError(Exception):
    """The honeypot was filled in: the view pretends success and nothing is stored."""


class RateLimitError(ValidationError):
    """Too many comments from one sender in a short time."""


def sender_hash(address: str) -> str:
    """A keyed hash of the sender's address: equal for one sender, useless without the key."""
    key = f"participation-comment:{settings.SECRET_KEY}".encode()
    return hmac.new(key, (address or "").encode(), hashlib.sha256).hexdigest()


@transaction.atomic
def comment_submit(
    *,
    process: Process,
    text: str,
    sender_address: str,
    field: FieldOfAction | None = None,
    measure: Measure | None = None,
    author: str = "",
    honeypot: str = "",
    today: datetime.date | None = None,
) -> Comment:
    """A comment of the public; it waits for moderation before anybody else sees it."""
    if honeypot.strip():
        raise SpamError
    phase = open_public_phase(process=process, today=today or timezone.localdate())
    if phase is None:
        raise ValidationError(_("The public comment phase is not open."))
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Enter your comment.")})
    if len(text) > MAX_LENGTH:
        raise ValidationError(
            {"text": _("A comment has at most %(n)d characters.") % {"n": MAX_LENGTH}}
        )
    if field is None and measure is None:
        raise ValidationError({"subject": _("Choose a field of action or a measure.")})
    for item in (field, measure):
        if item is not None and item.edition_id != process.edition_id:
            raise ValidationError({"subject": _("Choose an item of the draft under consultation.")})
    if measure is not None:
        field = measure.field
    digest = sender_hash(sender_address)
    since = timezone.now() - RATE_WINDOW
    recent = Comment.all_objects.filter(sender_hash=digest, created__gte=since).count()
    if recent >= RATE_LIMIT:
        raise RateLimitError(
            _(
                "You have sent %(n)d comments within the last hour. To protect the consultation "
                "from mass submissions, please wait an hour before sending another one."
            )
            % {"n": recent}
        )
    comment = Comment(
        process=process,
        field=field,
        measure=measure,
        author=author.strip()[:100],
        text=text,
        sender_hash=digest,
    )
    comment.full_clean()
    comment.save()
    audit_record(
        user=None,
        body=body_of(process),
        action=Action.CREATE,
        obj=comment,
        agent=AGENT,
        changes={"field": (None, field), "measure": (None, measure), "state": (None, "pending")},
    )
    return comment


@transaction.atomic
def comment_moderate(
    *, user: User, comment: Comment, expected_version: int, state: str, note: str = ""
) -> Comment:
    """Publish a comment or keep it from the public (with a note why)."""
    if state not in (Comment.State.PUBLISHED, Comment.State.REJECTED, Comment.State.PENDING):
        raise ValidationError({"state": _("Choose publish or reject.")})
    if state == Comment.State.REJECTED and not note.strip():
        raise ValidationError({"moderation_note": _("Say why the comment is not published.")})
    comment, changes = versioned_update(
        instance=comment,
        expected_version=expected_version,
        data={"state": state, "moderation_note": note.strip(), "moderated_by": user},
    )
    if changes:
        changes.pop("moderated_by", None)
        audit_record(
            user=user,
            body=body_of(comment.process),
            action=Action.STATUS,
            obj=comment,
            changes=changes,
        )
    return comment
