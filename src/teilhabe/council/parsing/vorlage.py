"""Parse a pasted Vorlage (Beschlussvorlage, Mitteilungsvorlage …) into structured fields.

``parse_vorlage(text)`` never raises. It reads the layouts of the common council information
systems (ALLRIS, SessionNet/Bürgerinfo) and of texts extracted from PDFs: header labels in any
order and spelling, tab-separated tables, labels glued together by the extraction
("Status:öffentlichVorlage-Art:Beschlussvorlage"), section headings with or without colon or
Markdown ``#``, Beratungsfolge blocks in table and in ALLRIS style, page markers, broken line
wraps and the OCR confusions of ``normalise.OCR_FIXES``.

Decisions
---------
* **OCR corrections go into the values.** Matching and values use the normalised copy, so the
  committee "Ausschuss fir Soziales" comes out as "Ausschuss für Soziales" (it must match an
  organisation) and a title reads correctly. The source stays untouched: ``spans`` point into
  it, ``unrecognised`` quotes it verbatim, ``corrections`` lists every fix with its place.
  ``parse_vorlage(text, fix_ocr=False)`` switches the corrections off.
* **Text values are reflowed**: lines of a paragraph are joined (hyphenation at a line end is
  undone unless the next word is a conjunction), paragraphs broken by a page break or an
  extraction gap are joined, page markers ("-2-", "Seite 2 von 3") and Markdown marks are
  removed, paragraphs are separated by one blank line.
* **Nothing is dropped**: every non-blank character of the source is inside a range of
  ``spans`` (which includes the labels and headings a value came from) or inside a block of
  ``unrecognised`` (whose source ranges are in ``unrecognised_spans``).
* **Amounts** are collected from the whole text (every number with €/EUR/Euro, also
  "1,2 Mio. €", "100.000,-- EUR", "50 T€"), each value once, in order of first appearance.
* **Votes** are only read from an "Abstimmungsergebnis" block or from a Beratungsfolge row,
  never from the Sachverhalt (which often reports earlier votes). The paper's votes are those
  of the Abstimmungsergebnis block, else those of the last consultation that has some.
  "einstimmig" without numbers gives counts ``None`` with ``unanimous=True``.
* **Null where the text does not say**: no role, status or type is guessed.
"""

from __future__ import annotations

import re

from .lines import (
    _paragraph_spans,
    _Section,
    _split_cells,
    _strip_span,
)
from .patterns import (
    _ACCOUNT_RE,
    _CELL_SPLIT_RE,
    _COLONLESS_RE,
    _COMMITTEE_RE,
    _CONTINUABLE,
    _HEADER_CELL_SPLIT_RE,
    _HEADING_RE,
    _HEADINGS,
    _I,
    _PAGE_MARKER_RE,
    _PLACE_DATE_RE,
    _REF_LINE_RE,
    _RELEVANCE,
    _RELEVANCE_HEADER_RE,
    _RELEVANCE_NAME_RE,
    _RELEVANCE_PAIR_RE,
    _SIGNATURE_RE,
    _STATUS_LINE_RE,
    _STATUS_RE,
    _STRONG_LABELS,
    _TEXT_KINDS,
    _TYPE_CANON,
    _TYPE_RE,
)
from .result import (
    JSON_KEYS,
    ParsedConsultation,
    ParsedPaper,
    Span,
)
from .sections import _SectionParser
from .values import (
    DATE_RE,
    REFERENCE_RE,
    STRICT_REFERENCE_RE,
    Amount,
    ParsedVotes,
    as_amount,
    number,
    parse_amounts,
    parse_bool,
)

__all__ = ["JSON_KEYS", "ParsedConsultation", "ParsedPaper", "ParsedVotes", "parse_vorlage"]


def parse_vorlage(text: str, *, fix_ocr: bool = True) -> ParsedPaper:
    """Parse a pasted Vorlage; never raises (an internal error becomes a warning and the
    whole text is kept as unrecognised)."""
    try:
        return _Parser(text, fix_ocr=fix_ocr).parse()
    except Exception as exc:  # pragma: no cover - a safety net, the parser must not fail
        paper = _not_a_paper(text)
        paper.warnings.insert(0, f"Interner Fehler beim Lesen der Vorlage ({type(exc).__name__}).")
        return paper


