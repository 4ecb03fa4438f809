"""PPTX with python-pptx: the edition as a slide deck for the committee.

In the spirit of the Wesermarsch presentation: a title slide, the chapters, one slide per
field of action with three columns (Übergeordnete Ziele, Teilziele, Maßnahmen) and the
measures contributed by the Kommunale Migrationsvertretung in blue. A field with more
than fits on one slide continues on the next ("Fortsetzung"); the font shrinks before that.
"""

import io
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.text import PP_ALIGN
from pptx.presentation import Presentation as PresentationObject
from pptx.slide import Slide
from pptx.text.text import TextFrame
from pptx.util import Emu, Inches, Pt

from teilhabe.concepts.models import Edition

from . import labels as L
from .common import blocks
from .content import ConceptContent, FieldChapter, concept_content

KMV_BLUE = RGBColor(0x1F, 0x5F, 0xA8)
DARK = RGBColor(0x22, 0x22, 0x22)
MUTED = RGBColor(0x60, 0x60, 0x60)
ACCENT = RGBColor(0x0B, 0x4F, 0x6C)

WIDTH, HEIGHT = Inches(13.333), Inches(7.5)
MARGIN = Inches(0.6)
BODY_TOP = Inches(1.55)
BODY_HEIGHT = Inches(5.3)
GUTTER = Inches(0.3)
SIZES = (18, 16, 14, 13, 12, 11)  # font sizes tried, largest first
MIN_SIZE = SIZES[-1]

LAYOUT_TITLE, LAYOUT_TITLE_ONLY = 0, 5


@dataclass(frozen=True)
class Entry:
    text: str
    level: int = 0
    blue: bool = False
    bold: bool = False


def _lines(entries: Sequence[Entry], width: int, size: int) -> int:
    """A generous estimate of the lines a column of entries needs at a font size."""
    chars_per_line = max(8, int(Emu(width).pt / (size * 0.52)) - 2)
    lines = 0.0
    for entry in entries:
        lines += math.ceil(max(len(entry.text), 1) / chars_per_line) + 0.35
    return math.ceil(lines)


def _capacity(height: int, size: int) -> int:
    return int(Emu(height).pt / (size * 1.25))


def _split_long(entries: Sequence[Entry], width: int, height: int) -> list[Entry]:
    """Entries too long for one box cut at word boundaries, so that every piece fits."""
    chars_per_line = max(8, int(Emu(width).pt / (MIN_SIZE * 0.52)) - 2)
    limit = max(40, int((_capacity(height, MIN_SIZE) - 2) * chars_per_line * 0.85))
    result: list[Entry] = []
    for entry in entries:
        text = entry.text
        while len(text) > limit:
            cut = text.rfind(" ", 0, limit)
            cut = cut if cut > limit // 2 else limit
            result.append(Entry(text[:cut].rstrip(), entry.level, entry.blue, entry.bold))
            text = text[cut:].lstrip()
        result.append(Entry(text, entry.level, entry.blue, entry.bold))
    return result


def _paginate(entries: Sequence[Entry], width: int, height: int) -> list[list[Entry]]:
    """Entries in pages that fit a box at the smallest font size."""
    pages: list[list[Entry]] = [[]]
    for entry in _split_long(entries, width, height):
        if pages[-1] and _lines([*pages[-1], entry], width, MIN_SIZE) > _capacity(height, MIN_SIZE):
            pages.append([])
        pages[-1].append(entry)
    return pages


def _fitting_size(columns: Sequence[Sequence[Entry]], width: int, height: int) -> int:
    for size in SIZES:
        if all(_lines(column, width, size) <= _capacity(height, size) for column in columns):
            return size
    return MIN_SIZE


def _box(slide: Slide, left: int, top: int, width: int, height: int) -> Any:
    return slide.shapes.add_textbox(Emu(left), Emu(top), Emu(width), Emu(height))


def _fill(frame: TextFrame, entries: Sequence[Entry], size: int) -> None:
    frame.word_wrap = True
    first = True
    for entry in entries:
        paragraph = frame.paragraphs[0] if first else frame.add_paragraph()
        first = False
        paragraph.level = min(entry.level, 4)
        run = paragraph.add_run()
        bullet = "" if entry.bold else ("• " if entry.level == 0 else "– ")
        run.text = bullet + entry.text
        run.font.size = Pt(size)
        run.font.bold = entry.bold or entry.blue
        run.font.color.rgb = KMV_BLUE if entry.blue else (ACCENT if entry.bold else DARK)
        paragraph.space_after = Pt(size * 0.35)


def _slide(deck: PresentationObject, title: str) -> Slide:
    slide = deck.slides.add_slide(deck.slide_layouts[LAYOUT_TITLE_ONLY])
    shape = slide.shapes.title
    assert shape is not None
    shape.left, shape.top, shape.width, shape.height = (
        MARGIN,
        Inches(0.35),
        WIDTH - 2 * MARGIN,
        Inches(1.0),
    )
    shape.text_frame.word_wrap = True
    shape.text_frame.text = title
    paragraph = shape.text_frame.paragraphs[0]
    paragraph.alignment = PP_ALIGN.LEFT
    for run in paragraph.runs:
        run.font.size = Pt(30 if len(title) < 50 else 24)
        run.font.bold = True
        run.font.color.rgb = ACCENT
    return slide


