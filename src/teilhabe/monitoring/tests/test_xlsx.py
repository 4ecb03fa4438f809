"""Excel (XLSX) imports through the column mapping: reader, service, browser and CLI.

The fixture ``einbuergerungen_kreise.xlsx`` holds the real LSN naturalisation figures of
``12511-01-01-4_einbuergerungen_utf8bom.csv`` (see fixtures/README.md); workbooks built in a
test only change cells of a copy of it.
"""

import datetime
import io
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from teilhabe.monitoring import parsers, services
from teilhabe.monitoring.models import ImportBatch, Indicator, Observation, PendingUpload

FIXTURES = Path(__file__).resolve().parent / "fixtures"
XLSX = FIXTURES / "einbuergerungen_kreise.xlsx"
MAPPING = {"ags": "AGS", "period": "Jahr", "value": "Einbürgerungen", "area": "Gebiet"}
MAPPING_CODE = MAPPING | {"indicator_code": "einbuergerungen"}


def changed(cell: str, value: object) -> bytes:
    """The fixture workbook with one cell of the first sheet changed."""
    book = load_workbook(XLSX)
    book["Einbürgerungen"][cell] = value
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_reads_the_real_figures_with_leading_zeros_restored() -> None:
    parsed = parsers.parse_bytes(XLSX.read_bytes(), mapping=MAPPING_CODE)
    assert parsed.format == "xlsx"
    assert parsed.title == "Einbürgerungen"  # the sheet with the mapped columns
    assert len(parsed.values) == 20
    values = {(v.ags, v.period.year): v.value for v in parsed.values}
    # the same figures as the classic CSV sample (AGS stored as numbers: 3461 → 03461)
    assert values[("03461", 2023)] == Decimal(73)
    assert values[("03357", 2024)] == Decimal(379)
    assert values[("03", 2019)] == Decimal(10932)
    assert all(v.period_kind == "year" for v in parsed.values)
    assert parsed.values[0].line == 3  # row 1 is a title, row 2 the header


def test_same_values_as_the_csv_sample() -> None:
    csv_values = parsers.parse_bytes(
        (FIXTURES / "12511-01-01-4_einbuergerungen_utf8bom.csv").read_bytes()
    ).values
    xlsx_values = parsers.parse_bytes(XLSX.read_bytes(), mapping=MAPPING_CODE).values
    assert {(v.ags, v.period, v.value) for v in csv_values} == {
        (v.ags, v.period, v.value) for v in xlsx_values
    }


def test_error_names_sheet_row_and_column() -> None:
    data = changed("D7", "3 7 x")
    with pytest.raises(parsers.ParseError) as caught:
        parsers.parse_bytes(data, mapping=MAPPING_CODE)
    message = str(caught.value.issues[0])
    assert message == "Tabellenblatt „Einbürgerungen“, Zeile 7, Spalte D: „3 7 x“ ist keine Zahl."


def test_text_numbers_in_german_format_and_placeholders() -> None:
    book = load_workbook(io.BytesIO(changed("D3", "1.234,5")))
    book["Einbürgerungen"]["D4"] = "-"
    buffer = io.BytesIO()
    book.save(buffer)
    parsed = parsers.parse_bytes(buffer.getvalue(), mapping=MAPPING_CODE)
    assert parsed.values[0].value == Decimal("1234.5")
    assert (parsed.values[1].value, parsed.values[1].missing) == (None, "-")


def test_mapping_problems_are_named() -> None:
    data = XLSX.read_bytes()
    with translation.override("en"):
        with pytest.raises(parsers.ParseError, match="needs a column mapping"):
            parsers.parse_bytes(data)
        with pytest.raises(
            parsers.ParseError, match=r"no sheet “Tabelle1”.*Einbürgerungen, Quelle"
        ):
            parsers.parse_bytes(data, mapping=MAPPING_CODE | {"sheet": "Tabelle1"})
        with pytest.raises(parsers.ParseError, match=r"No sheet has the columns .*Monat"):
            parsers.parse_bytes(data, mapping=MAPPING_CODE | {"period": "Monat"})


def test_date_cells_are_days_or_months() -> None:
    book = load_workbook(XLSX)
    sheet = book["Einbürgerungen"]
    sheet["C3"] = datetime.datetime(2019, 12, 31)
    sheet["C3"].number_format = "DD.MM.YYYY"
    sheet["C4"] = datetime.datetime(2019, 3, 1)
    sheet["C4"].number_format = "MM/YYYY"
    buffer = io.BytesIO()
    book.save(buffer)
    parsed = parsers.parse_bytes(buffer.getvalue(), mapping=MAPPING_CODE)
    first, second = parsed.values[0], parsed.values[1]
    assert (first.period, first.period_kind) == (datetime.date(2019, 12, 31), "day")
    assert (second.period, second.period_kind) == (datetime.date(2019, 3, 31), "month")


