"""Core, concepts, the portal's concept pages and the documents of an edition.

Targets: A's draft and its items, A's edition in force and its items, B's draft, and A's
objects addressed through B's slug (a coordinator of B must not reach them by swapping
the slug).
"""

from typing import Any

from conftest import MARKER_A, MARKER_B, District
from django.urls import reverse

from teilhabe.documents.builders import CONCEPT_FORMATS

from .walker import WRITE, Pattern, Request, Target, WalkWorld, check_args, member_page, role_in

# --- access classes: every URL name must be in exactly one of any area ---------------------

#: Anybody may read.
PUBLIC = {"portal:index", "portal:body"}
#: Anybody may read an adopted edition (in force, superseded); a draft is 404 for everybody.
PUBLIC_EDITION = {"portal:edition", "portal:edition_diff", "documents_public:edition"}
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
    "documents:edition",
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
CLASSES = {
    "PUBLIC": PUBLIC,
    "PUBLIC_EDITION": PUBLIC_EDITION,
    "READABLE_EDITION": READABLE_EDITION,
    "MEMBER_READ": MEMBER_READ,
    "COORDINATOR_READ": COORDINATOR_READ,
    "COORDINATOR": COORDINATOR,
    "COORDINATOR_POST_ONLY": COORDINATOR_POST_ONLY,
    "SPECIAL": SPECIAL,
}
#: Views that change data (POSTed by every role that may not).
WRITE_VIEWS = COORDINATOR | COORDINATOR_POST_ONLY

ITEM_KINDS = ("principle", "section", "field", "goal", "objective", "measure")
#: Argument names this area fills; anything else fails the walk.
FILLERS = {"body", "edition", "kind", "item", "link", "actor", "fmt"}
OBJECT_ARGS = FILLERS - {"body", "fmt"}
#: The formats of the pages with a ``fmt``; every one is walked on A's own targets, the
#: first elsewhere (the access check does not depend on the format).
FORMATS = {
    "concepts:edition_export": ("yaml", "json"),
    "documents:edition": tuple(CONCEPT_FORMATS),
    "documents_public:edition": tuple(CONCEPT_FORMATS),
}

TARGETS = (
    Target("A draft", "a", "a", hidden=True),
    Target("A in force", "a", "a"),
    Target("B draft", "b", "b", hidden=True),
    Target("A draft via B's slug", "b", "a", hidden=True),
    Target("A in force via B's slug", "b", "a"),
)


def forbidden_markers(role: str) -> list[str]:
    """Draft markers a role must never see: A's outside A, B's outside B."""
    return [
        marker
        for which, marker in (("a", MARKER_A), ("b", MARKER_B))
        if role_in(role, which) is None
    ]


def district(walk: WalkWorld, which: str) -> District:
    return walk.world.a if which == "a" else walk.world.b


def fill(pattern: Pattern, walk: WalkWorld, target: Target) -> list[dict[str, Any]]:
    """The arguments of this pattern for this target (every item kind, some formats)."""
    check_args(pattern, FILLERS, "concepts")
    objects = district(walk, target.objects_of)
    edition = objects.draft if target.hidden else objects.in_force
    items = objects.draft_items if target.hidden else objects.items
    base: dict[str, Any] = {"body": walk.body(target.slug_of).slug}
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
        formats = FORMATS[pattern.name]
        if target.slug_of != "a" or target.objects_of != "a":
            formats = formats[:1]
        variants = [v | {"fmt": fmt} for v in variants for fmt in formats]
    return variants


def requests(pattern: Pattern, walk: WalkWorld) -> list[Request]:
    if "body" not in pattern.args:
        assert not pattern.args, f"{pattern.name}: arguments without a body: {pattern.args}"
        return [Request(pattern, reverse(pattern.name), None)]
    found = []
    for target in TARGETS:
        # A body-only page is walked once per body.
        body_only = not pattern.args & OBJECT_ARGS
        if body_only and (target.slug_of != target.objects_of or target.label == "A in force"):
            continue
        for kwargs in fill(pattern, walk, target):
            found.append(
                Request(
                    pattern,
                    reverse(pattern.name, kwargs=kwargs),
                    target,
                    tuple(sorted(kwargs.items())),
                )
            )
    return found


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
    slug_role = role_in(role, target.slug_of)
    if name in PUBLIC_EDITION | READABLE_EDITION:
        if method == "POST":
            return 405
        if request.foreign:
            return 404
        readable = not target.hidden or (name in READABLE_EDITION and slug_role is not None)
        return 200 if readable else 404
    if name in MEMBER_READ:
        return member_page(role, request, method)
    if name in COORDINATOR_READ:
        status = member_page(role, request, method)
        return 403 if status == 200 and slug_role != "coordinator" else status
    if name in COORDINATOR | COORDINATOR_POST_ONLY:
        # These views look the object up (404) before they check the role (403).
        status = member_page(
            role, request, method, methods="POST" if name in COORDINATOR_POST_ONLY else "GET POST"
        )
        if status == 200 and slug_role != "coordinator":
            return 403
        return WRITE if status == 200 and method == "POST" else status
    raise AssertionError(f"{name} has no access class")
