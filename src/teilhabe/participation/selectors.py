"""Reads of participation, each with its access check.

Members of the body see its processes with everything in them; coordinators manage them
(the moderation queue is theirs alone: pending comments are unreviewed text of the public).
The public sees, through the body's own slug only:

- the consultation version of an edition in status *in consultation* while a public comment
  phase of its process is open (start ≤ today ≤ end), and the comment form;
- published comments and the proposals with their outcome of a process whose edition is
  public (in force, superseded) or open for comments as above.

A draft without an open public phase stays invisible: 404, as for the concepts' drafts.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from teilhabe.concepts.models import Edition, Measure
from teilhabe.concepts.selectors import EditionTree, edition_tree
from teilhabe.core.models import Body
from teilhabe.core.selectors import AnyUser, is_coordinator, require_member

from .models import (
    Answer,
    Card,
    Channel,
    Comment,
    Phase,
    Process,
    Proposal,
    ProposalInput,
    Response,
    Statement,
    Workshop,
)


def _today(today: datetime.date | None) -> datetime.date:
    return today or timezone.localdate()


def can_manage(user: AnyUser, body: Body) -> bool:
    return is_coordinator(user, body)


def _get(qs: QuerySet[Any], public_id: Any) -> Any:
    try:
        return qs.get(public_id=public_id)
    except (qs.model.DoesNotExist, ValidationError, ValueError, TypeError) as exc:
        raise Http404 from exc


# --- members ----------------------------------------------------------------------------


def processes_of(body: Body) -> QuerySet[Process]:
    return Process.objects.filter(
        edition__concept__body=body, edition__is_deleted=False
    ).select_related("edition__concept__body")


def processes_for_user(*, user: AnyUser, body: Body) -> QuerySet[Process]:
    require_member(user, body)
    return processes_of(body)


def process_get_for_user(*, user: AnyUser, body: Body, public_id: Any) -> Process:
    require_member(user, body)
    return _get(processes_of(body), public_id)


def _object_of_body(
    *, user: AnyUser, body: Body, model: type[Any], path: str, public_id: Any
) -> Any:
    require_member(user, body)
    qs = model.objects.filter(
        **{f"{path}edition__concept__body": body, f"{path}is_deleted": False}
    ).select_related(f"{path}edition__concept__body")
    return _get(qs, public_id)


def phase_get_for_user(*, user: AnyUser, body: Body, public_id: Any) -> Phase:
    return _object_of_body(user=user, body=body, model=Phase, path="process__", public_id=public_id)


def workshop_get_for_user(*, user: AnyUser, body: Body, public_id: Any) -> Workshop:
    return _object_of_body(
        user=user, body=body, model=Workshop, path="process__", public_id=public_id
    )


def statement_get_for_user(*, user: AnyUser, body: Body, public_id: Any) -> Statement:
    return _object_of_body(
        user=user, body=body, model=Statement, path="process__", public_id=public_id
    )


def proposal_get_for_user(*, user: AnyUser, body: Body, public_id: Any) -> Proposal:
    return _object_of_body(
        user=user, body=body, model=Proposal, path="process__", public_id=public_id
    )


def comment_get_for_coordinator(*, user: AnyUser, body: Body, public_id: Any) -> Comment:
    if not is_coordinator(user, body):
        raise PermissionDenied
    return _object_of_body(
        user=user, body=body, model=Comment, path="process__", public_id=public_id
    )


def measure_get_for_user(*, user: AnyUser, body: Body, public_id: Any) -> Measure:
    require_member(user, body)
    qs = Measure.objects.filter(edition__concept__body=body).select_related(
        "edition__concept__body", "field"
    )
    return _get(qs, public_id)


def moderation_queue(*, user: AnyUser, process: Process) -> QuerySet[Comment]:
    if not is_coordinator(user, process.edition.concept.body):
        raise PermissionDenied
    return process.comments.select_related("field", "measure", "moderated_by").order_by(
        "state", "created", "id"
    )


def workshops_of(process: Process) -> QuerySet[Workshop]:
    return process.workshops.annotate(
        card_count=Count("cards", filter=Q(cards__is_deleted=False))
    ).prefetch_related("fields")


def cards_of(workshop: Workshop) -> QuerySet[Card]:
    return workshop.cards.select_related("field").prefetch_related("proposal_inputs__proposal")


def statements_of(process: Process) -> QuerySet[Statement]:
    return process.statements.select_related("actor")


def is_overdue(statement: Statement, today: datetime.date | None = None) -> bool:
    return (
        statement.response_due is not None
        and statement.responded is None
        and statement.response_due < _today(today)
    )


def proposals_of(process: Process) -> QuerySet[Proposal]:
    return process.proposals.select_related("field", "measure", "merged_into").prefetch_related(
        Prefetch(
            "inputs",
            queryset=ProposalInput.objects.select_related(
                "card__workshop", "statement", "comment", "answer__response__questionnaire"
            ),
        )
    )


# --- phases and what is due ---------------------------------------------------------------


def phase_state(phase: Phase, today: datetime.date | None = None) -> str:
    today = _today(today)
    if today < phase.start:
        return "upcoming"
    if today > phase.end:
        return "closed"
    return "open"


def open_public_phase(*, process: Process, today: datetime.date | None = None) -> Phase | None:
    """The running public comment phase of the process, if its edition is in consultation."""
    if process.is_deleted or process.edition.status != Edition.Status.IN_CONSULTATION:
        return None
    today = _today(today)
    return (
        Phase.objects.filter(
            process=process, channel=Channel.PUBLIC, start__lte=today, end__gte=today
        )
        .order_by("start", "id")
        .first()
    )


def open_public_phases(*, body: Body, today: datetime.date | None = None) -> QuerySet[Phase]:
    today = _today(today)
    return (
        Phase.objects.filter(
            process__edition__concept__body=body,
            process__edition__status=Edition.Status.IN_CONSULTATION,
            process__edition__is_deleted=False,
            process__is_deleted=False,
            channel=Channel.PUBLIC,
            start__lte=today,
            end__gte=today,
        )
        .select_related("process__edition")
        .order_by("end", "id")
    )


@dataclass
class Due:
    """What is open and due in a body's participation (members' dashboard)."""

    running_phases: list[Phase] = field(default_factory=list)
    overdue_statements: list[Statement] = field(default_factory=list)
    pending_comments: int = 0
    open_proposals: int = 0

    @property
    def is_empty(self) -> bool:
        return not (
            self.running_phases
            or self.overdue_statements
            or self.pending_comments
            or self.open_proposals
        )

    @property
    def summary(self) -> str:
        """One line for a dashboard."""
        return _(
            "Participation: %(phases)d phases running, %(overdue)d statements overdue, "
            "%(comments)d comments waiting for moderation, %(proposals)d open proposals"
        ) % {
            "phases": len(self.running_phases),
            "overdue": len(self.overdue_statements),
            "comments": self.pending_comments,
            "proposals": self.open_proposals,
        }

    def __str__(self) -> str:
        return self.summary


def _due(processes: QuerySet[Process], today: datetime.date) -> Due:
    return Due(
        running_phases=list(
            Phase.objects.filter(process__in=processes, start__lte=today, end__gte=today)
            .select_related("process")
            .order_by("end", "id")
        ),
        overdue_statements=list(
            Statement.objects.filter(
                process__in=processes, responded__isnull=True, response_due__lt=today
            )
            .select_related("process", "actor")
            .order_by("response_due", "id")
        ),
        pending_comments=Comment.objects.filter(
            process__in=processes, state=Comment.State.PENDING
        ).count(),
        open_proposals=Proposal.objects.filter(
            process__in=processes, outcome=Proposal.Outcome.OPEN
        ).count(),
    )


def participation_due(*, user: AnyUser, body: Body, today: datetime.date | None = None) -> Due:
    """What is open and due in the body's participation; ``str()`` gives a one-line summary."""
    require_member(user, body)
    return _due(processes_of(body), _today(today))


