"""A client's name, e-mail address and phone, typed on /book/ or sent to the
booking API, are text on every page, message and calendar part that shows them.

The e-mails are plain text with no HTML part: there the text is written as typed
(escaping it would show ``&lt;`` to the reader) and nothing reads it as markup.
The calendar part quotes the name as RFC 5545 and RFC 6868 say, so it reads back
whole and cannot add a property.  test_escaping.py names the test of each field.
"""

from __future__ import annotations

import json
import re
import smtplib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.test import Client, TestCase
from pytest_django import Settings

from stridelight.clinic import intake, reminders
from stridelight.clinic.models import Appointment, Reminder, ReminderKind, Status
from stridelight.core.redflag_words import RAISING_ANSWER
from tests.web.clinic_setup import at
from tests.web.escaping import (
    assert_no_raw_markup,
    assert_shown_escaped,
    calendar_event,
    hostile,
    hostile_email,
    hostile_short,
    opened,
)
from tests.web.staff import sign_in
from tests.web.workspace_setup import NOW, Clinic, make_workspace

pytestmark = pytest.mark.django_db

#: A Tuesday a week after the workspace's visits: inside every service's notice.
DAY = date(2027, 5, 11)
ALL_NO = {f: "no" if RAISING_ANSWER[f] else "yes" for f in intake.RED_FLAG_IDS}
#: What the client types: a name, an address valid with its quoted local part,
#: and a phone with its seven digits.
TYPED = {
    "name": hostile("client-name"),
    "email": hostile_email("client-email"),
    "phone": hostile_short("5550101"),
}


@dataclass(frozen=True)
class Desk:
    clinic: Clinic
    runner: Client  # the runner who shares their data, booking while signed in
    admin: Client  # the clinic admin: every therapist's schedule, the admin

    def staff_of(self, appointment: Appointment) -> Client:
        """The appointment's therapist, signed in."""
        therapist = Client()
        sign_in(therapist, appointment.therapist.user)
        return therapist


@pytest.fixture
def desk() -> Iterator[Desk]:
    with time_machine.travel(NOW, tick=False):
        clinic = make_workspace()
        mail.outbox.clear()
        runner, admin = Client(), Client()
        runner.force_login(clinic.sharing)
        sign_in(admin, clinic.admin)
        yield Desk(clinic, runner, admin)


def post(client: Client, url: str, data: Any, **extra: Any) -> Any:
    """POST, then run what the view left for the commit (its messages)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(url, data, **extra)


def held(client: Client) -> None:
    assert client.post("/book/", ALL_NO).status_code == 302
    chosen = {"start": at("10:00", DAY).isoformat()}
    assert client.post(f"/book/discovery-visit/{DAY}/", chosen).status_code == 302


def details(**typed: str) -> dict[str, Any]:
    return {
        **typed,
        "feel": ["tightness"],
        "consent": "on",
        "terms_version": intake.TERMS.version,
    }


def assert_plain_text_mail(message: Any, *texts: str) -> None:
    """A text e-mail with the texts as typed, no HTML part, and a calendar part
    whose attendee reads back as the client's name and address."""
    assert not getattr(message, "alternatives", None)  # no HTML to render
    assert message.content_subtype == "plain"
    for text in texts:
        assert text in message.body
    assert message.to == [TYPED["email"]]
    attendee = calendar_event(message)[
        "ATTENDEE"
    ]  # one: a list had the name added another
    assert str(attendee) == f"mailto:{TYPED['email']}"
    assert attendee.params["CN"] == TYPED["name"]


def test_a_refused_details_form_shows_what_was_typed_as_values(desk: Desk) -> None:
    held(desk.runner)
    response = desk.runner.post("/book/details/", {**details(**TYPED), "consent": ""})
    assert response.status_code == 400
    assert_shown_escaped(response.content.decode(), *TYPED.values(), where="the form")


