"""Reception: keys, distribution periods with quotas, assignments.

The world: the Land body Niedersachsen above both districts, with the state office (its
coordinator); a population key of the two districts; a published period of the Land with
an assignment per district (notes with markers); a draft period of the Land (marker name);
a key of two Gemeinden of A and A's own draft period over them, passing on A's quota.

The rules (``teilhabe/reception/selectors.py``): keys and published periods with their
quotas are public; a draft period is readable by the members of the issuing body and of the
Land body above it (404 for everybody else); assignments are internal: the issuing body and
the state office see every territory, a district's members their own district only; the
issuing body's coordinators manage a period, a district's coordinators record assignments
for their own territory.

Targets: the Land's published and draft periods, A's draft period, and the Land's published
period through A's slug.
"""

import datetime
from dataclasses import dataclass, replace
from typing import Any

from django.urls import reverse

from teilhabe.core.models import Body, Role
from teilhabe.core.services import body_create, membership_create, user_create
from teilhabe.reception import assignments, services
from teilhabe.reception.models import AllocationKey, DistributionPeriod

from .walker import (
    WRITE,
    Pattern,
    Request,
    Target,
    WalkWorld,
    check_args,
    member_page,
    public_page,
    role_in,
)

#: Notes of the assignments of A and B: internal to the district and the state office.
ASSIGNMENT_A = "ZUWEISUNG-GEHEIM-ALPHA"
ASSIGNMENT_B = "ZUWEISUNG-GEHEIM-BETA"
#: Names of the draft periods of the Land and of A.
DRAFT_LAND = "VERTEILUNG-ENTWURF-LAND"
DRAFT_A = "VERTEILUNG-ENTWURF-ALPHA"

# --- access classes -------------------------------------------------------------------------

#: Anybody may read: a body's overview, the keys (published figures).
PUBLIC = {"reception:index", "reception:key_list", "reception:key_detail"}
#: Anybody may read a published period and its quotas; a draft period is 404 except for the
#: members of the issuing body and of the Land body above it.
PUBLIC_PERIOD = {"reception:period_detail", "reception:quota_detail"}
#: Coordinators of the body in the URL (a district imports only populations within it).
COORDINATOR = {"reception:population_import", "reception:period_create"}
#: Königsteiner keys are reference data for everybody: only a state office computes one.
STATE_OFFICE = {"reception:key_compute"}
#: Coordinators of the issuing body; others who can read the period 403, the rest 404.
#: (Changing a credit of a published period is refused by the service, on the page.)
MANAGE = {"reception:credit_add", "reception:credit_edit", "reception:credit_delete"}
MANAGE_POST_ONLY = {"reception:period_allocate", "reception:period_publish"}
#: Signed-in readers of the period with a territory of their own in it (GET only).
ASSIGNMENT_READ = {"reception:assignment_list"}
#: Coordinators of the issuing body, or of a district with a quota in the period.
ASSIGNMENT_WRITE = {"reception:assignment_create", "reception:assignment_import"}
#: Correct or delete one assignment: coordinators of the issuing body (every assignment) or
#: of the district it was made to; others with a territory to record for 404, the rest 403.
ASSIGNMENT_EDIT = {"reception:assignment_edit", "reception:assignment_delete"}
CLASSES = {
    "PUBLIC": PUBLIC,
    "PUBLIC_PERIOD": PUBLIC_PERIOD,
    "COORDINATOR": COORDINATOR,
    "STATE_OFFICE": STATE_OFFICE,
    "MANAGE": MANAGE,
    "MANAGE_POST_ONLY": MANAGE_POST_ONLY,
    "ASSIGNMENT_READ": ASSIGNMENT_READ,
    "ASSIGNMENT_WRITE": ASSIGNMENT_WRITE,
    "ASSIGNMENT_EDIT": ASSIGNMENT_EDIT,
}
WRITE_VIEWS = (
    COORDINATOR | STATE_OFFICE | MANAGE | MANAGE_POST_ONLY | ASSIGNMENT_WRITE | ASSIGNMENT_EDIT
)

FILLERS = {"body", "key", "period", "ags", "credit", "assignment"}

BODY_TARGETS = (Target("Land", "land", "land"), Target("A", "a", "a"), Target("B", "b", "b"))
KEY_TARGETS = BODY_TARGETS[:2]
PERIOD_TARGETS = (
    Target("Land published", "land", "land"),
    Target("Land draft", "land", "land", hidden=True),
    Target("A draft", "a", "a", hidden=True),
    Target("Land published via A's slug", "a", "land"),
)


