"""Every write of concept data: editions, their tree, lineage and actors.

Services are keyword-only, typed and atomic; each takes the acting user, checks nothing
about permissions (the views ask the selectors first) and leaves an audit entry.
"""

import datetime
import secrets
from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from teilhabe.core.models import AuditEntry, Body, User
from teilhabe.core.services import (
    audit_record,
    creation_changes,
    soft_delete,
    versioned_update,
)

from .models import (
    Actor,
    Concept,
    Edition,
    FieldOfAction,
    Focus,
    Goal,
    Lineage,
    Measure,
    Objective,
    Principle,
    Section,
    TreeItem,
)

T = TypeVar("T", bound=TreeItem)
Action = AuditEntry.Action

#: The tree item types in the order they are copied, with the attribute naming their parent.
ITEM_PARENT: dict[type[TreeItem], str | None] = {
    Principle: None,
    Section: None,
    FieldOfAction: None,
    Goal: "field",
    Objective: "field",
    Measure: "field",
}
KEY_PREFIX = {
    Principle: "p",
    Section: "c",
    FieldOfAction: "f",
    Goal: "g",
    Objective: "o",
    Measure: "m",
}


def _body_of(edition: Edition) -> Body:
    return edition.concept.body


def _require_editable(edition: Edition) -> None:
    if not edition.is_editable:
        raise ValidationError(_("A superseded edition cannot be changed."))


def new_key(*, model: type[TreeItem], concept: Concept) -> str:
    """A key no item of this type has in any edition of the concept."""
    while True:
        key = f"{KEY_PREFIX[model]}-{secrets.token_hex(3)}"
        if not model.all_objects.filter(edition__concept=concept, key=key).exists():
            return key


def siblings(item: TreeItem) -> models.QuerySet[Any]:
    parent = ITEM_PARENT[type(item)]
    qs = type(item).objects.filter(edition=item.edition)
    if parent:
        qs = qs.filter(**{parent: getattr(item, parent)})
    return qs


# --- concept and editions ---------------------------------------------------------------


@transaction.atomic
def concept_create(*, user: User | None, body: Body, title: str, agent: str = "") -> Concept:
    concept = Concept(body=body, title=title)
    concept.full_clean()
    concept.save()
    audit_record(
        user=user,
        body=body,
        action=Action.CREATE,
        obj=concept,
        agent=agent,
        changes={"title": (None, title)},
    )
    return concept


@transaction.atomic
def edition_create(
    *,
    user: User | None,
    concept: Concept,
    label: str,
    title: str,
    introduction: str = "",
    source_note: str = "",
    predecessor: Edition | None = None,
    agent: str = "",
) -> Edition:
    if predecessor is not None and predecessor.concept_id != concept.pk:
        raise ValidationError({"predecessor": _("Choose an edition of the same concept.")})
    edition = Edition(
        concept=concept,
        label=label,
        title=title,
        introduction=introduction,
        source_note=source_note,
        status=Edition.Status.DRAFT,
        predecessor=predecessor,
    )
    edition.full_clean()
    edition.save()
    audit_record(
        user=user,
        body=concept.body,
        action=Action.CREATE,
        obj=edition,
        agent=agent,
        changes=creation_changes(edition, ["label", "title", "status", "predecessor"]),
    )
    return edition


@transaction.atomic
def edition_update(
    *,
    user: User | None,
    edition: Edition,
    expected_version: int,
    data: Mapping[str, Any],
    agent: str = "",
) -> Edition:
    _require_editable(edition)
    allowed = {"label", "title", "introduction", "source_note", "valid_from", "review_due"}
    edition, changes = versioned_update(
        instance=edition,
        expected_version=expected_version,
        data={k: v for k, v in data.items() if k in allowed},
    )
    if changes:
        audit_record(
            user=user,
            body=_body_of(edition),
            action=Action.UPDATE,
            obj=edition,
            changes=changes,
            agent=agent,
        )
    return edition


def two_years_after(day: datetime.date) -> datetime.date:
    try:
        return day.replace(year=day.year + 2)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 2, day=28)


