"""Walk every URL of the project as every role (DESIGN.md: "A test walks every URL as every role").

The walker enumerates the URL patterns from the resolver and fills their arguments from the
world (see ``conftest.py``) by argument name. A pattern it cannot fill, or whose view it does
not know the access rule of, fails the test: add it to ``FILLERS`` and to one of the access
classes below.

Targets: A's draft and its items, A's edition in force and its items, B's draft, and A's
objects addressed through B's slug (a coordinator of B must not reach them by swapping
the slug).
"""

from dataclasses import dataclass
from typing import Any

import pytest
from conftest import KIND_MODELS, MARKER_A, MARKER_B, ROLES, District, World
from django.apps import apps
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse

from teilhabe.concepts.models import Actor, Edition, Lineage
from teilhabe.core.models import AuditEntry

pytestmark = pytest.mark.django_db

#: Prefixes of included URL configurations the walk leaves out (Django's own).
SKIPPED_PREFIXES = ("admin/", "i18n/")

# --- access classes: every URL name must be in exactly one --------------------------------

#: Anybody may read.
PUBLIC = {"portal:index", "portal:body"}
#: Anybody may read an adopted edition (in force, superseded); a draft is 404 for everybody.
PUBLIC_EDITION = {"portal:edition", "portal:edition_diff"}
#: Anybody may read an adopted edition; members of the body also its drafts; else 404.
READABLE_EDITION = {"concepts:edition_diff"}
#: Signed-in members of the body (every role) may read; others 403, anonymous to the login.
MEMBER_READ = {
    "concepts:dashboard",
    "concepts:edition_list",
    "concepts:edition_detail",
    "concepts:edition_export",
    "concepts:measure_list",
    "concepts:lineage_list",
    "concepts:measure_detail",
    "concepts:actor_list",
}
#: Only coordinators of the body (and superusers) may read; GET only.
COORDINATOR_READ = {"core:audit_log"}
#: Only coordinators of the body (and superusers): GET shows a form, POST writes.
COORDINATOR = {
    "concepts:edition_edit",
    "concepts:edition_status",
    "concepts:edition_delete",
    "concepts:edition_copy",
    "concepts:item_create",
    "concepts:lineage_edit",
    "concepts:item_edit",
    "concepts:item_delete",
    "concepts:measure_merge",
    "concepts:measure_split",
    "concepts:actor_create",
    "concepts:actor_edit",
    "concepts:actor_delete",
}
#: Like COORDINATOR, but POST only (GET answers 405 to signed-in users).
COORDINATOR_POST_ONLY = {"concepts:item_move"}
#: Special pages, checked one by one.
SPECIAL = {"core:login", "core:logout", "core:home"}
ACCESS_CLASSES = (
    PUBLIC,
    PUBLIC_EDITION,
    READABLE_EDITION,
    MEMBER_READ,
    COORDINATOR_READ,
    COORDINATOR,
    COORDINATOR_POST_ONLY,
    SPECIAL,
)
#: Views that change data (POSTed by every role that may not).
WRITE_VIEWS = COORDINATOR | COORDINATOR_POST_ONLY

ITEM_KINDS = ("principle", "section", "field", "goal", "objective", "measure")
#: Argument names the walker fills; anything else fails the test.
FILLERS = {"body", "edition", "kind", "item", "link", "actor", "fmt"}
OBJECT_ARGS = FILLERS - {"body", "fmt"}


@dataclass(frozen=True)
class Pattern:
    name: str  # namespaced, e.g. "concepts:item_edit"
    route: str
    args: frozenset[str]


def _converters(route_pattern: Any) -> set[str]:
    if hasattr(route_pattern, "converters"):
        names = set(route_pattern.converters)
        if names or "<" not in str(route_pattern):
            return names
    return set(route_pattern.regex.groupindex)


