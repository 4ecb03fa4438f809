"""The questionnaire as an invited recipient in a real browser: open the personal link, answer
(a conditional question appears), save for later, reload and continue, submit, see the
thank-you page; the response is in the database. axe checks the form.

The buttons and fields are found by their names (``draft``, ``submit``, ``q-…``), so the test
holds in German and in English.
"""

import re
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from conftest import COORDINATOR
from playwright.sync_api import Page, expect

from teilhabe.concepts.models import Edition
from teilhabe.core.models import User
from teilhabe.participation import services as process_services
from teilhabe.participation.models import Invitation, Question, Response
from teilhabe.participation.questionnaires import logic, services

BLOCKING_IMPACTS = {"serious", "critical"}


@pytest.fixture
def invited(server: str) -> dict[str, Any]:
    """A questionnaire of Wesermarsch (made with the services) and one personal link."""
    coordinator = User.objects.get(username=COORDINATOR)
    edition = Edition.objects.get(concept__body__slug="wesermarsch", status="in_force")
    process = process_services.process_create(
        user=coordinator, edition=edition, title="Browsertest Beteiligung"
    )
    questionnaire = services.questionnaire_create(
        user=coordinator, process=process, title="Abfrage Browsertest"
    )
    section = services.section_create(user=coordinator, questionnaire=questionnaire, title="Teil")

    def add(**data: Any) -> Question:
        return services.question_create(
            user=coordinator, questionnaire=questionnaire, data={"section": section, **data}
        )

    role = add(
        kind="single", text="Ihr Arbeitsbereich?", choices=["Beratung", "Bildung"], required=True
    )
    barriers = add(kind="yes_no", text="Gibt es Sprachbarrieren?", required=True)
    languages = add(
        kind="text",
        text="Welche Sprachen fehlen?",
        required=True,
        condition_question=barriers,
        condition_value="yes",
    )
    scale = add(kind="scale", text="Wie zufrieden sind Sie?")
    invitation, token = services.invitation_create(
        user=coordinator, questionnaire=questionnaire, email="fachdienst@example.org"
    )
    return {
        "url": f"{server}/fragebogen/{token}/",
        "invitation": invitation,
        "role": logic.field_name(role),
        "barriers": logic.field_name(barriers),
        "languages": logic.field_name(languages),
        "scale": logic.field_name(scale),
    }


def test_recipient_answers_saves_continues_and_submits(page: Page, invited: dict[str, Any]) -> None:
    page.goto(invited["url"])
    expect(page.get_by_role("heading", level=1)).to_have_text("Abfrage Browsertest")
    languages_block = page.locator(f"#{invited['languages']}-block")
    # hidden until "yes" is chosen (the server would ignore its answer anyway)
    expect(languages_block).to_be_hidden()

    page.locator(f"input[name='{invited['role']}'][value='Bildung']").check()
    page.locator(f"input[name='{invited['barriers']}'][value='yes']").check()
    expect(languages_block).to_be_visible()
    page.locator(f"#{invited['languages']}").fill("Tigrinya, Dari")
    page.locator("button[name='draft']").click()
    page.wait_for_load_state()
    expect(page.locator("main .messages")).to_be_visible()

    invitation = Invitation.objects.get(pk=invited["invitation"].pk)
    assert invitation.submitted is None
    assert "Tigrinya, Dari" in invitation.draft.values()

    # later: the same link again, the answers are still there
    page.goto(invited["url"])
    expect(page.locator(f"input[name='{invited['role']}'][value='Bildung']")).to_be_checked()
    expect(page.locator(f"input[name='{invited['barriers']}'][value='yes']")).to_be_checked()
    expect(languages_block).to_be_visible()
    expect(page.locator(f"#{invited['languages']}")).to_have_value("Tigrinya, Dari")

    problems = []
    for violation in Axe().run(page).response["violations"]:
        if violation["impact"] in BLOCKING_IMPACTS:
            problems.append(f"{violation['id']}: {violation['help']}")
    assert problems == []

    page.locator(f"input[name='{invited['scale']}'][value='4']").check()
    page.locator("button[name='submit']").click()
    page.wait_for_load_state()
    expect(page).to_have_url(re.compile(r"/fragebogen/[^/]+/danke/$"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.locator("main")).to_contain_text("Abfrage Browsertest")

    response = Response.objects.get(invitation=invited["invitation"])
    answers = dict(response.answers.values_list("question_text", "value"))
    assert answers == {
        "Ihr Arbeitsbereich?": "Bildung",
        "Gibt es Sprachbarrieren?": "yes",
        "Welche Sprachen fehlen?": "Tigrinya, Dari",
        "Wie zufrieden sind Sie?": 4,
    }

    # the link again: already answered, a friendly page with status 410
    again = page.goto(invited["url"])
    assert again is not None and again.status == 410
    expect(page.locator("main button[name='submit']")).to_have_count(0)
    assert Response.objects.filter(questionnaire=response.questionnaire).count() == 1
