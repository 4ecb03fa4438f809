"""The reception pages as every role: anonymous, another district's coordinator, the
district's contributor and coordinator, and the state office."""

import datetime

import pytest
from django.urls import reverse

from teilhabe.core.models import Territory
from teilhabe.reception import assignments, services
from teilhabe.reception.models import Assignment, DistributionPeriod

pytestmark = pytest.mark.django_db

MARKER_A = "ZUWEISUNG-GEHEIM-A"
MARKER_B = "ZUWEISUNG-GEHEIM-B"


@pytest.fixture
def published(rworld):
    period = rworld.period
    services.quota_allocate(user=None, period=period)
    for ags, marker in (("03990", MARKER_A), ("03991", MARKER_B)):
        assignments.assignment_record(
            user=None,
            period=period,
            territory=Territory.objects.get(ags=ags),
            date=datetime.date(2024, 11, 4),
            persons=7,
            note=marker,
        )
    services.period_publish(user=None, period=period)
    return rworld


def url(name, world, **kwargs):
    kwargs.setdefault("body", world.land.slug)
    if name.startswith(("period", "quota", "assignment", "credit")) and name != "period_create":
        kwargs.setdefault("period", world.period.public_id)
    return reverse(f"reception:{name}", kwargs=kwargs)


@pytest.mark.parametrize("role", ["anonymous", "coordinator_b", "coordinator_a", "state"])
def test_published_quotas_are_public_with_chart_and_table(published, role):
    page = published.client(role).get(url("period_detail", published))
    assert page.status_code == 200
    html = page.content.decode()
    assert html.count("<h1") == 1
    assert '<svg role="img"' in html and '<title id="chart-title">' in html
    assert "Landkreis Testheide" in html and "571" in html
    explanation = published.client(role).get(url("quota_detail", published, ags="03990"))
    assert explanation.status_code == 200
    assert "Rang 3 von 3" in explanation.content.decode()  # the German UI


@pytest.mark.parametrize(
    ("role", "sees"),
    [
        ("anonymous", set()),
        ("coordinator_b", {MARKER_B}),
        ("contributor_a", {MARKER_A}),
        ("coordinator_a", {MARKER_A}),
        ("state", {MARKER_A, MARKER_B}),
    ],
)
def test_assignments_only_for_own_district(published, role, sees):
    client = published.client(role)
    pages = [
        client.get(url("period_detail", published)),
        client.get(url("quota_detail", published, ags="03990")),
        client.get(url("quota_detail", published, ags="03991")),
    ]
    listing = client.get(url("assignment_list", published))
    if role == "anonymous":
        assert listing.status_code == 302
    else:
        assert listing.status_code == 200
        pages.append(listing)
    text = "".join(p.content.decode() for p in pages)
    for marker in (MARKER_A, MARKER_B):
        assert (marker in text) == (marker in sees), (role, marker)


def test_draft_period_hidden_from_districts_and_public(rworld):
    for role, status in (
        ("anonymous", 404),
        ("coordinator_a", 404),
        ("coordinator_b", 404),
        ("state", 200),
    ):
        assert rworld.client(role).get(url("period_detail", rworld)).status_code == status, role
    assert (
        "Verteilzeitraum Test"
        not in rworld.client("anonymous").get(url("index", rworld)).content.decode()
    )


@pytest.mark.parametrize("role", ["coordinator_a", "coordinator_b"])
def test_districts_may_not_manage_the_state_period(rworld, role):
    client = rworld.client(role)
    assert client.post(url("period_allocate", rworld)).status_code == 404  # draft: not visible
    assert client.get(url("period_create", rworld)).status_code == 403
    assert client.get(url("population_import", rworld)).status_code == 403


def test_state_office_computes_and_publishes(rworld):
    client = rworld.client("state")
    response = client.post(url("period_allocate", rworld))
    assert response.status_code == 302
    assert rworld.period.quotas.count() == 3
    client.post(url("period_publish", rworld))
    rworld.period.refresh_from_db()
    assert rworld.period.state == DistributionPeriod.State.PUBLISHED


def test_state_office_creates_a_period(rworld):
    response = rworld.client("state").post(
        url("period_create", rworld),
        {
            "name": "1. Halbjahr 2025",
            "start": "2025-04-01",
            "end": "2025-09-30",
            "total": "500",
            "key": rworld.key.pk,
        },
    )
    assert response.status_code == 302
    assert DistributionPeriod.objects.filter(name="1. Halbjahr 2025").exists()
    bad = rworld.client("state").post(
        url("period_create", rworld),
        {
            "name": "x",
            "start": "2025-04-01",
            "end": "2025-09-30",
            "total": "-1",
            "key": rworld.key.pk,
        },
    )
    assert bad.status_code == 200
    assert not DistributionPeriod.objects.filter(name="x").exists()