def _footer(slide: Slide, text: str) -> None:
    box = _box(slide, MARGIN, HEIGHT - Inches(0.5), WIDTH - 2 * MARGIN, Inches(0.35))
    run = box.text_frame.paragraphs[0].add_run()
    run.text = text
    run.font.size, run.font.color.rgb = Pt(10), MUTED


def _title_slide(deck: PresentationObject, content: ConceptContent) -> None:
    slide = deck.slides.add_slide(deck.slide_layouts[LAYOUT_TITLE])
    title, subtitle = slide.shapes.title, slide.placeholders[1]
    assert title is not None
    title.left, title.top, title.width, title.height = (
        MARGIN,
        Inches(2.0),
        WIDTH - 2 * MARGIN,
        Inches(1.6),
    )
    title.text_frame.word_wrap = True
    title.text_frame.text = content.title
    for run in title.text_frame.paragraphs[0].runs:
        run.font.size, run.font.bold, run.font.color.rgb = Pt(40), True, ACCENT
    subtitle.left, subtitle.top, subtitle.width, subtitle.height = (
        MARGIN,
        Inches(3.8),
        WIDTH - 2 * MARGIN,
        Inches(2.2),
    )
    lines = [content.body_name, content.concept_title]
    facts = " · ".join(f"{label} {value}" for label, value in content.title_facts())
    if facts:
        lines.append(facts)
    frame = subtitle.text_frame
    frame.text = lines[0]
    for line in lines[1:]:
        frame.add_paragraph().text = line
    for paragraph in frame.paragraphs:
        for run in paragraph.runs:
            run.font.size, run.font.color.rgb = Pt(20), DARK


def _text_slides(deck: PresentationObject, title: str, text: str, footer: str) -> None:
    entries = [
        Entry(b.text.replace("\n", " "), level=b.level if b.kind == "item" else 0)
        for b in blocks(text)
    ] or [Entry(L.NONE)]
    width = WIDTH - 2 * MARGIN
    pages = _paginate(entries, width, BODY_HEIGHT)
    for index, page in enumerate(pages):
        slide = _slide(deck, title if index == 0 else f"{title} ({L.CONTINUED})")
        box = _box(slide, MARGIN, BODY_TOP, width, BODY_HEIGHT)
        _fill(box.text_frame, page, _fitting_size([page], width, BODY_HEIGHT))
        _footer(slide, footer)


def _field_slides(deck: PresentationObject, chapter: FieldChapter, footer: str) -> None:
    width = int((WIDTH - 2 * MARGIN - 2 * GUTTER) / 3)
    height = BODY_HEIGHT - Inches(0.55)
    columns = [
        [Entry(goal) for goal in chapter.goals] or [Entry(L.NONE)],
        [Entry(objective) for objective in chapter.objectives] or [Entry(L.NONE)],
        [Entry(f"{m.number} {m.title}", blue=m.kmv) for m in chapter.measures] or [Entry(L.NONE)],
    ]
    paged = [_paginate(column, width, height) for column in columns]
    count = max(len(pages) for pages in paged)
    heads = (L.GOALS, L.OBJECTIVES, L.MEASURES)
    for index in range(count):
        title = chapter.title if index == 0 else f"{chapter.title} ({L.CONTINUED})"
        slide = _slide(deck, title)
        chunks = [pages[index] if index < len(pages) else [] for pages in paged]
        size = _fitting_size(chunks, width, height)
        for position, (head, chunk) in enumerate(zip(heads, chunks, strict=True)):
            left = MARGIN + position * (width + GUTTER)
            box = _box(slide, left, BODY_TOP, width, Inches(0.5))
            _fill(box.text_frame, [Entry(head, bold=True)], 18)
            box = _box(slide, left, BODY_TOP + Inches(0.55), width, height)
            _fill(box.text_frame, chunk, size)
        if any(m.kmv for m in chapter.measures):
            box = _box(slide, MARGIN, HEIGHT - Inches(0.85), WIDTH - 2 * MARGIN, Inches(0.35))
            run = box.text_frame.paragraphs[0].add_run()
            run.text = L.KMV_LEGEND
            run.font.size, run.font.color.rgb = Pt(11), KMV_BLUE
        _footer(slide, f"{footer} · {L.FIELD} {chapter.number}")


def concept_pptx(edition: Edition) -> bytes:
    """The concept edition as slides: title, chapters, one slide per field of action."""
    content = concept_content(edition)
    deck = Presentation()
    deck.slide_width, deck.slide_height = WIDTH, HEIGHT
    deck.core_properties.title = content.title[:255]
    deck.core_properties.author = content.body_name[:255]
    deck.core_properties.language = "de-DE"
    footer = f"{content.body_name} · {content.title}"
    _title_slide(deck, content)
    for section in content.sections:
        _text_slides(deck, section.title, section.text, footer)
    for chapter in content.fields:
        _field_slides(deck, chapter, footer)
    if content.foci:
        text = "\n".join(
            f"- {f.title}" + (": " + f.text.replace("\n", " ") if f.text else "")
            for f in content.foci
        )
        _text_slides(deck, L.FOCUS, text, footer)
    slide = _slide(deck, L.QUESTIONS)
    _footer(slide, footer)
    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()
