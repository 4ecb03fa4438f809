"""The public monitoring page of a body in the portal: shared indicators only, chart + table
+ CSV, targets linked to the edition in force.

District A of the test world ("Landkreis Alpha", AGS 03999) is made up; its values here are
test input recorded as such, not figures of a real district.
"""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from teilhabe.concepts.models import Goal
from teilhabe.monitoring import services
from teilhabe.monitoring.models import Indicator

HIDDEN = "INDIKATOR-NICHT-GETEILT-PORTAL"
SOURCE = "Testwert (kein echter Wert)"


@pytest.fixture
def data(world):  # type: ignore[no-untyped-def]
    services.catalogue_ensure()
    body, territory = world.a.body, world.a.body.territory
    azr = Indicator.objects.get(body=None, code="foreigners_azr_31_12")
    for year, value in ((2022, 900), (2023, 950)):
        services.observation_record(
            user=None,
            indicator=azr,
            territory=territory,
            period=datetime.date(year, 12, 31),
            value=Decimal(value),
            source=SOURCE,
        )
    hidden = services.indicator_create(
        user=None,
        body=body,
        code="nicht_geteilt_xyz",
        data={"name_de": HIDDEN, "unit": "persons", "kind": "output", "shared": False},
    )
    services.observation_record(
        user=None,
        indicator=hidden,
        territory=territory,
        period=datetime.date(2024, 12, 31),
        value=Decimal(3),
        source=f"{HIDDEN}-QUELLE",
    )
    goal = world.a.items["goal"]
    services.target_create(
        user=None,
        body=body,
        indicator=azr,
        territory=territory,
        goal=goal,
        target_value=Decimal(1000),
        due=datetime.date(2027, 12, 31),
    )
    services.target_create(
        user=None,
        body=body,
        indicator=hidden,
        territory=territory,
        goal=goal,
        target_value=Decimal(10),
        due=datetime.date(2027, 12, 31),
    )
    return world


def page_url(world, **query: str) -> str:  # type: ignore[no-untyped-def]
    url = reverse("portal:monitoring", kwargs={"body": world.a.body.slug})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_public_page_shows_chart_table_csv_and_targets(data, client_for) -> None:  # type: ignore[no-untyped-def]
    response = client_for("anonymous").get(page_url(data))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<h1>") == 1
    assert '<svg role="img"' in html
    assert "<caption>" in html and 'scope="col"' in html
    csv_url = reverse(
        "monitoring:indicator_csv",
        kwargs={"body": data.a.body.slug, "code": "foreigners_azr_31_12"},
    )
    assert csv_url in html
    assert "950" in html and SOURCE in html
    assert data.a.items["goal"].title in html  # the target of the edition in force
    assert "1.000" in html or "1,000" in html  # its target value
    # the CSV link is public too and has the same values
    text = client_for("anonymous").get(csv_url).content.decode("utf-8-sig")
    assert "foreigners_azr_31_12;03999;Landkreis Alpha;2023;950;persons" in text


@pytest.mark.parametrize("role", ["anonymous", "contributor_a", "coordinator_a", "superuser"])
def test_unshared_indicator_never_shown(data, client_for, role) -> None:  # type: ignore[no-untyped-def]
    client = client_for(role)
    for url in (page_url(data), page_url(data, indicator="nicht_geteilt_xyz")):
        html = client.get(url).content.decode()
        assert HIDDEN not in html
        assert "nicht_geteilt_xyz" not in html.replace("indicator=nicht_geteilt_xyz", "")


def test_targets_of_other_editions_not_shown(data, client_for) -> None:  # type: ignore[no-untyped-def]
    draft_goal = Goal.objects.filter(edition=data.a.draft).first()
    assert draft_goal is not None
    services.target_create(
        user=None,
        body=data.a.body,
        indicator=Indicator.objects.get(body=None, code="foreigners_azr_31_12"),
        territory=data.a.body.territory,
        goal=draft_goal,
        target_value=Decimal(777777),
        due=datetime.date(2030, 12, 31),
    )
    html = client_for("anonymous").get(page_url(data)).content.decode()
    assert "777.777" not in html and "777,777" not in html and "777777" not in html


def test_choose_indicator_and_monthly_labels(data, client_for) -> None:  # type: ignore[no-untyped-def]
    shared = services.indicator_create(
        user=None,
        body=data.a.body,
        code="kurse_monatlich",
        data={"name_de": "Kursplätze (Testreihe)", "unit": "count", "frequency": "monthly"},
    )
    for month, value in ((1, 10), (2, 12)):
        services.observation_record(
            user=None,
            indicator=shared,
            territory=data.a.body.territory,
            period=datetime.date(2024, month, 29 if month == 2 else 31),
            period_kind="month",
            value=Decimal(value),
            source=SOURCE,
        )
    html = client_for("anonymous").get(page_url(data, indicator="kurse_monatlich")).content.decode()
    assert '<h2 id="series">Kursplätze (Testreihe)</h2>' in html
    assert '<th scope="col">2024-01</th><th scope="col">2024-02</th>' in html
    # an unknown code falls back to the first indicator with a target
    html = client_for("anonymous").get(page_url(data, indicator="nope")).content.decode()
    assert '<h2 id="series">' + Indicator.objects.get(code="foreigners_azr_31_12").name_de in html


def test_body_page_links_to_monitoring(data, client_for) -> None:  # type: ignore[no-untyped-def]
    html = (
        client_for("anonymous")
        .get(reverse("portal:body", kwargs={"body": data.a.body.slug}))
        .content.decode()
    )
    assert page_url(data) in html


def test_unknown_body_404_and_post_405(data, client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for("anonymous")
    assert client.get(reverse("portal:monitoring", kwargs={"body": "nope"})).status_code == 404
    assert client.post(page_url(data)).status_code == 405
