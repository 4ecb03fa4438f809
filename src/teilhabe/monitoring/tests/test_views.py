"""The monitoring pages: public catalogue and series, coordinator-only import and targets."""

import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse

from teilhabe.core.models import Territory
from teilhabe.core.services import body_create
from teilhabe.monitoring import services
from teilhabe.monitoring.models import Indicator, Observation, Target

FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture
def data(world):  # type: ignore[no-untyped-def]
    """Catalogue and the real AZR and population figures (fixture files) imported."""
    services.catalogue_ensure()
    body_create(user=None, name="Landkreis Wesermarsch", kind="landkreis", ags="03461")
    for name in ("12521-0040_auslaender_kreise_latin1.csv", "ffcsv_12411_bevoelkerung.csv"):
        services.stats_import(
            user=None, body=None, data=(FIXTURES / name).read_bytes(), filename=name
        )
    return world


def url(world, name: str, **kwargs) -> str:  # type: ignore[no-untyped-def]
    return reverse(f"monitoring:{name}", kwargs={"body": world.a.body.slug, **kwargs})


def test_public_reads_catalogue_and_series(data, client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for("anonymous")
    page = client.get(url(data, "index"))
    assert page.status_code == 200
    assert "Ausländeranteil (berechnet)" in page.content.decode()
    assert "Targets" not in page.content.decode()
    page = client.get(url(data, "indicator_list"))
    assert "Bevölkerungsfortschreibung" in page.content.decode()
    page = client.get(url(data, "indicator_detail", code="foreigners_azr_31_12"))
    html = page.content.decode()
    assert page.status_code == 200
    assert '<svg role="img"' in html
    assert "Landkreis Wesermarsch" in html
    assert "10.155" in html or "10,155" in html
    page = client.get(url(data, "indicator_detail", code="foreigners_share"))
    html = page.content.decode()
    assert "11,37" in html or "11.37" in html
    assert "÷" in html  # the method is shown
    csv_response = client.get(url(data, "indicator_csv", code="foreigners_share"))
    text = csv_response.content.decode("utf-8-sig")
    assert "foreigners_share;03461;Landkreis Wesermarsch;2023;11,37;percent" in text


def test_compare_page(data, client_for) -> None:  # type: ignore[no-untyped-def]
    page = client_for("anonymous").get(url(data, "compare") + "?indicator=foreigners_share")
    html = page.content.decode()
    assert page.status_code == 200
    assert '<svg role="img"' in html
    assert "Landkreis Wesermarsch (03461)" in html
    assert "Niedersachsen (03)" in html
    assert "11,37" in html or "11.37" in html


def test_unknown_indicator_404(data, client_for) -> None:  # type: ignore[no-untyped-def]
    assert (
        client_for("anonymous").get(url(data, "indicator_detail", code="nope")).status_code == 404
    )


def test_unshared_indicator_only_for_members(data, client_for) -> None:  # type: ignore[no-untyped-def]
    services.indicator_create(
        user=None,
        body=data.a.body,
        code="sprachcafe",
        data={
            "name_de": "Sprachcafé-Teilnahmen",
            "unit": "persons",
            "kind": "output",
            "shared": False,
        },
    )
    target = url(data, "indicator_detail", code="sprachcafe")
    assert client_for("anonymous").get(target).status_code == 404
    assert client_for("coordinator_b").get(target).status_code == 404
    assert client_for("contributor_a").get(target).status_code == 200
    other = reverse(
        "monitoring:indicator_detail", kwargs={"body": data.b.body.slug, "code": "sprachcafe"}
    )
    assert client_for("coordinator_a").get(other).status_code == 404


@pytest.mark.parametrize(
    ("role", "status"),
    [("anonymous", 302), ("contributor_a", 403), ("coordinator_b", 403), ("coordinator_a", 200)],
)
def test_import_and_target_pages_for_coordinators(data, client_for, role, status) -> None:  # type: ignore[no-untyped-def]
    client = client_for(role)
    for name in ("stats_upload", "target_create", "indicator_create"):
        assert client.get(url(data, name)).status_code == status


def test_upload_preview_then_confirm(data, client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for("coordinator_a")
    path = FIXTURES / "12511-01-01-4_einbuergerungen_utf8bom.csv"
    with path.open("rb") as f:
        page = client.post(url(data, "stats_upload"), {"file": f})
    html = page.content.decode()
    assert page.status_code == 200
    assert "20 values" in html or "20 Werte" in html
    assert not Observation.objects.filter(indicator__code="einbuergerungen").exists()
    upload_id = page.context["upload_id"]
    assert f'name="upload" value="{upload_id}"' in html
    # another coordinator of the same body cannot import somebody else's upload
    other = client_for("coordinator_a2").post(url(data, "stats_upload"), {"upload": upload_id})
    assert other.status_code == 404
    page = client.post(url(data, "stats_upload"), {"upload": upload_id})
    assert page.status_code == 302
    assert Observation.objects.filter(indicator__code="einbuergerungen").count() == 20
    # the stashed file is gone: a second confirmation finds nothing
    assert client.post(url(data, "stats_upload"), {"upload": upload_id}).status_code == 404


def test_upload_bad_file_names_line(data, client_for) -> None:  # type: ignore[no-untyped-def]
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = (
        (FIXTURES / "12511-01-01-4_einbuergerungen_utf8bom.csv")
        .read_bytes()
        .replace(b";379", b";3 7 9")
    )
    page = client_for("coordinator_a").post(
        url(data, "stats_upload"), {"file": SimpleUploadedFile("bad.csv", bad)}
    )
    html = page.content.decode()
    assert 'role="alert"' in html
    assert "3 7 9" in html
    assert not Observation.objects.filter(indicator__code="einbuergerungen").exists()


def test_target_create_and_dashboard_status(data, client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for("coordinator_a")
    indicator = Indicator.objects.get(body=None, code="foreigners_azr_31_12")
    goal = data.a.items["goal"]
    response = client.post(
        url(data, "target_create"),
        {
            "indicator": indicator.pk,
            "territory": data.a.body.territory.pk,
            "link": f"goal:{goal.pk}",
            "target_value": "100",
            "due": "2027-12-31",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    target = Target.objects.get()
    assert target.goal == goal
    page = client_for("council_a").get(url(data, "index"))
    assert goal.title in page.content.decode()
    assert "no data" in page.content.decode() or "keine Daten" in page.content.decode()


def test_indicator_create_and_edit(data, client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for("coordinator_a")
    fields = {
        "code": "kurs_teilnahmen",
        "name_de": "Teilnahmen an Sprachkursen",
        "name_en": "Language course participants",
        "kind": "output",
        "unit": "persons",
        "level": "kreis",
        "frequency": "annual",
        "direction": "up",
        "shared": "on",
    }
    assert client.post(url(data, "indicator_create"), fields).status_code == 302
    indicator = Indicator.objects.get(body=data.a.body, code="kurs_teilnahmen")
    edit = url(data, "indicator_edit", code="kurs_teilnahmen")
    response = client.post(edit, fields | {"name_de": "Teilnahmen", "version": 1})
    assert response.status_code == 302
    indicator.refresh_from_db()
    assert indicator.name_de == "Teilnahmen"
    stale = client.post(edit, fields | {"name_de": "Anders", "version": 1})
    assert stale.status_code == 409
    assert client.get(url(data, "indicator_edit", code="population_31_12")).status_code == 404


def test_observation_period_year(db) -> None:  # type: ignore[no-untyped-def]
    services.catalogue_ensure()
    territory = Territory.objects.get(ags="03")
    obs = services.observation_record(
        user=None,
        indicator=Indicator.objects.get(body=None, code="population_31_12"),
        territory=territory,
        period=datetime.date(2023, 12, 31),
        value=Decimal(8008135),
        source="LSN",
    )
    assert obs.period_label == "2023"


def test_enter_value_of_own_output_indicator(data, client_for) -> None:  # type: ignore[no-untyped-def]
    services.indicator_create(
        user=None,
        body=data.a.body,
        code="sprachcafe",
        data={"name_de": "Sprachcafé-Teilnahmen", "unit": "persons", "kind": "output"},
    )
    target = url(data, "observation_create", code="sprachcafe")
    assert client_for("contributor_a").get(target).status_code == 403
    client = client_for("coordinator_a")
    form = {"territory": data.a.body.territory.pk, "period": "2024", "source": "Träger (Testwert)"}
    assert client.post(target, form).status_code == 200  # neither value nor reason
    assert client.post(target, form | {"value": "42"}).status_code == 302
    assert client.post(target, form | {"value": "45"}).status_code == 302
    obs = Observation.objects.get(indicator__code="sprachcafe", is_current=True)
    assert obs.value == Decimal(45)
    assert Observation.objects.filter(indicator__code="sprachcafe", is_current=False).count() == 1
    assert client.get(url(data, "observation_create", code="foreigners_share")).status_code == 404
