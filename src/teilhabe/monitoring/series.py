"""Time series of an indicator for the pages (monitoring and the public portal): the columns
(periods, oldest first), one row per territory, and the SVG chart with the same numbers.

Yearly series are drawn by ``teilhabe.core.charts.line_chart_svg`` (one tick per year). A
series with quarters or months needs ticks named after its periods, which that function
does not take: :func:`_period_chart_svg` draws it with the same style (colours, line styles,
markers, text as paths) and the same accessible SVG wrapper.
"""

from __future__ import annotations

import csv
import datetime
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext as _

from teilhabe.core import charts
from teilhabe.core.models import Territory

from . import selectors
from .models import PERIOD_ORDER, Indicator, Observation, PeriodKind
from .parsers import period_label

#: At most this many period names under a chart of quarters or months.
MAX_TICKS = 12

Period = tuple[datetime.date, str]  # (last day, kind)


@dataclass
class SeriesTable:
    indicator: Indicator
    #: (period key, its label), oldest first
    columns: list[tuple[Period, str]] = field(default_factory=list)
    #: {"territory": Territory, "cells": [Observation | None per column]}
    rows: list[dict[str, Any]] = field(default_factory=list)
    data: dict[int, list[Observation]] = field(default_factory=dict)
    chart: str = ""

    @property
    def years(self) -> list[str]:
        """The column labels (named ``years`` in the templates since yearly data came first)."""
        return [label for _key, label in self.columns]

    @property
    def sub_annual(self) -> bool:
        return any(
            kind in (PeriodKind.MONTH, PeriodKind.QUARTER) for (_d, kind), _l in self.columns
        )


def _key(obs: Observation) -> Period:
    return obs.period, obs.period_kind


def build(indicator: Indicator, territories: list[Territory], *, chart: bool = True) -> SeriesTable:
    """The current values of ``indicator`` for ``territories`` as columns, rows and chart."""
    data = selectors.series(indicator=indicator, territories=territories)
    keys = sorted(
        {_key(o) for rows in data.values() for o in rows},
        key=lambda k: (k[0], PERIOD_ORDER.get(k[1], 0)),
    )
    table = SeriesTable(
        indicator=indicator,
        columns=[(k, period_label(*k)) for k in keys],
        data=data,
    )
    for territory in territories:
        by_key = {_key(o): o for o in data[territory.pk]}
        if by_key:
            table.rows.append({"territory": territory, "cells": [by_key.get(k) for k in keys]})
    if chart and table.rows:
        table.chart = chart_svg(table)
    return table


def chart_svg(table: SeriesTable, *, chart_id: str = "chart") -> str:
    indicator = table.indicator
    title = indicator.name_de
    description = _(
        "Line chart of the values per period and territory; the same numbers are in the "
        "table below."
    )
    lines = [
        (
            row["territory"].name,
            [
                (c.period, c.period_kind, float(c.value))
                for c in row["cells"]
                if c and c.value is not None
            ],
        )
        for row in table.rows
    ]
    if not table.sub_annual:
        return charts.line_chart_svg(
            series=[(label, [(d.year, v) for d, _k, v in points]) for label, points in lines],
            title=title,
            description=description,
            y_label=indicator.get_unit_display(),
            chart_id=chart_id,
        )
    return _period_chart_svg(
        lines,
        columns=table.columns,
        title=title,
        description=description,
        y_label=indicator.get_unit_display(),
        chart_id=chart_id,
    )


def _period_chart_svg(
    lines: list[tuple[str, list[tuple[datetime.date, str, float]]]],
    *,
    columns: list[tuple[Period, str]],
    title: str,
    description: str,
    y_label: str,
    chart_id: str,
) -> str:
    """Lines over time (x = the periods' last days), ticks named after the periods."""
    plt = charts.plt
    with plt.rc_context(charts.RC):
        fig, ax = plt.subplots(figsize=(8, 4))
        for index, (label, points) in enumerate(lines):
            if not points:
                continue
            colour, style, marker = charts.SERIES_STYLES[index % len(charts.SERIES_STYLES)]
            ax.plot(
                [d.toordinal() for d, _k, _v in points],
                [v for _d, _k, v in points],
                color=colour,
                linestyle=style,
                marker=marker,
                label=label,
            )
        step = max(1, -(-len(columns) // MAX_TICKS))
        shown = columns[::step]
        ax.set_xticks([d.toordinal() for (d, _k), _l in shown])
        ax.set_xticklabels([label for _key, label in shown], rotation=45, ha="right")
        if y_label:
            ax.set_ylabel(y_label)
        ax.spines[["top", "right"]].set_visible(False)
        ax.yaxis.grid(True, color="#dddddd")
        ax.set_axisbelow(True)
        ax.ticklabel_format(axis="y", style="plain", useOffset=False)
        if any(points for _label, points in lines):
            ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False, fontsize=8)
        return charts._accessible_svg(fig, title=title, description=description, chart_id=chart_id)


def csv_response(indicator: Indicator, territories: list[Territory]) -> HttpResponse:
    """The values as CSV for German Excel (UTF-8 with BOM, ``;``, decimal comma); the period
    as the importer reads it again (``2024``, ``2024-Q1``, ``2024-03``, ``31.12.2024``)."""
    data = selectors.series(indicator=indicator, territories=territories)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{indicator.code}.csv"'
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";", lineterminator="\r\n")
    writer.writerow(
        ["indicator", "ags", "territory", "period", "value", "unit", "missing", "source"]
    )
    for territory in territories:
        for obs in data[territory.pk]:
            value = f"{obs.value.normalize():f}".replace(".", ",") if obs.value is not None else ""
            writer.writerow(
                [
                    indicator.code,
                    territory.ags,
                    territory.name,
                    obs.period_label,
                    value,
                    indicator.unit,
                    obs.missing_reason,
                    obs.source,
                ]
            )
    return response
