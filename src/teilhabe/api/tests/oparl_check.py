"""Validation of OParl output: the OParl 1.1 schemas made checkable, and a crawler.

The schemas in ``oparl_schema/`` are the spec's documentation schemas (see its SOURCE.md).
The adapter (as ``docs/oparl.md`` describes): the custom ``schema`` keyword becomes ``$ref`` so
embedded objects are checked; ``created`` and ``modified`` join every ``required``; Body gets
its mandatory list links; ``format: url`` becomes ``uri`` (checked as an https URL); patterns run
with Python's ``re`` (which is what ``jsonschema`` uses).
"""

import json
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from django.test import Client
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

SCHEMA_DIR = Path(__file__).with_name("oparl_schema")
BASE = "https://testserver/oparl/v1/"
BODY_LINKS = [
    "agendaItem",
    "consultation",
    "file",
    "membership",
    "locationList",
    "legislativeTermList",
]
#: Back-references, left out when embedded and added when fetched on their own.
BACK_REFERENCES = {
    "LegislativeTerm": {"body"},
    "Membership": {"person"},
    "AgendaItem": {"meeting"},
    "Consultation": {"paper"},
    "File": {"paper", "meeting", "agendaItem"},
    "Location": {"bodies", "organizations", "persons", "meetings", "papers"},
}
#: Properties that hold embedded objects, by type.
EMBEDDED = {
    "Body": ["legislativeTerm", "location"],
    "Person": ["membership", "locationObject"],
    "Meeting": [
        "agendaItem",
        "location",
        "invitation",
        "resultsProtocol",
        "verbatimProtocol",
        "auxiliaryFile",
    ],
    "AgendaItem": ["resolutionFile", "auxiliaryFile"],
    "Paper": ["consultation", "mainFile", "auxiliaryFile", "location"],
    "Organization": ["location"],
}
DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

checker = FormatChecker(formats=())


@checker.checks("uri")
def _is_uri(value: object) -> bool:
    return not isinstance(value, str) or value.startswith("https://")


@checker.checks("date-time")
def _is_date_time(value: object) -> bool:
    return not isinstance(value, str) or bool(DATE_TIME.match(value))


@checker.checks("date")
def _is_date(value: object) -> bool:
    return not isinstance(value, str) or bool(DATE.match(value))


def _adapt(node: Any) -> Any:
    if isinstance(node, dict):
        if "schema" in node:
            return {"$ref": node["schema"]}
        result = {k: _adapt(v) for k, v in node.items()}
        if result.get("format") == "url":
            result["format"] = "uri"
        return result
    if isinstance(node, list):
        return [_adapt(v) for v in node]
    return node


@cache
def schemas(omit_internal: bool = False) -> dict[str, dict[str, Any]]:
    result = {}
    for path in sorted(SCHEMA_DIR.glob("*.json")):
        schema = _adapt(json.loads(path.read_text(encoding="utf-8")))
        schema["required"] = [*schema["required"], "created", "modified"]
        if path.stem == "Body":
            schema["required"] += BODY_LINKS
            if omit_internal:
                schema["required"].remove("legislativeTerm")
        result[path.name] = schema
    return result


@cache
def validators(omit_internal: bool = False) -> dict[str, Draft202012Validator]:
    all_schemas = schemas(omit_internal)
    registry: Registry = Registry().with_resources(
        (name, Resource.from_contents(schema, default_specification=DRAFT202012))
        for name, schema in all_schemas.items()
    )
    return {
        name.removesuffix(".json"): Draft202012Validator(
            schema, registry=registry, format_checker=checker
        )
        for name, schema in all_schemas.items()
    }


def type_name(obj: dict[str, Any]) -> str:
    return str(obj["type"]).rsplit("/", 1)[-1]


def validate(obj: dict[str, Any], *, omit_internal: bool = False) -> None:
    """Raise if ``obj`` (a full object or a tombstone) breaks its schema."""
    name = type_name(obj)
    if obj.get("deleted"):
        assert set(obj) == {"id", "type", "created", "modified", "deleted"}, obj
        assert obj["deleted"] is True
        assert DATE_TIME.match(obj["created"]) and DATE_TIME.match(obj["modified"]), obj
        schema: dict[str, Any] = schemas()[f"{name}.json"]
        assert re.match(schema["properties"]["type"]["pattern"], obj["type"])
        return
    errors = sorted(validators(omit_internal)[name].iter_errors(obj), key=str)
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors)


def empty_values(obj: Any, path: str = "") -> Iterator[str]:
    """Paths of ``null``, ``""``, ``[]``, ``{}`` values (Body.legislativeTerm may be ``[]``)."""
    if isinstance(obj, dict):
        for key, value in obj.items():
            here = f"{path}.{key}"
            if value in (None, "", [], {}) and not (
                key == "legislativeTerm" and obj.get("type", "").endswith("/Body")
            ):
                yield here
            yield from empty_values(value, here)
    elif isinstance(obj, list):
        for index, value in enumerate(obj):
            yield from empty_values(value, f"{path}[{index}]")
    elif isinstance(obj, str) and not obj.strip() and obj != "":
        yield f"{path} (whitespace)"


