"""The log-in page in a real browser: it works, and axe finds nothing serious."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from stridelight.accounts.services import create_user
from tests.browser.conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_wrong_password_is_announced_and_the_page_stays_accessible(
    page: Page,
) -> None:
    page.goto("/accounts/login/")
    assert_accessible(page)
    page.get_by_label("E-mail").fill("nobody@example.com")
    page.get_by_label("Password").fill("wrong")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("alert")).to_contain_text("did not match")
    assert_accessible(page)


def test_a_runner_logs_in_by_keyboard_alone(page: Page) -> None:
    create_user(
        email="kim@example.com", password="a long pass phrase 42", role="runner"
    )
    page.goto("/accounts/login/")
    expect(page.get_by_label("E-mail")).to_be_focused()  # autofocus
    page.keyboard.type("kim@example.com")
    page.keyboard.press("Tab")
    page.keyboard.type("a long pass phrase 42")
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def test_the_runner_page_fixture_is_signed_in(runner_page: Page) -> None:
    runner_page.goto("/")
    expect(runner_page.get_by_role("link", name="My dashboard")).to_be_visible()