def project_patterns() -> list[Pattern]:
    """Every named pattern outside admin and i18n, with all the arguments of its route."""
    patterns: list[Pattern] = []
    unnamed: list[str] = []
    resolver = get_resolver()

    def collect(res: URLResolver, prefix: str, namespace: str, args: frozenset[str]) -> None:
        for entry in res.url_patterns:
            route = prefix + str(entry.pattern)
            entry_args = args | frozenset(_converters(entry.pattern))
            if isinstance(entry, URLResolver):
                if route.startswith(SKIPPED_PREFIXES):
                    continue
                ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                collect(entry, route, ns, entry_args)
            elif entry.name is None:
                unnamed.append(route)
            else:
                patterns.append(Pattern(f"{namespace}{entry.name}", route, entry_args))

    collect(resolver, "", "", frozenset())
    assert not unnamed, f"URL patterns without a name cannot be walked: {unnamed}"
    return patterns


# --- targets -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    """A set of objects to fill URLs with, addressed through one body's slug."""

    label: str
    slug_of: str  # "a" or "b": whose slug the URL uses
    objects_of: str  # "a" or "b": whose objects fill the other arguments
    draft: bool  # the draft edition or the edition in force


TARGETS = (
    Target("A draft", "a", "a", draft=True),
    Target("A in force", "a", "a", draft=False),
    Target("B draft", "b", "b", draft=True),
    Target("A draft via B's slug", "b", "a", draft=True),
    Target("A in force via B's slug", "b", "a", draft=False),
)


@dataclass(frozen=True)
class Request:
    pattern: Pattern
    url: str
    target: Target | None  # None: the URL has no body
    kwargs: tuple[tuple[str, Any], ...] = ()


def district(world: World, which: str) -> District:
    return world.a if which == "a" else world.b


def fill(pattern: Pattern, world: World, target: Target) -> list[dict[str, Any]]:
    """Every combination of arguments for this pattern and target."""
    unknown = pattern.args - FILLERS
    assert not unknown, (
        f"The access walk cannot fill {sorted(unknown)} of {pattern.name} ({pattern.route}); "
        "teach test_access_walk.fill() about them."
    )
    objects = district(world, target.objects_of)
    edition = objects.draft if target.draft else objects.in_force
    items = objects.draft_items if target.draft else objects.items
    base: dict[str, Any] = {"body": district(world, target.slug_of).body.slug}
    fixed = {
        "edition": edition.public_id,
        "link": objects.lineage.public_id,
        "actor": objects.actor.public_id,
    }
    base |= {k: v for k, v in fixed.items() if k in pattern.args}
    variants = [base]
    if "kind" in pattern.args:
        variants = [
            v | {"kind": kind} | ({"item": items[kind].public_id} if "item" in pattern.args else {})
            for v in variants
            for kind in ITEM_KINDS
        ]
    elif "item" in pattern.args:  # the measure pages
        variants = [v | {"item": items["measure"].public_id} for v in variants]
    if "fmt" in pattern.args:
        variants = [v | {"fmt": fmt} for v in variants for fmt in ("yaml", "json")]
    return [{k: v for k, v in variant.items() if k in pattern.args} for variant in variants]


def all_requests(world: World) -> list[Request]:
    requests: list[Request] = []
    for pattern in project_patterns():
        if "body" not in pattern.args:
            assert not pattern.args, f"{pattern.name}: arguments without a body: {pattern.args}"
            requests.append(Request(pattern, reverse(pattern.name), None))
            continue
        for target in TARGETS:
            # A body-only page through the "via B's slug" targets is just B's page again.
            if target.slug_of != target.objects_of and not pattern.args & OBJECT_ARGS:
                continue
            if target.label == "A in force" and not pattern.args & OBJECT_ARGS:
                continue
            for kwargs in fill(pattern, world, target):
                requests.append(
                    Request(
                        pattern,
                        reverse(pattern.name, kwargs=kwargs),
                        target,
                        tuple(sorted(kwargs.items())),
                    )
                )
    return requests


# --- the expected matrix -------------------------------------------------------------------

