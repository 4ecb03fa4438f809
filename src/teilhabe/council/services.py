"""Every write of council data: organizations, meetings, papers and their Beratungsfolge.

A positive outcome in the authoritative step of a paper that decides a concept edition puts
that edition in force (through the concepts service, which supersedes the previous one).
"""

import datetime
import hashlib
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from teilhabe.concepts.models import Edition, FieldOfAction
from teilhabe.concepts.services import edition_set_status
from teilhabe.core.models import AuditEntry, Body, User
from teilhabe.core.services import audit_record, creation_changes, soft_delete, versioned_update

from .models import AgendaItem, Consultation, File, Location, Meeting, Organization, Paper

Action = AuditEntry.Action

PAPER_FIELDS = (
    "reference",
    "title",
    "paper_type",
    "date",
    "public",
    "lead_department",
    "clerk",
    "file_number",
    "decision_proposal",
    "facts",
    "financial_amount",
    "in_budget",
    "accounts",
    "financial_text",
    "personnel_text",
    "relevance_gender",
    "relevance_migration",
    "relevance_prevention",
    "relevance_education",
    "relevance_climate",
    "qualified_majority",
    "climate_text",
    "source_text",
    "unrecognised_text",
)


def _check_body(body: Body, **related: Any) -> None:
    for name, obj in related.items():
        if obj is not None and getattr(obj, "body_id", body.pk) != body.pk:
            raise ValidationError({name: _("Choose an entry of the same body.")})


# --- organizations and meetings ---------------------------------------------------------


@transaction.atomic
def organization_create(
    *, user: User | None, body: Body, data: Mapping[str, Any], agent: str = ""
) -> Organization:
    organization = Organization(body=body, **data)
    organization.full_clean()
    organization.save()
    audit_record(
        user=user,
        body=body,
        action=Action.CREATE,
        obj=organization,
        agent=agent,
        changes=creation_changes(organization, list(data)),
    )
    return organization


@transaction.atomic
def organization_update(
    *, user: User, organization: Organization, expected_version: int, data: Mapping[str, Any]
) -> Organization:
    organization, changes = versioned_update(
        instance=organization, expected_version=expected_version, data=data
    )
    if changes:
        audit_record(
            user=user,
            body=organization.body,
            action=Action.UPDATE,
            obj=organization,
            changes=changes,
        )
    return organization


@transaction.atomic
def location_ensure(
    *, user: User | None, body: Body, description: str, agent: str = ""
) -> Location:
    """The body's location with this description, created if it is new."""
    description = description.strip()
    existing = Location.objects.filter(body=body, description=description).first()
    if existing is not None:
        return existing
    location = Location(body=body, description=description)
    location.full_clean()
    location.save()
    audit_record(
        user=user,
        body=body,
        action=Action.CREATE,
        obj=location,
        agent=agent,
        changes={"description": (None, description)},
    )
    return location


@transaction.atomic
def meeting_create(
    *, user: User | None, body: Body, data: Mapping[str, Any], agent: str = ""
) -> Meeting:
    _check_body(body, organization=data.get("organization"), location=data.get("location"))
    meeting = Meeting(body=body, **data)
    meeting.full_clean()
    meeting.save()
    audit_record(
        user=user,
        body=body,
        action=Action.CREATE,
        obj=meeting,
        agent=agent,
        changes=creation_changes(meeting, list(data)),
    )
    return meeting


# --- papers -----------------------------------------------------------------------------


@transaction.atomic
def paper_create(
    *,
    user: User | None,
    body: Body,
    data: Mapping[str, Any],
    edition: Edition | None = None,
    agent: str = "",
) -> Paper:
    _check_body(body, lead_department=data.get("lead_department"))
    if edition is not None and edition.concept.body_id != body.pk:
        raise ValidationError({"edition": _("Choose an edition of the same body.")})
    paper = Paper(body=body, edition=edition, **data)
    paper.full_clean()
    paper.save()
    audit_record(
        user=user,
        body=body,
        action=Action.CREATE,
        obj=paper,
        agent=agent,
        changes=creation_changes(
            paper, [f for f in data if f not in {"source_text", "unrecognised_text"}]
        ),
    )
    return paper