ALLOWED_TRANSITIONS = {
    Edition.Status.DRAFT: {Edition.Status.IN_CONSULTATION, Edition.Status.IN_FORCE},
    Edition.Status.IN_CONSULTATION: {Edition.Status.DRAFT, Edition.Status.IN_FORCE},
    Edition.Status.IN_FORCE: set(),
    Edition.Status.SUPERSEDED: set(),
}


@transaction.atomic
def edition_set_status(
    *,
    user: User | None,
    edition: Edition,
    status: str,
    valid_from: datetime.date | None = None,
    agent: str = "",
) -> Edition:
    """Move an edition along draft → in consultation → in force.

    Coming into force supersedes the edition in force so far and sets ``review_due`` to two
    years later unless it was set already.
    """
    edition = Edition.objects.select_for_update().get(pk=edition.pk)
    if status not in ALLOWED_TRANSITIONS[Edition.Status(edition.status)]:
        raise ValidationError(
            _("An edition cannot go from “%(old)s” to “%(new)s”.")
            % {"old": edition.get_status_display(), "new": Edition.Status(status).label}
        )
    changes: dict[str, tuple[Any, Any]] = {"status": (edition.status, status)}
    if status == Edition.Status.IN_FORCE:
        if valid_from is None:
            raise ValidationError({"valid_from": _("Enter the date the edition comes into force.")})
        for old in Edition.objects.filter(concept=edition.concept, status=Edition.Status.IN_FORCE):
            old.status = Edition.Status.SUPERSEDED
            old.version += 1
            old.save(update_fields=["status", "version", "modified"])
            audit_record(
                user=user,
                body=_body_of(old),
                action=Action.STATUS,
                obj=old,
                agent=agent,
                changes={"status": (Edition.Status.IN_FORCE, Edition.Status.SUPERSEDED)},
            )
        if edition.valid_from != valid_from:
            changes["valid_from"] = (edition.valid_from, valid_from)
        edition.valid_from = valid_from
        if edition.review_due is None:
            edition.review_due = two_years_after(valid_from)
            changes["review_due"] = (None, edition.review_due)
    edition.status = status
    edition.version += 1
    edition.full_clean()
    edition.save()
    audit_record(
        user=user,
        body=_body_of(edition),
        action=Action.STATUS,
        obj=edition,
        agent=agent,
        changes=changes,
    )
    return edition


@transaction.atomic
def edition_delete(*, user: User, edition: Edition) -> None:
    if edition.status not in (Edition.Status.DRAFT, Edition.Status.IN_CONSULTATION):
        raise ValidationError(_("Only drafts can be deleted; adopted editions stay on record."))
    soft_delete(instance=edition)
    audit_record(user=user, body=_body_of(edition), action=Action.DELETE, obj=edition)


