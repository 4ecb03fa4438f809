"""Reads of council data with their access check.

The public reads public papers (and what hangs below them); coordinators and council
members of the body read non-public papers too. Contributors read what the public reads.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from teilhabe.core.models import Body, Role
from teilhabe.core.selectors import AnyUser, role_in

from .models import Consultation, File, Meeting, Organization, Paper


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
        consultation = Consultation.objects.select_related("paper", "organization").get(
            public_id=public_id, paper__body=body
        )
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
    return files


def decision_control(*, user: AnyUser, body: Body) -> list[dict[str, Any]]:
    """Beschlusskontrolle: every paper with a decision, and where it stands."""
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
            }
        )
    return rows
