"""PDF with typst: a template from ``typst_templates/`` plus generated typst source.

Every piece of user text enters the source as a typst *string literal* (:func:`tstr`), never
as markup: inside a string only ``\\`` and ``"`` are special, so ``#``, ``*``, ``_``, ``$``,
``@``, ``<``, ``[``, ``//`` and the rest stay the letters they are. Fonts are typst's own
embedded ones (system fonts ignored), so the output is the same on every machine and nothing
is fetched.
"""

from collections.abc import Iterable, Sequence
from functools import cache
from importlib.resources import files

import typst

from teilhabe.concepts.models import Edition
from teilhabe.council.models import Paper

from . import labels as L
from .common import blocks, clean
from .content import ConceptContent, FieldChapter, PaperContent, concept_content, paper_content

_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t"}


def tstr(value: object) -> str:
    """``value`` as a typst string literal: ``"…"`` with ``\\``, ``"`` and line ends escaped.

    Control characters are dropped (:func:`clean`); everything else, umlauts included,
    is kept as it is.
    """
    text = clean(value)
    return '"' + "".join(_ESCAPES.get(ch, ch) for ch in text) + '"'


def tarray(values: Iterable[str]) -> str:
    """A typst array of strings (the trailing comma keeps a one-element array an array)."""
    items = [tstr(v) for v in values]
    return "(" + ", ".join(items) + ("," if len(items) == 1 else "") + ")"


def text_markup(text: str, *, empty: str = "") -> str:
    """Plain text (paragraphs, ``- `` bullets) as typst markup of escaped strings."""
    parts = blocks(text)
    if not parts:
        return f"#{tstr(empty)}\n\n" if empty else ""
    lines: list[str] = []
    previous = ""
    for block in parts:
        if block.kind == "para":
            lines.append(f"#{tstr(block.text)}")
            lines.append("")
        else:
            if previous == "para":
                lines.append("")
            lines.append("  " * block.level + f"- #{tstr(block.text)}")
        previous = block.kind
    lines.append("")
    return "\n".join(lines) + "\n"


def heading(level: int, title: str) -> str:
    return f"#heading(level: {level})[#{tstr(title)}]\n\n"


def bullet_list(items: Sequence[str], *, empty: str = L.NONE) -> str:
    if not items:
        return f"#{tstr(empty)}\n\n"
    return "\n".join(f"- #{tstr(item)}" for item in items) + "\n\n"


@cache
def _template(name: str) -> str:
    return files("teilhabe.documents").joinpath("typst_templates", name).read_text("utf-8")


def compile_source(source: str) -> bytes:
    """The PDF of a typst source; raises ``RuntimeError`` with typst's message on errors."""
    result = typst.compile(source.encode("utf-8"), ignore_system_fonts=True)
    if not isinstance(result, bytes):  # multi-page image formats return lists
        raise RuntimeError("typst returned no PDF")
    return result


def _meta(**values: str) -> str:
    return "#let meta = (" + ", ".join(f"{k}: {tstr(v)}" for k, v in values.items()) + ")\n"


# --- the concept ------------------------------------------------------------------------


def _measure_table(chapter: FieldChapter) -> str:
    rows = [
        "#table(",
        "  columns: (auto, 1fr, 9.5em),",
        "  table.header("
        + ", ".join(f"[#{tstr(h)}]" for h in (L.MEASURE_NO, L.MEASURE, L.LEAD))
        + "),",
    ]
    for m in chapter.measures:
        title = f"strong({tstr(m.title)})"
        if m.kmv:
            title = f"text(fill: kmv-blue, {title})"
        cell = [f"#{title}"]
        if m.description:
            cell.append(f"#parbreak()\n{text_markup(m.description)}")
        extra = [(k, v) for k, v in m.details() if k not in (L.LEAD, L.PARTNERS)]
        if extra:
            pairs = ", ".join(f"({tstr(k)}, {tstr(v)})" for k, v in extra)
            cell.append(f"#details(({pairs},))")
        lead = "\n\n".join(
            f"#{tstr(v)}" if k == L.LEAD else f"#muted({tstr(f'{k}: {v}')})"
            for k, v in m.details()
            if k in (L.LEAD, L.PARTNERS)
        )
        rows.append(f"  [#{tstr(m.number)}], [{' '.join(cell)}], [{lead}],")
    rows.append(")")
    return "\n".join(rows) + "\n\n"


