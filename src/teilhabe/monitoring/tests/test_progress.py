"""The browser import with progress: the stream of JSON lines, all or nothing.

The large file is made up (test input for the made-up district "Landkreis Alpha", AGS
03999, and made-up municipality codes below it), not figures of a real district.
"""

import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from teilhabe.monitoring import services
from teilhabe.monitoring.models import ImportBatch, Observation, PendingUpload

FIXTURES = Path(__file__).resolve().parent / "fixtures"
NATURALISATIONS = FIXTURES / "12511-01-01-4_einbuergerungen_utf8bom.csv"


def events(response) -> list[dict]:  # type: ignore[no-untyped-def]
    assert response["Content-Type"].startswith("application/x-ndjson")
    text = b"".join(response.streaming_content).decode()
    return [json.loads(line) for line in text.splitlines()]


def run_url(world) -> str:  # type: ignore[no-untyped-def]
    return reverse("monitoring:stats_import_run", kwargs={"body": world.a.body.slug})


def upload_url(world) -> str:  # type: ignore[no-untyped-def]
    return reverse("monitoring:stats_upload", kwargs={"body": world.a.body.slug})


@pytest.fixture
def catalogue(world):  # type: ignore[no-untyped-def]
    services.catalogue_ensure()
    return world


def test_preview_then_stream_imports_with_progress(catalogue, client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for("coordinator_a")
    with NATURALISATIONS.open("rb") as f:
        page = client.post(upload_url(catalogue), {"file": f})
    html = page.content.decode()
    assert 'data-stream-url="' + run_url(catalogue) + '"' in html
    assert "monitoring-import.js" in html
    upload_id = page.context["upload_id"]
    got = events(client.post(run_url(catalogue), {"upload": upload_id}))
    phases = [e["phase"] for e in got]
    assert phases[0] == "read" and phases[-1] == "done"
    assert phases.index("check") < phases.index("write") < phases.index("done")
    assert got[-1]["new"] == 20 and got[-1]["rows"] == 20
    assert got[-1]["redirect"] == reverse(
        "monitoring:index", kwargs={"body": catalogue.a.body.slug}
    )
    assert Observation.objects.filter(indicator__code="einbuergerungen").count() == 20
    assert not PendingUpload.objects.exists()


def large_file(rows_per_area: int = 400, areas: int = 30) -> bytes:
    lines = ["ags;period;value"]
    for area in range(areas):
        ags = f"03999{area + 1:03d}"
        for month in range(rows_per_area):
            lines.append(f"{ags};{1990 + month // 12}-{month % 12 + 1:02d};{month % 97},{area}")
    return ("\n".join(lines) + "\n").encode()


def test_large_file_reports_progress_in_chunks(catalogue, client_for) -> None:  # type: ignore[no-untyped-def]
    services.indicator_create(
        user=None,
        body=catalogue.a.body,
        code="gross",
        data={"name_de": "Große Testreihe", "unit": "count", "frequency": "monthly"},
    )
    user = catalogue.users["coordinator_a"]
    upload = services.upload_stash(
        user=user,
        body=catalogue.a.body,
        data=large_file(),
        filename="gross.csv",
        mapping={"ags": "ags", "period": "period", "value": "value", "indicator_code": "gross"},
    )
    got = events(client_for("coordinator_a").post(run_url(catalogue), {"upload": upload.public_id}))
    by_phase: dict[str, list[dict]] = {}
    for event in got:
        by_phase.setdefault(event["phase"], []).append(event)
    # reading reports every 10,000 lines, checking and writing every 5,000 values
    assert any(0 < e["done"] < e["total"] for e in by_phase["read"])
    assert [e["done"] for e in by_phase["check"]] == [5000, 10000, 12000]
    assert [e["done"] for e in by_phase["write"]] == [5000, 10000, 12000]
    assert all(e["total"] == 12000 for e in by_phase["write"])
    assert got[-1]["phase"] == "done" and got[-1]["new"] == 12000
    assert Observation.objects.filter(indicator__code="gross", period_kind="month").count() == 12000


def test_error_in_stream_saves_nothing(catalogue, client_for) -> None:  # type: ignore[no-untyped-def]
    user = catalogue.users["coordinator_a"]
    bad = NATURALISATIONS.read_bytes().replace(b";379", b";3 7 9")
    upload = services.upload_stash(
        user=user, body=catalogue.a.body, data=bad, filename="bad.csv", mapping=None
    )
    got = events(client_for("coordinator_a").post(run_url(catalogue), {"upload": upload.public_id}))
    assert got[-1]["phase"] == "error"
    assert any("3 7 9" in message for message in got[-1]["errors"])
    assert not Observation.objects.exists()
    assert not ImportBatch.objects.exists()


def test_closed_stream_rolls_back(catalogue, client_for) -> None:  # type: ignore[no-untyped-def]
    """The browser goes away while the values are written: nothing stays."""
    services.indicator_create(
        user=None, body=catalogue.a.body, code="gross", data={"name_de": "G", "unit": "count"}
    )
    upload = services.upload_stash(
        user=catalogue.users["coordinator_a"],
        body=catalogue.a.body,
        data=large_file(),
        filename="gross.csv",
        mapping={"ags": "ags", "period": "period", "value": "value", "indicator_code": "gross"},
    )
    stream = services.import_events(user=catalogue.users["coordinator_a"], upload=upload)
    for event in stream:
        if event["phase"] == "write":
            assert Observation.objects.filter(indicator__code="gross").count() == 5000
            break
    stream.close()  # what the server does when the connection is gone
    assert not Observation.objects.filter(indicator__code="gross").exists()
    assert not ImportBatch.objects.exists()
    assert PendingUpload.objects.filter(pk=upload.pk).exists()


@pytest.mark.parametrize(
    ("role", "status"), [("anonymous", 302), ("contributor_a", 403), ("coordinator_b", 403)]
)
def test_stream_only_for_coordinators(catalogue, client_for, role, status) -> None:  # type: ignore[no-untyped-def]
    upload = services.upload_stash(
        user=catalogue.users["coordinator_a"],
        body=catalogue.a.body,
        data=NATURALISATIONS.read_bytes(),
        filename="n.csv",
        mapping=None,
    )
    response = client_for(role).post(run_url(catalogue), {"upload": upload.public_id})
    assert response.status_code == status
    assert not Observation.objects.exists()


def test_stream_needs_own_upload_and_post(catalogue, client_for) -> None:  # type: ignore[no-untyped-def]
    upload = services.upload_stash(
        user=catalogue.users["coordinator_a"],
        body=catalogue.a.body,
        data=NATURALISATIONS.read_bytes(),
        filename="n.csv",
        mapping=None,
    )
    other = client_for("coordinator_a2")
    assert other.post(run_url(catalogue), {"upload": upload.public_id}).status_code == 404
    assert other.post(run_url(catalogue), {"upload": "not-a-uuid"}).status_code == 404
    assert client_for("coordinator_a").get(run_url(catalogue)).status_code == 405
    assert not Observation.objects.exists()


def test_preview_form_stashes_only_good_files(catalogue, client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for("coordinator_a")
    bad = SimpleUploadedFile("x.csv", b"no;layout\n1;2\n")
    page = client.post(upload_url(catalogue), {"file": bad})
    assert 'role="alert"' in page.content.decode()
    assert not PendingUpload.objects.exists()
