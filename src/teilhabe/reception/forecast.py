"""Fulfilment and forecast of a quota. Pure functions, no database.

- fulfilment: assigned persons ÷ quota (``None`` for a quota of 0);
- open obligation: quota − assigned; negative means more were assigned than owed (surplus),
  which is carried into the next period;
- forecast: the persons assigned in the last ``window`` days (default 28) give a daily rate;
  the open obligation is met after ``ceil(open ÷ rate)`` days from the reference date. With
  no assignment in the window there is no forecast. The implied accommodation places are the
  open obligation (places still needed until that date) and the weekly rate (places per week
  at the current pace).
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

RATE_WINDOW_DAYS = 28


@dataclass(frozen=True)
class Forecast:
    quota: int
    assigned: int
    open: int
    fulfilment: Decimal | None
    rate_window_days: int
    assigned_in_window: int
    #: persons per day in the window
    rate_per_day: Decimal
    #: the date the open obligation is met at the current rate; None: met already or no rate
    met_on: datetime.date | None
    #: accommodation places still needed (= open obligation, at least 0)
    places_needed: int
    #: places per week at the current rate (rounded up)
    places_per_week: int

    @property
    def is_met(self) -> bool:
        return self.open <= 0


def forecast(
    *,
    quota: int,
    assignments: Iterable[tuple[datetime.date, int]],
    today: datetime.date,
    window: int = RATE_WINDOW_DAYS,
) -> Forecast:
    rows = list(assignments)
    assigned = sum(p for _d, p in rows)
    start = today - datetime.timedelta(days=window)
    in_window = sum(p for d, p in rows if start < d <= today)
    open_ = quota - assigned
    rate = Decimal(in_window) / Decimal(window)
    met_on = None
    if open_ > 0 and in_window > 0:
        days = math.ceil(Decimal(open_) / rate)
        met_on = today + datetime.timedelta(days=days)
    return Forecast(
        quota=quota,
        assigned=assigned,
        open=open_,
        fulfilment=(Decimal(assigned) / Decimal(quota) * 100).quantize(Decimal("0.1"))
        if quota
        else None,
        rate_window_days=window,
        assigned_in_window=in_window,
        rate_per_day=rate.quantize(Decimal("0.01")),
        met_on=met_on,
        places_needed=max(open_, 0),
        places_per_week=math.ceil(rate * 7),
    )
