"""Reads of concept data, each with its access check.

The public reads editions in force and superseded ones; members of the body read all
editions including drafts; only coordinators (and contributors for the measures their
actor leads) may change anything.
"""

import uuid
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from teilhabe.core.models import Body, Role
from teilhabe.core.selectors import AnyUser, is_coordinator, is_member, role_in

from .models import (
    Actor,
    Concept,
    Edition,
    FieldOfAction,
    Focus,
    Goal,
    Lineage,
    Measure,
    MeasureStatus,
    Objective,
    Principle,
    Section,
    TreeItem,
)


def concept_of(body: Body) -> Concept | None:
    return Concept.objects.filter(body=body).first()


def editions_for_user(*, user: AnyUser, body: Body) -> QuerySet[Edition]:
    editions = Edition.objects.filter(concept__body=body).select_related("concept", "predecessor")
    if not is_member(user, body):
        editions = editions.filter(status__in=Edition.PUBLIC_STATUSES)
    return editions.order_by("-valid_from", "-created")


def edition_get_for_user(*, user: AnyUser, body: Body, public_id: Any) -> Edition:
    """The edition if the user may read it; 404 otherwise, so drafts do not even show they exist."""
    try:
        return editions_for_user(user=user, body=body).get(public_id=public_id)
    except (Edition.DoesNotExist, ValidationError, ValueError, TypeError) as exc:
        raise Http404 from exc


def edition_in_force(*, body: Body) -> Edition | None:
    return (
        Edition.objects.filter(concept__body=body, status=Edition.Status.IN_FORCE)
        .select_related("concept")
        .first()
    )


def can_edit_edition(user: AnyUser, edition: Edition) -> bool:
    return edition.is_editable and is_coordinator(user, edition.concept.body)


def can_edit_measure(user: AnyUser, measure: Measure) -> bool:
    """Coordinators edit every measure; contributors those their actor leads."""
    if not measure.edition.is_editable:
        return False
    body = measure.edition.concept.body
    role = role_in(user, body)
    if role == Role.COORDINATOR:
        return True
    return bool(
        role == Role.CONTRIBUTOR
        and measure.lead_actor_id is not None
        and measure.lead_actor.contacts.filter(pk=user.pk).exists()  # type: ignore[union-attr, misc]
    )


def item_get_for_user(*, user: AnyUser, body: Body, model: type[TreeItem], public_id: Any) -> Any:
    """A tree item the user may read (its edition decides)."""
    try:
        item = model.objects.select_related("edition__concept__body").get(
            public_id=public_id, edition__concept__body=body
        )
    except (model.DoesNotExist, ValidationError, ValueError, TypeError) as exc:
        raise Http404 from exc
    if not (item.edition.is_public or is_member(user, body)):
        raise Http404
    return item


def lineage_get_for_user(*, user: AnyUser, body: Body, public_id: Any) -> Lineage:
    try:
        link = Lineage.objects.select_related(
            "edition__concept__body", "predecessor", "successor"
        ).get(public_id=public_id, edition__concept__body=body)
    except (Lineage.DoesNotExist, ValidationError, ValueError, TypeError) as exc:
        raise Http404 from exc
    if not (link.edition.is_public or is_member(user, body)):
        raise Http404
    return link


def measures_prefetched(queryset: QuerySet[Measure]) -> QuerySet[Measure]:
    return queryset.select_related("lead_actor", "field").prefetch_related(
        Prefetch("objectives", queryset=Objective.objects.order_by("position", "id")),
        Prefetch("partner_actors", queryset=Actor.objects.order_by("name")),
    )


@dataclass
class FieldNode:
    field: FieldOfAction
    number: int
    goals: list[Goal] = dataclass_field(default_factory=list)
    objectives: list[Objective] = dataclass_field(default_factory=list)
    measures: list[Measure] = dataclass_field(default_factory=list)


@dataclass
class EditionTree:
    edition: Edition
    principles: list[Principle]
    sections: list[Section]
    fields: list[FieldNode]
    foci: list[Focus]

    @property
    def measure_count(self) -> int:
        return sum(len(n.measures) for n in self.fields)


