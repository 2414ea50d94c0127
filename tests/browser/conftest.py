"""A real browser for the page tests: Playwright driving Debian's Chromium.

Playwright cannot download a browser here; ``make setup`` installs Debian's
``chromium`` and the tests launch it by path (DESIGN §3). The pages are served
by pytest-django's live server, a real HTTP server in a thread, on the test
database.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import (
    Browser,
    Page,
    Playwright,
    ViewportSize,
    sync_playwright,
)

# Playwright's sync API runs an event loop in this thread; the test's own ORM
# calls (making a user, reading rows back) are still plain synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = ViewportSize(width=360, height=760)
DESKTOP = ViewportSize(width=1280, height=900)
BLOCKING_IMPACTS = ("serious", "critical")


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    if not os.path.exists(CHROMIUM):
        raise RuntimeError(f"{CHROMIUM} is missing: run `make setup`")
    launched = playwright.chromium.launch(
        executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
    )
    yield launched
    launched.close()


@pytest.fixture
def page(browser: Browser, live_server: Any) -> Iterator[Page]:
    """A phone-sized page whose relative addresses go to the live server."""
    context = browser.new_context(viewport=PHONE, base_url=live_server.url)
    context.set_default_timeout(10_000)
    opened = context.new_page()
    yield opened
    context.close()


RUNNER_EMAIL = "runner@example.com"
RUNNER_PASSWORD = "a long pass phrase 42"


@pytest.fixture
def runner_page(page: Page, live_server: Any) -> Page:
    """The phone-sized page, signed in as a runner with an empty store."""
    from django.test import Client

    from stridelight.accounts.services import create_user
    from stridelight.runners.services import runner_for

    user = create_user(email=RUNNER_EMAIL, password=RUNNER_PASSWORD, role="runner")
    runner_for(user)
    client = Client()
    client.force_login(user)
    session = client.cookies["sessionid"].value
    page.context.add_cookies(
        [{"name": "sessionid", "value": session, "url": live_server.url}]
    )
    return page


def assert_accessible(page: Page) -> None:
    """axe-core on the page as it is now: no serious or critical violation."""
    results = Axe().run(page)
    blocking = [
        f"{v['id']} ({v['impact']}): {v['help']} at "
        + ", ".join(str(node["target"]) for node in v["nodes"][:3])
        for v in results.response["violations"]
        if v["impact"] in BLOCKING_IMPACTS
    ]
    assert not blocking, f"{page.url}:\n" + "\n".join(blocking)
