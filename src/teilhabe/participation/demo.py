"""Demo data of participation: the Wesermarsch process as seed 001 describes it.

The presentation of the Integrationskonzept 2024 (seed 001, "Methodisches Vorgehen:
Beteiligungsprozesse") names four channels: a questionnaire to the district administration,
workshops with external actors, the Kommunale Migrationsvertretung (KMV, whose contributions
are marked in the presentation) and the political committees. Only the committees have dates
(Beschlussvorlage 2024/FD91/457, seed 000: Ausschuss 28.11.2024 → Kreisausschuss 09.12.2024
→ Kreistag 16.12.2024), so only the politics phase is recorded; the questionnaire, workshop and
KMV phases are left out rather than given invented dates. No workshop, card or questionnaire
answer is invented either.

The KMV's contribution "weiterführende Sprachkurse" (bold in the seed) is recorded as a
statement and as an adopted proposal that became the measure ``sbb-m2-kmv`` of the demo
edition. Its date of receipt is not in the seeds: the statement carries the date of the
committee meeting at which the concept with the contribution was presented (28.11.2024), the
latest day it can have been received, and says so in its source note.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

from teilhabe.concepts.models import Actor, Edition, Measure
from teilhabe.core.demo import AGENT, Login

from . import proposals, services
from .models import Channel, Process, Proposal

WESERMARSCH_AGS = "03461"
TITLE = "Beteiligungsprozess zum Integrationskonzept 2024"
KMV_MEASURE_KEY = "sbb-m2-kmv"
SOURCE = (
    "Präsentation des Integrationskonzeptes 2024 im Ausschuss für Soziales, Gesundheit, "
    "Integration (Folie „Methodisches Vorgehen: Beteiligungsprozesse“); Termine der Gremien aus "
    "der Beschlussvorlage 2024/FD91/457 vom 28.11.2024."
)
DESCRIPTION = (
    "Beteiligungsprozesse bei der Erstellung des Integrationskonzeptes 2024:\n"
    "- Beteiligung der Kreisverwaltung: Fragebogen\n"
    "- Beteiligung externer Akteur*innen: Workshops\n"
    "- Beteiligung zugewanderter Menschen: die Kommunale Migrationsvertretung (KMV); ihre "
    "Beiträge sind in der Präsentation blau markiert\n"
    "- Beteiligung der Politik: Ausschuss für Soziales, Gesundheit, Integration; Kreisausschuss "
    "und Kreistag\n"
    "\n"
    "Für Fragebogen, Workshops und die Beteiligung der KMV nennen die Quellen keine Termine; "
    "sie sind deshalb ohne Phase erfasst."
)


def load(*, out: Callable[[str], None]) -> list[Login]:
    _load_process(out)
    # The questionnaire helper's sample questionnaire hangs on this process; load_demo only
    # discovers ``participation.demo``, so it is called from here (it is idempotent).
    from .questionnaires import demo as questionnaire_demo

    questionnaire_demo.load(out=out)
    return []


def _load_process(out: Callable[[str], None]) -> None:
    edition = Edition.objects.filter(
        concept__body__territory__ags=WESERMARSCH_AGS, label="2024"
    ).first()
    if edition is None:
        out("Beteiligung: keine Wesermarsch-Ausgabe 2024 gefunden, übersprungen.")
        return
    if Process.objects.filter(edition=edition, title=TITLE).exists():
        out(f"Beteiligung: „{TITLE}“ gibt es schon.")
        return
    process = services.process_create(
        user=None,
        edition=edition,
        title=TITLE,
        description=DESCRIPTION,
        source_note=SOURCE,
        channels=[
            Channel.ADMINISTRATION,
            Channel.WORKSHOP,
            Channel.MIGRANT_COUNCIL,
            Channel.POLITICS,
        ],
        agent=AGENT,
    )
    services.phase_create(
        user=None,
        process=process,
        channel=Channel.POLITICS,
        title="Beratung in den Gremien: Ausschuss für Soziales, Gesundheit, Integration, "
        "Kreisausschuss, Kreistag",
        start=datetime.date(2024, 11, 28),
        end=datetime.date(2024, 12, 16),
        description="Ausschuss 28.11.2024 → Kreisausschuss 09.12.2024 → Kreistag 16.12.2024 "
        "(Beschlussvorlage 2024/FD91/457).",
        agent=AGENT,
    )
    kmv = Actor.objects.filter(body=edition.concept.body, key="kmv").first()
    measure = Measure.objects.filter(edition=edition, key=KMV_MEASURE_KEY).first()
    statement = services.statement_create(
        user=None,
        process=process,
        data={
            "channel": Channel.MIGRANT_COUNCIL,
            "actor": kmv,
            "author": "" if kmv else "Kommunale Migrationsvertretung (KMV)",
            "title": "Beitrag der KMV: weiterführende Sprachkurse",
            "received": datetime.date(2024, 11, 28),
            "text": "Themenfeld „Partizipation durch Sprache, Bildung und Beruf“, Teilziel "
            "„Sprachförderung ausbauen“: weiterführende Sprachkurse.",
            "source_note": "Präsentation des Integrationskonzeptes 2024 (seed 001): in der "
            "Präsentation blau markierter Beitrag der KMV. Das Eingangsdatum ist nicht "
            "überliefert; eingetragen ist der Tag der Präsentation im Ausschuss (28.11.2024), "
            "an dem der Beitrag spätestens vorlag.",
        },
        agent=AGENT,
    )
    proposal = proposals.proposal_create(
        user=None,
        process=process,
        title="Weiterführende Sprachkurse",
        text="Über Integrationskurse und Sprachcafés hinaus weiterführende Sprachkurse anbieten.",
        field=measure.field if measure else None,
        inputs=[statement],
        agent=AGENT,
    )
    if measure is not None:
        proposals.proposal_decide(
            user=None,
            proposal=proposal,
            expected_version=proposal.version,
            outcome=Proposal.Outcome.ACCEPTED,
            measure=measure,
            decided=edition.valid_from,  # the demo edition is in force from then
            agent=AGENT,
        )
    out(
        f"Beteiligung: „{TITLE}“ für {edition.concept.body.name} angelegt "
        "(4 Kanäle, 1 Phase, Beitrag der KMV → Maßnahme „weiterführende Sprachkurse“)."
    )
