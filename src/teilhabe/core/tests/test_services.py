"""The core services: bodies and their AGS, slugs, the audit log, optimistic locking, soft delete."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from teilhabe.core.models import AuditEntry, Body, Membership, Role, Territory
from teilhabe.core.services import (
    ConflictError,
    body_create,
    body_slug_for,
    body_update,
    membership_create,
    membership_delete,
    user_create,
    versioned_update,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_user(db):
    return user_create(
        acting_user=None, username="admin", password="pw-admin-123", is_superuser=True
    )


def test_ags_keeps_its_leading_zero(admin_user):
    body = body_create(
        user=admin_user, name="Landkreis Wolfenbüttel", kind="landkreis", ags="03158"
    )
    body.refresh_from_db()
    assert body.ags == "03158"
    assert Territory.objects.get(ags="03158").ags == "03158"
    city = body_create(
        user=admin_user, name="Stadt Braunschweig", kind="kreisfreie_stadt", ags="03101"
    )
    assert Body.objects.get(pk=city.pk).territory.ags == "03101"


@pytest.mark.parametrize("ags", ["03", "03461001"])
def test_ags_of_wrong_length_for_the_kind_is_refused_in_german(admin_user, ags):
    with translation.override("de"), pytest.raises(ValidationError) as error:
        body_create(user=admin_user, name="Landkreis Falsch", kind="landkreis", ags=ags)
    message = " ".join(error.value.message_dict["ags"])
    assert "Landkreis" in message
    assert "5" in message
    assert "The AGS" not in message  # German, not the English msgid
    assert not Body.objects.exists()


def test_ags_of_no_level_is_refused_in_german(admin_user):
    with translation.override("de"), pytest.raises(ValidationError) as error:
        body_create(user=admin_user, name="Landkreis Falsch", kind="landkreis", ags="3461")
    assert "Ziffern" in " ".join(error.value.message_dict["ags"])
    assert not Body.objects.exists()
    assert not Territory.objects.filter(ags="3461").exists()


def test_ags_must_be_digits(admin_user):
    with pytest.raises(ValidationError):
        body_create(user=admin_user, name="Landkreis Buchstaben", kind="landkreis", ags="03a61")
    assert not Body.objects.exists()


def test_duplicate_ags_is_refused(admin_user):
    body_create(user=admin_user, name="Landkreis Oldenburg", kind="landkreis", ags="03458")
    with pytest.raises(ValidationError) as error:
        body_create(
            user=admin_user, name="Landkreis Oldenburg (Kopie)", kind="landkreis", ags="03458"
        )
    assert "03458" in " ".join(error.value.message_dict["ags"])
    assert Body.objects.count() == 1


def test_territory_parent_is_the_land_of_the_ags(admin_user):
    body = body_create(user=admin_user, name="Landkreis Wesermarsch", kind="landkreis", ags="03461")
    assert body.territory.level == Territory.Level.KREIS
    assert body.territory.parent is not None
    assert body.territory.parent.ags == "03"
    assert body.state.ags == "03"
    assert body.state.level == Territory.Level.LAND


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Landkreis Rotenburg (Wümme)", "rotenburg-wuemme"),
        ("Landkreis Börde", "boerde"),
        ("Region Hannover", "hannover"),
        ("Stadt Gießen", "giessen"),
    ],
)
def test_slug_is_readable(admin_user, name, slug):
    assert body_slug_for(name) == slug


def test_slug_stays_unique(admin_user):
    first = body_create(user=admin_user, name="Landkreis Peine", kind="landkreis", ags="03157")
    second = body_create(user=admin_user, name="Stadt Peine", kind="kreisfreie_stadt", ags="03199")
    assert first.slug == "peine"
    assert second.slug not in {"peine", ""}
    assert second.slug.startswith(("stadt-peine", "peine-"))


def test_reserved_slug_is_avoided(admin_user):
    body = body_create(user=admin_user, name="Landkreis Admin", kind="landkreis", ags="03990")
    assert body.slug not in {"admin", "app"}


def test_body_create_writes_the_audit_entry(admin_user):
    body = body_create(user=admin_user, name="Landkreis Peine", kind="landkreis", ags="03157")
    entry = AuditEntry.objects.get(object_id=body.public_id)
    assert entry.user == admin_user
    assert entry.body == body
    assert entry.action == AuditEntry.Action.CREATE
    assert entry.changes["ags"] == [None, "03157"]
    assert entry.changes["name"] == [None, "Landkreis Peine"]


def test_update_writes_field_changes(admin_user):
    body = body_create(user=admin_user, name="Landkreis Peine", kind="landkreis", ags="03157")
    body_update(
        user=admin_user,
        body=body,
        expected_version=body.version,
        name="Landkreis Peine (neu)",
        kind="landkreis",
        is_demo=True,
    )
    entry = AuditEntry.objects.filter(
        object_id=body.public_id, action=AuditEntry.Action.UPDATE
    ).get()
    assert entry.changes == {
        "name": ["Landkreis Peine", "Landkreis Peine (neu)"],
        "is_demo": [False, True],
    }
    body.refresh_from_db()
    assert body.version == 2


def test_update_without_change_writes_nothing(admin_user):
    body = body_create(user=admin_user, name="Landkreis Peine", kind="landkreis", ags="03157")
    before = AuditEntry.objects.count()
    body_update(
        user=admin_user,
        body=body,
        expected_version=body.version,
        name=body.name,
        kind=body.kind,
        is_demo=False,
    )
    assert AuditEntry.objects.count() == before
    body.refresh_from_db()
    assert body.version == 1


def test_versioned_update_conflict_keeps_the_first(admin_user):
    body = body_create(user=admin_user, name="Landkreis Peine", kind="landkreis", ags="03157")
    opened_with = body.version
    body_update(
        user=admin_user,
        body=body,
        expected_version=opened_with,
        name="Erster Speicherstand",
        kind="landkreis",
        is_demo=False,
    )
    with pytest.raises(ConflictError) as conflict:
        body_update(
            user=admin_user,
            body=body,
            expected_version=opened_with,
            name="Zweiter Speicherstand",
            kind="landkreis",
            is_demo=False,
        )
    assert conflict.value.current.name == "Erster Speicherstand"
    body.refresh_from_db()
    assert body.name == "Erster Speicherstand"
    assert body.version == opened_with + 1
    assert AuditEntry.objects.filter(object_id=body.public_id, action="update").count() == 1


def test_versioned_update_is_a_compare_and_swap(admin_user):
    """Even a stale in-memory instance cannot overwrite a newer row."""
    body = body_create(user=admin_user, name="Landkreis Peine", kind="landkreis", ags="03157")
    stale = Body.objects.get(pk=body.pk)
    versioned_update(instance=body, expected_version=1, data={"name": "Neu"})
    with pytest.raises(ConflictError):
        versioned_update(instance=stale, expected_version=stale.version, data={"name": "Alt"})
    assert Body.objects.get(pk=body.pk).name == "Neu"


def test_soft_delete_hides_but_keeps(admin_user):
    body = body_create(user=admin_user, name="Landkreis Peine", kind="landkreis", ags="03157")
    member = user_create(acting_user=admin_user, username="mitglied", password="pw-mitglied-123")
    membership = membership_create(
        acting_user=admin_user, user=member, body=body, role=Role.CONTRIBUTOR
    )
    membership_delete(acting_user=admin_user, membership=membership)
    assert not Membership.objects.filter(pk=membership.pk).exists()
    kept = Membership.all_objects.get(pk=membership.pk)
    assert kept.is_deleted
    assert kept.version == 2
    assert AuditEntry.objects.filter(object_id=membership.public_id, action="delete").exists()
    # a new live membership is possible after the soft delete
    membership_create(acting_user=admin_user, user=member, body=body, role=Role.COORDINATOR)
    assert Membership.objects.get(user=member, body=body).role == Role.COORDINATOR


def test_user_create_is_audited_without_password(admin_user):
    user = user_create(acting_user=admin_user, username="neu", password="pw-neu-12345")
    entry = AuditEntry.objects.get(object_id=None, object_repr="neu")
    assert entry.user == admin_user
    assert "password" not in entry.changes
    assert user.check_password("pw-neu-12345")
