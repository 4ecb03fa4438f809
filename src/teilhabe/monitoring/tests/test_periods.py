"""Sub-annual periods: quarters and months in the readers, storage, order, chart and CLI.

The monthly values here are made-up test input for the made-up district "Landkreis Alpha"
(AGS 03999 of the test world), not figures of a real district.
"""

import datetime
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from hypothesis import given
from hypothesis import strategies as st

from teilhabe.monitoring import parsers, selectors, series, services
from teilhabe.monitoring.models import Indicator, Observation

D = datetime.date


@pytest.mark.parametrize(
    ("text", "date", "kind"),
    [
        ("2023", D(2023, 12, 31), "year"),
        ("2024-03", D(2024, 3, 31), "month"),
        ("2024-3", D(2024, 3, 31), "month"),
        ("02/2024", D(2024, 2, 29), "month"),
        ("11.2023", D(2023, 11, 30), "month"),
        ("2024M06", D(2024, 6, 30), "month"),
        ("März 2024", D(2024, 3, 31), "month"),
        ("Dezember 2023", D(2023, 12, 31), "month"),
        ("2024-Q1", D(2024, 3, 31), "quarter"),
        ("2024Q3", D(2024, 9, 30), "quarter"),
        ("Q4 2023", D(2023, 12, 31), "quarter"),
        ("q2/2024", D(2024, 6, 30), "quarter"),
        ("1. Quartal 2024", D(2024, 3, 31), "quarter"),
        ("31.12.2023", D(2023, 12, 31), "day"),
        ("2023-06-30", D(2023, 6, 30), "day"),
    ],
)
def test_period_forms(text: str, date: datetime.date, kind: str) -> None:
    assert parsers.parse_period_kind(text) == (date, kind)


@pytest.mark.parametrize("text", ["2024-13", "2024-Q5", "13/2024", "Frühling 2024", "24", ""])
def test_not_a_period(text: str) -> None:
    with pytest.raises(ValueError) as caught:
        parsers.parse_period_kind(text)
    assert str(caught.value).startswith(f"„{text}“ ist kein Zeitraum (erwartet: ein Jahr wie 2023")


