"""Walk every URL of the project as every role (DESIGN.md: "A test walks every URL as every role").

The walker enumerates the URL patterns from the resolver and fills their arguments from the
world (``conftest.py`` plus the council, reception and monitoring data of ``access/``) by
argument name. A pattern it cannot fill, or whose URL name is in no access class, fails the
test: add it to an area in ``access/`` (``concepts``, ``council``, ``reception``,
``monitoring``): its access classes, its fillers and its expected statuses.

Every GET and every POST a role may not send is walked; refused POSTs must change nothing,
and no page may show a role a marker it must not see (drafts, non-public papers, other
districts' assignments, draft periods, indicators a body does not share).
"""

from collections.abc import Callable
from typing import Any

import pytest
from conftest import KIND_MODELS, MARKER_A, World
from django.apps import apps
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from teilhabe.concepts.models import Actor, Edition, Lineage
from teilhabe.core.models import AuditEntry
from teilhabe.council.models import Consultation, Meeting, Organization, Paper
from teilhabe.council.tests.conftest import SECRET_A

from .access import (
    concepts,
    council,
    monitoring,
    participation,
    participation_questionnaires,
    reception,
    reports,
    tracking,
    tracking_surveys,
)
from .access.walker import (
    LOGIN,
    ROLES,
    WRITE,
    Request,
    WalkWorld,
    project_patterns,
)

pytestmark = pytest.mark.django_db

AREAS = (
    concepts,
    council,
    reception,
    monitoring,
    reports,
    tracking_surveys,
    tracking,
    participation,
    participation_questionnaires,
)
WRITE_VIEWS = (
    concepts.WRITE_VIEWS
    | council.WRITE_VIEWS
    | reception.WRITE_VIEWS
    | monitoring.WRITE_VIEWS
    | reports.WRITE_VIEWS
    | tracking_surveys.WRITE_VIEWS
    | tracking.WRITE_VIEWS
    | participation.WRITE_VIEWS
    | participation_questionnaires.WRITE_VIEWS
)


@pytest.fixture
def walk(world: World) -> WalkWorld:
    walk = WalkWorld(world=world)
    walk.council = council.build(walk)
    walk.reception = reception.build(walk)
    walk.monitoring = monitoring.build(walk)
    walk.reports = reports.build(walk)  # type: ignore[attr-defined]
    walk.tracking_surveys = tracking_surveys.build(walk)  # type: ignore[attr-defined]
    walk.tracking = tracking.build(walk)  # type: ignore[attr-defined]
    walk.participation = participation.build(walk)  # type: ignore[attr-defined]
    walk.questionnaires = participation_questionnaires.build(walk)  # type: ignore[attr-defined]
    return walk


@pytest.fixture
def client_of(walk: WalkWorld) -> Callable[[str], Client]:
    """A test client signed in as the walk's user of that role (``anonymous``: not signed in)."""

    def make(role: str) -> Client:
        client = Client()
        if role != "anonymous":
            client.force_login(walk.world.users[role])
        return client

    return make


def area_of(name: str) -> Any:
    areas = [area for area in AREAS if any(name in c for c in area.CLASSES.values())]
    assert areas, f"{name} has no access class: add it to one in access/"
    assert len(areas) == 1, f"{name} is in the access classes of several areas"
    return areas[0]


def all_requests(walk: WalkWorld) -> list[Request]:
    return [
        request
        for pattern in project_patterns()
        for request in area_of(pattern.name).requests(pattern, walk)
    ]


def expected_status(role: str, request: Request, method: str) -> int | set[int]:
    return area_of(request.pattern.name).expected_status(role, request, method)


def markers_forbidden(role: str) -> list[str]:
    return [marker for area in AREAS for marker in area.forbidden_markers(role)]


