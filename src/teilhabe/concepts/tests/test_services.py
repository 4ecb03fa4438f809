"""The concept services: the tree, editions and their status, lineage, actors, edit rights."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from teilhabe.concepts import actors, lineage, selectors, services
from teilhabe.concepts.models import (
    Edition,
    FieldOfAction,
    Goal,
    Lineage,
    Measure,
    Objective,
    Principle,
    Section,
)
from teilhabe.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def add(world, model, edition=None, **data):
    m2m = data.pop("m2m", None)
    return services.item_create(
        user=world.users["coordinator_a"],
        model=model,
        edition=edition or world.a.draft,
        data=data,
        m2m=m2m,
    )


def fresh(obj):
    return type(obj).all_objects.get(pk=obj.pk)


def test_item_create_appends_positions(world):
    draft, field = world.a.draft, world.a.draft_items["field"]
    first = Measure.objects.filter(edition=draft).get()
    second = add(world, Measure, field=field, title="Zweite")
    third = add(world, Measure, field=field, title="Dritte")
    assert (first.position, second.position, third.position) == (1, 2, 3)
    # positions count per field: the first measure of a new field starts at 1
    other = add(world, FieldOfAction, title="Arbeit")
    assert add(world, Measure, field=other, title="Erste in Arbeit").position == 1
    assert other.position == 2
    assert AuditEntry.objects.filter(object_id=third.public_id, action="create").exists()


def test_item_create_refuses_parent_of_another_edition(world):
    with pytest.raises(ValidationError):
        add(world, Measure, field=world.a.items["field"], title="Falsche Ausgabe")


def test_item_move_swaps_neighbours(world):
    field = world.a.draft_items["field"]
    first = Measure.objects.get(edition=world.a.draft)
    second = add(world, Measure, field=field, title="Zweite")
    services.item_move(user=world.users["coordinator_a"], item=second, direction=-1)
    assert (fresh(second).position, fresh(first).position) == (1, 2)
    # moving the first one further up changes nothing
    services.item_move(user=world.users["coordinator_a"], item=fresh(second), direction=-1)
    assert (fresh(second).position, fresh(first).position) == (1, 2)
    assert AuditEntry.objects.filter(object_id=second.public_id, action="move").count() == 1


def test_item_delete_field_cascades_and_drops_lineage(world):
    draft_items = world.a.draft_items
    field = draft_items["field"]
    deleted = services.item_delete(
        user=world.users["coordinator_a"], item=field, reason="Thema entfällt"
    )
    assert {type(d) for d in deleted} == {FieldOfAction, Goal, Objective, Measure}
    for kind in ("field", "goal", "objective", "measure"):
        assert fresh(draft_items[kind]).is_deleted
    assert not Measure.objects.filter(edition=world.a.draft).exists()
    link = Lineage.objects.get(edition=world.a.draft)
    assert link.kind == Lineage.Kind.DROPPED
    assert link.successor is None
    assert link.reason == "Thema entfällt"
    assert link.predecessor == world.a.items["measure"]
    # the edition in force is untouched
    assert not fresh(world.a.items["measure"]).is_deleted
    entry = AuditEntry.objects.get(object_id=field.public_id, action="delete")
    assert entry.changes["reason"] == [None, "Thema entfällt"]


def test_edition_copy_copies_the_whole_tree(world):
    source = world.a.in_force
    extra = add(
        world,
        Measure,
        edition=source,
        field=world.a.items["field"],
        title="Zweite",
        m2m={"partner_actors": [world.a.actor, world.a.partner]},
    )
    copy = services.edition_copy(
        user=world.users["coordinator_a"], source=source, label="2030", title="Konzept 2030"
    )
    assert copy.status == Edition.Status.DRAFT
    assert copy.predecessor == source
    for model in (Principle, Section, FieldOfAction, Goal, Objective, Measure):
        old_keys = sorted(model.objects.filter(edition=source).values_list("key", flat=True))
        new_keys = sorted(model.objects.filter(edition=copy).values_list("key", flat=True))
        assert old_keys == new_keys and old_keys, model
    links = Lineage.objects.filter(edition=copy)
    assert links.count() == Measure.objects.filter(edition=source).count() == 2
    assert all(link.kind == Lineage.Kind.CONTINUED for link in links)
    assert {link.predecessor_id for link in links} == {world.a.items["measure"].pk, extra.pk}
    for link in links:
        assert link.successor.key == link.predecessor.key
        assert link.successor.edition == copy
    new_measure = Measure.objects.get(edition=copy, key=world.a.items["measure"].key)
    new_objective = Objective.objects.get(edition=copy)
    assert list(new_measure.objectives.all()) == [new_objective]
    assert list(new_objective.goals.all()) == [Goal.objects.get(edition=copy)]
    assert new_measure.field.edition == copy
    assert new_measure.lead_actor == world.a.actor
    assert list(new_measure.partner_actors.all()) == [world.a.partner]
    new_extra = Measure.objects.get(edition=copy, key=extra.key)
    assert set(new_extra.partner_actors.all()) == {world.a.actor, world.a.partner}
    assert AuditEntry.objects.filter(object_id=copy.public_id, action="copy").exists()


def test_coming_into_force_supersedes_and_sets_review(world):
    draft, old = world.a.draft, world.a.in_force
    services.edition_set_status(
        user=world.users["coordinator_a"],
        edition=draft,
        status=Edition.Status.IN_FORCE,
        valid_from=datetime.date(2025, 3, 1),
    )
    draft, old = fresh(draft), fresh(old)
    assert draft.status == Edition.Status.IN_FORCE
    assert draft.valid_from == datetime.date(2025, 3, 1)
    assert draft.review_due == datetime.date(2027, 3, 1)
    assert old.status == Edition.Status.SUPERSEDED
    assert selectors.edition_in_force(body=world.a.body) == draft
    # B is not touched
    assert fresh(world.b.in_force).status == Edition.Status.IN_FORCE


def test_review_due_after_29_february(world):
    services.edition_set_status(
        user=None,
        edition=world.a.draft,
        status=Edition.Status.IN_FORCE,
        valid_from=datetime.date(2024, 2, 29),
    )
    assert fresh(world.a.draft).review_due == datetime.date(2026, 2, 28)


def test_in_force_needs_a_date(world):
    with pytest.raises(ValidationError):
        services.edition_set_status(
            user=None, edition=world.a.draft, status=Edition.Status.IN_FORCE
        )
    assert fresh(world.a.draft).status == Edition.Status.DRAFT


@pytest.mark.parametrize(
    ("which", "status"),
    [
        ("in_force", Edition.Status.DRAFT),
        ("in_force", Edition.Status.IN_CONSULTATION),
        ("in_force", Edition.Status.SUPERSEDED),
        ("draft", Edition.Status.SUPERSEDED),
    ],
)
def test_forbidden_transitions(world, which, status):
    edition = getattr(world.a, which)
    with pytest.raises(ValidationError):
        services.edition_set_status(
            user=None, edition=edition, status=status, valid_from=datetime.date(2025, 1, 1)
        )
    assert fresh(edition).status == edition.status


def test_consultation_and_back(world):
    draft = world.a.draft
    services.edition_set_status(user=None, edition=draft, status=Edition.Status.IN_CONSULTATION)
    assert fresh(draft).status == Edition.Status.IN_CONSULTATION
    services.edition_set_status(user=None, edition=draft, status=Edition.Status.DRAFT)
    assert fresh(draft).status == Edition.Status.DRAFT


@pytest.fixture
def superseded(world):
    services.edition_set_status(
        user=None,
        edition=world.a.draft,
        status=Edition.Status.IN_FORCE,
        valid_from=datetime.date(2025, 1, 1),
    )
    return fresh(world.a.in_force)


def test_superseded_edition_refuses_every_edit(world, superseded):
    user = world.users["coordinator_a"]
    measure = Measure.objects.get(edition=superseded)
    field = FieldOfAction.objects.get(edition=superseded)
    attempts = [
        lambda: services.item_create(
            user=user, model=Measure, edition=superseded, data={"field": field, "title": "Neu"}
        ),
        lambda: services.item_update(
            user=user, item=measure, expected_version=measure.version, data={"title": "Geändert"}
        ),
        lambda: services.item_delete(user=user, item=measure),
        lambda: services.item_move(user=user, item=measure, direction=1),
        lambda: services.edition_update(
            user=user,
            edition=superseded,
            expected_version=superseded.version,
            data={"title": "Geändert"},
        ),
        lambda: services.edition_delete(user=user, edition=superseded),
        lambda: lineage.measure_split(user=user, measure=measure, title="Teil", reason="x"),
    ]
    before = AuditEntry.objects.count()
    for attempt in attempts:
        with pytest.raises(ValidationError):
            attempt()
    assert AuditEntry.objects.count() == before
    assert fresh(measure).title == measure.title
    assert not fresh(measure).is_deleted
    assert not selectors.can_edit_edition(user, superseded)
    assert not selectors.can_edit_measure(user, measure)


def test_measure_merge_records_lineage(world):
    user = world.users["coordinator_a"]
    source_old = add(
        world, Measure, edition=world.a.in_force, field=world.a.items["field"], title="Elterncafé"
    )
    copy = services.edition_copy(user=user, source=world.a.in_force, label="2030", title="2030")
    target = Measure.objects.get(edition=copy, key=world.a.items["measure"].key)
    source = Measure.objects.get(edition=copy, key=source_old.key)
    with pytest.raises(ValidationError):
        lineage.measure_merge(user=user, source=source, target=target, reason=" ")
    lineage.measure_merge(user=user, source=source, target=target, reason="Gemeinsam")
    assert fresh(source).is_deleted
    links = Lineage.objects.filter(edition=copy)
    assert {link.predecessor_id for link in links} == {world.a.items["measure"].pk, source_old.pk}
    assert {(link.kind, link.successor_id, link.reason) for link in links} == {
        (Lineage.Kind.MERGED, target.pk, "Gemeinsam")
    }


def test_measure_merge_refuses_other_edition(world):
    with pytest.raises(ValidationError):
        lineage.measure_merge(
            user=world.users["coordinator_a"],
            source=world.a.draft_items["measure"],
            target=world.a.items["measure"],
            reason="x",
        )


def test_measure_split_records_lineage(world):
    user = world.users["coordinator_a"]
    measure = world.a.draft_items["measure"]
    part = lineage.measure_split(
        user=user, measure=measure, title="Sprachcafé für Eltern", reason="Zu groß"
    )
    assert part.edition == world.a.draft
    assert part.field == measure.field
    assert part.lead_actor == measure.lead_actor
    assert list(part.partner_actors.all()) == [world.a.partner]
    assert list(part.objectives.all()) == list(measure.objectives.all())
    links = Lineage.objects.filter(edition=world.a.draft)
    assert {(link.successor_id, link.kind, link.reason) for link in links} == {
        (measure.pk, Lineage.Kind.SPLIT, "Zu groß"),
        (part.pk, Lineage.Kind.SPLIT, "Zu groß"),
    }
    assert {link.predecessor_id for link in links} == {world.a.items["measure"].pk}


def test_actor_delete_refuses_while_leading(world):
    user = world.users["coordinator_a"]
    with pytest.raises(ValidationError) as error:
        actors.actor_delete(user=user, actor=world.a.actor)
    assert world.a.actor.name in " ".join(error.value.messages)
    assert not fresh(world.a.actor).is_deleted
    actors.actor_delete(user=user, actor=world.a.partner)  # a partner only: fine
    assert fresh(world.a.partner).is_deleted


def test_actor_delete_allowed_once_only_superseded_measures_remain(world, superseded):
    user = world.users["coordinator_a"]
    draft_measure = Measure.objects.get(edition=world.a.draft)
    services.item_update(
        user=user,
        item=draft_measure,
        expected_version=draft_measure.version,
        data={"lead_actor": None},
    )
    actors.actor_delete(user=user, actor=world.a.actor)
    assert fresh(world.a.actor).is_deleted


def test_can_edit_measure_for_contacts_of_the_lead_actor(world):
    contributor = world.users["contributor_a"]
    measure = world.a.draft_items["measure"]
    assert not selectors.can_edit_measure(contributor, measure)
    actors.actor_update(
        user=world.users["coordinator_a"],
        actor=world.a.actor,
        expected_version=world.a.actor.version,
        data={},
        contacts=[contributor],
    )
    measure = fresh(measure)
    assert selectors.can_edit_measure(contributor, measure)
    assert not selectors.can_edit_edition(contributor, measure.edition)
    # not for a measure another actor leads, nor as a council member
    other = add(
        world,
        Measure,
        field=world.a.draft_items["field"],
        title="Andere",
        lead_actor=world.a.partner,
    )
    assert not selectors.can_edit_measure(contributor, other)
    assert not selectors.can_edit_measure(world.users["council_a"], measure)
    # nor in another district
    assert not selectors.can_edit_measure(contributor, world.b.draft_items["measure"])
    assert selectors.can_edit_measure(world.users["coordinator_a"], other)


def test_continued_measure_reads_as_changed_once_its_content_differs(db):
    """The lineage shows "changed" for a continued measure whose text was edited."""
    from teilhabe.concepts.models import Lineage, Measure
    from teilhabe.concepts.services import edition_copy, item_update
    from teilhabe.concepts.tests.factories import make_edition_with_lineage, make_user

    user = make_user()
    _first, second = make_edition_with_lineage(user)
    copy = edition_copy(user=user, source=second, label="2024", title="Next")
    measure = Measure.objects.filter(edition=copy).first()
    link = Lineage.objects.get(successor=measure)
    assert (link.kind, link.is_changed) == ("continued", False)

    item_update(
        user=user,
        item=measure,
        expected_version=measure.version,
        data={"title": measure.title + " (erweitert)"},
    )

    link = Lineage.objects.select_related("predecessor", "successor").get(pk=link.pk)
    assert link.kind == "continued"
    assert link.is_changed
    assert link.shown_kind_label in ("geändert", "changed")
