"""Implementation tracking (``tracking:*``): dashboard, progress, updates, review, budget,
settings.

The world: in district A a pending update of A's measure reported by the contributor (its
report text is a marker), an evidence file on it, a budget line (its purpose is a marker)
and the default status list.

The rules (``teilhabe/tracking/selectors.py`` and ``views/``): every member of the body reads
the dashboard (coordinators see the review queue and open survey links on it, the others a
read-only overview), the progress overview, the budget, a measure's page with its timeline
and the evidence files (any edition: members read drafts). Coordinators record updates,
review them, edit tracking plans, budget lines, the status list and the weights.
Contributors who are contacts of the lead actor report updates (pending); the walk's
contributor is no contact, so 403. Updates are recorded for measures of the edition in force
only: the draft's measure answers 404 to every member. Objects of A through B's slug: 404.

Targets: the bodies A and B for the body pages; A's measure in force, A's draft measure and
A's measure via B's slug; A's update, evidence, budget line and status (and via B's slug);
A's edition in force, A's draft and A's edition via B's slug for the weights.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from teilhabe.tracking import budget, services
from teilhabe.tracking.models import BudgetLine, Evidence, ProgressUpdate, StatusOption

from .walker import WRITE, Pattern, Request, Target, WalkWorld, check_args, member_page, role_in

#: The report text of A's pending update and the purpose of A's budget line.
REPORT_A = "SACHSTAND-GEHEIM-ALPHA"
BUDGET_A = "HAUSHALT-GEHEIM-ALPHA"

# --- access classes -------------------------------------------------------------------------

#: Members of the body read (GET only): the dashboard, the progress overview, the budget.
MEMBER_READ = {"tracking:today", "tracking:progress", "tracking:budget"}
#: Members of the body read an object of the body (GET only), drafts included.
MEMBER_READ_OBJECT = {"tracking:measure", "tracking:evidence"}
#: Coordinators record (accepted), contacts of the lead actor report (pending); GET and POST;
#: measures that are not in the edition in force are 404.
REPORT = {"tracking:update_create"}
#: Coordinators of the body, GET only.
COORDINATOR_READ = {"tracking:review_list", "tracking:status_list"}
#: Coordinators of the body: GET shows the form, POST writes.
COORDINATOR = {"tracking:budget_create", "tracking:status_create"}
#: Coordinators of the body, an object of the body: GET shows the form, POST writes.
COORDINATOR_OBJECT = {
    "tracking:plan_edit",
    "tracking:review",
    "tracking:budget_edit",
    "tracking:budget_delete",
    "tracking:status_edit",
    "tracking:status_delete",
    "tracking:weights",
}
#: Coordinators of the body, POST only.
COORDINATOR_POST = {"tracking:status_move"}

# The Maßnahmenabfrage and the Excel round trip have their own area: ``tracking_surveys.py``.

CLASSES = {
    "MEMBER_READ": MEMBER_READ,
    "MEMBER_READ_OBJECT": MEMBER_READ_OBJECT,
    "REPORT": REPORT,
    "COORDINATOR_READ": COORDINATOR_READ,
    "COORDINATOR": COORDINATOR,
    "COORDINATOR_OBJECT": COORDINATOR_OBJECT,
    "COORDINATOR_POST": COORDINATOR_POST,
}
WRITE_VIEWS = REPORT | COORDINATOR | COORDINATOR_OBJECT | COORDINATOR_POST

FILLERS = {"body", "measure", "update", "evidence", "line", "status", "edition"}

BODY_TARGETS = (Target("A", "a", "a"), Target("B", "b", "b"))
MEASURE_TARGETS = (
    Target("A's measure in force", "a", "a"),
    Target("A's draft measure", "a", "a", hidden=True),
    Target("A's measure via B's slug", "b", "a"),
)
OBJECT_TARGETS = (Target("A's", "a", "a"), Target("A's via B's slug", "b", "a"))
EDITION_TARGETS = (
    Target("A in force", "a", "a"),
    Target("A draft", "a", "a", hidden=True),
    Target("A in force via B's slug", "b", "a"),
)


@dataclass
class TrackingWalk:
    update: ProgressUpdate
    evidence: Evidence
    line: BudgetLine
    status: StatusOption


def build(walk: WalkWorld) -> TrackingWalk:
    world = walk.world
    a, coordinator = world.a, world.users["coordinator_a"]
    option = StatusOption.objects.get(body=a.body, code="in_progress")
    update = services.progress_record(
        user=world.users["contributor_a"],
        measure=a.items["measure"],
        date=datetime.date(2024, 5, 1),
        status=option,
        narrative=REPORT_A,
        accepted=False,
    )
    evidence = services.evidence_attach(
        user=world.users["contributor_a"],
        update=update,
        upload=SimpleUploadedFile("nachweis.txt", b"Teilnehmerliste", "text/plain"),
    )
    line = budget.budget_line_create(
        user=coordinator,
        edition=a.in_force,
        data={
            "field": a.items["field"],
            "year": 2024,
            "label": BUDGET_A,
            "approved": Decimal(1000),
            "funding_source": "kreis",
        },
    )
    return TrackingWalk(update=update, evidence=evidence, line=line, status=option)


def forbidden_markers(role: str) -> list[str]:
    return [] if role_in(role, "a") is not None else [REPORT_A, BUDGET_A]


def _targets(pattern: Pattern) -> tuple[Target, ...]:
    if "measure" in pattern.args:
        return MEASURE_TARGETS
    if "edition" in pattern.args:
        return EDITION_TARGETS
    if pattern.args & {"update", "evidence", "line", "status"}:
        return OBJECT_TARGETS
    return BODY_TARGETS


def requests(pattern: Pattern, walk: WalkWorld) -> list[Request]:
    check_args(pattern, FILLERS, "tracking")
    data: TrackingWalk = walk.tracking  # type: ignore[attr-defined]
    result = []
    for target in _targets(pattern):
        objects = walk.world.a if target.objects_of == "a" else walk.world.b
        kwargs: dict[str, Any] = {"body": walk.body(target.slug_of).slug}
        if "measure" in pattern.args:
            items = objects.draft_items if target.hidden else objects.items
            kwargs["measure"] = items["measure"].public_id
        if "edition" in pattern.args:
            kwargs["edition"] = (objects.draft if target.hidden else objects.in_force).public_id
        for name, obj in (
            ("update", data.update),
            ("evidence", data.evidence),
            ("line", data.line),
            ("status", data.status),
        ):
            if name in pattern.args:
                kwargs[name] = obj.public_id
        url = reverse(pattern.name, kwargs=kwargs)
        result.append(Request(pattern, url, target, tuple(sorted(kwargs.items()))))
    return result


def expected_status(role: str, request: Request, method: str) -> int | set[int]:
    name, target = request.pattern.name, request.target
    assert target is not None
    if name in MEMBER_READ | MEMBER_READ_OBJECT:
        return member_page(role, request, method, methods="GET")
    if name in REPORT:
        status = member_page(
            role, request, method, methods="GET POST", object_found=not target.hidden
        )
        if status == 200 and role_in(role, target.slug_of) != "coordinator":
            return 403  # the walk's contributor is no contact of the lead actor
        return WRITE if status == 200 and method == "POST" else status
    if name in COORDINATOR_READ:
        return member_page(role, request, method, methods="GET", coordinator_only=True)
    if name in COORDINATOR_POST:
        return member_page(role, request, method, methods="POST", coordinator_only=True)
    return member_page(role, request, method, methods="GET POST", coordinator_only=True)
