"""Services of participation: processes, phases, workshops, statements, comments, proposals."""

from __future__ import annotations

import datetime

import pytest
from conftest import World
from django.core.exceptions import ValidationError
from django.utils import timezone

from teilhabe.concepts.models import Measure
from teilhabe.core.models import AuditEntry
from teilhabe.participation import comments, proposals, selectors, services
from teilhabe.participation.models import Channel, Comment, Process, Proposal

from .helpers import Consultation, build_consultation, draft_process

pytestmark = pytest.mark.django_db


@pytest.fixture
def consultation(world: World) -> Consultation:
    return build_consultation(world)


@pytest.fixture
def process(world: World) -> Process:
    return draft_process(world)


D = datetime.date


def test_process_create_keeps_channels_in_order_and_audits(world: World) -> None:
    p = services.process_create(
        user=world.users["coordinator_a"],
        edition=world.a.draft,
        title="Prozess",
        channels=[Channel.POLITICS, Channel.WORKSHOP, Channel.POLITICS],
    )
    assert p.channels == [Channel.WORKSHOP, Channel.POLITICS]
    entry = AuditEntry.objects.get(object_id=p.public_id)
    assert entry.action == "create" and entry.body == world.a.body


def test_unknown_channel_is_refused(world: World) -> None:
    with pytest.raises(ValidationError) as exc:
        services.process_create(
            user=None, edition=world.a.draft, title="X", channels=["carrier pigeon"]
        )
    assert "channels" in exc.value.message_dict


def test_phase_end_before_start_names_the_field(process: Process, world: World) -> None:
    with pytest.raises(ValidationError) as exc:
        services.phase_create(
            user=None,
            process=process,
            channel=Channel.WORKSHOP,
            title="Workshops",
            start=D(2025, 3, 1),
            end=D(2025, 2, 1),
        )
    assert "end" in exc.value.message_dict


def test_public_phase_needs_an_edition_in_consultation(process: Process) -> None:
    with pytest.raises(ValidationError) as exc:
        services.phase_create(
            user=None,
            process=process,
            channel=Channel.PUBLIC,
            title="Kommentierung",
            start=D(2025, 3, 1),
            end=D(2025, 3, 29),
        )
    assert "channel" in exc.value.message_dict


def test_phase_adds_its_channel_to_the_process(process: Process) -> None:
    services.phase_create(
        user=None,
        process=process,
        channel=Channel.POLITICS,
        title="Gremien",
        start=D(2025, 3, 1),
        end=D(2025, 3, 29),
    )
    process.refresh_from_db()
    assert Channel.POLITICS in process.channels


def test_overlapping_public_phases_are_refused(consultation: Consultation) -> None:
    with pytest.raises(ValidationError):
        services.phase_create(
            user=None,
            process=consultation.process,
            channel=Channel.PUBLIC,
            title="Zweite",
            start=consultation.phase.end,
            end=consultation.phase.end + datetime.timedelta(days=3),
        )


def test_channel_with_phases_cannot_be_removed(process: Process, world: World) -> None:
    services.phase_create(
        user=None,
        process=process,
        channel=Channel.WORKSHOP,
        title="Workshops",
        start=D(2025, 3, 1),
        end=D(2025, 3, 2),
    )
    process.refresh_from_db()
    with pytest.raises(ValidationError):
        services.process_update(
            user=world.users["coordinator_a"],
            process=process,
            expected_version=process.version,
            data={"channels": [Channel.MIGRANT_COUNCIL]},
        )


def test_workshop_fields_must_belong_to_the_edition(process: Process, world: World) -> None:
    with pytest.raises(ValidationError):
        services.workshop_create(
            user=None,
            process=process,
            data={"title": "W", "date": D(2025, 2, 1)},
            fields=[world.b.draft_items["field"]],
        )
    workshop = services.workshop_create(
        user=None,
        process=process,
        data={"title": "W", "date": D(2025, 2, 1), "participants": 14},
        fields=[world.a.draft_items["field"]],
    )
    assert list(workshop.fields.all()) == [world.a.draft_items["field"]]


