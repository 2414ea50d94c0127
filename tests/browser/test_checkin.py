"""The check-in in a real phone-sized browser: taps counted, keyboard only, mouse
on the map, without JavaScript, and axe on every state of the page."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from stridelight.runners import models as m
from tests.browser.conftest import PHONE, assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)

URL = "/me/check-in/"
#: Issue 10: one ache with region, side, intensity, timing and the red-flag
#: answers in at most this many taps (docs/web.md counts them).
TAP_BUDGET = 8


class Taps:
    """Clicks the way a thumb taps, counting each."""

    def __init__(self) -> None:
        self.count = 0

    def tap(self, target: Locator) -> None:
        target.click()
        self.count += 1


def field(page: Page, name: str) -> Locator:
    return page.locator(f'[data-ache="ache-0"] [data-field="{name}"]')


def saved_ache() -> tuple[str, str, int, str | None]:
    ache = m.Ache.objects.get()
    return ache.region, ache.side, ache.intensity, ache.timing


def test_one_ache_and_the_six_answers_take_six_taps(runner_page: Page) -> None:
    page, taps = runner_page, Taps()
    page.goto(URL)
    taps.tap(page.get_by_role("button", name="Left heel", exact=True))
    taps.tap(field(page, "side").get_by_text("Left", exact=True))
    taps.tap(field(page, "intensity").get_by_text("4", exact=True))
    taps.tap(field(page, "timing").get_by_text("After the run"))
    taps.tap(page.get_by_label("None of these six apply to me"))
    taps.tap(page.get_by_role("button", name="Save check-in"))
    expect(page.get_by_role("status")).to_contain_text("Check-in saved: 1 ache")
    assert taps.count <= TAP_BUDGET
    assert taps.count == 6  # docs/web.md says six; keep them in step
    assert saved_ache() == ("heel", "left", 4, "after_run")
    assert m.Checkin.objects.get().red_flags == []


def _tab_until(page: Page, selector: str, limit: int = 60) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"document.activeElement.matches({selector!r})"):
            return
    raise AssertionError(f"Tab never reached {selector}")


def _focused_label(page: Page) -> Any:
    return page.evaluate("document.activeElement.getAttribute('aria-label')")


def test_a_check_in_by_keyboard_alone(runner_page: Page) -> None:
    page = runner_page
    page.goto(URL)
    _tab_until(page, "[data-body-map] .region")
    for _ in range(60):  # the arrows walk the map, front to soles
        if _focused_label(page) == "Right arch":
            break
        page.keyboard.press("ArrowRight")
    assert _focused_label(page) == "Right arch"
    page.keyboard.press("Enter")
    expect(
        page.locator('[data-ache="ache-0"] [data-field="region"] input[value="arch"]')
    ).to_be_checked()
    _tab_until(page, 'input[name="ache-0-side"]')
    page.keyboard.press("ArrowRight")  # Left -> Right, radios select as they move
    _tab_until(page, 'input[name="ache-0-intensity"]')
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    _tab_until(page, 'input[name="ache-0-timing"]')
    page.keyboard.press("ArrowRight")
    _tab_until(page, 'input[name="none_apply"]')
    page.keyboard.press("Space")
    _tab_until(page, "button.primary")
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("Check-in saved")
    assert saved_ache() == ("arch", "right", 3, "after_run")


def test_a_tap_on_the_map_drives_the_list_and_a_yes_shows_what_to_do(
    runner_page: Page,
) -> None:
    page = runner_page
    page.goto(URL)
    assert_accessible(page)
    calf = page.get_by_role("button", name="Right calf", exact=True)
    box = calf.bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    expect(calf).to_have_attribute("aria-pressed", "true")
    expect(field(page, "region").get_by_label("Calf")).to_be_checked()
    expect(field(page, "side")).to_contain_text("you pressed the right calf")
    field(page, "side").get_by_text("Right", exact=True).click()
    field(page, "intensity").get_by_text("7", exact=True).click()
    field(page, "timing").get_by_text("At rest").click()
    advice = page.locator("#redflag-advice")
    expect(advice).to_be_hidden()
    page.get_by_label("None of these six apply to me").check()
    night = page.get_by_role("group", name="Does the pain wake you at night?")
    expect(night.get_by_label("No")).to_be_checked()  # filled, where it is seen
    night.get_by_label("Yes").check()
    expect(advice).to_be_visible()
    expect(advice).to_contain_text("See a physician first")
    assert page.evaluate(  # right under the question just answered
        "document.querySelector('#redflag-advice').previousElementSibling"
        ".contains(document.querySelector('input[name=night_pain]'))"
    )
    expect(page.get_by_label("None of these six apply to me")).not_to_be_checked()
    expect(page.locator("[data-advice-live]")).to_contain_text("See a physician first")
    assert_accessible(page)
    page.get_by_role("button", name="Save check-in").click()
    expect(page.locator(".answered")).to_contain_text("Pain at night")
    assert m.Checkin.objects.get().red_flags == ["night_pain"]
    assert saved_ache() == ("calf", "right", 7, "at_rest")


def test_errors_are_listed_tied_to_their_fields_and_accessible(
    runner_page: Page,
) -> None:
    page = runner_page
    page.goto(URL)
    field(page, "side").get_by_text("Left", exact=True).click()
    page.get_by_role("button", name="Save check-in").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Where: choose the region that aches.")
    expect(summary).to_contain_text(
        "Does the pain wake you at night? Answer yes or no."
    )
    expect(summary).to_be_focused()
    assert_accessible(page)
    assert not m.Checkin.objects.exists()


def test_without_javascript_the_list_is_the_form(
    browser: Browser, runner_page: Page, live_server: Any
) -> None:
    cookies = runner_page.context.cookies()
    context = browser.new_context(
        viewport=PHONE, base_url=live_server.url, java_script_enabled=False
    )
    context.add_cookies(cookies)  # type: ignore[arg-type]
    page = context.new_page()
    page.goto(URL)
    expect(page.locator("[data-body-map]").first).to_be_hidden()
    field(page, "region").get_by_text("Heel", exact=True).click()
    field(page, "side").get_by_text("Both sides").click()
    field(page, "intensity").get_by_text("2", exact=True).click()
    field(page, "timing").get_by_text("Next morning").click()
    page.get_by_role("group", name="Does the pain wake you at night?").get_by_label(
        "Yes"
    ).check()
    expect(page.locator("#redflag-advice")).to_be_visible()  # CSS :has(), no script
    page.get_by_label("None of these six apply to me").check()
    page.get_by_role("button", name="Save check-in").click()
    expect(page.get_by_role("alert")).to_contain_text("Untick this")
    context.close()
    assert not m.Checkin.objects.exists()


def test_same_as_yesterday_with_nothing_changed_takes_three_taps(
    runner_page: Page,
) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from stridelight.core import journal as core
    from stridelight.runners import services

    yesterday = timezone.now() - timedelta(days=1)
    runner = m.Runner.objects.get()
    ache = core.Ache(
        at=yesterday,
        region="achilles",
        side="right",
        intensity=5,
        timing="next_morning",
    )
    services.checkin_record(runner=runner, at=yesterday, aches=[ache], red_flags=())
    page, taps = runner_page, Taps()
    page.goto(URL)
    taps.tap(page.get_by_role("link", name="Same as yesterday"))
    pressed = page.get_by_role("button", name="Right achilles", exact=True).first
    expect(pressed).to_have_attribute("aria-pressed", "true")  # the map shows it
    expect(pressed).to_have_attribute("tabindex", "0")  # and Tab lands on it
    taps.tap(page.get_by_label("None of these six apply to me"))
    taps.tap(page.get_by_role("button", name="Save check-in"))
    expect(page.get_by_role("status")).to_contain_text("Check-in saved: 1 ache")
    assert taps.count == 3
    today = m.Ache.objects.order_by("-at").first()
    assert today is not None
    assert (today.region, today.side, today.intensity, today.timing) == (
        "achilles", "right", 5, "next_morning",
    )  # fmt: skip


def test_the_heat_map_is_accessible_and_says_what_was_not_logged(page: Page) -> None:
    from django.template import Context, Template

    html = Template(
        "{% load body_map %}<!doctype html><html lang='en'><head><title>Heat</title>"
        "</head><body><main>"
        '{% body_map "heat" values=values caption="Mean ache, last 28 days" %}'
        "</main></body></html>"
    ).render(Context({"values": {"heel:left": 6.5, "calf:both": 2.0}}))
    page.set_content(html)
    assert_accessible(page)
    expect(page.get_by_role("table")).to_contain_text("none logged")
    expect(
        page.get_by_role("img", name="Soles view; the table lists the values")
    ).to_be_visible()
