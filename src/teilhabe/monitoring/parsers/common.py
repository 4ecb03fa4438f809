"""The common ground of the readers: issues, the parsed values, encodings, German numbers,
periods (years, quarters, months, dates), units and the layout detection. Pure, no database."""

from __future__ import annotations

import calendar
import csv
import datetime
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

#: Placeholder → the missing reason stored (the same symbols; ``( )`` as ``()``).
MISSING_SYMBOLS = {"-": "-", ".": ".", "/": "/", "x": "x", "X": "x", "...": "...", "()": "()"}
MAX_ERRORS = 50
#: Territory codes that are not Land, Kreis or Gemeinde (Deutschland, Regierungsbezirke, …).
AGS_RE = re.compile(r"^\d{2}$|^\d{5}$|^\d{8}$")
AGGREGATE_RE = re.compile(r"^(DG|\d{3}|\d{1}|\d{4}|\d{6,7}|\d{9,12})$")

Progress = Callable[[int], None] | None


@dataclass(frozen=True)
class Issue:
    line: int
    column: int | None
    message: str
    #: The worksheet of an XLSX file (``line`` is then its row); empty for text files.
    sheet: str = ""

    def __str__(self) -> str:
        if self.sheet:
            if self.column is None:
                return _("Sheet “%(sheet)s”, row %(line)d: %(message)s") % {
                    "sheet": self.sheet,
                    "line": self.line,
                    "message": self.message,
                }
            return _("Sheet “%(sheet)s”, row %(line)d, column %(letter)s: %(message)s") % {
                "sheet": self.sheet,
                "line": self.line,
                "letter": column_letter(self.column),
                "message": self.message,
            }
        if self.column is None:
            return _("Line %(line)d: %(message)s") % {"line": self.line, "message": self.message}
        return _("Line %(line)d, column %(column)d: %(message)s") % {
            "line": self.line,
            "column": self.column,
            "message": self.message,
        }


def column_letter(index: int) -> str:
    """1 → ``A``, 27 → ``AA`` (the column names of a spreadsheet)."""
    letters = ""
    while index > 0:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


class ParseError(Exception):
    """The file cannot be read; ``issues`` say where and why."""

    def __init__(self, issues: list[Issue]) -> None:
        super().__init__("\n".join(str(i) for i in issues))
        self.issues = issues


@dataclass(frozen=True)
class Column:
    """A value column (classic table) or value variable (ffcsv) of the file."""

    key: str
    label: str
    unit_label: str = ""


@dataclass(frozen=True)
class ParsedValue:
    line: int
    column: int
    key: str  # the Column.key it belongs to
    ags: str
    area: str
    period: datetime.date
    value: Decimal | None
    missing: str = ""
    quality: str = ""
    #: ``year``, ``quarter``, ``month`` or ``day`` (``period`` is the last day of it)
    period_kind: str = "year"

    @property
    def period_is_year(self) -> bool:
        return self.period_kind == YEAR


@dataclass
class ParsedFile:
    format: str  # genesis_table | ffcsv | generic | xlsx
    table_code: str = ""
    title: str = ""
    stand: datetime.date | None = None
    columns: dict[str, Column] = field(default_factory=dict)
    values: list[ParsedValue] = field(default_factory=list)
    #: Rows of areas that are not a Land, Kreis or Gemeinde (e.g. DG, Stat. Regionen): (line, code, name)
    aggregates: list[tuple[int, str, str]] = field(default_factory=list)
    footnotes: list[str] = field(default_factory=list)


# --- encoding and numbers ---------------------------------------------------------------

XLSX_MAGIC = b"PK\x03\x04"


def is_xlsx(data: bytes) -> bool:
    """An XLSX file (a ZIP container) rather than a text file."""
    return data.startswith(XLSX_MAGIC)


def decode_any(data: bytes) -> str:
    """Text of an uploaded CSV in its detected encoding (XLSX files: see ``parse_bytes``)."""
    if is_xlsx(data):
        raise ParseError([Issue(1, None, _("This is an Excel file (XLSX), not a text file."))])
    return decode(data)


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM) if it is valid UTF-8, else ISO-8859-1/cp1252."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            return data.decode("iso-8859-1")


_GERMAN_NUMBER = re.compile(r"^[+-]?(\d{1,3}(\.\d{3})+|\d+)(,\d+)?$")
_SPACE_GROUPED = re.compile(r"^[+-]?\d{1,3}([ \u00a0\u202f]\d{3})+([.,]\d+)?$")
_ENGLISH_NUMBER = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")


