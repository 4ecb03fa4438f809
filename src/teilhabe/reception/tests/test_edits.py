"""Correcting and deleting (soft) assignments and credits: services with audit entries and
optimistic locking, the browser pages with their conflict page, and the fulfilment and
carry-over figures that follow every change."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from teilhabe.core.models import AuditEntry, Territory
from teilhabe.core.services import ConflictError
from teilhabe.reception import assignments, selectors, services
from teilhabe.reception.models import Assignment, Credit, DistributionPeriod, Quota

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def territory(ags):
    return Territory.objects.get(ags=ags)


@pytest.fixture
def chain(rworld):
    """The published period with 500 persons assigned to 03990 (quota 571) and a computed
    draft follow-up period of total 0 that carries the open obligations over."""
    period = rworld.period
    services.quota_allocate(user=None, period=period)
    assignment = assignments.assignment_record(
        user=None,
        period=period,
        territory=territory("03990"),
        date=datetime.date(2024, 11, 1),
        persons=500,
        note="Woche 44",
    )
    services.period_publish(user=None, period=period)
    nxt = services.period_create(
        user=None,
        body=rworld.land,
        name="Folgezeitraum",
        start=datetime.date(2025, 4, 1),
        end=datetime.date(2025, 9, 30),
        total=0,
        key=rworld.key,
        previous=period,
    )
    services.quota_allocate(user=None, period=nxt)
    return rworld, assignment, nxt


def quota_of(period, ags):
    return Quota.objects.get(period=period, territory__ags=ags)


def assigned(rworld, ags):
    rows = selectors.fulfilment(
        user=rworld.users["state"], period=rworld.period, today=timezone.localdate()
    )
    return next(r.assigned for r in rows if r.quota.territory.ags == ags)


# --- services -----------------------------------------------------------------------------------


def test_assignment_update_moves_fulfilment_and_carry_over(chain):
    rworld, assignment, nxt = chain
    assert quota_of(nxt, "03990").carry_over == 71
    updated = assignments.assignment_update(
        user=rworld.users["state"],
        assignment=assignment,
        expected_version=assignment.version,
        data={"persons": 400, "note": "korrigiert"},
    )
    assert updated.version == assignment.version + 1
    assert assigned(rworld, "03990") == 400
    assert quota_of(nxt, "03990").carry_over == 171  # 571 − 400
    assert quota_of(nxt, "03990").quota == 171
    entry = AuditEntry.objects.filter(object_id=assignment.public_id, action="update").get()
    assert entry.changes["persons"] == [500, 400]
    assert entry.user == rworld.users["state"]


def test_assignment_update_conflict_keeps_the_saved_version(chain):
    _rworld, assignment, _nxt = chain
    assignments.assignment_update(
        user=None, assignment=assignment, expected_version=1, data={"persons": 450}
    )
    with pytest.raises(ConflictError) as conflict:
        assignments.assignment_update(
            user=None, assignment=assignment, expected_version=1, data={"persons": 300}
        )
    assert conflict.value.current.persons == 450
    assert Assignment.objects.get(pk=assignment.pk).persons == 450


def test_assignment_update_refuses_a_territory_without_right(chain):
    _rworld, assignment, _nxt = chain
    with pytest.raises(ValidationError, match="may not record assignments for Landkreis Probemoor"):
        assignments.assignment_update(
            user=None,
            assignment=assignment,
            expected_version=assignment.version,
            data={"territory": territory("03991")},
            allowed={territory("03990").pk},
        )
    with pytest.raises(ValidationError, match="greater than 0"):
        assignments.assignment_update(
            user=None, assignment=assignment, expected_version=1, data={"persons": 0}
        )
    assert Assignment.objects.get(pk=assignment.pk).persons == 500


def test_assignment_delete_is_soft_and_audited(chain):
    rworld, assignment, nxt = chain
    assignments.assignment_delete(user=rworld.users["state"], assignment=assignment)
    assert not Assignment.objects.filter(pk=assignment.pk).exists()
    kept = Assignment.all_objects.get(pk=assignment.pk)
    assert kept.is_deleted and kept.persons == 500
    assert AuditEntry.objects.filter(object_id=assignment.public_id, action="delete").exists()
    assert assigned(rworld, "03990") == 0
    assert quota_of(nxt, "03990").carry_over == 571


def test_assignment_delete_with_stale_version_is_a_conflict(chain):
    _rworld, assignment, _nxt = chain
    assignments.assignment_update(
        user=None, assignment=assignment, expected_version=1, data={"persons": 499}
    )
    with pytest.raises(ConflictError):
        assignments.assignment_delete(user=None, assignment=assignment, expected_version=1)
    assert Assignment.objects.filter(pk=assignment.pk).exists()


def test_a_published_follow_up_period_keeps_its_figures(chain):
    _rworld, assignment, nxt = chain
    services.period_publish(user=None, period=nxt)
    assignments.assignment_delete(user=None, assignment=assignment)
    assert quota_of(nxt, "03990").carry_over == 71


def test_credit_update_and_delete_recompute_the_draft(rworld):
    period = rworld.period
    credit = services.credit_add(
        user=None, period=period, territory=territory("03990"), kind="carry_over", persons=127
    )
    services.quota_allocate(user=None, period=period)
    assert quota_of(period, "03990").quota == 571 + 127
    quota_id = quota_of(period, "03990").pk
    credit = services.credit_update(
        user=rworld.users["state"],
        credit=credit,
        expected_version=credit.version,
        data={"persons": 27, "note": "korrigiert"},
    )
    assert quota_of(period, "03990").quota == 571 + 27
    assert quota_of(period, "03990").pk == quota_id  # recomputed in place
    assert AuditEntry.objects.get(object_id=credit.public_id, action="update").changes[
        "persons"
    ] == [127, 27]
    with pytest.raises(ConflictError):
        services.credit_update(user=None, credit=credit, expected_version=1, data={"persons": 5})
    services.credit_delete(user=None, credit=credit, expected_version=credit.version)
    assert Credit.all_objects.get(pk=credit.pk).is_deleted
    assert AuditEntry.objects.filter(object_id=credit.public_id, action="delete").exists()
    assert quota_of(period, "03990").quota == 571


def test_credits_of_a_published_period_stay(rworld):
    period = rworld.period
    credit = services.credit_add(
        user=None, period=period, territory=territory("03990"), kind="uma", persons=-3
    )
    services.quota_allocate(user=None, period=period)
    services.period_publish(user=None, period=period)
    with pytest.raises(ValidationError, match="published period"):
        services.credit_update(user=None, credit=credit, expected_version=1, data={"persons": 1})
    with pytest.raises(ValidationError, match="published period"):
        services.credit_delete(user=None, credit=credit)
    with pytest.raises(ValidationError, match="0 persons"):
        services.credit_update(
            user=None,
            credit=services.credit_add(
                user=None,
                period=services.period_create(
                    user=None,
                    body=rworld.land,
                    name="neu",
                    start=datetime.date(2025, 4, 1),
                    end=datetime.date(2025, 9, 30),
                    total=10,
                    key=rworld.key,
                ),
                territory=territory("03991"),
                kind="other",
                persons=2,
            ),
            expected_version=1,
            data={"persons": 0},
        )
    assert Credit.objects.get(pk=credit.pk).persons == -3


# --- pages --------------------------------------------------------------------------------------


def url(name, rworld, **kwargs):
    kwargs.setdefault("body", rworld.land.slug)
    kwargs.setdefault("period", rworld.period.public_id)
    return reverse(f"reception:{name}", kwargs=kwargs)


def test_district_corrects_its_own_assignment_in_the_browser(chain):
    rworld, assignment, nxt = chain
    client = rworld.client("coordinator_a")
    edit = url("assignment_edit", rworld, assignment=assignment.public_id)
    page = client.get(edit)
    assert page.status_code == 200
    assert 'name="version"' in page.content.decode()
    listing = client.get(url("assignment_list", rworld)).content.decode()
    assert edit in listing
    response = client.post(
        edit,
        {
            "territory": assignment.territory_id,
            "date": "2024-11-02",
            "persons": "450",
            "note": "",
            "version": "1",
        },
    )
    assert response.status_code == 302
    assert Assignment.objects.get(pk=assignment.pk).persons == 450
    assert quota_of(nxt, "03990").carry_over == 121
    # the same stale form again: the conflict page, nothing overwritten
    stale = client.post(
        edit,
        {
            "territory": assignment.territory_id,
            "date": "2024-11-02",
            "persons": "300",
            "version": "1",
        },
    )
    assert stale.status_code == 409
    # the conflict page offers the saved version's number to save over it
    assert 'name="version" value="2"' in stale.content.decode()
    assert Assignment.objects.get(pk=assignment.pk).persons == 450


def test_other_district_and_contributor_cannot_edit(chain):
    rworld, assignment, _nxt = chain
    edit = url("assignment_edit", rworld, assignment=assignment.public_id)
    delete = url("assignment_delete", rworld, assignment=assignment.public_id)
    assert rworld.client("coordinator_b").get(edit).status_code == 404
    assert rworld.client("coordinator_b").post(delete, {"version": "1"}).status_code == 404
    assert rworld.client("contributor_a").get(edit).status_code == 403
    assert rworld.client("anonymous").get(edit).status_code == 302
    assert Assignment.objects.filter(pk=assignment.pk, persons=500).exists()


def test_assignment_delete_page_confirms_then_deletes(chain):
    rworld, assignment, _nxt = chain
    client = rworld.client("state")
    delete = url("assignment_delete", rworld, assignment=assignment.public_id)
    page = client.get(delete)
    assert page.status_code == 200
    assert 'name="version" value="1"' in page.content.decode()
    assert Assignment.objects.filter(pk=assignment.pk).exists()
    assignments.assignment_update(
        user=None, assignment=assignment, expected_version=1, data={"note": "neu"}
    )
    stale = client.post(delete, {"version": "1"})
    assert stale.status_code == 200
    assert 'role="alert"' in stale.content.decode()
    assert 'name="version" value="2"' in stale.content.decode()
    assert Assignment.objects.filter(pk=assignment.pk).exists()
    assert client.post(delete, {"version": "2"}).status_code == 302
    assert not Assignment.objects.filter(pk=assignment.pk).exists()


def test_state_office_edits_and_deletes_a_credit_in_the_browser(rworld):
    credit = services.credit_add(
        user=None,
        period=rworld.period,
        territory=territory("03992"),
        kind="facility",
        persons=-200,
    )
    services.quota_allocate(user=None, period=rworld.period)
    client = rworld.client("state")
    detail = client.get(url("period_detail", rworld)).content.decode()
    edit = url("credit_edit", rworld, credit=credit.public_id)
    assert edit in detail
    response = client.post(
        edit,
        {"territory": credit.territory_id, "kind": "facility", "persons": "-100", "version": "1"},
    )
    assert response.status_code == 302
    assert quota_of(rworld.period, "03992").quota == 43  # 143 − 100
    assert rworld.client("coordinator_a").get(edit).status_code == 404  # a draft of the Land
    delete = url("credit_delete", rworld, credit=credit.public_id)
    assert client.post(delete, {"version": "2"}).status_code == 302
    assert quota_of(rworld.period, "03992").quota == 143
    assert Credit.all_objects.filter(pk=credit.pk, is_deleted=True).exists()
    assert DistributionPeriod.objects.get(pk=rworld.period.pk).allocated is not None
