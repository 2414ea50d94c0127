"""The dashboard and the journal pages in a real browser at 360 px: axe finds
nothing serious, the charts draw and answer a tap, the forms work by keyboard.

Screenshots of /me/ for docs/img/ are taken by the last test when
``STRIDELIGHT_SCREENSHOTS=1`` is set:

    STRIDELIGHT_SCREENSHOTS=1 .venv/bin/pytest -p no:cacheprovider \\
        tests/browser/test_dashboard.py -k screenshots
"""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

import pytest
import time_machine
from django.core.cache import cache
from playwright.sync_api import Page, expect

from stridelight.accounts.models import User
from stridelight.core.journal import Ache
from tests.browser.conftest import DESKTOP, PHONE, RUNNER_EMAIL, assert_accessible
from tests.core.scenarios import AS_OF, TZ, footwear, healthy
from tests.web.store import save_runner_data

pytestmark = pytest.mark.django_db(transaction=True)
IMG = Path(__file__).resolve().parents[2] / "docs" / "img"
SHOT_HEIGHT = 1800
NOW = datetime(AS_OF.year, AS_OF.month, AS_OF.day, 18, tzinfo=TZ)


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    cache.clear()  # each test's database starts again from id 1


@pytest.fixture
def runner_with_history(runner_page: Page) -> Page:
    """The signed-in runner with six months of runs, shoes, aches and a diary."""
    save_runner_data(User.objects.get(email=RUNNER_EMAIL), healthy())
    return runner_page


def test_an_empty_dashboard_points_to_uploads_and_check_in(runner_page: Page) -> None:
    runner_page.goto("/me/")
    expect(
        runner_page.get_by_role("heading", name="Nothing recorded yet")
    ).to_be_visible()
    expect(runner_page.get_by_role("link", name="Upload your runs")).to_be_visible()
    expect(runner_page.get_by_text("Not asked yet.")).to_be_visible()
    assert_accessible(runner_page)


def test_the_dashboard_charts_draw_and_show_values_on_a_tap(
    runner_with_history: Page,
) -> None:
    page = runner_with_history
    errors: list[object] = []
    page.on("pageerror", lambda error: errors.append(error))
    # A Thursday: the week in progress is drawn hollow beside the whole ones.
    with time_machine.travel(NOW + timedelta(days=4), tick=True):
        page.goto("/me/")
    assert not errors
    weekly = page.locator("#weekly-chart")
    expect(weekly.locator(".u-legend")).to_contain_text("This week so far")
    expect(weekly.locator("canvas")).to_be_visible()
    expect(page.locator("#form-chart canvas")).to_be_visible()
    box = weekly.locator(".u-over").bounding_box()
    assert box is not None and box["width"] <= PHONE["width"]
    page.mouse.move(box["x"] + box["width"] - 5, box["y"] + box["height"] / 2)
    legend = weekly.locator(".u-legend")
    expect(legend).to_contain_text("Load")
    expect(legend.locator(".u-value").first).not_to_have_text("--")
    assert_accessible(page)


def test_the_weekly_table_opens_by_keyboard(runner_with_history: Page) -> None:
    page = runner_with_history
    page.goto("/me/")
    summary = page.get_by_text("The weekly numbers as a table")
    summary.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("columnheader", name="Worst ache (0–10)")).to_be_visible()


def test_a_pair_is_added_by_keyboard_alone(runner_page: Page) -> None:
    page = runner_page
    page.goto("/me/shoes/")
    assert_accessible(page)
    page.get_by_label("Name of the pair").focus()
    page.keyboard.type("Ghost 16")
    page.get_by_label("Replace at (km)").focus()
    page.keyboard.type("650")
    page.get_by_role("button", name="Add the pair").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("Added Ghost 16.")
    expect(page.get_by_role("heading", name="Ghost 16 default pair")).to_be_visible()
    assert_accessible(page)


def test_a_refused_habit_is_announced_and_accessible(runner_page: Page) -> None:
    page = runner_page
    page.goto("/me/habits/")
    assert_accessible(page)
    page.get_by_label("What").select_option("hydration")
    page.get_by_role("button", name="Log it").click()
    expect(page.get_by_role("alert")).to_contain_text("Not saved.")
    expect(page.get_by_label("Litres drunk that day")).to_have_attribute(
        "aria-invalid", "true"
    )
    assert_accessible(page)


def test_the_screenings_page_is_accessible(runner_page: Page) -> None:
    page = runner_page
    page.goto("/me/screenings/")
    expect(page.get_by_role("heading", name="Knee-to-wall lunge (cm)")).to_be_visible()
    assert_accessible(page)


def test_screenshots_of_the_dashboard(runner_page: Page, tmp_path: Path) -> None:
    """/me/ on the scenarios' day for a runner whose one pair is wearing out.

    Into a throw-away folder; with STRIDELIGHT_SCREENSHOTS=1 into docs/img/
    (how the README's pictures are retaken)."""
    folder = IMG if os.environ.get("STRIDELIGHT_SCREENSHOTS") == "1" else tmp_path
    data = footwear()
    aches = (
        Ache(NOW - timedelta(days=2), "arch", "right", 5, "after_run"),
        Ache(NOW - timedelta(days=1), "heel", "right", 4, "next_morning"),
    )
    data = replace(data, aches=(*data.aches, *aches))
    save_runner_data(User.objects.get(email=RUNNER_EMAIL), data)
    with time_machine.travel(NOW, tick=False):
        for name, width in (("phone", PHONE["width"]), ("desktop", DESKTOP["width"])):
            # The first 1,800 px: red flags, the causes and the plan's start.
            runner_page.set_viewport_size({"width": width, "height": SHOT_HEIGHT})
            runner_page.goto("/me/")
            runner_page.locator("#weekly-chart canvas").wait_for()
            shot = folder / f"dashboard-{name}.png"
            runner_page.screenshot(path=str(shot))
            assert shot.read_bytes().startswith(b"\x89PNG")


def test_a_screening_trend_is_charted_and_accessible(runner_page: Page) -> None:
    page = runner_page
    errors: list[object] = []
    page.on("pageerror", lambda error: errors.append(error))
    page.goto("/me/screenings/")
    for day, value in (("2026-01-10", "12"), ("2026-03-01", "10.5")):
        page.locator("#id_day").fill(day)
        page.locator("#id_test").select_option("knee_to_wall_cm")
        page.locator("#id_side").select_option("left")
        page.get_by_label("Result, in the test's unit").fill(value)
        page.get_by_role("button", name="Save the result").click()
        expect(page.get_by_role("status")).to_contain_text("Screening result saved.")
    expect(page.locator("#trend-knee_to_wall_cm canvas")).to_be_visible()
    assert not errors
    assert_accessible(page)
