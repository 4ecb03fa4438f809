"""The rules of a questionnaire that the services, the pages and the results share: the order
of the questions, the options of each kind, which questions are shown (conditions), and the
reading and checking of answers.

Answers are kept as JSON by question (its ``public_id`` as text): ``str`` for free text, single
choice and yes/no (``"yes"``/``"no"``), ``int`` for the scale, ``list[str]`` for multiple
choice and ``{field key: option}`` for the matrix.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from teilhabe.concepts.models import FieldOfAction
from teilhabe.core.models import Body

from ..models import Question, Questionnaire, QuestionSection

Kind = Question.Kind
YES, NO = "yes", "no"
SCALE_VALUES = ("1", "2", "3", "4", "5")
MAX_TEXT = 5000
#: Kinds whose options the coordinator lists (``Question.choices``).
WITH_CHOICES = {Kind.SINGLE, Kind.MULTIPLE, Kind.FIELD_MATRIX}
#: Kinds an other question's display may depend on.
CONDITION_KINDS = {Kind.SINGLE, Kind.MULTIPLE, Kind.YES_NO, Kind.SCALE}
YES_NO_LABELS = {YES: gettext_lazy("yes"), NO: gettext_lazy("no")}
SCALE_HINT = gettext_lazy("1 = does not apply at all, 5 = fully applies")


def body_of(questionnaire: Questionnaire) -> Body:
    return questionnaire.process.edition.concept.body


def field_name(question: Question) -> str:
    """The name of the question's input(s) in the form (a matrix adds ``-<field key>``)."""
    return f"q-{question.public_id}"


def question_key(question: Question) -> str:
    return str(question.public_id)


def ordered_questions(
    questionnaire: Questionnaire, *, include_deleted: bool = False
) -> list[Question]:
    """The questions in the order the respondent sees them: questions without a section first,
    then by section and position."""
    manager = Question.all_objects if include_deleted else Question.objects
    questions = list(
        manager.filter(questionnaire=questionnaire).select_related("section", "condition_question")
    )
    return sorted(questions, key=order_key)


def order_key(question: Question) -> tuple[int, int, int, int, int]:
    section = question.section
    if section is None:
        return (0, 0, 0, question.position, question.pk or 0)
    return (1, section.position, section.pk, question.position, question.pk or 0)


def matrix_rows(questionnaire: Questionnaire) -> list[tuple[str, str]]:
    """The rows of a field-of-action matrix: the fields of the process's edition (key, title)."""
    fields = FieldOfAction.objects.filter(edition_id=questionnaire.process.edition_id).order_by(
        "position", "pk"
    )
    return [(f.key, f.title) for f in fields]


def options(question: Question) -> list[tuple[str, str]]:
    """``(value, label)`` of the answers a question offers (the columns of a matrix)."""
    if question.kind == Kind.YES_NO:
        return [(YES, str(YES_NO_LABELS[YES])), (NO, str(YES_NO_LABELS[NO]))]
    if question.kind == Kind.SCALE:
        return [(v, v) for v in SCALE_VALUES]
    if question.kind in WITH_CHOICES:
        return [(str(c), str(c)) for c in question.choices or []]
    return []


def option_values(question: Question) -> list[str]:
    return [value for value, _label in options(question)]


def value_label(question: Question | None, value: Any) -> str:
    """An answer value as text (for tables and exports)."""
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {v}" for k, v in value.items())
    if question is not None and question.kind == Kind.YES_NO and value in YES_NO_LABELS:
        return str(YES_NO_LABELS[value])
    return str(value)


def condition_met(answer: Any, expected: str) -> bool:
    if answer is None:
        return False
    if isinstance(answer, list):
        return expected in answer
    return str(answer) == expected


@dataclass
class Checked:
    """Answers read from a form: the valid values of the shown questions and the errors."""

    values: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    visible: set[str] = field(default_factory=set)

    @property
    def ok(self) -> bool:
        return not self.errors


def read_form(
    questions: Sequence[Question], data: Any, rows: Sequence[tuple[str, str]]
) -> dict[str, Any]:
    """The raw answers of a submitted form (a ``QueryDict``) by question key."""
    raw: dict[str, Any] = {}
    for question in questions:
        name = field_name(question)
        if question.kind == Kind.MULTIPLE:
            raw[question_key(question)] = [str(v) for v in data.getlist(name)]
        elif question.kind == Kind.FIELD_MATRIX:
            raw[question_key(question)] = {
                key: str(data.get(f"{name}-{key}", "")) for key, _title in rows
            }
        else:
            raw[question_key(question)] = str(data.get(name, ""))
    return raw


