"""Sachstandsberichte (``documents:report_*``): the stored progress reports of a body.

The world: one report of district A (marker title; its snapshot also lists A's monitoring
target on the unshared indicator, built by ``monitoring.build`` before) and one of B.

The rules (``teilhabe/tracking/reports.py``): every member of the body reads its reports
(list, page, Word and PDF download) — contributors and council members included, since the
report is written for the committee and describes the contributors' own measures; only
coordinators make a report or a Mitteilungsvorlage from it. Non-members never see a report
(403 through the report's body, 404 through another body's slug).

Targets: the bodies A, B and the Land for the list and the form; A's report, B's report, and
A's report through B's slug for the report pages, each download in both formats.
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from teilhabe.documents.progress_report import report_content
from teilhabe.tracking.models import ProgressReport
from teilhabe.tracking.reports import report_create

from .walker import Pattern, Request, Target, WalkWorld, check_args, member_page, role_in

#: Titles of the reports: only members of the district may ever see them.
REPORT_A = "SACHSTANDSBERICHT-GEHEIM-ALPHA"
REPORT_B = "SACHSTANDSBERICHT-GEHEIM-BETA"

# --- access classes -------------------------------------------------------------------------

#: Members of the body read (GET only).
MEMBER_READ = {"documents:report_list", "documents:report_detail", "documents:report_download"}
#: Coordinators of the body: the form (GET shows it, POST creates the report).
COORDINATOR = {"documents:report_create"}
#: Coordinators of the body, POST only: the Mitteilungsvorlage from a report.
COORDINATOR_POST = {"documents:report_paper"}
CLASSES = {
    "MEMBER_READ": MEMBER_READ,
    "COORDINATOR": COORDINATOR,
    "COORDINATOR_POST": COORDINATOR_POST,
}
WRITE_VIEWS = COORDINATOR | COORDINATOR_POST

FILLERS = {"body", "report", "fmt"}

BODY_TARGETS = (Target("A", "a", "a"), Target("B", "b", "b"), Target("Land", "land", "land"))
REPORT_TARGETS = (
    Target("A's report", "a", "a"),
    Target("B's report", "b", "b"),
    Target("A's report via B's slug", "b", "a"),
)


@dataclass
class ReportsWalk:
    reports: dict[str, ProgressReport]


def build(walk: WalkWorld) -> ReportsWalk:
    world = walk.world
    reports = {}
    for which, district, marker in (("a", world.a, REPORT_A), ("b", world.b, REPORT_B)):
        start, end = datetime.date(2024, 1, 1), datetime.date(2024, 12, 31)
        user = world.users[f"coordinator_{which}"]
        reports[which] = report_create(
            user=user,
            edition=district.in_force,
            period_from=start,
            period_to=end,
            content=report_content(
                edition=district.in_force, period_from=start, period_to=end, user=user
            ),
            title=f"Sachstandsbericht {marker}",
        )
    return ReportsWalk(reports=reports)


def forbidden_markers(role: str) -> list[str]:
    return [
        marker
        for which, marker in (("a", REPORT_A), ("b", REPORT_B))
        if role_in(role, which) is None
    ]


def requests(pattern: Pattern, walk: WalkWorld) -> list[Request]:
    check_args(pattern, FILLERS, "reports")
    data: ReportsWalk = walk.reports  # type: ignore[attr-defined]
    targets = REPORT_TARGETS if "report" in pattern.args else BODY_TARGETS
    formats = ("docx", "pdf") if "fmt" in pattern.args else (None,)
    result = []
    for target in targets:
        for fmt in formats:
            kwargs: dict[str, Any] = {"body": walk.body(target.slug_of).slug}
            if "report" in pattern.args:
                kwargs["report"] = data.reports[target.objects_of].public_id
            if fmt is not None:
                kwargs["fmt"] = fmt
            url = reverse(pattern.name, kwargs=kwargs)
            result.append(Request(pattern, url, target, tuple(sorted(kwargs.items()))))
    return result


def expected_status(role: str, request: Request, method: str) -> int | set[int]:
    name = request.pattern.name
    if name in MEMBER_READ:
        return member_page(role, request, method, methods="GET")
    if name in COORDINATOR:
        return member_page(role, request, method, methods="GET POST", coordinator_only=True)
    return member_page(role, request, method, methods="POST", coordinator_only=True)
