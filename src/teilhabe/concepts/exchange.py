"""The exchange format for one complete edition: ``teilhabe-edition/1`` (YAML or JSON).

``edition_export`` turns an edition into a plain dict that ``dump_yaml`` / ``dump_json``
write deterministically; ``edition_import`` validates such a dict completely (structure by
``edition.schema.json``, meaning in Python), collects every error as ``path: reason`` in
German and only then creates everything through the services, in one transaction.

The format is documented in ``docs/exchange-format.md``.
"""

import datetime
import json
import re
from collections import defaultdict
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from django.core.exceptions import ValidationError
from django.db import transaction
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError as SchemaError

from teilhabe.core.models import AuditEntry, Body, User
from teilhabe.core.services import EXPECTED_AGS_LENGTH, audit_record, body_create

from . import services
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
from .selectors import edition_tree

FORMAT = "teilhabe-edition/1"
SCHEMA_PATH = Path(__file__).with_name("edition.schema.json")


class ImportErrors(Exception):
    """The data cannot be imported; ``errors`` lists every problem as ``path: reason``."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


@cache
def schema() -> dict[str, Any]:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


# --- export -----------------------------------------------------------------------------


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


class _Dumper(yaml.SafeDumper):
    """SafeDumper that writes multi-line strings as literal blocks (``|``)."""


#: Characters YAML reads as line breaks; PyYAML mangles them outside double quotes.
_SPECIAL_BREAKS = re.compile("[\r\x85\u2028\u2029]")


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if _SPECIAL_BREAKS.search(value):
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style='"')
    if "\n" in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


_Dumper.add_representer(str, _represent_str)


def dump_yaml(data: dict[str, Any]) -> str:
    return yaml.dump(
        data,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=10**9,
    )


def dump_json(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


# --- reading files ----------------------------------------------------------------------


class _Loader(yaml.SafeLoader):
    """SafeLoader that refuses a key given twice in one mapping instead of keeping the last."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _value in node.value:
            key = self.construct_object(key_node, deep=deep)
            if isinstance(key, str | int) and key in seen:
                raise yaml.constructor.ConstructorError(
                    None,
                    None,
                    f"der Schlüssel „{key}“ steht zweimal in derselben Zuordnung",
                    key_node.start_mark,
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def _dates_to_text(value: Any) -> Any:
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _dates_to_text(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_dates_to_text(v) for v in value]
    return value


def loads(text: str, *, fmt: str = "yaml") -> dict[str, Any]:
    """Parse YAML (``fmt="yaml"``) or JSON text; syntax errors raise :class:`ImportErrors`."""
    text = text.removeprefix("\ufeff")
    if fmt == "json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ImportErrors(
                [f"Zeile {exc.lineno}, Spalte {exc.colno}: ungültiges JSON ({exc.msg})"]
            ) from exc
    else:
        try:
            data = yaml.load(text, Loader=_Loader)  # noqa: S506 - _Loader is a SafeLoader
        except yaml.YAMLError as exc:
            raise ImportErrors([_yaml_error(exc)]) from exc
        data = _dates_to_text(data)
    if data is None:
        raise ImportErrors(["Die Datei ist leer."])
    if not isinstance(data, dict):
        raise ImportErrors(["Die Datei muss eine Zuordnung (Schlüssel: Wert) enthalten."])
    return data


def _yaml_error(exc: yaml.YAMLError) -> str:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None)
    reason = f"YAML-Syntaxfehler: {problem}" + (f" ({context})" if context else "")
    if mark is None:
        return reason
    return f"Zeile {mark.line + 1}, Spalte {mark.column + 1}: {reason}"


