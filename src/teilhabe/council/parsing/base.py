"""The parser's state and bookkeeping: lines, claimed characters, spans, labels."""

from __future__ import annotations

import datetime
import re

from .lines import (
    _clean_line,
    _reflow,
    _Section,
    _strip_span,
)
from .normalise import normalise
from .patterns import (
    _AUTHORITY_RE,
    _LABEL_RE,
    _LABELS,
    _PAGE_MARKER_RE,
)
from .result import (
    ParsedPaper,
    Span,
)
from .values import (
    ParsedVotes,
    date_from_match,
)


class _ParserBase:
    def __init__(self, source: str, *, fix_ocr: bool) -> None:
        self.source = source
        self.norm = normalise(source, fix_ocr=fix_ocr)
        self.text = self.norm.text
        self.lines: list[Span] = []
        pos = 0
        for line in self.text.split("\n"):
            self.lines.append((pos, pos + len(line)))
            pos += len(line) + 1
        self.claimed = bytearray(len(self.text))
        self.spans: dict[str, list[Span]] = {}
        self.paper = ParsedPaper()
        self.paper.corrections = list(self.norm.corrections)
        self.sections: list[_Section] = []
        self.section: _Section | None = None
        self.pending: tuple[str, Span, list[Span]] | None = None
        self.continuable: str | None = None
        self.header_claims: list[int] = []  # lines with header labels
        self.text_values: dict[str, list[str]] = {}
        self.signals: set[str] = set()
        self.first_body_line: int | None = None
        self.attachment_blocks: list[list[tuple[str, Span]]] = []
        self.block_votes: ParsedVotes | None = None
        self.block_of: list[int] = []  # attachment index → block it was first listed in

    def line_text(self, i: int) -> str:
        a, b = self.lines[i]
        return self.text[a:b]

    def claim(self, key: str, a: int, b: int, *, mark: bool = True) -> None:
        a, b = _strip_span(self.text, a, b)
        if a >= b:
            return
        self.spans.setdefault(key, []).append((a, b))
        if mark:
            self.claimed[a:b] = b"\x01" * (b - a)

    def value(self, a: int, b: int) -> str | None:
        return _reflow(self.text[a:b].split("\n"))

    def labels_in(self, a: int, b: int) -> list[tuple[str, int, int]]:
        """Colon labels in text[a:b]: (key, start, end after colon)."""
        found = []
        for m in _LABEL_RE.finditer(self.text, a, b):
            start = m.start()
            if start > a:
                before = self.text[start - 1]
                glued = before.isalpha() and before.islower() and self.text[start].isupper()
                if before.isalnum() and not glued:
                    continue
                if before in "/-" and not glued:
                    continue
            group = next(
                g for g in m.groupdict() if g.startswith("l") and g != "lcolon" and m.group(g)
            )
            found.append((_LABELS[int(group[1:])][0], start, m.end()))
        return found

    def date(self, match: re.Match[str]) -> datetime.date | None:
        value = date_from_match(match)
        if value is None:
            self.paper.warnings.append(
                f"Ungültiges Datum „{match.group(0)}“ wurde nicht übernommen."
            )
        return value

    def prose(self, text: str) -> bool:
        return len(text.split()) > 12 and text.rstrip().endswith((".", ":"))

    def line_free(self, i: int) -> bool:
        a, b = self.lines[i]
        if not self.text[a:b].strip():
            return False
        if any(s.heading_line <= i <= max(s.lines, default=s.heading_line) for s in self.sections):
            return False
        return not any(self.claimed[a:b])

    def title_like(self, first: int, last: int) -> bool:
        if last - first > 3:
            return False
        a, b = self.lines[first][0], self.lines[last][1]
        text = self.text[a:b].strip()
        cleaned = _clean_line(text)
        if not cleaned or len(cleaned) > 300 or "\t" in text or _PAGE_MARKER_RE.match(cleaned):
            return False
        if cleaned.endswith((".", ":")) or _AUTHORITY_RE.search(cleaned):
            return False
        if cleaned.isupper() and len(cleaned.split()) <= 4:
            return False
        return bool(re.search(r"[A-Za-zÄÖÜäöüß]{3}", cleaned))
