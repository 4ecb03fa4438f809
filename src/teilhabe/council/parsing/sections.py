"""Reading the sections of a Vorlage: Beratungsfolge rows, attachments, votes, texts."""

from __future__ import annotations

import datetime
import re

from .base import _ParserBase
from .lines import (
    _clean_line,
    _prefix_of,
    _reflow,
    _Row,
    _Section,
    _sentence,
    _split_cells,
)
from .patterns import (
    _ATTACHMENT_NOISE_RE,
    _ATTACHMENT_SIZE_RE,
    _CELL_SPLIT_RE,
    _COMMITTEE_RE,
    _CONTINUABLE,
    _FIELD_OF_KIND,
    _FLAGS,
    _HEADER_WORDS,
    _MEETING_RE,
    _PAGE_MARKER_RE,
    _REF_ECHO_RE,
    _RESOLUTION_RE,
    _RESULT_RE,
    _RESULTS,
    _ROLE_BARE_RE,
    _ROLE_CANON,
    _ROLE_PAREN_RE,
    _TIME_RE,
    _WP_RE,
)
from .result import (
    ParsedConsultation,
    Span,
)
from .values import (
    DATE_RE,
    MAJORITY_RE,
    ParsedVotes,
    parse_votes,
    vote_header,
)


class _SectionParser(_ParserBase):
    def row(self, a: int, b: int) -> _Row:
        row = _Row()
        cells = _split_cells(self.text, a, b, _CELL_SPLIT_RE)
        words = [self.text[x:y].lower() for x, y in cells]
        if words and all(w.rstrip(":") in _HEADER_WORDS for w in words):
            row.header = True
            return row
        if re.fullmatch(r"[ \t|:+]*-{3}[-| \t:+]*", self.text[a:b]):  # Markdown table rule
            row.header = True
            return row
        plain = self.text[a:b].replace("\t", " ").split()
        row.vote_columns = vote_header(plain)
        if row.vote_columns:
            return row
        if plain and all(w.isdigit() for w in plain):
            row.numbers = [int(w) for w in plain]
            return row
        committee: list[str] = []
        for x, y in cells:
            cell = self.text[x:y]
            flag = _FLAGS.get(cell.lower())
            if flag is not None:
                row.public = flag
                continue
            if cell.lower().rstrip(":") in _HEADER_WORDS:
                continue
            if _REF_ECHO_RE.fullmatch(cell):
                continue
            chars = list(cell)

            def cut(s: int, e: int, chars: list[str] = chars) -> None:
                chars[s:e] = [" "] * (e - s)

            votes, used = parse_votes(cell)
            if votes:
                row.votes = votes
                for s, e in used:
                    cut(s, e)
            for m in MAJORITY_RE.finditer(cell):
                cut(*m.span())
            current = "".join(chars)
            result = _RESULT_RE.search(current)
            if result:
                row.result = _RESULTS[int((result.lastgroup or "x0")[1:])][0]
                cut(*result.span())
            for m in _REF_ECHO_RE.finditer(current):
                cut(*m.span())
            for m in DATE_RE.finditer("".join(chars)):
                row.dates.append(self.date(m))
                cut(*m.span())
            for m in _TIME_RE.finditer("".join(chars)):
                cut(*m.span())
            current = "".join(chars)
            role = _ROLE_PAREN_RE.search(current) or _ROLE_BARE_RE.search(current)
            if role:
                row.role = _ROLE_CANON[re.sub(r"\s+", " ", role.group("role").lower())]
                cut(*role.span())
            rest = re.sub(r"\s+", " ", "".join(chars)).strip(" ,;:-–")
            if row.dates and re.search(r" (?:Ö|N|NÖ)$", rest):
                row.public = not rest.endswith("N")
                rest = rest.rsplit(" ", 1)[0]
            if not rest or not re.search(r"[A-Za-zÄÖÜäöüß]{2}", rest):
                continue
            if _MEETING_RE.search(rest):
                row.meeting = rest
            else:
                committee.append(_WP_RE.sub("", rest))
        if committee:
            row.committee = " ".join(committee)
        return row

    def row_fits(self, a: int, b: int, row: _Row) -> bool:
        """Does the line continue a Beratungsfolge block?"""
        text = self.text[a:b]
        if row.header or row.vote_columns or row.numbers:
            return True
        if self.labels_in(a, b) and not row.dates:
            return False
        if self.prose(text) or len(text) > 250:
            return False
        if row.committee and not (row.dates or row.role) and _sentence(row.committee):
            return False
        if row.committee and not (row.dates or row.role or _COMMITTEE_RE.search(row.committee)):
            return bool(row.result or row.meeting or row.public is not None)
        return row.anything

    def consultations(self, section: _Section) -> None:
        paper = self.paper
        if section.heading[0] < section.heading[1]:
            self.claim("consultations", *section.heading)
        if section.inline:
            self.claim("consultations", *section.inline)
        current: ParsedConsultation | None = None
        pending_date: datetime.date | None = None
        vote_columns: list[str] | None = None
        for i in section.lines:
            a, b = self.lines[i]
            text = self.text[a:b]
            if not text.strip():
                continue
            if self.labels_in(a, b) and not DATE_RE.search(text):
                continue
            row = self.row(a, b)
            if row.header:
                self.claim("consultations", a, b)
                continue
            if row.vote_columns:
                vote_columns = row.vote_columns
                self.claim("votes", a, b)
                continue
            if row.numbers and vote_columns and len(row.numbers) == len(vote_columns) and current:
                current.votes = ParsedVotes.from_columns(vote_columns, row.numbers)
                self.claim(f"consultations.{len(paper.consultations) - 1}", a, b)
                continue
            if row.committee and vote_columns:
                m = re.search(rf"(?:\s\d{{1,3}}){{{len(vote_columns)}}}$", row.committee)
                if m:
                    counts = [int(n) for n in m.group(0).split()]
                    row.votes = ParsedVotes.from_columns(vote_columns, counts)
                    row.committee = row.committee[: m.start()].strip()
            date = next((d for d in row.dates if d), None)
            if row.committee:
                current = ParsedConsultation(
                    committee=row.committee,
                    date=date or pending_date,
                    role=row.role,
                    result=row.result,
                    meeting_title=row.meeting,
                    public=row.public,
                    votes=row.votes,
                )
                pending_date = None
                paper.consultations.append(current)
            elif current is None:
                if date:
                    pending_date = date
                    self.claim("consultations", a, b)
                continue
            else:
                if row.dates:
                    if (
                        current.date is None
                        and current.meeting_title is None
                        and current.result is None
                    ):
                        current.date = date
                    else:
                        current = ParsedConsultation(
                            committee=current.committee, date=date, role=current.role
                        )
                        paper.consultations.append(current)
                if row.role and current.role is None:
                    current.role = row.role
                if row.meeting:
                    current.meeting_title = row.meeting
                if row.result:
                    current.result = row.result
                if row.votes:
                    current.votes = row.votes
                if row.public is not None:
                    current.public = row.public
            self.claim(f"consultations.{len(paper.consultations) - 1}", a, b)

    def section_values(self, section: _Section) -> None:
        kind = section.kind
        if kind == "consultations":
            self.consultations(section)
            return
        if kind == "neutral":
            return
        lines = list(section.lines)
        while lines and not self.line_text(lines[-1]).strip():
            lines.pop()
        parts: list[Span] = ([section.inline] if section.inline else []) + [
            self.lines[i] for i in lines
        ]
        if kind == "attachments":
            self.attachments(section, parts)
            return
        if kind == "votes":
            self.votes_block(section, parts)
            return
        end = parts[-1][1] if parts else section.heading[1]
        key = _FIELD_OF_KIND[kind]
        self.claim(key, section.heading[0], end)
        texts = [self.text[x:y] for x, y in parts]
        value = _reflow(texts, drop_residue=kind in {"financial", "personnel"})
        if value:
            self.text_values.setdefault(key, []).append(value)
        if kind in {"decision_proposal", "facts"}:
            self.signals.add(kind)

    def attachments(self, section: _Section, parts: list[Span]) -> None:
        self.claim("attachments", *section.heading)
        block: list[tuple[str, Span]] = []
        for a, b in parts:
            text = _clean_line(self.text[a:b])
            if not text or _PAGE_MARKER_RE.match(text):
                self.claim("attachments", a, b)
                continue
            if all(w.lower() in _HEADER_WORDS for w in text.split()):
                self.claim("attachments", a, b)
                continue
            for piece in re.split(r"[ ]*;[ ]*", text) if ";" in text else [text]:
                title = _ATTACHMENT_NOISE_RE.sub("", piece)
                title = re.sub(r"^\d{1,2}[ \t]+(?=\D)", "", title)
                title = _ATTACHMENT_SIZE_RE.sub("", title).strip(" -–•")
                if title:
                    block.append((title, (a, b)))
        self.attachment_blocks.append(block)

    def votes_block(self, section: _Section, parts: list[Span]) -> None:
        self.claim("votes", *section.heading)
        columns: list[str] | None = None
        for a, b in parts:
            text = self.text[a:b]
            words = text.replace("\t", " ").replace("|", " ").split()
            header = vote_header(words)
            if header:
                columns = header
                self.claim("votes", a, b)
                continue
            if columns and words and all(w.isdigit() for w in words) and len(words) == len(columns):
                self.block_votes = ParsedVotes.from_columns(columns, [int(w) for w in words])
                self.claim("votes", a, b)
                continue
            votes, _used = parse_votes(text)
            if votes:
                self.block_votes = votes
                self.claim("votes", a, b)

    def text_fields(self) -> None:
        paper = self.paper
        for key, values in self.text_values.items():
            if key in _CONTINUABLE or key in {"clerk", "file_number"}:
                joiner = _CONTINUABLE.get(key, " ")
                if joiner == " ":
                    value = _reflow(values) or ""
                    value = value.replace("\n\n", " ")
                else:
                    value = joiner.join(_clean_line(v) for v in values if v.strip())
                setattr(paper, key, value or None)
            else:
                setattr(paper, key, "\n\n".join(values) or None)
        # attachments: one list; the same attachment listed in several blocks counts once
        titles: list[str] = []
        for n, block in enumerate(self.attachment_blocks):
            for title, span in block:
                index = None
                for k, known in enumerate(titles):
                    if title.casefold() == known.casefold() or (
                        n > 0 and self.block_of[k] < n and _prefix_of(known, title)
                    ):
                        index = k
                        break
                if index is None:
                    titles.append(title)
                    self.block_of.append(n)
                    index = len(titles) - 1
                self.claim(f"attachments.{index}", *span)
        paper.attachments = titles

    def title_fallback(self) -> None:
        """No labelled title: the first paragraph after the header block that looks like one."""
        if self.paper.title is not None or len(self.signals) < 2:
            return
        limit = self.first_body_line if self.first_body_line is not None else len(self.lines)
        good = [c for c in self.free_paragraphs(limit) if self.title_like(*c)]
        if not good:
            return
        last_header = max(self.header_claims, default=-1)
        after = [c for c in good if c[0] > last_header]
        first, last = after[0] if after else good[-1]
        a, b = self.lines[first][0], self.lines[last][1]
        self.paper.title = (_reflow(self.text[a:b].split("\n")) or "").replace("\n\n", " ")
        self.claim("title", a, b)

    def free_paragraphs(self, limit: int) -> list[tuple[int, int]]:
        """(first line, last line) of the paragraphs before line ``limit`` no field used."""
        found: list[tuple[int, int]] = []
        start: int | None = None
        for i in range(limit + 1):
            free = i < limit and self.line_free(i)
            if free and start is None:
                start = i
            elif not free and start is not None:
                found.append((start, i - 1))
                start = None
        return found

    def decision_fallback(self) -> None:
        """No Beschlussvorschlag heading: a paragraph worded as a resolution ("Der Kreistag
        beschließt …")."""
        if self.paper.decision_proposal is not None or len(self.signals) < 2:
            return
        for first, last in self.free_paragraphs(len(self.lines)):
            a, b = self.lines[first][0], self.lines[last][1]
            if _RESOLUTION_RE.match(self.text[a:b].strip()):
                self.paper.decision_proposal = _reflow(self.text[a:b].split("\n"))
                self.claim("decision_proposal", a, b)
                return
