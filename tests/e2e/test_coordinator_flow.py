"""The coordinator's story, click by click, in the German UI."""

import re
from collections.abc import Callable

from playwright.sync_api import Locator, Page, expect

EDITED_TITLE = "Weiterführende Sprachkurse (B1 bis C1)"
OLD_DESCRIPTION = "Kurse an der Kreisvolkshochschule in Brake"
NEW_DESCRIPTION = "Kurse an der Volkshochschule in Brake und online"
DROPPED = "Hauptschulabschluss ermöglichen, Vermittlung an weiterführende Angebote"
REASON = "Das Jobcenter übernimmt die Vermittlung."


def with_hidden_context(action: str, item: str) -> re.Pattern[str]:
    """The accessible name of "action<span class=visually-hidden>: item</span>"."""
    return re.compile(rf"^{re.escape(action)}\s*:\s*{re.escape(item)}$")


def messages(page: Page) -> Locator:
    return page.locator("main .messages")


def test_coordinator_edits_starts_a_fortschreibung_and_compares(
    page: Page, server: str, log_in: Callable[..., None]
) -> None:
    # Log in through the form and land on the dashboard of the one body.
    log_in(page)
    expect(page).to_have_url(f"{server}/app/wesermarsch/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Landkreis Wesermarsch")
    expect(page.locator("main")).to_contain_text("Kein Entwurf in Arbeit")

    # Open the edition in force.
    page.locator("main").get_by_role("link", name="Integrationskonzept 2024").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Integrationskonzept 2024")
    expect(page.locator("main .badge.in_force").first).to_have_text("in Kraft")

    # Open a measure and edit it.
    page.locator("main").get_by_role("link", name="weiterführende Sprachkurse", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("weiterführende Sprachkurse")
    page.locator("main .actions").get_by_role("link", name="Bearbeiten", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Maßnahme bearbeiten")
    expect(page.locator("main .warning-box")).to_contain_text("in Kraft")
    page.get_by_label("Titel").fill(EDITED_TITLE)
    page.get_by_label("Beschreibung").fill(OLD_DESCRIPTION)
    page.get_by_role("button", name="Speichern").click()
    expect(messages(page)).to_contain_text(f"„{EDITED_TITLE}“")
    expect(messages(page)).to_contain_text("gespeichert")
    expect(page.get_by_role("heading", level=1)).to_have_text(EDITED_TITLE)
    expect(page.locator("main dl.meta")).to_contain_text(OLD_DESCRIPTION)

    # Start the next edition (Fortschreibung) from the one in force.
    page.locator("main p.muted").get_by_role("link", name="Integrationskonzept 2024").click()
    page.locator("main .actions").get_by_role("link", name="Neue Ausgabe daraus").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("2024")
    page.get_by_label("Bezeichnung der neuen Ausgabe").fill("2026")
    page.get_by_role("button", name="Speichern").click()
    expect(messages(page)).to_contain_text("Entwurf")
    expect(page.get_by_role("heading", level=1)).to_have_text("Integrationskonzept 2026")
    expect(page.locator("main .badge.draft").first).to_have_text("Entwurf")
    draft_url = page.url

    # In the draft: change the description of the measure edited above …
    page.locator("main").get_by_role("link", name=EDITED_TITLE, exact=True).click()
    page.locator("main .actions").get_by_role("link", name="Bearbeiten", exact=True).click()
    expect(page.locator("main .warning-box")).to_have_count(0)  # a draft, not in force
    page.get_by_label("Beschreibung").fill(NEW_DESCRIPTION)
    page.get_by_role("button", name="Speichern").click()
    expect(messages(page)).to_contain_text("gespeichert")
    expect(page.locator("main dl.meta")).to_contain_text(NEW_DESCRIPTION)

    # … and delete another measure, giving the reason.
    page.goto(draft_url)
    page.locator("main").get_by_role("link", name=with_hidden_context("Löschen", DROPPED)).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(DROPPED)
    page.get_by_label("Begründung").fill(REASON)
    page.locator("main").get_by_role("button", name="Löschen").click()
    expect(messages(page)).to_contain_text("gelöscht")
    expect(page).to_have_url(draft_url)
    expect(page.locator("main").get_by_role("link", name=DROPPED, exact=True)).to_have_count(0)

    # The comparison marks the changed words and names the removed measure with its reason.
    page.locator("main .actions").get_by_role("link", name="Mit 2024 vergleichen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vergleich: 2026 mit 2024")
    changed = page.locator("li.diff-item.diff-changed", has_text=EDITED_TITLE)
    expect(changed).to_have_count(1)
    expect(changed.locator("del").first).to_contain_text("Kreisvolkshochschule")
    expect(changed.locator("ins", has_text="online")).to_have_count(1)
    removed = page.locator("li.diff-item.diff-removed", has_text=DROPPED)
    expect(removed).to_have_count(1)
    expect(removed).to_contain_text(REASON)
    expect(page.locator("main")).to_contain_text(re.compile(r"\d+\s*entfernt"))

    # Log out.
    page.get_by_role("button", name=re.compile(r"^Abmelden")).click()
    expect(page).to_have_url(f"{server}/")
    expect(page.locator(".main-nav").get_by_role("link", name="Anmelden")).to_be_visible()

    # The public page shows the edition in force (with the edit made to it), not the draft.
    page.goto(f"{server}/wesermarsch/")
    expect(page.locator("main")).to_contain_text(EDITED_TITLE)
    expect(page.locator("main")).to_contain_text(DROPPED)
    expect(page.locator("main")).not_to_contain_text(NEW_DESCRIPTION)
    expect(page.locator("main")).not_to_contain_text("(2026)")