@pytest.fixture
def catalogue(world):  # type: ignore[no-untyped-def]
    services.catalogue_ensure()
    return world


def test_import_is_all_or_nothing_and_idempotent(catalogue) -> None:  # type: ignore[no-untyped-def]
    user = catalogue.users["coordinator_a"]
    with pytest.raises(ValidationError):
        services.stats_import(
            user=user, body=None, data=changed("D22", "viele"), mapping=MAPPING_CODE
        )
    assert not Observation.objects.exists()
    first = services.stats_import(
        user=user, body=None, data=XLSX.read_bytes(), filename=XLSX.name, mapping=MAPPING_CODE
    )
    assert (first.new, first.matched[0][0]) == (20, "einbuergerungen")
    batch = ImportBatch.objects.get()
    assert batch.format == "xlsx"
    assert "Einbürgerungen" in batch.source
    again = services.stats_import(
        user=user, body=None, data=XLSX.read_bytes(), filename=XLSX.name, mapping=MAPPING_CODE
    )
    assert (again.new, again.revised, again.unchanged) == (0, 0, 20)
    assert Observation.objects.filter(is_current=True).count() == 20


def test_unknown_indicator_names_the_sheet(catalogue) -> None:  # type: ignore[no-untyped-def]
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        services.stats_import(
            user=None,
            body=None,
            data=XLSX.read_bytes(),
            mapping=MAPPING | {"indicator_code": "no_such_indicator"},
        )
    assert caught.value.messages[0].startswith("Sheet “Einbürgerungen”, row 3, column D:")
    assert not Indicator.objects.filter(code="no_such_indicator").exists()


def test_browser_preview_then_import(catalogue, client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for("coordinator_a")
    target = reverse("monitoring:stats_upload", kwargs={"body": catalogue.a.body.slug})
    page = client.post(
        target,
        {
            "file": SimpleUploadedFile(XLSX.name, XLSX.read_bytes()),
            "ags_column": "AGS",
            "period_column": "Jahr",
            "value_column": "Einbürgerungen",
            "indicator_code": "einbuergerungen",
        },
    )
    html = page.content.decode()
    assert page.status_code == 200, html[:2000]
    assert "20 values" in html or "20 Werte" in html
    assert not Observation.objects.exists()
    stash = PendingUpload.objects.get()
    assert bytes(stash.data) == XLSX.read_bytes()
    assert stash.mapping["indicator_code"] == "einbuergerungen"
    assert client.post(target, {"upload": str(stash.public_id)}).status_code == 302
    assert Observation.objects.filter(indicator__code="einbuergerungen").count() == 20
    assert not PendingUpload.objects.exists()


def test_browser_shows_sheet_row_column(catalogue, client_for) -> None:  # type: ignore[no-untyped-def]
    page = client_for("coordinator_a").post(
        reverse("monitoring:stats_upload", kwargs={"body": catalogue.a.body.slug}),
        {
            "file": SimpleUploadedFile("bad.xlsx", changed("D9", "zwölf")),
            "ags_column": "AGS",
            "period_column": "Jahr",
            "value_column": "Einbürgerungen",
            "indicator_code": "einbuergerungen",
        },
    )
    html = page.content.decode()
    assert 'role="alert"' in html
    assert "Einbürgerungen" in html and "zwölf" in html and "D" in html
    assert not PendingUpload.objects.exists()


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_cli_imports_xlsx_with_mapping(catalogue) -> None:  # type: ignore[no-untyped-def]
    maps = [f"--map={k}={v}" for k, v in MAPPING_CODE.items()]
    out = run("stats_import", str(XLSX), *maps, "--dry-run")
    assert "(xlsx): würde importieren: 20 Werte" in out
    assert not Observation.objects.exists()
    out = run("stats_import", str(XLSX), *maps, "--sheet", "Einbürgerungen")
    assert "importiert: 20 Werte – 20 neu" in out
    out = run("observations", "--ags", "03461", "--indicator", "einbuergerungen")
    assert "einbuergerungen;03461;2023;73;" in out
    with pytest.raises(CommandError):
        run("stats_import", str(XLSX))  # an Excel file needs the mapping
    with pytest.raises(CommandError, match="--map nonsense"):
        run("stats_import", str(XLSX), "--map", "nonsense")