def test_a_booking_made_on_the_book_pages_shows_the_clients_details_as_text(
    desk: Desk,
) -> None:
    held(desk.runner)
    booked = post(desk.runner, "/book/details/", details(**TYPED), follow=True)
    assert_shown_escaped(
        booked.content.decode(), TYPED["email"], where="/book/confirmed/"
    )
    appointment = Appointment.objects.get(client_name=TYPED["name"])
    assert appointment.runner == desk.clinic.sharing  # booked while signed in
    (confirmation,) = mail.outbox
    assert_plain_text_mail(confirmation, f"Hello {TYPED['name']},")
    token = re.search(r"/manage/([^/\s]+)/", str(confirmation.body))
    assert token is not None
    for url in ("", "cancel/", "reschedule/"):
        page = opened(desk.runner, f"/manage/{token.group(1)}/{url}")
        assert_no_raw_markup(page, where=f"/manage/…/{url}")
    workspace = {
        f"/clinic/?day={DAY}": (TYPED["name"],),
        f"/clinic/appointments/{appointment.pk}/brief/": (TYPED["name"],),
        f"/clinic/appointments/{appointment.pk}/notes/": (TYPED["name"],),
        f"/clinic/clients/{desk.clinic.sharing.pk}/": (TYPED["name"],),
    }
    therapist = desk.staff_of(appointment)
    for url, texts in workspace.items():
        assert_shown_escaped(opened(therapist, url), *texts, where=url)
    admin_pages(desk, appointment)
    cancel = post(desk.runner, f"/manage/{token.group(1)}/cancel/", {})
    assert cancel.status_code == 302
    assert Appointment.objects.get(pk=appointment.pk).status == Status.CANCELLED
    assert_plain_text_mail(mail.outbox[-1], f"Hello {TYPED['name']},")


def admin_pages(desk: Desk, appointment: Appointment) -> None:
    """The clinic admin's schedule, the admin's list and the appointment's page."""
    pages = {
        f"/clinic/?day={DAY}": (TYPED["name"],),
        "/admin/clinic/appointment/": (TYPED["name"],),
        f"/admin/clinic/appointment/{appointment.pk}/change/": tuple(TYPED.values()),
    }
    for url, texts in pages.items():
        assert_shown_escaped(opened(desk.admin, url), *texts, where=url)


def test_a_booking_sent_to_the_api_shows_the_clients_details_as_text(
    desk: Desk,
) -> None:
    body = {"service": "mfr-session", "start": at("11:00", DAY).isoformat(), **TYPED}
    response = post(
        Client(), "/api/v1/bookings", json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 201, response.content
    assert response["Content-Type"] == "application/json"
    appointment = Appointment.objects.get(pk=response.json()["id"])
    assert (appointment.client_name, appointment.client_phone) == (
        TYPED["name"],
        TYPED["phone"],
    )
    (confirmation,) = mail.outbox
    assert_plain_text_mail(confirmation, f"Hello {TYPED['name']},")
    admin_pages(desk, appointment)
    therapist = desk.staff_of(appointment)
    schedule = opened(therapist, f"/clinic/?day={DAY}")
    assert_shown_escaped(schedule, TYPED["name"], where="the therapist's schedule")


class RefusingBackend(BaseEmailBackend):
    """A mail server that refuses the recipient, quoting the address (as SMTP
    servers do): the reminder's error keeps the client's words."""

    def send_messages(self, email_messages: Any) -> int:
        to = email_messages[0].to[0]
        raise smtplib.SMTPRecipientsRefused({to: (550, b"no such mailbox")})


def test_a_mail_servers_refusal_quoting_the_address_is_text_in_the_admin(
    desk: Desk, settings: Settings
) -> None:
    body = {"service": "mfr-session", "start": at("11:00", DAY).isoformat(), **TYPED}
    response = post(
        Client(), "/api/v1/bookings", json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 201, response.content
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    settings.SMS_BACKEND = "console"
    reminders.send_due(now=at("10:00", DAY))
    refused = Reminder.objects.get(kind=ReminderKind.EMAIL_24H)
    assert repr(TYPED["email"]) in refused.last_error  # the server's words, kept
    page = opened(desk.admin, f"/admin/clinic/reminder/{refused.pk}/change/")
    assert_shown_escaped(page, refused.last_error, where="the reminder's page")


def test_the_api_takes_markup_as_text_and_refuses_a_line_break(
    desk: Desk,
) -> None:
    """Markup is text to the API (shown escaped later); a line break, which would
    forge an e-mail header, is what it refuses."""
    body = {
        "service": "mfr-session",
        "start": at("11:00", DAY).isoformat(),
        **TYPED,
        "name": TYPED["name"] + "\nBcc: someone@example.com",
    }
    response = Client().post(
        "/api/v1/bookings", json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["fields"] == {"name": "use printable characters only"}
    assert not Appointment.objects.filter(client_phone=TYPED["phone"]).exists()
