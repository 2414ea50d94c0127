"""Accounts in a real phone-sized browser: sign up, confirm from the mail, log in;
reset a forgotten password; delete the account.  axe-core on each page on the way."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.mail import EmailMessage
from playwright.sync_api import Page, expect
from pytest_django import Settings

from stridelight.accounts.models import User
from stridelight.accounts.services import create_user
from tests.browser.conftest import RUNNER_EMAIL, RUNNER_PASSWORD, assert_accessible
from tests.conftest import ROOT
from tests.web.stored import store_bundle

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a long pass phrase 42"
DEMO = ROOT / "samples" / "demo-runner"
LINK = re.compile(r"https?://\S+/accounts/\S+")


def _link(message: EmailMessage) -> str:
    links: list[str] = LINK.findall(str(message.body))
    (link,) = links
    return link


def test_sign_up_confirm_from_the_mail_and_log_in(
    page: Page, mailoutbox: list[EmailMessage]
) -> None:
    page.goto("/")
    page.get_by_role("link", name="Create a free account").click()
    assert_accessible(page)
    page.get_by_label("E-mail").fill("kim@example.com")
    page.get_by_label("Password").fill("password")
    page.get_by_role("button", name="Sign up").click()
    expect(page.get_by_role("alert")).to_contain_text("Please correct")
    assert_accessible(page)  # the refused form, errors tied to the field
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign up").click()
    expect(page.get_by_role("heading", name="Check your e-mail")).to_be_visible()
    assert_accessible(page)

    (message,) = mailoutbox
    page.goto(_link(message))
    expect(page.get_by_role("status")).to_contain_text("confirmed")
    page.get_by_label("E-mail").fill("kim@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def test_a_forgotten_password_is_reset_through_the_mail(
    page: Page, mailoutbox: list[EmailMessage]
) -> None:
    create_user(email="kim@example.com", password=PASSWORD, role="runner")
    page.goto("/accounts/login/")
    page.get_by_role("link", name="Forgotten your password?").click()
    assert_accessible(page)
    page.get_by_label("E-mail").fill("kim@example.com")
    page.get_by_role("button", name="Send me a link").click()
    expect(page.get_by_role("status")).to_contain_text("If the address")
    assert_accessible(page)

    page.goto(_link(mailoutbox[0]))
    expect(page.get_by_role("heading", name="Choose a new password")).to_be_visible()
    assert_accessible(page)
    new = "another long phrase 7"
    page.get_by_label("New password", exact=True).fill(new)
    page.get_by_label("New password confirmation").fill(new)
    page.get_by_role("button", name="Save my new password").click()
    expect(page.get_by_role("status")).to_contain_text("log in")
    assert_accessible(page)
    page.get_by_role("status").get_by_role("link", name="log in").click()
    page.get_by_label("E-mail").fill("kim@example.com")
    page.get_by_label("Password").fill(new)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def test_a_runner_deletes_their_account(runner_page: Page) -> None:
    page = runner_page
    page.goto("/me/export/")
    assert_accessible(page)
    page.get_by_role("link", name="Delete my account").first.click()
    expect(page).to_have_url(re.compile(r"/me/delete/$"))
    assert_accessible(page)
    page.get_by_label("Your password").fill("not my password")
    page.get_by_role("button", name="Delete my account and all its data").click()
    expect(page.get_by_role("alert")).to_contain_text("Please correct")
    assert_accessible(page)
    page.get_by_label("Your password").fill(RUNNER_PASSWORD)
    page.get_by_role("button", name="Delete my account and all its data").click()
    expect(page.get_by_role("status")).to_contain_text("deleted")
    expect(page.get_by_role("link", name="Log in")).to_be_visible()
    assert not User.objects.filter(email=RUNNER_EMAIL).exists()


def test_a_runner_downloads_the_export_and_the_report(runner_page: Page) -> None:
    page = runner_page
    page.goto("/me/report/")
    expect(page.get_by_role("heading", name="My report", exact=True)).to_be_visible()
    assert_accessible(page)
    wide = page.evaluate("document.documentElement.scrollWidth")
    assert wide <= 360, f"the report is {wide} px wide on a phone"
    with page.expect_download() as pdf:
        page.get_by_role("link", name="Download the PDF").click()
    assert pdf.value.suggested_filename.endswith(".pdf")
    page.goto("/me/export/")
    page.get_by_label("Your password").fill(RUNNER_PASSWORD)
    with page.expect_download() as bundle:
        page.get_by_role("button", name="Download my data").click()
    assert bundle.value.suggested_filename.endswith(".zip")


def test_a_full_report_fits_the_phone(runner_page: Page, settings: Settings) -> None:
    settings.MEDIA_ROOT = str(Path(settings.MEDIA_ROOT) / "report-test")
    store_bundle(User.objects.get(email=RUNNER_EMAIL), DEMO)
    page = runner_page
    # The first look computes the analysis and draws the charts: seconds on a
    # busy machine, more than the fixture's 10 s default allows.
    page.goto("/me/report/", timeout=60_000)
    expect(page.locator(".report-web svg").first).to_be_visible()
    assert_accessible(page)
    wide = page.evaluate("document.documentElement.scrollWidth")
    assert wide <= 360, f"the report is {wide} px wide on a phone"