@dataclass
class ReceptionWalk:
    land: Body
    key: AllocationKey
    #: (issuing body, hidden) → period
    periods: dict[tuple[str, bool], DistributionPeriod]


def population_csv(*rows: tuple[str, str, int]) -> str:
    lines = ["ags;name;population;stand"]
    lines += [f"{ags};{name};{population};31.12.2023" for ags, name, population in rows]
    return "\r\n".join(lines) + "\r\n"


def build(walk: WalkWorld) -> ReceptionWalk:
    world = walk.world
    land = body_create(user=None, name="Niedersachsen", kind=Body.Kind.LAND, ags="03")
    state = user_create(acting_user=None, username="state_office", password="pw-state-123")
    membership_create(acting_user=None, user=state, body=land, role=Role.COORDINATOR)
    world.users["state_office"] = state
    a, b = world.a.body, world.b.body
    key = services.population_import(
        user=state,
        content=population_csv((a.ags, a.name, 100000), (b.ags, b.name, 50000)),
        source="Testdaten",
    )
    published = services.period_create(
        user=state,
        body=land,
        name="Verteilzeitraum 10/2024",
        start=datetime.date(2024, 10, 1),
        end=datetime.date(2025, 3, 31),
        total=300,
        key=key,
    )
    services.credit_add(
        user=state, period=published, territory=a.territory, kind="other", persons=2
    )
    services.quota_allocate(user=state, period=published)
    for body, marker in ((a, ASSIGNMENT_A), (b, ASSIGNMENT_B)):
        assignments.assignment_record(
            user=state,
            period=published,
            territory=body.territory,
            date=datetime.date(2024, 11, 4),
            persons=7,
            note=marker,
        )
    services.period_publish(user=state, period=published)
    land_draft = services.period_create(
        user=state,
        body=land,
        name=DRAFT_LAND,
        start=datetime.date(2025, 4, 1),
        end=datetime.date(2025, 9, 30),
        total=200,
        key=key,
        previous=published,
    )
    services.credit_add(
        user=state, period=land_draft, territory=b.territory, kind="other", persons=1
    )
    services.quota_allocate(user=state, period=land_draft)
    assignments.assignment_record(
        user=state,
        period=land_draft,
        territory=a.territory,
        date=datetime.date(2025, 4, 7),
        persons=3,
    )
    coordinator_a = world.users["coordinator_a"]
    gemeinden = services.population_import(
        user=coordinator_a,
        content=population_csv(
            (f"{a.ags}001", "Gemeinde Alpha-Nord", 60000),
            (f"{a.ags}002", "Gemeinde Alpha-Süd", 40000),
        ),
        source="Testdaten",
    )
    a_draft = services.period_create(
        user=coordinator_a,
        body=a,
        name=DRAFT_A,
        start=datetime.date(2024, 10, 1),
        end=datetime.date(2025, 3, 31),
        total=published.quotas.get(territory=a.territory).quota,
        key=gemeinden,
        source_quota=published.quotas.get(territory=a.territory),
    )
    nord = a_draft.key.shares.order_by("territory__ags").first().territory
    services.credit_add(user=coordinator_a, period=a_draft, territory=nord, kind="uma", persons=-1)
    services.quota_allocate(user=coordinator_a, period=a_draft)
    assignments.assignment_record(
        user=coordinator_a,
        period=a_draft,
        territory=nord,
        date=datetime.date(2024, 10, 14),
        persons=2,
    )
    return ReceptionWalk(
        land=land,
        key=key,
        periods={("land", False): published, ("land", True): land_draft, ("a", True): a_draft},
    )


def internal(role: str, issuing: str) -> bool:
    """Members of the issuing body, and of the Land body above a district."""
    return role_in(role, issuing) is not None or (
        issuing != "land" and role_in(role, "land") is not None
    )


def forbidden_markers(role: str) -> list[str]:
    forbidden = []
    if not internal(role, "a"):
        forbidden += [ASSIGNMENT_A, DRAFT_A]
    if not internal(role, "b"):
        forbidden.append(ASSIGNMENT_B)
    if not internal(role, "land"):
        forbidden.append(DRAFT_LAND)
    return forbidden


