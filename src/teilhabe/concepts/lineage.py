"""Lineage between editions: merging, splitting and the reasons for what became of a measure."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from teilhabe.core.models import User
from teilhabe.core.services import (
    audit_record,
    creation_changes,
    soft_delete,
    versioned_update,
)

from .models import (
    Edition,
    Lineage,
    Measure,
)
from .services import Action, _body_of, _require_editable, item_create


@transaction.atomic
def measure_merge(*, user: User, source: Measure, target: Measure, reason: str) -> Measure:
    """Zusammenführen: ``source`` goes into ``target``; their origins become ``merged``."""
    _require_editable(source.edition)
    if source.edition_id != target.edition_id or source.pk == target.pk:
        raise ValidationError(_("Choose another measure of the same edition."))
    if not reason.strip():
        raise ValidationError({"reason": _("Give a reason for the merge.")})
    for link in Lineage.objects.filter(successor__in=[source, target]):
        Lineage.objects.filter(pk=link.pk).update(
            successor=target, kind=Lineage.Kind.MERGED, reason=reason, version=link.version + 1
        )
    soft_delete(instance=source)
    audit_record(
        user=user,
        body=_body_of(target.edition),
        action=Action.UPDATE,
        obj=target,
        changes={"merged": (None, str(source)), "reason": (None, reason)},
    )
    return target


@transaction.atomic
def measure_split(*, user: User, measure: Measure, title: str, reason: str) -> Measure:
    """Aufteilen: a new measure next to ``measure`` takes over part of it."""
    _require_editable(measure.edition)
    if not reason.strip():
        raise ValidationError({"reason": _("Give a reason for the split.")})
    part = item_create(
        user=user,
        model=Measure,
        edition=measure.edition,
        data={
            "field": measure.field,
            "title": title,
            "lead_actor": measure.lead_actor,
            "target_groups": measure.target_groups,
            "status": measure.status,
        },
        m2m={
            "objectives": measure.objectives.all(),
            "partner_actors": measure.partner_actors.all(),
        },
    )
    for link in Lineage.objects.filter(successor=measure):
        Lineage.objects.filter(pk=link.pk).update(
            kind=Lineage.Kind.SPLIT, reason=reason, version=link.version + 1
        )
        Lineage.objects.create(
            edition=measure.edition,
            predecessor=link.predecessor,
            successor=part,
            kind=Lineage.Kind.SPLIT,
            reason=reason,
        )
    audit_record(
        user=user,
        body=_body_of(measure.edition),
        action=Action.UPDATE,
        obj=measure,
        changes={"split": (None, title), "reason": (None, reason)},
    )
    return part


@transaction.atomic
def lineage_create(
    *,
    user: User | None,
    edition: Edition,
    predecessor: Measure,
    successor: Measure | None,
    kind: str,
    reason: str = "",
    agent: str = "",
) -> Lineage:
    """Record what became of ``predecessor`` (a measure of the predecessor edition).

    For imports; the editor records lineage through copy, merge, split and delete.
    """
    _require_editable(edition)
    if edition.predecessor_id is None or predecessor.edition_id != edition.predecessor_id:
        raise ValidationError({"predecessor": _("Choose a measure of the predecessor edition.")})
    if successor is not None and successor.edition_id != edition.pk:
        raise ValidationError({"successor": _("Choose an item of the same edition.")})
    link = Lineage(
        edition=edition, predecessor=predecessor, successor=successor, kind=kind, reason=reason
    )
    link.full_clean()
    link.save()
    audit_record(
        user=user,
        body=_body_of(edition),
        action=Action.CREATE,
        obj=link,
        agent=agent,
        changes=creation_changes(link, ["predecessor", "successor", "kind", "reason"]),
    )
    return link


@transaction.atomic
def lineage_update(*, user: User, link: Lineage, expected_version: int, reason: str) -> Lineage:
    _require_editable(link.edition)
    link, changes = versioned_update(
        instance=link, expected_version=expected_version, data={"reason": reason}
    )
    if changes:
        audit_record(
            user=user, body=_body_of(link.edition), action=Action.UPDATE, obj=link, changes=changes
        )
    return link
