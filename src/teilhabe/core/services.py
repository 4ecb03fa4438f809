"""Every write of core data, and the shared write machinery of all apps.

Services are keyword-only, typed, atomic, take the acting user and leave an audit entry.
"""

import datetime
import decimal
import re
import uuid
from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from .laender import LAENDER
from .models import AuditEntry, BaseModel, Body, Membership, Role, Territory, User

M = TypeVar("M", bound=BaseModel)


class ConflictError(Exception):
    """Somebody else saved the object since the form was opened."""

    def __init__(self, current: BaseModel) -> None:
        super().__init__(f"{current!r} was changed by somebody else")
        self.current = current


def as_text(value: Any) -> Any:
    """A value as the audit log shows it: JSON-safe, readable."""
    if isinstance(value, Promise):  # a lazy translation: store it as text
        return str(value)
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, Iterable):
        return sorted(str(v) for v in value)
    return str(value)


def audit_record(
    *,
    user: User | None,
    body: Body | None,
    action: str,
    obj: models.Model,
    changes: Mapping[str, tuple[Any, Any]] | None = None,
    agent: str = "",
) -> AuditEntry:
    """Write one audit entry; call it inside the service's transaction."""
    return AuditEntry.objects.create(
        user=user if user is not None and user.is_authenticated else None,
        agent=agent,
        body=body,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=getattr(obj, "public_id", None),
        object_repr=str(obj)[:300],
        changes={k: [as_text(old), as_text(new)] for k, (old, new) in (changes or {}).items()},
    )


def creation_changes(obj: models.Model, fields: Iterable[str]) -> dict[str, tuple[Any, Any]]:
    return {f: (None, getattr(obj, f)) for f in fields if getattr(obj, f) not in (None, "", False)}


def versioned_update(
    *,
    instance: M,
    expected_version: int,
    data: Mapping[str, Any],
    m2m: Mapping[str, Iterable[models.Model]] | None = None,
) -> tuple[M, dict[str, tuple[Any, Any]]]:
    """Apply ``data`` if nobody saved the object since ``expected_version``.

    The version check is a compare-and-swap in the database, so two concurrent saves
    cannot both pass it. Returns the saved object and the changes ``{field: (old, new)}``;
    the caller writes the audit entry. Raises :class:`ConflictError`.
    """
    model = type(instance)
    current = model.all_objects.get(pk=instance.pk)
    changes: dict[str, tuple[Any, Any]] = {}
    for field, value in data.items():
        old = getattr(current, field)
        if old != value:
            changes[field] = (old, value)
            setattr(current, field, value)
    new_sets: dict[str, set[models.Model]] = {}
    for field, values in (m2m or {}).items():
        old_set = set(getattr(current, field).all())
        new_set = set(values)
        if old_set != new_set:
            changes[field] = (old_set, new_set)
            new_sets[field] = new_set
    if not changes:
        return current, changes
    if current.version != expected_version:
        raise ConflictError(current=model.all_objects.get(pk=instance.pk))
    swapped = model.all_objects.filter(pk=instance.pk, version=expected_version).update(
        version=F("version") + 1
    )
    if not swapped:
        raise ConflictError(current=model.all_objects.get(pk=instance.pk))
    current.version = expected_version + 1
    current.full_clean()
    current.save()
    for field, new_set in new_sets.items():
        getattr(current, field).set(new_set)
    return current, changes


def soft_delete(*, instance: BaseModel) -> None:
    type(instance).all_objects.filter(pk=instance.pk).update(
        is_deleted=True, version=F("version") + 1
    )
    instance.is_deleted = True
    instance.version += 1


# --- territories and bodies -------------------------------------------------------------

LEVEL_BY_LENGTH = {2: Territory.Level.LAND, 5: Territory.Level.KREIS, 8: Territory.Level.GEMEINDE}


@transaction.atomic
def territory_ensure(
    *, ags: str, name: str, user: User | None = None, agent: str = ""
) -> Territory:
    """The territory with this AGS, created (with its parents' link) if it is new."""
    existing = Territory.objects.filter(ags=ags).first()
    if existing is not None:
        return existing
    level = LEVEL_BY_LENGTH.get(len(ags))
    parent = None
    if level == Territory.Level.KREIS:
        parent = Territory.objects.filter(ags=ags[:2]).first()
        if parent is None and ags[:2] in dict(LAENDER):
            parent = territory_ensure(
                ags=ags[:2], name=dict(LAENDER)[ags[:2]], user=user, agent=agent
            )
    elif level == Territory.Level.GEMEINDE:
        parent = Territory.objects.filter(ags=ags[:5]).first()
    territory = Territory(ags=ags, name=name, level=level or "", parent=parent)
    territory.full_clean()
    territory.save()
    audit_record(
        user=user,
        body=None,
        action=AuditEntry.Action.CREATE,
        obj=territory,
        agent=agent,
        changes=creation_changes(territory, ["ags", "name", "level"]),
    )
    return territory


