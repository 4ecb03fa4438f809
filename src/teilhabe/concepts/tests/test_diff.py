"""The edition diff: matching by key, changes, moves, lineage notes, the page."""

import datetime
import decimal
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from teilhabe.concepts import actors, lineage, services
from teilhabe.concepts.diff import (
    ADDED,
    CHANGED,
    MOVED,
    REMOVED,
    UNCHANGED,
    EditionDiff,
    ItemDiff,
    edition_diff,
    word_diff_html,
)
from teilhabe.concepts.models import (
    Edition,
    FieldOfAction,
    Measure,
    MeasureStatus,
    Objective,
    Principle,
)
from teilhabe.core.models import Role
from teilhabe.core.services import body_create, membership_create, user_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(db):
    body = body_create(user=None, name="Landkreis Testhausen", kind="landkreis", ags="03999")
    coordinator = user_create(acting_user=None, username="coord", password="pw-coord-123")
    membership_create(acting_user=None, user=coordinator, body=body, role=Role.COORDINATOR)
    concept = services.concept_create(user=None, body=body, title="Integrationskonzept")
    old = services.edition_create(
        user=None,
        concept=concept,
        label="2022",
        title="Integrationskonzept 2022",
        introduction="Der Landkreis fördert Teilhabe.",
    )
    return {"body": body, "user": coordinator, "concept": concept, "old": old}


def add(model, edition, **data):
    return services.item_create(user=None, model=model, edition=edition, data=data)


def build(setup, measures_per_field=(4, 2)):
    """An edition with a principle, fields ``f1``, ``f2`` and their measures, and its copy."""
    old = setup["old"]
    add(Principle, old, title="Vielfalt", text="Vielfalt ist Stärke.")
    fields = [add(FieldOfAction, old, title=f"Feld {i}") for i in (1, 2)]
    for field, count in zip(fields, measures_per_field, strict=True):
        for number in range(1, count + 1):
            add(Measure, old, field=field, title=f"{field.title} Maßnahme {number}")
    new = services.edition_copy(user=None, source=old, label="2024", title=old.title)
    return old, new


def copy_of(item, edition):
    return type(item).objects.get(edition=edition, key=item.key)


def measure(edition, title):
    return Measure.objects.get(edition=edition, title=title)


def update(setup, item, **data):
    item.refresh_from_db()
    return services.item_update(
        user=setup["user"], item=item, expected_version=item.version, data=data
    )


def all_items(diff: EditionDiff) -> list[ItemDiff]:
    return list(diff.items())


def by_title(diff: EditionDiff, title: str) -> ItemDiff:
    return next(item for item in diff.items() if item.title == title)


# --- the word diff -----------------------------------------------------------------------


def test_word_diff_marks_the_changed_word_exactly():
    with translation.override("en"):
        html = word_diff_html(
            "Sprachkurse für Frauen mit Kinderbetreuung.",
            "Sprachkurse für Eltern mit Kinderbetreuung.",
        )
    assert html == (
        "Sprachkurse für "
        '<del class="diff-del"><span class="visually-hidden">removed: </span>Frauen</del>'
        '<ins class="diff-ins"><span class="visually-hidden">inserted: </span>Eltern</ins>'
        " mit Kinderbetreuung."
    )


def test_word_diff_joins_neighbouring_words_into_one_run():
    with translation.override("en"):
        html = word_diff_html("the quick brown fox", "the slow red fox")
    assert ">quick brown</del>" in html
    assert ">slow red</ins>" in html


def test_word_diff_escapes_user_text():
    old, new = "Kurs <b>alt</b> & gut", "Kurs <script>alert(1)</script> & gut"
    html = word_diff_html(old, new)
    assert "<script" not in html and "<b>" not in html
    assert "&amp; gut" in html
    # Without the diff markup, what remains is exactly the escaped new text.
    new_only = re.sub(r'<del class="diff-del">.*?</del>', "", html)
    new_only = re.sub(r'<span class="visually-hidden">.*?</span>|</?ins[^>]*>', "", new_only)
    assert new_only == str(escape(new))
    assert "&lt;script&gt;" in word_diff_html("Kurs", new)


def test_word_diff_keeps_line_breaks():
    assert "<br>" in word_diff_html("eins\nzwei", "eins\ndrei")


# --- the edition diff --------------------------------------------------------------------


