"""The tracking pages in the browser's place: dashboard, progress, updates, review, budget,
settings; and the Beschlusskontrolle's lights."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from teilhabe.council import services as council_services
from teilhabe.tracking import services
from teilhabe.tracking.models import BudgetLine, Evidence, ProgressUpdate, StatusOption

from .util import make_contact, status, url

pytestmark = pytest.mark.django_db


def pending_update(world):  # type: ignore[no-untyped-def]
    return services.progress_record(
        user=world.users["contributor_a"],
        measure=world.a.items["measure"],
        date=datetime.date(2024, 5, 1),
        status=status(world.a.body, "in_progress"),
        percent=45,
        narrative="Zwei Kurse laufen.",
        accepted=False,
    )


def test_today_for_coordinator_and_read_only_for_members(world, client_for) -> None:  # type: ignore[no-untyped-def]
    update = pending_update(world)
    page = client_for("coordinator_a").get(url(world, "today")).content.decode()
    assert "To do today" in page or "Heute zu tun" in page
    assert (
        reverse("tracking:review", kwargs={"body": world.a.body.slug, "update": update.public_id})
        in page
    )
    assert "<svg" in page and "<caption>" in page  # chart and its table
    council = client_for("council_a").get(url(world, "today"))
    assert council.status_code == 200
    assert str(update.public_id) not in council.content.decode()
    assert client_for("coordinator_b").get(url(world, "today")).status_code == 403
    assert client_for("anonymous").get(url(world, "today")).status_code == 302


def test_progress_overview_filters(world, client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for("council_a")
    measure = world.a.items["measure"]
    page = client.get(url(world, "progress")).content.decode()
    assert measure.title in page
    blocked = client.get(url(world, "progress") + "?light=blocked").content.decode()
    assert measure.title not in blocked
    delayed = client.get(url(world, "progress") + "?light=delayed").content.decode()
    assert measure.title in delayed  # no report since 2022: stale
    draft = client.get(
        url(world, "progress") + f"?edition={world.a.draft.public_id}"
    ).content.decode()
    assert world.a.draft_items["measure"].title in draft


def test_coordinator_records_an_update_with_evidence(world, client_for, settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    measure = world.a.items["measure"]
    client = client_for("coordinator_a")
    target = url(world, "update_create", measure=measure.public_id)
    bad = client.post(
        target,
        {"date": "2024-05-01", "status": status(world.a.body, "in_progress").pk, "percent": "150"},
    )
    assert bad.status_code == 200
    assert "Progress (%)" in bad.content.decode() or "Fortschritt" in bad.content.decode()
    assert not ProgressUpdate.objects.exists()
    response = client.post(
        target,
        {
            "date": "2024-05-01",
            "status": status(world.a.body, "implemented").pk,
            "narrative": "Fertig.",
            "evidence": SimpleUploadedFile("flyer.pdf", b"%PDF-1.4 flyer", "application/pdf"),
        },
    )
    assert response.status_code == 302
    update = ProgressUpdate.objects.get()
    assert (update.state, update.percent) == (ProgressUpdate.State.ACCEPTED, 100)
    evidence = Evidence.objects.get()
    download = url(world, "evidence", evidence=evidence.public_id)
    got = client_for("council_a").get(download)
    assert got.status_code == 200
    assert b"".join(got.streaming_content) == b"%PDF-1.4 flyer"
    assert client_for("coordinator_b").get(download).status_code == 403
    foreign = reverse(
        "tracking:evidence", kwargs={"body": world.b.body.slug, "evidence": evidence.public_id}
    )
    assert client_for("coordinator_b").get(foreign).status_code == 404
    page = client.get(url(world, "measure", measure=measure.public_id)).content.decode()
    assert "flyer.pdf" in page and "Fertig." in page


def test_contributor_reports_pending_only_as_contact(world, client_for) -> None:  # type: ignore[no-untyped-def]
    measure = world.a.items["measure"]
    target = url(world, "update_create", measure=measure.public_id)
    client = client_for("contributor_a")
    data = {"date": "2024-05-01", "status": status(world.a.body, "in_progress").pk}
    assert client.post(target, data).status_code == 403
    make_contact(world)
    assert client.post(target, data).status_code == 302
    assert ProgressUpdate.objects.get().state == ProgressUpdate.State.PENDING
    draft = url(world, "update_create", measure=world.a.draft_items["measure"].public_id)
    assert client.get(draft).status_code == 404


def test_review_accept_corrected_reject_and_conflict(world, client_for) -> None:  # type: ignore[no-untyped-def]
    update = pending_update(world)
    target = url(world, "review", update=update.public_id)
    first, second = client_for("coordinator_a"), client_for("superuser")
    form = {
        "version": update.version,
        "date": "2024-05-01",
        "status": update.status_id,
        "percent": "60",
        "decision": "reject",
        "note": "",
    }
    no_note = first.post(target, form)
    assert no_note.status_code == 200  # rejecting needs a note
    response = first.post(target, form | {"decision": "accept"})
    assert response.status_code == 302
    update.refresh_from_db()
    assert (update.state, update.percent) == (ProgressUpdate.State.ACCEPTED, 60)
    # the second reviewer opened the same version: conflict page, nothing changes
    conflict = second.post(target, form | {"decision": "reject", "note": "Nein"})
    assert conflict.status_code == 409
    update.refresh_from_db()
    assert update.state == ProgressUpdate.State.ACCEPTED
    assert update.reviewed_by == world.users["coordinator_a"]
    assert client_for("council_a").get(target).status_code == 403


def test_budget_amounts_in_german(world, client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for("coordinator_a")
    data = {
        "field": world.a.items["field"].pk,
        "year": "2024",
        "label": "Sprachkurse",
        "planned": "1.000.000,00 €",
        "approved": "1.000.000",
        "spent": "1.200.000,50 €",
        "funding_source": "kreis",
    }
    bad = client.post(url(world, "budget_create"), data | {"approved": "1,000.000"})
    assert bad.status_code == 200
    text = bad.content.decode()
    assert "approved (€)" in text or "bewilligt" in text
    assert "1,000.000" in text  # the refused input is named
    assert not BudgetLine.objects.exists()
    both = client.post(url(world, "budget_create"), data | {"measure": world.a.items["measure"].pk})
    assert both.status_code == 200 and not BudgetLine.objects.exists()
    assert client.post(url(world, "budget_create"), data).status_code == 302
    line = BudgetLine.objects.get()
    assert (line.planned, line.approved, line.spent) == (
        Decimal("1000000.00"),
        Decimal("1000000.00"),
        Decimal("1200000.50"),
    )
    page = client_for("council_a").get(url(world, "budget")).content.decode()
    assert "1.200.000,50\u00a0€" in page  # German format, and the overspend warning
    assert "warning-box" in page
    assert (
        reverse("tracking:budget_edit", kwargs={"body": world.a.body.slug, "line": line.public_id})
        not in page
    )
    edit = url(world, "budget_edit", line=line.public_id)
    assert "1.000.000,00" in client.get(edit).content.decode()
    client.post(edit, data | {"version": line.version, "spent": "10"})
    line.refresh_from_db()
    assert line.spent == Decimal(10)
    stale = client.post(edit, data | {"version": line.version - 1, "spent": "20"})
    assert stale.status_code == 409
    assert client.post(url(world, "budget_delete", line=line.public_id)).status_code == 302
    assert not BudgetLine.objects.exists()


def test_status_settings_and_weights(world, client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for("coordinator_a")
    response = client.post(
        url(world, "status_create"),
        {"code": "evaluated", "label": "evaluiert", "phase": "done", "default_percent": "100"},
    )
    assert response.status_code == 302
    option = StatusOption.objects.get(code="evaluated")
    client.post(url(world, "status_move", status=option.public_id), {"direction": "up"})
    codes = list(StatusOption.objects.filter(body=world.a.body).values_list("code", flat=True))
    assert codes[-2] == "evaluated"
    client.post(
        url(world, "status_edit", status=option.public_id),
        {"version": option.version, "label": "ausgewertet", "phase": "done", "default_percent": ""},
    )
    option.refresh_from_db()
    assert (option.label, option.default_percent) == ("ausgewertet", None)
    used = status(world.a.body, "in_progress")
    client.post(url(world, "status_delete", status=used.public_id))
    assert StatusOption.objects.filter(pk=used.pk).exists()  # in use: refused
    client.post(url(world, "status_delete", status=option.public_id))
    assert not StatusOption.objects.filter(pk=option.pk).exists()
    field = world.a.items["field"]
    weights = url(world, "weights", edition=world.a.in_force.public_id)
    assert client.post(
        weights, {f"weight_{field.pk}": "2,5", f"version_{field.pk}": "1"}
    ).status_code in (200, 302)
    assert (
        client.post(weights, {f"weight_{field.pk}": "2.5", f"version_{field.pk}": "1"}).status_code
        == 302
    )
    assert field.weight.weight == Decimal("2.5")
    assert client_for("contributor_a").get(url(world, "status_list")).status_code == 403


def test_plan_edit(world, client_for) -> None:  # type: ignore[no-untyped-def]
    measure = world.a.items["measure"]
    target = url(world, "plan_edit", measure=measure.public_id)
    client = client_for("coordinator_a")
    assert client.post(target, {"weight": "2", "update_interval_months": "40"}).status_code == 200
    assert client.post(target, {"weight": "2", "update_interval_months": "3"}).status_code == 302
    measure.refresh_from_db()
    assert (measure.plan.weight, measure.plan.update_interval_months) == (Decimal(2), 3)


def test_decision_control_shows_the_light(world, client_for) -> None:  # type: ignore[no-untyped-def]
    from teilhabe.council.selectors import decision_control

    user = world.users["coordinator_a"]
    committee = council_services.organization_create(
        user=user, body=world.a.body, data={"name": "Ausschuss", "classification": "Ausschuss"}
    )
    paper = council_services.paper_create(
        user=user,
        body=world.a.body,
        data={"title": "Sachstand Integration", "paper_type": "Mitteilungsvorlage"},
    )
    council_services.consultation_add(
        user=user,
        paper=paper,
        organization=committee,
        planned_date=datetime.date(2024, 1, 10),
        authoritative=True,
    )
    rows = decision_control(user=user, body=world.a.body, today=datetime.date(2024, 2, 1))
    row = next(r for r in rows if r["paper"] == paper)
    assert row["verdict"].light == "delayed"
    assert row["verdict"].reason == "Fälligkeitsdatum überschritten"
    early = decision_control(user=user, body=world.a.body, today=datetime.date(2024, 1, 5))
    assert next(r for r in early if r["paper"] == paper)["verdict"].light == "on_track"
    page = (
        client_for("council_a")
        .get(reverse("council:decision_control", kwargs={"body": world.a.body.slug}))
        .content.decode()
    )
    assert "Sachstand Integration" in page
    assert "light" in page


def _step(outcome="", authoritative=False, planned=None):  # type: ignore[no-untyped-def]
    from teilhabe.council.models import Consultation

    return Consultation(outcome=outcome, authoritative=authoritative, planned_date=planned)


@pytest.mark.parametrize(
    ("steps", "light"),
    [
        ([], "on_track"),
        ([("", True, datetime.date(2024, 3, 1))], "on_track"),
        ([("", True, datetime.date(2024, 1, 1))], "delayed"),
        (
            [("ungeändert beschlossen", False, None), ("", True, datetime.date(2024, 1, 1))],
            "delayed",
        ),
        ([("ungeändert beschlossen", True, None)], "done"),
        ([("geändert beschlossen", True, None), ("", False, datetime.date(2024, 1, 1))], "delayed"),
        (
            [("ungeändert beschlossen", True, None), ("", False, datetime.date(2024, 9, 1))],
            "on_track",
        ),
        ([("abgelehnt", True, None)], "done"),
        ([("zurückgezogen", False, None), ("", True, datetime.date(2024, 1, 1))], "done"),
        ([("vertagt", False, None), ("", True, datetime.date(2024, 1, 1))], "blocked"),
        ([("vertagt", False, None), ("ungeändert beschlossen", True, None)], "done"),
        ([("zur Kenntnis genommen", False, None)], "done"),
    ],
)
def test_decision_lights(steps, light) -> None:  # type: ignore[no-untyped-def]
    from teilhabe.council.selectors import decision_verdict

    verdict = decision_verdict([_step(*s) for s in steps], today=datetime.date(2024, 2, 1))
    assert verdict.light == light