def test_every_url_name_has_an_access_class() -> None:
    names = [p.name for p in project_patterns()]
    classes = [(f"{a.__name__}.{n}", c) for a in AREAS for n, c in a.CLASSES.items()]
    for name in names:
        found = [label for label, c in classes if name in c]
        assert len(found) == 1, f"{name} must be in exactly one access class (is in {found})"
    stale = set().union(*(c for _label, c in classes)) - set(names)
    assert not stale, f"access classes name URLs that do not exist: {stale}"


def test_walker_fills_every_pattern(walk: WalkWorld) -> None:
    requests = all_requests(walk)
    walked = {r.pattern.name for r in requests}
    assert walked == {p.name for p in project_patterns()}
    # every item kind is walked for the kind-dependent pages
    kinds = {dict(r.kwargs)["kind"] for r in requests if "kind" in r.pattern.args}
    assert kinds == set(concepts.ITEM_KINDS)
    # every document format is walked at least once
    formats = {dict(r.kwargs).get("fmt") for r in requests} - {None}
    assert formats == {"yaml", "json", "docx", "pdf", "pptx"}


def check_status(
    response: Any, expected: int | set[int], role: str, request: Request, method: str
) -> None:
    where = f"{method} {request.url} as {role} ({request.target.label if request.target else '-'})"
    assert response.status_code != 500, where
    allowed = expected if isinstance(expected, set) else {expected}
    assert response.status_code in allowed, f"{where}: {response.status_code}, expected {allowed}"
    if response.status_code == 302 and role == "anonymous" and request.pattern.name != "core:home":
        assert response["Location"].startswith(f"{LOGIN}?next="), where


def content_of(response: Any) -> str:
    """The text of a response; documents are decoded as far as they are text."""
    if getattr(response, "streaming", False):
        data = b"".join(response.streaming_content)
    else:
        data = response.content
    return data.decode(errors="replace")


@pytest.mark.parametrize("role", ROLES)
def test_get_every_url_as_every_role(role: str, walk: WalkWorld, client_of: Any) -> None:
    client: Client = client_of(role)
    forbidden = markers_forbidden(role)
    for request in all_requests(walk):
        if request.pattern.name == "core:logout":
            continue  # GET would only answer 405; POSTing it would end the session
        response = client.get(request.url)
        expected = expected_status(role, request, "GET")
        check_status(response, expected, role, request, "GET")
        body = content_of(response)
        for marker in forbidden:
            assert marker not in body, f"{marker} leaked to {role} at {request.url}"


# --- the markers are really on the pages, so their absence elsewhere means something -------


@pytest.mark.parametrize("role", ["contributor_a", "council_a", "coordinator_a", "superuser"])
def test_members_of_a_see_the_draft(role: str, walk: WalkWorld, client_of: Any) -> None:
    world = walk.world
    client = client_of(role)
    url = reverse(
        "concepts:edition_detail",
        kwargs={"body": world.a.body.slug, "edition": world.a.draft.public_id},
    )
    page = client.get(url).content.decode()
    assert f"{MARKER_A}-FELD" in page
    assert f"{MARKER_A}-MASSNAHME" in page
    measure = world.a.draft_items["measure"]
    detail = client.get(
        reverse(
            "concepts:measure_detail", kwargs={"body": world.a.body.slug, "item": measure.public_id}
        )
    )
    assert f"{MARKER_A}-MASSNAHME" in detail.content.decode()


@pytest.mark.parametrize("role", ["council_a", "coordinator_a", "superuser"])
def test_council_readers_see_the_non_public_paper(
    role: str, walk: WalkWorld, client_of: Any
) -> None:
    body = walk.world.a.body.slug
    client = client_of(role)
    listing = client.get(reverse("council:paper_list", kwargs={"body": body}))
    assert SECRET_A in listing.content.decode()
    secret = walk.council.data["a"].secret
    detail = client.get(
        reverse("council:paper_detail", kwargs={"body": body, "paper": secret.public_id})
    )
    assert f"{SECRET_A}-ANLAGE" in detail.content.decode()
    meeting = walk.council.data["a"].meeting
    agenda = client.get(
        reverse("council:meeting_detail", kwargs={"body": body, "meeting": meeting.public_id})
    )
    assert SECRET_A in agenda.content.decode()


