"""The one traffic-light function: every rule, their precedence, and the month arithmetic."""

import datetime

import pytest

from teilhabe.core.traffic import Light, Phase, add_months, is_stale, traffic_light

TODAY = datetime.date(2025, 6, 15)
PAST = datetime.date(2025, 6, 14)
FUTURE = datetime.date(2025, 6, 16)


def light(**kwargs):  # type: ignore[no-untyped-def]
    return traffic_light(today=TODAY, **kwargs).light


# --- add_months -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (datetime.date(2024, 1, 31), 1, datetime.date(2024, 2, 29)),  # leap year
        (datetime.date(2023, 1, 31), 1, datetime.date(2023, 2, 28)),
        (datetime.date(2024, 8, 31), 1, datetime.date(2024, 9, 30)),
        (datetime.date(2024, 3, 31), 6, datetime.date(2024, 9, 30)),
        (datetime.date(2024, 12, 15), 1, datetime.date(2025, 1, 15)),  # over the year end
        (datetime.date(2024, 11, 30), 3, datetime.date(2025, 2, 28)),
        (datetime.date(2024, 2, 29), 12, datetime.date(2025, 2, 28)),
        (datetime.date(2024, 6, 1), 24, datetime.date(2026, 6, 1)),
        (datetime.date(2024, 6, 10), 0, datetime.date(2024, 6, 10)),
    ],
)
def test_add_months_keeps_the_day_or_takes_the_month_end(day, months, expected) -> None:  # type: ignore[no-untyped-def]
    assert add_months(day, months) == expected


# --- each rule on its own -----------------------------------------------------------------------


@pytest.mark.parametrize("phase", [Phase.DONE, Phase.CANCELLED])
def test_finished_is_done(phase: str) -> None:
    verdict = traffic_light(phase=phase, today=TODAY)
    assert verdict.light == Light.DONE
    assert verdict.reason == str(Phase(phase).label)


def test_paused_is_blocked() -> None:
    assert light(phase=Phase.PAUSED) == Light.BLOCKED


def test_due_date_passed_is_delayed() -> None:
    assert light(phase=Phase.ACTIVE, due=PAST) == Light.DELAYED
    # on the due date itself it is still on time
    assert light(phase=Phase.ACTIVE, due=TODAY) == Light.ON_TRACK
    assert light(phase=Phase.ACTIVE, due=FUTURE) == Light.ON_TRACK


def test_not_started_after_the_start_date_is_delayed() -> None:
    assert light(phase=Phase.PLANNED, start=PAST) == Light.DELAYED
    assert light(phase=Phase.PLANNED, start=TODAY) == Light.ON_TRACK
    # under way: a passed start date is what is expected
    assert light(phase=Phase.ACTIVE, start=PAST) == Light.ON_TRACK


def test_no_report_within_the_interval_is_delayed() -> None:
    # 15.12.2024 + 6 months = 15.06.2025: reported just in time
    assert light(
        phase=Phase.ACTIVE, last_report=datetime.date(2024, 12, 15), interval_months=6
    ) == (Light.ON_TRACK)
    assert light(
        phase=Phase.ACTIVE, last_report=datetime.date(2024, 12, 14), interval_months=6
    ) == (Light.DELAYED)
    verdict = traffic_light(
        phase=Phase.ACTIVE, today=TODAY, last_report=datetime.date(2024, 1, 1), interval_months=6
    )
    assert verdict.reason == "keine Sachstandsmeldung innerhalb des Aktualisierungsintervalls"


def test_staleness_needs_both_a_report_date_and_an_interval() -> None:
    assert light(phase=Phase.ACTIVE, last_report=datetime.date(2000, 1, 1)) == Light.ON_TRACK
    assert light(phase=Phase.ACTIVE, interval_months=6) == Light.ON_TRACK


def test_month_end_interval_counts_from_the_month_end() -> None:
    # 31.08. + 6 months = 28.02. (not 03.03.): on 01.03. the report is overdue
    verdict = traffic_light(
        phase=Phase.ACTIVE,
        today=datetime.date(2025, 3, 1),
        last_report=datetime.date(2024, 8, 31),
        interval_months=6,
    )
    assert verdict.light == Light.DELAYED
    on_time = traffic_light(
        phase=Phase.ACTIVE,
        today=datetime.date(2025, 2, 28),
        last_report=datetime.date(2024, 8, 31),
        interval_months=6,
    )
    assert on_time.light == Light.ON_TRACK


def test_nothing_known_is_on_track() -> None:
    verdict = traffic_light(phase=Phase.PLANNED, today=TODAY)
    assert verdict.light == Light.ON_TRACK
    assert verdict.label == str(Light.ON_TRACK.label)


# --- precedence ---------------------------------------------------------------------------------

EVERYTHING_WRONG = {
    "start": PAST,
    "due": PAST,
    "last_report": datetime.date(2020, 1, 1),
    "interval_months": 6,
}


@pytest.mark.parametrize("phase", [Phase.DONE, Phase.CANCELLED])
def test_done_wins_over_everything(phase: str) -> None:
    assert light(phase=phase, **EVERYTHING_WRONG) == Light.DONE


def test_paused_wins_over_dates_and_staleness() -> None:
    assert light(phase=Phase.PAUSED, **EVERYTHING_WRONG) == Light.BLOCKED


def test_due_date_is_the_reason_before_start_and_staleness() -> None:
    verdict = traffic_light(phase=Phase.PLANNED, today=TODAY, **EVERYTHING_WRONG)
    assert verdict.light == Light.DELAYED
    assert verdict.reason == "Fälligkeitsdatum überschritten"


def test_start_date_is_the_reason_before_staleness() -> None:
    verdict = traffic_light(
        phase=Phase.PLANNED,
        today=TODAY,
        start=PAST,
        last_report=datetime.date(2020, 1, 1),
        interval_months=6,
    )
    assert verdict.reason == "Startdatum verstrichen, aber noch nicht begonnen"


# --- is_stale -----------------------------------------------------------------------------------


def test_is_stale() -> None:
    assert is_stale(last_report=None, interval_months=6, today=TODAY)
    assert not is_stale(last_report=datetime.date(2024, 12, 15), interval_months=6, today=TODAY)
    assert is_stale(last_report=datetime.date(2024, 12, 14), interval_months=6, today=TODAY)