def concept_source(content: ConceptContent) -> str:
    out = [_meta(body=content.body_name, title=content.title), _template("concept.typ"), "\n"]
    facts = []
    for label, value in content.title_facts():
        facts += [f"strong({tstr(label + ':')})", tstr(value)]
    out.append(
        f"#title-page({tstr(content.body_name)}, {tstr(content.concept_title)}, "
        f"{tstr(content.title)}, ({', '.join(facts)}{',' if facts else ''}))\n\n"
    )
    out.append(f"#outline(title: {tstr(L.CONTENTS)}, depth: 1)\n#pagebreak()\n\n")
    if content.introduction or content.source_note:
        out.append(heading(1, L.INTRODUCTION))
        out.append(text_markup(content.introduction))
        if content.source_note:
            out.append(heading(2, L.SOURCE))
            out.append(text_markup(content.source_note))
    if content.principles:
        out.append(heading(1, L.PRINCIPLES))
        for principle in content.principles:
            out.append(heading(2, principle.title))
            out.append(text_markup(principle.text))
    for section in content.sections:
        out.append(heading(1, section.title))
        out.append(text_markup(section.text, empty=L.NONE))
    for chapter in content.fields:
        out.append(heading(1, chapter.heading))
        if chapter.cross_cutting:
            out.append(f"#muted({tstr(L.CROSS_CUTTING)})\n\n")
        out.append(text_markup(chapter.description))
        out.append(heading(2, L.GOALS))
        out.append(bullet_list(chapter.goals))
        out.append(heading(2, L.OBJECTIVES))
        out.append(bullet_list(chapter.objectives))
        out.append(heading(2, L.MEASURES))
        if chapter.measures:
            if any(m.kmv for m in chapter.measures):
                out.append(f"#text(size: 9pt, fill: kmv-blue, {tstr(L.KMV_LEGEND)})\n\n")
            out.append(_measure_table(chapter))
        else:
            out.append(f"#{tstr(L.NONE)}\n\n")
    if content.foci:
        out.append(heading(1, L.FOCUS))
        for focus in content.foci:
            out.append(heading(2, focus.title))
            out.append(text_markup(focus.text))
    return "".join(out)


def concept_pdf(edition: Edition) -> bytes:
    """The concept edition as PDF: title page, outline, one chapter per field of action."""
    return compile_source(concept_source(concept_content(edition)))


# --- the paper --------------------------------------------------------------------------


def _cells(values: Iterable[str]) -> str:
    return ", ".join(f"[#{tstr(v)}]" for v in values)


def _table(columns: str, header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    lines = [
        "#table(",
        f"  columns: {columns},",
        f"  table.header({_cells(header)}),",
    ]
    lines += [f"  {_cells(row)}," for row in rows]
    lines.append(")")
    return "\n".join(lines) + "\n\n"


def paper_source(content: PaperContent) -> str:
    out = [
        _meta(body=content.body_name, title=content.title, reference=content.reference),
        _template("paper.typ"),
        "\n",
    ]
    facts = []
    for label, value in content.header_facts():
        facts += [f"strong({tstr(label + ':')})", tstr(value)]
    out.append(
        f"#header-block({tstr(content.body_name)}, {tstr(content.paper_type)}, "
        f"{tstr(content.public_label)}, ({', '.join(facts)}{',' if facts else ''}))\n\n"
    )
    out.append(f"#paper-title({tstr(content.title)})\n\n")

    out.append(heading(1, L.CONSULTATIONS + ":"))
    if content.steps:
        out.append(
            _table(
                "(1fr, auto, auto, auto)",
                (L.COMMITTEE, L.DATE, L.ROLE, L.STEP_STATUS),
                ((s.committee, s.date, s.role, s.status) for s in content.steps),
            )
        )
    else:
        out.append(f"#{tstr(L.NOT_APPLICABLE)}\n\n")

    out.append(heading(1, L.DECISION_PROPOSAL + ":"))
    out.append(text_markup(content.decision_proposal, empty=L.NOT_APPLICABLE))
    out.append(heading(1, L.FACTS + ":"))
    out.append(text_markup(content.facts, empty=L.NOT_APPLICABLE))

    out.append(heading(1, L.IMPACT + ":"))
    if not (content.impact or content.impact_texts):
        out.append(f"#{tstr(L.NOT_APPLICABLE)}\n\n")
    if content.impact:
        pairs = []
        for label, value in content.impact:
            pairs += [f"strong({tstr(label + ':')})", tstr(value)]
        out.append(
            f"#grid(columns: (auto, 1fr), column-gutter: 1em, row-gutter: 0.55em, {', '.join(pairs)})\n\n"
        )
    for label, text in content.impact_texts:
        out.append(f"#strong({tstr(label + ':')})\n\n")
        out.append(text_markup(text))

    if content.relevance:
        out.append(heading(1, L.RELEVANCE + ":"))
        out.append(_table("(1fr, auto)", (L.RELEVANCE_AREA, L.RELEVANT), content.relevance))

    out.append(heading(1, L.CLIMATE + ":"))
    out.append(text_markup(content.climate_text, empty=L.NOT_APPLICABLE))

    out.append(heading(1, L.ATTACHMENTS + ":"))
    out.append(bullet_list(content.attachments, empty=L.NOT_APPLICABLE))

    out.append(heading(1, L.VOTES + ":"))
    if content.steps:
        out.append(
            _table(
                "(auto, 1fr, auto, auto, auto)",
                (L.DATE, L.COMMITTEE, L.YES, L.NO, L.ABSTAIN),
                (
                    (
                        s.date,
                        s.committee + (f" ({L.UNANIMOUS})" if s.unanimous else ""),
                        s.yes,
                        s.no,
                        s.abstain,
                    )
                    for s in content.steps
                ),
            )
        )
    else:
        out.append(f"#{tstr(L.NOT_APPLICABLE)}\n\n")
    if content.clerk:
        out.append(f"#v(2em)\n#{tstr(f'{L.SIGNED} {content.clerk}')}\n")
    return "".join(out)


def paper_pdf(paper: Paper) -> bytes:
    """The paper (Vorlage) as PDF in the layout of German council documents."""
    return compile_source(paper_source(paper_content(paper)))
