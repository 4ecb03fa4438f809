"""Reading and writing exchange files as YAML and JSON, deterministically."""

import datetime
import json
import re
from pathlib import Path
from typing import Any

import yaml

from .common import ImportErrors


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
