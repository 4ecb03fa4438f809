"""Template filters used on every page (registered as builtins in the settings)."""

import decimal
from typing import Any

from django import template
from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.filter
def euro(value: Any) -> str:
    """``1000000`` → ``1.000.000 €`` (cents only when there are any)."""
    if value in (None, ""):
        return ""
    amount = decimal.Decimal(value)
    places = 0 if amount == amount.to_integral_value() else 2
    return f"{number_format(amount, places, use_l10n=True, force_grouping=True)}\u00a0€"


@register.filter
def join_if_list(value: Any) -> Any:
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return value


@register.filter
def render_text(value: str) -> SafeString:
    """Plain text with paragraphs and ``- `` bullet lists as HTML; everything else escaped."""
    html: list[str] = []
    in_list = False
    paragraph: list[str] = []

    def flush() -> None:
        if paragraph:
            html.append("<p>" + "<br>".join(paragraph) + "</p>")
            paragraph.clear()

    for raw in (value or "").splitlines():
        line = raw.strip()
        if line.startswith(("- ", "• ")):
            flush()
            if not in_list:
                html.append("<ul>")
                in_list = True
            html.append(f"<li>{escape(line[2:].strip())}</li>")
            continue
        if in_list:
            html.append("</ul>")
            in_list = False
        if line:
            paragraph.append(escape(line))
        else:
            flush()
    flush()
    if in_list:
        html.append("</ul>")
    return mark_safe("".join(html))  # noqa: S308 - every piece of text is escaped above
