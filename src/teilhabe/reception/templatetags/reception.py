"""Number formats of the reception pages: ``1.234``, ``+127``, ``9,39533 %``."""

import decimal
from typing import Any

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def persons(value: Any) -> str:
    """``1234`` → ``1.234``."""
    if value in (None, ""):
        return "–"
    return number_format(int(value), 0, use_l10n=True, force_grouping=True)


@register.filter
def signed(value: Any) -> str:
    """``127`` → ``+127``, ``-38`` → ``−38``, ``0`` → ``0``."""
    if value in (None, ""):
        return "–"
    number = int(value)
    text = number_format(abs(number), 0, use_l10n=True, force_grouping=True)
    return f"+{text}" if number > 0 else (f"−{text}" if number < 0 else "0")


@register.filter
def decimal_de(value: Any, places: Any = 4) -> str:
    """A decimal with German comma and the given number of places."""
    if value in (None, ""):
        return "–"
    return number_format(decimal.Decimal(value), int(places), use_l10n=True, force_grouping=True)
