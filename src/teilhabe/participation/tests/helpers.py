"""Builders of participation data for the tests (through the services only)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from conftest import World
from django.utils import timezone

from teilhabe.concepts import services as concept_services
from teilhabe.concepts.models import Edition, FieldOfAction, Measure
from teilhabe.participation import services
from teilhabe.participation.models import Channel, Phase, Process

#: Title of the field of action of A's consultation draft: public only while the phase runs.
CONSULTED_FIELD = "KONSULTATION-FELD-ALPHA"
CONSULTED_MEASURE = "KONSULTATION-MASSNAHME-ALPHA"


@dataclass
class Consultation:
    edition: Edition
    field: FieldOfAction
    measure: Measure
    process: Process
    phase: Phase


def build_consultation(world: World, *, open_phase: bool = True) -> Consultation:
    """An edition of A in consultation with its own content and a process whose public
    comment phase runs today (or ended yesterday)."""
    coordinator = world.users["coordinator_a"]
    edition = concept_services.edition_create(
        user=coordinator, concept=world.a.concept, label="2026", title="Entwurf 2026 Alpha"
    )
    field = concept_services.item_create(
        user=coordinator, model=FieldOfAction, edition=edition, data={"title": CONSULTED_FIELD}
    )
    measure = concept_services.measure_create(
        user=coordinator, edition=edition, data={"field": field, "title": CONSULTED_MEASURE}
    )
    edition = concept_services.edition_set_status(
        user=coordinator, edition=edition, status=Edition.Status.IN_CONSULTATION
    )
    process = services.process_create(
        user=coordinator,
        edition=edition,
        title="Öffentliche Beteiligung Alpha",
        channels=[Channel.PUBLIC],
    )
    today = timezone.localdate()
    start, end = (
        (today - datetime.timedelta(days=3), today + datetime.timedelta(days=25))
        if open_phase
        else (today - datetime.timedelta(days=30), today - datetime.timedelta(days=1))
    )
    phase = services.phase_create(
        user=coordinator,
        process=process,
        channel=Channel.PUBLIC,
        title="Öffentliche Kommentierung",
        start=start,
        end=end,
    )
    return Consultation(edition=edition, field=field, measure=measure, process=process, phase=phase)


def draft_process(world: World) -> Process:
    """A process on A's draft (status draft: never public)."""
    return services.process_create(
        user=world.users["coordinator_a"],
        edition=world.a.draft,
        title="Beteiligung Entwurf Alpha",
        channels=[Channel.WORKSHOP, Channel.MIGRANT_COUNCIL],
    )


def post_comment(
    client: Any, url: str, subject: str, text: str, addr: str = "192.0.2.10", **extra: Any
) -> Any:
    data = {"subject": subject, "text": text, "author": "", "website": ""} | extra
    return client.post(url, data, REMOTE_ADDR=addr)
