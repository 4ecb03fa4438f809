"""The traffic light (Ampel) of the Beschlusskontrolle, derived in one place.

Measures and council decisions both get one of four lights from their phase, their dates and
when they were last reported on. Everything that shows a light calls :func:`traffic_light`.
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class Phase(models.TextChoices):
    """What a status means for the light; every configurable status maps to one phase."""

    PLANNED = "planned", _("not started")
    ACTIVE = "active", _("under way")
    DONE = "done", _("completed")
    PAUSED = "paused", _("paused")
    CANCELLED = "cancelled", _("cancelled")


class Light(models.TextChoices):
    ON_TRACK = "on_track", _("on track")
    DELAYED = "delayed", _("delayed")
    BLOCKED = "blocked", _("blocked")
    DONE = "done", _("done")


@dataclass(frozen=True)
class Verdict:
    light: str
    reason: str

    @property
    def label(self) -> str:
        return str(Light(self.light).label)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """``day`` plus whole months; the 31st becomes the last day of a shorter month."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def traffic_light(
    *,
    phase: str,
    today: datetime.date,
    start: datetime.date | None = None,
    due: datetime.date | None = None,
    last_report: datetime.date | None = None,
    interval_months: int | None = None,
) -> Verdict:
    """The light and the reason for it, in this order of precedence:

    1. completed or cancelled → done (nothing more is expected);
    2. paused → blocked;
    3. due date passed → delayed;
    4. not started although the start date has passed → delayed;
    5. no report within the update interval (counted from the last report) → delayed (stale);
    6. otherwise → on track.
    """
    if phase in (Phase.DONE, Phase.CANCELLED):
        return Verdict(Light.DONE, str(Phase(phase).label))
    if phase == Phase.PAUSED:
        return Verdict(Light.BLOCKED, str(Phase.PAUSED.label))
    if due is not None and due < today:
        return Verdict(Light.DELAYED, str(_("due date passed")))
    if phase == Phase.PLANNED and start is not None and start < today:
        return Verdict(Light.DELAYED, str(_("start date passed without a start")))
    if (
        interval_months
        and last_report is not None
        and add_months(last_report, interval_months) < today
    ):
        return Verdict(Light.DELAYED, str(_("no report within the update interval")))
    return Verdict(Light.ON_TRACK, str(_("no problem known")))


def is_stale(
    *, last_report: datetime.date | None, interval_months: int, today: datetime.date
) -> bool:
    """Has nobody reported within the interval? (No report at all counts as stale.)"""
    return last_report is None or add_months(last_report, interval_months) < today
