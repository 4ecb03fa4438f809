"""Member pages of participation: the whole flow in the browser's place (test client)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from conftest import MARKER_A, World
from django.urls import reverse
from django.utils import timezone

from teilhabe.concepts.models import Measure
from teilhabe.participation import proposals, services
from teilhabe.participation.models import Card, Channel, Phase, Process, Proposal, Statement

from .helpers import draft_process

pytestmark = pytest.mark.django_db


@pytest.fixture
def process(world: World) -> Process:
    return draft_process(world)


def url(name: str, **kwargs: Any) -> str:
    return reverse(f"participation:{name}", kwargs=kwargs)


def test_coordinator_runs_a_process(world: World, client_for: Any) -> None:
    client = client_for("coordinator_a")
    slug = world.a.body.slug
    response = client.post(
        url("process_create", body=slug),
        {
            "edition": world.a.draft.pk,
            "title": "Beteiligung 2025",
            "channels": ["workshop", "migrant_council"],
        },
    )
    assert response.status_code == 302
    process = Process.objects.get(title="Beteiligung 2025")
    assert process.channels == ["workshop", "migrant_council"]
    detail = client.get(url("process_detail", body=slug, process=process.public_id))
    assert "Beteiligung 2025" in detail.content.decode()

    # a phase with the end before the start: the field is named, nothing saved
    bad = client.post(
        url("phase_create", body=slug, process=process.public_id),
        {"channel": "workshop", "title": "W", "start": "2025-03-02", "end": "2025-03-01"},
    )
    assert bad.status_code == 200 and not Phase.objects.exists()
    assert bad.context["form"].errors["end"]

    # workshop and a card
    response = client.post(
        url("workshop_create", body=slug, process=process.public_id),
        {
            "title": "Workshop Sprache",
            "date": "2025-02-01",
            "place": "Kreishaus",
            "organisations": "KVHS\nJobcenter",
            "participants": "14",
            "fields": [world.a.draft_items["field"].pk],
        },
    )
    assert response.status_code == 302
    workshop = process.workshops.get()
    response = client.post(
        url("card_create", body=slug, workshop=workshop.public_id),
        {"text": "Sprachkurse am Abend", "field": world.a.draft_items["field"].pk},
    )
    assert response.status_code == 302
    card = Card.objects.get()

    # statement of the migrants' council and the response
    response = client.post(
        url("statement_create", body=slug, process=process.public_id),
        {
            "channel": "migrant_council",
            "actor": world.a.partner.pk,
            "title": "Stellungnahme",
            "received": "2025-01-10",
            "text": "Mehr Kurse",
            "requested_response": "Antwort bis Februar",
            "response_due": "2025-02-10",
        },
    )
    assert response.status_code == 302
    statement = Statement.objects.get()
    page = client.get(url("statement_detail", body=slug, statement=statement.public_id))
    assert "overdue" in page.content.decode() or "überfällig" in page.content.decode()
    response = client.post(
        url("statement_respond", body=slug, statement=statement.public_id),
        {"version": statement.version, "response": "Wird geprüft", "responded": "2025-02-05"},
    )
    assert response.status_code == 302
    statement.refresh_from_db()
    assert statement.responded == datetime.date(2025, 2, 5)

    # a proposal supported by both inputs, adopted as a new measure
    response = client.post(
        url("proposal_create", body=slug, process=process.public_id),
        {
            "title": "Abendkurse",
            "input": [f"card:{card.public_id}", f"statement:{statement.public_id}"],
        },
    )
    assert response.status_code == 302
    proposal = Proposal.objects.get()
    assert proposal.inputs.count() == 2
    response = client.post(
        url("proposal_outcome", body=slug, proposal=proposal.public_id),
        {
            "version": proposal.version,
            "outcome": "accepted",
            "new_field": world.a.draft_items["field"].pk,
            "new_title": "Abendsprachkurse",
        },
    )
    assert response.status_code == 302
    measure = Measure.objects.get(title="Abendsprachkurse")
    sources = client.get(url("measure_sources", body=slug, measure=measure.public_id))
    text = sources.content.decode()
    assert "Abendkurse" in text and "Sprachkurse am Abend" in text and "Stellungnahme" in text

    highlight = client.get(
        url("concept_highlight", body=slug, process=process.public_id) + "?channel=workshop"
    )
    assert '<strong class="origin">Abendsprachkurse</strong>' in highlight.content.decode()
    report = client.get(url("channel_report", body=slug, process=process.public_id))
    rows = {r.channel: r for r in report.context["rows"]}
    assert (rows["workshop"].inputs, rows["workshop"].adopted) == (1, 1)
    assert "<svg" in report.content.decode()


def test_rejection_without_reason_is_shown_on_the_form(
    process: Process, world: World, client_for: Any
) -> None:
    proposal = proposals.proposal_create(user=None, process=process, title="X")
    response = client_for("coordinator_a").post(
        url("proposal_outcome", body=world.a.body.slug, proposal=proposal.public_id),
        {"version": proposal.version, "outcome": "rejected", "reason": ""},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["reason"]
    proposal.refresh_from_db()
    assert proposal.outcome == "open"


def test_dashboard_shows_what_is_due(process: Process, world: World, client_for: Any) -> None:
    today = timezone.localdate()
    services.statement_create(
        user=None,
        process=process,
        data={
            "author": "Beirat",
            "title": "Späte Stellungnahme",
            "received": today - datetime.timedelta(days=20),
            "text": "T",
            "response_due": today - datetime.timedelta(days=2),
        },
    )
    page = client_for("contributor_a").get(url("process_list", body=world.a.body.slug))
    assert page.status_code == 200
    assert "Späte Stellungnahme" in page.content.decode()
    assert page.context["due"].overdue_statements


def test_contributors_read_but_do_not_manage(
    process: Process, world: World, client_for: Any
) -> None:
    client = client_for("contributor_a")
    slug = world.a.body.slug
    assert (
        client.get(url("process_detail", body=slug, process=process.public_id)).status_code == 200
    )
    assert client.get(url("moderation", body=slug, process=process.public_id)).status_code == 403
    response = client.post(
        url("phase_create", body=slug, process=process.public_id),
        {"channel": "workshop", "title": "W", "start": "2025-03-01", "end": "2025-03-02"},
    )
    assert response.status_code == 403 and not Phase.objects.exists()


def test_nothing_of_a_through_b(process: Process, world: World, client_for: Any) -> None:
    client = client_for("coordinator_b")
    b = world.b.body.slug
    assert client.get(url("process_detail", body=b, process=process.public_id)).status_code == 404
    measure = world.a.draft_items["measure"]
    response = client.get(url("measure_sources", body=b, measure=measure.public_id))
    assert response.status_code == 404
    assert MARKER_A not in response.content.decode()
    a = world.a.body.slug
    assert client.get(url("process_detail", body=a, process=process.public_id)).status_code == 403


def test_sample_cards_are_labelled(process: Process, world: World, client_for: Any) -> None:
    workshop = services.workshop_create(
        user=None,
        process=process,
        data={"title": "Beispiel-Workshop", "date": datetime.date(2025, 2, 1), "is_sample": True},
    )
    services.card_create(user=None, workshop=workshop, text="Beispielkarte", is_sample=True)
    page = client_for("council_a").get(
        url("workshop_detail", body=world.a.body.slug, workshop=workshop.public_id)
    )
    text = page.content.decode()
    assert 'class="badge sample"' in text and "Beispielkarte" in text


def test_measure_page_links_to_its_sources(world: World, client_for: Any) -> None:
    measure = world.a.items["measure"]
    page = client_for("coordinator_a").get(
        reverse(
            "concepts:measure_detail", kwargs={"body": world.a.body.slug, "item": measure.public_id}
        )
    )
    assert url("measure_sources", body=world.a.body.slug, measure=measure.public_id) in (
        page.content.decode()
    )


def test_channel_highlight_ignores_unknown_channels(
    process: Process, world: World, client_for: Any
) -> None:
    page = client_for("coordinator_a").get(
        url("concept_highlight", body=world.a.body.slug, process=process.public_id)
        + "?channel=nonsense"
    )
    assert page.status_code == 200
    assert page.context["channel"] == Channel.MIGRANT_COUNCIL
