"""Text helpers of the Vorlage parser: spans, cells, reflowing lines into paragraphs."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from .patterns import (
    _BULLET_RE,
    _CONJUNCTIONS,
    _PAGE_MARKER_RE,
)
from .result import (
    Span,
)
from .values import (
    ParsedVotes,
)


def _strip_span(text: str, a: int, b: int) -> Span:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return (a, b)


def _split_cells(text: str, a: int, b: int, splitter: re.Pattern[str]) -> list[Span]:
    cells: list[Span] = []
    pos = a
    for m in splitter.finditer(text, a, b):
        cell = _strip_span(text, pos, m.start())
        if cell[0] < cell[1]:
            cells.append(cell)
        pos = m.end()
    cell = _strip_span(text, pos, b)
    if cell[0] < cell[1]:
        cells.append(cell)
    return cells


def _clean_line(line: str) -> str:
    line = re.sub(r"^[ \t]*#+[ \t]*", "", line)
    line = line.replace("\\*", "*").replace("**", "")
    return re.sub(r"[ \t]+", " ", line).strip()


def _is_bullet(line: str) -> bool:
    return bool(_BULLET_RE.match(line))


def _join_lines(lines: list[str]) -> str:
    """Join the lines of one paragraph: wraps become spaces, hyphenation is undone, bullets
    start a new line."""
    out = ""
    for line in lines:
        if not out:
            out = line
        elif _is_bullet(line):
            out += "\n" + line
        elif re.search(r"[A-Za-zäöüß]-$", out) and line[:1].islower():
            first = line.split(" ", 1)[0].rstrip(".,;")
            # "Kreisentwicklungs- sowie": a real hyphen; "Kinder-\ntagesstätte": a wrap
            out = out + " " + line if first in _CONJUNCTIONS else out[:-1] + line
        else:
            out += " " + line
    return out


def _ends_open(paragraph: str) -> bool:
    return not re.search(r"[.!?:;)\]\"“”]$", paragraph)


def _reflow(lines: list[str], *, drop_residue: bool = False) -> str | None:
    """Paragraphs of a block of lines as clean text, or ``None`` if nothing is left."""
    paragraphs: list[tuple[str, bool]] = []  # (text, after_page_break)
    current: list[str] = []
    page_break = False
    for raw in [*lines, ""]:
        if _PAGE_MARKER_RE.match(raw):
            page_break = True
            continue
        line = _clean_line(raw)
        if drop_residue and _is_residue(line):
            line = ""
        if line:
            current.append(line)
            continue
        if current:
            paragraphs.append((_join_lines(current), page_break))
            current = []
            page_break = False
    merged: list[str] = []
    for text, after_break in paragraphs:
        if merged and not _is_bullet(text) and _ends_open(merged[-1]):
            last_word = merged[-1].rsplit(" ", 1)[-1]
            if (
                after_break
                or text[:1].islower()
                or (last_word[:1].islower() and len(merged[-1]) > 40)
            ):
                merged[-1] = merged[-1] + " " + text
                continue
        merged.append(text)
    result = "\n\n".join(merged).strip()
    return result or None


def _is_residue(line: str) -> bool:
    """Form residue of financial/personnel boxes: unticked options and empty labels."""
    if line.lower().strip(" .") in {"ja", "nein", "x", "☐", "☒", "[ ]", "[x]"}:
        return True
    return line.endswith(":") and len(line.split()) <= 6


@dataclass
class _Section:
    kind: str
    heading: Span
    inline: Span | None
    lines: list[int] = field(default_factory=list)
    heading_line: int = 0


@dataclass
class _Row:
    committee: str | None = None
    dates: list[datetime.date | None] = field(default_factory=list)
    role: str | None = None
    result: str | None = None
    meeting: str | None = None
    public: bool | None = None
    votes: ParsedVotes | None = None
    header: bool = False
    vote_columns: list[str] | None = None
    numbers: list[int] = field(default_factory=list)

    @property
    def anything(self) -> bool:
        return bool(
            self.committee
            or self.dates
            or self.role
            or self.result
            or self.meeting
            or self.public is not None
            or self.votes
        )


def _sentence(text: str) -> bool:
    return text.rstrip().endswith((".", "!", "?")) or len(text.split()) > 8


def _prefix_of(short: str, long: str) -> bool:
    short, long = short.casefold(), long.casefold()
    if len(short) > len(long):
        short, long = long, short
    return long.startswith(short) and (len(long) == len(short) or not long[len(short)].isalnum())


def _paragraph_spans(text: str, a: int, b: int) -> Iterator[Span]:
    pos = a
    for m in re.finditer(r"\n[ \t]*\n", text[a:b]):
        span = _strip_span(text, pos, a + m.start())
        if span[0] < span[1]:
            yield span
        pos = a + m.end()
    span = _strip_span(text, pos, b)
    if span[0] < span[1]:
        yield span
