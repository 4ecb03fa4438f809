"""Accessibility: keyboard only, without JavaScript, and axe-core on the main pages."""

import re
from collections.abc import Callable
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import BrowserContext, Page, expect

from teilhabe.concepts.models import Edition, Measure

BLOCKING_IMPACTS = {"serious", "critical"}

FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  return {tag: el.tagName.toLowerCase(), id: el.id, name: el.getAttribute("name") || "",
          type: el.getAttribute("type") || "", cls: el.className || "",
          text: (el.innerText || "").trim()};
}"""

CONTROLS = """(form) => Array.from(form.elements)
  .filter(el => el.type !== "hidden" && !el.disabled && el.tagName !== "FIELDSET")
  .map(el => el.id || el.getAttribute("name") || el.type)"""

OUTLINE = """() => {
  const style = getComputedStyle(document.activeElement);
  return {style: style.outlineStyle, width: style.outlineWidth};
}"""


def focused(page: Page) -> dict[str, str] | None:
    return page.evaluate(FOCUSED)


def key_of(element: dict[str, str]) -> str:
    return element["id"] or element["name"] or element["type"]


def assert_visible_outline(page: Page) -> None:
    outline = page.evaluate(OUTLINE)
    assert outline["style"] != "none", outline
    assert outline["width"] not in ("0px", ""), outline


def tab_until(page: Page, wanted: str, limit: int = 120) -> list[str]:
    """Press Tab until the element with id ``wanted`` has the focus; the keys passed on the way."""
    passed: list[str] = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        element = focused(page)
        if element is None:
            continue
        key = key_of(element)
        if not passed or passed[-1] != key:  # a date input takes several Tabs
            passed.append(key)
        if key == wanted:
            return passed
    raise AssertionError(f"#{wanted} not reached with Tab; focus went through {passed}")


# Puts the start of sequential focus navigation at the top of the document, as after loading a
# page without autofocus (Django's login form autofocuses the user name field).
FROM_THE_TOP = """() => {
  const start = document.createElement("span");
  start.tabIndex = -1;
  document.body.prepend(start);
  start.focus();
  start.blur();
  return start;
}"""


def check_skip_link(page: Page) -> None:
    """The skip link is the first tab stop, visibly focused, and moves the focus to #main."""
    start = page.evaluate_handle(FROM_THE_TOP)
    page.keyboard.press("Tab")
    start.evaluate("el => el.remove()")
    element = focused(page)
    assert element is not None
    assert "skip-link" in element["cls"], f"first tab stop is {element}, not the skip link"
    expect(page.locator(".skip-link")).to_be_in_viewport()
    assert_visible_outline(page)
    page.keyboard.press("Shift+Tab")
    assert focused(page) is None, "there is a tab stop before the skip link"
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    element = focused(page)
    assert element is not None
    assert element["id"] == "main", f"after the skip link the focus is on {element}"


def test_keyboard_only_login_and_measure_edit(page: Page, server: str) -> None:
    # Login page: skip link first, then every field and the button with Tab, Enter submits.
    page.goto(f"{server}/login/")
    check_skip_link(page)
    controls = page.locator("main form").evaluate(CONTROLS)
    assert controls == ["id_username", "id_password", "submit"], controls
    tab_until(page, "id_username")
    page.keyboard.type("wesermarsch-koordination")
    tab_until(page, "id_password")
    page.keyboard.type("teilhabe-demo")
    page.keyboard.press("Tab")
    element = focused(page)
    assert element is not None
    assert element["tag"] == "button" and element["text"] == "Anmelden", element
    assert_visible_outline(page)
    page.keyboard.press("Enter")
    # (the #main of the skip link survives the redirect)
    expect(page).to_have_url(re.compile(rf"^{re.escape(server)}/app/wesermarsch/(#main)?$"))

    # A focused link in the header has a visible outline, too.
    page.locator(".skip-link").focus()
    page.keyboard.press("Tab")
    element = focused(page)
    assert element is not None
    assert element["tag"] == "a", element
    assert_visible_outline(page)

    # The measure edit form: every control is a tab stop, in order, and Enter on Save saves.
    measure = Measure.objects.filter(
        edition__concept__body__slug="wesermarsch", edition__status=Edition.Status.IN_FORCE
    ).order_by("pk")[0]
    page.goto(f"{server}/app/wesermarsch/items/measure/{measure.public_id}/edit/")
    check_skip_link(page)
    controls = page.locator("main form").evaluate(CONTROLS)
    assert "id_title" in controls and "id_description" in controls, controls
    save = page.locator("main form").get_by_role("button", name="Speichern")
    save.evaluate("el => el.id = 'e2e-save'")
    passed = tab_until(page, "id_title")
    page.keyboard.press("Control+A")
    page.keyboard.type("Per Tastatur geändert")
    passed += tab_until(page, "e2e-save")
    field_controls = [c for c in controls if c and c != "submit"]
    missing = [c for c in field_controls if c not in passed]
    assert not missing, f"not reached with Tab: {missing}; reached: {passed}"
    order = [c for c in passed if c in field_controls]
    assert order == [c for c in field_controls if c in order], f"tab order {order}"
    assert_visible_outline(page)
    page.keyboard.press("Enter")
    expect(page.locator("main .messages")).to_contain_text("„Per Tastatur geändert“")
    expect(page.get_by_role("heading", level=1)).to_have_text("Per Tastatur geändert")


