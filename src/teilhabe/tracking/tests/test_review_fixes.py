"""Findings of the review: concurrent creation of plans and weights, rejected updates and
their files only for coordinators (checked in the selectors), rejections keep the report."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404

from teilhabe.core.services import ConflictError
from teilhabe.tracking import selectors, services
from teilhabe.tracking.models import FieldWeight, MeasurePlan, ProgressUpdate

from .util import fresh, status, url

pytestmark = pytest.mark.django_db


def hidden_version(html: str, name: str = "version") -> str:
    match = re.search(rf'name="{name}" value="(\d+)"', html)
    assert match, html
    return match.group(1)


def test_plan_created_meanwhile_is_a_conflict(world, client_for) -> None:  # type: ignore[no-untyped-def]
    measure = world.a.items["measure"]
    target = url(world, "plan_edit", measure=measure.public_id)
    client = client_for("coordinator_a")
    version = hidden_version(client.get(target).content.decode())  # nobody has set a plan yet
    services.measure_plan_set(  # the other coordinator saves first
        user=world.users["superuser"],
        measure=fresh(measure),
        weight=Decimal(3),
        interval_months=12,
        expected_version=0,
    )
    response = client.post(
        target, {"weight": "1", "update_interval_months": "2", "version": version}
    )
    assert response.status_code == 409
    plan = MeasurePlan.objects.get(measure=measure)
    assert (plan.weight, plan.update_interval_months) == (Decimal(3), 12)


def test_plan_created_by_a_concurrent_request_is_a_conflict_not_an_error(world) -> None:  # type: ignore[no-untyped-def]
    stale = fresh(world.a.items["measure"])
    assert services.plan_of(stale).pk is None  # this request saw no plan …
    services.measure_plan_set(  # … another one creates it
        user=world.users["superuser"],
        measure=fresh(stale),
        weight=Decimal(2),
        interval_months=6,
        expected_version=0,
    )
    with pytest.raises(ConflictError):
        services.measure_plan_set(
            user=world.users["coordinator_a"],
            measure=stale,
            weight=Decimal(5),
            interval_months=6,
            expected_version=0,
        )
    assert MeasurePlan.objects.get(measure=stale).weight == Decimal(2)


def test_field_weight_created_meanwhile_is_a_conflict(world, client_for) -> None:  # type: ignore[no-untyped-def]
    field = world.a.items["field"]
    target = url(world, "weights", edition=world.a.in_force.public_id)
    client = client_for("coordinator_a")
    version = hidden_version(client.get(target).content.decode(), f"version_{field.pk}")
    services.field_weight_set(
        user=world.users["superuser"], field=field, weight=Decimal(4), expected_version=0
    )
    response = client.post(target, {f"weight_{field.pk}": "2", f"version_{field.pk}": version})
    assert response.status_code == 302 and response["Location"] == target  # back to the form
    assert FieldWeight.objects.get(field=field).weight == Decimal(4)


def rejected_with_file(world):  # type: ignore[no-untyped-def]
    update = services.progress_record(
        user=world.users["contributor_a"],
        measure=fresh(world.a.items["measure"]),
        date=datetime.date(2024, 5, 1),
        status=status(world.a.body, "in_progress"),
        percent=45,
        accepted=False,
    )
    evidence = services.evidence_attach(
        user=None, update=update, upload=SimpleUploadedFile("liste.pdf", b"%PDF-1.4 x")
    )
    update = services.progress_review(
        user=world.users["coordinator_a"],
        update=update,
        accept=False,
        expected_version=update.version,
        note="Falsche Maßnahme",
        corrections={"percent": 90},
    )
    return update, evidence


def test_rejected_updates_and_their_files_are_for_coordinators_only(world) -> None:  # type: ignore[no-untyped-def]
    update, evidence = rejected_with_file(world)
    assert update.state == ProgressUpdate.State.REJECTED
    assert update.percent == 45  # a rejection keeps the report as it was sent
    body, measure = world.a.body, fresh(world.a.items["measure"])
    coordinator, contributor = world.users["coordinator_a"], world.users["contributor_a"]
    assert list(selectors.measure_timeline(user=coordinator, measure=measure)) == [update]
    assert list(selectors.measure_timeline(user=contributor, measure=measure)) == []
    found = selectors.evidence_get_for_member(
        user=coordinator, body=body, public_id=evidence.public_id
    )
    assert found == evidence
    with pytest.raises(Http404):
        selectors.evidence_get_for_member(user=contributor, body=body, public_id=evidence.public_id)