#: The role each world user has in district "a" and "b" (superusers count as coordinators).
ROLE_IN = {
    "anonymous": {},
    "contributor_a": {"a": "contributor"},
    "council_a": {"a": "council_member"},
    "coordinator_a": {"a": "coordinator"},
    "coordinator_b": {"b": "coordinator"},
    "superuser": {"a": "coordinator", "b": "coordinator"},
}
LOGIN = "/login/"


def expected_status(role: str, request: Request, method: str) -> int | set[int]:
    """The status a role gets for a request, by the access rules of DESIGN.md."""
    name, target = request.pattern.name, request.target
    anonymous = role == "anonymous"
    if name == "core:login":
        return 302 if not anonymous else 200
    if name == "core:logout":
        return 405  # POST only; only GET is walked
    if name == "core:home":
        if anonymous:
            return 302
        return 405 if method == "POST" else {200, 302}
    if name in PUBLIC:
        return 405 if method == "POST" else 200
    assert target is not None
    slug_role = ROLE_IN[role].get(target.slug_of)
    foreign_objects = target.slug_of != target.objects_of and bool(
        request.pattern.args & OBJECT_ARGS
    )
    if name in PUBLIC_EDITION | READABLE_EDITION:
        if method == "POST":
            return 405
        if foreign_objects:
            return 404
        readable = not target.draft or (name in READABLE_EDITION and slug_role is not None)
        return 200 if readable else 404
    # Everything below is behind the login.
    if anonymous:
        return 302
    if name in MEMBER_READ | COORDINATOR_READ:
        if method == "POST":
            return 405  # require_GET answers before the access check
        if slug_role is None:
            return 403
        if foreign_objects:
            return 404
        return 403 if name in COORDINATOR_READ and slug_role != "coordinator" else 200
    if name in COORDINATOR | COORDINATOR_POST_ONLY:
        if method == "GET" and name in COORDINATOR_POST_ONLY:
            return 405
        if slug_role is None:
            return 403
        if foreign_objects:
            return 404
        if slug_role != "coordinator":
            return 403
        return 200 if method == "GET" else 0  # 0: an authorised write, not walked
    raise AssertionError(f"{name} has no access class")


def test_every_url_name_has_an_access_class() -> None:
    names = [p.name for p in project_patterns()]
    for name in names:
        classes = [c for c in ACCESS_CLASSES if name in c]
        assert len(classes) == 1, f"{name} must be in exactly one access class (has {len(classes)})"
    stale = set().union(*ACCESS_CLASSES) - set(names)
    assert not stale, f"access classes name URLs that do not exist: {stale}"


def test_walker_fills_every_pattern(world: World) -> None:
    requests = all_requests(world)
    walked = {r.pattern.name for r in requests}
    assert walked == {p.name for p in project_patterns()}
    # every item kind is walked for the kind-dependent pages
    kinds = {r.url.split("/items/")[1].split("/")[0] for r in requests if "/items/" in r.url}
    assert kinds == set(ITEM_KINDS)


def markers_forbidden(role: str) -> list[str]:
    """Draft markers a role must never see: A's outside A, B's outside B."""
    forbidden = []
    if "a" not in ROLE_IN[role]:
        forbidden.append(MARKER_A)
    if "b" not in ROLE_IN[role]:
        forbidden.append(MARKER_B)
    return forbidden


def check_status(
    response: Any, expected: int | set[int], role: str, request: Request, method: str
) -> None:
    where = f"{method} {request.url} as {role} ({request.target.label if request.target else '-'})"
    assert response.status_code != 500, where
    allowed = expected if isinstance(expected, set) else {expected}
    assert response.status_code in allowed, f"{where}: {response.status_code}, expected {allowed}"
    if response.status_code == 302 and role == "anonymous" and request.pattern.name not in PUBLIC:
        assert response["Location"].startswith(f"{LOGIN}?next="), where


