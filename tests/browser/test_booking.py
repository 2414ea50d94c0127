"""Booking in a real browser on a phone-sized page: a Discovery Visit by keyboard
alone, the red-flag path, the hold warning, and cancelling from the manage link;
axe-core on every booking page."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from stridelight.clinic.models import Appointment, Status
from stridelight.clinic.selectors import days_with_slots, free_slots
from stridelight.clinic.services import book
from stridelight.core.redflag_words import RAISING_ANSWER
from stridelight.core.vocabulary import RED_FLAG_IDS
from tests.browser.conftest import assert_accessible
from tests.web.clinic_setup import make_clinic, service

pytestmark = pytest.mark.django_db(transaction=True)


def tab_to(page: Page, target: Locator, most: int = 60) -> None:
    """Press Tab until ``target`` has the focus, as a keyboard user would."""
    for _ in range(most):
        if target.evaluate("element => element === document.activeElement"):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {target}")


def answer_all_no_by_keyboard(page: Page) -> None:
    tab_to(page, page.locator("#id_numbness_tingling_0"))
    for flag in RED_FLAG_IDS:
        # Focus lands on "Yes"; the arrow key moves to "No" and chooses it.
        page.keyboard.press("ArrowRight" if RAISING_ANSWER[flag] else "Space")
        page.keyboard.press("Tab")


def test_a_discovery_visit_is_booked_by_keyboard_alone(page: Page) -> None:
    make_clinic()
    page.goto("/book/")
    assert_accessible(page)
    answer_all_no_by_keyboard(page)
    tab_to(page, page.get_by_role("button", name="Continue"))
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", name="Choose a visit")).to_be_visible()
    assert_accessible(page)
    tab_to(page, page.get_by_role("link", name="Discovery Visit", exact=True))
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", name="choose a day")).to_be_visible()
    assert_accessible(page)
    tab_to(page, page.locator(".day-list a").first)
    page.keyboard.press("Enter")

    expect(page.locator(".slot-list button").first).to_be_visible()
    assert_accessible(page)
    tab_to(page, page.locator(".slot-list button").first)
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", name="Your details")).to_be_visible()
    assert_accessible(page)
    tab_to(page, page.get_by_label("Your name"))
    page.keyboard.type("Kim Runner")
    page.keyboard.press("Tab")
    page.keyboard.type("kim@example.com")
    page.keyboard.press("Tab")
    page.keyboard.type("718 555 0101")
    tab_to(page, page.get_by_label("I agree to the clinic's terms above."))
    page.keyboard.press("Space")
    tab_to(page, page.get_by_role("button", name="Book this time"))
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", name="You are booked")).to_be_visible()
    assert_accessible(page)
    assert Appointment.objects.get().status == Status.BOOKED


def test_a_yes_to_a_red_flag_leads_to_calling_the_clinic(page: Page) -> None:
    make_clinic()
    page.goto("/book/")
    for flag in RED_FLAG_IDS:
        yes = flag == "night_pain"
        choice = "Yes" if yes == RAISING_ANSWER[flag] else "No"
        page.locator(f"#id_{flag}-group").get_by_label(choice, exact=True).check()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="see a physician first")).to_be_visible()
    expect(page.get_by_role("link", name="(718) 369-0505").first).to_be_visible()
    assert_accessible(page)


def test_errors_are_summarised_focused_and_announced(page: Page) -> None:
    make_clinic()
    page.goto("/book/")
    page.get_by_role("button", name="Continue").click()
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary).to_have_attribute("role", "alert")
    expect(page.locator("#id_night_pain-error")).to_contain_text("Answer yes or no")
    assert_accessible(page)


def _to_details(page: Page) -> None:
    page.goto("/book/")
    for flag in RED_FLAG_IDS:
        choice = "No" if RAISING_ANSWER[flag] else "Yes"
        page.locator(f"#id_{flag}-group").get_by_label(choice, exact=True).check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("link", name="Discovery Visit", exact=True).click()
    page.locator(".day-list a").first.click()
    page.locator(".slot-list button").first.click()
    expect(page.get_by_role("heading", name="Your details")).to_be_visible()


def test_the_page_warns_before_the_hold_ends_and_extends_it(page: Page) -> None:
    make_clinic()
    _to_details(page)
    soon = timezone.now() + timedelta(seconds=90)
    Appointment.objects.filter(status=Status.HELD).update(hold_expires_at=soon)
    page.reload()
    warning = page.locator("[data-hold-warning]")
    expect(warning).to_contain_text("ends in 2 minutes")
    expect(warning).to_have_attribute("role", "alert")
    assert_accessible(page)
    warning.get_by_role("button", name="Keep this time 10 more minutes").click()
    expect(warning).to_contain_text("Kept")
    hold = Appointment.objects.get(status=Status.HELD)
    assert hold.hold_expires_at is not None
    assert hold.hold_expires_at > timezone.now() + timedelta(minutes=9)


def test_moving_and_cancelling_from_the_manage_link(
    page: Page, live_server: Any
) -> None:
    make_clinic()
    now = timezone.now()
    discovery = service("discovery-visit")
    first_day = days_with_slots(
        service=discovery, first=now.date() + timedelta(days=2), days=14, now=now
    )[0][0]
    slot = free_slots(service=discovery, day=first_day, now=now)[0]
    booked = book(
        service=discovery,
        start=slot.start,
        name="Kim",
        email="kim@example.com",
        phone="718 555 0101",
        now=now,
        site_url=live_server.url,
    )
    page.goto(f"/manage/{booked.manage_token}/")
    expect(page.get_by_role("heading", name="Your appointment")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Choose another time").click()
    assert_accessible(page)  # the days to move it to
    page.locator(".day-list a").first.click()
    expect(page.locator(".slot-list button").first).to_be_visible()
    assert_accessible(page)  # that day's times
    page.get_by_role("link", name="Keep my appointment as it is").click()
    page.get_by_role("link", name="Cancel this appointment").click()
    assert_accessible(page)
    page.get_by_role("button", name="Yes, cancel it").click()
    expect(page.get_by_text("It is cancelled")).to_be_visible()
    assert_accessible(page)
    assert Appointment.objects.get().status == Status.CANCELLED