def test_identical_copy_has_no_changes(setup):
    old, new = build(setup)
    diff = edition_diff(old, new)
    assert diff.counts == {ADDED: 0, REMOVED: 0, CHANGED: 0, MOVED: 0, UNCHANGED: 9}
    assert diff.edition_changes == []
    assert not diff.has_changes
    assert all(item.unchanged for item in all_items(diff))
    assert [f.item_diff.title for f in diff.fields] == ["Feld 1", "Feld 2"]
    assert [m.title for m in diff.fields[0].measures] == [
        f"Feld 1 Maßnahme {i}" for i in range(1, 5)
    ]
    filtered = diff.without_unchanged()
    assert filtered.fields == [] and filtered.principles == []
    assert filtered.counts == diff.counts


def test_title_edit_is_changed_with_a_word_diff(setup):
    old, new = build(setup)
    target = measure(new, "Feld 1 Maßnahme 2")
    update(setup, target, title="Feld 1 Kurs 2")
    with translation.override("en"):
        diff = edition_diff(old, new)
    item = by_title(diff, "Feld 1 Kurs 2")
    assert item.states == [CHANGED]
    assert [c.name for c in item.changes] == ["title"]
    assert item.changes[0].html == (
        "Feld 1 "
        '<del class="diff-del"><span class="visually-hidden">removed: </span>Maßnahme</del>'
        '<ins class="diff-ins"><span class="visually-hidden">inserted: </span>Kurs</ins>'
        " 2"
    )
    assert item.changes[0].label == "title"
    assert diff.counts[CHANGED] == 1
    assert diff.counts[MOVED] == 0


def test_edition_title_and_introduction(setup):
    old, new = build(setup)
    services.edition_update(
        user=setup["user"],
        edition=new,
        expected_version=new.version,
        data={
            "title": "Integrationskonzept 2024",
            "introduction": "Der Landkreis stärkt Teilhabe.",
        },
    )
    new.refresh_from_db()
    diff = edition_diff(old, new)
    assert [c.name for c in diff.edition_changes] == ["title", "introduction"]
    assert "stärkt" in diff.edition_changes[1].html
    assert diff.has_changes


def test_short_fields_get_display_values(setup):
    old, new = build(setup)
    body = setup["body"]
    jobcenter = actors.actor_create(
        user=None, body=body, data={"name": "Jobcenter", "kind": "external"}
    )
    kvhs = actors.actor_create(user=None, body=body, data={"name": "KVHS", "kind": "external"})
    field = FieldOfAction.objects.get(edition=new, title="Feld 1")
    objective = add(Objective, new, field=field, title="Mehr Frauen in Arbeit")
    target = measure(new, "Feld 1 Maßnahme 1")
    services.item_update(
        user=setup["user"],
        item=target,
        expected_version=target.version,
        data={
            "status": "in_progress",
            "planned_budget": decimal.Decimal("1000"),
            "start": datetime.date(2024, 11, 28),
            "lead_actor": jobcenter,
            "is_focus": True,
        },
        m2m={"partner_actors": [kvhs], "objectives": [objective]},
    )
    with translation.override("de"):
        diff = edition_diff(old, new)
        status_label = str(MeasureStatus.IN_PROGRESS.label)
    changes = {c.name: c for c in by_title(diff, "Feld 1 Maßnahme 1").changes}
    assert set(changes) == {
        "status",
        "planned_budget",
        "start",
        "lead_actor",
        "is_focus",
        "partner_actors",
        "objectives",
    }
    assert changes["status"].new_display == status_label
    assert changes["start"].new_display == "28.11.2024"
    assert changes["planned_budget"].new_display == "1.000\u00a0€"
    assert changes["lead_actor"].new_display == "Jobcenter"
    assert changes["partner_actors"].new_display == "KVHS"
    assert changes["objectives"].new_display == "Mehr Frauen in Arbeit"
    assert changes["objectives"].new == (objective.key,)
    assert all(
        c.html is None and c.old_display == "" for c in changes.values() if c.name != "is_focus"
    )
    # The new objective itself is added under its field.
    assert [o.states for o in diff.fields[0].objectives] == [[ADDED]]