@transaction.atomic
def paper_update(
    *, user: User, paper: Paper, expected_version: int, data: Mapping[str, Any]
) -> Paper:
    _check_body(paper.body, lead_department=data.get("lead_department"))
    paper, changes = versioned_update(
        instance=paper,
        expected_version=expected_version,
        data={k: v for k, v in data.items() if k in PAPER_FIELDS},
    )
    if changes:
        audit_record(user=user, body=paper.body, action=Action.UPDATE, obj=paper, changes=changes)
    return paper


@transaction.atomic
def paper_delete(*, user: User, paper: Paper) -> None:
    if paper.consultations.exclude(outcome="").exists():
        raise ValidationError(_("A paper with recorded decisions stays on record."))
    soft_delete(instance=paper)
    _touch(paper)  # OParl: a tombstone's ``modified`` is the time of deletion
    audit_record(user=user, body=paper.body, action=Action.DELETE, obj=paper)


def facts_skeleton(edition: Edition) -> str:
    """The Sachverhalt a coordinator starts from: what the edition contains, field by field."""
    fields = list(FieldOfAction.objects.filter(edition=edition))
    lines = [
        _("The coordination office presents the integration concept “%(title)s”.")
        % {"title": edition.title},
        "",
        _("The concept comprises %(n)d fields of action:") % {"n": len(fields)},
    ]
    lines += [f"- {field.title}" for field in fields]
    if edition.predecessor is not None:
        lines += [
            "",
            _("It updates the edition “%(label)s”.") % {"label": edition.predecessor.label},
        ]
    return "\n".join(lines)


#: Classifications of the usual Beratungsfolge of a district, in order.
USUAL_SEQUENCE = (
    ("Ausschuss", Consultation.Role.PRELIMINARY, False),
    ("Hauptausschuss", Consultation.Role.PRELIMINARY, False),
    ("Parlament", Consultation.Role.DECISION, True),
)


@transaction.atomic
def paper_create_for_edition(*, user: User, edition: Edition) -> Paper:
    """Beschlussvorlage zu einer Fortschreibung: pre-filled text, planned Beratungsfolge, the
    concept attached."""
    body = edition.concept.body
    paper = paper_create(
        user=user,
        body=body,
        edition=edition,
        data={
            "title": edition.title,
            "paper_type": Paper.PaperType.RESOLUTION,
            "date": timezone.localdate(),
            "decision_proposal": _("The integration concept “%(title)s” is adopted.")
            % {"title": edition.title},
            "facts": facts_skeleton(edition),
        },
    )
    for classification, role, authoritative in USUAL_SEQUENCE:
        organization = Organization.objects.filter(
            body=body,
            organization_type=Organization.OrganizationType.GREMIUM,
            classification=classification,
        ).first()
        if organization is not None:
            consultation_add(
                user=user,
                paper=paper,
                organization=organization,
                role=role,
                authoritative=authoritative,
            )
    file_attach_edition(user=user, paper=paper, edition=edition)
    return paper


@transaction.atomic
def file_attach_edition(
    *, user: User | None, paper: Paper, edition: Edition, name: str = "", agent: str = ""
) -> File:
    """Attach the concept edition to the paper; ``name`` as the paper lists it (default: the
    edition's title)."""
    name = name or edition.title
    file = File(
        body=paper.body,
        paper=paper,
        edition=edition,
        name=name,
        file_name=f"{name}.pdf",
        mime_type="application/pdf",
    )
    file.full_clean()
    file.save()
    audit_record(
        user=user,
        body=paper.body,
        action=Action.CREATE,
        obj=file,
        agent=agent,
        changes={"paper": (None, paper), "edition": (None, edition)},
    )
    _touch(paper)
    return file


@transaction.atomic
def file_attach_content(
    *,
    user: User | None,
    paper: Paper,
    name: str,
    file_name: str,
    mime_type: str,
    content: bytes,
    agent: str = "",
) -> File:
    """Attach a generated document (e.g. a Sachstandsbericht as DOCX or PDF) to the paper;
    the bytes are stored with their size and SHA-512."""
    if not content:
        raise ValidationError({"content": _("The file is empty.")})
    file = File(
        body=paper.body,
        paper=paper,
        name=name[: File._meta.get_field("name").max_length],
        file_name=file_name[: File._meta.get_field("file_name").max_length],
        mime_type=mime_type,
        size=len(content),
        sha512=hashlib.sha512(content).hexdigest(),
    )
    file.content.save(file.file_name or "anlage", ContentFile(content), save=False)
    file.full_clean()
    file.save()
    audit_record(
        user=user,
        body=paper.body,
        action=Action.CREATE,
        obj=file,
        agent=agent,
        changes={"paper": (None, paper), "name": (None, file.name), "size": (None, file.size)},
    )
    _touch(paper)
    return file


