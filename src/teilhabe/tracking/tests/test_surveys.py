"""Maßnahmenabfrage: links per responsible actor, e-mails, the public answer page, review gate."""

import datetime
import re
from dataclasses import dataclass
from typing import Any

import pytest
from conftest import World
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from teilhabe.concepts import actors as concept_actors
from teilhabe.concepts import services as concept_services
from teilhabe.concepts.models import Measure
from teilhabe.core.models import AuditEntry
from teilhabe.core.services import user_create
from teilhabe.core.tokens import token_hash
from teilhabe.tracking import services, surveys
from teilhabe.tracking.models import ProgressUpdate, StatusOption, Survey, SurveyLink
from teilhabe.tracking.selectors import measure_states

pytestmark = pytest.mark.django_db

TOKEN_URL = re.compile(r"https?://testserver/abfrage/([A-Za-z0-9_-]{40,})/")


@dataclass
class Setup:
    world: World
    second: Measure  # a second measure of the actor of A
    partner_measure: Measure  # led by the partner (no contacts, address entered)


@pytest.fixture
def setup(world: World) -> Setup:
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

    second = add("Lotsenprojekt Alpha", a.actor)
    partner_measure = add("Kursberatung Alpha", a.partner)
    return Setup(world=world, second=second, partner_measure=partner_measure)


def english(client: Client) -> Client:
    client.cookies["django_language"] = "en"
    return client


def url(world: World, name: str, **kwargs: Any) -> str:
    return reverse(f"tracking:{name}", kwargs={"body": world.a.body.slug, **kwargs})


def create_by_view(setup: Setup, client: Client, **extra: str) -> Any:
    a = setup.world.a
    data = {
        "title": "Sachstand Frühjahr",
        "message": "Bitte bis Ende Mai.",
        "due": (timezone.localdate() + datetime.timedelta(days=14)).isoformat(),
        "actors": [str(a.actor.pk), str(a.partner.pk)],
        f"email_{a.partner.pk}": "kvhs@alpha.example",
        "send_now": "on",
        **extra,
    }
    return client.post(url(setup.world, "survey_create"), data)


def tokens_in_mails() -> dict[str, str]:
    """Recipient → token of the link in its e-mail."""
    found = {}
    for message in mail.outbox:
        match = TOKEN_URL.search(message.body)
        assert match, message.body
        found[message.to[0]] = match.group(1)
    return found


def make_survey(setup: Setup, **kwargs: Any) -> tuple[Survey, list[surveys.Issued]]:
    world = setup.world
    params: dict[str, Any] = {
        "user": world.users["coordinator_a"],
        "body": world.a.body,
        "title": "Abfrage",
        "message": "",
        "due": timezone.localdate() + datetime.timedelta(days=10),
        "actors": [world.a.actor, world.a.partner],
    }
    return surveys.survey_create(**(params | kwargs))


def answer_url(token: str) -> str:
    return reverse("tracking_public:survey_answer", kwargs={"token": token})


def status(world: World, code: str) -> StatusOption:
    return StatusOption.objects.get(body=world.a.body, code=code)


# --- creating and sending -------------------------------------------------------------------


def test_create_sends_one_mail_per_actor_and_stores_only_the_hash(
    setup: Setup, client_for: Any
) -> None:
    client = english(client_for("coordinator_a"))
    response = create_by_view(setup, client)
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    survey = Survey.objects.get()
    assert survey.edition == setup.world.a.in_force
    assert survey.due == timezone.localdate() + datetime.timedelta(days=14)
    assert sorted(m.to[0] for m in mail.outbox) == ["fd@alpha.example", "kvhs@alpha.example"]
    fd_mail = next(m for m in mail.outbox if m.to == ["fd@alpha.example"])
    assert "Sprachcafé Alpha" in fd_mail.body and "Lotsenprojekt Alpha" in fd_mail.body
    assert "Kursberatung Alpha" not in fd_mail.body  # only the actor's own measures
    assert "Bitte bis Ende Mai." in fd_mail.body
    tokens = tokens_in_mails()
    page = response.content.decode()
    for token in tokens.values():
        assert token in page  # shown once on the page
        link = SurveyLink.objects.get(token_hash=token_hash(token))
        assert token not in str(list(SurveyLink.objects.values_list()))
        expected = surveys.link_expiry(survey.due)
        assert link.expires == expected
        assert timezone.localtime(link.expires).date() == survey.due + datetime.timedelta(days=31)
        assert link.sent is not None
    # later visits of the page never show a token again
    detail = client.get(url(setup.world, "survey_detail", survey=survey.public_id))
    assert detail.status_code == 200
    assert not any(t in detail.content.decode() for t in tokens.values())
    assert "Fachdienst Migration Alpha" in detail.content.decode()