def test_district_records_own_assignment_not_another(published):
    client = published.client("coordinator_a")
    form = client.get(url("assignment_create", published))
    assert form.status_code == 200
    html = form.content.decode()
    assert "Landkreis Testheide" in html and "Landkreis Probemoor" not in html
    other = Territory.objects.get(ags="03991")
    response = client.post(
        url("assignment_create", published),
        {"territory": other.pk, "date": "2024-11-10", "persons": "3"},
    )
    assert response.status_code == 200  # refused: not a choice
    assert Assignment.objects.filter(territory=other).count() == 1
    own = Territory.objects.get(ags="03990")
    response = client.post(
        url("assignment_create", published),
        {"territory": own.pk, "date": "2024-11-10", "persons": "3"},
    )
    assert response.status_code == 302
    assert (
        published.client("contributor_a").get(url("assignment_create", published)).status_code
        == 403
    )


def test_csv_upload_with_preview_then_import(published):
    client = published.client("state")
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile(
        "z.csv", "ags;datum;personen;bemerkung\r\n03991;12.11.2024;4;KW 46\r\n".encode("cp1252")
    )
    preview = client.post(url("assignment_import", published), {"file": upload})
    assert preview.status_code == 200
    assert "KW 46" in preview.content.decode()
    assert Assignment.objects.count() == 2  # nothing saved yet
    content = preview.context["content"]
    done = client.post(url("assignment_import", published), {"content": content})
    assert done.status_code == 302
    assert Assignment.objects.count() == 3
    bad = SimpleUploadedFile("z.csv", b"ags;datum;personen\r\n09999;12.11.2024;4\r\n")
    page = client.post(url("assignment_import", published), {"file": bad}).content.decode()
    assert "09999" in page


def test_keys_are_public(db):
    services.ks_load_published(agent="test")
    from teilhabe.core.services import body_create

    body = body_create(user=None, name="Niedersachsen", kind="land", ags="03")
    from django.test import Client

    client = Client()
    listing = client.get(reverse("reception:key_list", kwargs={"body": body.slug}))
    assert listing.status_code == 200
    assert "Königsteiner Schlüssel 2019" in listing.content.decode()
    detail = client.get(
        reverse("reception:key_detail", kwargs={"body": body.slug, "key": "ks2019"})
    )
    assert "9,39533" in detail.content.decode()
    index = client.get(reverse("reception:index", kwargs={"body": body.slug})).content.decode()
    assert "Landkreis Peine" in index  # published figures, with their source
    assert "hallowochenende" in index


def test_district_distributes_its_quota_to_municipalities(published):
    quota = published.period.quotas.get(territory__ags="03990")
    district = published.districts["a"]
    csv = (
        "ags;name;population;stand\n"
        "03990001;Testdorf;6000;31.12.2023\n03990002;Probestadt;4000;31.12.2023\n"
    )
    key = services.population_import(user=None, content=csv, source="Testdaten")
    client = published.client("coordinator_a")
    form = client.get(
        reverse("reception:period_create", kwargs={"body": district.slug})
        + f"?quota={quota.public_id}"
    )
    assert form.status_code == 200
    assert 'value="571"' in form.content.decode()
    response = client.post(
        reverse("reception:period_create", kwargs={"body": district.slug}),
        {
            "name": "Verteilung auf die Gemeinden",
            "start": "2024-10-01",
            "end": "2025-03-31",
            "total": "571",
            "key": key.pk,
            "source_quota": quota.pk,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    period = DistributionPeriod.objects.get(body=district)
    client.post(
        reverse(
            "reception:period_allocate", kwargs={"body": district.slug, "period": period.public_id}
        )
    )
    assert {q.territory.ags: q.quota for q in period.quotas.all()} == {
        "03990001": 343,
        "03990002": 228,
    }
    # the other district does not see this draft
    other = published.client("coordinator_b").get(
        reverse(
            "reception:period_detail", kwargs={"body": district.slug, "period": period.public_id}
        )
    )
    assert other.status_code == 404


def test_only_a_state_office_computes_a_koenigstein_key(rworld) -> None:
    district = reverse("reception:key_compute", kwargs={"body": rworld.districts["a"].slug})
    land = reverse("reception:key_compute", kwargs={"body": rworld.land.slug})
    assert rworld.client("coordinator_a").get(district).status_code == 403
    assert rworld.client("state").get(land).status_code == 200


def test_a_district_imports_populations_only_within_its_territory(rworld) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    outside = "ags;name;population;stand\r\n03991001;Gemeinde Anderswo;1000;31.12.2023\r\n"
    response = rworld.client("coordinator_a").post(
        reverse("reception:population_import", kwargs={"body": rworld.districts["a"].slug}),
        {"source": "Test", "file": SimpleUploadedFile("ew.csv", outside.encode("cp1252"))},
    )
    assert response.status_code == 200
    assert "03991001" in response.content.decode()
    assert not Territory.objects.filter(ags="03991001").exists()
