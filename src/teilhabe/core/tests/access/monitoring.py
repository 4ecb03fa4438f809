"""Monitoring: the indicator catalogue, indicators of bodies, observations, imports, targets.

The world: the shared catalogue; district A owns an indicator it does not share (marker
name, a value with a marker source, a target on it) and one it shares.

The rules (``teilhabe/monitoring/selectors.py``): the catalogue, shared indicators and their
values are public (also through another body's slug); an indicator a body does not share is
404 for everybody but the body's members (and only through its own slug); imports, new
indicators and targets are for the coordinators of the body in the URL; editing an indicator
or entering a value only for the owning body's coordinators (404 for catalogue entries and
other bodies' indicators).

Targets: the bodies A, B and the Land; for the indicator pages the catalogue entry through A
and the Land, A's unshared and shared indicators through A's and through B's slug.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.urls import reverse

from teilhabe.monitoring import services
from teilhabe.monitoring.models import Indicator

from .walker import Pattern, Request, Target, WalkWorld, check_args, member_page, role_in

#: Name of A's indicator it does not share, and the source of its value.
HIDDEN_A = "INDIKATOR-GEHEIM-ALPHA"
CATALOGUE_CODE = "population_31_12"

# --- access classes -------------------------------------------------------------------------

#: Anybody may read: the overview, the catalogue, the comparison, the portal's monitoring page
#: (GET only; the portal page never shows an unshared indicator, not even to members: see
#: ``portal/tests/test_monitoring_page.py``).
PUBLIC = {
    "monitoring:index",
    "monitoring:indicator_list",
    "monitoring:compare",
    "portal:monitoring",
}
#: Anybody may read a catalogue or shared indicator; an unshared one only the owner's members.
PUBLIC_INDICATOR = {"monitoring:indicator_detail", "monitoring:indicator_csv"}
#: Coordinators of the body in the URL.
COORDINATOR = {
    "monitoring:stats_upload",
    "monitoring:indicator_create",
    "monitoring:target_create",
}
#: Coordinators of the body in the URL, POST only: the import with progress (a stream).
COORDINATOR_POST = {"monitoring:stats_import_run"}
#: Coordinators of the body that owns the indicator (through its own slug).
OWN_INDICATOR = {"monitoring:indicator_edit", "monitoring:observation_create"}
CLASSES = {
    "PUBLIC": PUBLIC,
    "PUBLIC_INDICATOR": PUBLIC_INDICATOR,
    "COORDINATOR": COORDINATOR,
    "COORDINATOR_POST": COORDINATOR_POST,
    "OWN_INDICATOR": OWN_INDICATOR,
}
WRITE_VIEWS = COORDINATOR | COORDINATOR_POST | OWN_INDICATOR

FILLERS = {"body", "code"}

BODY_TARGETS = (Target("A", "a", "a"), Target("B", "b", "b"), Target("Land", "land", "land"))
CODE_TARGETS = (
    Target("catalogue via A", "a", "a", variant="catalogue"),
    Target("catalogue via Land", "land", "land", variant="catalogue"),
    Target("A's unshared", "a", "a", hidden=True),
    Target("A's unshared via B's slug", "b", "a", hidden=True),
    Target("A's shared", "a", "a", variant="shared"),
    Target("A's shared via B's slug", "b", "a", variant="shared"),
)


@dataclass
class MonitoringWalk:
    hidden: Indicator
    shared: Indicator


def build(walk: WalkWorld) -> MonitoringWalk:
    world = walk.world
    services.catalogue_ensure()
    a, coordinator = world.a.body, world.users["coordinator_a"]
    hidden = services.indicator_create(
        user=coordinator,
        body=a,
        code="walk_hidden",
        data={"name_de": HIDDEN_A, "unit": "persons", "kind": "output", "shared": False},
    )
    shared = services.indicator_create(
        user=coordinator,
        body=a,
        code="walk_shared",
        data={"name_de": "Geteilter Indikator Alpha", "unit": "persons", "kind": "output"},
    )
    services.observation_record(
        user=coordinator,
        indicator=hidden,
        territory=a.territory,
        period=datetime.date(2024, 12, 31),
        value=Decimal(5),
        source=f"{HIDDEN_A}-QUELLE",
    )
    services.target_create(
        user=coordinator,
        body=a,
        indicator=hidden,
        territory=a.territory,
        goal=world.a.items["goal"],
        target_value=Decimal(10),
        due=datetime.date(2027, 12, 31),
    )
    return MonitoringWalk(hidden=hidden, shared=shared)


def forbidden_markers(role: str) -> list[str]:
    return [] if role_in(role, "a") is not None else [HIDDEN_A]


def code_of(walk: WalkWorld, target: Target) -> str:
    if target.variant == "catalogue":
        return CATALOGUE_CODE
    data: MonitoringWalk = walk.monitoring
    return data.hidden.code if target.hidden else data.shared.code


def requests(pattern: Pattern, walk: WalkWorld) -> list[Request]:
    check_args(pattern, FILLERS, "monitoring")
    targets = CODE_TARGETS if "code" in pattern.args else BODY_TARGETS
    result = []
    for target in targets:
        kwargs: dict[str, Any] = {"body": walk.body(target.slug_of).slug}
        if "code" in pattern.args:
            kwargs["code"] = code_of(walk, target)
        result.append(
            Request(
                pattern, reverse(pattern.name, kwargs=kwargs), target, tuple(sorted(kwargs.items()))
            )
        )
    return result


def expected_status(role: str, request: Request, method: str) -> int | set[int]:
    name, target = request.pattern.name, request.target
    assert target is not None
    if name in PUBLIC:
        return 405 if method == "POST" else 200
    if name in PUBLIC_INDICATOR:
        if method != "GET":
            return 405
        if target.hidden:
            return 200 if target.slug_of == "a" and role_in(role, "a") is not None else 404
        return 200
    if name in COORDINATOR:
        return member_page(role, request, method, methods="GET POST", coordinator_only=True)
    if name in COORDINATOR_POST:
        return member_page(role, request, method, methods="POST", coordinator_only=True)
    # OWN_INDICATOR: found only through the owning body's slug, never for the catalogue
    own = target.variant != "catalogue" and target.slug_of == target.objects_of
    return member_page(
        role, request, method, methods="GET POST", coordinator_only=True, object_found=own
    )
