"""/book/ and /manage/<token>/ through Django's test client, without JavaScript."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.test import Client, TestCase
from django.utils.html import escape

from stridelight.accounts.models import User
from stridelight.clinic import intake, links
from stridelight.clinic.models import Appointment, Intake, Status
from stridelight.clinic.services import book
from stridelight.core.journal import Ache, Journal, RunnerData
from stridelight.core.redflag_words import RAISING_ANSWER
from tests.web.clinic_setup import NOW, TUESDAY, at, make_clinic, service
from tests.web.staff import sign_in
from tests.web.store import a_runner, save_runner_data

pytestmark = pytest.mark.django_db

ALL_NO = {f: "no" if RAISING_ANSWER[f] else "yes" for f in intake.RED_FLAG_IDS}
DETAILS = {
    "name": "Ann Runner",
    "email": "ann@example.com",
    "phone": "718 555 0101",
    "feel": ["tightness"],
    "since": "2_to_6_weeks",
    "consent": "on",
    "terms_version": intake.TERMS.version,
}
DAY = TUESDAY.isoformat()


@pytest.fixture(autouse=True)
def clinic_at_now() -> Iterator[None]:
    make_clinic()
    mail.outbox.clear()
    with time_machine.travel(NOW, tick=False):
        yield


def post(client: Client, url: str, data: Any = None, **extra: Any) -> Any:
    """POST, then run what the view left for the commit (the test's own
    transaction never commits): the messages it sends."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(url, data or {}, **extra)


def answered(client: Client) -> None:
    assert client.post("/book/", ALL_NO).status_code == 302


def held(client: Client, clock: str = "10:00", slug: str = "discovery-visit") -> None:
    answered(client)
    response = client.post(f"/book/{slug}/{DAY}/", {"start": at(clock).isoformat()})
    assert response.status_code == 302
    assert response["Location"] == "/book/details/"


def booked_token(client: Client) -> str:
    held(client)
    with_mail = post(client, "/book/details/", DETAILS)
    assert with_mail.status_code == 302
    found = re.search(r"/manage/([^/\s]+)/", str(mail.outbox[-1].body))
    assert found is not None
    return found.group(1)


def test_the_red_flag_questions_come_first_with_nothing_selected(
    client: Client,
) -> None:
    page = client.get("/book/").content.decode()
    for flag in intake.RED_FLAG_IDS:
        assert intake.RED_FLAG_QUESTIONS[flag] in page
    assert page.count('type="radio"') == 12
    assert "checked" not in page
    assert "(718) 369-0505" in page  # the clinic's phone on every booking page


def test_an_unanswered_question_is_an_error_tied_to_its_field(client: Client) -> None:
    partial = {k: v for k, v in ALL_NO.items() if k != "night_pain"}
    response = client.post("/book/", partial)
    page = response.content.decode()
    assert response.status_code == 200
    assert 'role="alert"' in page and "data-error-summary" in page
    assert 'href="#id_night_pain_0"' in page
    assert 'aria-describedby="id_night_pain-error"' in page
    assert 'id="id_night_pain-error"' in page


def test_any_yes_leads_to_see_a_physician_with_the_clinics_phone(
    client: Client,
) -> None:
    response = client.post("/book/", {**ALL_NO, "numbness_tingling": "yes"})
    assert response["Location"] == "/book/see-a-physician/"
    page = client.get(response["Location"]).content.decode()
    assert "see a physician first" in page
    assert "(718) 369-0505" in page and "by phone" in page
    assert client.get("/book/service/")["Location"] == "/book/"  # no way round it


def test_not_being_able_to_bear_weight_is_the_no_that_refers(client: Client) -> None:
    response = client.post("/book/", {**ALL_NO, "cannot_bear_weight": "no"})
    assert response["Location"] == "/book/see-a-physician/"