def test_works_without_javascript(
    make_context: Callable[..., BrowserContext], server: str, log_in: Callable[..., None]
) -> None:
    page = make_context(java_script_enabled=False).new_page()
    log_in(page)
    expect(page).to_have_url(f"{server}/app/wesermarsch/")
    page.locator("main").get_by_role("link", name="Integrationskonzept 2024 (2024)").click()

    # A field of action is a <details>: it closes and opens without JavaScript.
    field = page.locator("main details[id^=fieldofaction-]").first
    measure_link = field.locator("li.item > a").first
    expect(field).to_have_attribute("open", "")
    expect(measure_link).to_be_visible()
    field.locator("summary").click()
    expect(field).not_to_have_attribute("open", "")
    expect(measure_link).to_be_hidden()
    field.locator("summary").click()
    expect(field).to_have_attribute("open", "")

    # A chapter starts closed.
    chapter = page.locator("main details[id^=section-]").first
    expect(chapter).not_to_have_attribute("open", "")
    chapter.locator("summary").click()
    expect(chapter).to_have_attribute("open", "")

    # Edit a measure.
    measure_link.click()
    page.locator("main .actions").get_by_role("link", name="Bearbeiten", exact=True).click()
    page.get_by_label("Titel").fill("Ohne JavaScript geändert")
    page.get_by_role("button", name="Speichern").click()
    expect(page.locator("main .messages")).to_contain_text("„Ohne JavaScript geändert“")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ohne JavaScript geändert")


def axe_problems(axe: Axe, page: Page, label: str) -> list[str]:
    """Problems of the page shown: axe violations (serious, critical), <h1> count, lang."""
    problems = []
    h1 = page.locator("h1").count()
    if h1 != 1:
        problems.append(f"{label}: {h1} <h1> elements")
    lang = page.locator("html").get_attribute("lang")
    if lang != "de":
        problems.append(f'{label}: <html lang="{lang}">')
    for violation in axe.run(page).response["violations"]:
        if violation["impact"] not in BLOCKING_IMPACTS:
            continue
        targets = [" ".join(map(str, node["target"])) for node in violation["nodes"]]
        problems.append(
            f"{label}: {violation['id']} ({violation['impact']}): {violation['help']} "
            f"– {len(targets)} nodes: {targets[:5]}"
        )
    return problems


def check_page(axe: Axe, page: Page, url: str, *, status: int = 200) -> list[str]:
    response = page.goto(url)
    assert response is not None
    problems = [] if response.status == status else [f"{url}: HTTP {response.status}"]
    return problems + axe_problems(axe, page, url)


@pytest.fixture(scope="module")
def axe() -> Axe:
    return Axe()


def test_axe_public_pages(page: Page, server: str, axe: Axe) -> None:
    problems: list[str] = []
    for path, status in [
        ("/", 200),
        ("/wesermarsch/", 200),
        ("/login/", 200),
        ("/gibt-es-nicht/", 404),
        ("/app/wesermarsch/editions/00000000-0000-0000-0000-000000000000/", 200),  # → login
    ]:
        problems += check_page(axe, page, f"{server}{path}", status=status)

    # The login form with errors (error summary, invalid fields).
    page.goto(f"{server}/login/")
    page.locator("#id_username").fill("niemand")
    page.locator("#id_password").fill("falsch")
    page.locator("main").get_by_role("button", name="Anmelden").click()
    expect(page.locator(".error-summary")).to_be_visible()
    problems += axe_problems(axe, page, "/login/ (with errors)")
    assert not problems, "\n".join(problems)


def test_axe_member_pages(
    page: Page, server: str, axe: Axe, draft: Any, log_in: Callable[..., None]
) -> None:
    log_in(page)
    in_force = Edition.objects.get(concept__body__slug="wesermarsch", status="in_force")
    measure = Measure.objects.filter(edition=in_force).order_by("pk")[0]
    app = f"{server}/app/wesermarsch"
    problems: list[str] = []
    for path in [
        "/",
        "/editions/",
        f"/editions/{in_force.public_id}/",
        f"/editions/{in_force.public_id}/measures/",
        f"/measures/{measure.public_id}/",
        f"/items/measure/{measure.public_id}/edit/",
        f"/editions/{draft.edition.public_id}/",
        f"/editions/{draft.edition.public_id}/diff/",
        f"/editions/{draft.edition.public_id}/lineage/",
        "/actors/",
        "/audit/",
    ]:
        problems += check_page(axe, page, f"{app}{path}")
    problems += check_page(axe, page, f"{app}/gibt-es-nicht/", status=404)
    assert not problems, "\n".join(problems)
