"""Files whose columns the user names: a generic CSV or an Excel workbook (XLSX).

Both go through the same row reader (:func:`_read_rows`): the same mapping, the same checks,
the same messages; for a workbook they name the sheet, the row and the column letter.
"""

from __future__ import annotations

import datetime
import io
import zipfile
import zlib
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from .common import (
    AGS_RE,
    DAY,
    MAX_ERRORS,
    MONTH,
    YEAR,
    Column,
    Issue,
    ParsedFile,
    ParsedValue,
    ParseError,
    Progress,
    _month_end,
    _raise,
    _rows,
    parse_cell,
    parse_period_kind,
    unknown_layout_error,
)

MAPPING_FIELDS = ("ags", "period", "value", "indicator")
#: How far down a worksheet the header row (with the mapped column names) is looked for.
HEADER_SEARCH_ROWS = 30

#: (row number, cells); a cell is a string (CSV) or what the workbook holds (str, int,
#: float, datetime, None) and its number format.
Record = tuple[int, list[Any]]


def _needed(mapping: Mapping[str, str]) -> list[str]:
    return ["ags", "period", "value"] + (["indicator"] if "indicator_code" not in mapping else [])


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
    _check_columns(names, mapping, sheet="")
    result = ParsedFile(format="generic")
    _read_rows(result, rows, names, mapping, sheet="", progress=progress, strict_width=True)
    return result


def _check_columns(names: list[str], mapping: Mapping[str, str], *, sheet: str) -> None:
    pos = set(names)
    _raise(
        [
            Issue(
                1,
                None,
                _("Column “%(name)s” (%(field)s) not found.")
                % {"name": mapping.get(f, ""), "field": f},
                sheet=sheet,
            )
            for f in _needed(mapping)
            if mapping.get(f, "") not in pos
        ]
    )


# --- cells ------------------------------------------------------------------------------


def _text(cell: Any) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


def _ags(cell: Any) -> str:
    """An AGS; a number cell lost its leading zero (``3461`` → ``03461``)."""
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        text = str(int(cell))
        return "0" + text if len(text) in (1, 4, 7) else text
    return _text(cell)


def _period(cell: Any, number_format: str) -> tuple[datetime.date, str]:
    if isinstance(cell, datetime.datetime | datetime.date):
        day = cell.date() if isinstance(cell, datetime.datetime) else cell
        if "d" in number_format.lower():
            return day, DAY
        return _month_end(day.year, day.month), MONTH  # formatted as "MM/YYYY", "MMM YY"
    is_number = isinstance(cell, int | float) and not isinstance(cell, bool)
    if is_number and float(cell).is_integer() and 1000 <= int(cell) <= 9999:
        return datetime.date(int(cell), 12, 31), YEAR
    return parse_period_kind(_text(cell))


def _value(cell: Any, *, decimal_comma: bool) -> tuple[Decimal | None, str]:
    if isinstance(cell, int | float | Decimal) and not isinstance(cell, bool):
        try:
            return Decimal(str(cell)), ""
        except InvalidOperation as exc:
            raise ValueError(_("“%(text)s” is not a number.") % {"text": cell}) from exc
    return parse_cell(_text(cell), decimal_comma=decimal_comma)


# --- the rows ---------------------------------------------------------------------------


