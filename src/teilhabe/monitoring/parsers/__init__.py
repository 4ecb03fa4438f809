"""Readers of official statistics files: pure functions, no database.

The layouts (see docs/domain.md, B2):

* the classic GENESIS/Regionalstatistik table CSV (header block, indented area names,
  aggregates mixed in, footnotes, ``Stand:`` line) and the flat GENESIS "ffcsv" (one record
  per value, English column names): ``genesis.py``;
* a generic CSV or an Excel workbook (XLSX) with a column mapping: ``mapped.py``.

German numbers (``1.234,5``) become :class:`~decimal.Decimal`; the placeholders
``-``, ``.``, ``/``, ``x``, ``...``, ``( )`` are kept as missing reasons, never as 0.
Periods are years, quarters (``2024-Q1``), months (``2024-03``) or dates (``common.py``).
Every problem is reported with line (or sheet and row), column and reason; one problem and
nothing is read (all or nothing).
"""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.translation import gettext as _

from .common import (
    AGGREGATE_RE,
    AGS_RE,
    DAY,
    FFCSV_REQUIRED,
    MAX_ERRORS,
    MISSING_SYMBOLS,
    MONTH,
    QUARTER,
    SAME_SLOT,
    UNIT_WORDS,
    XLSX_MAGIC,
    YEAR,
    Column,
    Issue,
    ParsedFile,
    ParsedValue,
    ParseError,
    Progress,
    _raise,
    _rows,
    _slug,
    column_letter,
    decode,
    decode_any,
    detect_format,
    is_xlsx,
    parse_cell,
    parse_number,
    parse_period,
    parse_period_kind,
    period_label,
    slot_of,
    unit_of,
    unknown_layout_error,
)
from .genesis import AREA_VARIABLES, parse_ffcsv, parse_genesis_table
from .mapped import MAPPING_FIELDS, parse_generic, parse_xlsx

#: Formats whose columns the user maps (their indicators must exist).
MAPPED_FORMATS = frozenset({"generic", "xlsx"})

__all__ = [
    "AGGREGATE_RE",
    "AGS_RE",
    "AREA_VARIABLES",
    "DAY",
    "FFCSV_REQUIRED",
    "MAPPED_FORMATS",
    "MAPPING_FIELDS",
    "MAX_ERRORS",
    "MISSING_SYMBOLS",
    "MONTH",
    "QUARTER",
    "SAME_SLOT",
    "UNIT_WORDS",
    "XLSX_MAGIC",
    "YEAR",
    "Column",
    "Issue",
    "ParseError",
    "ParsedFile",
    "ParsedValue",
    "Progress",
    "_raise",
    "_rows",
    "_slug",
    "column_letter",
    "decode",
    "decode_any",
    "detect_format",
    "is_xlsx",
    "parse",
    "parse_bytes",
    "parse_cell",
    "parse_ffcsv",
    "parse_generic",
    "parse_genesis_table",
    "parse_number",
    "parse_period",
    "parse_period_kind",
    "parse_xlsx",
    "period_label",
    "slot_of",
    "unit_of",
    "unknown_layout_error",
]


def parse(
    text: str, *, mapping: Mapping[str, str] | None = None, progress: Progress = None
) -> ParsedFile:
    """Read a text file in any supported layout. Raises :class:`ParseError`."""
    kind = detect_format(text)
    if kind == "genesis_table":
        return parse_genesis_table(text, progress=progress)
    if kind == "ffcsv":
        return parse_ffcsv(text, progress=progress)
    if mapping:
        return parse_generic(text, mapping=mapping, progress=progress)
    raise unknown_layout_error(text)


def parse_bytes(
    data: bytes,
    *,
    filename: str = "",
    mapping: Mapping[str, str] | None = None,
    progress: Progress = None,
) -> ParsedFile:
    """Read an uploaded file: an XLSX workbook (by its content, a ZIP container, or its
    name) or a text file in its detected encoding and layout. Raises :class:`ParseError`."""
    if is_xlsx(data):
        return parse_xlsx(data, mapping=mapping, progress=progress)
    if filename.lower().endswith((".xlsx", ".xlsm")):
        raise ParseError(
            [Issue(1, None, _("The file is named .xlsx but is not an Excel workbook."))]
        )
    return parse(decode(data), mapping=mapping, progress=progress)