@transaction.atomic
def edition_copy(
    *, user: User | None, source: Edition, label: str, title: str, agent: str = ""
) -> Edition:
    """Fortschreibung: a new draft with a copy of the whole tree of ``source``.

    Copies keep their keys; every measure gets a ``continued`` lineage link to its original.
    """
    new = Edition(
        concept=source.concept,
        label=label,
        title=title,
        introduction=source.introduction,
        status=Edition.Status.DRAFT,
        predecessor=source,
    )
    new.full_clean()
    new.save()

    def clone(item: TreeItem, **overrides: Any) -> Any:
        copy = type(item)(
            **{
                f.attname: getattr(item, f.attname)
                for f in type(item)._meta.concrete_fields
                if f.name
                not in {"id", "public_id", "created", "modified", "version", "edition", *overrides}
            }
            | {"edition": new}
            | overrides
        )
        return copy

    for model in (Principle, Section):
        model.objects.bulk_create([clone(i) for i in model.objects.filter(edition=source)])
    old_fields = list(FieldOfAction.objects.filter(edition=source))
    new_fields = FieldOfAction.objects.bulk_create([clone(f) for f in old_fields])
    field_map = {old.pk: new_f for old, new_f in zip(old_fields, new_fields, strict=True)}

    old_goals = list(Goal.objects.filter(edition=source, field__in=old_fields))
    new_goals = Goal.objects.bulk_create([clone(g, field=field_map[g.field_id]) for g in old_goals])
    goal_map = {o.pk: n for o, n in zip(old_goals, new_goals, strict=True)}

    old_objectives = list(
        Objective.objects.filter(edition=source, field__in=old_fields).prefetch_related("goals")
    )
    new_objectives = Objective.objects.bulk_create(
        [clone(o, field=field_map[o.field_id]) for o in old_objectives]
    )
    objective_map = {o.pk: n for o, n in zip(old_objectives, new_objectives, strict=True)}
    Objective.goals.through.objects.bulk_create(
        [
            Objective.goals.through(objective_id=objective_map[o.pk].pk, goal_id=goal_map[g.pk].pk)
            for o in old_objectives
            for g in o.goals.all()
            if g.pk in goal_map
        ]
    )

    old_measures = list(
        Measure.objects.filter(edition=source, field__in=old_fields).prefetch_related(
            "objectives", "partner_actors"
        )
    )
    new_measures = Measure.objects.bulk_create(
        [clone(m, field=field_map[m.field_id]) for m in old_measures]
    )
    Measure.objectives.through.objects.bulk_create(
        [
            Measure.objectives.through(measure_id=n.pk, objective_id=objective_map[o.pk].pk)
            for m, n in zip(old_measures, new_measures, strict=True)
            for o in m.objectives.all()
            if o.pk in objective_map
        ]
    )
    Measure.partner_actors.through.objects.bulk_create(
        [
            Measure.partner_actors.through(measure_id=n.pk, actor_id=a.pk)
            for m, n in zip(old_measures, new_measures, strict=True)
            for a in m.partner_actors.all()
        ]
    )
    Lineage.objects.bulk_create(
        [
            Lineage(edition=new, predecessor=m, successor=n, kind=Lineage.Kind.CONTINUED)
            for m, n in zip(old_measures, new_measures, strict=True)
        ]
    )
    audit_record(
        user=user,
        body=_body_of(source),
        action=Action.COPY,
        obj=new,
        agent=agent,
        changes={
            "label": (None, label),
            "title": (None, title),
            "predecessor": (None, source.label),
            "measures": (None, len(new_measures)),
        },
    )
    return new


# --- tree items -------------------------------------------------------------------------


def _check_same_edition(edition: Edition, **related: Any) -> None:
    """Items may only refer to items of their own edition and actors of their own body."""
    for name, value in related.items():
        values = [value] if value is None or isinstance(value, models.Model) else list(value)
        for obj in values:
            if obj is None:
                continue
            if isinstance(obj, Actor):
                if obj.body_id != edition.concept.body_id:
                    raise ValidationError({name: _("Choose an actor of the same body.")})
            elif getattr(obj, "edition_id", None) != edition.pk:
                raise ValidationError({name: _("Choose an item of the same edition.")})


REFERENCES = {"field", "lead_actor"}


@transaction.atomic
def item_create(
    *,
    user: User | None,
    model: type[T],
    edition: Edition,
    data: Mapping[str, Any],
    m2m: Mapping[str, Iterable[models.Model]] | None = None,
    key: str = "",
    agent: str = "",
) -> T:
    """Create a tree item at the end of its siblings."""
    _require_editable(edition)
    _check_same_edition(
        edition, **{k: v for k, v in data.items() if k in REFERENCES}, **(m2m or {})
    )
    item = model(edition=edition, key=key or new_key(model=model, concept=edition.concept), **data)
    item.position = (siblings(item).aggregate(m=Max("position"))["m"] or 0) + 1
    item.full_clean()
    item.save()
    changes = creation_changes(item, [f for f in data if f != "field"])
    for name, values in (m2m or {}).items():
        values = list(values)
        getattr(item, name).set(values)
        if values:
            changes[name] = (None, values)
    audit_record(
        user=user,
        body=_body_of(edition),
        action=Action.CREATE,
        obj=item,
        agent=agent,
        changes=changes,
    )
    return item


@transaction.atomic
def item_update(
    *,
    user: User,
    item: T,
    expected_version: int,
    data: Mapping[str, Any],
    m2m: Mapping[str, Iterable[models.Model]] | None = None,
) -> T:
    _require_editable(item.edition)
    _check_same_edition(
        item.edition, **{k: v for k, v in data.items() if k in REFERENCES}, **(m2m or {})
    )
    old_parent = getattr(item, ITEM_PARENT[type(item)] or "", None)
    item, changes = versioned_update(
        instance=item, expected_version=expected_version, data=data, m2m=m2m
    )
    parent = ITEM_PARENT[type(item)]
    if parent and getattr(item, parent) != old_parent:
        # A move to another field puts the item at the end there.
        item.position = (
            siblings(item).exclude(pk=item.pk).aggregate(m=Max("position"))["m"] or 0
        ) + 1
        item.save(update_fields=["position"])
    if changes:
        audit_record(
            user=user, body=_body_of(item.edition), action=Action.UPDATE, obj=item, changes=changes
        )
    return item


