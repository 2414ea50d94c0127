"""The therapist's day in a real browser: the schedule, the brief, a note written
and signed with findings, and the runner's chain changed; axe on every page."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from playwright.sync_api import Page, expect

from stridelight.accounts.models import User
from stridelight.clinic.models_notes import NoteFinding
from stridelight.clinic.psfs_ask import psfs_token
from stridelight.clinic.selectors import clinic_settings
from stridelight.runners.analysis import analysis
from tests.browser.conftest import assert_accessible
from tests.web.staff import sign_in as client_signed_in
from tests.web.workspace_setup import make_workspace

pytestmark = pytest.mark.django_db(transaction=True)


def sign_in(page: Page, live_server: Any, user: User) -> None:
    client = Client()
    client_signed_in(client, user)
    page.context.add_cookies(
        [
            {
                "name": "sessionid",
                "value": client.cookies["sessionid"].value,
                "url": live_server.url,
            }
        ]
    )


def put_a_finding_on_the_map_by_keyboard(page: Page) -> tuple[str, str]:
    """Tab into the map (from the field before it), move one region on with an
    arrow key and press Enter: the (region, side) pressed."""
    page.keyboard.press("Tab")
    focused = page.locator("[data-body-map] .region:focus")
    expect(focused).to_have_count(1)
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Enter")
    expect(focused).to_have_attribute("aria-pressed", "true")
    region = focused.get_attribute("data-region") or ""
    side = focused.get_attribute("data-side") or ""
    return region, side


def chain_regions(user: User) -> list[str]:
    today = timezone.now().astimezone(clinic_settings().zone).date()
    return [link.region for link in analysis(user=user, as_of=today).chain]


def test_the_therapists_day_schedule_brief_note_and_the_chain_changes(
    page: Page, live_server: Any
) -> None:
    today = timezone.now().astimezone(clinic_settings().zone).date()
    clinic = make_workspace(today)
    before = chain_regions(clinic.sharing).index("hamstrings")
    sign_in(page, live_server, clinic.ann.user)

    page.goto("/clinic/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Schedule")
    assert_accessible(page)
    page.get_by_role("link", name="Brief for Sam").click()

    expect(page.get_by_role("heading", name="Pre-visit brief: Sam")).to_be_visible()
    expect(page.get_by_role("heading", name="Up the chain")).to_be_visible()
    heel = page.locator(
        '#brief-aches-caption ~ * [data-region="heel"][data-side="left"]'
    )
    expect(heel.locator("title")).to_have_text("Left heel: 5.0 of 10")
    assert_accessible(page)
    page.get_by_role("link", name="Session note").click()

    expect(page.get_by_role("heading", name="Session note: Sam")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Subjective").fill("Left heel aches after runs.")
    page.get_by_label("Ache before the session").fill("6")
    page.get_by_label("Ache after the session").fill("3")
    by_keyboard = put_a_finding_on_the_map_by_keyboard(page)
    expect(page.get_by_label("Finding 1 region")).to_have_value(by_keyboard[0])
    expect(page.get_by_label("Finding 1 side")).to_have_value(by_keyboard[1])
    page.get_by_label("Finding 1 restriction").select_option("1")
    hamstrings = page.get_by_role("button", name="Left hamstrings", exact=True)
    hamstrings.click()  # by mouse: the next empty row
    expect(hamstrings).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#f-map-said")).to_contain_text("finding 2")
    expect(page.get_by_label("Finding 2 region")).to_have_value("hamstrings")
    expect(page.get_by_label("Finding 2 side")).to_have_value("left")
    hamstrings.click()  # pressed again: taken off, its row emptied
    expect(hamstrings).to_have_attribute("aria-pressed", "false")
    expect(page.get_by_label("Finding 2 region")).to_have_value("")
    hamstrings.click()
    expect(page.get_by_label("Finding 2 region")).to_have_value("hamstrings")
    page.get_by_label("Finding 2 restriction").select_option("3")
    assert_accessible(page)
    page.get_by_role("button", name="Sign the note").click()

    expect(page.get_by_role("heading", name="Signed")).to_be_visible()
    expect(page.get_by_role("cell", name="Hamstrings")).to_be_visible()
    assert NoteFinding.objects.count() == 2
    assert_accessible(page)
    assert chain_regions(clinic.sharing).index("hamstrings") < before

    page.goto(f"/clinic/appointments/{clinic.shared_visit.pk}/brief/")
    expect(page.get_by_role("img", name="Ache (NRS 0–10) over time")).to_be_visible()
    assert_accessible(page)

    page.goto(f"/clinic/clients/{clinic.sharing.pk}/")
    expect(page.get_by_role("heading", name="Care plan")).to_be_visible()
    assert_accessible(page)


def test_the_runners_sharing_and_psfs_pages_pass_axe(runner_page: Page) -> None:
    runner_page.goto("/me/sharing/")
    assert_accessible(runner_page)
    runner_page.get_by_role("button", name="I agree").click()
    expect(runner_page.get_by_role("button", name="Stop sharing now")).to_be_visible()
    runner_page.goto("/me/psfs/")
    assert_accessible(runner_page)


def test_the_psfs_is_asked_on_the_dashboard_and_by_link_and_passes_axe(
    page: Page, live_server: Any
) -> None:
    today = timezone.now().astimezone(clinic_settings().zone).date()
    clinic = make_workspace(today)
    sign_in(page, live_server, clinic.sharing)
    page.goto("/me/")
    prompt = page.get_by_role("region", name="how are the hard activities going?")
    expect(prompt).to_be_visible()
    assert_accessible(page)
    page.context.clear_cookies()  # the e-mailed link works signed out
    page.goto(f"/psfs/{psfs_token(clinic.sharing, now=timezone.now())}/")
    expect(page.get_by_role("heading", name="Activities that are hard")).to_be_visible()
    assert_accessible(page)
