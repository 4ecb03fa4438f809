"""Writes of the actor directory (Akteure), with audit entries."""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from teilhabe.core.models import AuditEntry, Body, User
from teilhabe.core.services import audit_record, creation_changes, soft_delete, versioned_update

from .models import Actor, Edition, Measure

Action = AuditEntry.Action


@transaction.atomic
def actor_create(
    *,
    user: User | None,
    body: Body,
    data: Mapping[str, Any],
    key: str = "",
    contacts: Iterable[User] = (),
    agent: str = "",
) -> Actor:
    actor = Actor(body=body, key=key or new_actor_key(body), **data)
    actor.full_clean()
    actor.save()
    changes = creation_changes(actor, ["name", "kind", "category", "description"])
    if contacts:
        actor.contacts.set(contacts)
        changes["contacts"] = (None, list(contacts))
    audit_record(
        user=user, body=body, action=Action.CREATE, obj=actor, agent=agent, changes=changes
    )
    return actor


def new_actor_key(body: Body) -> str:
    while True:
        key = f"a-{secrets.token_hex(3)}"
        if not Actor.all_objects.filter(body=body, key=key).exists():
            return key


@transaction.atomic
def actor_update(
    *,
    user: User,
    actor: Actor,
    expected_version: int,
    data: Mapping[str, Any],
    contacts: Iterable[User] | None = None,
) -> Actor:
    actor, changes = versioned_update(
        instance=actor,
        expected_version=expected_version,
        data=data,
        m2m={"contacts": contacts} if contacts is not None else None,
    )
    if changes:
        audit_record(user=user, body=actor.body, action=Action.UPDATE, obj=actor, changes=changes)
    return actor


@transaction.atomic
def actor_delete(*, user: User, actor: Actor) -> None:
    busy = (
        Measure.objects.filter(lead_actor=actor)
        .exclude(edition__status=Edition.Status.SUPERSEDED)
        .count()
    )
    if busy:
        raise ValidationError(
            _(
                "%(actor)s leads %(n)d measures of current editions; choose another lead actor for them first."
            )
            % {"actor": actor.name, "n": busy}
        )
    soft_delete(instance=actor)
    audit_record(user=user, body=actor.body, action=Action.DELETE, obj=actor)
