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

import datetime
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from .normalise import Correction, normalise
from .values import (
    DATE_RE,
    MAJORITY_RE,
    REFERENCE_RE,
    STRICT_REFERENCE_RE,
    Amount,
    ParsedVotes,
    as_amount,
    date_from_match,
    number,
    parse_amounts,
    parse_bool,
    parse_votes,
    vote_header,
)

__all__ = ["JSON_KEYS", "ParsedConsultation", "ParsedPaper", "ParsedVotes", "parse_vorlage"]

#: The keys of ``ParsedPaper.to_json_dict`` (and of ``manage.py paper_import --json``).
JSON_KEYS = (
    "reference",
    "date",
    "title",
    "status",
    "lead_department",
    "consultations",
    "decision_proposal",
    "amounts_eur",
    "attachments",
    "votes",
)
PAPER_TYPES = (
    "Beschlussvorlage",
    "Mitteilungsvorlage",
    "Informationsvorlage",
    "Antrag",
    "Anfrage",
)
ROLES = ("Vorberatung", "Entscheidung", "Kenntnisnahme", "Anhörung")

Span = tuple[int, int]


@dataclass
class ParsedConsultation:
    """One step of the Beratungsfolge."""

    committee: str
    date: datetime.date | None = None
    role: str | None = None
    result: str | None = None
    meeting_title: str | None = None
    #: from an Ö/N column; ``None`` if the row does not say
    public: bool | None = None
    votes: ParsedVotes | None = None

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "committee": self.committee,
            "date": self.date.isoformat() if self.date else None,
            "role": self.role,
        }