def load_file(path: str | Path) -> dict[str, Any]:
    """Read an exchange file, ``.json`` or ``.yaml``/``.yml``."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in {".json", ".yaml", ".yml"}:
        raise ImportErrors(
            [f"Unbekanntes Dateiformat „{suffix}“ – erwartet .yaml, .yml oder .json."]
        )
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ImportErrors(["Die Datei ist nicht in UTF-8 kodiert."]) from exc
    return loads(text, fmt="json" if suffix == ".json" else "yaml")


# --- validation -------------------------------------------------------------------------


def _path(parts: Any) -> str:
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out or "(Datei)"


TYPE_NAMES = {
    "string": "eine Zeichenkette",
    "integer": "eine ganze Zahl",
    "number": "eine Zahl",
    "boolean": "true oder false",
    "array": "eine Liste",
    "object": "eine Zuordnung (Schlüssel: Wert)",
    "null": "leer (null)",
}
PATTERN_REASONS = {
    r"^[a-z0-9][a-z0-9_-]{0,63}$": (
        "ungültiger Schlüssel „{value}“ – erlaubt sind Kleinbuchstaben, Ziffern, „-“ und „_“, "
        "höchstens 64 Zeichen, am Anfang ein Buchstabe oder eine Ziffer"
    ),
    r"^\d{4}-\d{2}-\d{2}$": "„{value}“ ist kein Datum im Format JJJJ-MM-TT",
    r"^(\d{2}|\d{5}|\d{8})$": "„{value}“ ist kein AGS – erwartet 2, 5 oder 8 Ziffern",
    r"^\d{1,12}(\.\d{1,2})?$": "„{value}“ ist kein Betrag – erwartet z. B. „10000.00“",
    r"^[^/\\]+$": "„{value}“ darf keinen Schrägstrich enthalten",
}


def _translate(error: SchemaError) -> list[str]:
    """German ``path: reason`` lines for one JSON Schema error."""
    path = _path(error.absolute_path)
    validator: Any = error.validator
    value: Any = error.validator_value
    instance: Any = error.instance
    subschema: Any = error.schema
    if validator == "required":
        match = re.match(r"'(.+)' is a required property", error.message)
        missing = [match.group(1)] if match else [p for p in value if p not in instance]
        return [f"{_path([*error.absolute_path, m])}: Pflichtfeld fehlt" for m in missing]
    if validator == "additionalProperties":
        known = list(subschema.get("properties", {}))
        return [
            f"{_path([*error.absolute_path, str(k)])}: unbekanntes Feld – erlaubt sind "
            + ", ".join(known)
            for k in instance
            if k not in known
        ]
    if validator == "type":
        types = [value] if isinstance(value, str) else list(value)
        if path == "body.ags" and isinstance(instance, int | float):
            return [
                f"{path}: muss eine Zeichenkette sein – in Anführungszeichen setzen, damit "
                "führende Nullen erhalten bleiben"
            ]
        expected = " oder ".join(TYPE_NAMES.get(t, t) for t in types)
        hint = ""
        if (
            "string" in types
            and isinstance(instance, int | float)
            and not isinstance(instance, bool)
        ):
            hint = " – in Anführungszeichen setzen"
        return [f"{path}: muss {expected} sein{hint}"]
    if validator == "enum":
        choices = ", ".join(f"„{v}“" for v in value)
        return [f"{path}: „{instance}“ ist nicht erlaubt – möglich sind {choices}"]
    if validator == "const":
        return [f"{path}: muss „{value}“ sein"]
    if validator == "pattern":
        template = PATTERN_REASONS.get(value, "„{value}“ hat nicht die erwartete Form")
        return [f"{path}: " + template.format(value=instance)]
    if validator == "minLength":
        return [f"{path}: darf nicht leer sein"]
    if validator == "maxLength":
        return [f"{path}: ist zu lang (höchstens {value} Zeichen)"]
    if validator == "minimum":
        return [f"{path}: muss mindestens {value} sein"]
    return [f"{path}: {error.message}"]


def _items(container: Any, name: str) -> Iterator[tuple[int, dict[str, Any]]]:
    """The dict entries of ``container[name]`` with their index; tolerant of bad structure."""
    if not isinstance(container, dict):
        return
    values = container.get(name)
    if not isinstance(values, list):
        return
    for index, value in enumerate(values):
        if isinstance(value, dict):
            yield index, value


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _parse_date(value: Any) -> datetime.date | None:
    if not isinstance(value, str):
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        return None


def parse_budget(value: Any) -> Decimal | None:
    """The budget as a Decimal (from int, float or string); ``None`` if absent or invalid."""
    if value is None or isinstance(value, bool):
        return None
    try:
        amount = Decimal(str(value)) if isinstance(value, int | float) else Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return None
    if not amount.is_finite():
        return None
    return amount


class _Checker:
    """Collects the semantic errors of an import."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        self.errors: list[str] = []
        self.body: Body | None = None
        self.concept: Concept | None = None
        self.predecessor: Edition | None = None

    def error(self, path: str, reason: str) -> None:
        self.errors.append(f"{path}: {reason}")

    def run(self) -> list[str]:
        self.check_body()
        self.check_edition()
        actor_keys = self.check_actors()
        for name in ("principles", "sections"):
            self.check_unique(((f"{name}[{i}]", item) for i, item in _items(self.data, name)), name)
        self.check_tree(actor_keys)
        return self.errors

    def check_body(self) -> None:
        body = self.data.get("body")
        if not isinstance(body, dict):
            return
        ags, name, kind = _str(body.get("ags")), _str(body.get("name")), _str(body.get("kind"))
        if ags is None:
            return
        expected_length = EXPECTED_AGS_LENGTH.get(kind) if kind in Body.Kind.values else None
        if expected_length is not None and len(ags) != expected_length:
            self.error(
                "body.ags",
                f"eine Körperschaft der Art „{kind}“ hat einen AGS aus {expected_length} Ziffern",
            )
        existing = Body.all_objects.filter(territory__ags=ags).select_related("territory").first()
        if existing is None:
            return
        if existing.is_deleted:
            self.error("body.ags", f"die Körperschaft mit dem AGS {ags} ist gelöscht")
            return
        if (name is not None and existing.name != name) or (
            kind is not None and existing.kind != kind
        ):
            self.error(
                "body",
                f"mit dem AGS {ags} gibt es schon „{existing.name}“ (Art „{existing.kind}“)"
                f" – Name und Art müssen übereinstimmen",
            )
            return
        self.body = existing
        self.concept = Concept.objects.filter(body=existing).first()
        title = (
            _str((self.data.get("concept") or {}).get("title"))
            if isinstance(self.data.get("concept"), dict)
            else None
        )
        if self.concept is not None and title is not None and self.concept.title != title:
            self.error(
                "concept.title",
                f"{existing.name} hat schon das Integrationskonzept „{self.concept.title}“ – "
                "der Titel muss übereinstimmen",
            )

    def check_edition(self) -> None:
        edition = self.data.get("edition")
        if not isinstance(edition, dict):
            return
        label = _str(edition.get("label"))
        status = edition.get("status") or Edition.Status.DRAFT
        body_name = self.body.name if self.body else ""
        if (
            label is not None
            and self.concept is not None
            and Edition.objects.filter(concept=self.concept, label=label).exists()
        ):
            self.error("edition.label", f"Ausgabe „{label}“ gibt es für {body_name} schon")
        if status == Edition.Status.IN_FORCE and self.concept is not None:
            in_force = Edition.objects.filter(
                concept=self.concept, status=Edition.Status.IN_FORCE
            ).first()
            if in_force is not None:
                self.error(
                    "edition.status", f"es gibt schon eine Ausgabe in Kraft („{in_force.label}“)"
                )
        dates: dict[str, datetime.date | None] = {}
        for name in ("valid_from", "review_due"):
            value = edition.get(name)
            if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
                dates[name] = _parse_date(value)
                if dates[name] is None:
                    self.error(f"edition.{name}", f"„{value}“ ist kein gültiges Datum")
        if status == Edition.Status.IN_FORCE and edition.get("valid_from") is None:
            self.error("edition.valid_from", "Pflichtfeld für eine Ausgabe in Kraft")
        valid_from, review_due = dates.get("valid_from"), dates.get("review_due")
        if valid_from and review_due and review_due < valid_from:
            self.error("edition.review_due", "liegt vor dem Inkrafttreten (valid_from)")
        predecessor = _str(edition.get("predecessor"))
        if predecessor is not None:
            if predecessor == label:
                self.error(
                    "edition.predecessor", "eine Ausgabe kann nicht ihre eigene Vorgängerin sein"
                )
            elif self.concept is not None:
                self.predecessor = Edition.objects.filter(
                    concept=self.concept, label=predecessor
                ).first()
            if self.predecessor is None and predecessor != label:
                self.error(
                    "edition.predecessor",
                    f"Vorgängerausgabe „{predecessor}“ gibt es nicht – zuerst importieren",
                )

    def check_unique(self, entries: Any, what: str) -> set[str]:
        seen: dict[str, str] = {}
        for path, item in entries:
            key = _str(item.get("key"))
            if key is None:
                continue
            if key in seen:
                self.error(
                    f"{path}.key", f"Schlüssel „{key}“ kommt mehrfach vor (zuerst in {seen[key]})"
                )
            else:
                seen[key] = path
        return set(seen)

    def check_actors(self) -> set[str]:
        entries = [(f"actors[{i}]", a) for i, a in _items(self.data, "actors")]
        keys = self.check_unique(entries, "actors")
        existing = {a.key: a for a in Actor.objects.filter(body=self.body)} if self.body else {}
        for path, item in entries:
            actor = existing.get(_str(item.get("key")) or "")
            if actor is None:
                continue
            wanted = (
                item.get("name"),
                item.get("kind"),
                item.get("category") or Actor.Category.OTHER,
            )
            if (actor.name, actor.kind, actor.category) != wanted:
                self.error(
                    path,
                    f"Akteur „{actor.key}“ gibt es schon als „{actor.name}“ ({actor.kind}, "
                    f"{actor.category}) – Name, Art und Kategorie müssen übereinstimmen",
                )
        return keys | set(existing)

    def check_tree(self, actor_keys: set[str]) -> None:
        fields = list(_items(self.data, "fields_of_action"))
        field_keys = self.check_unique(((f"fields_of_action[{i}]", f) for i, f in fields), "fields")
        by_kind: dict[str, list[tuple[str, dict[str, Any]]]] = {}
        for i, field in fields:
            for kind in ("goals", "objectives", "measures"):
                by_kind.setdefault(kind, []).extend(
                    (f"fields_of_action[{i}].{kind}[{j}]", item) for j, item in _items(field, kind)
                )
        goal_keys = self.check_unique(by_kind.get("goals", []), "goals")
        objective_keys = self.check_unique(by_kind.get("objectives", []), "objectives")
        self.check_unique(by_kind.get("measures", []), "measures")

        def check_refs(
            path: str, item: dict[str, Any], name: str, known: set[str], what: str
        ) -> None:
            values = item.get(name)
            if not isinstance(values, list):
                return
            for k, value in enumerate(values):
                if isinstance(value, str) and value not in known:
                    self.error(f"{path}.{name}[{k}]", f"unbekannte{what} „{value}“")

        for path, objective in by_kind.get("objectives", []):
            check_refs(path, objective, "goals", goal_keys, "s Ziel")
        predecessor_keys = (
            set(Measure.objects.filter(edition=self.predecessor).values_list("key", flat=True))
            if self.predecessor
            else set()
        )
        has_predecessor = (
            _str((self.data.get("edition") or {}).get("predecessor")) is not None
            if isinstance(self.data.get("edition"), dict)
            else False
        )
        continued: dict[str, str] = {}
        for path, measure in by_kind.get("measures", []):
            check_refs(path, measure, "objectives", objective_keys, "s Teilziel")
            check_refs(path, measure, "partner_actors", actor_keys, "r Akteur")
            lead = measure.get("lead_actor")
            if isinstance(lead, str) and lead not in actor_keys:
                self.error(f"{path}.lead_actor", f"unbekannter Akteur „{lead}“")
            start, end = _parse_date(measure.get("start")), _parse_date(measure.get("end"))
            for name in ("start", "end"):
                value = measure.get(name)
                if (
                    isinstance(value, str)
                    and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value)
                    and not _parse_date(value)
                ):
                    self.error(f"{path}.{name}", f"„{value}“ ist kein gültiges Datum")
            if start and end and end < start:
                self.error(f"{path}.end", "das Ende liegt vor dem Beginn")
            budget = measure.get("planned_budget")
            if isinstance(budget, float) and (
                parse_budget(budget) is None or budget != round(budget, 2)
            ):
                self.error(
                    f"{path}.planned_budget",
                    f"„{budget}“ ist kein Betrag mit höchstens zwei Nachkommastellen",
                )
            if (
                isinstance(budget, int | float)
                and not isinstance(budget, bool)
                and abs(budget) >= 10**12
            ):
                self.error(f"{path}.planned_budget", "ist zu groß")
            for k, link in _items(measure, "lineage"):
                source = _str(link.get("from"))
                if source is None:
                    continue
                if not has_predecessor:
                    self.error(
                        f"{path}.lineage[{k}].from",
                        "die Ausgabe hat keine Vorgängerausgabe (edition.predecessor)",
                    )
                elif self.predecessor is not None and source not in predecessor_keys:
                    self.error(
                        f"{path}.lineage[{k}].from",
                        f"Maßnahme „{source}“ gibt es in der Vorgängerausgabe „{self.predecessor.label}“ nicht",
                    )
                continued.setdefault(source, f"{path}.lineage[{k}]")
        for i, dropped in _items(self.data, "dropped"):
            source = _str(dropped.get("key"))
            if source is None:
                continue
            if not has_predecessor:
                self.error(
                    f"dropped[{i}].key",
                    "die Ausgabe hat keine Vorgängerausgabe (edition.predecessor)",
                )
            elif self.predecessor is not None and source not in predecessor_keys:
                self.error(
                    f"dropped[{i}].key",
                    f"Maßnahme „{source}“ gibt es in der Vorgängerausgabe „{self.predecessor.label}“ nicht",
                )
            if source in continued:
                self.error(
                    f"dropped[{i}].key",
                    f"Maßnahme „{source}“ ist auch in {continued[source]} als fortgeführt angegeben",
                )
        for i, focus in _items(self.data, "focus"):
            field_key = focus.get("field_of_action")
            if isinstance(field_key, str) and field_key not in field_keys:
                self.error(
                    f"focus[{i}].field_of_action", f"unbekanntes Handlungsfeld „{field_key}“"
                )


def validate(data: Any) -> list[str]:
    """Every error of ``data`` as ``path: reason`` (empty if it can be imported)."""
    if not isinstance(data, dict):
        return ["(Datei): muss eine Zuordnung (Schlüssel: Wert) sein"]
    errors: list[str] = []
    for error in Draft202012Validator(schema()).iter_errors(data):
        errors.extend(_translate(error))
    for message in _Checker(data).run():
        if message not in errors:
            errors.append(message)
    return errors


# --- import -----------------------------------------------------------------------------


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
                key = services._new_actor_key(body)
        actor = services.actor_create(
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
                services.lineage_create(
                    user=user,
                    edition=edition,
                    predecessor=predecessor_measures[link["from"]],
                    successor=measure,
                    kind=link["kind"],
                    reason=link.get("reason") or "",
                    agent=agent,
                )
    for item in data.get("dropped") or []:
        services.lineage_create(
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