def _not_a_paper(text: str) -> ParsedPaper:
    paper = ParsedPaper()
    stripped = text.strip()
    if stripped:
        start = len(text) - len(text.lstrip())
        paper.unrecognised = [stripped]
        paper.unrecognised_spans = [(start, start + len(stripped))]
    return paper


class _Parser(_SectionParser):
    # ------------------------------------------------------------------ bookkeeping

    # ------------------------------------------------------------------ main

    def parse(self) -> ParsedPaper:
        for i in range(len(self.lines)):
            self.line(i)
        self.close_section()
        self.finish_pending()
        for section in self.sections:
            self.section_values(section)
        self.text_fields()
        self.title_fallback()
        self.decision_fallback()
        self.whole_text_values()
        paper = self.paper
        paper.votes = self.block_votes or next(
            (c.votes for c in reversed(paper.consultations) if c.votes), None
        )
        if paper.consultations:
            self.signals.add("consultations")
        if len(self.signals) < 2:
            result = _not_a_paper(self.source)
            result.warnings.append(
                "Der Text wurde nicht als Vorlage erkannt (weder Vorlagennummer noch Betreff, "
                "Beschlussvorschlag, Sachverhalt oder Beratungsfolge gefunden). Der gesamte "
                "Text ist unverändert als „nicht erkannt“ erhalten."
            )
            return result
        paper.warnings = list(dict.fromkeys(paper.warnings))
        if paper.reference is None:
            paper.warnings.append("Keine Vorlagennummer gefunden.")
        if paper.title is None:
            paper.warnings.append("Kein Betreff/Titel gefunden.")
        self.unrecognised()
        paper.spans = {
            key: [self.norm.source_range(a, b) for a, b in spans]
            for key, spans in self.spans.items()
        }
        return paper

    def line(self, i: int) -> None:
        a, b = self.lines[i]
        text = self.text[a:b]
        if not text.strip():
            self.continuable = None
            if self.pending and self.pending[2]:
                self.finish_pending()
            if self.section:
                self.section.lines.append(i)
            return
        heading = self.heading(i)
        if heading:
            self.finish_pending()
            self.continuable = None
            self.close_section()
            self.section = heading
            if heading.kind in _TEXT_KINDS and self.first_body_line is None:
                self.first_body_line = i
            return
        sig = _SIGNATURE_RE.match(text)
        if sig:
            self.finish_pending()
            self.close_section()
            if sig.group("gez") and sig.group("name") and self.paper.signed_by is None:
                self.paper.signed_by = sig.group("name").strip()
            self.claim("signed_by", a, b)
            return
        section = self.section
        if section is not None:
            if section.kind == "consultations":
                row = self.row(a, b)
                if self.row_fits(a, b, row):
                    section.lines.append(i)
                    return
            elif not self.strong_label_line(a, b):
                section.lines.append(i)
                return
            self.close_section()
        self.free_line(i)

    def heading(self, i: int) -> _Section | None:
        a, b = self.lines[i]
        text = self.text[a:b]
        m = _HEADING_RE.match(text)
        if not m:
            return None
        rest = text[m.end() :]
        kind = next(k for k in _HEADINGS if m.group(k))
        after = text[m.end(kind) :]
        if not (m.group("colon") or not rest.strip() or after[:1] in "\t|" or after[:2] == "  "):
            return None
        inline = (a + m.end(), b) if rest.strip() else None
        return _Section(kind, (a, a + m.end()), inline, heading_line=i)

    def close_section(self) -> None:
        if self.section is not None:
            self.sections.append(self.section)
            self.section = None

    # ------------------------------------------------------------------ header lines

    def strong_label_line(self, a: int, b: int) -> bool:
        start, _ = _strip_span(self.text, a, b)
        labels = self.labels_in(start, b)
        if labels and labels[0][1] == start and labels[0][0] in _STRONG_LABELS:
            return True
        if labels and labels[0][1] == start and labels[0][0] == "status":
            return bool(_STATUS_LINE_RE.match(self.text[labels[0][2] : b].strip()))
        return bool(_REF_LINE_RE.match(self.text[start:b]))

    def free_line(self, i: int) -> None:
        a, b = self.lines[i]
        text = self.text[a:b]
        if self.pending is not None:
            if not self.labels_in(a, b) and not _PAGE_MARKER_RE.match(text):
                self.pending[2].append((a, b))
                return
            self.finish_pending()
        if self.continuable and "\t" not in text and not self.labels_in(a, b):
            key = self.continuable
            if not (
                _TYPE_RE.match(text) or _STATUS_LINE_RE.match(text) or _PAGE_MARKER_RE.match(text)
            ):
                self.text_values[key].append(text.strip())
                self.claim(key, a, b)
                return
        self.continuable = None
        # a Beratungsfolge table without heading
        row = self.row(a, b)
        header_cells = [
            self.text[x:y].lower() for x, y in _split_cells(self.text, a, b, _CELL_SPLIT_RE)
        ]
        if (row.header and "gremium" in header_cells) or (
            row.committee
            and row.dates
            and _COMMITTEE_RE.search(row.committee)
            and not self.prose(text)
            and (row.role or "\t" in text or DATE_RE.match(text.strip()))
        ):
            self.section = _Section("consultations", (a, a), None, [i], heading_line=i)
            return
        whole = _RELEVANCE_PAIR_RE.fullmatch(text.strip())
        if whole is None and re.fullmatch(
            r"\s*(?:" + _RELEVANCE_PAIR_RE.pattern + r"\s*[,;]?\s*){2,}", text, _I
        ):
            for m in _RELEVANCE_PAIR_RE.finditer(text):
                self.relevance(m.group("name"), m.group("value"), a + m.start(), a + m.end())
            self.header_claims.append(i)
            return
        cells = _split_cells(self.text, a, b, _HEADER_CELL_SPLIT_RE)
        j = 0
        claimed_any = False
        while j < len(cells):
            nxt = cells[j + 1] if j + 1 < len(cells) else None
            used, ok = self.cell(cells[j], nxt, last=j == len(cells) - 1)
            claimed_any |= ok
            j += 1 + used
        if claimed_any:
            self.header_claims.append(i)

    def cell(self, cell: Span, nxt: Span | None, *, last: bool) -> tuple[int, bool]:
        """Read one table cell; returns (number of following cells used, anything claimed)."""
        a, b = cell
        text = self.text[a:b]
        # relevance checks, qualified majority and other colon-less labels with a value cell
        pair = _RELEVANCE_PAIR_RE.fullmatch(text)
        if pair:
            self.relevance(pair.group("name"), pair.group("value"), a, b)
            return 0, True
        name = _RELEVANCE_NAME_RE.fullmatch(text.rstrip(": \t"))
        if name and nxt and parse_bool(self.text[nxt[0] : nxt[1]]) is not None:
            self.relevance(text.rstrip(": \t"), self.text[nxt[0] : nxt[1]], a, nxt[1])
            return 1, True
        if _RELEVANCE_HEADER_RE.match(text):
            self.claim("relevance_checks", a, b)
            return 0, True
        colonless = _COLONLESS_RE.match(text)
        if colonless and not self.labels_in(a, b):
            key = colonless.lastgroup or ""
            if a + colonless.end() < b:
                return 0, self.assign(key, (a, a + colonless.end()), (a + colonless.end(), b))
            if nxt:
                return 1, self.assign(key, (a, b), nxt)
        labels = self.labels_in(a, b)
        if not labels:
            return 0, self.standalone(a, b)
        ok = False
        if labels[0][1] > a:
            ok |= self.standalone(a, labels[0][1])
        used = 0
        for k, (key, start, end) in enumerate(labels):
            value_end = labels[k + 1][1] if k + 1 < len(labels) else b
            value = _strip_span(self.text, end, value_end)
            if value[0] >= value[1] and k == len(labels) - 1:
                if nxt and not self.labels_in(*nxt):
                    used = 1
                    value = nxt
                elif last:
                    self.finish_pending()
                    self.pending = (key, (start, end), [])
                    ok = True
                    continue
            if value[0] < value[1]:
                ok |= self.assign(key, (start, end), value)
        return used, ok

    def standalone(self, a: int, b: int) -> bool:
        """A cell without label: paper type, status, reference, place and date."""
        a, b = _strip_span(self.text, a, b)
        text = self.text[a:b]
        paper = self.paper
        m = _REF_LINE_RE.match(text)
        if m and paper.reference is None:
            paper.reference = m.group("ref").strip()
            self.signals.add("reference")
            self.claim("reference", a, a + m.end())
            if a + m.end() < b:
                self.standalone(a + m.end(), b)
            return True
        m = _TYPE_RE.match(text)
        if m and paper.paper_type is None:
            rest = m.group("rest")
            word = m.group("type").lower()
            if (
                word in {"antrag", "anfrage", "mitteilung", "information"}
                and rest.strip()
                and not re.match(r"\s*(?:der|des|von|Nr\.?|vom|[-–:(])", rest)
            ):
                return False
            paper.paper_type = _TYPE_CANON[word]
            self.signals.add("paper_type")
            self.claim("paper_type", a, a + m.start("rest"))
            rest_start = a + m.start("rest")
            if rest.strip():
                self.type_rest(rest_start, b)
            return True
        m = _STATUS_LINE_RE.match(text)
        if m and paper.status is None:
            paper.status = "nichtöffentlich" if m.group("non") else "öffentlich"
            self.signals.add("status")
            self.claim("status", a, b)
            return True
        if (
            STRICT_REFERENCE_RE.match(text)
            and paper.reference is None
            and self.first_body_line is None
        ):
            paper.reference = text
            self.signals.add("reference")
            self.claim("reference", a, b)
            return True
        m = _PLACE_DATE_RE.match(text)
        if m and paper.date is None:
            d = DATE_RE.match(text, m.end())
            if d and d.end() == len(text):
                paper.date = self.date(d)
                self.claim("date", a, b)
                return True
        return False

    def type_rest(self, a: int, b: int) -> None:
        """After a paper type in the same cell: "Nr. REF", "vom DATE", "- öffentlich -"."""
        text = self.text[a:b]
        m = re.match(
            r"[ \t]*(?:Nr\.?|Nummer|[-–:])?[ \t]*(?P<ref>" + REFERENCE_RE.pattern + ")", text
        )
        if m and self.paper.reference is None:
            self.paper.reference = m.group("ref")
            self.signals.add("reference")
            self.claim("reference", a, a + m.end())
        by = re.match(r"[ \t]*(?:der|des|von)[ \t]+(?P<who>[^(\n]+?)[ \t]*$", text)
        if by and self.paper.submitter is None and "submitter" not in self.text_values:
            self.text_values["submitter"] = [by.group("who")]
            self.claim("submitter", a, b)
        d = re.search(r"\bvom[ ]+(?=\d)", text)
        if d:
            dm = DATE_RE.match(text, d.end())
            if dm and self.paper.date is None:
                self.paper.date = self.date(dm)
                self.claim("date", a + d.start(), a + dm.end())
        s = re.search(
            r"[-–(][ ]*(?:nicht[ ]?)?öffentlich[ ]*[-–)]|\((?:nicht[ ]?)?öffentlich\)", text, _I
        )
        if s and self.paper.status is None:
            self.paper.status = "nichtöffentlich" if "nicht" in s.group(0).lower() else "öffentlich"
            self.claim("status", a + s.start(), a + s.end())

    def relevance(self, name: str, value: str, a: int, b: int) -> None:
        m = _RELEVANCE_NAME_RE.fullmatch(name.strip())
        answer = parse_bool(value)
        if m is None or answer is None:
            return
        canonical = _RELEVANCE[int((m.lastgroup or "r0")[1:])][0]
        self.paper.relevance_checks.setdefault(canonical, answer)
        self.claim(f"relevance_checks.{canonical}", a, b)

    def assign(self, key: str, label: Span, value: Span) -> bool:
        """Store a labelled value; ``False`` if the value does not fit the label."""
        paper = self.paper
        va, vb = _strip_span(self.text, *value)
        text = self.text[va:vb]
        end = vb
        if key == "reference":
            m = re.match(r"(?:Nr\.?[ ]*)?(?P<ref>" + REFERENCE_RE.pattern + ")", text)
            if m:
                ref, end = m.group("ref"), va + m.end()
            else:
                m = re.match(r"[\w./-]*\d[\w./-]*", text)
                if not m:
                    return False
                ref, end = m.group(0).rstrip("./-"), va + m.end()
            if paper.reference is not None:
                return False
            paper.reference = ref
        elif key == "date":
            m = DATE_RE.search(text)
            if not m or paper.date is not None:
                return False
            paper.date = self.date(m)
            end = va + m.end()
        elif key == "status":
            m = _STATUS_RE.match(text)
            if not m or paper.status is not None:
                return False
            paper.status = "nichtöffentlich" if m.group("non") else "öffentlich"
            end = va + m.end()
        elif key == "paper_type":
            m = _TYPE_RE.match(text)
            canon = _TYPE_CANON.get(m.group("type").lower()) if m else _TYPE_CANON.get(text.lower())
            if paper.paper_type is not None:
                return False
            if canon is None:
                paper.warnings.append(f"Unbekannte Vorlagenart „{text}“.")
                return False
            paper.paper_type = canon
            end = va + (m.end("type") if m else len(text))
        elif key in {"in_budget", "qualified_majority"}:
            answer = parse_bool(text.split()[0] if text.split() else "")
            if answer is None:
                return False
            setattr(paper, key, answer)
            end = va + len(text.split()[0])
        elif key == "costs_eur":
            found = parse_amounts(text)
            if found:
                paper.costs_eur = found[0][0]
                end = va + found[0][2]
            else:
                m = re.match(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?", text)
                value_num = number(m.group(0)) if m else None
                if value_num is None or not m:
                    return False
                paper.costs_eur = as_amount(value_num)
                end = va + m.end()
        else:  # free text: title, lead_department, clerk, submitter, file_number
            if getattr(paper, key) is not None or key in self.text_values:
                return False
            self.text_values[key] = [text]
            if key in _CONTINUABLE:
                self.continuable = key
        if key in {
            "reference",
            "title",
            "paper_type",
            "lead_department",
            "status",
            "date",
            "clerk",
        }:
            self.signals.add(key)
        self.claim(key, label[0], end)
        return True

    def finish_pending(self) -> None:
        if self.pending is None:
            return
        key, label, lines = self.pending
        self.pending = None
        if not lines:
            return
        a, b = lines[0][0], lines[-1][1]
        if key in {"title", "lead_department", "clerk", "submitter", "file_number"}:
            if getattr(self.paper, key) is None and key not in self.text_values:
                self.text_values[key] = [self.text[x:y].strip() for x, y in lines]
                self.signals.add(key)
                self.claim(key, label[0], b)
            return
        self.assign(key, label, (a, b))

    # ------------------------------------------------------------------ Beratungsfolge

    # ------------------------------------------------------------------ sections

    def whole_text_values(self) -> None:
        paper = self.paper
        seen: dict[Amount, int] = {}
        for value, a, b in parse_amounts(self.text):
            if value not in seen:
                seen[value] = len(paper.amounts_eur)
                paper.amounts_eur.append(value)
            self.claim(f"amounts_eur.{seen[value]}", a, b, mark=False)
        for m in _ACCOUNT_RE.finditer(self.text):
            account = m.group("number").replace(" ", "")
            if account not in paper.accounts:
                paper.accounts.append(account)
            index = paper.accounts.index(account)
            self.claim(f"accounts.{index}", m.start(), m.end(), mark=False)

    def unrecognised(self) -> None:
        """Runs of unclaimed text, split at blank lines, verbatim from the source."""
        text = self.text
        runs: list[Span] = []
        start: int | None = None
        for i in range(len(text) + 1):
            free = i < len(text) and not self.claimed[i]
            if free and start is None:
                start = i
            elif not free and start is not None:
                runs.append((start, i))
                start = None
        for a, b in runs:
            for block in _paragraph_spans(text, a, b):
                sa, sb = self.norm.source_range(*block)
                self.paper.unrecognised.append(self.source[sa:sb])
                self.paper.unrecognised_spans.append((sa, sb))
