"""Invitations and answering: links (only their hash stored), e-mails and reminders, draft and
continue, server-side checks, conditions, anonymity on the database rows, a second
submission, expired, revoked and unknown links."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from conftest import World
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from teilhabe.concepts.models import Actor
from teilhabe.core.models import AuditEntry
from teilhabe.core.tokens import token_hash
from teilhabe.participation.models import Answer, Invitation, Response
from teilhabe.participation.questionnaires import logic, services

from .test_questionnaire_builder import Built, make_questionnaire

pytestmark = pytest.mark.django_db
BASE = "http://testserver"


def form_url(token: str) -> str:
    return reverse("questionnaire_public:form", kwargs={"token": token})


def invite(world: World, built: Built, email: str = "fd@example.org") -> tuple[Invitation, str]:
    return services.invitation_create(
        user=world.users["coordinator_a"], questionnaire=built.questionnaire, email=email
    )


def full_answers(built: Built, **override: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        logic.field_name(built.role): "Beratung",
        logic.field_name(built.barriers): "yes",
        logic.field_name(built.languages): "Tigrinya und Dari",
        logic.field_name(built.satisfaction): "4",
        logic.field_name(built.offers): ["Sprachkurs", "Beratung"],
        f"{logic.field_name(built.matrix)}-{field_key(built)}": "wichtig",
        logic.field_name(built.ideas): "Mehr Dolmetscher",
    }
    data.update(override)
    return {k: v for k, v in data.items() if v is not None}


def field_key(built: Built) -> str:
    return logic.matrix_rows(built.questionnaire)[0][0]


def test_only_the_hash_of_the_link_is_stored(world: World) -> None:
    built = make_questionnaire(world)
    invitation, token = invite(world, built)
    assert len(token) >= 40
    assert invitation.token_hash == token_hash(token)
    row = Invitation.objects.filter(pk=invitation.pk).values().get()
    assert token not in repr(row)
    assert Client().get(form_url(token)).status_code == 200


def test_send_and_remind_by_email_with_a_new_link(world: World) -> None:
    built = make_questionnaire(world)
    invitation, first = invite(world, built)
    user = world.users["coordinator_a"]
    token = services.invitation_send(user=user, invitation=invitation, base_url=BASE)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["fd@example.org"]
    assert "Abfrage der Verwaltung" in message.subject
    assert f"{BASE}{form_url(token)}" in message.body
    client = Client()
    # the recipient saves a draft with the e-mailed link
    client.post(form_url(token), {logic.field_name(built.role): "Bildung", "draft": "1"})
    reminder = services.invitation_send(
        user=user, invitation=invitation, base_url=BASE, reminder=True
    )
    assert len(mail.outbox) == 2
    assert f"{BASE}{form_url(reminder)}" in mail.outbox[1].body
    # the earlier links no longer work, the new one does and still has the draft
    assert client.get(form_url(first)).status_code == 404
    assert client.get(form_url(token)).status_code == 404
    page = client.get(form_url(reminder))
    assert page.status_code == 200
    assert re.search(r'value="Bildung"\s+checked', page.content.decode())
    invitation.refresh_from_db()
    assert invitation.sent and invitation.reminded


def test_an_actor_is_invited_with_its_contacts_address_once(world: World) -> None:
    built = make_questionnaire(world)
    actor = world.a.actor
    contact = world.users["contributor_a"]
    contact.email = "kontakt@fd-alpha.example"
    contact.save()
    actor.contacts.add(contact)
    invitation, _token = services.invitation_create(
        user=world.users["coordinator_a"], questionnaire=built.questionnaire, actor=actor
    )
    assert invitation.email == "kontakt@fd-alpha.example"
    with pytest.raises(ValidationError) as error:
        services.invitation_create(
            user=world.users["coordinator_a"], questionnaire=built.questionnaire, actor=actor
        )
    assert error.value.message_dict["actor"] == [_("This actor has been invited already.")]
    with pytest.raises(ValidationError) as error:
        services.invitation_create(
            user=world.users["coordinator_a"],
            questionnaire=built.questionnaire,
            actor=world.b.actor,
        )
    assert "actor" in error.value.message_dict


def test_invite_all_actors_of_a_category(world: World) -> None:
    built = make_questionnaire(world)
    user = world.users["coordinator_a"]
    made = services.invitations_create_for_category(
        user=user, questionnaire=built.questionnaire, category=Actor.Category.DEPARTMENT
    )
    assert [i.actor for i, _t in made] == [world.a.actor]
    again = services.invitations_create_for_category(
        user=user, questionnaire=built.questionnaire, category=Actor.Category.DEPARTMENT
    )
    assert again == []


def test_draft_and_continue_later(world: World) -> None:
    built = make_questionnaire(world)
    invitation, token = invite(world, built)
    client = Client()
    page = client.get(form_url(token))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Wie arbeiten Sie mit Zugewanderten?" in html
    assert "no-store" in page["Cache-Control"]
    # a draft keeps valid answers and leaves out invalid ones; required ones may be missing
    response = client.post(
        form_url(token),
        {
            logic.field_name(built.role): "Verwaltung",
            logic.field_name(built.satisfaction): "9",
            logic.field_name(built.ideas): "Erst einmal so viel",
            "draft": "1",
        },
    )
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.draft == {
        built.key(built.role): "Verwaltung",
        built.key(built.ideas): "Erst einmal so viel",
    }
    assert invitation.submitted is None
    assert not Response.objects.exists()
    html = client.get(form_url(token)).content.decode()
    assert re.search(r'value="Verwaltung"\s+checked', html)
    assert "Erst einmal so viel</textarea>" in html


def test_submit_checks_required_options_and_scale(world: World) -> None:
    built = make_questionnaire(world)
    _invitation, token = invite(world, built)
    client = Client()
    response = client.post(
        form_url(token),
        full_answers(
            built,
            **{
                logic.field_name(built.role): None,
                logic.field_name(built.satisfaction): "7",
                logic.field_name(built.offers): ["Sprachkurs", "Zauberei"],
                logic.field_name(built.languages): "",
            },
        )
        | {"submit": "1"},
    )
    assert response.status_code == 200
    errors = response.context["errors"]
    assert errors == {
        built.key(built.role): _("This question must be answered."),
        built.key(built.languages): _("This question must be answered."),
        built.key(built.satisfaction): _("Choose a value from 1 to 5."),
        built.key(built.offers): _("Choose among the options offered."),
    }
    html = response.content.decode()
    assert f'href="#{logic.field_name(built.role)}-block"' in html  # the summary links to it
    assert not Response.objects.exists()
    wrong_single = client.post(
        form_url(token),
        full_answers(built, **{logic.field_name(built.role): "Polizei"}) | {"submit": "1"},
    )
    assert wrong_single.context["errors"] == {
        built.key(built.role): _("Choose one of the options offered.")
    }


def test_hidden_question_is_not_required_and_its_answer_dropped(world: World) -> None:
    built = make_questionnaire(world)
    invitation, token = invite(world, built)
    response = Client().post(
        form_url(token),
        full_answers(built, **{logic.field_name(built.barriers): "no"}) | {"submit": "1"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("questionnaire_public:thanks", kwargs={"token": token})
    saved = Response.objects.get()
    assert saved.invitation == invitation
    texts = dict(saved.answers.values_list("question_text", "value"))
    assert "Welche Sprachen fehlen?" not in texts  # hidden: dropped although sent
    assert texts["Gibt es Sprachbarrieren?"] == "no"
    assert texts["Zufriedenheit mit der Zusammenarbeit"] == 4
    assert texts["Welche Angebote nutzen Sie?"] == ["Sprachkurs", "Beratung"]
    assert texts["Wie wichtig ist das Handlungsfeld?"] == {field_key(built): "wichtig"}


def test_second_submission_is_refused_with_a_friendly_page(world: World) -> None:
    built = make_questionnaire(world)
    invitation, token = invite(world, built)
    client = Client()
    data = full_answers(built) | {"submit": "1"}
    assert client.post(form_url(token), data).status_code == 302
    thanks = client.get(reverse("questionnaire_public:thanks", kwargs={"token": token}))
    assert thanks.status_code == 200
    assert _("Thank you for your answers") in thanks.content.decode()
    again = client.post(
        form_url(token),
        full_answers(built, **{logic.field_name(built.ideas): "Nachtrag"}) | {"submit": "1"},
    )
    assert again.status_code == 410
    assert _("Already answered") in again.content.decode()
    assert client.get(form_url(token)).status_code == 410
    assert Response.objects.count() == 1
    assert not Answer.objects.filter(value="Nachtrag").exists()
    with pytest.raises(services.AlreadySubmitted):
        services.response_submit(invitation=invitation, values={})
    # the coordinator cannot revoke or re-send an answered invitation
    with pytest.raises(ValidationError):
        services.invitation_send(
            user=world.users["coordinator_a"], invitation=invitation, base_url=BASE
        )


def test_expired_revoked_unknown_and_closed_links(world: World) -> None:
    built = make_questionnaire(world)
    client = Client()
    expired, expired_token = invite(world, built, "alt@example.org")
    Invitation.objects.filter(pk=expired.pk).update(
        expires=timezone.now() - datetime.timedelta(minutes=1)
    )
    page = client.get(form_url(expired_token))
    assert page.status_code == 410
    assert _("This link has expired.") in page.content.decode()
    assert "Traceback" not in page.content.decode()
    posted = client.post(form_url(expired_token), full_answers(built) | {"submit": "1"})
    assert posted.status_code == 410
    revoked, revoked_token = invite(world, built, "weg@example.org")
    services.invitation_revoke(user=world.users["coordinator_a"], invitation=revoked)
    page = client.get(form_url(revoked_token))
    assert page.status_code == 410
    assert _("This link has been withdrawn; maybe you have received a newer one.") in (
        page.content.decode()
    )
    unknown = client.get(form_url("x" * 43))
    assert unknown.status_code == 404
    assert (
        _("This link is unknown. Please check that you copied it completely from the e-mail.")
        in unknown.content.decode()
    )
    _open, open_token = invite(world, built, "spaet@example.org")
    built.questionnaire.closes = timezone.localdate() - datetime.timedelta(days=1)
    built.questionnaire.save()
    assert client.get(form_url(open_token)).status_code == 410
    assert not Response.objects.exists()


def test_anonymous_response_stores_no_identity(world: World) -> None:
    built = make_questionnaire(world, anonymous=True)
    actor = world.a.partner
    invitation, token = services.invitation_create(
        user=world.users["coordinator_a"],
        questionnaire=built.questionnaire,
        actor=actor,
        email="kvhs-leitung@example.org",
    )
    client = Client()
    client.post(form_url(token), {logic.field_name(built.role): "Bildung", "draft": "1"})
    before_submit = set(AuditEntry.objects.values_list("pk", flat=True))
    response = client.post(form_url(token), full_answers(built) | {"submit": "1"})
    assert response.status_code == 302

    saved = Response.objects.get()
    assert saved.invitation_id is None
    # the response's time is kept to the day only
    local = timezone.localtime(saved.submitted)
    assert (local.hour, local.minute, local.second, local.microsecond) == (0, 0, 0, 0)
    # nothing identifying in the rows of the response and its answers
    identities = {
        str(invitation.public_id),
        invitation.token_hash,
        invitation.email,
        actor.name,
        str(actor.public_id),
    }
    rows = [Response.objects.filter(pk=saved.pk).values().get()]
    rows += list(Answer.objects.filter(response=saved).values())
    assert {"id", "response_id", "question_id", "question_text", "value"} == set(rows[1])
    dumped = repr(rows)
    for identity in identities:
        assert identity not in dumped, identity
    assert not any(row.get("invitation_id") for row in rows if "invitation_id" in row)
    # the invitation records only (to the day) that it was answered, and forgets the draft
    invitation.refresh_from_db()
    assert invitation.submitted is not None
    assert timezone.localtime(invitation.submitted).hour == 0
    assert invitation.draft == {}
    assert (
        not hasattr(invitation, "response")
        or Response.objects.filter(invitation=invitation).count() == 0
    )
    # no audit entry of the submission names the invitation; the drafts left none either
    new_entries = AuditEntry.objects.exclude(pk__in=before_submit)
    for entry in AuditEntry.objects.filter(object_type="participation.invitation"):
        assert entry.agent != services.AGENT, "an audit entry ties the invitation to its answers"
    assert [e.object_type for e in new_entries] == ["participation.response"]
    assert invitation.email not in repr(
        list(AuditEntry.objects.filter(object_type="participation.response").values())
    )


def test_named_response_belongs_to_its_invitation(world: World) -> None:
    built = make_questionnaire(world)
    invitation, token = invite(world, built)
    Client().post(form_url(token), full_answers(built) | {"submit": "1"})
    saved = Response.objects.get()
    assert saved.invitation == invitation
    assert AuditEntry.objects.filter(
        object_type="participation.invitation", object_id=invitation.public_id, agent="invitation"
    ).exists()


def test_no_link_is_sent_for_a_closed_questionnaire(world: World) -> None:
    built = make_questionnaire(world)
    invitation, _token = invite(world, built)
    type(built.questionnaire).objects.filter(pk=built.questionnaire.pk).update(
        closes=timezone.localdate() - datetime.timedelta(days=1)
    )
    invitation.questionnaire.refresh_from_db()
    mail.outbox.clear()
    with pytest.raises(ValidationError) as refused:
        services.invitation_send(
            user=world.users["coordinator_a"], invitation=invitation, base_url=BASE
        )
    assert refused.value.messages == [
        "Der Fragebogen ist geschlossen: Antworten werden nicht mehr angenommen."
    ]
    assert mail.outbox == []