# --- the Beratungsfolge -----------------------------------------------------------------


@transaction.atomic
def consultation_add(
    *,
    user: User | None,
    paper: Paper,
    organization: Organization,
    planned_date: datetime.date | None = None,
    role: str = "",
    authoritative: bool = False,
    agent: str = "",
) -> Consultation:
    _check_body(paper.body, organization=organization)
    position = (paper.consultations.aggregate(m=Max("position"))["m"] or 0) + 1
    consultation = Consultation(
        paper=paper,
        organization=organization,
        planned_date=planned_date,
        role=role,
        authoritative=authoritative,
        position=position,
    )
    consultation.full_clean()
    consultation.save()
    audit_record(
        user=user,
        body=paper.body,
        action=Action.CREATE,
        obj=consultation,
        agent=agent,
        changes=creation_changes(
            consultation, ["organization", "planned_date", "role", "authoritative"]
        ),
    )
    _touch(paper)
    return consultation


def _touch(paper: Paper) -> None:
    """OParl: a change of an embedded consultation changes its paper's ``modified``."""
    Paper.all_objects.filter(pk=paper.pk).update(modified=timezone.now())


@transaction.atomic
def consultation_update(
    *, user: User, consultation: Consultation, expected_version: int, data: Mapping[str, Any]
) -> Consultation:
    allowed = {"organization", "planned_date", "role", "authoritative", "meeting"}
    _check_body(
        consultation.paper.body, organization=data.get("organization"), meeting=data.get("meeting")
    )
    consultation, changes = versioned_update(
        instance=consultation,
        expected_version=expected_version,
        data={k: v for k, v in data.items() if k in allowed},
    )
    if changes:
        audit_record(
            user=user,
            body=consultation.paper.body,
            action=Action.UPDATE,
            obj=consultation,
            changes=changes,
        )
        _touch(consultation.paper)
    return consultation


@transaction.atomic
def consultation_move(*, user: User, consultation: Consultation, direction: int) -> None:
    ordered = list(Consultation.objects.filter(paper=consultation.paper).order_by("position", "id"))
    index = next(i for i, c in enumerate(ordered) if c.pk == consultation.pk)
    other = index + direction
    if not 0 <= other < len(ordered):
        return
    ordered[index], ordered[other] = ordered[other], ordered[index]
    for position, item in enumerate(ordered, start=1):
        Consultation.all_objects.filter(pk=item.pk).update(position=position)
    audit_record(
        user=user,
        body=consultation.paper.body,
        action=Action.MOVE,
        obj=consultation,
        changes={"position": (index + 1, other + 1)},
    )
    _touch(consultation.paper)


@transaction.atomic
def consultation_delete(*, user: User, consultation: Consultation) -> None:
    if consultation.outcome:
        raise ValidationError(_("A step with a recorded outcome stays on record."))
    soft_delete(instance=consultation)
    Consultation.all_objects.filter(pk=consultation.pk).update(modified=timezone.now())
    audit_record(user=user, body=consultation.paper.body, action=Action.DELETE, obj=consultation)
    _touch(consultation.paper)


