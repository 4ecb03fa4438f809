"""Browser tests: Playwright driving Debian's chromium against pytest-django's live server.

Every test in this folder is marked ``e2e``. Without a browser the tests are skipped with a
reason, except on CI (``CI=true``), where a missing browser fails them.
"""

import io
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

# Playwright's sync API runs an event loop in the main thread; Django would refuse database
# access from the test code (fixtures, services) while that loop exists.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = os.environ.get("TEILHABE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 10_000
ON_CI = os.environ.get("CI", "").lower() == "true"
HERE = Path(__file__).resolve().parent

PASSWORD = "teilhabe-demo"
COORDINATOR = "wesermarsch-koordination"


def chromium_available() -> bool:
    return os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    skip = None
    if not chromium_available() and not ON_CI:
        skip = pytest.mark.skip(
            reason=f"no chromium at {CHROMIUM} (install Debian's chromium or set TEILHABE_CHROMIUM)"
        )
    for item in items:
        if HERE not in Path(str(item.path)).resolve().parents:
            continue
        item.add_marker(pytest.mark.e2e)
        if skip is not None:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not chromium_available():
        pytest.fail(f"CI=true but there is no chromium at {CHROMIUM}", pytrace=False)

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def new_context(browser: Browser, **kwargs: object) -> BrowserContext:
    context = browser.new_context(locale="de-DE", **kwargs)
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(TIMEOUT_MS)
    return context


@pytest.fixture
def make_context(browser: Browser) -> Iterator[Callable[..., BrowserContext]]:
    """``make_context(**options)``: another browser context, closed after the test."""
    made: list[BrowserContext] = []

    def make(**kwargs: object) -> BrowserContext:
        made.append(new_context(browser, **kwargs))
        return made[-1]

    yield make
    for context in made:
        context.close()


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    context = new_context(browser)
    yield context
    context.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()


@pytest.fixture
def demo(transactional_db: None) -> None:
    """The four demo districts and their logins, fresh for every test."""
    from django.core.management import call_command

    call_command("load_demo", stdout=io.StringIO())


@pytest.fixture
def server(live_server: object, demo: None) -> str:
    """Base URL of the live server with the demo loaded (no trailing slash)."""
    return str(live_server.url)  # type: ignore[attr-defined]


def log_in_as(page: Page, server: str, username: str, password: str = PASSWORD) -> None:
    """Log in through the login form (German UI)."""
    page.goto(f"{server}/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    page.locator("main").get_by_role("button", name="Anmelden").click()
    page.wait_for_load_state()


@pytest.fixture
def log_in(server: str) -> Callable[..., None]:
    """``log_in(page, username=COORDINATOR)``: log in through the login form."""

    def do(page: Page, username: str = COORDINATOR, password: str = PASSWORD) -> None:
        log_in_as(page, server, username, password)

    return do


@dataclass
class Draft:
    edition: Any  # teilhabe.concepts.models.Edition
    marker: str  # the new title of a measure, only in the draft
    dropped: str  # the title of the measure deleted in the draft
    reason: str  # why it was deleted


@pytest.fixture
def draft(server: str) -> Draft:
    """A Fortschreibung "2026" of Wesermarsch's edition in force, made with the services:
    one measure renamed to a marker text, another one deleted with a reason."""
    from teilhabe.concepts import services
    from teilhabe.concepts.models import Edition, Measure
    from teilhabe.core.models import User

    coordinator = User.objects.get(username=COORDINATOR)
    in_force = Edition.objects.get(concept__body__slug="wesermarsch", status="in_force")
    new = services.edition_copy(
        user=coordinator, source=in_force, label="2026", title="Integrationskonzept 2026"
    )
    first, second = Measure.objects.filter(edition=new).order_by("pk")[:2]
    marker = "ENTWURFSMARKE nur im Entwurf 2026"
    services.item_update(
        user=coordinator, item=first, expected_version=first.version, data={"title": marker}
    )
    reason = "In die Regelförderung übernommen."
    services.item_delete(user=coordinator, item=second, reason=reason)
    return Draft(edition=new, marker=marker, dropped=second.title, reason=reason)