def fill(pattern: Pattern, walk: WalkWorld, target: Target) -> list[dict[str, Any]]:
    check_args(pattern, FILLERS, "reception")
    kwargs: dict[str, Any] = {"body": walk.body(target.slug_of).slug}
    if "key" in pattern.args:
        kwargs["key"] = walk.reception.key.slug
    if "period" not in pattern.args:
        return [kwargs]
    period = walk.reception.periods[(target.objects_of, target.hidden)]
    kwargs["period"] = period.public_id
    if "credit" in pattern.args:
        credit = period.credits.order_by("territory__ags").first()
        return [kwargs | {"credit": credit.public_id}]
    if "assignment" in pattern.args:
        found = period.assignments.order_by("territory__ags")
        if target.variant:
            found = found.filter(territory__ags=owner_ags(walk, target.variant))
        return [kwargs | {"assignment": a.public_id} for a in found[:1]]
    if "ags" not in pattern.args:
        return [kwargs]
    ags = list(period.quotas.order_by("territory__ags").values_list("territory__ags", flat=True))
    if target.slug_of != target.objects_of:
        ags = ags[:1]
    return [kwargs | {"ags": code} for code in ags]


def owner_ags(walk: WalkWorld, owner: str) -> str:
    """The AGS of an assignment's owner: district "a" or "b", or a Gemeinde of A ("gemeinde")."""
    return {"a": walk.world.a.body.ags, "b": walk.world.b.body.ags}.get(
        owner, f"{walk.world.a.body.ags}001"
    )


#: For the assignment pages: the owners of the assignments of each period (``Target.variant``).
ASSIGNMENT_OWNERS = {
    ("land", False): ("a", "b"),
    ("land", True): ("a",),
    ("a", True): ("gemeinde",),
}


def requests(pattern: Pattern, walk: WalkWorld) -> list[Request]:
    targets: tuple[Target, ...]
    if "assignment" in pattern.args:
        targets = tuple(
            replace(t, variant=owner)
            for t in PERIOD_TARGETS
            for owner in ASSIGNMENT_OWNERS[(t.objects_of, t.hidden)]
        )
    elif "period" in pattern.args:
        targets = PERIOD_TARGETS
    elif "key" in pattern.args:
        targets = KEY_TARGETS
    else:
        targets = BODY_TARGETS
    return [
        Request(
            pattern, reverse(pattern.name, kwargs=kwargs), target, tuple(sorted(kwargs.items()))
        )
        for target in targets
        for kwargs in fill(pattern, walk, target)
    ]


def period_page(role: str, request: Request, method: str, methods: str) -> int | None:
    """Login, method and reading the period (404); ``None`` where the view goes on."""
    target = request.target
    assert target is not None
    if role == "anonymous":
        return 302
    if method not in methods.split():
        return 405
    if request.foreign or not (not target.hidden or internal(role, target.objects_of)):
        return 404
    return None


def expected_status(role: str, request: Request, method: str) -> int | set[int]:
    name, target = request.pattern.name, request.target
    assert target is not None
    issuing = target.objects_of
    if name in PUBLIC:
        return 405 if method == "POST" else 200
    if name in PUBLIC_PERIOD:
        return public_page(request, method, found=not target.hidden or internal(role, issuing))
    if name in COORDINATOR | STATE_OFFICE:
        status = member_page(role, request, method, methods="GET POST", coordinator_only=True)
        if (
            name in STATE_OFFICE
            and status == 200
            and target.slug_of != "land"
            and role != "superuser"
        ):
            return 403
        return status
    methods = (
        "POST" if name in MANAGE_POST_ONLY else "GET" if name in ASSIGNMENT_READ else "GET POST"
    )
    status = period_page(role, request, method, methods)
    if status is not None:
        return status
    # The Land's periods have a quota for A and B; A's period only for Gemeinden (no bodies).
    districts = ("a", "b") if issuing == "land" else ()
    if name in MANAGE | MANAGE_POST_ONLY:
        allowed = role_in(role, issuing) == "coordinator"
    elif name in ASSIGNMENT_READ:
        allowed = internal(role, issuing) or any(role_in(role, d) for d in districts)
    elif name in ASSIGNMENT_WRITE:
        allowed = role_in(role, issuing) == "coordinator" or any(
            role_in(role, d) == "coordinator" for d in districts
        )
    elif name in ASSIGNMENT_EDIT:
        if not (
            role_in(role, issuing) == "coordinator"
            or any(role_in(role, d) == "coordinator" for d in districts)
        ):
            return 403
        if not (
            role_in(role, issuing) == "coordinator"
            or role_in(role, target.variant) == "coordinator"
        ):
            return 404
        allowed = True
    else:
        raise AssertionError(f"{name} has no access class")
    if not allowed:
        return 403
    return WRITE if method == "POST" else 200
