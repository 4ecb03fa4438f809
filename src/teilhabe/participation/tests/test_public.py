"""Public participation pages: the draft only while its phase is open, comments only once
published, honeypot and rate limit, outcomes public."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from conftest import MARKER_A, World
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from teilhabe.concepts.models import Measure
from teilhabe.participation import comments, proposals, services
from teilhabe.participation.models import Comment, Process, Proposal

from .helpers import (
    CONSULTED_FIELD,
    CONSULTED_MEASURE,
    Consultation,
    build_consultation,
    draft_process,
    post_comment,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def consultation(world: World) -> Consultation:
    return build_consultation(world)


@pytest.fixture
def process(world: World) -> Process:
    return draft_process(world)


def purl(name: str, **kwargs: Any) -> str:
    return reverse(f"participation_public:{name}", kwargs=kwargs)


def test_open_phase_shows_the_draft_and_the_form(consultation: Consultation, world: World) -> None:
    client = Client()
    slug = world.a.body.slug
    index = client.get(purl("index", body=slug)).content.decode()
    assert consultation.edition.title in index
    page = client.get(purl("process", body=slug, process=consultation.process.public_id))
    text = page.content.decode()
    assert CONSULTED_FIELD in text and CONSULTED_MEASURE in text
    assert 'name="website"' in text  # the honeypot
    assert "IP address is not stored" in text or "IP-Adresse" in text  # privacy notice
    assert MARKER_A not in text


def test_closed_phase_hides_the_draft(world: World) -> None:
    closed = build_consultation(world, open_phase=False)
    client = Client()
    slug = world.a.body.slug
    response = client.get(purl("process", body=slug, process=closed.process.public_id))
    assert response.status_code == 404
    assert CONSULTED_FIELD not in client.get(purl("index", body=slug)).content.decode()


def test_draft_process_is_never_public(process: Process, world: World) -> None:
    client = Client()
    for name in ("process", "proposals"):
        response = client.get(purl(name, body=world.a.body.slug, process=process.public_id))
        assert response.status_code == 404
    assert process.title not in client.get(purl("index", body=world.a.body.slug)).content.decode()


def test_not_through_another_bodys_slug(consultation: Consultation, world: World) -> None:
    response = Client().get(
        purl("process", body=world.b.body.slug, process=consultation.process.public_id)
    )
    assert response.status_code == 404


def test_comment_waits_for_moderation(consultation: Consultation, world: World) -> None:
    client = Client()
    slug = world.a.body.slug
    page_url = purl("process", body=slug, process=consultation.process.public_id)
    submit = purl("comment_submit", body=slug, process=consultation.process.public_id)
    response = post_comment(
        client, submit, f"measure:{consultation.measure.public_id}", "UNGEPRUEFTER-KOMMENTAR"
    )
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert comment.measure == consultation.measure and comment.state == "pending"
    assert "UNGEPRUEFTER-KOMMENTAR" not in client.get(page_url).content.decode()
    proposals_page = client.get(
        purl("proposals", body=slug, process=consultation.process.public_id)
    )
    assert "UNGEPRUEFTER-KOMMENTAR" not in proposals_page.content.decode()
    comments.comment_moderate(
        user=world.users["coordinator_a"],
        comment=comment,
        expected_version=comment.version,
        state="published",
    )
    assert "UNGEPRUEFTER-KOMMENTAR" in client.get(page_url).content.decode()


def test_rejected_comment_stays_hidden(consultation: Consultation, world: World) -> None:
    comment = comments.comment_submit(
        process=consultation.process,
        text="ABGELEHNT-KOMMENTAR",
        field=consultation.field,
        sender_address="x",
    )
    comments.comment_moderate(
        user=world.users["coordinator_a"],
        comment=comment,
        expected_version=comment.version,
        state="rejected",
        note="Beleidigend",
    )
    page = Client().get(
        purl("process", body=world.a.body.slug, process=consultation.process.public_id)
    )
    assert "ABGELEHNT-KOMMENTAR" not in page.content.decode()


def test_honeypot_is_answered_like_success(consultation: Consultation, world: World) -> None:
    submit = purl("comment_submit", body=world.a.body.slug, process=consultation.process.public_id)
    response = post_comment(
        Client(), submit, f"field:{consultation.field.public_id}", "Spam", website="http://x"
    )
    assert response.status_code == 302
    assert not Comment.objects.exists()


def test_rate_limit_message(consultation: Consultation, world: World) -> None:
    client = Client()
    submit = purl("comment_submit", body=world.a.body.slug, process=consultation.process.public_id)
    subject = f"field:{consultation.field.public_id}"
    for n in range(comments.RATE_LIMIT):
        assert post_comment(client, submit, subject, f"K{n}", addr="192.0.2.99").status_code == 302
    response = post_comment(client, submit, subject, "Zu viel", addr="192.0.2.99")
    assert response.status_code == 429
    assert "within the last hour" in response.content.decode() or "Stunde" in (
        response.content.decode()
    )
    assert Comment.objects.count() == comments.RATE_LIMIT
    # another address may still comment
    assert post_comment(client, submit, subject, "Ok", addr="192.0.2.100").status_code == 302


def test_comment_form_names_missing_fields(consultation: Consultation, world: World) -> None:
    submit = purl("comment_submit", body=world.a.body.slug, process=consultation.process.public_id)
    response = post_comment(Client(), submit, "", "")
    assert response.status_code == 400
    assert set(response.context["form"].errors) >= {"subject", "text"}


def test_comment_after_the_phase_is_refused(consultation: Consultation, world: World) -> None:
    yesterday = consultation.phase.start - datetime.timedelta(days=10)
    services.phase_update(
        user=world.users["coordinator_a"],
        phase=consultation.phase,
        expected_version=consultation.phase.version,
        data={"start": yesterday, "end": yesterday},
    )
    submit = purl("comment_submit", body=world.a.body.slug, process=consultation.process.public_id)
    response = post_comment(Client(), submit, f"field:{consultation.field.public_id}", "Spät")
    assert response.status_code == 404  # the process is not public any more
    assert not Comment.objects.exists()


def test_public_outcomes(consultation: Consultation, world: World) -> None:
    process = consultation.process
    accepted = proposals.proposal_create(user=None, process=process, title="Angenommen")
    proposals.proposal_decide(
        user=None,
        proposal=accepted,
        expected_version=accepted.version,
        outcome="accepted",
        measure=consultation.measure,
    )
    merged = proposals.proposal_create(user=None, process=process, title="Zusammen")
    proposals.proposal_decide(
        user=None,
        proposal=merged,
        expected_version=merged.version,
        outcome="merged",
        merged_into=accepted,
    )
    rejected = proposals.proposal_create(user=None, process=process, title="Abgelehnt")
    proposals.proposal_decide(
        user=None,
        proposal=rejected,
        expected_version=rejected.version,
        outcome="rejected",
        reason="Zuständig ist das Land",
    )
    page = Client().get(purl("proposals", body=world.a.body.slug, process=process.public_id))
    text = page.content.decode()
    assert CONSULTED_MEASURE in text
    assert "Zuständig ist das Land" in text
    assert text.count("Angenommen") >= 2  # its row and the merged one's outcome


def test_demo_process_leads_to_the_kmv_measure() -> None:
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    process = Process.objects.get(edition__concept__body__territory__ags="03461")
    assert process.channels == ["administration", "workshop", "migrant_council", "politics"]
    assert [p.channel for p in process.phases.all()] == ["politics"]
    measure = Measure.objects.get(edition=process.edition, key="sbb-m2-kmv")
    proposal = Proposal.objects.get(process=process)
    assert proposal.outcome == "accepted" and proposal.measure == measure
    assert proposal.inputs.get().channel == "migrant_council"
    # the edition is in force, so the outcome is public
    slug = process.edition.concept.body.slug
    page = Client().get(purl("proposals", body=slug, process=process.public_id))
    assert "weiterführende Sprachkurse" in page.content.decode()
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Process.objects.filter(edition=process.edition).count() == 1
