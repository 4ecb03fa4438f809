"""Council pages, the portal's paper pages, and the documents of papers and their files.

The world: the committees, a public paper with three steps, a non-public paper (with the
marker title) and a meeting per district (``teilhabe/council/tests/conftest.py``), and
files attaching a concept edition: to A's public paper A's edition in force (public) and
A's draft (members only), to each non-public paper its district's edition in force.

Targets: A's public paper, A's non-public paper, B's non-public paper, and A's non-public
paper through B's slug; for the files also the draft attached to A's public paper.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from teilhabe.council import services
from teilhabe.council.models import File
from teilhabe.council.tests.conftest import SECRET_A, SECRET_B, CouncilData, build_council
from teilhabe.documents.builders import PAPER_FORMATS

from .walker import (
    Pattern,
    Request,
    Target,
    WalkWorld,
    check_args,
    member_page,
    public_page,
    role_in,
)

# --- access classes -------------------------------------------------------------------------

#: Anybody may read (the public's view, also for members).
PUBLIC = {"portal:paper_list"}
#: Anybody may read a public paper and its files; a non-public paper, or a file attaching a
#: draft edition, is 404 for everybody (the public routes ignore who is signed in).
PUBLIC_PAPER = {
    "portal:paper",
    "documents_public:paper",
    "documents_public:file",
    "documents_public:file_download",
}
#: Members of the body read (GET only); contributors do not find non-public papers (404).
MEMBER_READ = {
    "council:paper_list",
    "council:paper_detail",
    "council:decision_control",
    "council:organization_list",
    "council:meeting_list",
    "council:meeting_detail",
    "documents:paper",
    "documents:file",
    "documents:file_download",
}
#: Coordinators of the body (and superusers): GET shows a form, POST writes. The role is
#: checked (403) before the object is looked up (404).
COORDINATOR = {
    "council:paper_create",
    "council:paper_import",
    "council:paper_edit",
    "council:paper_delete",
    "council:consultation_create",
    "council:consultation_edit",
    "council:consultation_delete",
    "council:consultation_outcome",
    "council:organization_create",
    "council:organization_edit",
    "council:meeting_create",
    "council:agenda_item_create",
}
#: Like COORDINATOR, but POST only (GET answers 405 to signed-in users).
COORDINATOR_POST_ONLY = {
    "council:paper_import_save",
    "council:paper_create_for_edition",
    "council:consultation_move",
}
CLASSES = {
    "PUBLIC": PUBLIC,
    "PUBLIC_PAPER": PUBLIC_PAPER,
    "MEMBER_READ": MEMBER_READ,
    "COORDINATOR": COORDINATOR,
    "COORDINATOR_POST_ONLY": COORDINATOR_POST_ONLY,
}
WRITE_VIEWS = COORDINATOR | COORDINATOR_POST_ONLY

FILLERS = {"body", "paper", "consultation", "file", "meeting", "organization", "edition", "fmt"}
#: Arguments naming an object that may be non-public.
PAPER_ARGS = {"paper", "consultation", "file"}
OBJECT_ARGS = FILLERS - {"body", "fmt"}

BODY_TARGETS = (Target("A", "a", "a"), Target("B", "b", "b"))
OBJECT_TARGETS = (*BODY_TARGETS, Target("A via B's slug", "b", "a"))
PAPER_TARGETS = (
    Target("A public paper", "a", "a"),
    Target("A non-public paper", "a", "a", hidden=True),
    Target("B non-public paper", "b", "b", hidden=True),
    Target("A non-public paper via B's slug", "b", "a", hidden=True),
)
FILE_TARGETS = (
    *PAPER_TARGETS,
    Target("A draft attached to the public paper", "a", "a", variant="draft"),
)


@dataclass
class CouncilWalk:
    data: dict[str, CouncilData]
    #: (district, "public" | "draft" | "hidden") → file
    files: dict[tuple[str, str], File]


def build(walk: WalkWorld) -> CouncilWalk:
    world = walk.world
    data = {
        "a": build_council(world.a, world.users["coordinator_a"], SECRET_A),
        "b": build_council(world.b, world.users["coordinator_b"], SECRET_B),
    }
    files = {}
    for which, district, secret in (("a", world.a, SECRET_A), ("b", world.b, SECRET_B)):
        user = world.users[f"coordinator_{which}"]
        files[(which, "hidden")] = services.file_attach_edition(
            user=user, paper=data[which].secret, edition=district.in_force, name=f"{secret}-ANLAGE"
        )
    files[("a", "public")] = services.file_attach_edition(
        user=world.users["coordinator_a"], paper=data["a"].paper, edition=world.a.in_force
    )
    files[("a", "draft")] = services.file_attach_edition(
        user=world.users["coordinator_a"], paper=data["a"].paper, edition=world.a.draft
    )
    return CouncilWalk(data=data, files=files)


def forbidden_markers(role: str) -> list[str]:
    """A non-public paper's marker is only for the body's coordinators and council members."""
    return [
        marker
        for which, marker in (("a", SECRET_A), ("b", SECRET_B))
        if role_in(role, which) not in ("coordinator", "council_member")
    ]


def fill(pattern: Pattern, walk: WalkWorld, target: Target) -> list[dict[str, Any]]:
    check_args(pattern, FILLERS, "council")
    council = walk.council.data[target.objects_of]
    paper = council.secret if target.hidden else council.paper
    district = walk.world.a if target.objects_of == "a" else walk.world.b
    file_variant = "hidden" if target.hidden else target.variant or "public"
    values: dict[str, Callable[[], Any]] = {
        "body": lambda: walk.body(target.slug_of).slug,
        "paper": lambda: paper.public_id,
        "consultation": lambda: paper.consultations.first().public_id,
        "file": lambda: walk.council.files[(target.objects_of, file_variant)].public_id,
        "meeting": lambda: council.meeting.public_id,
        "organization": lambda: council.committee.public_id,
        "edition": lambda: district.draft.public_id,
    }
    kwargs = {k: value() for k, value in values.items() if k in pattern.args}
    if "fmt" not in pattern.args:
        return [kwargs]
    formats = tuple(PAPER_FORMATS)
    if target.slug_of != "a" or target.objects_of != "a":
        formats = formats[:1]
    return [kwargs | {"fmt": fmt} for fmt in formats]


def requests(pattern: Pattern, walk: WalkWorld) -> list[Request]:
    assert "body" in pattern.args, f"{pattern.name}: a council URL without a body"
    targets: tuple[Target, ...]
    if "file" in pattern.args:
        targets = FILE_TARGETS
    elif pattern.args & PAPER_ARGS:
        targets = PAPER_TARGETS
    elif pattern.args & OBJECT_ARGS:
        targets = OBJECT_TARGETS
    else:
        targets = BODY_TARGETS
    return [
        Request(
            pattern, reverse(pattern.name, kwargs=kwargs), target, tuple(sorted(kwargs.items()))
        )
        for target in targets
        for kwargs in fill(pattern, walk, target)
    ]


def expected_status(role: str, request: Request, method: str) -> int | set[int]:
    name, target = request.pattern.name, request.target
    if name in PUBLIC:
        return 405 if method == "POST" else 200
    assert target is not None
    if name in PUBLIC_PAPER:
        return public_page(request, method, found=not target.hidden and target.variant != "draft")
    if name in MEMBER_READ:
        reads_non_public = role_in(role, target.slug_of) in ("coordinator", "council_member")
        return member_page(
            role, request, method, object_found=not target.hidden or reads_non_public
        )
    if name in COORDINATOR:
        return member_page(role, request, method, methods="GET POST", coordinator_only=True)
    if name in COORDINATOR_POST_ONLY:
        return member_page(role, request, method, methods="POST", coordinator_only=True)
    raise AssertionError(f"{name} has no access class")