def content_of(response: Any) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_get_every_url_as_every_role(role: str, world: World, client_for: Any) -> None:
    client: Client = client_for(role)
    forbidden = markers_forbidden(role)
    for request in all_requests(world):
        if request.pattern.name == "core:logout":
            continue  # GET would only answer 405; POSTing it would end the session
        response = client.get(request.url)
        check_status(response, expected_status(role, request, "GET"), role, request, "GET")
        body = content_of(response)
        for marker in forbidden:
            assert marker not in body, f"{marker} leaked to {role} at {request.url}"


@pytest.mark.parametrize("role", ["contributor_a", "council_a", "coordinator_a", "superuser"])
def test_members_of_a_see_the_draft(role: str, world: World, client_for: Any) -> None:
    """The markers are really on the pages, so their absence elsewhere means something."""
    client = client_for(role)
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


def test_public_sees_only_adopted_content(world: World, client_for: Any) -> None:
    client = client_for("anonymous")
    page = client.get(reverse("portal:body", kwargs={"body": world.a.body.slug})).content.decode()
    assert world.a.items["measure"].title in page
    assert MARKER_A not in page
    draft_url = reverse(
        "portal:edition", kwargs={"body": world.a.body.slug, "edition": world.a.draft.public_id}
    )
    assert client.get(draft_url).status_code == 404


@pytest.mark.parametrize("role", ["anonymous", "contributor_a", "council_a", "coordinator_b"])
def test_admin_is_for_staff_only(role: str, client_for: Any) -> None:
    response = client_for(role).get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_admin_opens_for_the_superuser(client_for: Any) -> None:
    assert client_for("superuser").get("/admin/").status_code == 200


# --- writes by those who may not ------------------------------------------------------------


def database_state() -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every core and concepts table (incl. many-to-many), and the audit log."""
    state: dict[str, list[tuple[Any, ...]]] = {}
    for label in ("core", "concepts"):
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            if model._meta.label == "core.User":
                # last_login is written by signing in, which the test does itself.
                rows = model._base_manager.order_by("pk").values_list("pk", "password", "is_active")
            else:
                rows = model._base_manager.order_by("pk").values_list()
            state[model._meta.label] = list(rows)
    state["audit"] = [(AuditEntry.objects.count(),)]
    return state


def current_version(request: Request) -> int:
    """The version of the object the URL names: a refused POST must not be a mere conflict."""
    kwargs = dict(request.kwargs)
    if "item" in kwargs:
        model = KIND_MODELS[kwargs.get("kind", "measure")]
        return model.all_objects.get(public_id=kwargs["item"]).version
    for name, model in (("link", Lineage), ("actor", Actor), ("edition", Edition)):
        if name in kwargs:
            return model.all_objects.get(public_id=kwargs[name]).version
    return 1


def plausible_data(world: World, request: Request) -> dict[str, Any]:
    """A POST that an authorised user could send: every field a form of ours might want."""
    target = request.target
    objects = district(world, target.objects_of) if target else world.a
    items = objects.draft_items if target and target.draft else objects.items
    return {
        "title": "Übernommen",
        "label": "2099",
        "text": "Text",
        "description": "Neu",
        "name": "Neuer Akteur",
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
    }


@pytest.mark.parametrize("role", ROLES)
def test_post_every_url_without_right_changes_nothing(
    role: str, world: World, client_for: Any
) -> None:
    client = client_for(role)
    posted = 0
    for request in all_requests(world):
        if request.pattern.name in {"core:login", "core:logout"}:
            continue
        expected = expected_status(role, request, "POST")
        if expected == 0:
            continue  # this role may write here
        before = database_state()
        data = plausible_data(world, request)
        response = client.post(request.url, data)
        check_status(response, expected, role, request, "POST")
        assert response.status_code in {302, 403, 404, 405}
        assert database_state() == before, f"POST {request.url} as {role} changed the database"
        for marker in markers_forbidden(role):
            assert marker not in content_of(response)
        if request.pattern.name in WRITE_VIEWS:
            posted += 1
    assert posted > 0
