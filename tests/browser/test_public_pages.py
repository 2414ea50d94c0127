"""The home page and every /learn/ page at 360 px: axe-core finds nothing
serious, nothing is wider than the phone, and the plan's links land."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from stridelight.web.learn import PAGES
from tests.browser.conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


def _fits_the_phone(page: Page) -> None:
    wide = page.evaluate("document.documentElement.scrollWidth")
    assert wide <= 360, f"{page.url} is {wide} px wide"


def test_the_home_page_and_the_learn_pages_are_accessible_at_phone_width(
    page: Page,
) -> None:
    for address in ["/", "/learn/", *(p.url for p in PAGES)]:
        page.goto(address)
        assert_accessible(page)
        _fits_the_phone(page)


def test_the_learn_pages_read_in_order_by_keyboard(page: Page) -> None:
    page.goto(PAGES[0].url)
    link = page.get_by_role("link", name=f"{PAGES[1].title} →")
    link.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(PAGES[1].title)


def test_the_account_pages_that_need_no_mail_are_accessible(page: Page) -> None:
    for address in [
        "/accounts/signup/",
        "/accounts/signup/done/",
        "/accounts/confirm/MQ/not-a-token/",  # the "link does not work" page
        "/accounts/password-reset/",
        "/accounts/password-reset/sent/",
        "/accounts/reset/MQ/not-a-token/",
        "/accounts/reset/done/",
    ]:
        page.goto(address)
        assert_accessible(page)
        _fits_the_phone(page)