def test_added_and_deleted_measure_with_reason(setup):
    old, new = build(setup)
    field = FieldOfAction.objects.get(edition=new, title="Feld 2")
    add(Measure, new, field=field, title="Neue Maßnahme")
    services.item_delete(
        user=setup["user"], item=measure(new, "Feld 2 Maßnahme 1"), reason="Ziel erreicht"
    )
    diff = edition_diff(old, new)
    assert diff.counts[ADDED] == 1
    assert diff.counts[REMOVED] == 1
    group = diff.fields[1].measures
    # The removed measure stays where it was; the new one comes at the end.
    assert [(m.title, m.status) for m in group] == [
        ("Feld 2 Maßnahme 1", REMOVED),
        ("Feld 2 Maßnahme 2", UNCHANGED),
        ("Neue Maßnahme", ADDED),
    ]
    removed = group[0]
    assert removed.new is None and removed.old.edition_id == old.pk
    with translation.override("en"):
        diff = edition_diff(old, new)
    notes = diff.fields[1].measures[0].lineage
    assert [(n.kind, n.text, n.reason) for n in notes] == [("dropped", "Dropped", "Ziel erreicht")]


def test_moving_a_measure_to_another_field(setup):
    old, new = build(setup)
    target = measure(new, "Feld 1 Maßnahme 2")
    update(setup, target, field=FieldOfAction.objects.get(edition=new, title="Feld 2"))
    diff = edition_diff(old, new)
    moved = [item for item in all_items(diff) if item.moved]
    assert [m.title for m in moved] == ["Feld 1 Maßnahme 2"]
    assert moved[0].moved_from == "Feld 1"
    assert moved[0].changes == []
    # Grouped under the field it is in now; the siblings it left are not "moved".
    assert [m.title for m in diff.fields[1].measures][-1] == "Feld 1 Maßnahme 2"
    assert "Feld 1 Maßnahme 2" not in [m.title for m in diff.fields[0].measures]
    assert diff.counts[MOVED] == 1


def test_reordering_marks_only_the_moved_item(setup):
    old, new = build(setup)
    last = measure(new, "Feld 1 Maßnahme 4")
    for _step in range(3):
        last.refresh_from_db()
        services.item_move(user=setup["user"], item=last, direction=-1)
    diff = edition_diff(old, new)
    assert [m.title for m in diff.fields[0].measures] == [
        "Feld 1 Maßnahme 4",
        "Feld 1 Maßnahme 1",
        "Feld 1 Maßnahme 2",
        "Feld 1 Maßnahme 3",
    ]
    assert [m.title for m in all_items(diff) if m.moved] == ["Feld 1 Maßnahme 4"]
    assert by_title(diff, "Feld 1 Maßnahme 4").moved_from == ""
    assert diff.counts[MOVED] == 1


def test_reordering_fields(setup):
    old, new = build(setup)
    services.item_move(
        user=setup["user"],
        item=FieldOfAction.objects.get(edition=new, title="Feld 2"),
        direction=-1,
    )
    diff = edition_diff(old, new)
    assert [f.item_diff.title for f in diff.fields] == ["Feld 2", "Feld 1"]
    assert sum(f.item_diff.moved for f in diff.fields) == 1
    assert diff.counts[MOVED] == 1


def test_removed_field_comes_last_with_its_children(setup):
    old, new = build(setup)
    services.item_delete(
        user=setup["user"], item=FieldOfAction.objects.get(edition=new, title="Feld 1")
    )
    add(FieldOfAction, new, title="Feld 3")
    diff = edition_diff(old, new)
    assert [(f.item_diff.title, f.item_diff.status) for f in diff.fields] == [
        ("Feld 2", UNCHANGED),
        ("Feld 3", ADDED),
        ("Feld 1", REMOVED),
    ]
    assert [m.status for m in diff.fields[2].measures] == [REMOVED] * 4
    assert diff.counts[REMOVED] == 5


def test_merge_and_split_lineage(setup):
    old, new = build(setup)
    source, target = measure(new, "Feld 1 Maßnahme 1"), measure(new, "Feld 1 Maßnahme 2")
    lineage.measure_merge(user=setup["user"], source=source, target=target, reason="Doppelt")
    part = lineage.measure_split(
        user=setup["user"],
        measure=measure(new, "Feld 1 Maßnahme 3"),
        title="Teil B",
        reason="Zu groß",
    )
    with translation.override("en"):
        diff = edition_diff(old, new)
    notes = {
        item.title: [(n.kind, n.text, n.reason) for n in item.lineage] for item in all_items(diff)
    }
    assert notes["Feld 1 Maßnahme 1"] == [("merged", "Merged into “Feld 1 Maßnahme 2”", "Doppelt")]
    assert notes["Feld 1 Maßnahme 2"] == [("merged", "Merged from “Feld 1 Maßnahme 1”", "Doppelt")]
    assert notes["Teil B"] == [("split", "Split from “Feld 1 Maßnahme 3”", "Zu groß")]
    assert notes["Feld 1 Maßnahme 3"] == [("split", "Split into “Teil B”", "Zu groß")]
    # Measures with a lineage note stay in the list of changes even if their content did not.
    shown = [item.title for item in diff.without_unchanged().items()]
    assert {"Feld 1 Maßnahme 2", "Feld 1 Maßnahme 3"} <= set(shown)
    assert "Feld 1 Maßnahme 4" not in shown
    assert by_title(diff, "Teil B").states == [ADDED]
    assert by_title(diff, "Feld 1 Maßnahme 1").states == [REMOVED]
    assert part.key != measure(new, "Feld 1 Maßnahme 3").key