def test_create_without_sending_shows_the_links(setup: Setup, client_for: Any) -> None:
    client = client_for("coordinator_a")
    data = {"send_now": ""}
    response = create_by_view(setup, client, **data)
    assert mail.outbox == []
    found = TOKEN_URL.findall(response.content.decode())
    assert len(set(found)) == 2
    assert all(SurveyLink.objects.filter(token_hash=token_hash(t), sent=None) for t in found)


def test_due_date_in_the_past_and_other_actors_are_refused(setup: Setup) -> None:
    world = setup.world
    with pytest.raises(ValidationError) as error:
        make_survey(setup, due=timezone.localdate() - datetime.timedelta(days=1))
    assert "due" in error.value.message_dict
    stranger = concept_actors.actor_create(
        user=world.users["coordinator_a"],
        body=world.a.body,
        key="verein",
        data={"name": "Verein ohne Maßnahmen", "kind": "external", "category": "association"},
    )
    with pytest.raises(ValidationError) as error:
        make_survey(setup, actors=[stranger])
    assert "actors" in error.value.message_dict
    assert Survey.objects.count() == 0 and SurveyLink.objects.count() == 0


def test_create_form_shows_the_past_due_error(setup: Setup, client_for: Any) -> None:
    client = english(client_for("coordinator_a"))
    yesterday = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    response = create_by_view(setup, client, due=yesterday)
    assert response.status_code == 200
    assert "The due date lies in the past." in response.content.decode()
    assert Survey.objects.count() == 0 and mail.outbox == []


def test_resend_issues_a_fresh_token_and_the_old_link_stops(setup: Setup, client_for: Any) -> None:
    client = client_for("coordinator_a")
    create_by_view(setup, client)
    old = tokens_in_mails()["fd@alpha.example"]
    link = SurveyLink.objects.get(token_hash=token_hash(old))
    mail.outbox.clear()
    response = client.post(
        url(
            setup.world,
            "survey_link_send",
            survey=link.survey.public_id,
            survey_link=link.public_id,
        ),
        {"version": link.version, "email": "neu@alpha.example"},
    )
    assert response.status_code == 200
    new = tokens_in_mails()["neu@alpha.example"]
    assert new != old and new in response.content.decode()
    link.refresh_from_db()
    assert link.token_hash == token_hash(new) and link.email == "neu@alpha.example"
    assert client_for("anonymous").get(answer_url(old)).status_code == 404
    assert client_for("anonymous").get(answer_url(new)).status_code == 200
    # a stale version (the form of before) changes nothing
    mail.outbox.clear()
    response = client.post(
        url(
            setup.world,
            "survey_link_send",
            survey=link.survey.public_id,
            survey_link=link.public_id,
        ),
        {"version": link.version - 1},
    )
    assert response.status_code == 302 and mail.outbox == []
    link.refresh_from_db()
    assert link.token_hash == token_hash(new)


def test_send_open_reminds_only_those_who_have_not_answered(setup: Setup, client_for: Any) -> None:
    world = setup.world
    survey, issued = make_survey(setup, emails={world.a.partner.pk: "kvhs@alpha.example"})
    fd = next(i for i in issued if i.link.actor == world.a.actor)
    surveys.survey_answer(
        link=fd.link,
        answers=[
            surveys.Answer(m.pk, status(world, "in_progress"), 40, "")
            for m in surveys.actor_measures(survey.edition, world.a.actor)
        ],
    )
    response = client_for("coordinator_a").post(
        url(world, "survey_send_open", survey=survey.public_id)
    )
    assert response.status_code == 200
    assert [m.to for m in mail.outbox] == [["kvhs@alpha.example"]]


