"""Amounts of money as German users type them: ``1.000.000,00 €``, ``6.000 €``, ``1 Mio. €``.

One parser for every app (budget lines, imports). It refuses what it cannot read
unambiguously and says why; the caller names the field.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

_CURRENCY = re.compile(r"(€|\bEUR\b|\bEuro\b)", re.IGNORECASE)
_SPACES = re.compile(r"[\s\u00a0\u202f]+")
#: 1.234.567,89 or 1234567,89 or 1234567
_GERMAN = re.compile(r"^(\d{1,3}(\.\d{3})+|\d+)(,\d+)?$")
#: 1 234 567,89 (space as thousands separator)
_SPACE_GROUPED = re.compile(r"^\d{1,3}( \d{3})+(,\d+)?$")
#: 1234.5 / 1234.50: a decimal point is unambiguous with one or two digits after it
_POINT = re.compile(r"^\d+\.\d{1,2}$")
_MULTIPLIERS = {
    "mio": Decimal(1_000_000),
    "mio.": Decimal(1_000_000),
    "million": Decimal(1_000_000),
    "millionen": Decimal(1_000_000),
    "tsd": Decimal(1000),
    "tsd.": Decimal(1000),
    "tausend": Decimal(1000),
}


def parse_amount(text: str) -> Decimal:
    """``1.000.000,00 €`` → ``Decimal("1000000.00")``; raises ``ValueError`` with the reason.

    Accepted: German grouping with dots and a decimal comma, spaces as thousands separators,
    a decimal point followed by one or two digits, the currency as ``€``/``EUR``/``Euro``
    before or after, and ``Mio.``/``Tsd.``. Refused: negative amounts, more than two decimal
    places (cents), anything else.
    """
    raw = _CURRENCY.sub(" ", text or "")
    raw = _SPACES.sub(" ", raw).strip()
    if not raw:
        raise ValueError(_("Enter an amount."))
    if raw.startswith("-"):
        raise ValueError(_("The amount must not be negative."))
    raw = raw.lstrip("+").strip()
    factor = Decimal(1)
    parts = raw.rsplit(" ", 1)
    if len(parts) == 2 and parts[1].lower() in _MULTIPLIERS:
        factor, raw = _MULTIPLIERS[parts[1].lower()], parts[0].strip()
    if _SPACE_GROUPED.match(raw):
        raw = raw.replace(" ", "")
    if _GERMAN.match(raw):
        number = raw.replace(".", "").replace(",", ".")
    elif _POINT.match(raw):
        number = raw
    else:
        raise ValueError(
            _("“%(text)s” is not an amount in euros (example: 1.000.000,00 €).")
            % {"text": text.strip()}
        )
    try:
        value = Decimal(number) * factor
    except InvalidOperation as exc:  # pragma: no cover - the patterns exclude it
        raise ValueError(_("“%(text)s” is not an amount.") % {"text": text.strip()}) from exc
    if value != value.quantize(Decimal("0.01")):
        raise ValueError(_("An amount has at most two decimal places (cents)."))
    return value.quantize(Decimal("0.01"))


def format_amount(value: Decimal | None) -> str:
    """``Decimal("1000000")`` → ``1.000.000,00`` (for form fields: parse_amount reads it back)."""
    if value is None:
        return ""
    text = f"{value.quantize(Decimal('0.01')):,.2f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