def process_due(process: Process, today: datetime.date | None = None) -> Due:
    """The same for one process (callers have checked access)."""
    return _due(Process.objects.filter(pk=process.pk), _today(today))


# --- channel report and provenance --------------------------------------------------------


@dataclass
class ChannelRow:
    channel: str
    label: str
    inputs: int = 0
    sample_inputs: int = 0
    proposals: int = 0
    adopted: int = 0


def channel_report(process: Process) -> list[ChannelRow]:
    """Per channel: inputs received, proposals they support, proposals adopted.

    Inputs are questionnaire responses (administration), workshop cards, statements (their
    own channel) and public comments not rejected by moderation. A proposal supported by
    inputs of two channels counts in both.
    """
    rows = {c: ChannelRow(channel=c, label=str(Channel(c).label)) for c in Channel.values}
    responses = Response.objects.filter(
        questionnaire__process=process, questionnaire__is_deleted=False
    )
    rows[Channel.ADMINISTRATION].inputs = responses.count()
    rows[Channel.ADMINISTRATION].sample_inputs = responses.filter(is_sample=True).count()
    cards = Card.objects.filter(workshop__process=process, workshop__is_deleted=False)
    rows[Channel.WORKSHOP].inputs = cards.count()
    rows[Channel.WORKSHOP].sample_inputs = cards.filter(is_sample=True).count()
    for channel, n, samples in (
        Statement.objects.filter(process=process)
        .values_list("channel")
        .annotate(n=Count("id"), s=Count("id", filter=Q(is_sample=True)))
        .order_by()
    ):
        rows[channel].inputs += n
        rows[channel].sample_inputs += samples
    rows[Channel.PUBLIC].inputs = (
        Comment.objects.filter(process=process).exclude(state=Comment.State.REJECTED).count()
    )
    proposals = Proposal.objects.filter(process=process)
    for channel, n, adopted in (
        ProposalInput.objects.filter(proposal__in=proposals)
        .values_list("channel")
        .annotate(
            n=Count("proposal", distinct=True),
            a=Count(
                "proposal",
                distinct=True,
                filter=Q(proposal__outcome=Proposal.Outcome.ACCEPTED),
            ),
        )
        .order_by()
    ):
        rows[channel].proposals = n
        rows[channel].adopted = adopted
    used = set(process.channels)
    return [r for r in rows.values() if r.channel in used or r.inputs or r.proposals]


