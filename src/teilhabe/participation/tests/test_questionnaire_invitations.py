"""The invitation pages of the coordinator: invite, the link shown once, send, remind everybody
who has not answered, a new link, revoke, a whole category."""

from __future__ import annotations

import re
from typing import Any

import pytest
from conftest import World
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils.translation import gettext as _

from teilhabe.participation.models import Invitation
from teilhabe.participation.questionnaires import logic, services

from .test_questionnaire_builder import Built, make_questionnaire

pytestmark = pytest.mark.django_db
LINK = re.compile(r"http://testserver/fragebogen/([A-Za-z0-9_-]{40,})/")


def url(world: World, built: Built, name: str, **kwargs: Any) -> str:
    return reverse(
        f"participation:{name}",
        kwargs={
            "body": world.a.body.slug,
            "questionnaire": built.questionnaire.public_id,
            **kwargs,
        },
    )


def test_invite_send_and_the_link_shown_once(world: World, client_for: Any) -> None:
    built = make_questionnaire(world)
    client = client_for("coordinator_a")
    page_url = url(world, built, "questionnaire_invitations")
    response = client.post(
        page_url, {"email": "Jugendamt@Example.org", "send_now": "on"}, follow=True
    )
    assert response.status_code == 200
    html = response.content.decode()
    shown = LINK.findall(html)
    assert len(shown) == 1
    assert len(mail.outbox) == 1
    assert f"/fragebogen/{shown[0]}/" in mail.outbox[0].body  # the same link as e-mailed
    assert "jugendamt@example.org" in html
    # only once: the next visit shows no link
    assert not LINK.findall(client.get(page_url).content.decode())
    assert Client().get(f"/fragebogen/{shown[0]}/").status_code == 200


def test_invitation_form_names_the_problem(world: World, client_for: Any) -> None:
    built = make_questionnaire(world)
    client = client_for("coordinator_a")
    page_url = url(world, built, "questionnaire_invitations")
    empty = client.post(page_url, {})
    assert empty.status_code == 200
    assert empty.context["form"].non_field_errors() == [
        _("Choose an actor or enter an e-mail address.")
    ]
    client.post(page_url, {"email": "a@example.org"})
    twice = client.post(page_url, {"email": "a@example.org"})
    assert twice.context["form"].errors["email"] == [_("This address has been invited already.")]
    assert Invitation.objects.count() == 1


def test_who_has_not_answered_and_reminders(world: World, client_for: Any) -> None:
    built = make_questionnaire(world)
    user = world.users["coordinator_a"]
    waiting, _t1 = services.invitation_create(
        user=user, questionnaire=built.questionnaire, email="wartet@example.org"
    )
    services.invitation_send(user=user, invitation=waiting, base_url="http://testserver")
    done, _done_token = services.invitation_create(
        user=user, questionnaire=built.questionnaire, email="fertig@example.org"
    )
    services.response_submit(
        invitation=done,
        values={
            built.key(built.role): "Bildung",
            built.key(built.barriers): "no",
        },
    )
    unsent, _t3 = services.invitation_create(
        user=user, questionnaire=built.questionnaire, actor=world.a.partner
    )
    client = client_for("coordinator_a")
    page = client.get(url(world, built, "questionnaire_invitations"))
    open_ones = [r["invitation"] for r in page.context["open_rows"]]
    assert set(open_ones) == {waiting, unsent}
    mail.outbox.clear()
    client.post(url(world, built, "questionnaire_remind_all"))
    assert [m.to for m in mail.outbox] == [["wartet@example.org"]]  # unsent has no address
    assert "Reminder" in mail.outbox[0].subject or "Erinnerung" in mail.outbox[0].subject
    waiting.refresh_from_db()
    assert waiting.reminded is not None
    # a new link for the one without an address, shown once on the page
    response = client.post(
        url(world, built, "questionnaire_invitation_link", invitation=unsent.public_id),
        follow=True,
    )
    tokens = LINK.findall(response.content.decode())
    assert len(tokens) == 1
    assert Client().get(f"/fragebogen/{tokens[0]}/").status_code == 200
    # revoke: the link stops working
    client.post(url(world, built, "questionnaire_invitation_revoke", invitation=unsent.public_id))
    assert Client().get(f"/fragebogen/{tokens[0]}/").status_code == 410
    # an answered invitation cannot be revoked; its state stays
    client.post(url(world, built, "questionnaire_invitation_revoke", invitation=done.public_id))
    done.refresh_from_db()
    assert done.revoked is None and done.submitted is not None
    assert logic.question_key(built.role) in {
        str(a.question.public_id) for a in done.response.answers.all()
    }


def test_invite_a_category_from_the_page(world: World, client_for: Any) -> None:
    built = make_questionnaire(world)
    client = client_for("coordinator_a")
    response = client.post(
        url(world, built, "questionnaire_invite_bulk"),
        {"category": "adult_education"},
        follow=True,
    )
    assert response.status_code == 200
    assert len(LINK.findall(response.content.decode())) == 1
    assert Invitation.objects.get().actor == world.a.partner
    assert not mail.outbox  # made, not sent
