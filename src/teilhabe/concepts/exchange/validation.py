"""Validation of exchange data: structure by the JSON Schema, meaning in Python."""

import datetime
import re
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError as SchemaError

from teilhabe.core.models import Body
from teilhabe.core.services import EXPECTED_AGS_LENGTH

from ..models import (
    Actor,
    Concept,
    Edition,
    Measure,
)
from .common import schema


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
