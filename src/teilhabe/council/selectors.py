"""Reads of council data with their access check.

The public reads public papers (and what hangs below them); coordinators and council
members of the body read non-public papers too. Contributors read what the public reads.
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from teilhabe.concepts.models import Edition
from teilhabe.core.models import AuditEntry, Body, Role
from teilhabe.core.selectors import AnyUser, is_member, require_coordinator, role_in
from teilhabe.core.traffic import Phase, Verdict, traffic_light

from .models import AgendaItem, Consultation, File, Meeting, Organization, Paper


def reads_non_public(user: AnyUser, body: Body) -> bool:
    return role_in(user, body) in (Role.COORDINATOR, Role.COUNCIL_MEMBER)


def papers_for_user(*, user: AnyUser, body: Body) -> QuerySet[Paper]:
    papers = Paper.objects.filter(body=body).select_related("lead_department", "edition")
    if not reads_non_public(user, body):
        papers = papers.filter(public=True)
    return papers.prefetch_related(
        Prefetch(
            "consultations", queryset=Consultation.objects.select_related("organization", "meeting")
        )
    )


def paper_get_for_user(*, user: AnyUser, body: Body, public_id: Any) -> Paper:
    try:
        return papers_for_user(user=user, body=body).get(public_id=public_id)
    except (Paper.DoesNotExist, ValidationError, ValueError, TypeError) as exc:
        raise Http404 from exc


def consultation_get_for_user(*, user: AnyUser, body: Body, public_id: Any) -> Consultation:
    try:
        consultation = Consultation.objects.select_related(
            "paper", "paper__edition", "organization"
        ).get(public_id=public_id, paper__body=body, paper__is_deleted=False)
    except (Consultation.DoesNotExist, ValidationError, ValueError, TypeError) as exc:
        raise Http404 from exc
    if not (consultation.paper.public or reads_non_public(user, body)):
        raise Http404
    return consultation


def organizations_of(body: Body) -> QuerySet[Organization]:
    return Organization.objects.filter(body=body)


def meetings_for_user(*, user: AnyUser, body: Body) -> QuerySet[Meeting]:
    return Meeting.objects.filter(body=body).select_related("organization", "location")


def files_for_user(*, user: AnyUser, body: Body) -> QuerySet[File]:
    files = File.objects.filter(body=body)
    if not reads_non_public(user, body):
        files = files.filter(Q(paper__isnull=True) | Q(paper__public=True, paper__is_deleted=False))
    if not is_member(user, body):
        # A concept edition as attachment is public only once the edition is adopted.
        files = files.filter(
            Q(edition__isnull=True) | Q(edition__status__in=Edition.PUBLIC_STATUSES)
        )
    return files


def decision_verdict(steps: list[Consultation], *, today: datetime.date) -> Verdict:
    """The traffic light of a paper's decision (``core.traffic.traffic_light`` decides).

    The council data maps to a phase and a due date:

    - withdrawn, or rejected in the deciding step → cancelled (light: done);
    - deferred as the latest outcome → paused (blocked) until a later step decides;
    - the deciding step adopted or noted it (or, without a deciding step, every step has an
      outcome) → done, unless a later step (a follow-up, e.g. Kenntnisnahme) is still open;
    - otherwise it is under way (planned while no step has decided) and due on the date of
      the next open step: a date that passed without an outcome makes it delayed.
    """
    decided = [c for c in steps if c.outcome]
    open_steps = [c for c in steps if not c.outcome]
    final = next((c for c in steps if c.authoritative), None)
    outcome = Consultation.Outcome
    if any(c.outcome == outcome.WITHDRAWN for c in decided) or (
        final is not None and final.outcome == outcome.REJECTED
    ):
        return traffic_light(phase=Phase.CANCELLED, today=today)
    if decided and decided[-1].outcome == outcome.DEFERRED:
        return traffic_light(phase=Phase.PAUSED, today=today)
    final_done = final is not None and final.outcome in (*Consultation.POSITIVE, outcome.NOTED)
    if final is not None and final_done:
        follow_ups = [c for c in steps[steps.index(final) + 1 :] if not c.outcome]
        if not follow_ups:
            return traffic_light(phase=Phase.DONE, today=today)
        return traffic_light(phase=Phase.ACTIVE, today=today, due=follow_ups[0].planned_date)
    if final is None and steps and not open_steps:
        return traffic_light(phase=Phase.DONE, today=today)
    due = next((c.planned_date for c in open_steps if c.planned_date), None)
    return traffic_light(phase=Phase.ACTIVE if decided else Phase.PLANNED, today=today, due=due)


def decision_control(
    *, user: AnyUser, body: Body, today: datetime.date | None = None
) -> list[dict[str, Any]]:
    """Beschlusskontrolle: every paper with a decision, where it stands, and its light."""
    today = today or timezone.localdate()
    rows = []
    for paper in papers_for_user(user=user, body=body):
        steps = list(paper.consultations.all())
        decided = [c for c in steps if c.outcome]
        final = next((c for c in steps if c.authoritative), None)
        rows.append(
            {
                "paper": paper,
                "steps": steps,
                "last": decided[-1] if decided else None,
                "final": final,
                "done": bool(final and final.outcome),
                "edition": paper.edition,
                "verdict": decision_verdict(steps, today=today),
            }
        )
    return rows


@dataclass
class PaperFilter:
    paper_type: str = ""
    year: str = ""
    q: str = ""
    #: "public" or "non_public"; only applied for those who read non-public papers.
    visibility: str = ""


def paper_list(*, user: AnyUser, body: Body, filters: PaperFilter) -> QuerySet[Paper]:
    papers = papers_for_user(user=user, body=body)
    if filters.paper_type in Paper.PaperType.values:
        papers = papers.filter(paper_type=filters.paper_type)
    if filters.year.isdigit():
        papers = papers.filter(date__year=int(filters.year))
    if filters.q:
        papers = papers.filter(
            Q(title__icontains=filters.q)
            | Q(reference__icontains=filters.q)
            | Q(decision_proposal__icontains=filters.q)
            | Q(facts__icontains=filters.q)
        )
    if reads_non_public(user, body) and filters.visibility in ("public", "non_public"):
        papers = papers.filter(public=filters.visibility == "public")
    return papers


def paper_years(*, user: AnyUser, body: Body) -> list[int]:
    papers = Paper.objects.filter(body=body, date__isnull=False)
    if not reads_non_public(user, body):
        papers = papers.filter(public=True)
    return sorted({d.year for d in papers.dates("date", "year")}, reverse=True)


def paper_history(*, user: AnyUser, body: Body, paper: Paper) -> QuerySet[AuditEntry]:
    """The audit entries of a paper, its steps and its files (coordinators only)."""
    require_coordinator(user, body)
    ids = [paper.public_id]
    ids += Consultation.all_objects.filter(paper=paper).values_list("public_id", flat=True)
    ids += File.all_objects.filter(paper=paper).values_list("public_id", flat=True)
    return AuditEntry.objects.filter(body=body, object_id__in=ids).select_related("user")


def organization_get(*, body: Body, public_id: Any) -> Organization:
    try:
        return Organization.objects.get(body=body, public_id=public_id)
    except (Organization.DoesNotExist, ValidationError, ValueError, TypeError) as exc:
        raise Http404 from exc


def meeting_get_for_user(*, user: AnyUser, body: Body, public_id: Any) -> Meeting:
    try:
        return meetings_for_user(user=user, body=body).get(public_id=public_id)
    except (Meeting.DoesNotExist, ValidationError, ValueError, TypeError) as exc:
        raise Http404 from exc


def agenda_items_for_user(*, user: AnyUser, meeting: Meeting) -> QuerySet[AgendaItem]:
    """The agenda of a meeting; non-public items and items of non-public papers only for
    those who read non-public papers."""
    items = AgendaItem.objects.filter(meeting=meeting).select_related("consultation__paper")
    if not reads_non_public(user, meeting.body):
        items = items.filter(public=True).filter(
            Q(consultation__isnull=True)
            | Q(consultation__paper__public=True, consultation__paper__is_deleted=False)
        )
    return items


def consultations_to_schedule(*, body: Body) -> QuerySet[Consultation]:
    """Steps of live papers that have no agenda item yet (for coordinators)."""
    return (
        Consultation.objects.filter(
            paper__body=body, paper__is_deleted=False, agenda_item__isnull=True
        )
        .select_related("paper", "organization")
        .order_by("planned_date", "id")
    )
