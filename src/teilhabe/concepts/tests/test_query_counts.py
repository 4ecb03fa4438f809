"""List-like pages answer with the same number of queries for 5 and for 500 measures."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

from teilhabe.concepts.models import Lineage, Measure, Objective

pytestmark = pytest.mark.django_db


def grow(world, start, count):
    """Add ``count`` measures to A's edition in force and their continued copies to A's draft.

    Built with ``bulk_create`` (the services would take minutes for 500); each measure has a
    lead actor, a partner and an objective, like real ones.
    """
    a = world.a
    made = {}
    for edition, items in ((a.in_force, a.items), (a.draft, a.draft_items)):
        objective = Objective.objects.get(edition=edition)
        measures = Measure.objects.bulk_create(
            [
                Measure(
                    edition=edition,
                    field=items["field"],
                    key=f"m-bulk-{i}",
                    position=100 + i,
                    title=f"Maßnahme {i}",
                    description=f"Beschreibung {i}",
                    lead_actor=a.actor if i % 2 else a.partner,
                    status="planned" if i % 3 else "in_progress",
                    is_focus=i % 5 == 0,
                )
                for i in range(start, start + count)
            ]
        )
        Measure.objectives.through.objects.bulk_create(
            [
                Measure.objectives.through(measure_id=m.pk, objective_id=objective.pk)
                for m in measures
            ]
        )
        Measure.partner_actors.through.objects.bulk_create(
            [
                Measure.partner_actors.through(
                    measure_id=m.pk,
                    actor_id=(a.partner if m.lead_actor_id == a.actor.pk else a.actor).pk,
                )
                for m in measures
            ]
        )
        made[edition.pk] = measures
    Lineage.objects.bulk_create(
        [
            Lineage(edition=a.draft, predecessor=old, successor=new, kind=Lineage.Kind.CONTINUED)
            for old, new in zip(made[a.in_force.pk], made[a.draft.pk], strict=True)
        ]
    )


def pages(world):
    a = world.a
    slug = a.body.slug
    urls = {
        "edition tree (in force)": (
            "coordinator_a",
            reverse(
                "concepts:edition_detail", kwargs={"body": slug, "edition": a.in_force.public_id}
            ),
        ),
        "edition tree (draft)": (
            "coordinator_a",
            reverse("concepts:edition_detail", kwargs={"body": slug, "edition": a.draft.public_id}),
        ),
        "measure list": (
            "coordinator_a",
            reverse("concepts:measure_list", kwargs={"body": slug, "edition": a.draft.public_id}),
        ),
        "measure list (council)": (
            "council_a",
            reverse(
                "concepts:measure_list", kwargs={"body": slug, "edition": a.in_force.public_id}
            ),
        ),
        "public page": ("anonymous", reverse("portal:body", kwargs={"body": slug})),
        "public edition page": (
            "anonymous",
            reverse("portal:edition", kwargs={"body": slug, "edition": a.in_force.public_id}),
        ),
        "dashboard": ("coordinator_a", reverse("concepts:dashboard", kwargs={"body": slug})),
        "lineage list": (
            "coordinator_a",
            reverse("concepts:lineage_list", kwargs={"body": slug, "edition": a.draft.public_id}),
        ),
        "actor list": ("coordinator_a", reverse("concepts:actor_list", kwargs={"body": slug})),
        "audit log": ("coordinator_a", reverse("core:audit_log", kwargs={"body": slug})),
        "edition list": ("coordinator_a", reverse("concepts:edition_list", kwargs={"body": slug})),
    }
    try:
        urls["edition diff"] = (
            "coordinator_a",
            reverse("concepts:edition_diff", kwargs={"body": slug, "edition": a.draft.public_id}),
        )
        urls["edition diff (all)"] = ("coordinator_a", urls["edition diff"][1] + "?all=1")
    except NoReverseMatch:  # pragma: no cover - the diff is not wired up
        pass
    return urls


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries), response


def test_query_counts_do_not_grow_with_the_measures(world, client_for):
    clients = {role: client_for(role) for role in ("anonymous", "coordinator_a", "council_a")}
    grow(world, 0, 5)
    small = {}
    for name, (role, url) in pages(world).items():
        small[name], response = count_queries(clients[role], url)
        if name.startswith(("edition tree", "measure list", "public")):
            assert "Maßnahme 4" in response.content.decode(), name
    grow(world, 5, 495)
    assert Measure.objects.filter(edition=world.a.draft).count() == 501
    large = {}
    for name, (role, url) in pages(world).items():
        large[name], response = count_queries(clients[role], url)
        if name.startswith(("edition tree", "measure list", "public")):
            assert "Maßnahme 499" in response.content.decode(), name
    assert large == small


def test_export_query_count_does_not_grow(world, client_for):
    client = client_for("coordinator_a")
    url = reverse(
        "concepts:edition_export",
        kwargs={"body": world.a.body.slug, "edition": world.a.draft.public_id, "fmt": "json"},
    )
    grow(world, 0, 5)
    small, _response = count_queries(client, url)
    grow(world, 5, 95)
    large, _response = count_queries(client, url)
    assert large == small
