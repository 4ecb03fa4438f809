"""DOCX with python-docx: editable Word files with real headings, tables and fields."""

import io
from collections.abc import Sequence

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table
from docx.text.paragraph import Paragraph

from teilhabe.concepts.models import Edition
from teilhabe.council.models import Paper

from . import labels as L
from .common import blocks
from .content import ConceptContent, FieldChapter, concept_content, paper_content

KMV_BLUE = RGBColor(0x1F, 0x5F, 0xA8)
MUTED = RGBColor(0x55, 0x55, 0x55)


def _new_document(*, title: str, author: str) -> DocumentObject:
    document = Document()
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.left_margin, section.right_margin = Cm(2.5), Cm(2.0)
    section.top_margin, section.bottom_margin = Cm(2.2), Cm(2.2)
    normal = document.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(11)
    rpr = normal.element.get_or_add_rPr()
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "de-DE")
    rpr.append(lang)
    for name in ("Title", "Heading 1", "Heading 2", "Heading 3"):
        document.styles[name].font.name = "Arial"
    props = document.core_properties
    props.title = title[:255]
    props.author = author[:255]
    props.language = "de-DE"
    _page_number_footer(document)
    return document


def _field(paragraph: Paragraph, instruction: str, placeholder: str = "") -> None:
    """A complex field (``PAGE``, ``NUMPAGES``, ``TOC …``) with its current result."""
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    run._r.append(begin)
    run = paragraph.add_run()
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run._r.append(instr)
    run = paragraph.add_run()
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    run._r.append(separate)
    paragraph.add_run(placeholder)
    run = paragraph.add_run()
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run._r.append(end)


def _page_number_footer(document: DocumentObject) -> None:
    paragraph = document.sections[0].footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run("Seite ")
    _field(paragraph, "PAGE", "1")
    paragraph.add_run(" von ")
    _field(paragraph, "NUMPAGES", "1")


def _to_bytes(document: DocumentObject) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def add_text(document: DocumentObject, text: str, *, empty: str = "") -> None:
    """Plain text as paragraphs and bulleted lists; line breaks inside a paragraph kept."""
    parts = blocks(text)
    if not parts and empty:
        document.add_paragraph(empty)
    for block in parts:
        if block.kind == "item":
            style = "List Bullet" if block.level == 0 else f"List Bullet {min(block.level + 1, 3)}"
            document.add_paragraph(block.text, style=style)
        else:
            run = document.add_paragraph().add_run()
            for index, line in enumerate(block.text.split("\n")):
                if index:
                    run.add_break()
                run.add_text(line)


def _repeat_header(table: Table) -> None:
    """The table's first row repeats on every page the table spans."""
    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)


def add_table(
    document: DocumentObject,
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    widths: Sequence[float] | None = None,
) -> Table:
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = text
    _repeat_header(table)
    if widths:
        for row_ in table.rows:
            for cell, width in zip(row_.cells, widths, strict=True):
                cell.width = Cm(width)
    return table


def _bullets(document: DocumentObject, items: Sequence[str], *, empty: str = L.NONE) -> None:
    if not items:
        document.add_paragraph(empty)
    for item in items:
        document.add_paragraph(item, style="List Bullet")


# --- the concept ------------------------------------------------------------------------


def _table_of_contents(document: DocumentObject, content: ConceptContent) -> None:
    """A TOC field whose current result is the written list of chapters.

    Word replaces the list with the headings and page numbers when the field is updated
    (F9); until then the list can be read as it is.
    """
    document.add_heading(L.CONTENTS, level=1)
    chapters = content.chapters or [L.NONE]
    first = document.add_paragraph()
    _field_start(first, 'TOC \\o "1-1" \\h \\z \\u')
    for index, chapter in enumerate(chapters):
        paragraph = first if index == 0 else document.add_paragraph()
        paragraph.add_run(chapter)
        if index == len(chapters) - 1:
            _field_end(paragraph)


