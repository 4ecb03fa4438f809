"""Time series of an indicator for the pages (monitoring and the public portal): the columns
(periods, oldest first), one row per territory, and the SVG chart with the same numbers.

Both kinds of series are drawn by ``teilhabe.core.charts.line_chart_svg``: a yearly one with
a tick per year, one with quarters, months or several reference dates a year on a time axis
with ticks named after its periods.
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
    """The chart of the table: one tick per year for a yearly series (at most one period per
    year), otherwise the periods on a time axis with ticks named after them."""
    indicator = table.indicator
    lines = [
        (
            row["territory"].name,
            [(c.period, float(c.value)) for c in row["cells"] if c and c.value is not None],
        )
        for row in table.rows
    ]
    years = [d.year for (d, _k), _l in table.columns]
    one_per_year = not table.sub_annual and len(set(years)) == len(years)
    ticks: list[tuple[float, str]] | None = None
    if one_per_year:
        series = [(label, [(d.year, v) for d, v in points]) for label, points in lines]
    else:
        series = [(label, [(d.toordinal(), v) for d, v in points]) for label, points in lines]
        step = max(1, -(-len(table.columns) // MAX_TICKS))
        ticks = [(d.toordinal(), label) for (d, _k), label in table.columns[::step]]
    return charts.line_chart_svg(
        series=series,
        title=indicator.name_de,
        description=_(
            "Line chart of the values per period and territory; the same numbers are in the "
            "table below."
        ),
        y_label=indicator.get_unit_display(),
        chart_id=chart_id,
        x_ticks=ticks,
    )


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