@pytest.mark.parametrize(
    ("role", "sees"),
    [
        ("contributor_a", {reception.ASSIGNMENT_A}),
        ("coordinator_b", {reception.ASSIGNMENT_B}),
        ("state_office", {reception.ASSIGNMENT_A, reception.ASSIGNMENT_B}),
    ],
)
def test_reception_readers_see_their_assignments(
    role: str, sees: set[str], walk: WalkWorld, client_of: Any
) -> None:
    period = walk.reception.periods[("land", False)]
    kwargs = {"body": walk.reception.land.slug, "period": period.public_id}
    page = client_of(role).get(reverse("reception:assignment_list", kwargs=kwargs))
    text = page.content.decode()
    assert {m for m in (reception.ASSIGNMENT_A, reception.ASSIGNMENT_B) if m in text} == sees


def test_the_state_office_sees_the_draft_periods(walk: WalkWorld, client_of: Any) -> None:
    client = client_of("state_office")
    for which, marker in (("land", reception.DRAFT_LAND), ("a", reception.DRAFT_A)):
        period = walk.reception.periods[(which, True)]
        kwargs = {"body": walk.body(which).slug, "period": period.public_id}
        page = client.get(reverse("reception:period_detail", kwargs=kwargs))
        assert marker in page.content.decode()


@pytest.mark.parametrize("role", ["contributor_a", "council_a", "coordinator_a", "superuser"])
def test_members_of_a_see_the_unshared_indicator(
    role: str, walk: WalkWorld, client_of: Any
) -> None:
    client = client_of(role)
    body = walk.world.a.body.slug
    overview = client.get(reverse("monitoring:index", kwargs={"body": body}))
    assert monitoring.HIDDEN_A in overview.content.decode()
    code = walk.monitoring.hidden.code
    detail = client.get(reverse("monitoring:indicator_detail", kwargs={"body": body, "code": code}))
    assert f"{monitoring.HIDDEN_A}-QUELLE" in detail.content.decode()


def test_public_sees_only_adopted_content(walk: WalkWorld, client_of: Any) -> None:
    world = walk.world
    client = client_of("anonymous")
    page = client.get(reverse("portal:body", kwargs={"body": world.a.body.slug})).content.decode()
    assert world.a.items["measure"].title in page
    assert MARKER_A not in page
    draft_url = reverse(
        "portal:edition", kwargs={"body": world.a.body.slug, "edition": world.a.draft.public_id}
    )
    assert client.get(draft_url).status_code == 404
    papers = client.get(reverse("portal:paper_list", kwargs={"body": world.a.body.slug}))
    assert walk.council.data["a"].paper.title in papers.content.decode()


@pytest.mark.parametrize("role", ["anonymous", "contributor_a", "council_a", "coordinator_b"])
def test_admin_is_for_staff_only(role: str, client_for: Any) -> None:
    response = client_for(role).get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_admin_opens_for_the_superuser(client_for: Any) -> None:
    assert client_for("superuser").get("/admin/").status_code == 200


# --- writes by those who may not ------------------------------------------------------------


