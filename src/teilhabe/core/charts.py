"""Server-side SVG charts with matplotlib (Agg, text as paths: no fonts are loaded by the
browser, no external request). One renderer for the web pages and the documents; every chart
is shown next to a table with the same numbers.

Moved here from ``reception/charts.py`` (which re-exports ``bar_chart_svg``) so that all
domain apps can use it. ``bar_chart_png`` and ``line_chart_png`` draw the same charts as PNG
for Word documents.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any
from xml.sax.saxutils import escape

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

QUOTA_COLOUR = "#1d4f91"
ASSIGNED_COLOUR = "#e07b00"
#: Colours and line styles distinguishable without colour vision (style + marker differ too).
SERIES_STYLES = [
    ("#1d4f91", "-", "o"),
    ("#e07b00", "--", "s"),
    ("#2a7f3f", "-.", "^"),
    ("#8e2a8e", ":", "D"),
    ("#555555", "-", "v"),
    ("#b8860b", "--", "P"),
    ("#008b8b", "-.", "X"),
]
#: rc parameters (typed ``Any``: matplotlib types its keys as a long ``Literal``).
RC: Any = {"svg.fonttype": "path", "svg.hashsalt": "teilhabe", "font.family": "DejaVu Sans"}


def accessible_svg(fig: Figure, *, title: str, description: str, chart_id: str) -> str:
    """The figure as an inline SVG with ``role="img"``, a title and a description (and the
    figure closed). For charts drawn elsewhere with the same style (``plt.rc_context(RC)``)."""
    fig.tight_layout()
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    plt.close(fig)
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg") :]
    head_end = svg.index(">") + 1
    opening = svg[:head_end].replace(
        "<svg ",
        f'<svg role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" class="chart" ',
        1,
    )
    return (
        opening
        + f'<title id="{chart_id}-title">{escape(title)}</title>'
        + f'<desc id="{chart_id}-desc">{escape(description)}</desc>'
        + svg[head_end:]
    )


def _png(fig: Figure, *, dpi: int) -> bytes:
    """The figure as PNG bytes (for Word, which cannot show SVG everywhere); no timestamps."""
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, metadata={"Software": None})
    plt.close(fig)
    return buffer.getvalue()


def _bar_figure(
    *,
    labels: Sequence[str],
    quotas: Sequence[float],
    assigned: Sequence[float] | None,
    quota_label: str,
    assigned_label: str,
    colours: Sequence[str] | None,
    integer_ticks: bool = False,
) -> Figure:
    height = max(2.0, 0.32 * len(labels) + 1.2)
    fig, ax = plt.subplots(figsize=(8, height))
    positions = list(range(len(labels)))
    bar = 0.4 if assigned is not None else 0.7
    ax.barh(
        [p - (bar / 2 if assigned is not None else 0) for p in positions],
        quotas,
        height=bar,
        color=list(colours) if colours and assigned is None else QUOTA_COLOUR,
        label=quota_label,
    )
    if assigned is not None:
        ax.barh(
            [p + bar / 2 for p in positions],
            assigned,
            height=bar,
            color=ASSIGNED_COLOUR,
            label=assigned_label,
        )
        ax.legend(loc="lower right", frameon=False)
    ax.set_yticks(positions)
    ax.set_yticklabels(labels)
    ax.invert_yaxis()
    ax.spines[["top", "right"]].set_visible(False)
    ax.xaxis.grid(True, color="#dddddd")
    ax.set_axisbelow(True)
    if integer_ticks:  # counts: no 0.5 measures on the axis
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    return fig


def bar_chart_svg(
    *,
    labels: Sequence[str],
    quotas: Sequence[float],
    assigned: Sequence[float] | None,
    title: str,
    description: str,
    quota_label: str,
    assigned_label: str,
    chart_id: str = "chart",
    colours: Sequence[str] | None = None,
    integer_ticks: bool = False,
) -> str:
    """A horizontal bar chart (one or two bars per label) as an inline SVG string.

    ``colours``: one colour per bar of a single-series chart (the labels carry the meaning,
    the colours only repeat it); ``integer_ticks`` for counts."""
    with plt.rc_context(RC):
        fig = _bar_figure(
            labels=labels,
            quotas=quotas,
            assigned=assigned,
            quota_label=quota_label,
            assigned_label=assigned_label,
            colours=colours,
            integer_ticks=integer_ticks,
        )
        return accessible_svg(fig, title=title, description=description, chart_id=chart_id)


def bar_chart_png(
    *,
    labels: Sequence[str],
    quotas: Sequence[float],
    assigned: Sequence[float] | None,
    quota_label: str,
    assigned_label: str,
    colours: Sequence[str] | None = None,
    integer_ticks: bool = False,
    dpi: int = 150,
) -> bytes:
    """The same chart as :func:`bar_chart_svg`, as PNG bytes (for DOCX documents)."""
    with plt.rc_context(RC):
        fig = _bar_figure(
            labels=labels,
            quotas=quotas,
            assigned=assigned,
            quota_label=quota_label,
            assigned_label=assigned_label,
            colours=colours,
            integer_ticks=integer_ticks,
        )
        return _png(fig, dpi=dpi)


#: The target marker: a star at (due, target value) and a dashed line at the target value.
TARGET_COLOUR = "#b22222"
#: ``(x, value, label)`` of a target: x on the chart's x axis (a year or a date's ordinal).
ChartTarget = tuple[float, float, str]


def _line_figure(
    *,
    series: Sequence[tuple[str, Sequence[tuple[float, float]]]],
    y_label: str,
    x_ticks: Sequence[tuple[float, str]] | None,
    target: ChartTarget | None,
) -> Figure:
    fig, ax = plt.subplots(figsize=(8, 4))
    years: set[float] = set()
    for index, (label, points) in enumerate(series):
        if not points:
            continue
        colour, style, marker = SERIES_STYLES[index % len(SERIES_STYLES)]
        xs = [p[0] for p in points]
        years.update(xs)
        ax.plot(
            xs,
            [p[1] for p in points],
            color=colour,
            linestyle=style,
            marker=marker,
            label=label,
        )
    if target is not None:
        target_x, target_value, target_label = target
        ax.axhline(target_value, color=TARGET_COLOUR, linestyle="--", linewidth=1)
        # one point drawn with a dashed style: the legend shows the star on a dashed line
        ax.plot(
            [target_x],
            [target_value],
            color=TARGET_COLOUR,
            linestyle="--",
            marker="*",
            markersize=14,
            label=target_label,
        )
        years.add(target_x)
    if x_ticks is not None:
        ax.set_xticks([x for x, _label in x_ticks])
        ax.set_xticklabels([label for _x, label in x_ticks], rotation=45, ha="right")
    elif years:
        ax.set_xticks(sorted(years))
        ax.set_xticklabels([str(y) for y in sorted(years)])
    if y_label:
        ax.set_ylabel(y_label)
    ax.spines[["top", "right"]].set_visible(False)
    ax.yaxis.grid(True, color="#dddddd")
    ax.set_axisbelow(True)
    ax.ticklabel_format(axis="y", style="plain", useOffset=False)
    if target is not None or any(points for _label, points in series):
        ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False, fontsize=8)
    return fig


def line_chart_svg(
    *,
    series: Sequence[tuple[str, Sequence[tuple[float, float]]]],
    title: str,
    description: str,
    y_label: str = "",
    chart_id: str = "chart",
    x_ticks: Sequence[tuple[float, str]] | None = None,
    target: ChartTarget | None = None,
) -> str:
    """A time series chart: one line per ``(label, [(x, value), …])``; gaps stay gaps.

    Without ``x_ticks`` x is a year and every year with a value gets a tick named after it.
    ``x_ticks``: the ticks ``(x, label)`` to show instead (e.g. quarters or months, with x
    the ordinal of their last day); their labels are turned by 45° to fit.
    ``target``: ``(x, value, label)`` drawn as a star on a dashed line at the value, with the
    label in the legend (without ``x_ticks`` its x gets a tick too)."""
    with plt.rc_context(RC):
        fig = _line_figure(series=series, y_label=y_label, x_ticks=x_ticks, target=target)
        return accessible_svg(fig, title=title, description=description, chart_id=chart_id)


def line_chart_png(
    *,
    series: Sequence[tuple[str, Sequence[tuple[float, float]]]],
    y_label: str = "",
    x_ticks: Sequence[tuple[float, str]] | None = None,
    target: ChartTarget | None = None,
    dpi: int = 150,
) -> bytes:
    """The same chart as :func:`line_chart_svg`, as PNG bytes (for DOCX documents)."""
    with plt.rc_context(RC):
        fig = _line_figure(series=series, y_label=y_label, x_ticks=x_ticks, target=target)
        return _png(fig, dpi=dpi)
