"""Export: an edition as a plain dict in the exchange format."""

import datetime
from collections import defaultdict
from decimal import Decimal
from typing import Any

from ..models import (
    Actor,
    Edition,
    Focus,
    Lineage,
    Measure,
)
from ..selectors import edition_tree
from .common import FORMAT


def _date(value: datetime.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _budget(value: Decimal | None) -> str | None:
    return None if value is None else format(Decimal(value).quantize(Decimal("0.01")), "f")


def edition_export(edition: Edition) -> dict[str, Any]:
    """The complete edition as a dict in the exchange format (every key, fixed order).

    Reads the tree in a fixed number of queries, however many measures there are.
    """
    concept = edition.concept
    body = concept.body
    tree = edition_tree(edition)
    field_rank = {node.field.pk: rank for rank, node in enumerate(tree.fields)}

    def in_order(items: Any) -> list[Any]:
        return sorted(items, key=lambda i: (field_rank.get(i.field_id, -1), i.position, i.pk))

    links_by_measure: dict[int, list[Lineage]] = defaultdict(list)
    for link in (
        Lineage.objects.filter(edition=edition, successor__isnull=False)
        .select_related("predecessor")
        .order_by("id")
    ):
        links_by_measure[link.successor_id].append(link)

    def export_measure(measure: Measure) -> dict[str, Any]:
        return {
            "key": measure.key,
            "title": measure.title,
            "description": measure.description,
            "objectives": [o.key for o in in_order(measure.objectives.all())],
            "lead_actor": measure.lead_actor.key if measure.lead_actor else None,
            "partner_actors": sorted(a.key for a in measure.partner_actors.all()),
            "target_groups": measure.target_groups,
            "start": _date(measure.start),
            "end": _date(measure.end),
            "planned_budget": _budget(measure.planned_budget),
            "status": measure.status,
            "focus": measure.is_focus,
            "source_note": measure.source_note,
            "lineage": [
                {"from": link.predecessor.key, "kind": link.kind, "reason": link.reason}
                for link in links_by_measure[measure.pk]
            ],
        }

    return {
        "format": FORMAT,
        "body": {"name": body.name, "kind": body.kind, "ags": body.ags},
        "concept": {"title": concept.title},
        "edition": {
            "label": edition.label,
            "title": edition.title,
            "status": edition.status,
            "valid_from": _date(edition.valid_from),
            "review_due": _date(edition.review_due),
            "predecessor": edition.predecessor.label if edition.predecessor else None,
            "introduction": edition.introduction,
            "source_note": edition.source_note,
        },
        "actors": [
            {
                "key": a.key,
                "name": a.name,
                "kind": a.kind,
                "category": a.category,
                "description": a.description,
            }
            for a in Actor.objects.filter(body=body).order_by("key")
        ],
        "principles": [{"key": p.key, "title": p.title, "text": p.text} for p in tree.principles],
        "sections": [{"key": s.key, "title": s.title, "text": s.text} for s in tree.sections],
        "fields_of_action": [
            {
                "key": node.field.key,
                "title": node.field.title,
                "description": node.field.description,
                "cross_cutting": node.field.cross_cutting,
                "goals": [
                    {"key": g.key, "title": g.title, "description": g.description}
                    for g in node.goals
                ],
                "objectives": [
                    {
                        "key": o.key,
                        "title": o.title,
                        "description": o.description,
                        "goals": [g.key for g in in_order(o.goals.all())],
                    }
                    for o in node.objectives
                ],
                "measures": [export_measure(m) for m in node.measures],
            }
            for node in tree.fields
        ],
        "dropped": [
            {"key": link.predecessor.key, "reason": link.reason}
            for link in Lineage.objects.filter(edition=edition, kind=Lineage.Kind.DROPPED)
            .select_related("predecessor")
            .order_by("id")
        ],
        "focus": [
            {
                "year": focus.year,
                "field_of_action": focus.field.key
                if focus.field and not focus.field.is_deleted
                else None,
                "description": focus.description,
                "source_note": focus.source_note,
            }
            for focus in Focus.objects.filter(edition=edition)
            .select_related("field")
            .order_by("-year", "id")
        ],
    }
