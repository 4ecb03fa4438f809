"""Superusers administer bodies and memberships in the admin; writes go through the services."""

import pytest

from teilhabe.core import services
from teilhabe.core.models import AuditEntry, Body, Membership


@pytest.mark.django_db
def test_superuser_creates_body_with_membership_in_admin(client):
    superuser = services.user_create(
        acting_user=None, username="su", password="x-very-secret-1", is_superuser=True
    )
    user = services.user_create(acting_user=None, username="u", password="x-very-secret-1")
    client.force_login(superuser)
    assert client.get("/admin/core/body/add/").status_code == 200

    response = client.post(
        "/admin/core/body/add/",
        {
            "name": "Landkreis Peine",
            "kind": "landkreis",
            "ags": "03157",
            "memberships-TOTAL_FORMS": "1",
            "memberships-INITIAL_FORMS": "0",
            "memberships-0-user": user.pk,
            "memberships-0-role": "coordinator",
        },
    )

    assert response.status_code == 302
    body = Body.objects.get()
    assert (body.ags, body.slug, body.state.ags) == ("03157", "peine", "03")
    assert Membership.objects.get().role == "coordinator"
    assert AuditEntry.objects.filter(object_type="core.body", action="create").exists()
    assert AuditEntry.objects.filter(object_type="core.membership", action="create").exists()
    assert client.get(f"/admin/core/body/{body.pk}/change/").status_code == 200


@pytest.mark.django_db
def test_body_with_wrong_ags_length_is_refused_in_admin(client):
    superuser = services.user_create(
        acting_user=None, username="su", password="x-very-secret-1", is_superuser=True
    )
    client.force_login(superuser)
    response = client.post(
        "/admin/core/body/add/",
        {
            "name": "Landkreis X",
            "kind": "landkreis",
            "ags": "0315",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert not Body.objects.exists()
