"""Every write of questionnaires: the builder (questionnaire, sections, questions) here, the
invitations and the answers in :mod:`.invitations` (re-exported below, so callers use
``services.<name>`` for all of them).

Services are keyword-only, typed and atomic; they check no permissions (the views ask the
selectors) and leave an audit entry.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from teilhabe.core.models import AuditEntry, User
from teilhabe.core.services import audit_record, creation_changes, soft_delete, versioned_update

from ..models import Process, Question, Questionnaire, QuestionSection
from . import logic
from .invitations import AGENT as AGENT  # re-exported: services.<name> for every write
from .invitations import AlreadySubmitted as AlreadySubmitted
from .invitations import LinkInvalid as LinkInvalid
from .invitations import default_expiry as default_expiry
from .invitations import draft_save as draft_save
from .invitations import invitation_create as invitation_create
from .invitations import invitation_new_link as invitation_new_link
from .invitations import invitation_revoke as invitation_revoke
from .invitations import invitation_send as invitation_send
from .invitations import invitations_create_for_category as invitations_create_for_category
from .invitations import public_link as public_link
from .invitations import response_submit as response_submit
from .logic import body_of

Action = AuditEntry.Action
Kind = Question.Kind
QUESTIONNAIRE_FIELDS = ("title", "introduction", "anonymous", "closes", "is_sample")
QUESTION_FIELDS = (
    "kind",
    "text",
    "help_text",
    "required",
    "choices",
    "section",
    "condition_question",
    "condition_value",
)


# --- questionnaires ---------------------------------------------------------------------


@transaction.atomic
def questionnaire_create(
    *,
    user: User | None,
    process: Process,
    title: str,
    introduction: str = "",
    anonymous: bool = False,
    closes: datetime.date | None = None,
    is_sample: bool = False,
    agent: str = "",
) -> Questionnaire:
    questionnaire = Questionnaire(
        process=process,
        title=title,
        introduction=introduction,
        anonymous=anonymous,
        closes=closes,
        is_sample=is_sample,
    )
    questionnaire.full_clean()
    questionnaire.save()
    audit_record(
        user=user,
        body=body_of(questionnaire),
        action=Action.CREATE,
        obj=questionnaire,
        agent=agent,
        changes=creation_changes(questionnaire, QUESTIONNAIRE_FIELDS),
    )
    return questionnaire


@transaction.atomic
def questionnaire_update(
    *,
    user: User,
    questionnaire: Questionnaire,
    expected_version: int,
    data: Mapping[str, Any],
) -> Questionnaire:
    data = {k: v for k, v in data.items() if k in QUESTIONNAIRE_FIELDS}
    if (
        "anonymous" in data
        and data["anonymous"] != questionnaire.anonymous
        and (questionnaire.responses.exists() or questionnaire.invitations.exists())
    ):
        raise ValidationError(
            {"anonymous": _("Anonymity cannot change once invitations have been made.")}
        )
    questionnaire, changes = versioned_update(
        instance=questionnaire, expected_version=expected_version, data=data
    )
    if changes:
        audit_record(
            user=user,
            body=body_of(questionnaire),
            action=Action.UPDATE,
            obj=questionnaire,
            changes=changes,
        )
    return questionnaire


# --- sections ---------------------------------------------------------------------------


def _sections(questionnaire: Questionnaire) -> list[QuestionSection]:
    return list(QuestionSection.objects.filter(questionnaire=questionnaire))


@transaction.atomic
def section_create(
    *,
    user: User | None,
    questionnaire: Questionnaire,
    title: str,
    description: str = "",
    agent: str = "",
) -> QuestionSection:
    last = QuestionSection.objects.filter(questionnaire=questionnaire).aggregate(m=Max("position"))[
        "m"
    ]
    section = QuestionSection(
        questionnaire=questionnaire,
        title=title,
        description=description,
        position=0 if last is None else last + 1,
    )
    section.full_clean()
    section.save()
    audit_record(
        user=user,
        body=body_of(questionnaire),
        action=Action.CREATE,
        obj=section,
        agent=agent,
        changes=creation_changes(section, ["title", "description"]),
    )
    return section


@transaction.atomic
def section_update(
    *, user: User, section: QuestionSection, expected_version: int, data: Mapping[str, Any]
) -> QuestionSection:
    data = {k: v for k, v in data.items() if k in ("title", "description")}
    section, changes = versioned_update(
        instance=section, expected_version=expected_version, data=data
    )
    if changes:
        audit_record(
            user=user,
            body=body_of(section.questionnaire),
            action=Action.UPDATE,
            obj=section,
            changes=changes,
        )
    return section


@transaction.atomic
def section_delete(*, user: User, section: QuestionSection) -> None:
    if Question.objects.filter(section=section).exists():
        raise ValidationError(_("Move or remove the section's questions first."))
    soft_delete(instance=section)
    audit_record(user=user, body=body_of(section.questionnaire), action=Action.DELETE, obj=section)


def _swap(items: list[Any], index: int, direction: int) -> list[Any] | None:
    other = index + direction
    if direction not in (-1, 1) or not 0 <= other < len(items):
        return None
    items[index], items[other] = items[other], items[index]
    return items


@transaction.atomic
def section_move(*, user: User, section: QuestionSection, direction: int) -> bool:
    """Move a section one place up (-1) or down (+1); False if it is at the edge already."""
    sections = _sections(section.questionnaire)
    index = next(i for i, s in enumerate(sections) if s.pk == section.pk)
    moved = _swap(sections, index, direction)
    if moved is None:
        return False
    for position, item in enumerate(moved):
        QuestionSection.objects.filter(pk=item.pk).update(position=position)
    _check_conditions(section.questionnaire)
    audit_record(
        user=user,
        body=body_of(section.questionnaire),
        action=Action.UPDATE,
        obj=section,
        changes={"position": (index + 1, index + 1 + direction)},
    )
    return True


# --- questions --------------------------------------------------------------------------


def _clean_choices(kind: str, choices: Any) -> list[str]:
    if kind not in logic.WITH_CHOICES:
        return []
    if isinstance(choices, str):
        choices = choices.splitlines()
    cleaned = [str(c).strip() for c in choices or [] if str(c).strip()]
    for choice in cleaned:
        if len(choice) > 300:
            raise ValidationError(
                {"choices": _("An option is longer than 300 characters: %(o)s") % {"o": choice}}
            )
    duplicates = sorted({c for c in cleaned if cleaned.count(c) > 1})
    if duplicates:
        raise ValidationError(
            {"choices": _("Options appear twice: %(o)s") % {"o": ", ".join(duplicates)}}
        )
    if len(cleaned) < 2:
        raise ValidationError({"choices": _("Enter at least two options, one per line.")})
    return cleaned


def _check_question(question: Question) -> None:
    """The rules a question must follow within its questionnaire."""
    if question.section is not None and (
        question.section.questionnaire_id != question.questionnaire_id
        or question.section.is_deleted
    ):
        raise ValidationError({"section": _("The section belongs to another questionnaire.")})
    condition = question.condition_question
    if condition is None:
        question.condition_value = ""
        return
    if (
        condition.questionnaire_id != question.questionnaire_id
        or condition.is_deleted
        or condition.pk == question.pk
    ):
        raise ValidationError(
            {"condition_question": _("Choose an earlier question of this questionnaire.")}
        )
    if condition.kind not in logic.CONDITION_KINDS:
        raise ValidationError(
            {"condition_question": _("Only a choice, yes/no or scale question can be a condition.")}
        )
    if question.condition_value not in logic.option_values(condition):
        raise ValidationError(
            {
                "condition_value": _("Choose one of the answers of “%(q)s”: %(o)s")
                % {
                    "q": condition.text,
                    "o": ", ".join(label for _v, label in logic.options(condition)),
                }
            }
        )


def _check_conditions(questionnaire: Questionnaire) -> None:
    """Every condition refers to an earlier, present question and one of its answers."""
    questions = logic.ordered_questions(questionnaire)
    seen: dict[int, Question] = {}
    for question in questions:
        condition = question.condition_question
        if condition is not None:
            if condition.pk not in seen:
                raise ValidationError(
                    {
                        "condition_question": _(
                            "The question “%(q)s” depends on “%(c)s”, which must come before it."
                        )
                        % {"q": question.text, "c": condition.text}
                    }
                )
            if question.condition_value not in logic.option_values(seen[condition.pk]):
                raise ValidationError(
                    {
                        "condition_value": _(
                            "The question “%(q)s” depends on the answer “%(v)s” of “%(c)s”, "
                            "which it no longer offers."
                        )
                        % {"q": question.text, "v": question.condition_value, "c": condition.text}
                    }
                )
        seen[question.pk] = question


def _next_position(questionnaire: Questionnaire, section: QuestionSection | None) -> int:
    last = Question.objects.filter(questionnaire=questionnaire, section=section).aggregate(
        m=Max("position")
    )["m"]
    return 0 if last is None else last + 1


@transaction.atomic
def question_create(
    *,
    user: User | None,
    questionnaire: Questionnaire,
    data: Mapping[str, Any],
    agent: str = "",
) -> Question:
    """A question at the end of its section (or of the questions without a section)."""
    values = {k: v for k, v in data.items() if k in QUESTION_FIELDS}
    kind = values.get("kind", "")
    if kind not in Kind.values:
        raise ValidationError({"kind": _("Choose a type of question.")})
    values["choices"] = _clean_choices(kind, values.get("choices"))
    question = Question(questionnaire=questionnaire, **values)
    question.position = _next_position(questionnaire, question.section)
    _check_question(question)
    question.full_clean()
    question.save()
    _check_conditions(questionnaire)
    audit_record(
        user=user,
        body=body_of(questionnaire),
        action=Action.CREATE,
        obj=question,
        agent=agent,
        changes=creation_changes(question, QUESTION_FIELDS),
    )
    return question


@transaction.atomic
def question_update(
    *, user: User, question: Question, expected_version: int, data: Mapping[str, Any]
) -> Question:
    values = {k: v for k, v in data.items() if k in QUESTION_FIELDS}
    kind = values.get("kind", question.kind)
    if kind != question.kind and question.answers.exists():
        raise ValidationError({"kind": _("The type cannot change once answers have come in.")})
    if "choices" in values or "kind" in values:
        values["choices"] = _clean_choices(kind, values.get("choices", question.choices))
    probe = Question(
        **{f: getattr(question, f) for f in (*QUESTION_FIELDS, "questionnaire", "position")}
    )
    probe.pk = question.pk
    for name, value in values.items():
        setattr(probe, name, value)
    _check_question(probe)
    values["condition_value"] = probe.condition_value
    if probe.section_id != question.section_id:
        values["position"] = _next_position(question.questionnaire, probe.section)
    question, changes = versioned_update(
        instance=question, expected_version=expected_version, data=values
    )
    _check_conditions(question.questionnaire)
    if changes:
        audit_record(
            user=user,
            body=body_of(question.questionnaire),
            action=Action.UPDATE,
            obj=question,
            changes=changes,
        )
    return question


@transaction.atomic
def question_delete(*, user: User, question: Question) -> None:
    """Soft delete: answers keep the question's text, so exports still show it."""
    dependants = Question.objects.filter(condition_question=question)
    if dependants.exists():
        raise ValidationError(
            _("Other questions depend on this one: %(q)s. Change their condition first.")
            % {"q": ", ".join(f"„{d.text}“" for d in dependants)}
        )
    soft_delete(instance=question)
    audit_record(
        user=user, body=body_of(question.questionnaire), action=Action.DELETE, obj=question
    )


@transaction.atomic
def question_move(*, user: User, question: Question, direction: int) -> bool:
    """Move a question one place up (-1) or down (+1) within its section."""
    siblings = [
        q
        for q in logic.ordered_questions(question.questionnaire)
        if q.section_id == question.section_id
    ]
    index = next(i for i, q in enumerate(siblings) if q.pk == question.pk)
    moved = _swap(siblings, index, direction)
    if moved is None:
        return False
    for position, item in enumerate(moved):
        Question.objects.filter(pk=item.pk).update(position=position)
    _check_conditions(question.questionnaire)
    audit_record(
        user=user,
        body=body_of(question.questionnaire),
        action=Action.UPDATE,
        obj=question,
        changes={"position": (index + 1, index + 1 + direction)},
    )
    return True
