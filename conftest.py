"""Shared fixtures: a small world of two districts, built only through the services.

Each district has an edition in force with one item of every kind, two actors, a focus,
and a draft (a copy of the edition in force, so with lineage) whose field of action and
measure carry marker titles that must never reach anybody outside the district.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.test import Client

from teilhabe.concepts import actors as concept_actors
from teilhabe.concepts import services as concept_services
from teilhabe.concepts.models import (
    Actor,
    Concept,
    Edition,
    FieldOfAction,
    Focus,
    Goal,
    Lineage,
    Measure,
    Objective,
    Principle,
    Section,
)
from teilhabe.core.models import Body, Role, User
from teilhabe.core.services import body_create, membership_create, user_create

#: Marker titles of the drafts: they must only ever be shown to members of their district.
MARKER_A = "ENTWURF-GEHEIM-ALPHA"
MARKER_B = "ENTWURF-GEHEIM-BETA"

#: Every role the access walk tries, anonymous first.
ROLES = ("anonymous", "contributor_a", "council_a", "coordinator_b", "coordinator_a", "superuser")

#: URL kind → model of the tree items.
KIND_MODELS = {
    "principle": Principle,
    "section": Section,
    "field": FieldOfAction,
    "goal": Goal,
    "objective": Objective,
    "measure": Measure,
}


@dataclass
class District:
    body: Body
    concept: Concept
    in_force: Edition
    draft: Edition
    #: kind (as in the URLs) → the item of the edition in force / of the draft
    items: dict[str, Any]
    draft_items: dict[str, Any]
    actor: Actor
    partner: Actor
    lineage: Lineage
    focus: Focus
    marker: str


@dataclass
class World:
    a: District
    b: District
    users: dict[str, User] = field(default_factory=dict)

    def user(self, role: str) -> User | None:
        return None if role == "anonymous" else self.users[role]


def build_district(*, name: str, ags: str, short: str, marker: str, coordinator: User) -> District:
    body = body_create(user=None, name=name, kind="landkreis", ags=ags)
    concept = concept_services.concept_create(
        user=coordinator, body=body, title=f"Integrationskonzept {short}"
    )
    edition = concept_services.edition_create(
        user=coordinator,
        concept=concept,
        label="2022",
        title=f"Integrationskonzept {short} 2022",
        introduction=f"Einleitung {short}.",
    )
    actor = concept_actors.actor_create(
        user=coordinator,
        body=body,
        key="fd-migration",
        data={
            "name": f"Fachdienst Migration {short}",
            "kind": "internal",
            "category": "department",
        },
    )
    partner = concept_actors.actor_create(
        user=coordinator,
        body=body,
        key="kvhs",
        data={"name": f"KVHS {short}", "kind": "external", "category": "adult_education"},
    )

    def add(model: type, **data: Any) -> Any:
        m2m = data.pop("m2m", None)
        return concept_services.item_create(
            user=coordinator, model=model, edition=edition, data=data, m2m=m2m
        )

    principle = add(Principle, title=f"Leitbild {short}", text="Teilhabe für alle.")
    section = add(Section, title=f"Ausgangslage {short}", text="Zahlen und Fakten.")
    field_ = add(FieldOfAction, title=f"Sprache und Bildung {short}")
    goal = add(Goal, field=field_, title=f"Deutschkenntnisse verbessern {short}")
    objective = add(
        Objective, field=field_, title=f"Mehr Sprachkurse {short}", m2m={"goals": [goal]}
    )
    measure = add(
        Measure,
        field=field_,
        title=f"Sprachcafé {short}",
        lead_actor=actor,
        status="in_progress",
        target_groups="Neuzugewanderte",
        m2m={"objectives": [objective], "partner_actors": [partner]},
    )
    in_force = concept_services.edition_set_status(
        user=coordinator,
        edition=edition,
        status=Edition.Status.IN_FORCE,
        valid_from=datetime.date(2022, 6, 1),
    )
    focus = concept_services.focus_create(
        user=coordinator, edition=in_force, year=2023, field=field_, description="Sprache zuerst."
    )
    draft = concept_services.edition_copy(
        user=coordinator, source=in_force, label="2025", title=f"Integrationskonzept {short} 2025"
    )
    draft_items = {
        kind: model.objects.get(edition=draft, key=item.key)
        for kind, model, item in (
            ("principle", Principle, principle),
            ("section", Section, section),
            ("field", FieldOfAction, field_),
            ("goal", Goal, goal),
            ("objective", Objective, objective),
            ("measure", Measure, measure),
        )
    }
    draft_items["field"] = concept_services.item_update(
        user=coordinator,
        item=draft_items["field"],
        expected_version=draft_items["field"].version,
        data={"title": f"{marker}-FELD"},
    )
    draft_items["measure"] = concept_services.item_update(
        user=coordinator,
        item=draft_items["measure"],
        expected_version=draft_items["measure"].version,
        data={"title": f"{marker}-MASSNAHME"},
    )
    in_force.refresh_from_db()
    return District(
        body=body,
        concept=concept,
        in_force=in_force,
        draft=draft,
        items={
            "principle": principle,
            "section": section,
            "field": field_,
            "goal": goal,
            "objective": objective,
            "measure": measure,
        },
        draft_items=draft_items,
        actor=actor,
        partner=partner,
        lineage=Lineage.objects.get(edition=draft),
        focus=focus,
        marker=marker,
    )


@pytest.fixture
def world(db: Any) -> World:
    users = {
        name: user_create(
            acting_user=None,
            username=name,
            password=f"pw-{name}-123",
            is_superuser=name == "superuser",
        )
        for name in (
            "coordinator_a",
            "coordinator_a2",
            "contributor_a",
            "council_a",
            "coordinator_b",
            "superuser",
        )
    }
    a = build_district(
        name="Landkreis Alpha",
        ags="03999",
        short="Alpha",
        marker=MARKER_A,
        coordinator=users["coordinator_a"],
    )
    b = build_district(
        name="Landkreis Beta",
        ags="03998",
        short="Beta",
        marker=MARKER_B,
        coordinator=users["coordinator_b"],
    )
    for name, body, role in (
        ("coordinator_a", a.body, Role.COORDINATOR),
        ("coordinator_a2", a.body, Role.COORDINATOR),
        ("contributor_a", a.body, Role.CONTRIBUTOR),
        ("council_a", a.body, Role.COUNCIL_MEMBER),
        ("coordinator_b", b.body, Role.COORDINATOR),
    ):
        membership_create(acting_user=None, user=users[name], body=body, role=role)
    return World(a=a, b=b, users=users)


@pytest.fixture
def client_for(world: World) -> Callable[[str], Client]:
    """A test client signed in as the world's user of that role (``anonymous``: not signed in)."""

    def make(role: str) -> Client:
        client = Client()
        user = world.user(role)
        if user is not None:
            client.force_login(user)
        return client

    return make