def _field_start(paragraph: Paragraph, instruction: str) -> None:
    for kind, text in (("begin", None), (None, instruction), ("separate", None)):
        run = paragraph.add_run()
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = f" {text} "
        run._r.append(element)


def _field_end(paragraph: Paragraph) -> None:
    element = OxmlElement("w:fldChar")
    element.set(qn("w:fldCharType"), "end")
    paragraph.add_run()._r.append(element)


def _title_page(document: DocumentObject, content: ConceptContent) -> None:
    for _ in range(4):
        document.add_paragraph()
    document.add_paragraph().add_run(content.body_name).font.size = Pt(16)
    run = document.add_paragraph().add_run(content.concept_title)
    run.font.size, run.font.color.rgb = Pt(13), MUTED
    document.add_paragraph(content.title, style="Title")
    for label, value in content.title_facts():
        paragraph = document.add_paragraph()
        paragraph.add_run(f"{label}: ").bold = True
        paragraph.add_run(value)
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _measures(document: DocumentObject, chapter: FieldChapter) -> None:
    if not chapter.measures:
        document.add_paragraph(L.NONE)
        return
    if any(m.kmv for m in chapter.measures):
        run = document.add_paragraph().add_run(L.KMV_LEGEND)
        run.font.size, run.font.color.rgb = Pt(9), KMV_BLUE
    table = document.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, (L.MEASURE_NO, L.MEASURE, L.LEAD), strict=True):
        cell.paragraphs[0].add_run(text).bold = True
    for m in chapter.measures:
        number, body, lead = table.add_row().cells
        number.text = m.number
        run = body.paragraphs[0].add_run(m.title)
        run.bold = True
        if m.kmv:
            run.font.color.rgb = KMV_BLUE
        for block in blocks(m.description):
            paragraph = body.add_paragraph(("• " if block.kind == "item" else "") + block.text)
            paragraph.paragraph_format.left_indent = Cm(0.4 * block.level)
        for label, value in m.details():
            if label in (L.LEAD, L.PARTNERS):
                continue
            paragraph = body.add_paragraph()
            label_run = paragraph.add_run(f"{label}: ")
            label_run.italic = True
            label_run.font.size = Pt(9.5)
            paragraph.add_run(value).font.size = Pt(9.5)
        lead.text = m.lead
        if m.partners:
            run = lead.add_paragraph().add_run(f"{L.PARTNERS}: {m.partners}")
            run.font.size, run.font.color.rgb = Pt(9.5), MUTED
    _repeat_header(table)
    for row in table.rows:
        for cell, width in zip(row.cells, (1.3, 10.7, 4.5), strict=True):
            cell.width = Cm(width)


def concept_docx(edition: Edition) -> bytes:
    """The concept edition as an editable Word file."""
    content = concept_content(edition)
    document = _new_document(title=content.title, author=content.body_name)
    _title_page(document, content)
    _table_of_contents(document, content)
    if content.introduction or content.source_note:
        _chapter(document, L.INTRODUCTION)
        add_text(document, content.introduction)
        if content.source_note:
            document.add_heading(L.SOURCE, level=2)
            add_text(document, content.source_note)
    if content.principles:
        _chapter(document, L.PRINCIPLES)
        for principle in content.principles:
            document.add_heading(principle.title, level=2)
            add_text(document, principle.text)
    for section in content.sections:
        _chapter(document, section.title)
        add_text(document, section.text, empty=L.NONE)
    for chapter in content.fields:
        _chapter(document, chapter.heading)
        if chapter.cross_cutting:
            document.add_paragraph().add_run(L.CROSS_CUTTING).italic = True
        add_text(document, chapter.description)
        document.add_heading(L.GOALS, level=2)
        _bullets(document, chapter.goals)
        document.add_heading(L.OBJECTIVES, level=2)
        _bullets(document, chapter.objectives)
        document.add_heading(L.MEASURES, level=2)
        _measures(document, chapter)
    if content.foci:
        _chapter(document, L.FOCUS)
        for focus in content.foci:
            document.add_heading(focus.title, level=2)
            add_text(document, focus.text)
    return _to_bytes(document)