def database_state() -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table of the project's apps (core, concepts, council, reception, …;
    incl. many-to-many), and the audit log."""
    state: dict[str, list[tuple[Any, ...]]] = {}
    for config in apps.get_app_configs():
        if not config.name.startswith("teilhabe."):
            continue
        for model in config.get_models(include_auto_created=True):
            if model._meta.label == "core.User":
                # last_login is written by signing in, which the test does itself.
                rows = model._base_manager.order_by("pk").values_list("pk", "password", "is_active")
            else:
                rows = model._base_manager.order_by("pk").values_list()
            state[model._meta.label] = list(rows)
    state["audit"] = [(AuditEntry.objects.count(),)]
    return state


#: URL argument → model of a versioned object (besides the items, by kind).
VERSIONED = {
    "link": Lineage,
    "actor": Actor,
    "consultation": Consultation,
    "paper": Paper,
    "organization": Organization,
    "meeting": Meeting,
    "edition": Edition,
}


def current_version(request: Request) -> int:
    """The version of the object the URL names: a refused POST must not be a mere conflict."""
    kwargs = dict(request.kwargs)
    if "item" in kwargs:
        item_model = KIND_MODELS[kwargs.get("kind", "measure")]
        return item_model.all_objects.get(public_id=kwargs["item"]).version
    for name, model in VERSIONED.items():
        if name in kwargs:
            return model.all_objects.get(public_id=kwargs[name]).version
    return 1


def plausible_data(walk: WalkWorld, request: Request) -> dict[str, Any]:
    """A POST that an authorised user could send: the fields our forms might want."""
    target = request.target
    which = target.objects_of if target and target.objects_of in ("a", "b") else "a"
    objects = walk.world.a if which == "a" else walk.world.b
    items = objects.draft_items if target and target.hidden else objects.items
    council_data = walk.council.data[which]
    return {
        # concepts
        "title": "Übernommen",
        "label": "2099",
        "text": "Text",
        "description": "Neu",
        "name": "Neuer Name",
        "kind": "external",
        "category": "other",
        "status": "in_force",
        "valid_from": "2024-11-28",
        "reason": "Weil",
        "direction": "up",
        "version": str(current_version(request)),
        "field": str(items["field"].pk),
        "target": str(items["measure"].pk),
        "introduction": "Neu",
        "source_note": "Neu",
        "cross_cutting": "on",
        "goals": str(items["goal"].pk),
        "objectives": str(items["objective"].pk),
        "lead_actor": str(objects.actor.pk),
        # council
        "reference": "2099/1",
        "paper_type": "Beschlussvorlage",
        "date": "2024-11-04",
        "public": "on",
        "classification": "Ausschuss",
        "organization": str(council_data.committee.pk),
        "planned_date": "2024-12-01",
        "role": "Vorberatung",
        "outcome": "adopted",
        "decided_on": "2024-12-01",
        "votes_yes": "5",
        "number": "9",
        "consultation": str(council_data.steps[0].pk),
        "start": "2024-10-01T10:00"
        if request.pattern.name.startswith("council:")
        else "2025-10-01",
        "source": "Vorlage 2099/1\nBetreff: Neu",
        # reception
        "end": "2026-03-31",
        "total": "100",
        "key": str(walk.reception.key.pk),
        "territory": str(objects.body.territory_id),
        "persons": "5",
        "note": "Neu",
        "slug": "neuer-schluessel",
        "key_year": "2099",
        "rows": f"{objects.body.ags};1000;1000",
        "content": f"ags;datum;personen\r\n{objects.body.ags};04.11.2024;3\r\n",
    }


#: SQL that changes rows; a POST without any changes nothing (the full comparison is the proof).
WRITING_SQL = ("INSERT", "UPDATE", "DELETE", "REPLACE", "TRUNCATE")


@pytest.mark.parametrize("role", ROLES)
def test_post_every_url_without_right_changes_nothing(
    role: str, walk: WalkWorld, client_of: Any
) -> None:
    client = client_of(role)
    posted = 0
    before = database_state()
    for request in all_requests(walk):
        if request.pattern.name in {"core:login", "core:logout"}:
            continue
        expected = expected_status(role, request, "POST")
        if expected == WRITE:
            continue  # this role may write here
        with CaptureQueriesContext(connection) as queries:
            response = client.post(request.url, plausible_data(walk, request))
        check_status(response, expected, role, request, "POST")
        assert response.status_code in {302, 403, 404, 405}
        if any(q["sql"].lstrip().upper().startswith(WRITING_SQL) for q in queries):
            # Nothing has changed so far, so one snapshot serves the whole walk.
            assert database_state() == before, f"POST {request.url} as {role} changed the database"
        for marker in markers_forbidden(role):
            assert marker not in content_of(response)
        if request.pattern.name in WRITE_VIEWS:
            posted += 1
    assert posted > 0
    assert database_state() == before