def parse_number(text: str, *, decimal_comma: bool = True) -> Decimal:
    """``1.234,5`` → 1234.5 (German); with ``decimal_comma=False`` ``1,234.5`` → 1234.5.

    Raises ValueError with a German-first (gettext) reason.
    """
    raw = text.strip()
    if _SPACE_GROUPED.match(raw):  # "1 234 567" (space as thousands separator)
        raw = re.sub(r"[ \u00a0\u202f]", "", raw)
    pattern = _GERMAN_NUMBER if decimal_comma else _ENGLISH_NUMBER
    if not raw or not pattern.match(raw):
        raise ValueError(_("“%(text)s” is not a number.") % {"text": text.strip()})
    raw = raw.replace(".", "").replace(",", ".") if decimal_comma else raw.replace(",", "")
    try:
        return Decimal(raw)
    except InvalidOperation as exc:  # pragma: no cover - the pattern excludes it
        raise ValueError(_("“%(text)s” is not a number.") % {"text": text.strip()}) from exc


def parse_cell(text: str, *, decimal_comma: bool = True) -> tuple[Decimal | None, str]:
    """A value cell: (number, "") or (None, missing reason). Raises ValueError."""
    stripped = text.strip()
    compact = stripped.replace(" ", "")
    if compact in MISSING_SYMBOLS:
        return None, MISSING_SYMBOLS[compact]
    if compact.startswith("(") and compact.endswith(")") and len(compact) > 2:
        # "(123)": a value of limited reliability; keep the number, flag it.
        return parse_number(compact[1:-1], decimal_comma=decimal_comma), "()"
    return parse_number(stripped, decimal_comma=decimal_comma), ""


