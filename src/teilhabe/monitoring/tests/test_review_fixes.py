"""Fixes of the review: a damaged workbook, year 0, the latest of a year and its December,
the chart of several reference dates a year, a second import of the same upload.

The values are made-up test input for the made-up district "Landkreis Alpha" (AGS 03999).
"""

import datetime
import io
import zipfile
from decimal import Decimal

import pytest
from django.utils.translation import gettext
from openpyxl import Workbook

from teilhabe.core import charts
from teilhabe.monitoring import parsers, selectors, series, services
from teilhabe.monitoring.models import ImportBatch, Indicator, Observation, PendingUpload

D = datetime.date
ONCE = "This file has been imported already."  # new msgid, German to come


def description() -> str:
    return gettext(
        "Line chart of the values per period and territory; the same numbers are in the "
        "table below."
    )


def _damaged_workbook() -> bytes:
    """A valid ZIP container whose sheet XML is cut off in the middle."""
    book = Workbook()
    sheet = book.worksheets[0]
    sheet.append(["ags", "jahr", "wert"])
    sheet.append(["03999", "2023", 5])
    buffer = io.BytesIO()
    book.save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name in source.namelist():
            data = source.read(name)
            target.writestr(name, data[: len(data) // 2] if name.endswith("sheet1.xml") else data)
    return out.getvalue()


def test_damaged_sheet_is_a_message_not_a_traceback() -> None:
    mapping = {"ags": "ags", "period": "jahr", "value": "wert", "indicator_code": "x"}
    with pytest.raises(parsers.ParseError) as caught:
        parsers.parse_bytes(_damaged_workbook(), filename="a.xlsx", mapping=mapping)
    assert str(caught.value) == "Zeile 1: Die Datei ist keine lesbare Excel-Arbeitsmappe (XLSX)."


def test_year_zero_is_not_a_period() -> None:
    with pytest.raises(ValueError) as caught:
        parsers.parse_period_kind("0000")
    assert str(caught.value).startswith("„0000“ ist kein Zeitraum")


@pytest.fixture
def year_and_december(world):  # type: ignore[no-untyped-def]
    """The year 2023 imported before its December: both end on 31.12.2023."""
    indicator = services.indicator_create(
        user=None,
        body=world.a.body,
        code="alq_review",
        data={"name_de": "Quote (Testwerte)", "unit": "percent", "shared": True},
    )
    text = "AGS;Zeit;Wert\n03999;2023;5,8\n03999;2023-12;6,0\n"
    mapping = {"ags": "AGS", "period": "Zeit", "value": "Wert", "indicator_code": "alq_review"}
    services.stats_import(user=None, body=world.a.body, data=text.encode(), mapping=mapping)
    return indicator


def test_latest_of_a_year_and_its_december_is_the_year(world, year_and_december) -> None:  # type: ignore[no-untyped-def]
    territory = world.a.body.territory
    latest = selectors.comparison(indicators=[year_and_december], territories=[territory])
    assert latest[(year_and_december.pk, territory.pk)].period_label == "2023"
    # the series agrees: the year is the last column
    assert series.build(year_and_december, [territory], chart=False).years == ["2023-12", "2023"]


def test_chart_of_several_reference_dates_a_year(world) -> None:  # type: ignore[no-untyped-def]
    """Two reference dates in one year are two points with two ticks, not one year tick."""
    indicator = services.indicator_create(
        user=None,
        body=world.a.body,
        code="stichtag",
        data={"name_de": "Stichtag (Testwerte)", "unit": "persons"},
    )
    text = "AGS;Tag;Wert\n03999;30.06.2023;10\n03999;31.12.2023;12\n"
    mapping = {"ags": "AGS", "period": "Tag", "value": "Wert", "indicator_code": "stichtag"}
    services.stats_import(user=None, body=world.a.body, data=text.encode(), mapping=mapping)
    table = series.build(indicator, [world.a.body.territory])
    assert table.years == ["30.06.2023", "31.12.2023"]
    assert table.chart.count('id="xtick_') == 2
    assert table.chart == charts.line_chart_svg(
        series=[
            (
                world.a.body.territory.name,
                [(D(2023, 6, 30).toordinal(), 10.0), (D(2023, 12, 31).toordinal(), 12.0)],
            )
        ],
        title="Stichtag (Testwerte)",
        description=description(),
        y_label=indicator.get_unit_display(),
        x_ticks=[
            (D(2023, 6, 30).toordinal(), "30.06.2023"),
            (D(2023, 12, 31).toordinal(), "31.12.2023"),
        ],
    )


def test_yearly_chart_keeps_a_tick_per_year(world) -> None:  # type: ignore[no-untyped-def]
    indicator = services.indicator_create(
        user=None,
        body=world.a.body,
        code="zeitreihe",
        data={"name_de": "Jahre (Testwerte)", "unit": "persons"},
    )
    text = "AGS;Jahr;Wert\n03999;2021;1\n03999;2022;2\n03999;2023;3\n"
    mapping = {"ags": "AGS", "period": "Jahr", "value": "Wert", "indicator_code": "zeitreihe"}
    services.stats_import(user=None, body=world.a.body, data=text.encode(), mapping=mapping)
    table = series.build(indicator, [world.a.body.territory])
    assert table.chart.count('id="xtick_') == 3
    name = world.a.body.territory.name
    assert table.chart == charts.line_chart_svg(
        series=[(name, [(2021, 1.0), (2022, 2.0), (2023, 3.0)])],
        title="Jahre (Testwerte)",
        description=description(),
        y_label=indicator.get_unit_display(),
    )


def test_an_upload_is_imported_once(world) -> None:  # type: ignore[no-untyped-def]
    """A second click (or tab) on the same preview imports nothing a second time."""
    services.indicator_create(
        user=None,
        body=world.a.body,
        code="einmal",
        data={"name_de": "Einmal (Testwerte)", "unit": "persons"},
    )
    user = world.users["coordinator_a"]
    upload = services.upload_stash(
        user=user,
        body=world.a.body,
        data=b"AGS;Jahr;Wert\n03999;2023;7\n",
        filename="e.csv",
        mapping={"ags": "AGS", "period": "Jahr", "value": "Wert", "indicator_code": "einmal"},
    )
    stale = PendingUpload.objects.get(pk=upload.pk)
    services.upload_import(user=user, upload=upload)
    with pytest.raises(Exception) as caught:
        services.upload_import(user=user, upload=stale)
    assert caught.value.messages == [gettext(ONCE)]  # type: ignore[attr-defined]
    events = list(services.import_events(user=user, upload=stale))
    assert events[-1] == {"phase": "error", "errors": [gettext(ONCE)]}
    assert ImportBatch.objects.filter(filename="e.csv").count() == 1
    assert Observation.objects.filter(indicator__code="einmal").count() == 1


def test_target_status_takes_the_year_over_its_december(world, year_and_december) -> None:  # type: ignore[no-untyped-def]
    from teilhabe.monitoring.models import Target

    target = Target(
        body=world.a.body,
        indicator=year_and_december,
        territory=world.a.body.territory,
        target_value=Decimal("5.9"),
        due=D(2030, 12, 31),
    )
    status = selectors.target_status(target, D(2024, 1, 1))
    assert status.latest is not None and status.latest.period_label == "2023"
    assert Indicator.objects.filter(code="alq_review").exists()
