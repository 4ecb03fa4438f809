"""Council fixtures on top of the world of ``conftest.py``: committees, a public and a
non-public paper per district, built only through the services."""

import datetime
from dataclasses import dataclass
from typing import Any

import pytest

from teilhabe.council import services
from teilhabe.council.models import Consultation, Meeting, Organization, Paper

#: Titles of non-public papers: only coordinators and council members of the body may see them.
SECRET_A = "NICHTOEFFENTLICH-VORLAGE-ALPHA"
SECRET_B = "NICHTOEFFENTLICH-VORLAGE-BETA"


@dataclass
class CouncilData:
    committee: Organization
    main_committee: Organization
    council: Organization
    department: Organization
    paper: Paper
    steps: list[Consultation]
    secret: Paper
    meeting: Meeting


def build_council(district: Any, user: Any, secret_title: str) -> CouncilData:
    body = district.body

    def org(name: str, classification: str, **extra: Any) -> Organization:
        return services.organization_create(
            user=user, body=body, data={"name": name, "classification": classification, **extra}
        )

    committee = org("Ausschuss für Soziales", "Ausschuss", seats=11)
    main_committee = org("Kreisausschuss", "Hauptausschuss", seats=9)
    council = org("Kreistag", "Parlament", seats=50)
    department = org("Fachdienst Migration", "", organization_type="Verwaltungsbereich")
    paper = services.paper_create(
        user=user,
        body=body,
        data={
            "reference": "2024/001",
            "title": f"Öffentliche Vorlage {body.name}",
            "date": datetime.date(2024, 1, 10),
            "lead_department": department,
            "decision_proposal": "Das Konzept wird beschlossen.",
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
    secret = services.paper_create(
        user=user,
        body=body,
        data={"reference": "2024/002", "title": secret_title, "public": False},
    )
    services.consultation_add(user=user, paper=secret, organization=main_committee)
    meeting = services.meeting_create(
        user=user,
        body=body,
        data={
            "name": "1. Sitzung des Kreisausschusses",
            "organization": main_committee,
            "start": datetime.datetime(2024, 2, 8, 15, 0, tzinfo=datetime.UTC),
        },
    )
    services.agenda_item_create(
        user=user,
        meeting=meeting,
        data={"number": "7", "name": secret_title, "public": False},
        consultation=secret.consultations.get(),
    )
    return CouncilData(
        committee=committee,
        main_committee=main_committee,
        council=council,
        department=department,
        paper=paper,
        steps=steps,
        secret=secret,
        meeting=meeting,
    )


@pytest.fixture
def council(world: Any) -> dict[str, CouncilData]:
    return {
        "a": build_council(world.a, world.users["coordinator_a"], SECRET_A),
        "b": build_council(world.b, world.users["coordinator_b"], SECRET_B),
    }