def check_outcome(
    *,
    consultation: Consultation,
    outcome: str,
    decided_on: datetime.date | None,
    votes: Mapping[str, int | None],
    today: datetime.date | None = None,
) -> dict[str, list[str]]:
    """The reasons an outcome cannot be recorded, by field (empty if it can)."""
    errors: dict[str, list[str]] = {}
    today = today or timezone.localdate()
    if outcome not in Consultation.Outcome.values:
        errors.setdefault("outcome", []).append(_("Choose an outcome."))
    if decided_on is None:
        errors.setdefault("decided_on", []).append(_("Enter the date of the decision."))
    else:
        if decided_on > today:
            errors.setdefault("decided_on", []).append(_("A decision cannot lie in the future."))
        if consultation.planned_date and decided_on < consultation.planned_date:
            errors.setdefault("decided_on", []).append(
                _("The step is planned for %(date)s; it cannot be decided before.")
                % {"date": consultation.planned_date.strftime("%d.%m.%Y")}
            )
    for name, value in votes.items():
        if value is not None and value < 0:
            errors.setdefault(name, []).append(_("A number of votes cannot be negative."))
    seats = consultation.organization.seats
    total = sum(v for v in votes.values() if v)
    if seats is not None and total > seats:
        errors.setdefault("votes_yes", []).append(
            _("%(total)d votes are more than the %(seats)d seats of %(organization)s.")
            % {"total": total, "seats": seats, "organization": consultation.organization}
        )
    return errors


@transaction.atomic
def consultation_record_outcome(
    *,
    user: User | None,
    consultation: Consultation,
    expected_version: int,
    outcome: str,
    decided_on: datetime.date | None,
    votes_yes: int | None = None,
    votes_no: int | None = None,
    votes_abstain: int | None = None,
    unanimous: bool = False,
    resolution_text: str = "",
    today: datetime.date | None = None,
    agent: str = "",
) -> Consultation:
    """Record the outcome and vote of one step; the authoritative step may put an edition in force."""
    votes = {"votes_yes": votes_yes, "votes_no": votes_no, "votes_abstain": votes_abstain}
    errors = check_outcome(
        consultation=consultation, outcome=outcome, decided_on=decided_on, votes=votes, today=today
    )
    if errors:
        raise ValidationError(errors)
    consultation, changes = versioned_update(
        instance=consultation,
        expected_version=expected_version,
        data={
            "outcome": outcome,
            "decided_on": decided_on,
            "unanimous": unanimous,
            "resolution_text": resolution_text,
            **votes,
        },
    )
    paper = consultation.paper
    if changes:
        audit_record(
            user=user,
            body=paper.body,
            action=Action.UPDATE,
            obj=consultation,
            changes=changes,
            agent=agent,
        )
        _touch(paper)
        # OParl: the agenda item shows the outcome, and its meeting embeds the agenda item.
        now = timezone.now()
        AgendaItem.all_objects.filter(consultation=consultation).update(modified=now)
        Meeting.all_objects.filter(agenda_items__consultation=consultation).update(modified=now)
    edition = paper.edition
    if (
        consultation.authoritative
        and outcome in Consultation.POSITIVE
        and edition is not None
        and edition.status in (Edition.Status.DRAFT, Edition.Status.IN_CONSULTATION)
    ):
        edition_set_status(
            user=user,
            edition=edition,
            status=Edition.Status.IN_FORCE,
            valid_from=decided_on,
            agent=agent,
        )
    return consultation


@transaction.atomic
def agenda_item_create(
    *,
    user: User | None,
    meeting: Meeting,
    data: Mapping[str, Any],
    consultation: Consultation | None = None,
    agent: str = "",
) -> AgendaItem:
    if consultation is not None and consultation.paper.body_id != meeting.body_id:
        raise ValidationError({"consultation": _("Choose an entry of the same body.")})
    last = meeting.agenda_items.aggregate(m=Max("order"))["m"]
    order = 0 if last is None else last + 1
    item = AgendaItem(meeting=meeting, consultation=consultation, order=order, **data)
    item.full_clean()
    item.save()
    if consultation is not None:
        # OParl: the consultation now names its agenda item and meeting; its paper embeds it.
        Consultation.all_objects.filter(pk=consultation.pk).update(
            meeting=meeting, modified=timezone.now()
        )
        _touch(consultation.paper)
    Meeting.all_objects.filter(pk=meeting.pk).update(modified=timezone.now())
    audit_record(
        user=user,
        body=meeting.body,
        action=Action.CREATE,
        obj=item,
        agent=agent,
        changes=creation_changes(item, list(data)),
    )
    return item


def consultations_in_order(papers: Iterable[Paper]) -> dict[int, list[Consultation]]:
    result: dict[int, list[Consultation]] = {}
    for consultation in Consultation.objects.filter(paper__in=papers).select_related(
        "organization"
    ):
        result.setdefault(consultation.paper_id, []).append(consultation)
    return result
