"""Results of a questionnaire: counts per question (with a chart of the same numbers), the
free-text answers, the matrix counts per field of action, and the exports of the single
responses as CSV (German Excel: ``;``, UTF-8 with BOM, decimal comma) and XLSX.

Answers keep the text of their question, so a question removed after answers came in still
appears (marked as removed) in the results and the exports.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import matplotlib.pyplot as plt
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from teilhabe.core.charts import RC, SERIES_STYLES, accessible_svg, bar_chart_svg

from ..models import Answer, Invitation, Question, Questionnaire, Response
from . import logic

Kind = Question.Kind


@dataclass
class Row:
    label: str
    count: int
    share: Decimal | None  # percent of those who answered the question


@dataclass
class QuestionResult:
    key: str
    text: str
    kind: str
    kind_label: str
    question: Question | None  # None: removed (only its answers' text is left)
    removed: bool
    answered: int = 0
    rows: list[Row] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    mean: Decimal | None = None
    #: matrix: column labels and per field (title, counts per column, answered)
    columns: list[str] = field(default_factory=list)
    matrix: list[tuple[str, list[int], int]] = field(default_factory=list)
    chart: str = ""


@dataclass
class Results:
    questionnaire: Questionnaire
    responses: int
    invited: int
    answered_invitations: int
    questions: list[QuestionResult]


def percent(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def german_number(value: Decimal | None) -> str:
    return "" if value is None else f"{value:f}".replace(".", ",")


def _answers(questionnaire: Questionnaire) -> list[Answer]:
    return list(
        Answer.objects.filter(response__questionnaire=questionnaire, response__is_deleted=False)
        .select_related("question")
        .order_by("response_id", "pk")
    )


def _columns(questionnaire: Questionnaire, answers: list[Answer]) -> list[tuple[str, Any, str]]:
    """``(key, question or None, text)`` of the current questions in order, then of the
    removed questions that have answers (keyed by question, or by their text if gone)."""
    current = logic.ordered_questions(questionnaire)
    columns: list[tuple[str, Any, str]] = [(logic.question_key(q), q, q.text) for q in current]
    known = {key for key, _q, _t in columns}
    for answer in answers:
        key = str(answer.question.public_id) if answer.question else f"text:{answer.question_text}"
        if key not in known:
            known.add(key)
            columns.append((key, answer.question, answer.question_text))
    return columns


def _key(answer: Answer) -> str:
    return str(answer.question.public_id) if answer.question else f"text:{answer.question_text}"


def _count_rows(values: list[Any], allowed: list[tuple[str, str]], answered: int) -> list[Row]:
    counter: Counter[str] = Counter()
    for value in values:
        for v in value if isinstance(value, list) else [value]:
            counter[str(v)] += 1
    rows = [
        Row(label, counter[value], percent(counter[value], answered)) for value, label in allowed
    ]
    known = {value for value, _label in allowed}
    for value, count in sorted(counter.items()):
        if value not in known:  # an option renamed or removed after answers came in
            rows.append(Row(value, count, percent(count, answered)))
    return rows


def _bar_chart(result: QuestionResult, number: int) -> str:
    return bar_chart_svg(
        labels=[r.label for r in result.rows],
        quotas=[r.count for r in result.rows],
        assigned=None,
        title=result.text,
        description=_("Bar chart of the number of answers per option; the table has the numbers."),
        quota_label=_("answers"),
        assigned_label="",
        chart_id=f"question-{number}",
    )


def matrix_chart_svg(result: QuestionResult, number: int) -> str:
    """Stacked horizontal bars: one bar per field of action, one segment per option."""
    with plt.rc_context(RC):
        fig, ax = plt.subplots(figsize=(8, max(2.0, 0.4 * len(result.matrix) + 1.4)))
        positions = list(range(len(result.matrix)))
        left = [0] * len(result.matrix)
        for index, column in enumerate(result.columns):
            counts = [row[1][index] for row in result.matrix]
            colour, _style, _marker = SERIES_STYLES[index % len(SERIES_STYLES)]
            hatch = ["", "//", "..", "xx", "\\\\", "++", "oo"][index % 7]
            ax.barh(
                positions, counts, left=left, color=colour, hatch=hatch, label=column, height=0.6
            )
            left = [a + b for a, b in zip(left, counts, strict=True)]
        ax.set_yticks(positions)
        ax.set_yticklabels([row[0] for row in result.matrix])
        ax.invert_yaxis()
        ax.spines[["top", "right"]].set_visible(False)
        ax.xaxis.grid(True, color="#dddddd")
        ax.set_axisbelow(True)
        ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False, fontsize=8)
        return accessible_svg(
            fig,
            title=result.text,
            description=_(
                "Stacked bars of the answers per field of action; the table has the numbers."
            ),
            chart_id=f"question-{number}",
        )


def results_for(questionnaire: Questionnaire, *, charts: bool = True) -> Results:
    answers = _answers(questionnaire)
    by_key: dict[str, list[Any]] = {}
    for answer in answers:
        by_key.setdefault(_key(answer), []).append(answer.value)
    rows_of_matrix = logic.matrix_rows(questionnaire)
    kind_labels = dict(Kind.choices)
    results: list[QuestionResult] = []
    for number, (key, question, text) in enumerate(_columns(questionnaire, answers), start=1):
        values = by_key.get(key, [])
        kind = question.kind if question is not None else Kind.TEXT
        result = QuestionResult(
            key=key,
            text=text,
            kind=kind,
            kind_label=str(kind_labels.get(kind, kind)),
            question=question,
            removed=question is None or question.is_deleted,
            answered=len(values),
        )
        if kind == Kind.TEXT or question is None:
            result.texts = [logic.value_label(question, v) for v in values]
        elif kind == Kind.FIELD_MATRIX:
            result.columns = [label for _v, label in logic.options(question)]
            titles: dict[str, str] = dict(rows_of_matrix)
            keys = list(titles) + sorted({k for v in values for k in v if k not in titles})
            for field_key in keys:
                chosen = [v[field_key] for v in values if isinstance(v, dict) and field_key in v]
                counts = [chosen.count(c) for c in logic.option_values(question)]
                result.matrix.append((titles.get(field_key) or field_key, counts, len(chosen)))
            if charts and values and result.columns:
                result.chart = matrix_chart_svg(result, number)
        else:
            result.rows = _count_rows(values, logic.options(question), len(values))
            if kind == Kind.SCALE and values:
                numbers = [int(v) for v in values if str(v).isdigit()]
                if numbers:
                    result.mean = (Decimal(sum(numbers)) / len(numbers)).quantize(
                        Decimal("0.01"), ROUND_HALF_UP
                    )
            if charts and values:
                result.chart = _bar_chart(result, number)
        results.append(result)
    invitations = Invitation.objects.filter(questionnaire=questionnaire)
    return Results(
        questionnaire=questionnaire,
        responses=Response.objects.filter(questionnaire=questionnaire).count(),
        invited=invitations.filter(revoked=None).count(),
        answered_invitations=invitations.exclude(submitted=None).count(),
        questions=results,
    )


# --- exports of the single responses -----------------------------------------------------


def _respondent(response: Response) -> str:
    if response.invitation is None:
        return _("anonymous")
    invitation = response.invitation
    if invitation.actor is not None:
        return (
            f"{invitation.actor.name} ({invitation.email})"
            if invitation.email
            else str(invitation.actor.name)
        )
    return invitation.email


def table(questionnaire: Questionnaire) -> tuple[list[str], list[list[Any]]]:
    """Header and rows: one row per response, one column per question (a matrix: per field).

    Values are text except the scale (a number); empty cells stay empty.
    """
    answers = _answers(questionnaire)
    columns = _columns(questionnaire, answers)
    rows_of_matrix = logic.matrix_rows(questionnaire)
    header = [_("No."), _("Submitted"), _("Respondent"), _("Sample data")]
    cells: list[tuple[str, str | None]] = []  # (question key, matrix field key)
    for key, question, text in columns:
        removed = question is None or question.is_deleted
        label = f"{text} ({_('removed')})" if removed else text
        if question is not None and question.kind == Kind.FIELD_MATRIX:
            for field_key, title in rows_of_matrix:
                header.append(f"{label} – {title}")
                cells.append((key, field_key))
        else:
            header.append(label)
            cells.append((key, None))
    by_response: dict[int, dict[str, Answer]] = {}
    for answer in answers:
        by_response.setdefault(answer.response_id, {})[_key(answer)] = answer
    responses = Response.objects.filter(questionnaire=questionnaire).select_related(
        "invitation__actor"
    )
    rows: list[list[Any]] = []
    for number, response in enumerate(responses, start=1):
        given = by_response.get(response.pk, {})
        row: list[Any] = [
            number,
            date_format(timezone.localtime(response.submitted), "SHORT_DATE_FORMAT"),
            _respondent(response),
            _("yes") if response.is_sample else "",
        ]
        for key, matrix_key in cells:
            found = given.get(key)
            if found is None:
                row.append("")
                continue
            if matrix_key is not None:
                value = found.value if isinstance(found.value, dict) else {}
                row.append(value.get(matrix_key, ""))
            elif isinstance(found.value, int):
                row.append(found.value)
            else:
                row.append(logic.value_label(found.question, found.value))
        rows.append(row)
    return header, rows


def answers_csv(questionnaire: Questionnaire) -> bytes:
    header, rows = table(questionnaire)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def summary_rows(results: Results) -> list[list[str]]:
    """Question; answer; count; share in % (decimal comma) — the counts as one table."""
    out: list[list[str]] = [[_("Question"), _("Answer"), _("Count"), _("Share (%)")]]
    for result in results.questions:
        text = f"{result.text} ({_('removed')})" if result.removed else result.text
        for row in result.rows:
            out.append([text, row.label, str(row.count), german_number(row.share)])
        if result.mean is not None:
            out.append([text, _("mean (1–5)"), str(result.answered), german_number(result.mean)])
        for title, counts, answered in result.matrix:
            for column, count in zip(result.columns, counts, strict=True):
                share = german_number(percent(count, answered))
                out.append([f"{text} – {title}", column, str(count), share])
        if result.texts:
            out.append([text, _("free-text answers"), str(len(result.texts)), ""])
    return out


def summary_csv(results: Results) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerows(summary_rows(results))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def answers_xlsx(questionnaire: Questionnaire) -> bytes:
    """Sheet "answers" (as the CSV) and sheet "summary" (counts, shares as numbers)."""
    header, rows = table(questionnaire)
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = _("Answers")[:31]
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
    sheet.freeze_panes = "A2"
    summary = workbook.create_sheet(_("Summary")[:31])
    results = results_for(questionnaire, charts=False)
    for index, line in enumerate(summary_rows(results)):
        if index == 0:
            summary.append(line)
            continue
        count = int(line[2]) if line[2].isdigit() else line[2]
        share = float(line[3].replace(",", ".")) if line[3] else None
        summary.append([line[0], line[1], count, share])
    for cell in summary[1]:
        cell.font = Font(bold=True)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
