"""A council world for the OParl tests, on top of the districts of the root ``conftest.py``.

Built through the council services. Person, Membership, LegislativeTerm and a File with stored
content have no service yet; they are created through the ORM here (see the report).
"""

import datetime
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.test import Client

from teilhabe.council import services
from teilhabe.council.models import (
    AgendaItem,
    Consultation,
    File,
    LegislativeTerm,
    Meeting,
    Membership,
    Organization,
    Paper,
    Person,
)

#: Appears only in non-public data; must never reach an OParl response.
SECRET = "NICHTOEFFENTLICH-OPARL-GEHEIM"
BASE = "https://testserver/oparl/v1/"


@dataclass
class Council:
    body: Any
    committee: Organization
    main_committee: Organization
    council: Organization
    department: Organization
    paper: Paper
    steps: list[Consultation]
    secret: Paper
    deleted: Paper
    meeting: Meeting
    items: dict[str, AgendaItem] = field(default_factory=dict)
    files: dict[str, File] = field(default_factory=dict)
    person: Person | None = None
    membership: Membership | None = None
    term: LegislativeTerm | None = None


def build(district: Any, user: Any, *, full: bool) -> Council:
    body = district.body

    def org(name: str, classification: str, **extra: Any) -> Organization:
        return services.organization_create(
            user=user, body=body, data={"name": name, "classification": classification, **extra}
        )

    committee = org("Ausschuss für Soziales und Integration", "Ausschuss", seats=11)
    main_committee = org("Kreisausschuss", "Hauptausschuss", seats=9)
    council = org("Kreistag", "Parlament", seats=50)
    department = org("Fachdienst Migration", "", organization_type="Verwaltungsbereich")
    paper = services.paper_create(
        user=user,
        body=body,
        edition=district.in_force,
        data={
            "reference": "2024/033/0590",
            "title": f"Integrationskonzept {body.name} – Fortschreibung",
            "date": datetime.date(2024, 1, 10),
            "lead_department": department,
            "decision_proposal": "Das Integrationskonzept wird beschlossen.",
        },
    )
    steps = [
        services.consultation_add(
            user=user,
            paper=paper,
            organization=organization,
            planned_date=datetime.date(2024, 2, day),
            role=role,
            authoritative=authoritative,
        )
        for organization, day, role, authoritative in (
            (committee, 1, "Vorberatung", False),
            (main_committee, 8, "Vorberatung", False),
            (council, 15, "Entscheidung", True),
        )
    ]
    edition_file = services.file_attach_edition(user=user, paper=paper, edition=district.in_force)
    location = services.location_ensure(
        user=user, body=body, description="Kreishaus, Sitzungssaal 1"
    )
    meeting = services.meeting_create(
        user=user,
        body=body,
        data={
            "name": "3. Sitzung des Ausschusses für Soziales und Integration",
            "organization": committee,
            "start": datetime.datetime(2024, 2, 1, 15, 0, tzinfo=datetime.UTC),
            "state": Meeting.State.HELD,
            "location": location,
        },
    )
    items = {
        "opening": services.agenda_item_create(
            user=user, meeting=meeting, data={"number": "1", "name": "Eröffnung der Sitzung"}
        ),
        "paper": services.agenda_item_create(
            user=user,
            meeting=meeting,
            data={"number": "2", "name": "Integrationskonzept – Fortschreibung"},
            consultation=steps[0],
        ),
    }
    steps[0] = services.consultation_record_outcome(
        user=user,
        consultation=Consultation.objects.get(pk=steps[0].pk),
        expected_version=Consultation.objects.get(pk=steps[0].pk).version,
        outcome=Consultation.Outcome.ADOPTED,
        decided_on=datetime.date(2024, 2, 1),
        votes_yes=9,
        votes_no=1,
        votes_abstain=1,
    )
    secret = services.paper_create(
        user=user,
        body=body,
        data={
            "reference": "2024/099",
            "title": f"{SECRET} Vorlage",
            "public": False,
            "decision_proposal": f"{SECRET} Beschlussvorschlag",
            "lead_department": department,
        },
    )
    secret_step = services.consultation_add(
        user=user,
        paper=secret,
        organization=committee,
        planned_date=datetime.date(2024, 2, 1),
        role="Entscheidung",
        authoritative=True,
    )
    services.file_attach_edition(
        user=user, paper=secret, edition=district.in_force, name=f"{SECRET} Anlage"
    )
    items["secret_public_item"] = services.agenda_item_create(
        user=user,
        meeting=meeting,
        data={"number": "3", "name": f"{SECRET} öffentlicher TOP zur geheimen Vorlage"},
        consultation=secret_step,
    )
    items["non_public"] = services.agenda_item_create(
        user=user,
        meeting=meeting,
        data={"number": "4", "name": f"{SECRET} nichtöffentlicher TOP", "public": False},
    )
    items["closing"] = services.agenda_item_create(
        user=user, meeting=meeting, data={"number": "5", "name": "Verschiedenes"}
    )
    services.consultation_record_outcome(
        user=user,
        consultation=Consultation.objects.get(pk=secret_step.pk),
        expected_version=Consultation.objects.get(pk=secret_step.pk).version,
        outcome=Consultation.Outcome.REJECTED,
        decided_on=datetime.date(2024, 2, 1),
        votes_yes=3,
        votes_no=7,
        votes_abstain=1,
        resolution_text=f"{SECRET} Beschluss",
    )
    deleted = services.paper_create(
        user=user,
        body=body,
        data={"reference": "2024/050", "title": "Zurückgezogene Vorlage", "public": True},
    )
    services.consultation_add(user=user, paper=deleted, organization=committee)
    services.paper_delete(user=user, paper=deleted)
    result = Council(
        body=body,
        committee=committee,
        main_committee=main_committee,
        council=council,
        department=department,
        paper=paper,
        steps=steps,
        secret=secret,
        deleted=deleted,
        meeting=meeting,
        items=items,
        files={"edition": edition_file},
    )
    if full:
        # No services for these yet: created through the ORM.
        result.term = LegislativeTerm.objects.create(
            body=body,
            name="Wahlperiode 2021–2026",
            start_date=datetime.date(2021, 11, 1),
            end_date=datetime.date(2026, 10, 31),
        )
        result.person = Person.objects.create(body=body, name="Erika Mustermann")
        result.membership = Membership.objects.create(
            person=result.person, organization=committee, role="Vorsitzende"
        )
        stored = File(
            body=body,
            paper=paper,
            name="Stellungnahme der KMV",
            file_name="Stellungnahme KMV.txt",
            mime_type="text/plain",
            size=len("Stellungnahme – Text".encode()),
            text="Stellungnahme – Text",
        )
        stored.content.save("stellungnahme.txt", ContentFile("Stellungnahme – Text".encode()))
        result.files["stored"] = stored
        secret_stored = File(
            body=body, paper=secret, name=f"{SECRET} Datei", file_name="geheim.txt"
        )
        secret_stored.content.save("geheim.txt", ContentFile(SECRET.encode()))
        result.files["secret_stored"] = secret_stored
    return result


@pytest.fixture
def oparl(world: Any, settings: Any, tmp_path: Any) -> dict[str, Council]:
    settings.MEDIA_ROOT = tmp_path
    return {
        "a": build(world.a, world.users["coordinator_a"], full=True),
        "b": build(world.b, world.users["coordinator_b"], full=False),
    }


@pytest.fixture
def api() -> Client:
    return Client()
