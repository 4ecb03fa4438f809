"""The machinery of the access walk: URL patterns from the resolver, targets, requests, the
world the walk fills URLs from, and the statuses every area shares."""

from dataclasses import dataclass
from typing import Any, Protocol

from conftest import ROLES as WORLD_ROLES
from conftest import World
from django.urls import URLResolver, get_resolver

from teilhabe.core.models import Body

#: Prefixes of included URL configurations the walk leaves out: Django's own (admin, i18n),
#: and OParl, which is public by design and has its own crawler proving that no non-public
#: data appears (``teilhabe/api/tests/test_oparl.py::test_non_public_data_never_appears``).
SKIPPED_PREFIXES = ("admin/", "i18n/", "oparl/")

#: Every role the walk tries: the world's, and the state office (a coordinator of the Land
#: body above both districts, see ``reception.build``).
ROLES = (*WORLD_ROLES, "state_office")
#: The role each user has in district "a", "b" and the Land (superusers count as coordinators).
ROLE_IN: dict[str, dict[str, str]] = {
    "anonymous": {},
    "contributor_a": {"a": "contributor"},
    "council_a": {"a": "council_member"},
    "coordinator_a": {"a": "coordinator"},
    "coordinator_b": {"b": "coordinator"},
    "state_office": {"land": "coordinator"},
    "superuser": {"a": "coordinator", "b": "coordinator", "land": "coordinator"},
}
LOGIN = "/login/"
#: The expected status of an authorised write: such a POST is not walked.
WRITE = 0


@dataclass(frozen=True)
class Pattern:
    name: str  # namespaced, e.g. "concepts:item_edit"
    route: str
    args: frozenset[str]


def _converters(route_pattern: Any) -> set[str]:
    if hasattr(route_pattern, "converters"):
        names = set(route_pattern.converters)
        if names or "<" not in str(route_pattern):
            return names
    return set(route_pattern.regex.groupindex)


def project_patterns() -> list[Pattern]:
    """Every named pattern outside the skipped prefixes, with all the arguments of its route."""
    patterns: list[Pattern] = []
    unnamed: list[str] = []

    def collect(res: URLResolver, prefix: str, namespace: str, args: frozenset[str]) -> None:
        for entry in res.url_patterns:
            route = prefix + str(entry.pattern)
            entry_args = args | frozenset(_converters(entry.pattern))
            if isinstance(entry, URLResolver):
                if route.startswith(SKIPPED_PREFIXES):
                    continue
                ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                collect(entry, route, ns, entry_args)
            elif entry.name is None:
                unnamed.append(route)
            else:
                patterns.append(Pattern(f"{namespace}{entry.name}", route, entry_args))

    collect(get_resolver(), "", "", frozenset())
    assert not unnamed, f"URL patterns without a name cannot be walked: {unnamed}"
    return patterns


@dataclass(frozen=True)
class Target:
    """A set of objects to fill URLs with, addressed through one body's slug."""

    label: str
    slug_of: str  # "a", "b" or "land": whose slug the URL uses
    objects_of: str  # whose objects fill the other arguments
    #: The non-public variant: a draft edition, a non-public paper, a draft period.
    hidden: bool = False
    #: Area-specific choice of objects (e.g. which file), "" for the default.
    variant: str = ""


@dataclass(frozen=True)
class Request:
    pattern: Pattern
    url: str
    target: Target | None  # None: the URL has no body
    kwargs: tuple[tuple[str, Any], ...] = ()

    @property
    def foreign(self) -> bool:
        """Objects of one body addressed through another body's slug."""
        return self.target is not None and self.target.slug_of != self.target.objects_of


@dataclass
class WalkWorld:
    """The world of ``conftest.py`` with the council, reception and monitoring data of the walk."""

    world: World
    council: Any = None  # council.CouncilWalk
    reception: Any = None  # reception.ReceptionWalk
    monitoring: Any = None  # monitoring.MonitoringWalk

    def body(self, which: str) -> Body:
        if which == "land":
            return self.reception.land
        return self.world.a.body if which == "a" else self.world.b.body


class Area(Protocol):
    """What an area module provides (``concepts``, ``council``, ``reception``, ``monitoring``)."""

    #: Access classes: name → the URL names in it.
    CLASSES: dict[str, set[str]]

    def forbidden_markers(self, role: str) -> list[str]:
        """Marker strings the role must never see on any page."""
        ...

    def requests(self, pattern: Pattern, walk: WalkWorld) -> list[Request]: ...
    def expected_status(self, role: str, request: Request, method: str) -> int | set[int]: ...


def check_args(pattern: Pattern, fillers: set[str], area: str) -> None:
    unknown = pattern.args - fillers
    assert not unknown, (
        f"The access walk cannot fill {sorted(unknown)} of {pattern.name} ({pattern.route}); "
        f"teach access/{area}.py about them."
    )


def role_in(role: str, which: str) -> str | None:
    return ROLE_IN[role].get(which)


def member_page(
    role: str,
    request: Request,
    method: str,
    *,
    methods: str = "GET",
    coordinator_only: bool = False,
    object_found: bool = True,
) -> int:
    """A page behind the login of the slug's body, in the order the views check:
    login → HTTP method → membership (403) → the object through the slug's body (404) → role.

    ``methods``: "GET" (require_GET/require_safe), "GET POST" (a form), "POST" (require_POST).
    ``object_found``: whether the selector finds the object for a member of the body (a
    contributor does not find a non-public paper). Coordinators are checked before the
    object is looked up when ``coordinator_only``, as the write views do.
    """
    assert request.target is not None
    if role == "anonymous":
        return 302
    if method not in methods.split():
        return 405
    slug_role = role_in(role, request.target.slug_of)
    if slug_role is None:
        return 403
    if coordinator_only and slug_role != "coordinator":
        return 403
    if request.foreign or not object_found:
        return 404
    if coordinator_only and method == "POST":
        return WRITE
    return 200


def public_page(request: Request, method: str, *, found: bool = True) -> int:
    """A public page (require_GET/require_safe): the same answer for everybody."""
    if method != "GET":
        return 405
    return 200 if found and not request.foreign else 404