YEAR, QUARTER, MONTH, DAY = "year", "quarter", "month", "day"
MONTH_NAMES = {
    name: number
    for number, names in enumerate(
        [
            ("januar", "january", "jan"),
            ("februar", "february", "feb"),
            ("märz", "maerz", "march", "mär", "mrz", "mar"),
            ("april", "apr"),
            ("mai", "may"),
            ("juni", "june", "jun"),
            ("juli", "july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("oktober", "october", "okt", "oct"),
            ("november", "nov"),
            ("dezember", "december", "dez", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH_PATTERNS = (
    re.compile(r"^(?P<y>\d{4})-(?P<m>\d{1,2})$"),  # 2024-03
    re.compile(r"^(?P<y>\d{4})M(?P<m>\d{2})$", re.IGNORECASE),  # 2024M03 (Eurostat)
    re.compile(r"^(?P<m>\d{1,2})[./](?P<y>\d{4})$"),  # 03/2024, 03.2024
)
_QUARTER_PATTERNS = (
    re.compile(r"^(?P<y>\d{4})\s*-?\s*Q\s*(?P<q>[1-4])$", re.IGNORECASE),  # 2024-Q1, 2024Q1
    re.compile(r"^Q\s*(?P<q>[1-4])\s*[/ -]?\s*(?P<y>\d{4})$", re.IGNORECASE),  # Q1 2024, Q1/2024
    re.compile(r"^(?P<q>[1-4])\.\s*(Quartal|Qu\.?|Vj\.?|Vierteljahr)\s*(?P<y>\d{4})$", re.I),
)
_MONTH_NAME = re.compile(r"^(?P<name>[^\W\d_]+)\.?\s+(?P<y>\d{4})$")


def _month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def parse_period_kind(text: str) -> tuple[datetime.date, str]:
    """A period and its kind; the date is the period's last day (its reference date).

    ``2023`` → (31.12.2023, year); ``2024-Q1``, ``Q1 2024``, ``1. Quartal 2024`` → (31.03.2024,
    quarter); ``2024-03``, ``03/2024``, ``März 2024`` → (31.03.2024, month); ``31.12.2023`` or
    ``2023-12-31`` → (that date, day). Raises ValueError with the reason.
    """
    raw = " ".join(text.split())
    if re.fullmatch(r"\d{4}", raw) and int(raw) >= 1000:
        return datetime.date(int(raw), 12, 31), YEAR
    for pattern in _QUARTER_PATTERNS:
        if match := pattern.match(raw):
            year, quarter = int(match["y"]), int(match["q"])
            if year >= 1000:
                return _month_end(year, quarter * 3), QUARTER
    for pattern in _MONTH_PATTERNS:
        if (match := pattern.match(raw)) and 1 <= int(match["m"]) <= 12 and int(match["y"]) >= 1000:
            return _month_end(int(match["y"]), int(match["m"])), MONTH
    match = _MONTH_NAME.match(raw)
    if match and match["name"].lower() in MONTH_NAMES and int(match["y"]) >= 1000:
        return _month_end(int(match["y"]), MONTH_NAMES[match["name"].lower()]), MONTH
    for fmt in ("%d.%m.%Y", "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime(raw, fmt).date(), DAY
        except ValueError:
            continue
    raise ValueError(
        _(
            "“%(text)s” is not a period (expected a year like 2023, a quarter like 2024-Q1, "
            "a month like 2024-03 or a date like 31.12.2023)."
        )
        % {"text": raw}
    )


#: Kinds of period that share one current value on the same day: a yearly value and a value
#: on the reference date 31.12. are the same figure (GENESIS writes either ``2023`` or
#: ``2023-12-31``); months and quarters are values of their own.
SAME_SLOT = {YEAR: (YEAR, DAY), DAY: (YEAR, DAY), QUARTER: (QUARTER,), MONTH: (MONTH,)}


def slot_of(kind: str) -> str:
    """The slot a kind of period fills (``date`` for years and days)."""
    return "date" if kind in (YEAR, DAY) else kind


def parse_period(text: str) -> tuple[datetime.date, bool]:
    """``parse_period_kind`` as (date, is it a year)."""
    date, kind = parse_period_kind(text)
    return date, kind == YEAR


def period_label(date: datetime.date, kind: str) -> str:
    """The canonical text of a period, readable again by ``parse_period_kind``:
    ``2024``, ``2024-Q1``, ``2024-03``, ``31.03.2024``."""
    if kind == YEAR:
        return str(date.year)
    if kind == QUARTER:
        return f"{date.year}-Q{(date.month - 1) // 3 + 1}"
    if kind == MONTH:
        return f"{date.year}-{date.month:02d}"
    return date.strftime("%d.%m.%Y")


# --- format detection -------------------------------------------------------------------

FFCSV_REQUIRED = {"time", "value", "value_variable_code"}


def detect_format(text: str) -> str:
    """``genesis_table``, ``ffcsv`` or ``generic`` (a CSV whose columns need a mapping)."""
    first = text.lstrip("\ufeff").split("\n", 1)[0].strip().strip('"')
    if first.startswith("GENESIS-Tabelle"):
        return "genesis_table"
    header = {c.strip().strip('"').lower() for c in re.split(r"[;,\t]", first)}
    if header >= FFCSV_REQUIRED:
        return "ffcsv"
    return "generic"


def unknown_layout_error(text: str) -> ParseError:
    first = text.lstrip("\ufeff").split("\n", 1)[0][:80]
    return ParseError(
        [
            Issue(
                1,
                None,
                _(
                    "Unknown layout (“%(start)s”). Expected a GENESIS table (first line "
                    "“GENESIS-Tabelle: <code>”), a GENESIS flat file (ffcsv: columns time, value, "
                    "value_variable_code …), or a CSV or Excel file (XLSX) with a column mapping."
                )
                % {"start": first},
            )
        ]
    )


def _rows(text: str, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    """(line number of the row's first line, cells); handles quoted multi-line cells."""
    reader = csv.reader(text.lstrip("\ufeff").splitlines(keepends=True), delimiter=delimiter)
    start = 1
    for row in reader:
        yield start, row
        start = reader.line_num + 1


def _raise(issues: list[Issue]) -> None:
    if issues:
        raise ParseError(issues[:MAX_ERRORS])


_UMLAUTS: dict[str, str | int | None] = {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"}


def _slug(text: str) -> str:
    text = text.lower().translate(str.maketrans(_UMLAUTS))
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


# --- units ------------------------------------------------------------------------------

UNIT_WORDS = {
    "anzahl": "persons",
    "personen": "persons",
    "persons": "persons",
    "number": "persons",
    "prozent": "percent",
    "percent": "percent",
    "%": "percent",
    "promille": "per_1000",
    "je 1000": "per_1000",
    "je 1.000": "per_1000",
    "per_1000": "per_1000",
    "eur": "euro",
    "euro": "euro",
    "jahre": "years",
}


def unit_of(label: str) -> str:
    """The unit a column header or ``value_unit`` names (``""`` if none is recognisable)."""
    text = label.strip().lower()
    if text in UNIT_WORDS:
        return UNIT_WORDS[text]
    last = text.rsplit("/", 1)[-1].strip()
    if last in UNIT_WORDS:
        return UNIT_WORDS[last]
    for word, unit in UNIT_WORDS.items():
        if len(word) > 3 and word in text:
            return unit
    return ""
