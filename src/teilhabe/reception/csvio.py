"""Reading CSV files as German Excel writes them: semicolon, decimal comma, cp1252 or UTF-8
(with or without BOM), dates ``28.11.2024``, numbers ``1.234``."""

from __future__ import annotations

import csv
import datetime
import io
import re

from django.utils.translation import gettext as _

_THOUSANDS = re.compile(r"^-?\d{1,3}(\.\d{3})+$")
_INT = re.compile(r"^-?\d+$")
_TRAILING_ZERO_DECIMALS = re.compile(r"^(-?[\d.]+),0+$")


class CsvError(ValueError):
    """Errors of a whole file, each naming its line."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


def decode(content: bytes) -> str:
    if content.startswith(b"\xef\xbb\xbf"):
        return content[3:].decode("utf-8")
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        return content.decode("cp1252")


def read_rows(content: bytes | str, *, required: list[str]) -> list[tuple[int, dict[str, str]]]:
    """``[(line number, {column: value})]``; the header names are matched case-insensitively."""
    text = decode(content) if isinstance(content, bytes) else content.lstrip("\ufeff")
    reader = csv.reader(io.StringIO(text), delimiter=";")
    rows = list(reader)
    if not rows:
        raise CsvError([_("The file is empty.")])
    header = [h.strip().lower() for h in rows[0]]
    missing = [c for c in required if c not in header]
    if missing:
        raise CsvError(
            [
                _("Line 1: the columns %(missing)s are missing (expected: %(expected)s).")
                % {"missing": ", ".join(missing), "expected": ";".join(required)}
            ]
        )
    result = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        values = {name: (row[i].strip() if i < len(row) else "") for i, name in enumerate(header)}
        result.append((number, values))
    if not result:
        raise CsvError([_("The file has no data rows.")])
    return result


def parse_int(value: str) -> int:
    """``1234``, ``1.234`` or ``1234,0`` → 1234; anything else raises ValueError."""
    value = value.replace("\u00a0", "").replace(" ", "")
    match = _TRAILING_ZERO_DECIMALS.match(value)
    if match:
        value = match.group(1)
    if _THOUSANDS.match(value):
        value = value.replace(".", "")
    if not _INT.match(value):
        raise ValueError(value)
    return int(value)


def parse_date(value: str) -> datetime.date:
    value = value.strip()
    for fmt in ("%d.%m.%Y", "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise ValueError(value)
