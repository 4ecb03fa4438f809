"""The Maßnahmenabfrage in a real browser: the responsible actor opens its personal link
(no account), reports on its measure, and the coordinator accepts the answer, which only then
reaches the record. axe checks the actor's form.
"""

import datetime

import pytest
from axe_playwright_python.sync_playwright import Axe
from conftest import COORDINATOR
from playwright.sync_api import Page, expect

from teilhabe.concepts import actors as concept_actors
from teilhabe.concepts.models import Edition, Measure
from teilhabe.core.models import User
from teilhabe.tracking import surveys
from teilhabe.tracking.models import ProgressUpdate

BLOCKING_IMPACTS = {"serious", "critical"}
NARRATIVE = "Zwei neue Kurse seit März, Warteliste abgebaut."


@pytest.fixture
def survey_link(server: str) -> dict[str, object]:
    """A survey of Wesermarsch with a link for the KVHS, which leads one measure."""
    coordinator = User.objects.get(username=COORDINATOR)
    edition = Edition.objects.get(concept__body__slug="wesermarsch", status="in_force")
    body = edition.concept.body
    kvhs = concept_actors.actor_create(
        user=coordinator, body=body, data={"name": "KVHS Browsertest", "kind": "external"}
    )
    measure = Measure.objects.get(edition=edition, key="sbb-m2-kmv")
    Measure.objects.filter(pk=measure.pk).update(lead_actor=kvhs)  # test set-up only
    _survey, [issued] = surveys.survey_create(
        user=coordinator,
        body=body,
        title="Abfrage Browsertest",
        message="",
        due=datetime.date.today() + datetime.timedelta(days=14),
        actors=[kvhs],
        emails={kvhs.pk: "kvhs@example.org"},
    )
    return {"url": f"{server}/abfrage/{issued.token}/", "measure": measure}


def test_actor_reports_and_coordinator_accepts(
    page: Page, server: str, survey_link: dict[str, object], log_in
) -> None:  # type: ignore[no-untyped-def]
    measure: Measure = survey_link["measure"]  # type: ignore[assignment]
    page.goto(str(survey_link["url"]))
    expect(page.get_by_role("heading", level=1)).to_have_text("Abfrage Browsertest")
    block = page.locator("fieldset", has_text=measure.title)
    block.get_by_label("Status").select_option(label="in Umsetzung")
    block.get_by_label("Fortschritt (%)").fill("40")
    block.get_by_label("Was ist geschehen? (optional)").fill(NARRATIVE)

    problems = [
        f"{v['id']}: {v['help']}"
        for v in Axe().run(page).response["violations"]
        if v["impact"] in BLOCKING_IMPACTS
    ]
    assert problems == []

    page.locator("main button[type='submit']").click()
    page.wait_for_load_state()
    expect(page.locator("main")).to_contain_text("wartet auf Prüfung")

    update = ProgressUpdate.objects.get(measure=measure)
    assert (update.state, update.percent, update.narrative) == ("pending", 40, NARRATIVE)
    assert update.status.label == "in Umsetzung"

    # the coordinator reviews it: only now it counts
    log_in(page)
    page.goto(f"{server}/app/wesermarsch/tracking/review/")
    row = page.locator("main tr", has_text=measure.title)
    row.get_by_role("link", name="Prüfen").click()
    page.wait_for_load_state()
    page.get_by_label("übernehmen").check()
    page.locator("main button[type='submit']").click()
    page.wait_for_load_state()

    update.refresh_from_db()
    assert update.state == "accepted"
    page.goto(f"{server}/app/wesermarsch/tracking/measures/{measure.public_id}/")
    expect(page.locator("main")).to_contain_text(NARRATIVE)
    expect(page.locator("main")).to_contain_text("40")
