"""Proposals from any input, and their outcome: adopted (as a new or an existing measure),
merged into another proposal, or not adopted with a reason. The outcome is public.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from teilhabe.concepts import services as concept_services
from teilhabe.concepts.models import FieldOfAction, Measure
from teilhabe.core.models import AuditEntry, User
from teilhabe.core.services import audit_record, creation_changes, versioned_update

from .models import Answer, Card, Channel, Comment, Proposal, ProposalInput, Statement
from .services import body_of

Action = AuditEntry.Action
Input = Answer | Card | Statement | Comment


def input_channel(item: Input) -> str:
    """The channel an input came through: derived from the input, never chosen."""
    if isinstance(item, Answer):
        return Channel.ADMINISTRATION
    if isinstance(item, Card):
        return Channel.WORKSHOP
    if isinstance(item, Statement):
        return str(item.channel)
    if isinstance(item, Comment):
        return Channel.PUBLIC
    raise TypeError(f"not an input: {item!r}")


def input_process_id(item: Input) -> int:
    if isinstance(item, Answer):
        return item.response.questionnaire.process_id
    if isinstance(item, Card):
        return item.workshop.process_id
    return item.process_id


def _input_kwargs(item: Input) -> dict[str, Any]:
    name = {Answer: "answer", Card: "card", Statement: "statement", Comment: "comment"}[type(item)]
    return {name: item}


def _attach(proposal: Proposal, items: Iterable[Input]) -> list[ProposalInput]:
    added = []
    for item in items:
        if input_process_id(item) != proposal.process_id:
            raise ValidationError({"inputs": _("Choose inputs of the same process.")})
        if getattr(item, "is_deleted", False):
            raise ValidationError({"inputs": _("A deleted input cannot support a proposal.")})
        if isinstance(item, Comment) and item.state == Comment.State.REJECTED:
            raise ValidationError({"inputs": _("A rejected comment cannot support a proposal.")})
        kwargs = _input_kwargs(item)
        if ProposalInput.objects.filter(proposal=proposal, **kwargs).exists():
            continue
        link = ProposalInput(proposal=proposal, channel=input_channel(item), **kwargs)
        link.full_clean()
        link.save()
        added.append(link)
    return added


@transaction.atomic
def proposal_create(
    *,
    user: User | None,
    process: Any,
    title: str,
    text: str = "",
    field: FieldOfAction | None = None,
    inputs: Iterable[Input] = (),
    agent: str = "",
) -> Proposal:
    if field is not None and field.edition_id != process.edition_id:
        raise ValidationError({"field": _("Choose a field of action of the process's edition.")})
    proposal = Proposal(process=process, title=title.strip(), text=text.strip(), field=field)
    proposal.full_clean()
    proposal.save()
    added = _attach(proposal, inputs)
    changes = creation_changes(proposal, ["title", "text", "field"])
    if added:
        changes["inputs"] = (None, [str(i) for i in added])
    audit_record(
        user=user,
        body=body_of(process),
        action=Action.CREATE,
        obj=proposal,
        agent=agent,
        changes=changes,
    )
    return proposal


@transaction.atomic
def proposal_add_inputs(
    *, user: User | None, proposal: Proposal, inputs: Iterable[Input], agent: str = ""
) -> list[ProposalInput]:
    added = _attach(proposal, inputs)
    if added:
        audit_record(
            user=user,
            body=body_of(proposal.process),
            action=Action.UPDATE,
            obj=proposal,
            agent=agent,
            changes={"inputs": (None, [str(i) for i in added])},
        )
    return added


@transaction.atomic
def proposal_remove_input(*, user: User, link: ProposalInput) -> None:
    proposal = link.proposal
    text = str(link)
    link.delete()
    audit_record(
        user=user,
        body=body_of(proposal.process),
        action=Action.UPDATE,
        obj=proposal,
        changes={"inputs": ([text], None)},
    )


def _merge_target_ok(proposal: Proposal, target: Proposal) -> None:
    if target.process_id != proposal.process_id:
        raise ValidationError({"merged_into": _("Choose a proposal of the same process.")})
    seen = {proposal.pk}
    current: Proposal | None = target
    while current is not None:
        if current.pk in seen:
            raise ValidationError(
                {"merged_into": _("A proposal cannot be merged into itself, not even indirectly.")}
            )
        seen.add(current.pk)
        current = current.merged_into


@transaction.atomic
def proposal_decide(
    *,
    user: User | None,
    proposal: Proposal,
    expected_version: int,
    outcome: str,
    measure: Measure | None = None,
    new_measure: Mapping[str, Any] | None = None,
    merged_into: Proposal | None = None,
    reason: str = "",
    decided: datetime.date | None = None,
    agent: str = "",
) -> Proposal:
    """Set the outcome.

    ``accepted``: ``measure`` (an existing measure of the process's edition) or
    ``new_measure`` (``field``, ``title`` and optional ``description`` of a measure created
    in the edition through the concepts' services); ``merged``: ``merged_into`` (another
    proposal of the process); ``rejected``: a ``reason`` is required; ``open`` resets.
    """
    edition = proposal.process.edition
    reason = reason.strip()
    data: dict[str, Any] = {
        "outcome": outcome,
        "measure": None,
        "merged_into": None,
        "reason": reason,
        "decided": None if outcome == Proposal.Outcome.OPEN else decided or timezone.localdate(),
    }
    if outcome == Proposal.Outcome.ACCEPTED:
        if measure is None and not new_measure:
            raise ValidationError({"measure": _("Choose a measure or describe a new one.")})
        if measure is not None and new_measure:
            raise ValidationError(
                {"measure": _("Choose an existing measure or a new one, not both.")}
            )
        if measure is not None and (measure.edition_id != edition.pk or measure.is_deleted):
            raise ValidationError({"measure": _("Choose a measure of the process's edition.")})
        if new_measure:
            field = new_measure.get("field")
            title = (new_measure.get("title") or "").strip()
            if field is None or field.edition_id != edition.pk:
                raise ValidationError(
                    {"new_field": _("Choose the field of action of the new measure.")}
                )
            if not title:
                raise ValidationError({"new_title": _("Enter the title of the new measure.")})
            measure = concept_services.measure_create(
                user=user,
                edition=edition,
                data={
                    "field": field,
                    "title": title,
                    "description": (new_measure.get("description") or "").strip(),
                    "source_note": _("From the proposal “%(title)s” of the process “%(process)s”.")
                    % {"title": proposal.title, "process": proposal.process.title},
                },
            )
        data["measure"] = measure
    elif outcome == Proposal.Outcome.MERGED:
        if merged_into is None:
            raise ValidationError({"merged_into": _("Choose the proposal it was merged into.")})
        _merge_target_ok(proposal, merged_into)
        data["merged_into"] = merged_into
    elif outcome == Proposal.Outcome.REJECTED:
        if not reason:
            raise ValidationError({"reason": _("Say why the proposal is not adopted.")})
    elif outcome != Proposal.Outcome.OPEN:
        raise ValidationError({"outcome": _("Choose an outcome.")})
    proposal, changes = versioned_update(
        instance=proposal, expected_version=expected_version, data=data
    )
    if changes:
        audit_record(
            user=user,
            body=body_of(proposal.process),
            action=Action.STATUS,
            obj=proposal,
            agent=agent,
            changes=changes,
        )
    return proposal


@transaction.atomic
def proposal_update(
    *, user: User, proposal: Proposal, expected_version: int, data: Mapping[str, Any]
) -> Proposal:
    field = data.get("field")
    if field is not None and field.edition_id != proposal.process.edition_id:
        raise ValidationError({"field": _("Choose a field of action of the process's edition.")})
    proposal, changes = versioned_update(
        instance=proposal, expected_version=expected_version, data=data
    )
    if changes:
        audit_record(
            user=user,
            body=body_of(proposal.process),
            action=Action.UPDATE,
            obj=proposal,
            changes=changes,
        )
    return proposal
