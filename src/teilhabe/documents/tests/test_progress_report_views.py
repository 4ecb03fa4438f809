"""The Sachstandsbericht in the browser and from the command line: create, show, download,
the Mitteilungsvorlage with the report attached, and bad input."""

import io
from pathlib import Path
from typing import Any

import pytest
from conftest import World
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from docx import Document

from teilhabe.core.models import AuditEntry
from teilhabe.council import services as council_services
from teilhabe.council.models import Consultation, File, Paper
from teilhabe.tracking.models import ProgressReport

from .conftest import load_pdf_text
from .test_progress_report import ReportWorld, build_report_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def report_world(world: World) -> ReportWorld:
    return build_report_world(world)


def _url(name: str, rw: ReportWorld, **kwargs: Any) -> str:
    return reverse(f"documents:{name}", kwargs={"body": rw.world.a.body.slug, **kwargs})


def _create(client: Any, rw: ReportWorld, **data: str) -> Any:
    form = {
        "edition": str(rw.edition.pk),
        "period_from": "2024-01-01",
        "period_to": "2024-12-31",
        "field": "",
    } | data
    return client.post(_url("report_create", rw), form)


def test_coordinator_creates_views_and_downloads(
    report_world: ReportWorld, client_for: Any
) -> None:
    rw = report_world
    client = client_for("coordinator_a")
    response = _create(client, rw)
    report = ProgressReport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _url("report_detail", rw, report=report.public_id)
    assert report.title == "Sachstandsbericht 01.01.2024 – 31.12.2024"
    assert report.created_by == rw.world.users["coordinator_a"]
    assert AuditEntry.objects.filter(
        object_type="tracking.progressreport", object_id=report.public_id, action="create"
    ).exists()

    page = client.get(response["Location"]).content.decode()
    assert "<h1>Sachstandsbericht 01.01.2024 – 31.12.2024</h1>" in page
    assert page.count("<h1") == 1
    assert 'role="img"' in page  # the chart, next to its table
    assert "<caption>Maßnahmen nach Ampelstatus</caption>" in page
    assert "1.006.000\u00a0€" in page
    assert "Elternkurse Alpha" in page

    listing = client.get(_url("report_list", rw)).content.decode()
    assert report.title in listing

    docx = client.get(_url("report_download", rw, report=report.public_id, fmt="docx"))
    assert docx["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "Sachstandsbericht" in [p.text for p in Document(io.BytesIO(docx.content)).paragraphs]
    pdf = client.get(_url("report_download", rw, report=report.public_id, fmt="pdf"))
    assert "Elternkurse Alpha" in load_pdf_text(pdf.content)
    assert (
        client.get(_url("report_download", rw, report=report.public_id, fmt="odt")).status_code
        == 404
    )


def test_the_page_shows_the_snapshot_not_todays_data(
    report_world: ReportWorld, client_for: Any
) -> None:
    from teilhabe.concepts import services as concept_services

    rw = report_world
    client = client_for("coordinator_a")
    _create(client, rw)
    report = ProgressReport.objects.get()
    concept_services.item_update(
        user=rw.world.users["coordinator_a"],
        item=rw.parents,
        expected_version=rw.parents.version,
        data={"title": "Neuer Titel nach dem Bericht"},
    )
    page = client.get(_url("report_detail", rw, report=report.public_id)).content.decode()
    assert "Elternkurse Alpha" in page
    assert "Neuer Titel nach dem Bericht" not in page


@pytest.mark.parametrize("role", ["contributor_a", "council_a"])
def test_members_read_but_do_not_create(
    role: str, report_world: ReportWorld, client_for: Any
) -> None:
    rw = report_world
    _create(client_for("coordinator_a"), rw)
    report = ProgressReport.objects.get()
    client = client_for(role)
    page = client.get(_url("report_detail", rw, report=report.public_id))
    assert page.status_code == 200
    assert "Mitteilungsvorlage erstellen" not in page.content.decode()
    assert client.get(_url("report_create", rw)).status_code == 403
    assert _create(client, rw).status_code == 403
    assert client.post(_url("report_paper", rw, report=report.public_id)).status_code == 403
    assert ProgressReport.objects.count() == 1


def test_other_districts_never_see_a_report(report_world: ReportWorld, client_for: Any) -> None:
    rw = report_world
    _create(client_for("coordinator_a"), rw)
    report = ProgressReport.objects.get()
    other = client_for("coordinator_b")
    assert other.get(_url("report_detail", rw, report=report.public_id)).status_code == 403
    via_b = reverse(
        "documents:report_detail", kwargs={"body": rw.world.b.body.slug, "report": report.public_id}
    )
    assert other.get(via_b).status_code == 404
    anonymous = client_for("anonymous").get(_url("report_list", rw))
    assert anonymous.status_code == 302


def test_bad_input_is_named(report_world: ReportWorld, client_for: Any) -> None:
    rw = report_world
    client = client_for("coordinator_a")
    wrong_order = _create(client, rw, period_from="2024-12-31", period_to="2024-01-01")
    assert wrong_order.status_code == 200
    text = wrong_order.content.decode()
    assert "Zeitraum bis" in text
    assert "Das Ende des Zeitraums (01.01.2024) liegt vor seinem Beginn (31.12.2024)." in text
    bad_date = _create(client, rw, period_from="31.02.2024")
    assert "Zeitraum von" in bad_date.content.decode()
    assert "Geben Sie das Datum als TT.MM.JJJJ ein" in bad_date.content.decode()
    german = _create(client, rw, period_from="01.01.2024", period_to="30.06.2024")
    assert german.status_code == 302  # German dates are understood
    foreign_field = _create(client, rw, field=str(rw.world.a.draft_items["field"].pk))
    assert foreign_field.status_code == 200
    assert ProgressReport.objects.count() == 1


def _council(rw: ReportWorld) -> None:
    user, body = rw.world.users["coordinator_a"], rw.world.a.body
    council_services.organization_create(
        user=user,
        body=body,
        data={"name": "Ausschuss für Soziales und Integration", "classification": "Ausschuss"},
    )


def test_mitteilungsvorlage_with_the_report_attached(
    report_world: ReportWorld, client_for: Any
) -> None:
    rw = report_world
    client = client_for("coordinator_a")
    _create(client, rw)
    report = ProgressReport.objects.get()
    detail = _url("report_detail", rw, report=report.public_id)
    assert "Mitteilungsvorlage erstellen" not in client.get(detail).content.decode()
    refused = client.post(_url("report_paper", rw, report=report.public_id))
    assert refused.status_code == 302 and not Paper.objects.exists()

    _council(rw)
    assert "Mitteilungsvorlage erstellen" in client.get(detail).content.decode()
    response = client.post(_url("report_paper", rw, report=report.public_id))
    paper = Paper.objects.get()
    assert response["Location"] == reverse(
        "council:paper_detail", kwargs={"body": rw.world.a.body.slug, "paper": paper.public_id}
    )
    paper_page = client.get(response["Location"])
    assert paper_page.status_code == 200
    assert "Sachstandsbericht 01.01.2024 – 31.12.2024 (PDF)" in paper_page.content.decode()
    assert paper.paper_type == Paper.PaperType.COMMUNICATION
    assert not paper.public
    assert "Von 4 Maßnahmen sind" in paper.facts
    [step] = Consultation.objects.filter(paper=paper)
    assert step.role == Consultation.Role.NOTICE
    files = {f.file_name: f for f in File.objects.filter(paper=paper)}
    assert set(files) == {
        "Sachstandsbericht 01.01.2024 – 31.12.2024.docx",
        "Sachstandsbericht 01.01.2024 – 31.12.2024.pdf",
    }
    pdf_file = files["Sachstandsbericht 01.01.2024 – 31.12.2024.pdf"]
    stored = pdf_file.content.open("rb").read()
    assert pdf_file.size == len(stored) and len(pdf_file.sha512) == 128
    assert "Elternkurse Alpha" in load_pdf_text(stored)
    download = client.get(
        reverse(
            "documents:file_download",
            kwargs={"body": rw.world.a.body.slug, "file": pdf_file.public_id},
        )
    )
    assert b"".join(download.streaming_content) == stored
    assert AuditEntry.objects.filter(object_type="council.file", action="create").count() == 2
    # contributors do not see the non-public paper's files
    hidden = client_for("contributor_a").get(
        reverse("documents:file", kwargs={"body": rw.world.a.body.slug, "file": pdf_file.public_id})
    )
    assert hidden.status_code == 404


# --- the command line -----------------------------------------------------------------------


def test_cli_writes_docx_and_pdf(report_world: ReportWorld, tmp_path: Path) -> None:
    rw = report_world
    out = io.StringIO()
    target = tmp_path / "bericht.docx"
    call_command(
        "progress_report",
        "--body", rw.world.a.body.ags,
        "--from", "01.01.2024",
        "--to", "2024-12-31",
        "--format", "docx",
        "--output", str(target),
        stdout=out,
    )  # fmt: skip
    assert "geschrieben" in out.getvalue()
    paragraphs = [p.text for p in Document(str(target)).paragraphs]
    assert "Berichtszeitraum: 01.01.2024 – 31.12.2024" in paragraphs
    report = ProgressReport.objects.get()
    assert report.created_by is None
    assert AuditEntry.objects.get(object_id=report.public_id).agent == "cli"

    pdf = tmp_path / "arbeit.pdf"
    call_command(
        "progress_report",
        "--body", rw.world.a.body.ags,
        "--from", "01.01.2024",
        "--to", "31.12.2024",
        "--format", "pdf",
        "--field", rw.work.key,
        "--output", str(pdf),
        stdout=io.StringIO(),
    )  # fmt: skip
    text = load_pdf_text(pdf.read_bytes())
    assert "Jobcoaching Alpha" in text
    assert "Sprachcafé Alpha" not in text  # another field of action
    assert ProgressReport.objects.filter(field=rw.work).count() == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--body", "09999"], "keine Körperschaft mit dem AGS „09999“"),
        (["--from", "31.12.2024", "--to", "01.01.2024"], "liegt vor seinem Beginn"),
        (["--from", "32.01.2024"], "--from: „32.01.2024“ ist kein gültiges Datum"),
        (["--to", "morgen"], "--to: „morgen“ ist kein gültiges Datum"),
        (["--field", "gibt-es-nicht"], "kein Handlungsfeld mit dem Schlüssel „gibt-es-nicht“"),
        (["--output", "/nicht/da/bericht.pdf"], "Das Verzeichnis „/nicht/da“ gibt es nicht"),
    ],
)
def test_cli_refuses_bad_input(
    args: list[str], message: str, report_world: ReportWorld, tmp_path: Path
) -> None:
    options = {
        "--body": report_world.world.a.body.ags,
        "--from": "01.01.2024",
        "--to": "31.12.2024",
        "--format": "pdf",
        "--output": str(tmp_path / "b.pdf"),
    }
    options.update(dict(zip(args[::2], args[1::2], strict=True)))
    argv = [item for pair in options.items() for item in pair]
    with pytest.raises(CommandError) as error:
        call_command("progress_report", *argv)
    assert message in str(error.value)
    assert not ProgressReport.objects.exists()