def _chapter(document: DocumentObject, title: str) -> None:
    """A chapter of the first level, on a new page."""
    heading = document.add_heading(title, level=1)
    heading.paragraph_format.page_break_before = True


# --- the paper --------------------------------------------------------------------------


def _borderless(table: Table) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.append(borders)


def _label(document: DocumentObject, text: str) -> None:
    """A section label of the paper (``Beschlussvorschlag:``), as a small heading."""
    heading = document.add_heading(text, level=2)
    heading.paragraph_format.space_before = Pt(14)


def paper_docx(paper: Paper) -> bytes:
    """The paper (Vorlage) as an editable Word file in the layout of council documents."""
    content = paper_content(paper)
    document = _new_document(title=content.title, author=content.body_name)

    header = document.add_table(rows=1, cols=2)
    _borderless(header)
    left, right = header.rows[0].cells
    left.width, right.width = Cm(9.5), Cm(7.0)
    run = left.paragraphs[0].add_run(content.body_name)
    run.bold, run.font.size = True, Pt(14)
    run = left.add_paragraph().add_run(content.paper_type)
    run.bold, run.font.size = True, Pt(18)
    left.add_paragraph(content.public_label)
    first = True
    for label, value in content.header_facts():
        paragraph = right.paragraphs[0] if first else right.add_paragraph()
        first = False
        paragraph.add_run(f"{label}: ").bold = True
        paragraph.add_run(value)

    title = document.add_paragraph()
    title.paragraph_format.space_before = Pt(18)
    run = title.add_run(content.title)
    run.bold, run.font.size = True, Pt(14)

    _label(document, L.CONSULTATIONS + ":")
    if content.steps:
        add_table(
            document,
            (L.COMMITTEE, L.DATE, L.ROLE, L.STEP_STATUS),
            [(s.committee, s.date, s.role, s.status) for s in content.steps],
            widths=(8.0, 2.6, 2.9, 3.0),
        )
    else:
        document.add_paragraph(L.NOT_APPLICABLE)

    _label(document, L.DECISION_PROPOSAL + ":")
    add_text(document, content.decision_proposal, empty=L.NOT_APPLICABLE)
    _label(document, L.FACTS + ":")
    add_text(document, content.facts, empty=L.NOT_APPLICABLE)

    _label(document, L.IMPACT + ":")
    if not (content.impact or content.impact_texts):
        document.add_paragraph(L.NOT_APPLICABLE)
    for label, value in content.impact:
        paragraph = document.add_paragraph()
        paragraph.add_run(f"{label}: ").bold = True
        paragraph.add_run(value)
    for label, text in content.impact_texts:
        document.add_paragraph().add_run(f"{label}:").bold = True
        add_text(document, text)

    if content.relevance:
        _label(document, L.RELEVANCE + ":")
        add_table(document, (L.RELEVANCE_AREA, L.RELEVANT), content.relevance, widths=(12.0, 4.5))

    _label(document, L.CLIMATE + ":")
    add_text(document, content.climate_text, empty=L.NOT_APPLICABLE)

    _label(document, L.ATTACHMENTS + ":")
    _bullets(document, content.attachments, empty=L.NOT_APPLICABLE)

    _label(document, L.VOTES + ":")
    if content.steps:
        add_table(
            document,
            (L.DATE, L.COMMITTEE, L.YES, L.NO, L.ABSTAIN),
            [
                (
                    s.date,
                    s.committee + (f" ({L.UNANIMOUS})" if s.unanimous else ""),
                    s.yes,
                    s.no,
                    s.abstain,
                )
                for s in content.steps
            ],
            widths=(2.6, 7.4, 1.8, 1.8, 2.9),
        )
    else:
        document.add_paragraph(L.NOT_APPLICABLE)
    if content.clerk:
        signature = document.add_paragraph(f"{L.SIGNED} {content.clerk}")
        signature.paragraph_format.space_before = Pt(24)
    return _to_bytes(document)