def test_query_count_does_not_grow_with_the_edition(setup, django_assert_max_num_queries):
    def queries(count: int, label: str) -> int:
        concept = setup["concept"]
        old = services.edition_create(user=None, concept=concept, label=f"a{label}", title="A")
        field = add(FieldOfAction, old, title="Feld")
        objective = add(Objective, old, field=field, title="Ziel")
        actor = actors.actor_create(
            user=None, body=setup["body"], data={"name": f"Träger {label}", "kind": "external"}
        )
        for number in range(count):
            services.item_create(
                user=None,
                model=Measure,
                edition=old,
                data={"field": field, "title": f"M {number}", "lead_actor": actor},
                m2m={"objectives": [objective], "partner_actors": [actor]},
            )
        new = services.edition_copy(user=None, source=old, label=f"b{label}", title="B")
        Measure.objects.filter(edition=new, position__lte=count // 2).update(title="Geändert")
        with CaptureQueriesContext(connection) as context:
            diff = edition_diff(old, new)
        assert diff.counts[CHANGED] == count // 2
        return len(context.captured_queries)

    small, large = queries(5, "5"), queries(200, "200")
    assert small == large
    editions = list(Edition.objects.filter(label__in=["a200", "b200"]).order_by("label"))
    with django_assert_max_num_queries(small):
        edition_diff(*editions)


# --- the page ----------------------------------------------------------------------------


def diff_url(body, edition, **query):
    url = reverse("concepts:edition_diff", kwargs={"body": body.slug, "edition": edition.public_id})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_page_for_a_coordinator(setup):
    old, new = build(setup)
    update(setup, measure(new, "Feld 1 Maßnahme 2"), title="Feld 1 <b>Kurs</b> 2")
    services.item_delete(
        user=setup["user"], item=measure(new, "Feld 2 Maßnahme 1"), reason="erledigt"
    )
    client = Client()
    client.force_login(setup["user"])
    response = client.get(diff_url(setup["body"], new), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert "&lt;b&gt;Kurs&lt;/b&gt;" in html
    assert "<b>Kurs" not in html
    assert "erledigt" in html
    assert "<del" in html and "<ins" in html
    # Unchanged items only with ?all=1.
    assert "Feld 1 Maßnahme 3" not in html
    response = client.get(diff_url(setup["body"], new, all=1))
    assert "Feld 1 Maßnahme 3" in response.content.decode()
    assert response.context["body_nav"] is True
    assert response.context["diff"].old == old
    assert [e.label for e in response.context["other_editions"]] == ["2022"]


def test_page_picks_the_comparison_edition(setup):
    old, new = build(setup)
    client = Client()
    client.force_login(setup["user"])
    response = client.get(diff_url(setup["body"], old))  # no predecessor
    assert response.status_code == 200
    assert response.context["diff"] is None
    response = client.get(diff_url(setup["body"], old, **{"from": new.public_id}))
    assert response.status_code == 200
    assert response.context["diff"].old == new
    assert client.get(diff_url(setup["body"], new, **{"from": "nonsense"})).status_code == 404


def test_page_is_hidden_from_the_public_for_drafts(setup):
    _old, new = build(setup)
    assert Client().get(diff_url(setup["body"], new)).status_code == 404


def test_page_is_public_between_adopted_editions(setup):
    old, new = build(setup)
    services.edition_set_status(
        user=None, edition=old, status=Edition.Status.IN_FORCE, valid_from=datetime.date(2022, 1, 1)
    )
    services.edition_set_status(
        user=None, edition=new, status=Edition.Status.IN_FORCE, valid_from=datetime.date(2024, 1, 1)
    )
    response = Client().get(diff_url(setup["body"], new))
    assert response.status_code == 200
    assert response.context["body_nav"] is False
    assert response.context["diff"].old.pk == old.pk
    public = reverse(
        "portal:edition_diff", kwargs={"body": setup["body"].slug, "edition": new.public_id}
    )
    assert Client().get(public).status_code == 200