def test_statement_overdue_until_responded(process: Process, world: World) -> None:
    statement = services.statement_create(
        user=None,
        process=process,
        data={
            "actor": world.a.partner,
            "title": "Stellungnahme",
            "received": D(2025, 1, 10),
            "text": "Text",
            "requested_response": "Schriftlich",
            "response_due": D(2025, 2, 10),
        },
    )
    assert selectors.is_overdue(statement, D(2025, 2, 11))
    assert not selectors.is_overdue(statement, D(2025, 2, 10))
    with pytest.raises(ValidationError):
        services.statement_respond(
            user=None,
            statement=statement,
            expected_version=statement.version,
            response="Antwort",
            responded=D(2025, 1, 1),
        )
    statement = services.statement_respond(
        user=world.users["coordinator_a"],
        statement=statement,
        expected_version=statement.version,
        response="Antwort",
        responded=D(2025, 2, 20),
    )
    assert not selectors.is_overdue(statement, D(2025, 3, 1))


def test_statement_needs_an_author_and_an_actor_of_the_body(process: Process, world: World) -> None:
    base = {"title": "S", "received": D(2025, 1, 1), "text": "T"}
    with pytest.raises(ValidationError) as exc:
        services.statement_create(user=None, process=process, data=base)
    assert "author" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.statement_create(user=None, process=process, data=base | {"actor": world.b.actor})
    assert "actor" in exc.value.message_dict


# --- comments ---------------------------------------------------------------------------


def test_comment_is_pending_and_stores_no_address(consultation: Consultation) -> None:
    comment = comments.comment_submit(
        process=consultation.process,
        text="Mehr Kurse am Abend",
        measure=consultation.measure,
        sender_address="198.51.100.7",
    )
    assert comment.state == Comment.State.PENDING
    assert comment.field == consultation.field  # derived from the measure
    assert comment.sender_hash == comments.sender_hash("198.51.100.7")
    assert "198.51.100.7" not in comment.sender_hash
    stored = Comment.objects.filter(pk=comment.pk).values_list()[0]
    assert not any("198.51.100.7" in str(v) for v in stored)
    entries = AuditEntry.objects.filter(object_id=comment.public_id)
    assert entries.count() == 1 and "198.51.100.7" not in str(entries[0].changes)


def test_honeypot_stores_nothing(consultation: Consultation) -> None:
    with pytest.raises(comments.SpamError):
        comments.comment_submit(
            process=consultation.process,
            text="Buy now",
            field=consultation.field,
            sender_address="203.0.113.1",
            honeypot="http://spam.example",
        )
    assert not Comment.objects.exists()


def test_rate_limit_per_sender(consultation: Consultation) -> None:
    for n in range(comments.RATE_LIMIT):
        comments.comment_submit(
            process=consultation.process,
            text=f"Kommentar {n}",
            field=consultation.field,
            sender_address="203.0.113.5",
        )
    with pytest.raises(comments.RateLimitError):
        comments.comment_submit(
            process=consultation.process,
            text="Noch einer",
            field=consultation.field,
            sender_address="203.0.113.5",
        )
    # another sender is not affected
    comments.comment_submit(
        process=consultation.process,
        text="Anderer",
        field=consultation.field,
        sender_address="203.0.113.6",
    )
    assert Comment.objects.count() == comments.RATE_LIMIT + 1


def test_comment_refused_outside_the_phase_and_on_foreign_items(
    consultation: Consultation, world: World
) -> None:
    later = consultation.phase.end + datetime.timedelta(days=1)
    with pytest.raises(ValidationError):
        comments.comment_submit(
            process=consultation.process,
            text="Zu spät",
            field=consultation.field,
            sender_address="x",
            today=later,
        )
    with pytest.raises(ValidationError):
        comments.comment_submit(
            process=consultation.process,
            text="Falsch",
            measure=world.a.items["measure"],
            sender_address="x",
        )


