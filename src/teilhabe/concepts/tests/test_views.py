"""The concept pages through HTTP: editing, optimistic locking, editions, filters, rights."""

import datetime

import pytest
from conftest import MARKER_A
from django.urls import reverse

from teilhabe.concepts import actors, services
from teilhabe.concepts.models import Edition, FieldOfAction, Lineage, Measure
from teilhabe.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def measure_form_data(measure, **overrides):
    """What the coordinator's measure form posts when nothing is changed."""
    data = {
        "field": measure.field_id,
        "title": measure.title,
        "description": measure.description,
        "objectives": [o.pk for o in measure.objectives.all()],
        "lead_actor": measure.lead_actor_id or "",
        "partner_actors": [a.pk for a in measure.partner_actors.all()],
        "target_groups": measure.target_groups,
        "start": "",
        "end": "",
        "planned_budget": "",
        "status": measure.status,
        "source_note": measure.source_note,
        "version": measure.version,
    }
    data.update(overrides)
    return data


def edit_url(world, measure):
    return reverse(
        "concepts:item_edit",
        kwargs={"body": world.a.body.slug, "kind": "measure", "item": measure.public_id},
    )


def test_coordinator_edits_a_measure(world, client_for):
    measure = world.a.draft_items["measure"]
    client = client_for("coordinator_a")
    assert client.get(edit_url(world, measure)).status_code == 200
    response = client.post(
        edit_url(world, measure),
        measure_form_data(measure, title="Sprachcafé plus", planned_budget="1500"),
    )
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "concepts:measure_detail", kwargs={"body": world.a.body.slug, "item": measure.public_id}
    )
    measure.refresh_from_db()
    assert measure.title == "Sprachcafé plus"
    assert measure.version == 3  # created, marker title, this edit
    entry = AuditEntry.objects.filter(object_id=measure.public_id, action="update").first()
    assert entry.user == world.users["coordinator_a"]
    assert entry.changes["title"] == [f"{MARKER_A}-MASSNAHME", "Sprachcafé plus"]
    assert entry.changes["planned_budget"] == [None, "1500"]


def test_concurrent_edits_conflict(world, client_for):
    """Two coordinators open the same form; the second save gets 409 with both versions."""
    measure = world.a.draft_items["measure"]
    first, second = client_for("coordinator_a"), client_for("coordinator_a2")
    url = edit_url(world, measure)
    assert first.get(url).status_code == 200
    assert second.get(url).status_code == 200
    opened = measure_form_data(measure)
    ok = first.post(url, opened | {"title": "Version von Anna"})
    assert ok.status_code == 302
    clash = second.post(url, opened | {"title": "Version von Ben"})
    assert clash.status_code == 409
    page = clash.content.decode()
    assert "Version von Anna" in page
    assert "Version von Ben" in page
    measure.refresh_from_db()
    assert measure.title == "Version von Anna"
    assert AuditEntry.objects.filter(object_id=measure.public_id, action="update").count() == 2
    # the conflict page carries the new version: saving again on purpose works
    again = second.post(url, opened | {"title": "Version von Ben", "version": measure.version})
    assert again.status_code == 302
    measure.refresh_from_db()
    assert measure.title == "Version von Ben"