def edition_tree(edition: Edition) -> EditionTree:
    """The whole edition in a fixed number of queries, however many items it has."""
    fields = list(FieldOfAction.objects.filter(edition=edition))
    nodes = {f.pk: FieldNode(field=f, number=i) for i, f in enumerate(fields, start=1)}
    for goal in Goal.objects.filter(edition=edition, field__in=fields):
        nodes[goal.field_id].goals.append(goal)
    for objective in Objective.objects.filter(edition=edition, field__in=fields).prefetch_related(
        Prefetch("goals", queryset=Goal.objects.order_by("position", "id"))
    ):
        nodes[objective.field_id].objectives.append(objective)
    for measure in measures_prefetched(Measure.objects.filter(edition=edition, field__in=fields)):
        nodes[measure.field_id].measures.append(measure)
    return EditionTree(
        edition=edition,
        principles=list(Principle.objects.filter(edition=edition)),
        sections=list(Section.objects.filter(edition=edition)),
        fields=list(nodes.values()),
        foci=list(Focus.objects.filter(edition=edition).select_related("field")),
    )


@dataclass
class MeasureFilter:
    field: str = ""
    status: str = ""
    actor: str = ""
    focus: str = ""
    q: str = ""


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def measure_list(*, edition: Edition, filters: MeasureFilter) -> QuerySet[Measure]:
    """Measures of an edition the caller may read (check the edition first)."""
    measures = Measure.objects.filter(edition=edition, field__is_deleted=False)
    for value in (filters.field, filters.actor):
        if value and not _is_uuid(value):
            return Measure.objects.none()
    if filters.field:
        measures = measures.filter(field__public_id=filters.field)
    if filters.status:
        measures = measures.filter(status="" if filters.status == "none" else filters.status)
    if filters.actor:
        measures = measures.filter(
            Q(lead_actor__public_id=filters.actor) | Q(partner_actors__public_id=filters.actor)
        ).distinct()
    if filters.focus in ("yes", "no"):
        measures = measures.filter(is_focus=filters.focus == "yes")
    if filters.q:
        words = filters.q.split()
        for word in words:
            measures = measures.filter(
                Q(title__icontains=word)
                | Q(description__icontains=word)
                | Q(target_groups__icontains=word)
                | Q(source_note__icontains=word)
            )
    return measures_prefetched(measures).order_by("field__position", "field_id", "position", "id")


def actors_of(body: Body) -> QuerySet[Actor]:
    return Actor.objects.filter(body=body).order_by("name")


def actor_list_for_user(*, user: AnyUser, body: Body) -> QuerySet[Actor]:
    """The directory with counts of the measures each actor leads in current editions."""
    if not is_member(user, body):
        raise Http404
    current = ~Q(led_measures__edition__status=Edition.Status.SUPERSEDED) & Q(
        led_measures__is_deleted=False
    )
    return actors_of(body).annotate(measure_count=Count("led_measures", filter=current))


def actor_get_for_user(*, user: AnyUser, body: Body, public_id: Any) -> Actor:
    if not is_member(user, body):
        raise Http404
    try:
        return Actor.objects.get(body=body, public_id=public_id)
    except (Actor.DoesNotExist, ValidationError, ValueError, TypeError) as exc:
        raise Http404 from exc


def lineage_of_edition(edition: Edition) -> QuerySet[Lineage]:
    return (
        Lineage.objects.filter(edition=edition)
        .select_related("predecessor__field", "successor__field")
        .order_by("predecessor__field__position", "predecessor__position", "id")
    )


def measure_lineage(measure: Measure) -> dict[str, list[Lineage]]:
    """Where a measure came from and what became of it in the next edition."""
    return {
        "origins": list(
            Lineage.objects.filter(successor=measure).select_related("predecessor__edition")
        ),
        "fates": list(
            Lineage.objects.filter(predecessor=measure).select_related(
                "successor__edition", "edition"
            )
        ),
    }


def dashboard_summary(*, body: Body) -> dict[str, Any]:
    """Counts for a member's dashboard (callers check membership)."""
    in_force = edition_in_force(body=body)
    status_counts: list[tuple[Any, int]] = []
    if in_force is not None:
        counts = dict(
            Measure.objects.filter(edition=in_force, field__is_deleted=False)
            .values_list("status")
            .annotate(n=Count("id"))
            .order_by()
        )
        status_counts = [
            (label, counts[value]) for value, label in MeasureStatus.choices if counts.get(value)
        ]
        if counts.get(""):
            status_counts.append(("", counts[""]))
    return {
        "in_force": in_force,
        "drafts": list(
            Edition.objects.filter(
                concept__body=body,
                status__in=[Edition.Status.DRAFT, Edition.Status.IN_CONSULTATION],
            )
        ),
        "status_counts": status_counts,
        "field_count": FieldOfAction.objects.filter(edition=in_force).count() if in_force else 0,
        "measure_count": sum(n for _, n in status_counts),
        "foci": list(
            Focus.objects.filter(edition__concept__body=body).select_related("field", "edition")[:3]
        ),
    }
