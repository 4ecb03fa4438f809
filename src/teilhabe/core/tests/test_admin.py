import pytest
from teilhabe.core import services as core
from teilhabe.core.models import Body, Membership, AuditEntry

@pytest.mark.django_db
def test_admin_body(client):
    su = core.user_create(acting_user=None, username="su", password="x-very-secret-1", is_superuser=True)
    u = core.user_create(acting_user=None, username="u", password="x-very-secret-1")
    client.force_login(su)
    r = client.get("/admin/core/body/add/"); assert r.status_code == 200
    r = client.post("/admin/core/body/add/", {"name": "Landkreis Peine", "kind": "landkreis", "ags": "03157",
        "memberships-TOTAL_FORMS": "1", "memberships-INITIAL_FORMS": "0", "memberships-0-user": u.pk, "memberships-0-role": "coordinator"})
    assert r.status_code == 302, r.content.decode()[-3000:]
    b = Body.objects.get(); assert b.ags == "03157" and b.slug == "peine"
    assert Membership.objects.get().role == "coordinator"
    r = client.get(f"/admin/core/body/{b.pk}/change/"); assert r.status_code == 200
    assert AuditEntry.objects.filter(object_type="core.membership").exists()
    r = client.get("/admin/core/user/add/"); assert r.status_code == 200
