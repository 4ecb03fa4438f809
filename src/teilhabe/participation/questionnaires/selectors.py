"""Reads of questionnaires, with the access check.

Who may do what (decided here only):

- The coordinators of the body that owns the process manage its questionnaires: the builder,
  the preview, the invitations (with the recipients' names and addresses) and the exports of
  the single responses (CSV, XLSX).
- Every member of the body (contributors and council members too) may read the list of a
  process's questionnaires and the results: counts, charts and the free-text answers, without
  who gave them, and the results PDF with the same content.
- The public sees nothing of it (members' pages need a login); a recipient reaches only the
  form of their own invitation through its link (:func:`invitation_by_token`).

A questionnaire of another body is a 404 (as if it did not exist).
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from teilhabe.core.models import Body
from teilhabe.core.selectors import AnyUser, is_coordinator, require_coordinator, require_member
from teilhabe.core.tokens import TokenState, token_hash

from ..models import Invitation, Process, Question, Questionnaire, QuestionSection

#: What the public page of a link says about it.
VALID, EXPIRED, REVOKED, SUBMITTED, CLOSED, UNKNOWN = (
    "valid",
    "expired",
    "revoked",
    "submitted",
    "closed",
    "unknown",
)


def can_manage(user: AnyUser, body: Body) -> bool:
    return is_coordinator(user, body)


def _get(queryset: QuerySet[Any], public_id: Any) -> Any:
    try:
        return queryset.get(public_id=public_id)
    except (queryset.model.DoesNotExist, ValidationError, ValueError, TypeError) as exc:
        raise Http404 from exc


def process_get(*, user: AnyUser, body: Body, public_id: UUID) -> Process:
    require_member(user, body)
    return _get(
        Process.objects.filter(edition__concept__body=body).select_related("edition"), public_id
    )


def questionnaires_of(*, user: AnyUser, body: Body, process: Process) -> QuerySet[Questionnaire]:
    require_member(user, body)
    if process.edition.concept.body_id != body.pk:
        raise Http404
    return Questionnaire.objects.filter(process=process)


def questionnaire_get(
    *, user: AnyUser, body: Body, public_id: UUID, manage: bool = False
) -> Questionnaire:
    """A questionnaire of the body; ``manage``: only for its coordinators (403 for others)."""
    require_member(user, body)
    if manage:
        require_coordinator(user, body)
    return _get(
        Questionnaire.objects.filter(process__edition__concept__body=body).select_related(
            "process__edition__concept__body"
        ),
        public_id,
    )


def section_get(*, questionnaire: Questionnaire, public_id: UUID) -> QuestionSection:
    return _get(QuestionSection.objects.filter(questionnaire=questionnaire), public_id)


def question_get(*, questionnaire: Questionnaire, public_id: UUID) -> Question:
    return _get(
        Question.objects.filter(questionnaire=questionnaire).select_related(
            "section", "condition_question"
        ),
        public_id,
    )


def invitation_get(*, questionnaire: Questionnaire, public_id: UUID) -> Invitation:
    return _get(
        Invitation.objects.filter(questionnaire=questionnaire).select_related("actor"), public_id
    )


def invitations_of(*, user: AnyUser, body: Body, questionnaire: Questionnaire) -> list[Invitation]:
    require_coordinator(user, body)
    return list(
        Invitation.objects.filter(questionnaire=questionnaire)
        .select_related("actor")
        .order_by("submitted", "revoked", "actor__name", "email", "pk")
    )


def invitation_state(invitation: Invitation) -> str:
    """valid, expired, revoked, submitted or closed (the questionnaire's closing date passed)."""
    if invitation.submitted is not None:
        return SUBMITTED
    state = invitation.token_state
    if state == TokenState.REVOKED:
        return REVOKED
    if state == TokenState.EXPIRED:
        return EXPIRED
    questionnaire = invitation.questionnaire
    if questionnaire.is_deleted:
        return REVOKED
    if questionnaire.closes is not None and questionnaire.closes < timezone.localdate():
        return CLOSED
    return VALID


def invitation_by_token(token: str) -> tuple[Invitation | None, str]:
    """The invitation of a link and its state; ``(None, "unknown")`` for a wrong link."""
    if not token or len(token) > 100:
        return None, UNKNOWN
    invitation = (
        Invitation.objects.filter(token_hash=token_hash(token))
        .select_related("questionnaire__process__edition__concept__body", "actor")
        .first()
    )
    if invitation is None:
        return None, UNKNOWN
    return invitation, invitation_state(invitation)