def test_revoke_closes_the_link(setup: Setup, client_for: Any) -> None:
    survey, issued = make_survey(setup)
    item = issued[0]
    response = client_for("coordinator_a").post(
        url(
            setup.world,
            "survey_link_revoke",
            survey=survey.public_id,
            survey_link=item.link.public_id,
        ),
        {"version": item.link.version},
    )
    assert response.status_code == 302
    page = english(client_for("anonymous")).get(answer_url(item.token))
    assert page.status_code == 410
    assert "withdrawn" in page.content.decode()
    assert "Traceback" not in page.content.decode()


def test_only_coordinators_of_the_body_reach_the_surveys(setup: Setup, client_for: Any) -> None:
    survey, _issued = make_survey(setup)
    for role in ("contributor_a", "council_a"):
        assert client_for(role).get(url(setup.world, "survey_list")).status_code == 403
    foreign = reverse(
        "tracking:survey_detail",
        kwargs={"body": setup.world.b.body.slug, "survey": survey.public_id},
    )
    assert client_for("coordinator_b").get(foreign).status_code == 404
    assert client_for("coordinator_a").get(url(setup.world, "survey_list")).status_code == 200


# --- the public answer page -----------------------------------------------------------------


def answer_data(page_measures: list[Measure], **values: Any) -> dict[str, str]:
    data = {}
    for measure in page_measures:
        prefix = f"m{measure.pk}"
        data[f"{prefix}-status"] = values.get("status", "in_progress")
        data[f"{prefix}-percent"] = str(values.get("percent", 60))
        data[f"{prefix}-narrative"] = values.get("narrative", f"Bericht {measure.title}")
    return data


def test_answer_page_is_prefilled_and_answers_wait_for_review(
    setup: Setup, client_for: Any
) -> None:
    world = setup.world
    measure = world.a.items["measure"]
    services.progress_record(
        user=world.users["coordinator_a"],
        measure=measure,
        date=timezone.localdate() - datetime.timedelta(days=30),
        status=status(world, "preparing"),
        percent=15,
        narrative="Räume gefunden",
    )
    survey, issued = make_survey(setup)
    fd = next(i for i in issued if i.link.actor == world.a.actor)
    client = client_for("anonymous")
    page = client.get(answer_url(fd.token))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Sprachcafé Alpha" in html and "Lotsenprojekt Alpha" in html
    assert "Kursberatung Alpha" not in html
    assert "Räume gefunden" in html and 'value="15"' in html
    assert re.search(r'<option value="preparing" selected>', html)
    assert page["X-Robots-Tag"].startswith("noindex")
    before = measure_states(survey.edition, today=timezone.localdate())[measure.pk]

    response = client.post(
        answer_url(fd.token),
        answer_data([measure, setup.second], status="implemented", percent=100),
    )
    assert response.status_code == 302
    pending = ProgressUpdate.objects.filter(link=fd.link)
    assert pending.count() == 2
    assert {u.state for u in pending} == {ProgressUpdate.State.PENDING}
    assert {u.source for u in pending} == {ProgressUpdate.Source.SURVEY}
    assert {u.percent for u in pending} == {100}
    fd.link.refresh_from_db()
    assert fd.link.answered is not None
    assert (
        AuditEntry.objects.filter(
            agent="Fachdienst Migration Alpha", object_type="tracking.progressupdate"
        ).count()
        == 2
    )
    # nothing reaches the record before the review
    after = measure_states(survey.edition, today=timezone.localdate())[measure.pk]
    assert (after.status, after.percent, after.update) == (
        before.status,
        before.percent,
        before.update,
    )
    # the page now shows the answer that waits for review
    again = client.get(answer_url(fd.token)).content.decode()
    assert 'value="100"' in again and '<option value="implemented" selected>' in again