def test_service_day_and_time_pages_offer_the_demo_clinics_slots(
    client: Client,
) -> None:
    answered(client)
    assert "Discovery Visit" in client.get("/book/service/").content.decode()
    days = client.get("/book/discovery-visit/?from=2027-05-01").content.decode()
    assert f"/book/discovery-visit/{DAY}/" in days
    times = client.get(f"/book/discovery-visit/{DAY}/").content.decode()
    assert f'value="{at("10:00").isoformat()}"' in times
    assert "Tuesday 4 May 2027, 30 minutes" in times  # the full accessible name


def test_choosing_a_time_holds_it_for_ten_minutes(client: Client) -> None:
    held(client)
    hold = Appointment.objects.get(status=Status.HELD)
    assert hold.hold_expires_at == NOW + timedelta(minutes=10)
    page = client.get("/book/details/").content.decode()
    assert "data-hold-warning" in page and 'role="alert"' in page
    # Enter in a field presses the first submit button: booking, not extending.
    assert page.index(">Book this time<") < page.index('name="extend"')
    other = Client()
    answered(other)
    taken = other.post(
        f"/book/discovery-visit/{DAY}/", {"start": at("10:00").isoformat()}
    )
    # Both therapists are free at 10:00: the second browser gets the other one.
    assert taken.status_code == 302
    third = Client()
    answered(third)
    refused = third.post(
        f"/book/discovery-visit/{DAY}/", {"start": at("10:00").isoformat()}
    )
    assert refused.status_code == 409
    assert "just taken" in refused.content.decode()


def test_the_extend_button_keeps_what_was_typed_without_javascript(
    client: Client,
) -> None:
    held(client)
    with time_machine.travel(NOW + timedelta(minutes=8), tick=False):
        response = client.post("/book/details/", {"name": "Ann R", "extend": "1"})
    assert response.status_code == 200
    assert 'value="Ann R"' in response.content.decode()
    hold = Appointment.objects.get(status=Status.HELD)
    assert hold.hold_expires_at == NOW + timedelta(minutes=18)


def test_the_extend_endpoint_answers_json_for_the_script(client: Client) -> None:
    held(client)
    response = client.post("/book/details/extend/")
    assert response.status_code == 200
    assert response.json()["expires"].startswith("2027-04-20T08:10:00")


def test_missing_details_are_errors_tied_to_their_fields(client: Client) -> None:
    held(client)
    response = client.post("/book/details/", {"terms_version": intake.TERMS.version})
    page = response.content.decode()
    assert response.status_code == 400
    for name in ("name", "email", "phone", "consent"):
        assert f'href="#id_{name}"' in page
        assert f'id="id_{name}-error"' in page
    assert 'aria-describedby="id_email-error id_email-hint"' in page
    assert Appointment.objects.get().status == Status.HELD


def test_booking_confirms_at_once_on_the_page_and_by_mail(client: Client) -> None:
    held(client)
    response = post(client, "/book/details/", DETAILS, follow=True)
    page = response.content.decode()
    assert "You are booked" in page and "10:00 AM" in page
    assert "/manage/" in page
    row = Appointment.objects.get()
    assert row.status == Status.BOOKED
    assert Intake.objects.get(appointment=row).answers == {
        "feel": ["tightness"],
        "since": ["2_to_6_weeks"],
    }
    (message,) = mail.outbox
    assert message.to == ["ann@example.com"]


def test_a_signed_in_runners_intake_is_prefilled_from_their_log(
    client: Client,
) -> None:
    user = a_runner()
    ache = Ache(
        at=NOW - timedelta(days=20),
        region="heel",
        side="left",
        intensity=4,
        timing="after_run",
        quality=("tight",),
    )
    save_runner_data(user, RunnerData.from_journal(Journal(aches=(ache,))))
    client.force_login(user)
    held(client)
    page = client.get("/book/details/").content.decode()
    assert re.search(r'value="heel"[^>]*checked', page)
    assert re.search(r'value="tightness"[^>]*checked', page)
    assert re.search(r'value="2_to_6_weeks"[^>]*checked', page)
    assert 'value="ann@example.com"' in page