def embedded_objects(obj: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for key in EMBEDDED.get(type_name(obj), []):
        value = obj.get(key)
        for item in value if isinstance(value, list) else [value] if value else []:
            yield item
            yield from embedded_objects(item)


def urls_in(obj: Any) -> Iterator[str]:
    """Every API URL a JSON value mentions (file contents excluded)."""
    if isinstance(obj, dict):
        for key, value in obj.items():
            if key in ("accessUrl", "downloadUrl", "links"):
                continue
            yield from urls_in(value)
    elif isinstance(obj, list):
        for value in obj:
            yield from urls_in(value)
    elif isinstance(obj, str) and obj.startswith(BASE):
        yield obj


def path_of(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


class Crawler:
    """Walks System → Body → every list via ``links.next`` → every referenced id."""

    def __init__(self, client: Client, *, query: str = "") -> None:
        self.client = client
        self.query = query
        self.responses: dict[str, Any] = {}
        #: object id → the object as fetched on its own
        self.objects: dict[str, dict[str, Any]] = {}
        #: ids listed in external lists
        self.listed: set[str] = set()
        self.list_pages = 0
        self.files: set[str] = set()

    def get(self, url: str) -> Any:
        if url in self.responses:
            return self.responses[url]
        response = self.client.get(path_of(url), secure=True)
        assert response["Access-Control-Allow-Origin"] == "*", url
        assert response.status_code == 200, (url, response.status_code, response.content[:500])
        assert response["Content-Type"] == "application/json; charset=utf-8", url
        assert not response.content.startswith(b"\xef\xbb\xbf"), url
        assert "Set-Cookie" not in response and not response.cookies, url
        data = json.loads(response.content.decode("utf-8"))
        self.responses[url] = data
        return data

    def walk_list(self, url: str) -> list[dict[str, Any]]:
        """All objects of an external list, page by page; checks links and termination."""
        expected = parse_qs(self.query)
        items: list[dict[str, Any]] = []
        seen_pages: set[str] = set()
        while url:
            assert url not in seen_pages, f"paging loops at {url}"
            assert len(seen_pages) < 100, "paging does not terminate"
            seen_pages.add(url)
            page = self.get(url)
            self.list_pages += 1
            assert set(page) == {"data", "pagination", "links"}, url
            omit = "omit_internal" in expected
            for obj in page["data"]:
                validate(obj, omit_internal=omit)
                self.listed.add(obj["id"])
            items += page["data"]
            links = page["links"]
            for name, link in links.items():
                params = parse_qs(urlsplit(link).query)
                for key, values in expected.items():
                    assert params.get(key) == values, (name, link, key)
            assert links["self"] == url, (links["self"], url)
            pagination = page["pagination"]
            if pagination["currentPage"] < pagination["totalPages"]:
                assert "next" in links, url
            else:
                assert "next" not in links, url
            url = links.get("next", "")
        if items:
            assert pagination["totalElements"] == len(items), url
        return items

    def fetch_object(self, url: str) -> dict[str, Any]:
        obj = self.get(url)
        assert obj["id"] == url, (obj["id"], url)
        validate(obj)
        assert not list(empty_values(obj)), (url, list(empty_values(obj)))
        for key in ("accessUrl", "downloadUrl"):
            if key in obj:
                self.files.add(obj[key])
        self.objects[url] = obj
        return obj

    def check_embedded(self, parent: dict[str, Any]) -> None:
        for child in embedded_objects(parent):
            alone = self.fetch_object(child["id"])
            back = BACK_REFERENCES.get(type_name(child), set())
            assert not (set(child) & back), (child["id"], set(child) & back)
            assert {k: v for k, v in alone.items() if k not in back} == child, child["id"]

    def crawl(self) -> None:
        system = self.fetch_object(BASE)
        pending = list(self.walk_list(system["body"] + self._q()))
        lists_done: set[str] = set()
        while pending:
            obj = pending.pop()
            if obj.get("deleted"):
                alone = self.get(obj["id"])
                assert alone == obj, obj["id"]
                self.objects[obj["id"]] = alone
                continue
            if obj["id"] not in self.objects:
                alone = self.fetch_object(obj["id"])
                assert alone == obj or "omit_internal" in self.query, obj["id"]
            self.check_embedded(self.objects[obj["id"]])
            for url in urls_in(self.objects[obj["id"]]):
                if self._is_list(url):
                    if url not in lists_done:
                        lists_done.add(url)
                        pending += self.walk_list(url + self._q())
                elif url not in self.objects:
                    pending.append(self.fetch_object(url))

    def _q(self) -> str:
        return f"?{self.query}" if self.query else ""

    @staticmethod
    def _is_list(url: str) -> bool:
        path = url.removeprefix(BASE)
        return path == "body" or path.count("/") == 2
