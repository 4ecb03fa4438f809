"""The council demo: the four seed Vorlagen with their Beratungsfolge, loaded twice."""

import datetime
from decimal import Decimal

import pytest

from teilhabe.concepts import demo as concepts_demo
from teilhabe.concepts.models import Edition
from teilhabe.core import demo as core_demo
from teilhabe.core.models import AuditEntry, Body
from teilhabe.council import demo
from teilhabe.council.models import Consultation, File, Organization, Paper
from teilhabe.council.selectors import decision_control

pytestmark = pytest.mark.django_db


def load_all():
    lines: list[str] = []
    core_demo.load(out=lines.append)
    concepts_demo.load(out=lines.append)
    logins = demo.load(out=lines.append)
    return logins, lines


@pytest.fixture
def loaded(db):
    logins, _lines = load_all()
    assert logins == []


def paper(ags, reference="", title=""):
    papers = Paper.objects.filter(body__territory__ags=ags)
    return papers.get(reference=reference) if reference else papers.get(title=title)


def steps_of(p):
    return [
        (
            c.organization.name,
            c.planned_date,
            c.role,
            c.authoritative,
            c.outcome,
            c.votes_yes,
            c.votes_no,
            c.votes_abstain,
        )
        for c in p.consultations.all()
    ]


def test_loading_twice_changes_nothing(loaded):
    counts = (
        Paper.objects.count(),
        Consultation.objects.count(),
        Organization.objects.count(),
        File.objects.count(),
        AuditEntry.objects.count(),
    )
    assert counts[:4] == (4, 12, 14, 3)
    _logins, lines = load_all()
    assert sum("gibt es schon" in line for line in lines if line.startswith("Vorlage")) == 4
    assert (
        Paper.objects.count(),
        Consultation.objects.count(),
        Organization.objects.count(),
        File.objects.count(),
        AuditEntry.objects.count(),
    ) == counts


def test_wesermarsch(loaded):
    p = paper("03461", "2024/FD91/457")
    assert p.title == "Integrationskonzept 2024 der Koordinierungsstelle Migration und Teilhabe"
    assert p.date == datetime.date(2024, 11, 28)
    assert p.public
    assert p.lead_department.name == "FD Büro des Landrates"
    assert p.lead_department.organization_type == "Verwaltungsbereich"
    assert p.clerk == "Frau Heldberg"
    assert p.file_number == "31_30 Integrationskonzept"
    assert p.decision_proposal == "Das Integrationskonzept 2024 wird beschlossen."
    assert p.facts.startswith("Die Koordinierungsstelle Migration und Teilhabe stellt")
    assert "große Chance und Bereicherung dar" in p.facts
    assert p.facts.endswith("die Arbeit der Koordinierungsstelle Migration und Teilhabe.")
    assert p.climate_text == "./."
    assert "vorhandenen Stellen" in p.personnel_text
    assert "nicht bezifferbar" in p.financial_text
    assert p.financial_amount is None
    assert p.edition.label == "2024"
    assert steps_of(p) == [
        (
            "Ausschuss für Soziales, Gesundheit, Integration",
            datetime.date(2024, 11, 28),
            "",
            False,
            "",
            None,
            None,
            None,
        ),
        ("Kreisausschuss", datetime.date(2024, 12, 9), "", False, "", None, None, None),
        ("Kreistag", datetime.date(2024, 12, 16), "Entscheidung", True, "", None, None, None),
    ]
    (attachment,) = p.files.all()
    assert attachment.name == "Integrationskonzept 2024"
    assert attachment.edition == p.edition
    kreistag = Organization.objects.get(body=p.body, name="Kreistag")
    assert kreistag.classification == "Parlament"


