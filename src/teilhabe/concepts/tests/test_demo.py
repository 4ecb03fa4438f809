"""``load_demo``: the demo districts encoded from the seed documents, and their logins."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.management import call_command

from teilhabe.concepts.models import (
    Edition,
    FieldOfAction,
    Focus,
    Goal,
    Measure,
    Objective,
    Principle,
    Section,
)
from teilhabe.core.models import Body, Membership, Role

from .factories import counts

#: What the seed 001 (Wesermarsch presentation) has per Themenfeld: goals, objectives, measures.
WESERMARSCH = [
    ("Interkulturelle Öffnung", 2, 4, 4),
    ("Partizipation durch Sprache, Bildung und Beruf", 4, 4, 5),
    ("Zugewanderte Kinder und Jugendliche", 4, 4, 4),
    ("Gesundheit", 2, 4, 4),
    ("Gleichstellung der Geschlechter", 2, 4, 4),
    ("Ehrenamt und bürgerschaftliches Engagement", 3, 4, 4),
    ("Themenunabhängige Maßnahmen", 0, 3, 3),
]


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=io.StringIO())


def edition(ags: str, label: str) -> Edition:
    return Edition.objects.select_related("concept__body", "predecessor").get(
        concept__body__territory__ags=ags, label=label
    )


def test_load_demo_twice_changes_nothing(demo):
    before = counts()
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert counts() == before
    assert "gibt es schon" in out.getvalue()
    # The four demo districts, and the Land body Niedersachsen of the reception demo.
    assert sorted(Body.objects.values_list("territory__ags", "slug", "is_demo")) == [
        ("03", "niedersachsen", False),
        ("03157", "peine", True),
        ("03357", "rotenburg-wuemme", True),
        ("03461", "wesermarsch", True),
        ("15083", "boerde", True),
    ]
    assert before["Body"] == 5 and before["Edition"] == 5 and before["User"] == 14


def test_load_demo_prints_the_logins(db):
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    text = out.getvalue()
    assert "admin" in text and "teilhabe-admin" in text
    assert "rotenburg-wuemme-kreistag" in text and "teilhabe-demo" in text


def test_wesermarsch(demo):
    e = edition("03461", "2024")
    assert e.concept.body.name == "Landkreis Wesermarsch" and e.concept.body.ags == "03461"
    assert e.concept.title == "Integrationskonzept Landkreis Wesermarsch"
    assert e.title == "Integrationskonzept 2024"
    assert e.status == Edition.Status.IN_FORCE
    assert (e.valid_from, e.review_due) == (
        datetime.date(2024, 12, 16),
        datetime.date(2026, 12, 16),
    )
    assert "2024/FD91/457" in e.source_note and "16.12.2024" in e.source_note
    fields = list(FieldOfAction.objects.filter(edition=e).order_by("position"))
    assert [
        (f.title, f.goals.count(), f.objectives.count(), f.measures.count()) for f in fields
    ] == WESERMARSCH
    assert [f.cross_cutting for f in fields] == [False] * 6 + [True]
    assert Goal.objects.filter(edition=e).count() == 17
    assert Objective.objects.filter(edition=e).count() == 27
    assert Measure.objects.filter(edition=e).count() == 28
    # Every measure serves exactly one objective of its own field; the n-th cell the n-th.
    for measure in Measure.objects.filter(edition=e):
        assert [o.field_id for o in measure.objectives.all()] == [measure.field_id]
    kmv = Measure.objects.get(edition=e, title="weiterführende Sprachkurse")
    assert kmv.source_note.startswith("Beitrag der Kommunalen Migrationsvertretung (KMV)")
    assert list(kmv.objectives.values_list("title", flat=True)) == ["Sprachförderung ausbauen"]
    budget = Measure.objects.get(edition=e, planned_budget__isnull=False)
    assert budget.planned_budget == Decimal("10000.00")
    assert budget.title.startswith("Finanzielle Ausstattung der Koordinierungsstelle")
    assert not Measure.objects.filter(edition=e, lead_actor__isnull=False).exists()
    assert not Measure.objects.exclude(status="").filter(edition=e).exists()
    assert e.concept.body.actors.count() == 2
    assert [(a.key, a.name, a.kind, a.category) for a in e.concept.body.actors.order_by("key")] == [
        ("kmt", "Koordinierungsstelle Migration und Teilhabe", "internal", "department"),
        ("kmv", "Kommunale Migrationsvertretung (KMV)", "external", "migrant_council"),
    ]
    assert [p.title for p in Principle.objects.filter(edition=e)] == [
        "Integration als kommunale Gesamtaufgabe"
    ]
    assert list(
        Section.objects.filter(edition=e).order_by("position").values_list("title", flat=True)
    ) == [
        "Ausgangssituation",
        "Integrationskonzept Wesermarsch – Hintergrund",
        "Methodisches Vorgehen: Beteiligungsprozesse",
    ]


def test_boerde(demo):
    e = edition("15083", "2018")
    assert e.status == Edition.Status.IN_FORCE and e.valid_from == datetime.date(2018, 11, 28)
    assert "ungeändert beschlossen" in e.source_note and "2018/33/0590" in e.source_note
    assert list(
        FieldOfAction.objects.filter(edition=e).order_by("position").values_list("title", flat=True)
    ) == [
        "Frühkindliche und (außer-)schulische Bildung",
        "Spracherwerb",
        "Ausbildung und Erwerbsleben",
        "Soziale Integration",
        "Bürgerschaftliches Engagement",
        "Gesundheit",
    ]
    assert e.concept.body.actors.count() == 3


def test_rotenburg(demo):
    e = edition("03357", "2023")
    assert e.concept.body.name == "Landkreis Rotenburg (Wümme)"
    assert e.status == Edition.Status.IN_FORCE and e.valid_from == datetime.date(2023, 3, 15)
    assert FieldOfAction.objects.filter(edition=e).count() == 4
    assert not Measure.objects.filter(edition=e).exists()
    focus = Focus.objects.get(edition=e)
    assert focus.year == 2024 and focus.field.title == "Sprache und Bildung"
    assert (
        "1 Mio. €" in focus.description and "für das Jahr 2024 für Sprachkurse" in focus.description
    )
    assert "07.03.2024" in focus.source_note


def test_peine(demo):
    first, second = edition("03157", "2022 Teil 1"), edition("03157", "2022 Teil 2")
    assert first.status == Edition.Status.IN_FORCE and first.valid_from == datetime.date(
        2022, 6, 22
    )
    assert "2022/094" in first.source_note and "nicht enthalten" in first.source_note
    assert second.status == Edition.Status.DRAFT and second.predecessor == first
    assert second.title == "Integrationskonzept des Landkreises Peine – Teil 2: Beteiligungsprozess"
    for model in (Principle, Section):
        assert list(
            model.objects.filter(edition=first).order_by("position").values_list("key", flat=True)
        ) == list(
            model.objects.filter(edition=second).order_by("position").values_list("key", flat=True)
        )
    assert Section.objects.get(edition=first, key="verstaendnis").text == ""
    assert Principle.objects.filter(edition=first).count() == 2


def test_demo_logins_work(demo, client):
    assert client.login(username="admin", password="teilhabe-admin")
    client.logout()
    for slug in ("wesermarsch", "peine", "boerde", "rotenburg-wuemme"):
        for suffix, role in (
            ("koordination", Role.COORDINATOR),
            ("beitrag", Role.CONTRIBUTOR),
            ("kreistag", Role.COUNCIL_MEMBER),
        ):
            assert client.login(username=f"{slug}-{suffix}", password="teilhabe-demo")
            client.logout()
            membership = Membership.objects.get(user__username=f"{slug}-{suffix}")
            assert (membership.body.slug, membership.role) == (slug, role)