@transaction.atomic
def item_move(*, user: User, item: TreeItem, direction: int) -> None:
    """Swap the item with its previous (``-1``) or next (``+1``) sibling."""
    _require_editable(item.edition)
    ordered = list(siblings(item).order_by("position", "id"))
    index = next(i for i, s in enumerate(ordered) if s.pk == item.pk)
    other_index = index + direction
    if not 0 <= other_index < len(ordered):
        return
    ordered[index], ordered[other_index] = ordered[other_index], ordered[index]
    for position, sibling in enumerate(ordered, start=1):
        if sibling.position != position:
            type(sibling).all_objects.filter(pk=sibling.pk).update(position=position)
    audit_record(
        user=user,
        body=_body_of(item.edition),
        action=Action.MOVE,
        obj=item,
        changes={"position": (index + 1, other_index + 1)},
    )


def _drop_lineage(measure: Measure, reason: str) -> None:
    for link in Lineage.objects.filter(successor=measure):
        others = Lineage.objects.filter(
            predecessor=link.predecessor, successor__is_deleted=False
        ).exclude(successor=measure)
        if others.exists():
            soft_delete(instance=link)
        else:
            Lineage.objects.filter(pk=link.pk).update(
                kind=Lineage.Kind.DROPPED, successor=None, reason=reason, version=link.version + 1
            )


@transaction.atomic
def item_delete(*, user: User, item: TreeItem, reason: str = "") -> list[TreeItem]:
    """Soft-delete an item and what hangs below it; returns everything deleted.

    A measure that continues one of the predecessor edition leaves a ``dropped`` lineage
    entry with the reason.
    """
    _require_editable(item.edition)
    deleted: list[TreeItem] = [item]
    if isinstance(item, FieldOfAction):
        deleted += [*item.goals.all(), *item.objectives.all(), *item.measures.all()]
    for obj in deleted:
        if isinstance(obj, Measure):
            _drop_lineage(obj, reason)
        soft_delete(instance=obj)
    changes: dict[str, tuple[Any, Any]] = (
        {"deleted": (None, [str(o) for o in deleted[1:]])} if len(deleted) > 1 else {}
    )
    if reason:
        changes["reason"] = (None, reason)
    audit_record(
        user=user, body=_body_of(item.edition), action=Action.DELETE, obj=item, changes=changes
    )
    return deleted


# Thin names from the glossary, so that every write can be found by ``<entity>_<verb>``.
def measure_create(
    *,
    user: User | None,
    edition: Edition,
    data: Mapping[str, Any],
    m2m: Mapping[str, Iterable[models.Model]] | None = None,
) -> Measure:
    return item_create(user=user, model=Measure, edition=edition, data=data, m2m=m2m)


def measure_update(
    *,
    user: User,
    measure: Measure,
    expected_version: int,
    data: Mapping[str, Any],
    m2m: Mapping[str, Iterable[models.Model]] | None = None,
) -> Measure:
    return item_update(
        user=user, item=measure, expected_version=expected_version, data=data, m2m=m2m
    )


# --- strategic focus ---------------------------------------------------------------------


@transaction.atomic
def focus_create(
    *,
    user: User | None,
    edition: Edition,
    year: int,
    field: FieldOfAction | None,
    description: str = "",
    source_note: str = "",
    agent: str = "",
) -> Focus:
    _check_same_edition(edition, field=field)
    focus = Focus(
        edition=edition, year=year, field=field, description=description, source_note=source_note
    )
    focus.full_clean()
    focus.save()
    audit_record(
        user=user,
        body=_body_of(edition),
        action=Action.CREATE,
        obj=focus,
        agent=agent,
        changes=creation_changes(focus, ["year", "field", "description"]),
    )
    return focus
