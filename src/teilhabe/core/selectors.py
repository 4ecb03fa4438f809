"""Reads of core data and the access functions every app uses.

Access is decided here and only here: views and other apps ask these functions.
"""

from uuid import UUID

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from .models import AuditEntry, Body, Membership, Role, User

AnyUser = User | AnonymousUser


def role_in(user: AnyUser, body: Body) -> str | None:
    """The user's role in the body, or ``None`` for the public.

    Superusers act as coordinators everywhere. The result is cached on the user object
    for the request.
    """
    if not user.is_authenticated:
        return None
    if user.is_superuser:
        return Role.COORDINATOR
    cache: dict[int, str | None] = user.__dict__.setdefault("_teilhabe_roles", {})
    if body.pk not in cache:
        membership = Membership.objects.filter(user=user, body=body).only("role").first()
        cache[body.pk] = membership.role if membership else None
    return cache[body.pk]


def is_member(user: AnyUser, body: Body) -> bool:
    """Members see the body's internal data: drafts, the actor directory, the dashboard."""
    return role_in(user, body) is not None


def is_coordinator(user: AnyUser, body: Body) -> bool:
    return role_in(user, body) == Role.COORDINATOR


def require_member(user: AnyUser, body: Body) -> str:
    role = role_in(user, body)
    if role is None:
        raise PermissionDenied
    return role


def require_coordinator(user: AnyUser, body: Body) -> None:
    if not is_coordinator(user, body):
        raise PermissionDenied


def body_list_public() -> QuerySet[Body]:
    return Body.objects.select_related("territory").order_by("name")


def body_get_public(*, slug: str) -> Body:
    body = Body.objects.select_related("territory").filter(slug=slug).first()
    if body is None:
        raise Http404
    return body


def body_get_for_member(*, user: AnyUser, slug: str) -> Body:
    """A body whose internal pages the user may open; 403 for the public, 404 if unknown."""
    body = body_get_public(slug=slug)
    require_member(user, body)
    return body


def bodies_of_user(user: AnyUser) -> QuerySet[Body]:
    if not user.is_authenticated:
        return Body.objects.none()
    if user.is_superuser:
        return Body.objects.select_related("territory")
    return (
        Body.objects.select_related("territory")
        .filter(memberships__user=user, memberships__is_deleted=False)
        .distinct()
    )


def audit_entries_for_body(
    *, user: AnyUser, body: Body, object_type: str = "", action: str = "", username: str = ""
) -> QuerySet[AuditEntry]:
    require_coordinator(user, body)
    entries = AuditEntry.objects.filter(body=body).select_related("user")
    if object_type:
        entries = entries.filter(object_type=object_type)
    if action:
        entries = entries.filter(action=action)
    if username:
        entries = entries.filter(user__username=username)
    return entries


def audit_entries_for_object(*, user: AnyUser, body: Body, public_id: UUID) -> QuerySet[AuditEntry]:
    require_coordinator(user, body)
    return AuditEntry.objects.filter(body=body, object_id=public_id).select_related("user")