def test_moderation_reject_needs_a_note(consultation: Consultation, world: World) -> None:
    comment = comments.comment_submit(
        process=consultation.process, text="Gut", field=consultation.field, sender_address="x"
    )
    user = world.users["coordinator_a"]
    with pytest.raises(ValidationError):
        comments.comment_moderate(
            user=user, comment=comment, expected_version=comment.version, state="rejected"
        )
    comment = comments.comment_moderate(
        user=user, comment=comment, expected_version=comment.version, state="published"
    )
    assert comment.state == "published" and comment.moderated_by == user
    assert list(selectors.comments_published(consultation.process)) == [comment]


# --- proposals and provenance -----------------------------------------------------------


def _inputs(process: Process, world: World) -> tuple:
    workshop = services.workshop_create(
        user=None, process=process, data={"title": "W", "date": D(2025, 2, 1)}
    )
    card = services.card_create(user=None, workshop=workshop, text="Sprachkurse am Abend")
    statement = services.statement_create(
        user=None,
        process=process,
        data={"actor": world.a.partner, "title": "KMV", "received": D(2025, 1, 1), "text": "T"},
    )
    return card, statement


def test_proposal_channels_are_derived_from_the_inputs(process: Process, world: World) -> None:
    card, statement = _inputs(process, world)
    proposal = proposals.proposal_create(
        user=None, process=process, title="Abendkurse", inputs=[card, statement, card]
    )
    assert sorted(proposal.inputs.values_list("channel", flat=True)) == [
        Channel.MIGRANT_COUNCIL,
        Channel.WORKSHOP,
    ]


def test_inputs_of_another_process_are_refused(process: Process, world: World) -> None:
    other = services.process_create(user=None, edition=world.a.draft, title="Anderer")
    card, _statement = _inputs(other, world)
    with pytest.raises(ValidationError):
        proposals.proposal_create(user=None, process=process, title="X", inputs=[card])


def test_accept_as_new_measure_creates_it_in_the_edition(process: Process, world: World) -> None:
    card, _statement = _inputs(process, world)
    proposal = proposals.proposal_create(
        user=None, process=process, title="Abendkurse", inputs=[card]
    )
    field = world.a.draft_items["field"]
    proposal = proposals.proposal_decide(
        user=world.users["coordinator_a"],
        proposal=proposal,
        expected_version=proposal.version,
        outcome="accepted",
        new_measure={"field": field, "title": "Sprachkurse am Abend"},
    )
    measure = Measure.objects.get(edition=world.a.draft, title="Sprachkurse am Abend")
    assert proposal.measure == measure and proposal.decided == timezone.localdate()
    assert "Abendkurse" in measure.source_note
    sources = selectors.measure_sources(measure)
    assert [s.proposal for s in sources] == [proposal]
    assert sources[0].inputs[0].card == card
    assert selectors.channel_measure_ids(edition=world.a.draft, channel=Channel.WORKSHOP) == {
        measure.pk
    }
    assert not selectors.channel_measure_ids(edition=world.a.draft, channel=Channel.PUBLIC)


def test_accept_needs_a_measure_of_the_edition(process: Process, world: World) -> None:
    proposal = proposals.proposal_create(user=None, process=process, title="X")
    with pytest.raises(ValidationError):
        proposals.proposal_decide(
            user=None, proposal=proposal, expected_version=proposal.version, outcome="accepted"
        )
    with pytest.raises(ValidationError):
        proposals.proposal_decide(
            user=None,
            proposal=proposal,
            expected_version=proposal.version,
            outcome="accepted",
            measure=world.a.items["measure"],  # the edition in force, not the process's
        )