def _with_merged(adopted: dict[int, int]) -> dict[int, int]:
    """Proposal id → measure id of the adopted proposals (``adopted``) and of every proposal
    merged into one of them, also indirectly (merging cannot form a cycle)."""
    result = dict(adopted)
    frontier = set(adopted)
    while frontier:
        rows = (
            Proposal.objects.filter(merged_into__in=frontier, outcome=Proposal.Outcome.MERGED)
            .exclude(pk__in=result)
            .order_by("id")
            .values_list("pk", "merged_into_id")
        )
        frontier = set()
        for pk, target in rows:
            result[pk] = result[target]
            frontier.add(pk)
    return result


def _adopted(**filters: Any) -> dict[int, int]:
    return dict(
        Proposal.objects.filter(
            outcome=Proposal.Outcome.ACCEPTED, process__is_deleted=False, **filters
        )
        .order_by("id")
        .values_list("pk", "measure_id")
    )


def channel_measure_ids(*, edition: Edition, channel: str) -> set[int]:
    """Measures of the edition with an adopted proposal that has an input of the channel
    (directly or through a proposal merged into it)."""
    measure_of = _with_merged(_adopted(measure__edition=edition))
    linked = ProposalInput.objects.filter(proposal_id__in=measure_of, channel=channel)
    return {measure_of[pk] for pk in linked.values_list("proposal_id", flat=True)}


def public_channels_of_measures(edition: Edition) -> dict[int, list[str]]:
    """For a public edition: measure id → the channels its adopted proposals (and those merged
    into them) came from (proposal outcomes of a public edition are public); empty for any
    other edition."""
    if not edition.is_public:
        return {}
    measure_of = _with_merged(_adopted(measure__edition=edition))
    channels: dict[int, set[str]] = defaultdict(set)
    rows = ProposalInput.objects.filter(proposal_id__in=measure_of).values_list(
        "proposal_id", "channel"
    )
    for proposal_id, channel in rows:
        channels[measure_of[proposal_id]].add(channel)
    order = list(Channel.values)
    return {pk: sorted(found, key=order.index) for pk, found in channels.items()}


