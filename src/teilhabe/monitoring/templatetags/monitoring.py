"""Filters of the monitoring pages: values in the reader's number format, missing reasons."""

from decimal import Decimal
from typing import Any

from django import template
from django.utils.formats import number_format

from teilhabe.monitoring.models import MissingReason

register = template.Library()


def decimals_of(value: Decimal) -> int:
    exponent = value.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


@register.filter
def number(value: Any) -> str:
    """``1234.5`` → ``1.234,5`` (German) / ``1,234.5`` (English); trailing zeros dropped."""
    if value is None or value == "":
        return "–"
    value = Decimal(value)
    return number_format(value, decimals_of(value), use_l10n=True, force_grouping=True)


@register.filter
def obs_value(obs: Any) -> str:
    """An observation's value, or its missing symbol."""
    if obs is None:
        return "–"
    if obs.value is None:
        return obs.missing_reason
    return number(obs.value)


@register.filter
def missing_label(code: str) -> str:
    return str(dict(MissingReason.choices).get(code, code))
