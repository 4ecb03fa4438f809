"""Readers of official statistics files: pure functions, no database.

Three layouts (see docs/domain.md, B2):

* the classic GENESIS/Regionalstatistik table CSV (header block, indented area names,
  aggregates mixed in, footnotes, ``Stand:`` line);
* the flat GENESIS "ffcsv" (one record per value, English column names);
* a generic CSV with a column mapping.

German numbers (``1.234,5``) become :class:`~decimal.Decimal`; the placeholders
``-``, ``.``, ``/``, ``x``, ``...``, ``( )`` are kept as missing reasons, never as 0.
Every problem is reported with line, column and reason; one problem and nothing is read
(all or nothing).
"""

from __future__ import annotations

import csv
import datetime
import re
from collections.abc import Callable, Iterator, Mapping
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

    def __str__(self) -> str:
        if self.column is None:
            return _("Line %(line)d: %(message)s") % {"line": self.line, "message": self.message}
        return _("Line %(line)d, column %(column)d: %(message)s") % {
            "line": self.line,
            "column": self.column,
            "message": self.message,
        }


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
    period_is_year: bool
    value: Decimal | None
    missing: str = ""
    quality: str = ""


@dataclass
class ParsedFile:
    format: str  # genesis_table | ffcsv | generic
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


def decode_any(data: bytes) -> str:
    """Text of an uploaded CSV in its detected encoding; an XLSX file gets a clear message."""
    if data.startswith(XLSX_MAGIC):
        raise ParseError(
            [
                Issue(
                    1,
                    None,
                    _(
                        "Excel files (XLSX) cannot be read yet. Save the sheet as CSV "
                        "(semicolon-separated) and upload that."
                    ),
                )
            ]
        )
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


def parse_period(text: str) -> tuple[datetime.date, bool]:
    """``2023`` → (31.12.2023, year); ``31.12.2023`` or ``2023-12-31`` → (that date, not a year)."""
    raw = text.strip()
    if re.fullmatch(r"\d{4}", raw):
        return datetime.date(int(raw), 12, 31), True
    for fmt in ("%d.%m.%Y", "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime(raw, fmt).date(), False
        except ValueError:
            continue
    raise ValueError(
        _("“%(text)s” is not a period (expected a year like 2023 or a date like 31.12.2023).")
        % {"text": raw}
    )


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
                    "value_variable_code …) or a CSV with a column mapping."
                )
                % {"start": first},
            )
        ]
    )


def parse(
    text: str, *, mapping: Mapping[str, str] | None = None, progress: Progress = None
) -> ParsedFile:
    """Read a file in any supported layout. Raises :class:`ParseError`."""
    kind = detect_format(text)
    if kind == "genesis_table":
        return parse_genesis_table(text, progress=progress)
    if kind == "ffcsv":
        return parse_ffcsv(text, progress=progress)
    if mapping:
        return parse_generic(text, mapping=mapping, progress=progress)
    raise unknown_layout_error(text)


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


# --- classic GENESIS table --------------------------------------------------------------

_YEAR_OR_DATE = re.compile(r"^(\d{4}|\d{2}\.\d{2}\.\d{4})$")
_AREA_CODE = re.compile(r"^(DG|\d{1,12})$")
_STAND = re.compile(r"Stand:\s*(\d{2}\.\d{2}\.\d{4})")
_QUALITY = re.compile(r"^[a-zA-Z]?$")


