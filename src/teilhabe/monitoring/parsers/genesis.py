"""The two GENESIS layouts: the classic table CSV and the flat file "ffcsv"."""

from __future__ import annotations

import datetime
import re

from django.utils.translation import gettext as _

from .common import (
    AGS_RE,
    FFCSV_REQUIRED,
    MAX_ERRORS,
    MISSING_SYMBOLS,
    Column,
    Issue,
    ParsedFile,
    ParsedValue,
    ParseError,
    Progress,
    _raise,
    _rows,
    _slug,
    parse_cell,
    parse_period_kind,
    unknown_layout_error,
)

# --- classic GENESIS table --------------------------------------------------------------

_YEAR_OR_DATE = re.compile(r"^(\d{4}|\d{2}\.\d{2}\.\d{4}|\d{4}-\d{2}|\d{4}-Q[1-4])$")
_AREA_CODE = re.compile(r"^(DG|\d{1,12})$")
_STAND = re.compile(r"Stand:\s*(\d{2}\.\d{2}\.\d{4})")
_QUALITY = re.compile(r"^[a-zA-Z]?$")


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
                period, kind = parse_period_kind(period_text)
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
                    period_kind=kind,
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
            result.stand = parse_period_kind(match.group(1))[0]
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
    periods: dict[str, tuple[datetime.date, str]] = {}
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
                periods[time_text] = parse_period_kind(time_text)
            except ValueError as exc:
                issues.append(Issue(line, time_i + 1, str(exc)))
                continue
        period, kind = periods[time_text]
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
                period_kind=kind,
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