def _clean_one(
    question: Question, raw: Any, rows: Sequence[tuple[str, str]]
) -> tuple[Any, str | None, list[str]]:
    """``(value or None, error, missing matrix rows)`` of one raw answer."""
    allowed = option_values(question)
    if question.kind == Kind.TEXT:
        text = str(raw or "").replace("\r\n", "\n").strip()
        if len(text) > MAX_TEXT:
            return None, _("The answer is longer than %(max)d characters.") % {"max": MAX_TEXT}, []
        return (text or None), None, []
    if question.kind == Kind.MULTIPLE:
        chosen = [str(v) for v in (raw or [])] if isinstance(raw, list) else []
        if any(v not in allowed for v in chosen):
            return None, _("Choose among the options offered."), []
        ordered = [v for v in allowed if v in chosen]
        return (ordered or None), None, []
    if question.kind == Kind.FIELD_MATRIX:
        given = raw if isinstance(raw, dict) else {}
        keys = [key for key, _title in rows]
        value = {k: str(given[k]) for k in keys if given.get(k) not in (None, "")}
        if any(v not in allowed for v in value.values()):
            return None, _("Choose among the options offered."), []
        missing = [title for key, title in rows if key not in value]
        return (value or None), None, missing
    text = str(raw if raw is not None else "").strip()
    if not text:
        return None, None, []
    if text not in allowed:
        if question.kind == Kind.SCALE:
            return None, _("Choose a value from 1 to 5."), []
        return None, _("Choose one of the options offered."), []
    return (int(text) if question.kind == Kind.SCALE else text), None, []


def check(
    questions: Sequence[Question],
    raw: Mapping[str, Any],
    rows: Sequence[tuple[str, str]],
    *,
    final: bool,
) -> Checked:
    """Check answers against the questions.

    A question whose condition is not met (or whose condition question is itself hidden) is
    not shown: it is never required and its answer is dropped. ``final``: a submission —
    required questions must be answered and every error counts; for a draft, invalid answers
    are only left out.
    """
    result = Checked()
    for question in questions:
        key = question_key(question)
        condition = question.condition_question
        if condition is not None:
            condition_key = question_key(condition)
            if condition_key not in result.visible or not condition_met(
                result.values.get(condition_key), question.condition_value
            ):
                continue
        result.visible.add(key)
        value, error, missing = _clean_one(question, raw.get(key), rows)
        if error:
            if final:
                result.errors[key] = error
            continue
        if final and question.required:
            if value is None:
                result.errors[key] = _("This question must be answered.")
                continue
            if missing:
                result.errors[key] = _("Please answer every row (missing: %(rows)s).") % {
                    "rows": ", ".join(missing)
                }
                continue
        if value is not None:
            result.values[key] = value
    return result


# --- what the form template needs --------------------------------------------------------


@dataclass
class Item:
    question: Question
    number: int
    name: str
    options: list[tuple[str, str]]
    value: Any
    error: str
    condition_name: str = ""
    condition_label: str = ""
    matrix: list[dict[str, Any]] = field(default_factory=list)

    @property
    def chosen_values(self) -> list[str]:
        """The options currently chosen (for ``checked``)."""
        if isinstance(self.value, list):
            return [str(v) for v in self.value]
        return [] if self.value is None else [str(self.value)]


@dataclass
class Block:
    section: QuestionSection | None
    items: list[Item]


def form_blocks(
    questions: Sequence[Question],
    rows: Sequence[tuple[str, str]],
    values: Mapping[str, Any],
    errors: Mapping[str, str] | None = None,
) -> list[Block]:
    """The questions grouped by section with their current answers, for the form template."""
    errors = errors or {}
    blocks: list[Block] = []
    numbers: dict[int, int] = {}
    for number, question in enumerate(questions, start=1):
        numbers[question.pk] = number
        key = question_key(question)
        value = values.get(key)
        item = Item(
            question=question,
            number=number,
            name=field_name(question),
            options=options(question),
            value=value,
            error=errors.get(key, ""),
        )
        condition = question.condition_question
        if condition is not None:
            item.condition_name = field_name(condition)
            item.condition_label = _(
                "Only if your answer to question %(number)s is “%(value)s”."
            ) % {
                "number": numbers.get(condition.pk, "?"),
                "value": value_label(condition, question.condition_value),
            }
        if question.kind == Kind.FIELD_MATRIX:
            chosen = value if isinstance(value, dict) else {}
            item.matrix = [
                {"key": k, "title": t, "name": f"{item.name}-{k}", "value": chosen.get(k, "")}
                for k, t in rows
            ]
        if not blocks or blocks[-1].section != question.section:
            blocks.append(Block(section=question.section, items=[]))
        blocks[-1].items.append(item)
    return blocks


def values_from_raw(questions: Iterable[Question], raw: Mapping[str, Any]) -> dict[str, Any]:
    """Raw form values as the form shows them again after an error (nothing dropped)."""
    shown: dict[str, Any] = {}
    for question in questions:
        key = question_key(question)
        value = raw.get(key)
        if value in (None, "", [], {}):
            continue
        if question.kind == Kind.SCALE and isinstance(value, str) and value.isdigit():
            value = int(value)
        shown[key] = value
    return shown