def test_peine(loaded):
    p = paper("03157", "2022/094")
    assert p.date == datetime.date(2022, 5, 30)
    assert p.public
    assert p.lead_department.name == "Referat für Migration und Teilhabe"
    assert p.financial_amount == Decimal("6000")
    assert p.in_budget is True
    assert p.accounts == "4271200 Öffentlichkeitsarbeit; 4271305 Projektkosten Integration"
    assert (
        p.relevance_gender,
        p.relevance_migration,
        p.relevance_prevention,
        p.relevance_education,
        p.relevance_climate,
        p.qualified_majority,
    ) == (True, True, True, True, False, False)
    assert p.decision_proposal.startswith("Der Umsetzung der im Integrationskonzept")
    assert "Bildung:" in p.facts and "Bilduna" not in p.facts and "\\*" not in p.facts
    assert steps_of(p) == [
        ("Kreisausschuss", datetime.date(2022, 6, 22), "Vorberatung", False, "", None, None, None),
        (
            "Kreistag des Landkreises Peine",
            datetime.date(2022, 6, 22),
            "Entscheidung",
            True,
            "",
            None,
            None,
            None,
        ),
    ]
    (attachment,) = p.files.all()
    assert attachment.name == "CIVITAS Integrationskonzept Teil 1"
    assert not attachment.content
    assert attachment.edition.label == "2022 Teil 1"
    assert p.edition.label == "2022 Teil 1"


def test_boerde_kreistag_adopted_unchanged(loaded):
    p = paper("15083", "2018/33/0590")
    assert p.title == "Integrationskonzept für den Landkreis Börde"
    assert p.date is None  # the Bürgerinfo page gives none
    assert p.lead_department.name == "FD Migration"
    assert p.clerk == "Sladky, Corinna"
    assert p.facts.startswith("Der Kreistag beauftragte mit einstimmigem Beschluss")
    assert steps_of(p) == [
        (
            "Kultur- und Sozialausschuss",
            datetime.date(2018, 10, 17),
            "Vorberatung",
            False,
            "",
            None,
            None,
            None,
        ),
        (
            "Kultur- und Sozialausschuss",
            datetime.date(2018, 11, 14),
            "Vorberatung",
            False,
            "",
            None,
            None,
            None,
        ),
        ("Kreisausschuss", datetime.date(2018, 11, 21), "Vorberatung", False, "", None, None, None),
        (
            "Kreistag Landkreis Börde",
            datetime.date(2018, 11, 28),
            "Entscheidung",
            True,
            "ungeändert beschlossen",
            None,
            None,
            None,
        ),
    ]
    kreistag = p.consultations.get(authoritative=True)
    assert kreistag.decided_on == datetime.date(2018, 11, 28)
    assert p.edition.label == "2018"
    assert p.edition.status == Edition.Status.IN_FORCE
    assert p.edition.valid_from == datetime.date(2018, 11, 28)
    (attachment,) = p.files.all()
    assert attachment.name == "Integrationskonzept"
    row = next(r for r in decision_control(user=_superuser(), body=p.body) if r["paper"] == p)
    assert row["done"] and row["last"] == kreistag


def _superuser():
    from teilhabe.core.models import User

    return User.objects.get(username="admin")


def test_rotenburg(loaded):
    p = paper(
        "03357",
        title="Migration/Integration im Landkreis Rotenburg (Wümme); Strategische Schwerpunktsetzung des Integrationskonzeptes",
    )
    assert p.reference == ""
    assert p.lead_department is None
    assert p.financial_amount == Decimal("1000000")
    assert "Sprache und Bildung" in p.decision_proposal
    assert "fur " not in p.decision_proposal and "für" in p.decision_proposal
    assert p.edition.label == "2023"
    assert [(s[0], s[1], s[4], s[5]) for s in steps_of(p)] == [
        ("Ausschuss für Soziales, Arbeit und Gesundheit", datetime.date(2024, 2, 28), "", None),
        ("Kreisausschuss", datetime.date(2024, 2, 29), "", None),
        ("Kreistag", datetime.date(2024, 3, 7), "", None),
    ]
    assert not p.files.exists()


def test_demo_papers_are_public_on_the_portal(loaded, client):
    body = Body.objects.get(territory__ags="15083")
    page = client.get(f"/{body.slug}/papers/").content.decode()
    assert "Integrationskonzept für den Landkreis Börde" in page
    p = paper("15083", "2018/33/0590")
    detail = client.get(f"/{body.slug}/papers/{p.public_id}/").content.decode()
    assert "ungeändert beschlossen" in detail or "adopted unchanged" in detail
