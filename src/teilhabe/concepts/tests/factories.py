"""Helpers for the concepts tests: plain functions that call the services."""

import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from teilhabe.concepts import actors, lineage, services
from teilhabe.concepts.exchange import edition_import, load_file
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
from teilhabe.core.models import AuditEntry, Body, Membership, Territory, User
from teilhabe.core.services import body_create, user_create

DEMO_DIR = Path(services.__file__).with_name("demo")

#: Every model an import can write, in the order they can be deleted.
MODELS = [
    Lineage,
    Focus,
    Measure,
    Objective,
    Goal,
    FieldOfAction,
    Principle,
    Section,
    Edition,
    Concept,
    Actor,
    AuditEntry,
    Membership,
    Body,
    Territory,
]


def demo_file(name: str) -> Path:
    return DEMO_DIR / name


def import_demo(name: str, **kwargs: Any) -> Edition:
    return edition_import(data=load_file(demo_file(name)), **kwargs)


def counts() -> dict[str, int]:
    """Rows per model, soft-deleted ones included."""
    result = {m.__name__: m.all_objects.count() for m in MODELS if m is not AuditEntry}
    result["AuditEntry"] = AuditEntry.objects.count()
    result["User"] = User.objects.count()
    return result


def wipe() -> None:
    """Hard-delete everything an import writes (bodies and Kreis territories included)."""
    Edition.all_objects.update(predecessor=None)
    for model in MODELS:
        if model is AuditEntry:
            AuditEntry.objects.all().delete()
        elif model is Territory:
            Territory.all_objects.filter(level=Territory.Level.KREIS).delete()
        else:
            model.all_objects.all().delete()


def make_user(username: str = "koordination") -> User:
    return user_create(acting_user=None, username=username, password="secret-password")


def make_edition_with_lineage(user: User) -> tuple[Edition, Edition]:
    """Edition 2020 (superseded) and its successor 2022 (in force) with every kind of lineage.

    In 2022: m1 is dropped, m2 merged into m3, m4 split into m4 and a new part, m5 continued.
    """
    body = body_create(user=user, name="Landkreis Testhausen", kind="landkreis", ags="03999")
    concept = services.concept_create(user=user, body=body, title="Integrationskonzept Testhausen")
    first = services.edition_create(
        user=user,
        concept=concept,
        label="2020",
        title="Integrationskonzept 2020",
        introduction="Erste Zeile\nzweite Zeile",
        source_note="Kreistag, 01.02.2020",
    )
    lead = actors.actor_create(
        user=user,
        body=body,
        key="fd-soziales",
        data={"name": "Fachdienst Soziales", "kind": "internal", "category": "department"},
    )
    partner = actors.actor_create(
        user=user,
        body=body,
        key="kvhs",
        data={
            "name": "KVHS",
            "kind": "external",
            "category": "adult_education",
            "description": "Kurse",
        },
    )
    services.item_create(
        user=user,
        model=Principle,
        edition=first,
        key="leitbild",
        data={"title": "Leitbild", "text": "Vielfalt „leben“"},
    )
    services.item_create(
        user=user,
        model=Section,
        edition=first,
        key="lage",
        data={"title": "Ausgangslage", "text": "- Punkt 1\n- Punkt 2\n"},
    )
    field = services.item_create(
        user=user,
        model=FieldOfAction,
        edition=first,
        key="sprache",
        data={"title": "Sprache", "description": "Deutsch lernen"},
    )
    other = services.item_create(
        user=user,
        model=FieldOfAction,
        edition=first,
        key="quer",
        data={"title": "Querschnitt", "cross_cutting": True},
    )
    goal = services.item_create(
        user=user,
        model=Goal,
        edition=first,
        key="z1",
        data={"field": field, "title": "Alle sprechen Deutsch."},
    )
    objective = services.item_create(
        user=user,
        model=Objective,
        edition=first,
        key="t1",
        data={"field": field, "title": "Mehr Kurse"},
        m2m={"goals": [goal]},
    )
    objective2 = services.item_create(
        user=user,
        model=Objective,
        edition=first,
        key="t2",
        data={"field": other, "title": "Netzwerk"},
    )
    for number, extra in enumerate(
        [
            {"planned_budget": Decimal("1000000.00"), "status": "in_progress"},
            {"start": datetime.date(2020, 1, 1), "end": datetime.date(2021, 12, 31)},
            {"lead_actor": lead, "target_groups": "Erwachsene", "is_focus": True},
            {"source_note": "Beitrag der KMV", "description": "lang\nund mehrzeilig"},
            {"title": "0123"},
        ],
        start=1,
    ):
        services.item_create(
            user=user,
            model=Measure,
            edition=first,
            key=f"m{number}",
            data={"field": field, "title": f"Maßnahme {number}"} | extra,
            m2m={"objectives": [objective, objective2], "partner_actors": [partner]},
        )
    services.focus_create(user=user, edition=first, year=2021, field=field, description="Sprache")
    services.edition_set_status(
        user=user,
        edition=first,
        status=Edition.Status.IN_FORCE,
        valid_from=datetime.date(2020, 2, 1),
    )

    second = services.edition_copy(
        user=user, source=first, label="2022", title="Fortschreibung 2022"
    )
    measures = {m.key: m for m in Measure.objects.filter(edition=second)}
    services.item_delete(user=user, item=measures["m1"], reason="Kurse laufen über das BAMF")
    lineage.measure_merge(
        user=user, source=measures["m2"], target=measures["m3"], reason="Gleiche Zielgruppe"
    )
    lineage.measure_split(
        user=user, measure=measures["m4"], title="Maßnahme 4b", reason="Zwei Träger"
    )
    services.focus_create(
        user=user,
        edition=second,
        year=2023,
        field=None,
        description="Ehrenamt",
        source_note="Beschluss 2023",
    )
    services.edition_set_status(
        user=user,
        edition=second,
        status=Edition.Status.IN_FORCE,
        valid_from=datetime.date(2022, 3, 1),
    )
    first.refresh_from_db()
    second.refresh_from_db()
    return first, second