def test_second_submission_replaces_the_pending_answers(setup: Setup, client_for: Any) -> None:
    world = setup.world
    measures = [world.a.items["measure"], setup.second]
    _survey, issued = make_survey(setup)
    fd = next(i for i in issued if i.link.actor == world.a.actor)
    client = client_for("anonymous")
    client.post(answer_url(fd.token), answer_data(measures, percent=30))
    # the coordinator accepts the first measure's answer meanwhile
    first = ProgressUpdate.objects.get(link=fd.link, measure=measures[0])
    services.progress_review(
        user=world.users["coordinator_a"], update=first, accept=True, expected_version=first.version
    )
    client.post(answer_url(fd.token), answer_data(measures, percent=70))
    live = ProgressUpdate.objects.filter(link=fd.link).order_by("measure_id", "id")
    assert [(u.measure_id, u.state, u.percent) for u in live] == sorted(
        [
            (measures[0].pk, ProgressUpdate.State.ACCEPTED, 30),
            (measures[0].pk, ProgressUpdate.State.PENDING, 70),
            (measures[1].pk, ProgressUpdate.State.PENDING, 70),
        ]
    )
    replaced = ProgressUpdate.all_objects.filter(link=fd.link, is_deleted=True)
    assert [(u.measure_id, u.percent) for u in replaced] == [(measures[1].pk, 30)]


def test_a_stale_link_object_cannot_answer_after_revocation(setup: Setup) -> None:
    """Revoked between opening the page and sending it: the service checks under a lock."""
    world = setup.world
    _survey, issued = make_survey(setup)
    fd = next(i for i in issued if i.link.actor == world.a.actor)
    stale = SurveyLink.objects.get(pk=fd.link.pk)
    surveys.link_revoke(user=world.users["coordinator_a"], link=fd.link, expected_version=1)
    with pytest.raises(PermissionDenied):
        surveys.survey_answer(
            link=stale,
            answers=[surveys.Answer(world.a.items["measure"].pk, status(world, "planned"), 0, "")],
        )
    assert ProgressUpdate.objects.count() == 0


def test_answers_for_other_measures_are_refused(setup: Setup) -> None:
    world = setup.world
    _survey, issued = make_survey(setup)
    fd = next(i for i in issued if i.link.actor == world.a.actor)
    with pytest.raises(ValidationError):
        surveys.survey_answer(
            link=fd.link,
            answers=[surveys.Answer(setup.partner_measure.pk, status(world, "planned"), 0, "")],
        )
    assert ProgressUpdate.objects.count() == 0


def test_invalid_percent_is_refused_with_the_field_named(setup: Setup, client_for: Any) -> None:
    world = setup.world
    _survey, issued = make_survey(setup)
    fd = next(i for i in issued if i.link.actor == world.a.actor)
    client = english(client_for("anonymous"))
    response = client.post(
        answer_url(fd.token), answer_data([world.a.items["measure"], setup.second], percent=120)
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "nothing was saved" in html
    assert "less than or equal to 100" in html
    assert ProgressUpdate.objects.count() == 0


def test_expired_revoked_and_unknown_tokens_get_friendly_pages(
    setup: Setup, client_for: Any
) -> None:
    world = setup.world
    old_day = datetime.date(2020, 1, 1)
    _survey, issued = make_survey(setup, today=old_day, due=datetime.date(2020, 1, 10))
    client = english(client_for("anonymous"))
    expired = client.get(answer_url(issued[0].token))
    assert expired.status_code == 410
    assert "09.02.2020" in expired.content.decode() or "2020" in expired.content.decode()
    posted = client.post(
        answer_url(issued[0].token), answer_data([world.a.items["measure"], setup.second])
    )
    assert posted.status_code == 410
    unknown = client.get(answer_url("x" * 43))
    assert unknown.status_code == 404
    assert "not known" in unknown.content.decode()
    assert client.post(answer_url("nope"), {}).status_code == 404
    assert ProgressUpdate.objects.count() == 0
    # an expired survey cannot be re-sent either
    with pytest.raises(ValidationError):
        surveys.link_resend(
            user=world.users["coordinator_a"],
            link=issued[0].link,
            expected_version=issued[0].link.version,
            url_for=lambda t: t,
        )