@dataclass
class HighlightedConcept:
    tree: EditionTree
    channel: str
    marked: set[int]


def concept_highlighted(*, process: Process, channel: str) -> HighlightedConcept:
    """The edition of the process with the measures from one channel marked (callers check
    access to the process)."""
    if channel not in Channel.values:
        raise Http404
    return HighlightedConcept(
        tree=edition_tree(process.edition),
        channel=channel,
        marked=channel_measure_ids(edition=process.edition, channel=channel),
    )


@dataclass
class Source:
    proposal: Proposal
    inputs: list[ProposalInput]

    @property
    def channels(self) -> list[str]:
        return sorted({str(i.get_channel_display()) for i in self.inputs})

    @property
    def rows(self) -> list[tuple[ProposalInput, bool]]:
        """The inputs with whether each is sample data."""
        return [(i, input_is_sample(i)) for i in self.inputs]

    @property
    def has_sample(self) -> bool:
        return any(input_is_sample(i) for i in self.inputs)


def input_is_sample(link: ProposalInput) -> bool:
    if link.card_id:
        return bool(link.card and (link.card.is_sample or link.card.workshop.is_sample))
    if link.statement_id:
        return bool(link.statement and link.statement.is_sample)
    if link.answer_id:
        return bool(link.answer and link.answer.response.is_sample)
    return False


def measure_sources(measure: Measure) -> list[Source]:
    """Where a measure came from: the adopted proposals that became it, with their inputs.

    Proposals merged into one of them (also indirectly) count as sources as well. Callers
    check that the user may read the measure (and, for the public, show only what is public
    of the inputs).
    """
    found = _with_merged(_adopted(measure=measure))
    by_pk = Proposal.objects.select_related("process", "merged_into").in_bulk(list(found))
    ordered = [by_pk[pk] for pk in found if pk in by_pk]
    inputs: dict[int, list[ProposalInput]] = defaultdict(list)
    for link in ProposalInput.objects.filter(proposal__in=ordered).select_related(
        "card__workshop",
        "card__field",
        "statement__actor",
        "comment",
        "answer__response__questionnaire",
    ):
        inputs[link.proposal_id].append(link)
    return [Source(proposal=p, inputs=inputs[p.pk]) for p in ordered]


def inputs_for_proposal_form(process: Process) -> dict[str, list[Any]]:
    """The inputs a coordinator can turn into proposals, by kind."""
    return {
        "cards": list(
            Card.objects.filter(workshop__process=process, workshop__is_deleted=False)
            .select_related("workshop", "field")
            .order_by("workshop__date", "id")
        ),
        "statements": list(process.statements.order_by("-received", "id")),
        "comments": list(
            process.comments.exclude(state=Comment.State.REJECTED)
            .select_related("field", "measure")
            .order_by("created", "id")
        ),
        "answers": list(
            Answer.objects.filter(
                response__questionnaire__process=process,
                response__questionnaire__is_deleted=False,
                response__is_deleted=False,
            )
            .select_related("response__questionnaire")
            .order_by("response_id", "id")
        ),
    }


# --- the public -------------------------------------------------------------------------


def edition_open_for_comments(process: Process, today: datetime.date | None = None) -> bool:
    return open_public_phase(process=process, today=today) is not None


def process_is_public(process: Process, today: datetime.date | None = None) -> bool:
    return process.edition.is_public or edition_open_for_comments(process, today)


def processes_public(*, body: Body, today: datetime.date | None = None) -> list[Process]:
    """Processes the public may follow: of adopted editions or with an open comment phase."""
    today = _today(today)
    return [p for p in processes_of(body) if process_is_public(p, today)]


def process_get_public(
    *, body: Body, public_id: Any, today: datetime.date | None = None
) -> Process:
    process = _get(processes_of(body), public_id)
    if not process_is_public(process, today):
        raise Http404
    return process


def comments_published(process: Process) -> QuerySet[Comment]:
    return process.comments.filter(state=Comment.State.PUBLISHED).select_related("field", "measure")


def proposals_public(process: Process) -> QuerySet[Proposal]:
    """Every proposal of a public process with its outcome (callers check the process)."""
    return proposals_of(process)
