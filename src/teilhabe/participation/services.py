"""Writes of participation: processes, phases, workshops with their cards and statements.

Public comments live in :mod:`.comments`, proposals and their outcomes in :mod:`.proposals`.
Services are keyword-only, typed and atomic; each takes the acting user, checks nothing about
permissions (the views ask the selectors first) and leaves an audit entry.

Public comment phases: a phase of the channel "public" can only be opened on an edition in
the status *in consultation*. While such a phase runs (start ≤ today ≤ end) the edition's
consultation version is readable on the body's public participation pages; a draft edition
(status *draft*) never becomes public, and an edition in consultation only while a public
phase of one of its processes is open (see ``selectors.edition_open_for_comments``).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from teilhabe.concepts.models import Edition, FieldOfAction
from teilhabe.core.models import AuditEntry, Body, User
from teilhabe.core.services import (
    audit_record,
    creation_changes,
    soft_delete,
    versioned_update,
)

from .models import Card, Channel, Phase, Process, Statement, Workshop

Action = AuditEntry.Action


def body_of(process: Process) -> Body:
    return process.edition.concept.body


def _check_channels(channels: Iterable[str]) -> list[str]:
    result: list[str] = []
    for value in channels:
        if value not in Channel.values:
            raise ValidationError({"channels": _("Unknown channel: %(value)s") % {"value": value}})
        if value not in result:
            result.append(value)
    # Keep the order of the choices, whatever order the form sent.
    return [c for c in Channel.values if c in result]


# --- processes --------------------------------------------------------------------------


@transaction.atomic
def process_create(
    *,
    user: User | None,
    edition: Edition,
    title: str,
    description: str = "",
    source_note: str = "",
    channels: Iterable[str] = (),
    agent: str = "",
) -> Process:
    process = Process(
        edition=edition,
        title=title,
        description=description,
        source_note=source_note,
        channels=_check_channels(channels),
    )
    process.full_clean()
    process.save()
    audit_record(
        user=user,
        body=body_of(process),
        action=Action.CREATE,
        obj=process,
        agent=agent,
        changes=creation_changes(process, ["edition", "title", "description", "channels"]),
    )
    return process


@transaction.atomic
def process_update(
    *, user: User, process: Process, expected_version: int, data: Mapping[str, Any]
) -> Process:
    data = dict(data)
    if "channels" in data:
        data["channels"] = _check_channels(data["channels"])
    used = set(process.phases.values_list("channel", flat=True))
    missing = used - set(data.get("channels", process.channels))
    if missing:
        raise ValidationError(
            {
                "channels": _("The process has phases in the channel “%(channel)s”.")
                % {"channel": ", ".join(str(Channel(c).label) for c in sorted(missing))}
            }
        )
    process, changes = versioned_update(
        instance=process, expected_version=expected_version, data=data
    )
    if changes:
        audit_record(
            user=user, body=body_of(process), action=Action.UPDATE, obj=process, changes=changes
        )
    return process


# --- phases -----------------------------------------------------------------------------


def _check_phase(
    *, process: Process, channel: str, start: datetime.date, end: datetime.date, pk: int | None
) -> None:
    if channel not in Channel.values:
        raise ValidationError({"channel": _("Choose a channel.")})
    if end < start:
        raise ValidationError({"end": _("The end lies before the start.")})
    if channel == Channel.PUBLIC:
        if process.edition.status != Edition.Status.IN_CONSULTATION:
            raise ValidationError(
                {
                    "channel": _(
                        "A public comment phase needs an edition in consultation; this edition "
                        "is “%(status)s”. Change the edition's status first."
                    )
                    % {"status": process.edition.get_status_display()}
                }
            )
        overlapping = Phase.objects.filter(
            process=process, channel=Channel.PUBLIC, start__lte=end, end__gte=start
        ).exclude(pk=pk)
        if overlapping.exists():
            raise ValidationError(
                {"start": _("Another public comment phase of this process overlaps these dates.")}
            )


@transaction.atomic
def phase_create(
    *,
    user: User | None,
    process: Process,
    channel: str,
    title: str,
    start: datetime.date,
    end: datetime.date,
    description: str = "",
    agent: str = "",
) -> Phase:
    _check_phase(process=process, channel=channel, start=start, end=end, pk=None)
    phase = Phase(
        process=process,
        channel=channel,
        title=title,
        start=start,
        end=end,
        description=description,
    )
    phase.full_clean()
    phase.save()
    if channel not in process.channels:
        Process.objects.filter(pk=process.pk).update(
            channels=_check_channels([*process.channels, channel])
        )
        process.refresh_from_db()
    audit_record(
        user=user,
        body=body_of(process),
        action=Action.CREATE,
        obj=phase,
        agent=agent,
        changes=creation_changes(phase, ["channel", "title", "start", "end", "description"]),
    )
    return phase


@transaction.atomic
def phase_update(
    *, user: User, phase: Phase, expected_version: int, data: Mapping[str, Any]
) -> Phase:
    merged = {f: data.get(f, getattr(phase, f)) for f in ("channel", "start", "end")}
    _check_phase(process=phase.process, pk=phase.pk, **merged)
    phase, changes = versioned_update(instance=phase, expected_version=expected_version, data=data)
    process = phase.process
    if phase.channel not in process.channels:
        Process.objects.filter(pk=process.pk).update(
            channels=_check_channels([*process.channels, phase.channel])
        )
    if changes:
        audit_record(
            user=user, body=body_of(process), action=Action.UPDATE, obj=phase, changes=changes
        )
    return phase


@transaction.atomic
def phase_delete(*, user: User, phase: Phase) -> None:
    soft_delete(instance=phase)
    audit_record(user=user, body=body_of(phase.process), action=Action.DELETE, obj=phase)


# --- workshops and cards ----------------------------------------------------------------


def _check_fields(process: Process, fields: Iterable[FieldOfAction], name: str = "fields") -> None:
    for f in fields:
        if f.edition_id != process.edition_id:
            raise ValidationError({name: _("Choose a field of action of the process's edition.")})


@transaction.atomic
def workshop_create(
    *,
    user: User | None,
    process: Process,
    data: Mapping[str, Any],
    fields: Iterable[FieldOfAction] = (),
    agent: str = "",
) -> Workshop:
    fields = list(fields)
    _check_fields(process, fields)
    workshop = Workshop(process=process, **data)
    workshop.full_clean()
    workshop.save()
    workshop.fields.set(fields)
    changes = creation_changes(workshop, list(data))
    if fields:
        changes["fields"] = (None, fields)
    if Channel.WORKSHOP not in process.channels:
        Process.objects.filter(pk=process.pk).update(
            channels=_check_channels([*process.channels, Channel.WORKSHOP])
        )
    audit_record(
        user=user,
        body=body_of(process),
        action=Action.CREATE,
        obj=workshop,
        agent=agent,
        changes=changes,
    )
    return workshop


@transaction.atomic
def workshop_update(
    *,
    user: User,
    workshop: Workshop,
    expected_version: int,
    data: Mapping[str, Any],
    fields: Iterable[FieldOfAction] | None = None,
) -> Workshop:
    m2m = None
    if fields is not None:
        fields = list(fields)
        _check_fields(workshop.process, fields)
        m2m = {"fields": fields}
    workshop, changes = versioned_update(
        instance=workshop, expected_version=expected_version, data=data, m2m=m2m
    )
    if changes:
        audit_record(
            user=user,
            body=body_of(workshop.process),
            action=Action.UPDATE,
            obj=workshop,
            changes=changes,
        )
    return workshop


@transaction.atomic
def card_create(
    *,
    user: User | None,
    workshop: Workshop,
    text: str,
    field: FieldOfAction | None = None,
    is_sample: bool = False,
    agent: str = "",
) -> Card:
    if field is not None:
        _check_fields(workshop.process, [field], name="field")
    card = Card(workshop=workshop, text=text.strip(), field=field, is_sample=is_sample)
    card.full_clean()
    card.save()
    audit_record(
        user=user,
        body=body_of(workshop.process),
        action=Action.CREATE,
        obj=card,
        agent=agent,
        changes=creation_changes(card, ["text", "field", "is_sample"]),
    )
    return card


@transaction.atomic
def card_delete(*, user: User, card: Card) -> None:
    if card.proposal_inputs.exists():
        raise ValidationError(_("The card supports a proposal; remove it from the proposal first."))
    soft_delete(instance=card)
    audit_record(user=user, body=body_of(card.workshop.process), action=Action.DELETE, obj=card)


# --- statements -------------------------------------------------------------------------

STATEMENT_FIELDS = (
    "channel",
    "actor",
    "author",
    "title",
    "received",
    "text",
    "requested_response",
    "response_due",
    "source_note",
    "is_sample",
)


def _check_statement(process: Process, data: Mapping[str, Any]) -> None:
    actor = data.get("actor")
    if actor is not None and actor.body_id != body_of(process).pk:
        raise ValidationError({"actor": _("Choose an actor of the same body.")})
    if actor is None and not (data.get("author") or "").strip():
        raise ValidationError({"author": _("Choose an actor or name the author.")})
    due, received = data.get("response_due"), data.get("received")
    if due is not None and received is not None and due < received:
        raise ValidationError({"response_due": _("The response cannot be due before receipt.")})


@transaction.atomic
def statement_create(
    *, user: User | None, process: Process, data: Mapping[str, Any], agent: str = ""
) -> Statement:
    unknown = set(data) - set(STATEMENT_FIELDS)
    if unknown:
        raise ValueError(f"unknown statement fields: {sorted(unknown)}")
    _check_statement(process, data)
    statement = Statement(process=process, **data)
    statement.full_clean()
    statement.save()
    if statement.channel not in process.channels:
        Process.objects.filter(pk=process.pk).update(
            channels=_check_channels([*process.channels, statement.channel])
        )
    audit_record(
        user=user,
        body=body_of(process),
        action=Action.CREATE,
        obj=statement,
        agent=agent,
        changes=creation_changes(statement, list(data)),
    )
    return statement


@transaction.atomic
def statement_update(
    *, user: User, statement: Statement, expected_version: int, data: Mapping[str, Any]
) -> Statement:
    merged = {f: data.get(f, getattr(statement, f)) for f in STATEMENT_FIELDS}
    _check_statement(statement.process, merged)
    statement, changes = versioned_update(
        instance=statement, expected_version=expected_version, data=data
    )
    if changes:
        audit_record(
            user=user,
            body=body_of(statement.process),
            action=Action.UPDATE,
            obj=statement,
            changes=changes,
        )
    return statement


@transaction.atomic
def statement_respond(
    *,
    user: User | None,
    statement: Statement,
    expected_version: int,
    response: str,
    responded: datetime.date,
    agent: str = "",
) -> Statement:
    """The coordinator records the response given to the statement."""
    if not response.strip():
        raise ValidationError({"response": _("Enter the response.")})
    if responded < statement.received:
        raise ValidationError({"responded": _("The response cannot predate the statement.")})
    statement, changes = versioned_update(
        instance=statement,
        expected_version=expected_version,
        data={"response": response.strip(), "responded": responded},
    )
    if changes:
        audit_record(
            user=user,
            body=body_of(statement.process),
            action=Action.UPDATE,
            obj=statement,
            agent=agent,
            changes=changes,
        )
    return statement