_UMLAUTS: dict[str, str | int | None] = {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"}


def _slug(text: str) -> str:
    text = text.lower().translate(str.maketrans(_UMLAUTS))
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def _is_data_row(cells: list[str]) -> bool:
    c = [x.strip() for x in cells]
    if len(c) >= 3 and _YEAR_OR_DATE.match(c[0]) and _AREA_CODE.match(c[1]):
        return True
    return len(c) >= 3 and bool(_AREA_CODE.match(c[0])) and bool(c[1]) and not c[1].isdigit()


def parse_genesis_table(text: str, *, progress: Progress = None) -> ParsedFile:
    rows = list(_rows(text, ";"))
    if not rows or not rows[0][1] or not rows[0][1][0].strip().startswith("GENESIS-Tabelle"):
        raise unknown_layout_error(text)
    result = ParsedFile(format="genesis_table")
    result.table_code = rows[0][1][0].split(":", 1)[-1].strip()
    issues: list[Issue] = []

    # 1. header block: everything before the first data row
    first_data = next((i for i, (_n, c) in enumerate(rows) if _is_data_row(c)), None)
    if first_data is None:
        raise ParseError([Issue(1, None, _("The table has no data rows (“year;AGS;name;…”)."))])
    header = rows[1:first_data]
    titles = [c[0].strip() for _n, c in header if c and c[0].strip() and not any(c[1:])]
    result.title = " ".join(titles[:2])
    has_year = bool(_YEAR_OR_DATE.match(rows[first_data][1][0].strip()))
    lead = 3 if has_year else 2  # year; AGS; name
    header_rows = [c for _n, c in header if c and not c[0].strip() and any(x.strip() for x in c)]
    width = max(len(c) for _n, c in rows[first_data:] if _is_data_row(c))
    # merged header cells: a label stands in the first column of its span (fill to the right)
    filled: list[list[str]] = []
    for h in header_rows:
        cells = [x.strip() for x in h] + [""] * (width - len(h))
        row: list[str] = []
        current = ""
        for index, cell in enumerate(cells):
            if index < lead:
                row.append("")
                continue
            current = cell or current
            row.append(current)
        filled.append(row)
    value_columns: dict[int, Column] = {}
    quality_of: dict[int, int] = {}  # quality column → value column
    for index in range(lead, width):
        own = [h[index].strip() for h in header_rows if index < len(h)]
        if header_rows and not any(own) and index - 1 in value_columns:
            quality_of[index] = index - 1
            continue
        parts = [r[index] for r in filled if r[index]]
        label = " / ".join(dict.fromkeys(parts)) or _("column %(n)d") % {"n": index + 1}
        unit = parts[-1] if parts else ""
        key = f"{_slug(result.table_code)}_{_slug(label)}"[:100] or f"c{index}"
        if any(c.key == key for c in value_columns.values()):
            key = f"{key[:95]}_{index}"
        value_columns[index] = Column(key=key, label=label, unit_label=unit)
    result.columns = {c.key: c for c in value_columns.values()}

    # 2. data rows up to the footer line
    footer_at = len(rows)
    for i in range(first_data, len(rows)):
        line, cells = rows[i]
        if cells and cells[0].strip().startswith("___"):
            footer_at = i
            break
        if not any(x.strip() for x in cells):
            continue
        if not _is_data_row(cells):
            issues.append(Issue(line, 1, _("Expected a data row “[year;]AGS;name;values…”.")))
            continue
        if len(cells) > width or len(cells) < lead + 1:
            issues.append(
                Issue(
                    line,
                    None,
                    _("%(found)d columns instead of %(expected)d.")
                    % {"found": len(cells), "expected": width},
                )
            )
            continue
        offset = 1 if has_year else 0
        period_text = cells[0] if has_year else ""
        code, area = cells[offset].strip(), cells[offset + 1].strip()
        if has_year:
            try:
                period, is_year = parse_period(period_text)
            except ValueError as exc:
                issues.append(Issue(line, 1, str(exc)))
                continue
        else:
            issues.append(Issue(line, 1, _("The table has no year column.")))
            continue
        if not AGS_RE.match(code):
            result.aggregates.append((line, code, area))
            continue
        for index, column in value_columns.items():
            cell = cells[index] if index < len(cells) else ""
            if not cell.strip():
                issues.append(Issue(line, index + 1, _("The cell is empty.")))
                continue
            try:
                value, missing = parse_cell(cell)
            except ValueError as exc:
                issues.append(Issue(line, index + 1, str(exc)))
                continue
            quality = ""
            for q_index, v_index in quality_of.items():
                if v_index == index and q_index < len(cells):
                    quality = cells[q_index].strip()
                    if not _QUALITY.match(quality):
                        issues.append(
                            Issue(
                                line,
                                q_index + 1,
                                _("“%(text)s” is not a quality flag.") % {"text": quality},
                            )
                        )
            result.values.append(
                ParsedValue(
                    line=line,
                    column=index + 1,
                    key=column.key,
                    ags=code,
                    area=area,
                    period=period,
                    period_is_year=is_year,
                    value=value,
                    missing=missing,
                    quality=quality,
                )
            )
        if progress is not None and i % 10000 == 0:
            progress(i)
        if len(issues) >= MAX_ERRORS:
            break
    for _line, cells in rows[footer_at + 1 :]:
        joined = " ".join(x.strip() for x in cells if x.strip())
        match = _STAND.search(joined)
        if match:
            result.stand = parse_period(match.group(1))[0]
        elif joined:
            result.footnotes.append(joined)
    _raise(issues)
    if not result.values:
        raise ParseError([Issue(1, None, _("The file contains no values."))])
    return result


# --- ffcsv ------------------------------------------------------------------------------

#: Variable codes of the territorial dimension in GENESIS (attribute code = AGS).
AREA_VARIABLES = {"DLAND", "KREISE", "GEMEIN", "REGBEZ", "DINSG", "GEMVB", "STAG"}
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+$")


def parse_ffcsv(text: str, *, progress: Progress = None) -> ParsedFile:
    result = ParsedFile(format="ffcsv")
    rows = _rows(text, ";")
    try:
        _line, header = next(rows)
    except StopIteration:
        raise unknown_layout_error(text) from None
    names = [h.strip().lower() for h in header]
    missing = FFCSV_REQUIRED - set(names)
    if missing:
        raise ParseError(
            [
                Issue(
                    1,
                    None,
                    _("Columns missing: %(names)s.") % {"names": ", ".join(sorted(missing))},
                )
            ]
        )
    pos = {n: i for i, n in enumerate(names)}
    dims = sorted({int(m.group(1)) for n in names if (m := re.match(r"^(\d+)_variable_code$", n))})
    issues: list[Issue] = []
    records: list[tuple[int, list[str]]] = list(rows)
    # decimal comma unless the file is the English variant (a dot that is not thousands)
    value_i = pos["value"]
    decimal_comma = True
    for _n, cells in records:
        v = cells[value_i].strip() if value_i < len(cells) else ""
        if "," in v:
            break
        if "." in v and v not in MISSING_SYMBOLS and not _THOUSANDS.match(v):
            decimal_comma = False
            break
    result.table_code = ""
    if "statistics_code" in pos and records:
        result.table_code = records[0][1][pos["statistics_code"]].strip()
    if "table_code" in pos and records:
        result.table_code = records[0][1][pos["table_code"]].strip() or result.table_code

    def at(cells: list[str], index: int | None) -> str:
        return cells[index].strip() if index is not None else ""

    # column positions, looked up once (every row has all columns: checked below)
    dim_index = [
        (
            pos[f"{d}_variable_code"],
            pos.get(f"{d}_variable_attribute_code"),
            pos.get(f"{d}_variable_attribute_label"),
        )
        for d in dims
    ]
    time_i, variable_i = pos["time"], pos["value_variable_code"]
    label_i, unit_i, quality_i = (
        pos.get("value_variable_label"),
        pos.get("value_unit"),
        pos.get("value_q"),
    )
    periods: dict[str, tuple[datetime.date, bool]] = {}
    width = len(names)

    for count, (line, cells) in enumerate(records, start=1):
        if len(cells) != width:
            if not any(c.strip() for c in cells):
                continue
            issues.append(
                Issue(
                    line,
                    None,
                    _("%(found)d columns instead of %(expected)d.")
                    % {"found": len(cells), "expected": width},
                )
            )
            if len(issues) >= MAX_ERRORS:
                break
            continue
        ags, area = "", ""
        extra: list[str] = []
        extra_labels: list[str] = []
        for code_i, attr_i, attr_label_i in dim_index:
            var = cells[code_i].strip().upper()
            attr = at(cells, attr_i)
            label = at(cells, attr_label_i)
            if var in AREA_VARIABLES:
                ags, area = attr, label
            elif var:
                extra.append(attr)
                extra_labels.append(label or attr)
        if not ags:
            if not any(c.strip() for c in cells):
                continue
            issues.append(Issue(line, None, _("The row names no territory (AGS).")))
            continue
        time_text = cells[time_i]
        if time_text not in periods:
            try:
                periods[time_text] = parse_period(time_text)
            except ValueError as exc:
                issues.append(Issue(line, time_i + 1, str(exc)))
                continue
        period, is_year = periods[time_text]
        try:
            value, missing_reason = parse_cell(cells[value_i], decimal_comma=decimal_comma)
        except ValueError as exc:
            issues.append(Issue(line, value_i + 1, str(exc)))
            continue
        variable = cells[variable_i].strip()
        if not variable:
            issues.append(Issue(line, variable_i + 1, _("The variable code is empty.")))
            continue
        key = "_".join([variable, *extra]).lower()[:100]
        if key not in result.columns:
            label = at(cells, label_i) or variable
            if extra_labels:
                label = f"{label} / {' / '.join(extra_labels)}"
            result.columns[key] = Column(key=key, label=label, unit_label=at(cells, unit_i))
        if not AGS_RE.match(ags):
            result.aggregates.append((line, ags, area))
            continue
        result.values.append(
            ParsedValue(
                line=line,
                column=value_i + 1,
                key=key,
                ags=ags,
                area=area,
                period=period,
                period_is_year=is_year,
                value=value,
                missing=missing_reason,
                quality=at(cells, quality_i),
            )
        )
        if progress is not None and count % 10000 == 0:
            progress(count)
        if len(issues) >= MAX_ERRORS:
            break
    _raise(issues)
    if not result.values:
        raise ParseError([Issue(1, None, _("The file contains no values."))])
    return result


# --- generic CSV with a column mapping --------------------------------------------------

MAPPING_FIELDS = ("ags", "period", "value", "indicator")


def parse_generic(
    text: str, *, mapping: Mapping[str, str], progress: Progress = None
) -> ParsedFile:
    """``mapping``: field → column name for ``ags``, ``period``, ``value`` and either
    ``indicator`` (a column) or ``indicator_code`` (one code for the whole file); optional
    ``area``, ``unit``; ``decimal`` = ``comma`` (default) or ``point``."""
    first = text.lstrip("\ufeff").split("\n", 1)[0]
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    rows = _rows(text, delimiter)
    try:
        _line, header = next(rows)
    except StopIteration:
        raise unknown_layout_error(text) from None
    names = [h.strip() for h in header]
    pos = {n: i for i, n in enumerate(names)}
    needed = ["ags", "period", "value"] + (["indicator"] if "indicator_code" not in mapping else [])
    issues = [
        Issue(
            1,
            None,
            _("Column “%(name)s” (%(field)s) not found.")
            % {"name": mapping.get(f, ""), "field": f},
        )
        for f in needed
        if mapping.get(f, "") not in pos
    ]
    _raise(issues)
    decimal_comma = mapping.get("decimal", "comma") != "point"
    result = ParsedFile(format="generic")
    for count, (line, cells) in enumerate(rows, start=1):
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(names):
            issues.append(
                Issue(
                    line,
                    None,
                    _("%(found)d columns instead of %(expected)d.")
                    % {"found": len(cells), "expected": len(names)},
                )
            )
            continue

        def get(name: str, cells: list[str] = cells) -> str:
            return cells[pos[mapping[name]]].strip() if mapping.get(name) in pos else ""

        ags = get("ags")
        if not AGS_RE.match(ags):
            issues.append(
                Issue(
                    line,
                    pos[mapping["ags"]] + 1,
                    _("“%(text)s” is not an AGS (2, 5 or 8 digits).") % {"text": ags},
                )
            )
            continue
        try:
            period, is_year = parse_period(get("period"))
        except ValueError as exc:
            issues.append(Issue(line, pos[mapping["period"]] + 1, str(exc)))
            continue
        try:
            value, missing_reason = parse_cell(get("value"), decimal_comma=decimal_comma)
        except ValueError as exc:
            issues.append(Issue(line, pos[mapping["value"]] + 1, str(exc)))
            continue
        key = mapping.get("indicator_code") or get("indicator")
        if not key:
            issues.append(Issue(line, None, _("The indicator is empty.")))
            continue
        if key not in result.columns:
            result.columns[key] = Column(key=key, label=key, unit_label=get("unit"))
        result.values.append(
            ParsedValue(
                line=line,
                column=pos[mapping["value"]] + 1,
                key=key,
                ags=ags,
                area=get("area"),
                period=period,
                period_is_year=is_year,
                value=value,
                missing=missing_reason,
            )
        )
        if progress is not None and count % 10000 == 0:
            progress(count)
        if len(issues) >= MAX_ERRORS:
            break
    _raise(issues)
    if not result.values:
        raise ParseError([Issue(1, None, _("The file contains no values."))])
    return result


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
