"""What the public sees: the edition in force, never a draft; the language switch."""

import re
from collections.abc import Callable
from typing import Any

from playwright.sync_api import Page, expect


def test_public_sees_the_edition_in_force_and_never_the_draft(
    page: Page, server: str, draft: Any
) -> None:
    page.goto(f"{server}/wesermarsch/")
    main = page.locator("main")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Integrationskonzept Landkreis Wesermarsch"
    )
    expect(main).to_contain_text("Integrationskonzept 2024")
    expect(main.locator(".badge.in_force").first).to_have_text("in Kraft")
    expect(main.locator("details").first).to_be_visible()
    expect(main).not_to_contain_text(draft.marker)
    expect(main).not_to_contain_text("Integrationskonzept 2026")
    expect(main.locator(".badge.draft")).to_have_count(0)

    # The index lists the body with its edition in force, not the draft.
    page.goto(f"{server}/")
    expect(page.locator("main")).to_contain_text("Landkreis Wesermarsch")
    expect(page.locator("main")).not_to_contain_text("Integrationskonzept 2026")

    # The draft's internal URL sends the public to the login page …
    internal = f"{server}/app/wesermarsch/editions/{draft.edition.public_id}/"
    page.goto(internal)
    expect(page).to_have_url(re.compile(r"/login/\?next="))
    expect(page.get_by_role("heading", level=1)).to_have_text("Anmelden")
    expect(page.locator("main")).not_to_contain_text(draft.marker)

    # … and its public URL does not exist.
    response = page.goto(f"{server}/wesermarsch/editions/{draft.edition.public_id}/")
    assert response is not None
    assert response.status == 404
    expect(page.locator("main")).not_to_contain_text(draft.marker)


def test_a_member_sees_the_draft(
    page: Page, server: str, draft: Any, log_in: Callable[..., None]
) -> None:
    """The counter-check: the marker is there for a member of the body."""
    log_in(page, "wesermarsch-kreistag")
    page.goto(f"{server}/app/wesermarsch/editions/{draft.edition.public_id}/")
    expect(page.locator("main")).to_contain_text(draft.marker)
    # The public page stays the same for members, too.
    page.goto(f"{server}/wesermarsch/")
    expect(page.locator("main")).not_to_contain_text(draft.marker)


def test_language_switch(page: Page, server: str) -> None:
    page.goto(f"{server}/wesermarsch/")
    expect(page.locator("html")).to_have_attribute("lang", "de")
    nav = page.locator(".main-nav")
    expect(nav.get_by_role("link", name="Anmelden")).to_be_visible()

    page.get_by_label("Sprache").select_option("en")
    page.locator(".language-switch").get_by_role("button").click()
    expect(page).to_have_url(f"{server}/wesermarsch/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(nav.get_by_role("link", name="Log in")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Fields of action")
    expect(page.locator(".skip-link")).to_have_text("Skip to content")

    # The choice sticks on the next page.
    page.goto(f"{server}/login/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Log in")

    page.get_by_label("Language").select_option("de")
    page.locator(".language-switch").get_by_role("button", name="Switch").click()
    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(page.get_by_role("heading", level=1)).to_have_text("Anmelden")
    expect(page).to_have_url(f"{server}/login/")
