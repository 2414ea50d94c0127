"""The two-step check in a real browser: enrol by keyboard, errors announced, axe clean.

Also the Content Security Policy at work: no page here breaks under it (the
browser would report a refused script or style on the console).
"""

from __future__ import annotations

import pytest
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import ConsoleMessage, Page, expect

from stridelight.accounts.models import Role, User
from tests.browser.conftest import assert_accessible
from tests.web.staff import PASSWORD, code_for

pytestmark = pytest.mark.django_db(transaction=True)


def signed_in_staff(page: Page, live_server: object) -> User:
    user = User.objects.create_user("tess@example.com", PASSWORD, role=Role.THERAPIST)
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [
            {
                "name": "sessionid",
                "value": client.cookies["sessionid"].value,
                "url": str(getattr(live_server, "url", "")),
            }
        ]
    )
    return user


def test_staff_enrol_by_keyboard_and_reach_the_admin(
    page: Page, live_server: object
) -> None:
    refused: list[str] = []
    page.on(
        "console",
        lambda m: refused.append(m.text) if _is_csp(m) else None,
    )
    user = signed_in_staff(page, live_server)
    page.goto("/admin/")
    expect(
        page.get_by_role("heading", name="Set up the two-step check")
    ).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Code from the app").fill("000000")
    page.keyboard.press("Enter")
    expect(page.get_by_role("alert")).to_contain_text("did not match")
    expect(page.get_by_label("Code from the app")).to_have_attribute(
        "aria-invalid", "true"
    )
    assert_accessible(page)
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    page.wait_for_timeout(1100)  # django-otp's throttle after one wrong code
    page.get_by_label("Code from the app").fill(code_for(device))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Your recovery codes")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Continue").click()
    expect(page.get_by_role("heading", name="Site administration")).to_be_visible()
    assert not refused, refused


def test_the_verify_page_is_accessible(page: Page, live_server: object) -> None:
    user = signed_in_staff(page, live_server)
    TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    page.goto("/clinic/")
    expect(page.get_by_role("heading", name="Two-step check")).to_be_visible()
    expect(page.get_by_label("Code")).to_have_attribute("autocomplete", "one-time-code")
    assert_accessible(page)


def _is_csp(message: ConsoleMessage) -> bool:
    return "Content Security Policy" in message.text