def test_the_manage_link_cancels_after_asking_once_more(client: Client) -> None:
    token = booked_token(client)
    page = client.get(f"/manage/{token}/").content.decode()
    assert "Cancel this appointment" in page
    assert "Yes, cancel it" in client.get(f"/manage/{token}/cancel/").content.decode()
    post(client, f"/manage/{token}/cancel/")
    assert Appointment.objects.get().status == Status.CANCELLED
    parts = mail.outbox[-1].message().walk()
    (ics,) = [p for p in parts if p.get_content_type() == "text/calendar"]
    assert ics.get_param("method") == "CANCEL"
    assert b"METHOD:CANCEL" in ics.get_payload(decode=True)


def test_the_manage_link_moves_the_appointment(client: Client) -> None:
    token = booked_token(client)
    days = client.get(f"/manage/{token}/reschedule/?from=2027-05-01").content.decode()
    assert f"?day={DAY}" in days
    response = client.post(
        f"/manage/{token}/reschedule/?day={DAY}", {"start": at("13:00").isoformat()}
    )
    assert response.status_code == 302
    assert Appointment.objects.get().start == at("13:00")
    assert client.get(f"/manage/{token}/").status_code == 404  # the old link
    assert client.get(response["Location"]).status_code == 200


def test_inside_24_hours_the_manage_page_says_to_call(client: Client) -> None:
    token = booked_token(client)
    with time_machine.travel(at("10:00") - timedelta(hours=2), tick=False):
        page = client.get(f"/manage/{token}/").content.decode()
        assert "please call us" in page and "recorded as late" in page
        assert "Cancel this appointment" not in page
        client.post(f"/manage/{token}/cancel/")
    assert Appointment.objects.get().status == Status.BOOKED
    with time_machine.travel(at("10:00") + timedelta(minutes=1), tick=False):
        assert client.get(f"/manage/{token}/").status_code == 410


def test_an_unknown_manage_link_is_404(client: Client) -> None:
    assert client.get("/manage/not-a-token/").status_code == 404


def test_a_reminders_signed_link_opens_the_same_manage_page(client: Client) -> None:
    """Reminders cannot carry the booking's own secret (only its hash is kept):
    their link is signed (clinic.links), and opens the same page; a forged one
    does not."""
    booked_token(client)
    signed = links.manage_token(Appointment.objects.get())
    assert (
        "Cancel this appointment" in client.get(f"/manage/{signed}/").content.decode()
    )
    assert client.get(f"/manage/{signed[:-3]}abc/").status_code == 404


def test_details_without_a_hold_send_the_visitor_back_to_the_start(
    client: Client,
) -> None:
    answered(client)
    assert client.get("/book/details/")["Location"] == "/book/"


def test_another_browser_cannot_open_the_confirmation(client: Client) -> None:
    booked_token(client)
    assert Client().get("/book/confirmed/")["Location"] == "/book/"


def test_a_booking_by_api_is_on_the_manage_page_too(client: Client) -> None:
    booked = book(
        service=service("discovery-visit"),
        start=at("10:00"),
        name="Ann",
        email="ann@example.com",
        phone="718 555 0101",
        now=NOW,
    )
    assert client.get(f"/manage/{booked.manage_token}/").status_code == 200


def test_staff_cancel_in_the_admin_inside_24_hours_is_recorded_late(
    client: Client,
) -> None:
    booked_token(client)
    row = Appointment.objects.get()
    staff = User.objects.create_superuser("boss@clinic.example", "a long pass phrase")
    sign_in(client, staff)  # staff pass the two-step check before /admin/
    page = client.get(f"/admin/clinic/appointment/{row.pk}/change/").content.decode()
    assert escape(intake.TERMS.text) in page  # the consent as given, shown to staff
    with time_machine.travel(at("10:00") - timedelta(hours=3), tick=False):
        sign_in(client, staff)  # the session of three weeks ago has ended
        post(
            client,
            "/admin/clinic/appointment/",
            {"action": "cancel", "index": 0, "_selected_action": [row.pk]},
        )
    row.refresh_from_db()
    assert row.status == Status.LATE_CANCELLED
    assert mail.outbox[-1].subject.endswith("is cancelled")