EXPECTED_AGS_LENGTH: dict[str, int] = {
    Body.Kind.LAND: 2,
    Body.Kind.LANDKREIS: 5,
    Body.Kind.KREISFREIE_STADT: 5,
    Body.Kind.REGION: 5,
}
RESERVED_SLUGS = {"app", "admin", "static", "media", "i18n", "login", "logout", "api", "accounts"}
_TRANSLITERATION = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
_KIND_PREFIX = re.compile(r"^(landkreis|kreis|region|stadt|land)\s+", re.IGNORECASE)


def body_slug_for(name: str) -> str:
    """A readable, unused address for a body: ``Landkreis Rotenburg (Wümme)`` → ``rotenburg-wuemme``."""

    def slugify(text: str) -> str:
        text = text.lower().translate(_TRANSLITERATION)
        return re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:80]

    candidates = [slugify(_KIND_PREFIX.sub("", name)), slugify(name)]
    for candidate in candidates:
        if (
            candidate
            and candidate not in RESERVED_SLUGS
            and not Body.all_objects.filter(slug=candidate).exists()
        ):
            return candidate
    base, number = candidates[-1] or "body", 2
    while Body.all_objects.filter(slug=f"{base}-{number}").exists():
        number += 1
    return f"{base}-{number}"


def body_check_ags(*, kind: str, ags: str) -> None:
    """Raise a ValidationError naming the field ``ags`` if it does not fit the kind of body."""
    Territory._meta.get_field("ags").run_validators(ags)
    if kind in EXPECTED_AGS_LENGTH and len(ags) != EXPECTED_AGS_LENGTH[kind]:
        raise ValidationError(
            {
                "ags": _("The AGS of a body of the kind “%(kind)s” has %(n)d digits.")
                % {"kind": Body.Kind(kind).label, "n": EXPECTED_AGS_LENGTH[kind]}
            }
        )
    if Body.all_objects.filter(territory__ags=ags).exists():
        raise ValidationError(
            {"ags": _("A body with the AGS %(ags)s exists already.") % {"ags": ags}}
        )


@transaction.atomic
def body_create(
    *, user: User | None, name: str, kind: str, ags: str, is_demo: bool = False, agent: str = ""
) -> Body:
    try:
        body_check_ags(kind=kind, ags=ags)
    except ValidationError as error:
        if not hasattr(error, "error_dict"):  # a validator's error names no field
            raise ValidationError({"ags": error.messages}) from error
        raise
    territory = territory_ensure(ags=ags, name=name, user=user, agent=agent)
    body = Body(
        name=name, kind=kind, territory=territory, slug=body_slug_for(name), is_demo=is_demo
    )
    body.full_clean()
    body.save()
    audit_record(
        user=user,
        body=body,
        action=AuditEntry.Action.CREATE,
        obj=body,
        agent=agent,
        changes=creation_changes(body, ["name", "kind", "slug"]) | {"ags": (None, ags)},
    )
    return body


@transaction.atomic
def body_update(
    *, user: User, body: Body, expected_version: int, name: str, kind: str, is_demo: bool
) -> Body:
    body, changes = versioned_update(
        instance=body,
        expected_version=expected_version,
        data={"name": name, "kind": kind, "is_demo": is_demo},
    )
    if changes:
        audit_record(
            user=user, body=body, action=AuditEntry.Action.UPDATE, obj=body, changes=changes
        )
    return body


# --- users and memberships --------------------------------------------------------------


@transaction.atomic
def user_create(
    *,
    acting_user: User | None,
    username: str,
    password: str,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    is_superuser: bool = False,
    agent: str = "",
) -> User:
    user = User(
        username=username,
        first_name=first_name,
        last_name=last_name,
        email=email,
        is_superuser=is_superuser,
        is_staff=is_superuser,
    )
    user.set_password(password)
    user.full_clean()
    user.save()
    audit_record(
        user=acting_user,
        body=None,
        action=AuditEntry.Action.CREATE,
        obj=user,
        agent=agent,
        changes=creation_changes(user, ["username", "first_name", "last_name", "is_superuser"]),
    )
    return user


@transaction.atomic
def membership_create(
    *, acting_user: User | None, user: User, body: Body, role: Role | str, agent: str = ""
) -> Membership:
    membership = Membership(user=user, body=body, role=role)
    membership.full_clean()
    membership.save()
    audit_record(
        user=acting_user,
        body=body,
        action=AuditEntry.Action.CREATE,
        obj=membership,
        agent=agent,
        changes={"user": (None, user), "role": (None, membership.role)},
    )
    return membership


@transaction.atomic
def membership_delete(*, acting_user: User, membership: Membership) -> None:
    soft_delete(instance=membership)
    audit_record(
        user=acting_user, body=membership.body, action=AuditEntry.Action.DELETE, obj=membership
    )


@transaction.atomic
def membership_update(*, acting_user: User, membership: Membership, role: str) -> Membership:
    membership, changes = versioned_update(
        instance=membership,
        expected_version=Membership.all_objects.get(pk=membership.pk).version,
        data={"role": role},
    )
    if changes:
        audit_record(
            user=acting_user,
            body=membership.body,
            action=AuditEntry.Action.UPDATE,
            obj=membership,
            changes=changes,
        )
    return membership
