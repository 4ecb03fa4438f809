"""Data for the document tests, built through the services on top of the shared ``world``.

District A's edition in force gets the hard cases: typst's special characters, umlauts, a
20.000-character description, an empty chapter, a measure of the Kommunale
Migrationsvertretung with budget and timeframe. District A gets a public Beschlussvorlage
for its draft (with a Beratungsfolge, one recorded vote and the draft attached) and a
non-public paper.
"""

import datetime
import io
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from conftest import World

from teilhabe.concepts import services as concept_services
from teilhabe.concepts.models import Edition, FieldOfAction, Measure, Section
from teilhabe.council import services as council_services
from teilhabe.council.models import Consultation, File, Organization, Paper

#: Every character typst gives a meaning in markup, with umlauts and quotes.
SPECIAL = "Sonderzeichen # * _ $ @ < > [ ] \\ ` \" ' ~ = + - / // /* */ ... -- ÄÖÜ äöü ß € „Zitat“"
#: A 20.000-character text of words, with a marker at its end.
LONG_TEXT = ("Überlänge " * 2000)[:19990] + " ENDE-LANG"
KMV_TITLE = "Weiterführende Sprachkurse für Zugewanderte"
PAPER_TITLE = "Integrationskonzept 2025 – Fortschreibung für Groß & Klein"


@dataclass
class PaperWorld:
    world: World
    edition: Edition
    paper: Paper
    hidden: Paper
    steps: list[Consultation]
    edition_file: File


def load_pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


@pytest.fixture
def rich_edition(world: World) -> Edition:
    """District A's edition in force, with the hard cases added."""
    user = world.users["coordinator_a"]
    edition = world.a.in_force
    edition = concept_services.edition_update(
        user=user,
        edition=edition,
        expected_version=edition.version,
        data={"introduction": f"Einleitung mit {SPECIAL}\n\n- Punkt eins\n  - Unterpunkt"},
    )
    field = world.a.items["field"]

    def add(model: type, **data: Any) -> Any:
        m2m = data.pop("m2m", None)
        return concept_services.item_create(
            user=user, model=model, edition=edition, data=data, m2m=m2m
        )

    add(Section, title="Leeres Kapitel", text="")
    add(Section, title=f"Kapitel {SPECIAL}", text=SPECIAL)
    add(
        Measure,
        field=field,
        title=KMV_TITLE,
        description=LONG_TEXT,
        planned_budget=Decimal("10000"),
        start=datetime.date(2025, 1, 1),
        end=datetime.date(2026, 12, 31),
        lead_actor=world.a.partner,
        source_note="Beitrag der Kommunalen Migrationsvertretung (KMV)",
    )
    add(FieldOfAction, title="Gesundheit und Prävention – leer")
    edition.refresh_from_db()
    return edition


@pytest.fixture
def papers(world: World) -> PaperWorld:
    user = world.users["coordinator_a"]
    body = world.a.body

    def organization(name: str, **data: Any) -> Organization:
        return council_services.organization_create(
            user=user, body=body, data={"name": name, **data}
        )

    committee = organization(
        "Ausschuss für Soziales, Gesundheit, Integration", classification="Ausschuss"
    )
    main = organization("Kreisausschuss", classification="Hauptausschuss")
    council = organization("Kreistag", classification="Parlament", seats=50)
    lead = organization(
        "FD Büro des Landrates",
        organization_type=Organization.OrganizationType.ADMINISTRATION,
    )
    paper = council_services.paper_create(
        user=user,
        body=body,
        edition=world.a.draft,
        data={
            "reference": "2024/FD91/457",
            "title": PAPER_TITLE,
            "date": datetime.date(2024, 11, 28),
            "public": True,
            "lead_department": lead,
            "clerk": "Frau Heldberg",
            "file_number": "31_30 Integrationskonzept",
            "decision_proposal": "Das Integrationskonzept 2025 wird beschlossen.",
            "facts": f"Sachverhalt mit Umlauten: Größe, Übung, Äpfel.\n\n{SPECIAL}\n\n- erster Punkt\n- zweiter Punkt",
            "financial_amount": Decimal("10000"),
            "in_budget": True,
            "accounts": "Produktsachkonto: 4271200 Öffentlichkeitsarbeit",
            "personnel_text": "Die Maßnahmen werden mit den vorhandenen Stellen umgesetzt.",
            "relevance_gender": True,
            "relevance_migration": True,
            "relevance_climate": False,
            "climate_text": "",
        },
    )
    steps = [
        council_services.consultation_add(
            user=user,
            paper=paper,
            organization=org,
            planned_date=day,
            role=role,
            authoritative=authoritative,
        )
        for org, day, role, authoritative in (
            (committee, datetime.date(2024, 11, 28), Consultation.Role.PRELIMINARY, False),
            (main, datetime.date(2024, 12, 9), Consultation.Role.PRELIMINARY, False),
            (council, datetime.date(2024, 12, 16), Consultation.Role.DECISION, True),
        )
    ]
    steps[0] = council_services.consultation_record_outcome(
        user=user,
        consultation=steps[0],
        expected_version=steps[0].version,
        outcome=Consultation.Outcome.ADOPTED,
        decided_on=datetime.date(2024, 11, 28),
        votes_yes=11,
        votes_no=2,
        votes_abstain=1,
    )
    edition_file = council_services.file_attach_edition(
        user=user, paper=paper, edition=world.a.draft
    )
    hidden = council_services.paper_create(
        user=user,
        body=body,
        data={
            "reference": "2024/NÖ/1",
            "title": "Nichtöffentliche Personalangelegenheit",
            "public": False,
            "date": datetime.date(2024, 10, 1),
        },
    )
    return PaperWorld(
        world=world,
        edition=world.a.draft,
        paper=paper,
        hidden=hidden,
        steps=steps,
        edition_file=edition_file,
    )
