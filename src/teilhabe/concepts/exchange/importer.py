"""Import: validated exchange data becomes a body, concept and edition, all or nothing."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from teilhabe.core.models import AuditEntry, Body, User
from teilhabe.core.services import audit_record, body_create

from .. import actors as actor_services
from .. import lineage, services
from ..models import (
    Actor,
    Concept,
    Edition,
    FieldOfAction,
    Goal,
    Lineage,
    Measure,
    Objective,
    Principle,
    Section,
    TreeItem,
)
from .common import FORMAT, ImportErrors
from .validation import _items, _parse_date, _str, parse_budget, validate


class _Keys:
    """Generated keys that collide neither with the database nor with keys of the file."""

    def __init__(self, concept: Concept, data: dict[str, Any]) -> None:
        self.concept = concept
        self.taken: set[str] = set()
        for name in ("principles", "sections", "fields_of_action"):
            self.taken |= {_str(i.get("key")) or "" for _, i in _items(data, name)}
        for _, field in _items(data, "fields_of_action"):
            for kind in ("goals", "objectives", "measures"):
                self.taken |= {_str(i.get("key")) or "" for _, i in _items(field, kind)}

    def __call__(self, model: type[TreeItem], given: Any) -> str:
        if isinstance(given, str) and given:
            return given
        while True:
            key = services.new_key(model=model, concept=self.concept)
            if key not in self.taken:
                self.taken.add(key)
                return key


def edition_import(
    *,
    data: dict[str, Any],
    user: User | None = None,
    agent: str = "concept_import",
    is_demo: bool = False,
) -> Edition:
    """Validate ``data`` completely, then create the edition (and body, concept, actors).

    All or nothing: raises :class:`ImportErrors` with every problem and writes nothing.
    ``is_demo`` marks a body created by this import as demo data.
    """
    with transaction.atomic():
        errors = validate(data)
        if errors:
            raise ImportErrors(errors)
        try:
            return _create(data=data, user=user, agent=agent, is_demo=is_demo)
        except ValidationError as exc:  # a rule the checks above missed: still all or nothing
            raise ImportErrors(
                [
                    f"{field}: {message}"
                    for field, messages in _messages(exc)
                    for message in messages
                ]
            ) from exc


def _messages(exc: ValidationError) -> list[tuple[str, list[str]]]:
    if hasattr(exc, "error_dict"):
        return [
            (field, [str(m) for e in errs for m in e.messages])
            for field, errs in exc.error_dict.items()
        ]
    return [("(Datei)", list(exc.messages))]


def _create(*, data: dict[str, Any], user: User | None, agent: str, is_demo: bool) -> Edition:
    b, c, e = data["body"], data["concept"], data["edition"]
    body = Body.objects.filter(territory__ags=b["ags"]).first() or body_create(
        user=user, name=b["name"], kind=b["kind"], ags=b["ags"], is_demo=is_demo, agent=agent
    )
    concept = Concept.objects.filter(body=body).first() or services.concept_create(
        user=user, body=body, title=c["title"], agent=agent
    )
    predecessor = (
        Edition.objects.get(concept=concept, label=e["predecessor"])
        if e.get("predecessor")
        else None
    )
    edition = services.edition_create(
        user=user,
        concept=concept,
        label=e["label"],
        title=e["title"],
        introduction=e.get("introduction") or "",
        source_note=e.get("source_note") or "",
        predecessor=predecessor,
        agent=agent,
    )
    valid_from = _parse_date(e.get("valid_from"))
    review_due = _parse_date(e.get("review_due"))
    if valid_from or review_due:
        edition = services.edition_update(
            user=user,
            edition=edition,
            expected_version=edition.version,
            data={"valid_from": valid_from, "review_due": review_due},
            agent=agent,
        )

    actors = {a.key: a for a in Actor.objects.filter(body=body)}
    file_actor_keys = {_str(a.get("key")) or "" for a in data.get("actors") or []}
    for item in data.get("actors") or []:
        if item.get("key") in actors:
            continue
        key = item.get("key") or ""
        if not key:
            while not key or key in file_actor_keys:
                key = actor_services.new_actor_key(body)
        actor = actor_services.actor_create(
            user=user,
            body=body,
            key=key,
            agent=agent,
            data={
                "name": item["name"],
                "kind": item["kind"],
                "category": item.get("category") or Actor.Category.OTHER,
                "description": item.get("description") or "",
            },
        )
        actors[actor.key] = actor

    keys = _Keys(concept, data)

    def create(
        model: type[TreeItem],
        item: dict[str, Any],
        fields: dict[str, Any],
        m2m: dict[str, Any] | None = None,
    ) -> Any:
        return services.item_create(
            user=user,
            model=model,
            edition=edition,
            data=fields,
            m2m=m2m,
            key=keys(model, item.get("key")),
            agent=agent,
        )

    for model, name in ((Principle, "principles"), (Section, "sections")):
        for item in data.get(name) or []:
            create(model, item, {"title": item["title"], "text": item.get("text") or ""})

    goals: dict[str, Goal] = {}
    objectives: dict[str, Objective] = {}
    fields: dict[str, FieldOfAction] = {}
    pending: list[tuple[FieldOfAction, dict[str, Any]]] = []
    for item in data.get("fields_of_action") or []:
        field = create(
            FieldOfAction,
            item,
            {
                "title": item["title"],
                "description": item.get("description") or "",
                "cross_cutting": bool(item.get("cross_cutting")),
            },
        )
        fields[field.key] = field
        for goal_item in item.get("goals") or []:
            goal = create(
                Goal,
                goal_item,
                {
                    "field": field,
                    "title": goal_item["title"],
                    "description": goal_item.get("description") or "",
                },
            )
            goals[goal.key] = goal
        pending.append((field, item))
    # Objectives may name goals of any field and measures objectives of any field: goals
    # first, then objectives, then measures.
    for field, item in pending:
        for objective_item in item.get("objectives") or []:
            objective = create(
                Objective,
                objective_item,
                {
                    "field": field,
                    "title": objective_item["title"],
                    "description": objective_item.get("description") or "",
                },
                {"goals": [goals[k] for k in objective_item.get("goals") or []]},
            )
            objectives[objective.key] = objective
    predecessor_measures = (
        {m.key: m for m in Measure.objects.filter(edition=predecessor)} if predecessor else {}
    )
    for field, item in pending:
        for measure_item in item.get("measures") or []:
            lead = measure_item.get("lead_actor")
            measure = create(
                Measure,
                measure_item,
                {
                    "field": field,
                    "title": measure_item["title"],
                    "description": measure_item.get("description") or "",
                    "lead_actor": actors[lead] if lead else None,
                    "target_groups": measure_item.get("target_groups") or "",
                    "start": _parse_date(measure_item.get("start")),
                    "end": _parse_date(measure_item.get("end")),
                    "planned_budget": parse_budget(measure_item.get("planned_budget")),
                    "status": measure_item.get("status") or "",
                    "is_focus": bool(measure_item.get("focus")),
                    "source_note": measure_item.get("source_note") or "",
                },
                {
                    "objectives": [objectives[k] for k in measure_item.get("objectives") or []],
                    "partner_actors": [actors[k] for k in measure_item.get("partner_actors") or []],
                },
            )
            for link in measure_item.get("lineage") or []:
                lineage.lineage_create(
                    user=user,
                    edition=edition,
                    predecessor=predecessor_measures[link["from"]],
                    successor=measure,
                    kind=link["kind"],
                    reason=link.get("reason") or "",
                    agent=agent,
                )
    for item in data.get("dropped") or []:
        lineage.lineage_create(
            user=user,
            edition=edition,
            predecessor=predecessor_measures[item["key"]],
            successor=None,
            kind=Lineage.Kind.DROPPED,
            reason=item.get("reason") or "",
            agent=agent,
        )
    for item in data.get("focus") or []:
        services.focus_create(
            user=user,
            edition=edition,
            year=item["year"],
            field=fields[item["field_of_action"]] if item.get("field_of_action") else None,
            description=item.get("description") or "",
            source_note=item.get("source_note") or "",
            agent=agent,
        )

    status = e.get("status") or Edition.Status.DRAFT
    if status in (Edition.Status.IN_FORCE, Edition.Status.IN_CONSULTATION):
        edition = services.edition_set_status(
            user=user, edition=edition, status=status, valid_from=valid_from, agent=agent
        )
    elif status == Edition.Status.SUPERSEDED:
        # An adopted edition of the past: no transition leads there, so record it directly.
        old = edition.get_status_display()
        Edition.objects.filter(pk=edition.pk).update(status=status, version=edition.version + 1)
        edition.refresh_from_db()
        audit_record(
            user=user,
            body=body,
            action=AuditEntry.Action.STATUS,
            obj=edition,
            agent=agent,
            changes={"status": (old, edition.get_status_display())},
        )
    audit_record(
        user=user,
        body=body,
        action=AuditEntry.Action.IMPORT,
        obj=edition,
        agent=agent,
        changes={"format": (None, FORMAT)},
    )
    return edition