def test_rejected_needs_a_reason(process: Process) -> None:
    proposal = proposals.proposal_create(user=None, process=process, title="X")
    with pytest.raises(ValidationError) as exc:
        proposals.proposal_decide(
            user=None, proposal=proposal, expected_version=proposal.version, outcome="rejected"
        )
    assert "reason" in exc.value.message_dict
    proposal = proposals.proposal_decide(
        user=None,
        proposal=proposal,
        expected_version=proposal.version,
        outcome="rejected",
        reason="Zuständig ist das Land.",
    )
    assert proposal.outcome == Proposal.Outcome.REJECTED


def test_merge_refuses_cycles_and_other_processes(process: Process, world: World) -> None:
    a = proposals.proposal_create(user=None, process=process, title="A")
    b = proposals.proposal_create(user=None, process=process, title="B")
    a = proposals.proposal_decide(
        user=None, proposal=a, expected_version=a.version, outcome="merged", merged_into=b
    )
    with pytest.raises(ValidationError):
        proposals.proposal_decide(
            user=None, proposal=b, expected_version=b.version, outcome="merged", merged_into=a
        )
    other = services.process_create(user=None, edition=world.a.draft, title="Anderer")
    c = proposals.proposal_create(user=None, process=other, title="C")
    with pytest.raises(ValidationError):
        proposals.proposal_decide(
            user=None, proposal=b, expected_version=b.version, outcome="merged", merged_into=c
        )


def test_merged_proposals_count_as_sources(process: Process, world: World) -> None:
    card, statement = _inputs(process, world)
    main = proposals.proposal_create(user=None, process=process, title="Haupt", inputs=[card])
    side = proposals.proposal_create(user=None, process=process, title="Neben", inputs=[statement])
    proposals.proposal_decide(
        user=None, proposal=side, expected_version=side.version, outcome="merged", merged_into=main
    )
    measure = world.a.draft_items["measure"]
    proposals.proposal_decide(
        user=None, proposal=main, expected_version=main.version, outcome="accepted", measure=measure
    )
    sources = selectors.measure_sources(measure)
    assert [s.proposal.title for s in sources] == ["Haupt", "Neben"]


def test_channel_report_numbers(process: Process, world: World) -> None:
    card, statement = _inputs(process, world)
    workshop = card.workshop
    services.card_create(user=None, workshop=workshop, text="Beispiel", is_sample=True)
    adopted = proposals.proposal_create(
        user=None, process=process, title="A", inputs=[card, statement]
    )
    proposals.proposal_create(user=None, process=process, title="B", inputs=[statement])
    proposals.proposal_decide(
        user=None,
        proposal=adopted,
        expected_version=adopted.version,
        outcome="accepted",
        measure=world.a.draft_items["measure"],
    )
    rows = {r.channel: r for r in selectors.channel_report(process)}
    assert (rows["workshop"].inputs, rows["workshop"].sample_inputs) == (2, 1)
    assert (rows["workshop"].proposals, rows["workshop"].adopted) == (1, 1)
    assert (rows["migrant_council"].inputs, rows["migrant_council"].proposals) == (1, 2)
    assert rows["migrant_council"].adopted == 1
    assert "public" not in rows  # not a channel of this process and no inputs


def test_participation_due(process: Process, world: World) -> None:
    today = timezone.localdate()
    services.phase_create(
        user=None,
        process=process,
        channel=Channel.WORKSHOP,
        title="Läuft",
        start=today,
        end=today + datetime.timedelta(days=1),
    )
    services.statement_create(
        user=None,
        process=process,
        data={
            "author": "Beirat",
            "title": "Überfällig",
            "received": today - datetime.timedelta(days=40),
            "text": "T",
            "response_due": today - datetime.timedelta(days=1),
        },
    )
    proposals.proposal_create(user=None, process=process, title="Offen")
    due = selectors.participation_due(user=world.users["council_a"], body=world.a.body)
    assert len(due.running_phases) == 1
    assert [s.title for s in due.overdue_statements] == ["Überfällig"]
    assert due.open_proposals == 1 and due.pending_comments == 0
    assert "1" in str(due)
    empty = selectors.participation_due(user=world.users["coordinator_b"], body=world.b.body)
    assert empty.is_empty
