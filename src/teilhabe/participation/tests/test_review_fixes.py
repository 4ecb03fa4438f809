"""Regression tests of the review: unpublished comments, merge chains, the submission race,
the anonymous response's timestamps and the queries of the questionnaire list."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import World
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from teilhabe.participation import comments, proposals, selectors, services
from teilhabe.participation.models import Channel, Process, Response
from teilhabe.participation.questionnaires import services as q_services

from .helpers import build_consultation, draft_process
from .test_questionnaire_answers import form_url, full_answers, invite
from .test_questionnaire_builder import make_process, make_questionnaire

pytestmark = pytest.mark.django_db
PENDING_TEXT = "UNGEPRUEFTER-KOMMENTAR-TEXT"


def test_unpublished_comment_text_is_for_coordinators_only(world: World, client_for: Any) -> None:
    consultation = build_consultation(world)
    comment = comments.comment_submit(
        process=consultation.process,
        text=PENDING_TEXT,
        sender_address="192.0.2.7",
        field=consultation.field,
    )
    proposal = proposals.proposal_create(
        user=None, process=consultation.process, title="Aus dem Kommentar", inputs=[comment]
    )
    proposals.proposal_decide(
        user=None,
        proposal=proposal,
        expected_version=proposal.version,
        outcome="accepted",
        measure=consultation.measure,
    )
    slug = world.a.body.slug
    pages = [
        reverse(
            "participation:proposal_detail", kwargs={"body": slug, "proposal": proposal.public_id}
        ),
        reverse(
            "participation:measure_sources",
            kwargs={"body": slug, "measure": consultation.measure.public_id},
        ),
    ]
    for page in pages:
        for role in ("contributor_a", "council_a"):
            response = client_for(role).get(page)
            assert response.status_code == 200
            assert PENDING_TEXT not in response.content.decode(), (role, page)
        assert PENDING_TEXT in client_for("coordinator_a").get(page).content.decode()


def test_sources_and_channels_follow_a_chain_of_merges(world: World) -> None:
    process: Process = draft_process(world)
    statement = services.statement_create(
        user=None,
        process=process,
        data={
            "actor": world.a.partner,
            "title": "Stellungnahme",
            "received": timezone.localdate(),
            "text": "T",
        },
    )
    first = proposals.proposal_create(user=None, process=process, title="Erst", inputs=[statement])
    middle = proposals.proposal_create(user=None, process=process, title="Mitte")
    last = proposals.proposal_create(user=None, process=process, title="Letzt")
    proposals.proposal_decide(
        user=None,
        proposal=first,
        expected_version=first.version,
        outcome="merged",
        merged_into=middle,
    )
    proposals.proposal_decide(
        user=None,
        proposal=middle,
        expected_version=middle.version,
        outcome="merged",
        merged_into=last,
    )
    measure = world.a.draft_items["measure"]
    proposals.proposal_decide(
        user=None, proposal=last, expected_version=last.version, outcome="accepted", measure=measure
    )
    sources = selectors.measure_sources(measure)
    assert [s.proposal.title for s in sources] == ["Letzt", "Mitte", "Erst"]
    assert [i.statement for i in sources[2].inputs] == [statement]
    assert selectors.channel_measure_ids(
        edition=world.a.draft, channel=Channel.MIGRANT_COUNCIL
    ) == {measure.pk}


def test_a_link_revoked_while_the_form_is_open_cannot_submit(world: World) -> None:
    built = make_questionnaire(world)
    invitation, _token = invite(world, built)
    # the respondent's page has loaded the invitation; the coordinator revokes it meanwhile
    q_services.invitation_revoke(
        user=world.users["coordinator_a"],
        invitation=type(invitation).objects.get(pk=invitation.pk),
    )
    with pytest.raises(q_services.LinkInvalid):
        q_services.draft_save(invitation=invitation, values={"x": "y"})
    with pytest.raises(q_services.LinkInvalid):
        q_services.response_submit(invitation=invitation, values={})
    assert not Response.objects.exists()
    assert type(invitation).objects.get(pk=invitation.pk).draft == {}


def test_anonymous_response_keeps_no_exact_time(world: World) -> None:
    built = make_questionnaire(world, anonymous=True)
    _invitation, token = invite(world, built)
    assert Client().post(form_url(token), full_answers(built) | {"submit": "1"}).status_code == 302
    saved = Response.objects.get()
    for moment in (saved.created, saved.modified):
        local = timezone.localtime(moment)
        assert (local.hour, local.minute, local.second, local.microsecond) == (0, 0, 0, 0)


def test_questionnaire_list_needs_no_query_per_questionnaire(world: World, client_for: Any) -> None:
    process = make_process(world)
    page = reverse(
        "participation:questionnaire_list",
        kwargs={"body": world.a.body.slug, "process": process.public_id},
    )
    client = client_for("contributor_a")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(page).status_code == 200
        return len(captured)

    q_services.questionnaire_create(user=None, process=process, title="Eins")
    one = queries()
    for title in ("Zwei", "Drei", "Vier"):
        q_services.questionnaire_create(user=None, process=process, title=title)
    assert queries() == one
