"""Participation (without the questionnaires, see ``participation_questionnaires``): processes,
phases, workshops and cards, statements, moderation, proposals, the channel report, the
concept by channel, the sources of a measure, and the public consultation pages.

The world: a process on A's draft (marker title) with a phase, a workshop with a card, a
statement and a proposal; an edition of A in consultation with its own content and a process
whose public comment phase runs today, with a pending comment (marker text) and a published
one.

The rules (``teilhabe/participation/selectors.py``): members of the body read its processes
and their inputs; coordinators manage them and alone moderate (pending comments are the
public's unreviewed text); the public reads a process whose edition is adopted or whose public
comment phase is open (404 otherwise), and may comment only then; nothing of A through B's
slug.

Targets: A's draft process (hidden), A's consultation process (open), and A's objects through
B's slug.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils import timezone

from teilhabe.concepts import services as concept_services
from teilhabe.concepts.models import Edition, FieldOfAction, Measure
from teilhabe.participation import comments, proposals, services
from teilhabe.participation.models import (
    Channel,
    Comment,
    Phase,
    Process,
    Proposal,
    Statement,
    Workshop,
)

from .walker import (
    WRITE,
    Pattern,
    Request,
    Target,
    WalkWorld,
    check_args,
    member_page,
    public_page,
    role_in,
)

#: Title of the process on A's draft: internal to A.
PROCESS_A = "BETEILIGUNG-ENTWURF-ALPHA"
#: Text of the comment waiting for moderation: only A's coordinators see it.
PENDING_A = "KOMMENTAR-UNGEPRUEFT-ALPHA"
PUBLISHED_A = "Kommentar veröffentlicht Alpha"

# --- access classes -------------------------------------------------------------------------

#: Signed-in members of the body read (GET only).
MEMBER_READ = {
    "participation:process_list",
    "participation:process_detail",
    "participation:workshop_detail",
    "participation:statement_detail",
    "participation:proposal_list",
    "participation:proposal_detail",
    "participation:channel_report",
    "participation:concept_highlight",
    "participation:measure_sources",
}
#: Coordinators of the body: GET shows a form, POST writes.
COORDINATOR = {
    "participation:process_create",
    "participation:process_edit",
    "participation:phase_create",
    "participation:phase_edit",
    "participation:workshop_create",
    "participation:workshop_edit",
    "participation:statement_create",
    "participation:statement_edit",
    "participation:statement_respond",
    "participation:proposal_create",
    "participation:proposal_outcome",
}
#: Coordinators of the body read (GET only): the moderation queue.
COORDINATOR_READ = {"participation:moderation"}
#: Coordinators of the body, POST only.
COORDINATOR_POST_ONLY = {
    "participation:phase_delete",
    "participation:card_create",
    "participation:comment_moderate",
    "participation:proposal_inputs",
}
#: Anybody reads the body's participation overview.
PUBLIC = {"participation_public:index"}
#: Anybody reads a public process (adopted edition or open comment phase); else 404.
PUBLIC_PROCESS = {"participation_public:process", "participation_public:proposals"}
#: Anybody may comment (POST only) while the phase is open; else 404.
PUBLIC_COMMENT = {"participation_public:comment_submit"}
CLASSES = {
    "MEMBER_READ": MEMBER_READ,
    "COORDINATOR": COORDINATOR,
    "COORDINATOR_READ": COORDINATOR_READ,
    "COORDINATOR_POST_ONLY": COORDINATOR_POST_ONLY,
    "PUBLIC": PUBLIC,
    "PUBLIC_PROCESS": PUBLIC_PROCESS,
    "PUBLIC_COMMENT": PUBLIC_COMMENT,
}
WRITE_VIEWS = COORDINATOR | COORDINATOR_POST_ONLY | PUBLIC_COMMENT

OBJECT_ARGS = ("process", "phase", "workshop", "statement", "comment", "proposal", "measure")
FILLERS = {"body", *OBJECT_ARGS}

BODY_TARGETS = (Target("A", "a", "a"), Target("B", "b", "b"))
PROCESS_TARGETS = (
    Target("A's draft process", "a", "a", hidden=True),
    Target("A's open consultation", "a", "a", variant="open"),
    Target("A's open consultation via B's slug", "b", "a", variant="open"),
)
OBJECT_TARGETS = (Target("A's objects", "a", "a"), Target("A's objects via B's slug", "b", "a"))


@dataclass
class ParticipationWalk:
    draft_process: Process
    open_process: Process
    phase: Phase
    workshop: Workshop
    statement: Statement
    comment: Comment
    proposal: Proposal
    measure: Measure


def build(walk: WalkWorld) -> ParticipationWalk:
    world = walk.world
    coordinator = world.users["coordinator_a"]
    draft = services.process_create(
        user=coordinator, edition=world.a.draft, title=PROCESS_A, channels=[Channel.WORKSHOP]
    )
    phase = services.phase_create(
        user=coordinator,
        process=draft,
        channel=Channel.WORKSHOP,
        title="Workshops",
        start=datetime.date(2025, 2, 1),
        end=datetime.date(2025, 2, 28),
    )
    workshop = services.workshop_create(
        user=coordinator,
        process=draft,
        data={"title": "Workshop", "date": datetime.date(2025, 2, 3)},
    )
    card = services.card_create(user=coordinator, workshop=workshop, text="Karte")
    statement = services.statement_create(
        user=coordinator,
        process=draft,
        data={
            "actor": world.a.partner,
            "title": "Stellungnahme",
            "received": datetime.date(2025, 1, 10),
            "text": "Text",
        },
    )
    proposal = proposals.proposal_create(
        user=coordinator, process=draft, title="Vorschlag", inputs=[card, statement]
    )
    edition = concept_services.edition_create(
        user=coordinator, concept=world.a.concept, label="2026", title="Konsultation Alpha"
    )
    field = concept_services.item_create(
        user=coordinator, model=FieldOfAction, edition=edition, data={"title": "Feld Konsultation"}
    )
    concept_services.measure_create(
        user=coordinator, edition=edition, data={"field": field, "title": "Maßnahme Konsultation"}
    )
    edition = concept_services.edition_set_status(
        user=coordinator, edition=edition, status=Edition.Status.IN_CONSULTATION
    )
    open_process = services.process_create(
        user=coordinator, edition=edition, title="Öffentliche Beteiligung Alpha"
    )
    today = timezone.localdate()
    services.phase_create(
        user=coordinator,
        process=open_process,
        channel=Channel.PUBLIC,
        title="Kommentierung",
        start=today - datetime.timedelta(days=1),
        end=today + datetime.timedelta(days=27),
    )
    pending = comments.comment_submit(
        process=open_process, text=PENDING_A, field=field, sender_address="192.0.2.1"
    )
    published = comments.comment_submit(
        process=open_process, text=PUBLISHED_A, field=field, sender_address="192.0.2.2"
    )
    comments.comment_moderate(
        user=coordinator, comment=published, expected_version=published.version, state="published"
    )
    return ParticipationWalk(
        draft_process=draft,
        open_process=open_process,
        phase=phase,
        workshop=workshop,
        statement=statement,
        comment=pending,
        proposal=proposal,
        measure=world.a.draft_items["measure"],
    )


def forbidden_markers(role: str) -> list[str]:
    markers = []
    if role_in(role, "a") is None:
        markers.append(PROCESS_A)
    if role_in(role, "a") != "coordinator":
        markers.append(PENDING_A)
    return markers


def _object(data: ParticipationWalk, arg: str, target: Target) -> Any:
    if arg == "process":
        return data.open_process if target.variant == "open" else data.draft_process
    return getattr(data, arg)


def requests(pattern: Pattern, walk: WalkWorld) -> list[Request]:
    check_args(pattern, FILLERS, "participation")
    data: ParticipationWalk = walk.participation
    object_args = [a for a in OBJECT_ARGS if a in pattern.args]
    if pattern.name in PUBLIC_PROCESS | PUBLIC_COMMENT or "process" in object_args:
        targets = PROCESS_TARGETS
    elif object_args:
        targets = OBJECT_TARGETS
    else:
        targets = BODY_TARGETS
    result = []
    for target in targets:
        kwargs: dict[str, Any] = {"body": walk.body(target.slug_of).slug}
        for arg in object_args:
            kwargs[arg] = _object(data, arg, target).public_id
        result.append(
            Request(
                pattern, reverse(pattern.name, kwargs=kwargs), target, tuple(sorted(kwargs.items()))
            )
        )
    return result


def expected_status(role: str, request: Request, method: str) -> int | set[int]:
    name, target = request.pattern.name, request.target
    assert target is not None
    if name in PUBLIC:
        return public_page(request, method)
    if name in PUBLIC_PROCESS:
        return public_page(request, method, found=not target.hidden)
    if name in PUBLIC_COMMENT:
        if method != "POST":
            return 405
        return WRITE if not (target.hidden or request.foreign) else 404
    if name in MEMBER_READ:
        return member_page(role, request, method)
    if name in COORDINATOR_READ:
        return member_page(role, request, method, coordinator_only=True)
    if name in COORDINATOR_POST_ONLY:
        return member_page(role, request, method, methods="POST", coordinator_only=True)
    return member_page(role, request, method, methods="GET POST", coordinator_only=True)
