"""The query parameters of OParl external lists (spec 2.5), parsed strictly.

``created_since``, ``created_until``, ``modified_since`` and ``modified_until`` take full
date-times with an offset (``2024-11-28T00:00:00+01:00``, ``…Z`` accepted, fractional seconds
accepted). A ``+`` that arrived un-encoded (and so became a space) is read as ``+``. A malformed
value is an error (HTTP 400). ``limit`` is a hint: a malformed one is ignored, a large one is
capped. ``page`` counts from 1. ``omit_internal=true`` leaves out the internal lists.
"""

import datetime
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urlencode

DATE_FILTERS = ("created_since", "created_until", "modified_since", "modified_until")
DEFAULT_LIMIT = 100
MAX_LIMIT = 500

_DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})$")


class FilterError(ValueError):
    """A query parameter the server cannot read; ``message`` is German, for the user."""

    def __init__(self, message: str, debug: str) -> None:
        super().__init__(message)
        self.message = message
        self.debug = debug


def parse_date_time(name: str, raw: str) -> datetime.datetime:
    value = raw.strip()
    # ``+01:00`` sent without URL encoding arrives as `` 01:00``.
    value = re.sub(r" (\d{2}:\d{2})$", r"+\1", value)
    if not _DATE_TIME.match(value):
        raise FilterError(
            f"Der Filter „{name}“ erwartet einen Zeitpunkt mit Zeitzone, "
            f"z. B. 2024-11-28T00:00:00+01:00.",
            f"{name}={raw!r} is not an RFC 3339 date-time with offset",
        )
    try:
        return datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as exc:
        raise FilterError(
            f"Der Filter „{name}“ enthält kein gültiges Datum.",
            f"{name}={raw!r}: {exc}",
        ) from exc


@dataclass
class ListParams:
    #: parsed date filters by name
    dates: dict[str, datetime.datetime] = field(default_factory=dict)
    #: the date filters as the client sent them, to be repeated in every link
    raw_dates: dict[str, str] = field(default_factory=dict)
    limit: int = DEFAULT_LIMIT
    limit_given: bool = False
    page: int = 1
    omit_internal: bool = False

    @property
    def tombstones(self) -> bool:
        """Deleted objects appear only when ``modified_since`` is set (spec 2.8)."""
        return "modified_since" in self.dates

    def query(self, page: int) -> str:
        """The canonical query string for ``page``: parameters in a fixed order, page 1 bare."""
        items: list[tuple[str, str]] = [
            (name, self.raw_dates[name]) for name in DATE_FILTERS if name in self.raw_dates
        ]
        if self.limit_given:
            items.append(("limit", str(self.limit)))
        if self.omit_internal:
            items.append(("omit_internal", "true"))
        if page != 1:
            items.append(("page", str(page)))
        return urlencode(items)


def parse_list_params(query: Mapping[str, str]) -> ListParams:
    params = ListParams()
    for name in DATE_FILTERS:
        raw = query.get(name)
        if raw is None:
            continue
        params.dates[name] = parse_date_time(name, raw)
        params.raw_dates[name] = raw
    raw_limit = query.get("limit")
    if raw_limit is not None and raw_limit.strip().isdigit() and int(raw_limit) > 0:
        params.limit = min(int(raw_limit), MAX_LIMIT)
        params.limit_given = True
    raw_page = query.get("page")
    if raw_page is not None:
        if not raw_page.isdigit() or int(raw_page) < 1:
            raise FilterError(
                "Die Seitenangabe „page“ muss eine positive ganze Zahl sein.",
                f"page={raw_page!r}",
            )
        params.page = int(raw_page)
    params.omit_internal = query.get("omit_internal", "").lower() == "true"
    return params


def date_lookups(params: ListParams) -> dict[str, datetime.datetime]:
    """ORM lookups for the date filters (``modified`` is the OParl ``modified``).

    Output is in whole seconds, so an ``…_until`` without fractional seconds covers its whole
    second: ``modified_until`` = an object's shown ``modified`` includes that object.
    """
    fields = {
        "created_since": "created__gte",
        "created_until": "created__lte",
        "modified_since": "oparl_modified__gte",
        "modified_until": "oparl_modified__lte",
    }
    lookups = {}
    for name, value in params.dates.items():
        lookup = fields[name]
        if lookup.endswith("__lte") and value.microsecond == 0:
            lookup, value = lookup[:-5] + "__lt", value + datetime.timedelta(seconds=1)
        lookups[lookup] = value
    return lookups
