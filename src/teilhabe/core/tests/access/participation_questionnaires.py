"""Questionnaires of participation (``participation:questionnaire_*``), their results PDF
(``documents:questionnaire_results_pdf``) and the recipients' pages
(``questionnaire_public:*``).

The world: a process on A's edition in force with a questionnaire (a section, a choice and a
free-text question); an invitation with a marker e-mail address (valid link) and an answered
one whose free-text answer is a marker.

The rules (``teilhabe/participation/questionnaires/selectors.py``): the coordinators of the
body manage the questionnaires (builder, preview, invitations, exports of the single
responses); every member of the body reads the list, the results, the counts as CSV and the
results PDF; nothing of A through B's slug. The recipient's form needs no account: a valid
link opens it for anybody (answering is the link holder's write, not walked), an unknown link
is a 404 page; the thank-you page answers 200 for an answered link.

Targets: A's objects through A's and through B's slug; a valid, an answered and an unknown
link.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from teilhabe.participation import services as process_services
from teilhabe.participation.models import (
    Invitation,
    Process,
    Question,
    Questionnaire,
    QuestionSection,
)
from teilhabe.participation.questionnaires import logic, services

from .walker import WRITE, Pattern, Request, Target, WalkWorld, check_args, member_page, role_in

#: The e-mail address of A's open invitation: only A's coordinators see it.
INVITEE_A = "fragebogen-geheim-alpha@alpha.example"
#: A free-text answer of A: only A's members see it (results), never the public.
ANSWER_A = "FRAGEBOGEN-ANTWORT-GEHEIM-ALPHA"

# --- access classes -------------------------------------------------------------------------

#: Members of the body read (GET only).
MEMBER_READ = {
    "participation:questionnaire_list",
    "participation:questionnaire_results",
    "participation:questionnaire_summary_csv",
    "documents:questionnaire_results_pdf",
}
#: Coordinators of the body read (GET only): the builder and the single responses.
COORDINATOR_READ = {
    "participation:questionnaire_detail",
    "participation:questionnaire_csv",
    "participation:questionnaire_xlsx",
}
#: Coordinators of the body: GET shows a form, POST writes (the preview's POST only checks).
COORDINATOR = {
    "participation:questionnaire_create",
    "participation:questionnaire_edit",
    "participation:questionnaire_section_create",
    "participation:questionnaire_section_edit",
    "participation:questionnaire_question_create",
    "participation:questionnaire_question_edit",
    "participation:questionnaire_question_delete",
    "participation:questionnaire_preview",
    "participation:questionnaire_invitations",
}
#: Coordinators of the body, POST only.
COORDINATOR_POST = {
    "participation:questionnaire_section_delete",
    "participation:questionnaire_section_move",
    "participation:questionnaire_question_move",
    "participation:questionnaire_invite_bulk",
    "participation:questionnaire_remind_all",
    "participation:questionnaire_invitation_send",
    "participation:questionnaire_invitation_link",
    "participation:questionnaire_invitation_revoke",
}
#: The link decides: anybody with a valid link reads and answers; unknown links are 404.
TOKEN = {"questionnaire_public:form", "questionnaire_public:thanks"}
CLASSES = {
    "MEMBER_READ": MEMBER_READ,
    "COORDINATOR_READ": COORDINATOR_READ,
    "COORDINATOR": COORDINATOR,
    "COORDINATOR_POST": COORDINATOR_POST,
    "TOKEN": TOKEN,
}
WRITE_VIEWS = COORDINATOR | COORDINATOR_POST

FILLERS = {"body", "process", "questionnaire", "section", "question", "invitation", "token"}

OBJECT_TARGETS = (Target("A", "a", "a"), Target("A via B's slug", "b", "a"))
FORM_TARGETS = (
    Target("a valid link", "a", "a", variant="valid"),
    Target("an unknown link", "a", "a", variant="unknown"),
)
THANKS_TARGETS = (
    Target("an answered link", "a", "a", variant="answered"),
    Target("an unknown link", "a", "a", variant="unknown"),
)


@dataclass
class QuestionnaireWalk:
    process: Process
    questionnaire: Questionnaire
    section: QuestionSection
    question: Question
    invitation: Invitation
    tokens: dict[str, str]


def build(walk: WalkWorld) -> QuestionnaireWalk:
    world = walk.world
    user = world.users["coordinator_a"]
    process = process_services.process_create(
        user=user, edition=world.a.in_force, title="Fragebogen-Prozess Alpha"
    )
    questionnaire = services.questionnaire_create(
        user=user, process=process, title="Abfrage der Fachdienste Alpha"
    )
    section = services.section_create(user=user, questionnaire=questionnaire, title="Teil 1")
    question = services.question_create(
        user=user,
        questionnaire=questionnaire,
        data={
            "section": section,
            "kind": Question.Kind.SINGLE,
            "text": "Arbeitsbereich?",
            "choices": ["Beratung", "Bildung"],
        },
    )
    free = services.question_create(
        user=user,
        questionnaire=questionnaire,
        data={"section": section, "kind": Question.Kind.TEXT, "text": "Anregungen?"},
    )
    invitation, valid = services.invitation_create(
        user=user, questionnaire=questionnaire, email=INVITEE_A
    )
    answered, answered_token = services.invitation_create(
        user=user, questionnaire=questionnaire, actor=world.a.partner
    )
    services.response_submit(
        invitation=answered,
        values={logic.question_key(question): "Bildung", logic.question_key(free): ANSWER_A},
    )
    return QuestionnaireWalk(
        process=process,
        questionnaire=questionnaire,
        section=section,
        question=question,
        invitation=invitation,
        tokens={"valid": valid, "answered": answered_token, "unknown": "unbekannt" + "x" * 34},
    )


def forbidden_markers(role: str) -> list[str]:
    markers = []
    if role_in(role, "a") != "coordinator":
        markers.append(INVITEE_A)
    if role_in(role, "a") is None:
        markers.append(ANSWER_A)
    return markers


def requests(pattern: Pattern, walk: WalkWorld) -> list[Request]:
    check_args(pattern, FILLERS, "participation_questionnaires")
    data: QuestionnaireWalk = walk.questionnaires  # type: ignore[attr-defined]
    if "token" in pattern.args:
        targets = FORM_TARGETS if pattern.name == "questionnaire_public:form" else THANKS_TARGETS
        return [
            Request(
                pattern,
                reverse(pattern.name, kwargs={"token": data.tokens[t.variant]}),
                t,
            )
            for t in targets
        ]
    result = []
    for target in OBJECT_TARGETS:
        kwargs: dict[str, Any] = {"body": walk.body(target.slug_of).slug}
        fills = {
            "process": data.process.public_id,
            "questionnaire": data.questionnaire.public_id,
            "section": data.section.public_id,
            "question": data.question.public_id,
            "invitation": data.invitation.public_id,
        }
        kwargs |= {name: value for name, value in fills.items() if name in pattern.args}
        url = reverse(pattern.name, kwargs=kwargs)
        result.append(Request(pattern, url, target, tuple(sorted(kwargs.items()))))
    return result


def expected_status(role: str, request: Request, method: str) -> int | set[int]:
    name, target = request.pattern.name, request.target
    assert target is not None
    if name in TOKEN:
        if name == "questionnaire_public:thanks":
            if method != "GET":
                return 405
            return 404 if target.variant == "unknown" else 200
        if target.variant == "unknown":
            return 404
        return 200 if method == "GET" else WRITE
    if name in MEMBER_READ:
        return member_page(role, request, method, methods="GET")
    if name in COORDINATOR_READ:
        return member_page(role, request, method, methods="GET", coordinator_only=True)
    if name in COORDINATOR:
        return member_page(role, request, method, methods="GET POST", coordinator_only=True)
    return member_page(role, request, method, methods="POST", coordinator_only=True)
