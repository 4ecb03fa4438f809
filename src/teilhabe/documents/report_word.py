"""The Sachstandsbericht as an editable Word file (python-docx), from its snapshot only."""

from __future__ import annotations

import io
from typing import Any

from docx.document import Document as DocumentObject
from docx.enum.text import WD_BREAK
from docx.shared import Cm, Pt

from . import report_layout as R
from .word import MUTED, _new_document, _to_bytes, add_table, add_text


def _heading(document: DocumentObject, title: str, *, new_page: bool = False) -> None:
    heading = document.add_heading(title, level=1)
    heading.paragraph_format.page_break_before = new_page


def _empty(document: DocumentObject, text: str = R.NO_ENTRIES) -> None:
    document.add_paragraph().add_run(text).italic = True


def _cover(document: DocumentObject, content: dict[str, Any]) -> None:
    cover = content["cover"]
    for _ in range(4):
        document.add_paragraph()
    document.add_paragraph().add_run(cover["body"]).font.size = Pt(16)
    run = document.add_paragraph().add_run(cover["concept"])
    run.font.size, run.font.color.rgb = Pt(13), MUTED
    document.add_paragraph(cover["title"], style="Title")
    for label, value in R.cover_facts(content):
        paragraph = document.add_paragraph()
        paragraph.add_run(f"{label}: ").bold = True
        paragraph.add_run(value)
    if cover["sample"]:
        document.add_paragraph().add_run(R.SAMPLE).italic = True
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _summary(document: DocumentObject, content: dict[str, Any]) -> None:
    _heading(document, R.H_SUMMARY)
    document.add_paragraph(R.summary_sentence(content))
    for label, value in R.summary_facts(content):
        paragraph = document.add_paragraph(style="List Bullet")
        paragraph.add_run(f"{label}: ").bold = True
        paragraph.add_run(value)
    document.add_heading(R.CHART_TITLE, level=2)
    document.add_picture(io.BytesIO(R.status_chart_png(content)), width=Cm(15.5))
    caption = document.add_paragraph()
    caption.add_run(R.chart_description(content)).font.size = Pt(9)
    add_table(
        document,
        ("Ampel", "Maßnahmen"),
        [(item["label"], str(item["count"])) for item in content["summary"]["lights"]],
        widths=(8.0, 4.0),
    )


def _budget(document: DocumentObject, content: dict[str, Any]) -> None:
    _heading(document, R.H_BUDGET, new_page=True)
    budget = content["budget"]
    if not budget["rows"]:
        _empty(document, R.NO_BUDGET)
        return
    add_table(
        document,
        ("Handlungsfeld", *R.BUDGET_HEADER),
        [[row["field"], *R.budget_row(row, str(row["year"]))] for row in budget["rows"]],
    )
    document.add_heading("Summen nach Jahren", level=2)
    rows = [R.budget_row(row, str(row["year"])) for row in budget["years"]]
    rows.append(R.budget_row(budget["total"], R.TOTAL))
    table = add_table(document, R.BUDGET_HEADER, rows)
    for cell in table.rows[-1].cells:
        for run in cell.paragraphs[0].runs:
            run.bold = True
    if budget["overspent_lines"]:
        document.add_heading(R.OVERSPENT, level=2)
        add_table(
            document,
            ("Jahr", "Zweck", "Für", "bewilligt", "ausgegeben", "Überschreitung"),
            [
                [str(r["year"]), r["label"], r["owner"], r["approved"], r["spent"], r["over"]]
                for r in budget["overspent_lines"]
            ],
        )


def _focus(document: DocumentObject, content: dict[str, Any]) -> None:
    _heading(document, R.H_FOCUS)
    if not content["focus"]:
        _empty(document)
    for focus in content["focus"]:
        document.add_heading(R.focus_heading(focus), level=2)
        add_text(document, focus["description"])
        if focus["decision"]:
            add_text(document, focus["decision"])


def _highlights(document: DocumentObject, content: dict[str, Any]) -> None:
    _heading(document, R.H_HIGHLIGHTS)
    if not content["highlights"]:
        _empty(document)
    for row in content["highlights"]:
        paragraph = document.add_paragraph(style="List Bullet")
        paragraph.add_run(f"{row['key']} {row['title']}").bold = True
        paragraph.add_run(f" ({row['field']}): {R.highlight_line(row)}")
        if row["narrative"]:
            note = document.add_paragraph(row["narrative"])
            note.paragraph_format.left_indent = Cm(0.63)


def _table_or_empty(
    document: DocumentObject, header: tuple[str, ...], rows: list[list[str]], **kw: Any
) -> None:
    if rows:
        add_table(document, header, rows, **kw)
    else:
        _empty(document)


def _targets(document: DocumentObject, content: dict[str, Any]) -> None:
    """The targets table, then per target its chart (PNG) and the chart's numbers."""
    _heading(document, R.H_TARGETS)
    add_table(document, R.TARGET_HEADER, [R.target_row(r) for r in content["targets"]])
    for row in content["targets"]:
        if not R.has_chart(row):
            continue
        document.add_heading(R.target_chart_title(row), level=2)
        document.add_picture(io.BytesIO(R.target_chart_png(row)), width=Cm(15.5))
        caption = document.add_paragraph()
        caption.add_run(R.TARGET_CHART_DESCRIPTION).font.size = Pt(9)
        add_table(document, R.SERIES_HEADER, R.target_series_rows(row), widths=(8.0, 4.0))


def _appendix(document: DocumentObject, content: dict[str, Any]) -> None:
    _heading(document, R.H_APPENDIX, new_page=True)
    if not content["appendix"]:
        _empty(document)
        return
    table = add_table(document, R.APPENDIX_HEADER, [R.appendix_row(r) for r in content["appendix"]])
    for row, measure in zip(table.rows[1:], content["appendix"], strict=True):
        if measure["narrative"]:
            run = row.cells[1].add_paragraph().add_run(measure["narrative"])
            run.font.size, run.font.color.rgb = Pt(9), MUTED
    for row in table.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    if run.font.size is None:
                        run.font.size = Pt(9.5)


def report_docx(content: dict[str, Any]) -> bytes:
    """The report's snapshot as a Word file: cover, summary with the status chart, progress
    per field of action, budget, strategic focus, highlights, delayed and stale measures,
    monitoring targets with their charts and the appendix of all measures."""
    cover = content["cover"]
    document = _new_document(title=R.document_title(content), author=cover["body"])
    section = document.sections[0]
    section.left_margin, section.right_margin = Cm(2.0), Cm(1.8)
    _cover(document, content)
    _summary(document, content)
    _heading(document, R.H_FIELDS)
    _table_or_empty(document, R.FIELD_HEADER, [R.field_row(r) for r in content["fields"]])
    _budget(document, content)
    _focus(document, content)
    _highlights(document, content)
    _heading(document, R.H_DELAYED)
    _table_or_empty(document, R.DELAYED_HEADER, [R.delayed_row(r) for r in content["delayed"]])
    _heading(document, R.H_STALE)
    _table_or_empty(document, R.STALE_HEADER, [R.stale_row(r) for r in content["stale"]])
    if content["targets"]:
        _targets(document, content)
    _appendix(document, content)
    return _to_bytes(document)