@given(
    st.integers(min_value=1900, max_value=2100),
    st.integers(min_value=1, max_value=12),
    st.sampled_from(["year", "quarter", "month"]),
)
def test_label_reads_back(year: int, month: int, kind: str) -> None:
    date, parsed_kind = parsers.parse_period_kind(
        parsers.period_label(parsers.parse_period_kind(f"{year}-{month:02d}")[0], kind)
    )
    assert parsed_kind == kind
    assert date.year == year
    if kind == "month":
        assert date.month == month
    if kind == "quarter":
        assert date.month == -(-month // 3) * 3


MONTHLY = (
    "AGS;Monat;Wert\n"
    "03999;2024-02;6,1\n"
    "03999;2024-01;6,3\n"
    "03999;2023-12;6,0\n"
    "03999;2023;5,8\n"
    "03999;2024-Q1;6,2\n"
)
MAP = {"ags": "AGS", "period": "Monat", "value": "Wert", "indicator_code": "alq_test"}


@pytest.fixture
def monthly(world):  # type: ignore[no-untyped-def]
    services.catalogue_ensure()
    services.indicator_create(
        user=None,
        body=world.a.body,
        code="alq_test",
        data={
            "name_de": "Arbeitslosenquote (Testwerte)",
            "unit": "percent",
            "frequency": "monthly",
        },
    )
    services.stats_import(
        user=None, body=world.a.body, data=MONTHLY.encode(), filename="m.csv", mapping=MAP
    )
    return world


def test_months_quarters_and_the_year_are_stored_apart(monthly) -> None:  # type: ignore[no-untyped-def]
    rows = Observation.objects.filter(indicator__code="alq_test", is_current=True)
    assert rows.count() == 5
    kinds = {(o.period, o.period_kind): o.value for o in rows}
    # December and the year end on the same day and are different values
    assert kinds[(D(2023, 12, 31), "month")] == Decimal("6.0")
    assert kinds[(D(2023, 12, 31), "year")] == Decimal("5.8")
    assert kinds[(D(2024, 3, 31), "quarter")] == Decimal("6.2")
    assert all(o.period_is_year == (o.period_kind == "year") for o in rows)


def test_series_sorted_and_labelled(monthly) -> None:  # type: ignore[no-untyped-def]
    territory = monthly.a.body.territory
    indicator = Indicator.objects.get(code="alq_test")
    data = selectors.series(indicator=indicator, territories=[territory])[territory.pk]
    assert [o.period_label for o in data] == ["2023-12", "2023", "2024-01", "2024-02", "2024-Q1"]
    table = series.build(indicator, [territory])
    assert table.sub_annual
    assert table.years == ["2023-12", "2023", "2024-01", "2024-02", "2024-Q1"]
    assert table.chart.startswith('<svg role="img"')
    assert "Arbeitslosenquote (Testwerte)" in table.chart  # the title


def test_revision_of_a_month_keeps_history(monthly) -> None:  # type: ignore[no-untyped-def]
    changed = MONTHLY.replace("2024-02;6,1", "2024-02;6,4")
    result = services.stats_import(
        user=None, body=monthly.a.body, data=changed.encode(), mapping=MAP
    )
    assert (result.new, result.revised, result.unchanged) == (0, 1, 4)
    february = Observation.objects.filter(indicator__code="alq_test", period=D(2024, 2, 29))
    assert sorted(o.value for o in february) == [Decimal("6.1"), Decimal("6.4")]
    assert february.get(is_current=True).value == Decimal("6.4")


def test_year_and_reference_date_share_one_value(world) -> None:  # type: ignore[no-untyped-def]
    """``2023`` and ``31.12.2023`` are the same figure: the second is a revision, not a twin."""
    services.catalogue_ensure()
    text = "AGS;Jahr;Wert\n03999;2023;100\n"
    mapping = {
        "ags": "AGS",
        "period": "Jahr",
        "value": "Wert",
        "indicator_code": "population_31_12",
    }
    services.stats_import(user=None, body=None, data=text.encode(), mapping=mapping)
    again = text.replace("2023;100", "31.12.2023;101")
    result = services.stats_import(user=None, body=None, data=again.encode(), mapping=mapping)
    assert (result.new, result.revised) == (0, 1)
    current = Observation.objects.filter(indicator__code="population_31_12", is_current=True)
    assert [(o.period_kind, o.value) for o in current] == [("day", Decimal(101))]


def test_cli_prints_and_filters_months(monthly) -> None:  # type: ignore[no-untyped-def]
    Indicator.objects.filter(code="alq_test").update(shared=True)
    out = StringIO()
    call_command("observations", "--ags", "03999", "--indicator", "alq_test", stdout=out)
    lines = out.getvalue().splitlines()
    assert [line.split(";")[2] for line in lines[1:]] == [
        "2023-12",
        "2023",
        "2024-01",
        "2024-02",
        "2024-Q1",
    ]
    assert lines[3].startswith("alq_test;03999;2024-01;6,3;")
    out = StringIO()
    call_command("observations", "--ags", "03999", "--period", "Januar 2024", stdout=out)
    assert out.getvalue().splitlines()[1:] == [lines[3]]
    with pytest.raises(CommandError, match="2024-13"):
        call_command("observations", "--ags", "03999", "--period", "2024-13", stdout=StringIO())


def test_derived_indicator_per_month(world) -> None:  # type: ignore[no-untyped-def]
    """A ratio of two monthly indicators is computed per month, and kept a month."""
    body = world.a.body
    for code in ("num_m", "den_m"):
        services.indicator_create(
            user=None, body=body, code=code, data={"name_de": code, "unit": "persons"}
        )
    ratio = services.indicator_create(
        user=None,
        body=body,
        code="ratio_m",
        data={
            "name_de": "Quote (Testwerte)",
            "unit": "percent",
            "formula": "ratio",
            "numerator_indicator": Indicator.objects.get(code="num_m"),
            "denominator_indicator": Indicator.objects.get(code="den_m"),
            "factor": Decimal(100),
            "decimals": 1,
        },
    )
    text = "ags;period;value;ind\n03999;2024-01;5;num_m\n03999;2024-01;200;den_m\n"
    mapping = {"ags": "ags", "period": "period", "value": "value", "indicator": "ind"}
    result = services.stats_import(user=None, body=body, data=text.encode(), mapping=mapping)
    assert result.derived == 1
    value = Observation.objects.get(indicator=ratio, is_current=True)
    assert (value.value, value.period_label) == (Decimal("2.5"), "2024-01")
