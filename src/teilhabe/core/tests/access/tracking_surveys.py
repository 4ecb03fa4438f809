"""Maßnahmenabfrage and Excel round trip (``tracking:survey_*``, ``tracking:xlsx_*``) and the
public answer page of a survey link (``tracking_public:survey_answer``).

The world: a survey of district A with one link (to A's lead actor, with an e-mail address
entered by the coordinator as a marker) and its plain token.

The rules (``teilhabe/tracking/surveys.py``, ``views/surveys.py``, ``views/xlsx.py``): the
surveys, their links and the import are for the coordinators of the body in the URL (A's
survey through B's slug is 404); every member may download the measure list as Excel. The
answer page needs no account: a valid token opens it for anybody (answering is the token
holder's write, not walked), an unknown token is a 404 page.

Targets: the bodies A and B for the body pages; A's survey through A's and through B's slug;
A's valid token and an unknown token.
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils import timezone

from teilhabe.tracking import surveys
from teilhabe.tracking.models import Survey, SurveyLink

from .walker import WRITE, Pattern, Request, Target, WalkWorld, check_args, member_page, role_in

#: The e-mail address of A's link: only A's coordinators ever see it.
LINK_EMAIL_A = "abfrage-geheim-alpha@alpha.example"

# --- access classes -------------------------------------------------------------------------

#: Coordinators of the body, GET only.
COORDINATOR_READ = {"tracking:survey_list", "tracking:survey_detail"}
#: Coordinators of the body: GET shows the form, POST writes.
COORDINATOR = {"tracking:survey_create", "tracking:xlsx_import"}
#: Coordinators of the body, POST only.
COORDINATOR_POST = {
    "tracking:survey_send_open",
    "tracking:survey_link_send",
    "tracking:survey_link_revoke",
}
#: Members of the body read (GET only).
MEMBER_READ = {"tracking:xlsx_export"}
#: The token decides: anybody with a valid token reads and answers; unknown tokens are 404.
TOKEN = {"tracking_public:survey_answer"}
CLASSES = {
    "COORDINATOR_READ": COORDINATOR_READ,
    "COORDINATOR": COORDINATOR,
    "COORDINATOR_POST": COORDINATOR_POST,
    "MEMBER_READ": MEMBER_READ,
    "TOKEN": TOKEN,
}
WRITE_VIEWS = COORDINATOR | COORDINATOR_POST

FILLERS = {"body", "survey", "survey_link", "token"}

BODY_TARGETS = (Target("A", "a", "a"), Target("B", "b", "b"))
SURVEY_TARGETS = (Target("A's survey", "a", "a"), Target("A's survey via B's slug", "b", "a"))
TOKEN_TARGETS = (
    Target("A's valid token", "a", "a", variant="valid"),
    Target("an unknown token", "a", "a", variant="unknown"),
)


@dataclass
class SurveyWalk:
    survey: Survey
    link: SurveyLink
    token: str


def build(walk: WalkWorld) -> SurveyWalk:
    world = walk.world
    survey, issued = surveys.survey_create(
        user=world.users["coordinator_a"],
        body=world.a.body,
        title="Sachstandsabfrage Alpha",
        message="",
        due=timezone.localdate() + datetime.timedelta(days=14),
        actors=[world.a.actor],
        emails={world.a.actor.pk: LINK_EMAIL_A},
    )
    return SurveyWalk(survey=survey, link=issued[0].link, token=issued[0].token)


def forbidden_markers(role: str) -> list[str]:
    return [] if role_in(role, "a") == "coordinator" else [LINK_EMAIL_A]


def requests(pattern: Pattern, walk: WalkWorld) -> list[Request]:
    check_args(pattern, FILLERS, "tracking_surveys")
    data: SurveyWalk = walk.tracking_surveys  # type: ignore[attr-defined]
    if "token" in pattern.args:
        result = []
        for target in TOKEN_TARGETS:
            token = data.token if target.variant == "valid" else "unbekannt" + "x" * 34
            kwargs = {"token": token}
            result.append(Request(pattern, reverse(pattern.name, kwargs=kwargs), target))
        return result
    targets = SURVEY_TARGETS if "survey" in pattern.args else BODY_TARGETS
    result = []
    for target in targets:
        kwargs: dict[str, Any] = {"body": walk.body(target.slug_of).slug}
        if "survey" in pattern.args:
            kwargs["survey"] = data.survey.public_id
        if "survey_link" in pattern.args:
            kwargs["survey_link"] = data.link.public_id
        url = reverse(pattern.name, kwargs=kwargs)
        result.append(Request(pattern, url, target, tuple(sorted(kwargs.items()))))
    return result


def expected_status(role: str, request: Request, method: str) -> int | set[int]:
    name, target = request.pattern.name, request.target
    assert target is not None
    if name in TOKEN:
        if target.variant != "valid":
            return 404
        return 200 if method == "GET" else WRITE
    if name in COORDINATOR_READ:
        return member_page(role, request, method, methods="GET", coordinator_only=True)
    if name in COORDINATOR:
        return member_page(role, request, method, methods="GET POST", coordinator_only=True)
    if name in COORDINATOR_POST:
        return member_page(role, request, method, methods="POST", coordinator_only=True)
    return member_page(role, request, method, methods="GET")
