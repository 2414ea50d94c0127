"""A runner's whole first visit in one phone-sized browser (issue 10): sign up,
upload an export and watch it, check in on the body map by mouse and then by
keyboard alone, see the dashboard and the plan change, download the report,
export the data, delete the account.  Each page on the way is checked by axe."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.mail import EmailMessage
from playwright.sync_api import Page, expect
from pytest_django import Settings

from stridelight.accounts.models import User
from tests.browser.conftest import assert_accessible
from tests.browser.test_checkin import _focused_label, _tab_until
from tests.conftest import REAL

pytestmark = pytest.mark.django_db(transaction=True)

EMAIL = "journey@example.com"
PASSWORD = "a long pass phrase 42"
STRAVA = REAL / "strava_export_sample.zip"
LINK = re.compile(r"https?://\S+/accounts/\S+")
#: The first analysis and the PDF take seconds on a busy 2-core machine.
SLOW = 90_000


@pytest.fixture(autouse=True)
def folders(settings: Settings, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "files")
    settings.UPLOAD_DIR = tmp_path / "uploads"


def sign_up(page: Page, mailoutbox: list[EmailMessage]) -> None:
    page.goto("/accounts/signup/")
    page.get_by_label("E-mail").fill(EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign up").click()
    expect(page.get_by_role("heading", name="Check your e-mail")).to_be_visible()
    (link,) = LINK.findall(str(mailoutbox[-1].body))
    page.goto(link)
    page.get_by_label("E-mail").fill(EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/me/$"), timeout=SLOW)


def upload_the_export(page: Page) -> None:
    page.goto("/me/uploads/")
    page.get_by_label("Files to upload").set_input_files(STRAVA)
    page.get_by_role("button", name="Upload", exact=True).click()
    status = page.get_by_role("status").filter(has_text="Done")
    expect(status).to_contain_text("12 new", timeout=SLOW)
    assert_accessible(page)


def plan_text(page: Page) -> str:
    page.goto("/me/", timeout=SLOW)
    expect(page.locator("#plan")).to_be_visible(timeout=SLOW)
    assert_accessible(page)
    return page.locator("#plan").inner_text()


def check_in_by_mouse(page: Page) -> None:
    page.goto("/me/check-in/")
    page.get_by_role("button", name="Left heel", exact=True).click()
    ache = page.locator('[data-ache="ache-0"]')
    ache.locator('[data-field="side"]').get_by_text("Left", exact=True).click()
    ache.locator('[data-field="intensity"]').get_by_text("6", exact=True).click()
    ache.locator('[data-field="timing"]').get_by_text("After the run").click()
    page.get_by_label("None of these six apply to me").check()
    page.get_by_role("button", name="Save check-in").click()
    expect(page.get_by_role("status")).to_contain_text("Check-in saved: 1 ache")


def check_in_by_keyboard(page: Page) -> None:
    """The same day again, by keyboard alone: it replaces the day's answers."""
    page.goto("/me/check-in/")
    _tab_until(page, "[data-body-map] .region")
    for _ in range(60):
        if _focused_label(page) == "Right arch":
            break
        page.keyboard.press("ArrowRight")
    page.keyboard.press("Enter")
    _tab_until(page, 'input[name="ache-0-side"]')
    page.keyboard.press("ArrowRight")  # Left -> Right
    _tab_until(page, 'input[name="ache-0-intensity"]')
    for _ in range(7):
        page.keyboard.press("ArrowRight")
    _tab_until(page, 'input[name="ache-0-timing"]')
    page.keyboard.press("ArrowRight")
    _tab_until(page, 'input[name="none_apply"]')
    page.keyboard.press("Space")
    _tab_until(page, "button.primary")
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("Check-in saved")


def download_report_and_export(page: Page) -> None:
    page.goto("/me/report/", timeout=SLOW)
    with page.expect_download(timeout=SLOW) as pdf:
        page.get_by_role("link", name="Download the PDF").click()
    assert pdf.value.suggested_filename.endswith(".pdf")
    assert Path(pdf.value.path()).read_bytes().startswith(b"%PDF")
    page.goto("/me/export/")
    page.get_by_label("Your password").fill(PASSWORD)
    with page.expect_download(timeout=SLOW) as bundle:
        page.get_by_role("button", name="Download my data").click()
    assert Path(bundle.value.path()).read_bytes().startswith(b"PK")


def delete_the_account(page: Page) -> None:
    page.goto("/me/delete/")
    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_role("button", name="Delete my account and all its data").click()
    expect(page.get_by_role("status")).to_contain_text("deleted")


def test_a_runners_first_visit_from_sign_up_to_deletion(
    page: Page, mailoutbox: list[EmailMessage]
) -> None:
    sign_up(page, mailoutbox)
    upload_the_export(page)
    before = plan_text(page)
    check_in_by_mouse(page)
    check_in_by_keyboard(page)
    after = plan_text(page)
    assert after != before, "the plan did not change after the check-in"
    heat = page.locator("#aches")
    expect(heat).to_contain_text("Arch")
    download_report_and_export(page)
    delete_the_account(page)
    assert not User.objects.filter(email=EMAIL).exists()