def _read_rows(
    result: ParsedFile,
    rows: Iterable[Record],
    names: list[str],
    mapping: Mapping[str, str],
    *,
    sheet: str,
    progress: Progress,
    strict_width: bool,
    formats: dict[int, list[str]] | None = None,
) -> None:
    """Read the data rows into ``result``; raise ParseError with every problem (all or nothing)."""
    pos = {n: i for i, n in enumerate(names)}
    decimal_comma = mapping.get("decimal", "comma") != "point"
    issues: list[Issue] = []

    def issue(line: int, column: int | None, message: str) -> None:
        issues.append(Issue(line, column, message, sheet=sheet))

    def index(name: str) -> int | None:
        return pos.get(mapping.get(name, ""))

    ags_i, period_i, value_i = index("ags"), index("period"), index("value")
    assert ags_i is not None and period_i is not None and value_i is not None
    for count, (line, cells) in enumerate(rows, start=1):
        if not any(_text(c) for c in cells):
            continue
        if strict_width and len(cells) != len(names):
            issue(
                line,
                None,
                _("%(found)d columns instead of %(expected)d.")
                % {"found": len(cells), "expected": len(names)},
            )
            continue

        def cell(i: int | None, cells: list[Any] = cells) -> Any:
            return cells[i] if i is not None and i < len(cells) else None

        if not any(_text(cell(i)) for i in (ags_i, period_i, value_i)):
            continue  # e.g. a note beside the table in another column
        ags = _ags(cell(ags_i))
        if not AGS_RE.match(ags):
            issue(
                line, ags_i + 1, _("“%(text)s” is not an AGS (2, 5 or 8 digits).") % {"text": ags}
            )
            continue
        number_format = formats.pop(line, []) if formats is not None else []
        try:
            period, kind = _period(
                cell(period_i), number_format[period_i] if period_i < len(number_format) else ""
            )
        except ValueError as exc:
            issue(line, period_i + 1, str(exc))
            continue
        raw_value = cell(value_i)
        if raw_value is None or (isinstance(raw_value, str) and not raw_value.strip()):
            issue(line, value_i + 1, _("The cell is empty."))
            continue
        try:
            value, missing_reason = _value(raw_value, decimal_comma=decimal_comma)
        except ValueError as exc:
            issue(line, value_i + 1, str(exc))
            continue
        key = mapping.get("indicator_code") or _text(cell(index("indicator")))
        if not key:
            issue(line, index("indicator"), _("The indicator is empty."))
            continue
        if key not in result.columns:
            result.columns[key] = Column(key=key, label=key, unit_label=_text(cell(index("unit"))))
        result.values.append(
            ParsedValue(
                line=line,
                column=value_i + 1,
                key=key,
                ags=ags,
                area=_text(cell(index("area"))),
                period=period,
                period_kind=kind,
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
        raise ParseError([Issue(1, None, _("The file contains no values."), sheet=sheet)])


# --- XLSX -------------------------------------------------------------------------------


def parse_xlsx(
    data: bytes, *, mapping: Mapping[str, str] | None, progress: Progress = None
) -> ParsedFile:
    """An Excel workbook with a column mapping (as :func:`parse_generic`, plus ``sheet``:
    the worksheet's name; without it the first sheet that has the mapped columns).

    The header row is the first row (of the first 30) that names the mapped columns; title
    rows above it are skipped. Number cells are read as they are, text cells as German
    numbers; a date cell in the period column is a day, or a month if formatted without day.
    """
    from openpyxl import load_workbook  # only when a workbook comes
    from openpyxl.utils.exceptions import InvalidFileException

    if not mapping:
        raise ParseError(
            [
                Issue(
                    1,
                    None,
                    _(
                        "An Excel file (XLSX) needs a column mapping: name the columns of the "
                        "AGS, the period, the value and the indicator (or one indicator code)."
                    ),
                )
            ]
        )
    unreadable = ParseError(
        [Issue(1, None, _("The file is not a readable Excel workbook (XLSX)."))]
    )
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise unreadable from exc
    try:
        return _parse_workbook(workbook, mapping, progress)
    except (zipfile.BadZipFile, zlib.error, EOFError, SyntaxError) as exc:
        # read_only: a sheet is read only while its rows are iterated, so a damaged sheet
        # (broken XML, a cut-off ZIP member) shows here, not when the workbook is opened
        raise unreadable from exc
    finally:
        workbook.close()


def _parse_workbook(workbook: Any, mapping: Mapping[str, str], progress: Progress) -> ParsedFile:
    wanted = [mapping.get(f, "") for f in _needed(mapping)]
    names_of_sheets = list(workbook.sheetnames)
    if mapping.get("sheet"):
        if mapping["sheet"] not in names_of_sheets:
            raise ParseError(
                [
                    Issue(
                        1,
                        None,
                        _("The workbook has no sheet “%(sheet)s” (it has: %(sheets)s).")
                        % {"sheet": mapping["sheet"], "sheets": ", ".join(names_of_sheets)},
                    )
                ]
            )
        candidates = [mapping["sheet"]]
    else:
        candidates = names_of_sheets
    for sheet_name in candidates:
        sheet = workbook[sheet_name]
        header_at, names = _find_header(sheet, wanted)
        if header_at is None:
            continue
        _check_columns(names, mapping, sheet=sheet_name)
        formats: dict[int, list[str]] = {}
        first_row: int = header_at + 1

        def records(
            sheet: Any = sheet, start: int = first_row, formats: dict[int, list[str]] = formats
        ) -> Iterable[Record]:
            for number, row in enumerate(sheet.iter_rows(min_row=start), start=start):
                formats[number] = [getattr(c, "number_format", "") or "" for c in row]
                yield number, [getattr(c, "value", None) for c in row]

        result = ParsedFile(format="xlsx", title=sheet_name)
        _read_rows(
            result,
            records(),
            names,
            mapping,
            sheet=sheet_name,
            progress=progress,
            strict_width=False,
            formats=formats,
        )
        return result
    raise ParseError(
        [
            Issue(
                1,
                None,
                _("No sheet has the columns %(names)s in one row (sheets: %(sheets)s).")
                % {
                    "names": ", ".join(f"“{n}”" for n in wanted),
                    "sheets": ", ".join(names_of_sheets),
                },
            )
        ]
    )


def _find_header(sheet: Any, wanted: list[str]) -> tuple[int | None, list[str]]:
    for number, row in enumerate(
        sheet.iter_rows(max_row=HEADER_SEARCH_ROWS, values_only=True), start=1
    ):
        names = [_text(c) for c in row]
        if all(w in names for w in wanted):
            return number, names
    return None, []