def test_empty_title_gets_a_german_error_naming_the_field(world, client_for):
    url = reverse(
        "concepts:item_create",
        kwargs={"body": world.a.body.slug, "edition": world.a.draft.public_id, "kind": "measure"},
    )
    before = Measure.all_objects.count()
    response = client_for("coordinator_a").post(
        url,
        {"field": world.a.draft_items["field"].pk, "title": ""},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Titel" in page
    assert "Dieses Feld ist zwingend erforderlich." in page
    assert Measure.all_objects.count() == before


def test_new_edition_from_the_current_one(world, client_for):
    url = reverse(
        "concepts:edition_copy",
        kwargs={"body": world.a.body.slug, "edition": world.a.in_force.public_id},
    )
    response = client_for("coordinator_a").post(url, {"label": "2028", "title": "Konzept 2028"})
    assert response.status_code == 302
    new = Edition.objects.get(concept=world.a.concept, label="2028")
    assert new.status == Edition.Status.DRAFT
    assert new.predecessor == world.a.in_force
    assert response["Location"] == reverse(
        "concepts:edition_detail", kwargs={"body": world.a.body.slug, "edition": new.public_id}
    )
    copied = Measure.objects.get(edition=new)
    assert copied.key == world.a.items["measure"].key
    assert Lineage.objects.get(edition=new).predecessor == world.a.items["measure"]
    # a label that exists already is refused
    again = client_for("coordinator_a").post(url, {"label": "2028", "title": "Noch einmal"})
    assert again.status_code == 200
    assert Edition.objects.filter(concept=world.a.concept, label="2028").count() == 1


def test_status_change_to_in_force_supersedes(world, client_for):
    url = reverse(
        "concepts:edition_status",
        kwargs={"body": world.a.body.slug, "edition": world.a.draft.public_id},
    )
    client = client_for("coordinator_a")
    missing_date = client.post(url, {"status": "in_force", "valid_from": ""})
    assert missing_date.status_code == 200
    assert Edition.objects.get(pk=world.a.draft.pk).status == Edition.Status.DRAFT
    response = client.post(url, {"status": "in_force", "valid_from": "2025-04-01"})
    assert response.status_code == 302
    draft = Edition.objects.get(pk=world.a.draft.pk)
    assert draft.status == Edition.Status.IN_FORCE
    assert draft.review_due == datetime.date(2027, 4, 1)
    assert Edition.objects.get(pk=world.a.in_force.pk).status == Edition.Status.SUPERSEDED
    # now the public page shows the former draft
    public = client_for("anonymous").get(reverse("portal:body", kwargs={"body": world.a.body.slug}))
    assert f"{MARKER_A}-MASSNAHME" in public.content.decode()


def test_public_page_shows_the_edition_in_force_only(world, client_for):
    for role in ("anonymous", "coordinator_a", "contributor_a"):
        response = client_for(role).get(reverse("portal:body", kwargs={"body": world.a.body.slug}))
        assert response.status_code == 200
        page = response.content.decode()
        assert world.a.in_force.title in page
        assert world.a.items["measure"].title in page
        assert MARKER_A not in page
        assert world.a.draft.title not in page


@pytest.fixture
def filter_world(world):
    """A draft of A with measures that differ in field, status, actor, focus and words."""
    user, draft = world.users["coordinator_a"], world.a.draft
    field = world.a.draft_items["field"]
    other_field = services.item_create(
        user=user, model=FieldOfAction, edition=draft, data={"title": "Arbeit"}
    )

    def measure(title, **data):
        partners = data.pop("partners", [])
        return services.item_create(
            user=user,
            model=Measure,
            edition=draft,
            data={"title": title, **data},
            m2m={"partner_actors": partners},
        )

    return {
        "default": world.a.draft_items["measure"],  # in_progress, lead actor, partner
        "job": measure("Jobbörse", field=other_field, status="planned", is_focus=True),
        "mentor": measure(
            "Mentoring",
            field=field,
            status="planned",
            description="Patenschaften für Ausbildung",
            partners=[world.a.actor],
        ),
        "other_field": other_field,
    }


def listed(world, client, **params):
    url = reverse(
        "concepts:measure_list",
        kwargs={"body": world.a.body.slug, "edition": world.a.draft.public_id},
    )
    response = client.get(url, params)
    assert response.status_code == 200
    return {m.pk for m in response.context["measures"]}


def test_measure_list_filters(world, filter_world, client_for):
    client = client_for("council_a")
    m = filter_world
    everything = {m["default"].pk, m["job"].pk, m["mentor"].pk}
    assert listed(world, client) == everything
    assert listed(world, client, field=str(m["other_field"].public_id)) == {m["job"].pk}
    assert listed(world, client, status="planned") == {m["job"].pk, m["mentor"].pk}
    assert listed(world, client, status="in_progress") == {m["default"].pk}
    assert listed(world, client, status="none") == set()
    # lead or partner
    assert listed(world, client, actor=str(world.a.actor.public_id)) == {
        m["default"].pk,
        m["mentor"].pk,
    }
    assert listed(world, client, actor=str(world.a.partner.public_id)) == {m["default"].pk}
    assert listed(world, client, focus="yes") == {m["job"].pk}
    assert listed(world, client, focus="no") == {m["default"].pk, m["mentor"].pk}
    assert listed(world, client, q="ausbildung") == {m["mentor"].pk}
    assert listed(world, client, q="Jobbörse") == {m["job"].pk}
    assert listed(world, client, q="planned nichtda") == set()
    assert listed(world, client, status="planned", field=str(m["other_field"].public_id)) == {
        m["job"].pk
    }
    # garbage is no error
    assert listed(world, client, field="kein-uuid") == set()
    assert listed(world, client, actor="kein-uuid") == set()
    # another district's actor matches nothing here
    assert listed(world, client, actor=str(world.b.actor.public_id)) == set()


def test_audit_log_for_coordinators_only(world, client_for):
    url = reverse("core:audit_log", kwargs={"body": world.a.body.slug})
    response = client_for("coordinator_a").get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert world.a.items["measure"].title in page
    assert "coordinator_a" in page
    # B's entries are not in A's log
    assert world.b.items["measure"].title not in page
    assert client_for("council_a").get(url).status_code == 403
    assert client_for("contributor_a").get(url).status_code == 403
    assert client_for("coordinator_b").get(url).status_code == 403
    filtered = client_for("coordinator_a").get(url, {"action": "copy"})
    assert [row["entry"].action for row in filtered.context["rows"]] == ["copy"]


def test_contributor_edits_the_measures_of_their_actor(world, client_for):
    contributor = world.users["contributor_a"]
    actors.actor_update(
        user=world.users["coordinator_a"],
        actor=world.a.actor,
        expected_version=world.a.actor.version,
        data={},
        contacts=[contributor],
    )
    own = world.a.draft_items["measure"]
    other = services.item_create(
        user=world.users["coordinator_a"],
        model=Measure,
        edition=world.a.draft,
        data={
            "field": world.a.draft_items["field"],
            "title": "Fremd",
            "lead_actor": world.a.partner,
        },
    )
    client = client_for("contributor_a")
    form = client.get(edit_url(world, own))
    assert form.status_code == 200
    assert set(form.context["form"].fields) == {"description", "status", "start", "end", "version"}
    response = client.post(
        edit_url(world, own),
        {
            "description": "Läuft jeden Dienstag.",
            "status": "implemented",
            "start": "",
            "end": "",
            # fields the contributor may not change are ignored
            "title": "Umbenannt",
            "lead_actor": world.a.partner.pk,
            "version": own.version,
        },
    )
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.description == "Läuft jeden Dienstag."
    assert own.status == "implemented"
    assert own.title == f"{MARKER_A}-MASSNAHME"
    assert own.lead_actor == world.a.actor
    entry = AuditEntry.objects.filter(object_id=own.public_id, action="update").first()
    assert entry.user == contributor
    assert set(entry.changes) == {"description", "status"}
    # another actor's measure: 403 for GET and POST, nothing saved
    assert client.get(edit_url(world, other)).status_code == 403
    refused = client.post(
        edit_url(world, other), {"description": "x", "status": "dropped", "version": other.version}
    )
    assert refused.status_code == 403
    other.refresh_from_db()
    assert other.description == ""
    # and no other kind of item
    field_url = reverse(
        "concepts:item_edit",
        kwargs={
            "body": world.a.body.slug,
            "kind": "field",
            "item": world.a.draft_items["field"].public_id,
        },
    )
    assert client.get(field_url).status_code == 403


def test_contributor_cannot_edit_superseded_measures(world, client_for):
    actors.actor_update(
        user=world.users["coordinator_a"],
        actor=world.a.actor,
        expected_version=world.a.actor.version,
        data={},
        contacts=[world.users["contributor_a"]],
    )
    services.edition_set_status(
        user=None,
        edition=world.a.draft,
        status=Edition.Status.IN_FORCE,
        valid_from=datetime.date(2025, 1, 1),
    )
    old = world.a.items["measure"]  # of the superseded edition now
    response = client_for("contributor_a").post(
        edit_url(world, old), {"description": "x", "status": "dropped", "version": old.version}
    )
    assert response.status_code == 403
    assert client_for("coordinator_a").get(edit_url(world, old)).status_code == 403
    old.refresh_from_db()
    assert old.description == ""
