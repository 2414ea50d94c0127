"""Uploading the sample Strava export in a real browser, watching it to the end,
then opening a run and seeing its route; axe on every page, at phone width."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from pytest_django import Settings

from tests.browser.conftest import PHONE, assert_accessible
from tests.conftest import REAL

pytestmark = pytest.mark.django_db(transaction=True)
STRAVA = REAL / "strava_export_sample.zip"


@pytest.fixture(autouse=True)
def folders(settings: Settings, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "files")
    settings.UPLOAD_DIR = tmp_path / "uploads"


def test_upload_an_export_watch_it_finish_and_open_a_runs_route(
    runner_page: Page,
) -> None:
    page = runner_page
    page.goto("/me/uploads/")
    assert_accessible(page)
    page.get_by_label("Files to upload").set_input_files(STRAVA)
    expect(page.get_by_text("Chosen: strava_export_sample.zip")).to_be_visible()
    page.get_by_role("button", name="Upload", exact=True).click()
    expect(page).to_have_url(re.compile(r"/me/uploads/\d+/$"))
    status = page.get_by_role("status").filter(has_text="Done")
    expect(status).to_contain_text("12 new")
    expect(page.get_by_text("read: 12 activity files")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Your activities").click()
    expect(page.get_by_role("heading", name="Your activities")).to_be_visible()
    assert_fits_the_phone(page)
    assert_accessible(page)
    page.locator("table.activities tbody th a").first.click()
    expect(page.get_by_role("img", name=re.compile("^Route of this"))).to_be_visible()
    expect(page.locator(".uplot").first).to_be_visible()  # the charts were drawn
    assert_fits_the_phone(page)
    assert_accessible(page)


def assert_fits_the_phone(page: Page) -> None:
    """Nothing but a table's own scroller is wider than the 360 px screen."""
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width} px wide"


def test_too_many_files_are_caught_before_sending(
    runner_page: Page, settings: Settings
) -> None:
    settings.UPLOAD_MAX_FILES = 1
    page = runner_page
    page.goto("/me/uploads/")
    files = page.get_by_label("Files to upload")
    files.set_input_files([STRAVA, REAL / "gpx" / "fittrackee__test.gpx"])
    expect(page.get_by_role("alert")).to_contain_text("at most 1")
    expect(files).to_have_attribute("aria-invalid", "true")
    posts: list[str] = []
    page.on("request", lambda r: posts.append(r.url) if r.method == "POST" else None)
    page.get_by_role("button", name="Upload", exact=True).click()
    expect(files).to_be_focused()
    assert posts == []  # nothing was sent
    assert_accessible(page)


def test_a_refusal_from_the_server_is_shown_on_the_form(
    runner_page: Page, settings: Settings
) -> None:
    """Past the script's own check (here switched off), the server's 413 message
    comes back into the form's alert, and nothing is kept."""
    from stridelight.runners.models import Upload

    settings.UPLOAD_MAX_BYTES = 1000
    page = runner_page
    page.goto("/me/uploads/")
    page.eval_on_selector("[data-upload-form]", "f => { f.dataset.maxBytes = 1e12; }")
    page.get_by_label("Files to upload").set_input_files(STRAVA)
    page.get_by_role("button", name="Upload", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text("too large")
    expect(page.get_by_role("button", name="Upload", exact=True)).to_be_enabled()
    assert page.url.endswith("/me/uploads/")
    assert not Upload.objects.exists()
