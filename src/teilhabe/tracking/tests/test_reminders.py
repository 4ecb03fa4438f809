"""``tracking_reminders``: digests of stale measures and the Fortschreibung reminder, once a day."""

import datetime
import io
from typing import Any

import pytest
from conftest import World
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone

from teilhabe.concepts import actors as concept_actors
from teilhabe.concepts import services as concept_services
from teilhabe.concepts.models import Measure
from teilhabe.core.models import AuditEntry, User
from teilhabe.core.services import user_create
from teilhabe.tracking import services, surveys
from teilhabe.tracking.models import StatusOption

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("tracking_reminders", *args, stdout=out)
    return out.getvalue()


def set_email(user: User, email: str) -> None:
    User.objects.filter(pk=user.pk).update(email=email)


@pytest.fixture
def stale_world(world: World) -> World:
    """A's measure (in force since 1 June 2022, never reported) is stale; a second one of the
    same actor is fresh; the partner leads a stale one and has no address."""
    a, coordinator = world.a, world.users["coordinator_a"]
    contact = user_create(
        acting_user=None, username="fd", password="pw-fd-12345", email="fd@alpha.example"
    )
    concept_actors.actor_update(
        user=coordinator,
        actor=a.actor,
        expected_version=a.actor.version,
        data={},
        contacts=[contact],
    )

    def add(title: str, actor: Any) -> Measure:
        return concept_services.item_create(
            user=coordinator,
            model=Measure,
            edition=a.in_force,
            data={"field": a.items["field"], "title": title, "lead_actor": actor},
        )

    fresh = add("Frisch berichtet Alpha", a.actor)
    services.progress_record(
        user=coordinator,
        measure=fresh,
        date=timezone.localdate(),
        status=StatusOption.objects.get(body=a.body, code="in_progress"),
        percent=40,
    )
    add("Partnermaßnahme Alpha", a.partner)
    return world


def test_digest_per_actor_lists_only_stale_measures(stale_world: World) -> None:
    output = run("--body", "03999")
    assert len(mail.outbox) == 1
    digest = mail.outbox[0]
    assert digest.to == ["fd@alpha.example"]
    assert "Sprachcafé Alpha" in digest.body
    assert "Frisch berichtet Alpha" not in digest.body
    assert "Partnermaßnahme Alpha" not in digest.body
    assert "Landkreis Alpha" in output and "KVHS Alpha" in output  # no address: reported
    assert "Landkreis Beta" not in output
    assert AuditEntry.objects.filter(
        agent="tracking_reminders", object_id=stale_world.a.actor.public_id
    ).exists()


def test_second_run_the_same_day_sends_nothing(stale_world: World) -> None:
    run("--body", "03999")
    assert len(mail.outbox) == 1
    run("--body", "03999")
    assert len(mail.outbox) == 1
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    run("--body", "03999", "--today", tomorrow)
    assert len(mail.outbox) == 2


def test_dry_run_sends_and_records_nothing(stale_world: World) -> None:
    before = AuditEntry.objects.count()
    output = run("--body", "03999", "--dry-run")
    assert mail.outbox == []
    assert AuditEntry.objects.count() == before
    assert "fd@alpha.example" in output
    run("--body", "03999")
    assert len(mail.outbox) == 1  # a dry run does not count as sent


def test_survey_address_is_used_when_no_contact_has_one(stale_world: World) -> None:
    world = stale_world
    surveys.survey_create(
        user=world.users["coordinator_a"],
        body=world.a.body,
        title="Abfrage",
        message="",
        due=timezone.localdate() + datetime.timedelta(days=7),
        actors=[world.a.partner],
        emails={world.a.partner.pk: "kvhs@alpha.example"},
    )
    run("--body", "03999")
    assert sorted(m.to[0] for m in mail.outbox) == ["fd@alpha.example", "kvhs@alpha.example"]
    kvhs = next(m for m in mail.outbox if m.to == ["kvhs@alpha.example"])
    assert "Partnermaßnahme Alpha" in kvhs.body


def test_review_reminder_within_180_days(stale_world: World) -> None:
    world = stale_world
    set_email(world.users["coordinator_a"], "koordination@alpha.example")
    set_email(world.users["contributor_a"], "mitwirkend@alpha.example")
    edition = world.a.in_force
    edition.refresh_from_db()
    assert edition.review_due is not None
    far = edition.review_due - datetime.timedelta(days=181)
    run("--body", "03999", "--today", far.isoformat())
    assert not any("koordination@alpha.example" in m.to for m in mail.outbox)
    mail.outbox.clear()
    near = edition.review_due - datetime.timedelta(days=180)
    run("--body", "03999", "--today", near.isoformat())
    review = [m for m in mail.outbox if m.to == ["koordination@alpha.example"]]
    assert len(review) == 1
    assert edition.review_due.strftime("%d.%m.%Y") in review[0].subject + review[0].body
    assert not any("mitwirkend@alpha.example" in m.to for m in mail.outbox)
    mail.outbox.clear()
    run("--body", "03999", "--today", near.isoformat())
    assert mail.outbox == []
    overdue = edition.review_due + datetime.timedelta(days=10)
    output = run("--body", "03999", "--today", overdue.isoformat())
    review = [m for m in mail.outbox if m.to == ["koordination@alpha.example"]]
    assert len(review) == 1 and "10" in review[0].body
    assert "koordination@alpha.example" in output


def test_bad_arguments_are_refused(world: World) -> None:
    with pytest.raises(CommandError):
        run("--today", "31.12.2024")
    with pytest.raises(CommandError):
        run("--body", "09999")