@dataclass
class ParsedPaper:
    reference: str | None = None
    date: datetime.date | None = None
    title: str | None = None
    status: str | None = None
    paper_type: str | None = None
    lead_department: str | None = None
    clerk: str | None = None
    submitter: str | None = None
    file_number: str | None = None
    consultations: list[ParsedConsultation] = field(default_factory=list)
    decision_proposal: str | None = None
    facts: str | None = None
    financial_text: str | None = None
    personnel_text: str | None = None
    climate_text: str | None = None
    in_budget: bool | None = None
    costs_eur: Amount | None = None
    amounts_eur: list[Amount] = field(default_factory=list)
    accounts: list[str] = field(default_factory=list)
    relevance_checks: dict[str, bool] = field(default_factory=dict)
    qualified_majority: bool | None = None
    attachments: list[str] = field(default_factory=list)
    votes: ParsedVotes | None = None
    signed_by: str | None = None
    #: source text no field used, verbatim, one block per paragraph
    unrecognised: list[str] = field(default_factory=list)
    unrecognised_spans: list[Span] = field(default_factory=list)
    #: field → source ranges it came from. Keys are field names; items of lists are
    #: ``consultations.0``, ``amounts_eur.1``, ``attachments.0``, ``accounts.0``,
    #: ``relevance_checks.Migration``; ``consultations`` and ``votes`` also cover table headers.
    spans: dict[str, list[Span]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    corrections: list[Correction] = field(default_factory=list)

    def to_json_dict(self) -> dict[str, Any]:
        """Exactly the keys of ``JSON_KEYS``, JSON-ready, ``None`` where the text does not say."""
        return {
            "reference": self.reference,
            "date": self.date.isoformat() if self.date else None,
            "title": self.title,
            "status": self.status,
            "lead_department": self.lead_department,
            "consultations": [c.to_json_dict() for c in self.consultations],
            "decision_proposal": self.decision_proposal,
            "amounts_eur": [a if isinstance(a, int) else float(a) for a in self.amounts_eur],
            "attachments": list(self.attachments),
            "votes": self.votes.to_json_dict() if self.votes else None,
        }


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


# =========================================================================== patterns

_I = re.IGNORECASE

#: Section headings: kind → pattern.
_HEADINGS: dict[str, str] = {
    "decision_proposal": (
        r"Beschluss(?:vorschlag|empfehlung|entwurf|antrag|text)(?:\s+der\s+Verwaltung)?"
        r"|Vorschlag\s+zur\s+Beschlussfassung|Empfehlung\s+der\s+Verwaltung"
        r"|Antrag(?=\s*\**\s*:)"
    ),
    "facts": (
        r"Sachverhalt(?:\s*(?:,|und|/)\s*Begründung)?|Sachdarstellung(?:\s*(?:,|und|/)\s*"
        r"Begründung)?|Begründung|Sach-\s*und\s*Rechtslage|Problembeschreibung"
        r"|Darstellung\s+des\s+Sachverhalts?|Erläuterung(?:en)?\s+zum\s+Sachverhalt|Sachstand"
    ),
    "financial": (
        r"Auswirkungen\s+auf\s+(?:Personal\s+und\s+Finanzen|den\s+Haushalt|die\s+Finanzen)"
        r"|Finanzielle\s+Auswirkungen(?:\s*/\s*Haushalt)?|Haushalts(?:rechtliche|mäßige)\s+"
        r"Auswirkungen|Ressourceneinsatz|Finanzierung|Kosten\s+und\s+Finanzierung"
    ),
    "personnel": r"Personelle\s+Auswirkungen|Auswirkungen\s+auf\s+den\s+Stellenplan",
    "climate": (
        r"Klimarelevanz|Klimaschutzrelevanz|Klima-?[Cc]heck|Auswirkungen\s+auf\s+(?:den\s+)?"
        r"Klima(?:schutz)?|Klimawirkung|Klimafolgen"
    ),
    "attachments": r"Anlage(?:n|/n|\(n\))?|Anh(?:ang|änge)",
    "consultations": (r"(?:Termin\s+)?Beratungs(?:folge|reihenfolge|weg|gang)(?:\s*\([^)\n]*\))?"),
    "votes": (
        r"Abstimmungsergebnis(?:se)?|Ergebnis\s+der\s+Abstimmung|Abstimmungsverhalten"
        r"|Stimmergebnis|Abstimmung"
    ),
    "neutral": r"Verfahrensbeteiligte|Beteiligte\s+Stellen|Mitzeichnung(?:en)?|Beteiligungen",
}
_HEADING_RE = re.compile(
    r"^[ \t#*>]*(?:(?:\d{1,2}(?:\.\d{1,2})*\.?|[IVX]{1,4}\.)[ \t]+)?(?:"
    + "|".join(f"(?P<{kind}>{pattern})" for kind, pattern in _HEADINGS.items())
    + r")(?P<tail>[ \t]*\**[ \t]*(?P<colon>:)?[ \t]*\**)",
    _I,
)
_TEXT_KINDS = ("decision_proposal", "facts", "financial", "personnel", "climate")
_FIELD_OF_KIND = {
    "decision_proposal": "decision_proposal",
    "facts": "facts",
    "financial": "financial_text",
    "personnel": "personnel_text",
    "climate": "climate_text",
}

#: Header labels: key → pattern (without colon). Order matters: longer spellings first.
_LABELS: list[tuple[str, str]] = [
    ("reference", r"Vorlagen?[- ]?(?:Nr\.?|Nummer|nummer)|Vorlagennummer|Vorlagen-Nr\.?"),
    ("reference", r"Drucksachen?(?:[- ]?(?:Nr\.?|Nummer|nummer))?|DrS\.?(?:[- ]?Nr\.?)?"),
    ("reference", r"Antrags?(?:-?Nr\.?|nummer)|Anfrage(?:-?Nr\.?|nummer)|Vorlage"),
    ("date", r"Datum\s+der\s+Vorlage|Vorlagedatum|Erstelldatum|Erstellt\s+am|Datum"),
    ("title", r"Betreff|Betr\.|Bezeichnung|Titel|Gegenstand|Thema"),
    ("status", r"Öffentlichkeitsstatus|Status|Öffentlichkeit"),
    ("paper_type", r"Vorlage-?Art|Vorlagenart|Vorlagentyp|Art\s+der\s+Vorlage|Dokumentart"),
    (
        "lead_department",
        r"Federführend(?:e[rs]?\s+(?:Amt|Fachbereich|Fachdienst|Dezernat|Referat|Dienststelle"
        r"|Stelle|Organisationseinheit))?|Fachbereich|Fachdienst|Fachamt|Amt|Dezernat"
        r"|Dienststelle|Organisationseinheit|Referat|Abteilung|Geschäftsbereich"
        r"|Ref\.[ ]?/[ ]?FD",
    ),
    (
        "clerk",
        r"Sachbearbeiter(?:/-in|/in|\*in|:in|_in|in)?|Sachbearbeitung"
        r"|Bearbeiter(?:/-in|/in|\*in|:in|_in|in)?|Verfasser(?:/-in|/in|\*in|in)?"
        r"|Ansprechpartner(?:/-in|/in|\*in|in)?|Auskunft\s+erteilt",
    ),
    (
        "submitter",
        r"Einreicher(?:/-in|/in|\*in|in)?|Antragsteller(?:/-in|/in|\*in|in)?"
        r"|Einbringer(?:/-in|/in|\*in|in)?|Eingereicht\s+von|Berichterstatter(?:/-in|/in|in)?",
    ),
    ("file_number", r"Aktenzeichen|Az\.?"),
    (
        "in_budget",
        r"Im\s+(?:Budget|Haushalt)\s+(?:enthalten|veranschlagt)|Haushaltsmittel\s+vorhanden"
        r"|Mittel\s+(?:im\s+Haushalt\s+)?vorhanden",
    ),
    ("costs_eur", r"Kosten\s*\(Betrag\s+in\s+(?:€|EUR|Euro)\)|Kosten\s+in\s+(?:€|EUR|Euro)"),
    ("costs_eur", r"Gesamtkosten|Kosten|Betrag"),
    ("qualified_majority", r"Qualifizierte\s+Mehrheit(?:\s+erforderlich)?"),
]
_LABEL_RE = re.compile(
    "(?:"
    + "|".join(f"(?P<l{i}>{pattern})" for i, (_, pattern) in enumerate(_LABELS))
    + r")(?P<lcolon>[ \t]*:)",
    _I,
)
#: Labels that may come without colon at the start of a table cell.
_COLONLESS_RE = re.compile(
    r"^(?:(?P<lead_department>Ref\.[ ]?/[ ]?FD)[ ]*|(?P<qualified_majority>Qualifizierte\s+"
    r"Mehrheit(?:\s+erforderlich)?)[ \t]*)",
    _I,
)
_CONTINUABLE = {"title": " ", "submitter": "; ", "lead_department": " "}
#: Labels that end a text section when a line starts with them.
_STRONG_LABELS = {"reference", "title", "file_number", "clerk", "paper_type", "lead_department"}

_RELEVANCE = [
    ("Gender Mainstreaming", r"Gender(?:[- ]?Mainstreaming)?|Gleichstellung"),
    ("Migration", r"Migration(?:/Integration)?|Integration"),
    ("Prävention/Nachhaltigkeit", r"Prävention(?:\s*/\s*Nachhaltigkeit)?|Nachhaltigkeit"),
    ("Bildung", r"Bildung"),
    (
        "Klima-/Umwelt-/Naturschutz",
        r"Klima-\s*/\s*Umwelt-\s*/\s*Naturschutz|Klima-?\s*(?:und|/)\s*Umweltschutz"
        r"|Klimaschutz|Umweltschutz|Naturschutz",
    ),
    ("Inklusion", r"Inklusion|Barrierefreiheit"),
    ("Familienfreundlichkeit", r"Familienfreundlichkeit|Kinder-\s*und\s*Jugendfreundlichkeit"),
]
_RELEVANCE_NAME_RE = re.compile(
    "|".join(f"(?P<r{i}>{pattern})" for i, (_, pattern) in enumerate(_RELEVANCE)), _I
)
_YESNO = r"ja|nein|x|☒|☐|-|–"
_RELEVANCE_PAIR_RE = re.compile(
    r"(?P<name>" + _RELEVANCE_NAME_RE.pattern + r")[ \t]*:?[ \t]*(?P<value>" + _YESNO + r")(?!\w)",
    _I,
)
_RELEVANCE_HEADER_RE = re.compile(r"^Relevanz(?:prüfung|en|check)?\s*:?$", _I)

_TYPE_RE = re.compile(
    r"^[-–(\s]*(?P<type>Beschlussvorlage|Beschlußvorlage|Mitteilungsvorlage|Informationsvorlage"
    r"|Antrag|Anfrage|Mitteilung|Information)(?![\w-])(?P<rest>.*)$",
    _I,
)
_TYPE_CANON = {
    "beschlussvorlage": "Beschlussvorlage",
    "beschlußvorlage": "Beschlussvorlage",
    "mitteilungsvorlage": "Mitteilungsvorlage",
    "mitteilung": "Mitteilungsvorlage",
    "informationsvorlage": "Informationsvorlage",
    "information": "Informationsvorlage",
    "antrag": "Antrag",
    "anfrage": "Anfrage",
    "sitzungsvorlage": "Beschlussvorlage",
}
_STATUS_RE = re.compile(
    r"(?P<non>nicht[ \t]*[-]?[ \t]*öffentlich|nichtöffentlich|nö)|(?P<pub>öffentlich|ö)(?!\w)",
    _I,
)
_STATUS_LINE_RE = re.compile(
    r"^[-–(\s*]*(?:(?P<non>nicht[ ]?[-]?[ ]?öffentlich(?:e)?|nichtöffentlich(?:e)?)"
    r"|(?P<pub>öffentlich(?:e)?))(?:[ ]+Sitzung)?[-–)\s*]*$",
    _I,
)
_REF_LINE_RE = re.compile(
    r"^(?P<label>(?:Vorlage|Drucksache|DrS)\.?(?:[ \t]*[-–:][ \t]*|[ \t]+)(?:Nr\.?[ \t]*)?)"
    r"(?P<ref>" + REFERENCE_RE.pattern + ")",
)
_PLACE_DATE_RE = re.compile(r"^[A-ZÄÖÜ][\wäöüß .()/-]{1,60},[ ]*(?:den[ ]+)?(?=\d)")
_PAGE_MARKER_RE = re.compile(
    r"^[ \t]*(?:[-–][ ]?\d{1,3}[ ]?[-–]|Seite[ ]+\d{1,3}(?:[ ]+von[ ]+\d{1,3})?"
    r"|\d{1,3}[ ]*/[ ]*\d{1,3})[ \t]*$",
    _I,
)
_SIGNATURE_RE = re.compile(
    r"^[ \t]*(?:(?P<gez>gez\.|gezeichnet:?)[ \t]*(?P<name>\S.*?)?|Unterschrift(?:en)?)[ \t]*$",
    _I,
)
_AUTHORITY_RE = re.compile(
    r"Bürgerinfo|Ratsinfo|SessionNet|ALLRIS|Der\s+Landrat|Die\s+Landrätin"
    r"|(?:Ober)?[Bb]ürgermeister(?:in)?\b|^(?:#\s*)?(?:Landkreis|Kreis|Stadt|Gemeinde|Samtgemeinde"
    r"|Region|Verbandsgemeinde)\s+\S+(?:\s+\S+)?$",
)

# --- Beratungsfolge rows
_ROLE_PAREN_RE = re.compile(
    r"\(\s*(?P<role>Vorberatung|Beratung|Vorb\.|Empfehlung|Entscheidung|Beschlussfassung"
    r"|Beschluss|Entsch\.|Kenntnisnahme|zur\s+Kenntnis(?:nahme)?|Information|Anhörung)\s*\)",
    _I,
)
_ROLE_BARE_RE = re.compile(
    r"(?<![\w-])(?P<role>Vorberatung|vorberatend|Entscheidung|Beschlussfassung|beschließend"
    r"|entscheidend|Kenntnisnahme|zur\s+Kenntnisnahme|Anhörung)(?![\w-])",
    _I,
)
_ROLE_CANON = {
    "vorberatung": "Vorberatung",
    "beratung": "Vorberatung",
    "vorb.": "Vorberatung",
    "empfehlung": "Vorberatung",
    "vorberatend": "Vorberatung",
    "entscheidung": "Entscheidung",
    "beschlussfassung": "Entscheidung",
    "beschluss": "Entscheidung",
    "entsch.": "Entscheidung",
    "beschließend": "Entscheidung",
    "entscheidend": "Entscheidung",
    "kenntnisnahme": "Kenntnisnahme",
    "zur kenntnis": "Kenntnisnahme",
    "zur kenntnisnahme": "Kenntnisnahme",
    "information": "Kenntnisnahme",
    "anhörung": "Anhörung",
}
_RESULTS = [
    ("ungeändert beschlossen", r"ungeändert\s+beschlossen"),
    ("geändert beschlossen", r"(?:geändert|mit\s+Änderung(?:en)?)\s+beschlossen"),
    ("ungeändert empfohlen", r"ungeändert\s+empfohlen"),
    ("geändert empfohlen", r"(?:geändert|mit\s+Änderung(?:en)?)\s+empfohlen"),
    ("zur Kenntnis genommen", r"(?:zur\s+)?Kenntnis\s+genommen"),
    ("abgelehnt", r"abgelehnt"),
    ("vertagt", r"vertagt"),
    ("zurückgezogen", r"zurückgezogen"),
    ("zurückgestellt", r"zurückgestellt"),
    ("verwiesen", r"(?:zurück|über)?verwiesen"),
    ("abgesetzt", r"abgesetzt"),
    ("beschlossen", r"beschlossen"),
    ("empfohlen", r"empfohlen"),
    ("zugestimmt", r"zugestimmt"),
]
_RESULT_RE = re.compile(
    r"(?<!\w)(?:" + "|".join(f"(?P<x{i}>{p})" for i, (_, p) in enumerate(_RESULTS)) + r")(?!\w)",
    _I,
)
_COMMITTEE_RE = re.compile(
    r"ausschu(?:ss|ß)|kreistag|landtag|bundestag|rat\b|räte\b|beirat|vertretung|versammlung"
    r"|kommission|konferenz|gremium|vorstand|senat|magistrat|bürgerschaft|präsidium",
    _I,
)
_MEETING_RE = re.compile(r"\bSitzung\b", _I)
_TIME_RE = re.compile(r"(?:um[ ]+)?\b\d{1,2}[:.]\d{2}[ ]*Uhr\b|\b\d{1,2}[ ]*Uhr\b", _I)
_FLAGS = {"ö": True, "ö.": True, "öffentlich": True, "n": False, "nö": False, "n.ö.": False}
_FLAGS |= {"nichtöffentlich": False, "nicht öffentlich": False, "nicht-öffentlich": False}
_HEADER_WORDS = {
    "gremium",
    "am",
    "datum",
    "sitzung",
    "sitzungstermin",
    "sitzungsdatum",
    "termin",
    "status",
    "zuständigkeit",
    "rolle",
    "ergebnis",
    "beratung",
    "beratungsergebnis",
    "top",
    "ö/n",
    "n/ö",
    "ö/nö",
    "öffentlichkeit",
    "beratungsgremium",
    "art",
    "beschluss",
    "zuständig",
    "beschlussart",
    "nr.",
    "name",
    "größe",
}
_WP_RE = re.compile(r"^\d{1,2}\.[ ]*(?:WP|Wahlperiode)[ ]+", _I)
_REF_ECHO_RE = re.compile(r"\(\s*" + REFERENCE_RE.pattern + r"\s*\)")
_CELL_SPLIT_RE = re.compile(r"\t+|[ ]*\|[ ]*|[ ]{2,}")
_HEADER_CELL_SPLIT_RE = re.compile(r"\t+|[ ]*\|[ ]*")
_ACCOUNT_RE = re.compile(
    r"(?P<label>Produktsachkonto|Sachkonto|Produktkonto|Haushaltsstelle|Kostenstelle"
    r"|Buchungsstelle|Investitionsnummer|PSK|Produkt(?=[ \t]*:))(?:nummer|[- ]?Nr\.?)?"
    r"[ \t]*:?[ \t]*(?P<number>\d[\d.]{2,}\d(?:[ ]?/[ ]?\d+)?)"
)
_ATTACHMENT_NOISE_RE = re.compile(
    r"^(?:[-•*·–][ \t]*|Anlage[ \t]*\d+[ \t]*[:.)\-–]?[ \t]*|\d{1,2}[.)][ \t]+)", _I
)
_ATTACHMENT_SIZE_RE = re.compile(r"[ \t]*\(\s*\d+(?:[.,]\d+)?\s*[KMG]?B\s*\)[ \t]*$", _I)
_BULLET_RE = re.compile(r"^(?:[-•*·–▪]|\.(?=[ ])|\d{1,2}[.)](?=[ ])|[a-z][)](?=[ ]))")
_CONJUNCTIONS = {"und", "oder", "sowie", "bzw", "bzw.", "bis", "als", "noch"}


# =========================================================================== helpers


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


# =========================================================================== the parser


class _Parser:
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

    # ------------------------------------------------------------------ bookkeeping

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

    def date(self, match: re.Match[str]) -> datetime.date | None:
        value = date_from_match(match)
        if value is None:
            self.paper.warnings.append(
                f"Ungültiges Datum „{match.group(0)}“ wurde nicht übernommen."
            )
        return value

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

    def prose(self, text: str) -> bool:
        return len(text.split()) > 12 and text.rstrip().endswith((".", ":"))

    # ------------------------------------------------------------------ Beratungsfolge

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

    # ------------------------------------------------------------------ sections

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


_RESOLUTION_RE = re.compile(
    r"^(?:Der|Die|Das)\s+[\wÄÖÜäöüß-]+(?:\s+[\wÄÖÜäöüß-]+){0,5}?\s+(?:beschließt|beschliesst"
    r"|stimmt|nimmt|empfiehlt|beauftragt|möge|ermächtigt|billigt)\b"
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
