"""What the clinic's people type is text wherever it is shown back: a therapist's
session notes and addenda, a client's PSFS activities, and the clinic's setup a
clinic admin types in the admin (name, phone, address, services, therapists,
time off) on the booking pages, the messages and the workspace.

Messages (e-mail, text message) are plain text with no HTML part: there the
words are as typed, and the calendar part reads back whole.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.test import Client, TestCase
from pytest_django import Settings

from stridelight.accounts.models import User
from stridelight.clinic import intake, reminders
from stridelight.clinic.models import Appointment, ClinicSettings
from stridelight.clinic.psfs_ask import psfs_invitations_send, psfs_url
from stridelight.core.redflag_words import RAISING_ANSWER
from tests.web.admin_forms import admin_change
from tests.web.clinic_setup import at, service
from tests.web.escaping import (
    assert_no_raw_markup,
    assert_shown_escaped,
    calendar_event,
    check,
    hostile,
    hostile_short,
    opened,
)
from tests.web.staff import sign_in
from tests.web.workspace_setup import NOW, Clinic, make_workspace

pytestmark = pytest.mark.django_db

#: A Tuesday a week after the workspace's visits; at 15:00 only Ann works.
DAY = date(2027, 5, 11)
ALL_NO = {f: "no" if RAISING_ANSWER[f] else "yes" for f in intake.RED_FLAG_IDS}


@dataclass(frozen=True)
class Staff:
    clinic: Clinic
    ann: Client  # the therapist of the sharing runner's visits
    admin: Client  # the clinic admin


@pytest.fixture
def staff() -> Iterator[Staff]:
    with time_machine.travel(NOW, tick=False):
        clinic = make_workspace()
        mail.outbox.clear()
        ann, admin = Client(), Client()
        sign_in(ann, clinic.ann.user)
        sign_in(admin, clinic.admin)
        yield Staff(clinic, ann, admin)


def link_of(runner: User) -> str:
    """The path of the e-mailed PSFS link."""
    return re.sub(r"^https?://[^/]+", "", psfs_url(runner, now=NOW))


def soap(action: str, texts: dict[str, str]) -> dict[str, str]:
    """The note form: the four SOAP sections, no findings."""
    empty = {f"f-{n}-{k}": "" for n in range(8) for k in ("region", "side")}
    counts = {"TOTAL_FORMS": "8", "INITIAL_FORMS": "0", "MAX_NUM_FORMS": "8"}
    return {
        "action": action,
        **texts,
        **empty,
        **{f"f-{k}": v for k, v in counts.items()},
    }


def test_session_notes_and_addenda_are_text_in_the_draft_the_signed_note_and_after(
    staff: Staff,
) -> None:
    texts = {
        k: hostile(f"note-{k}")
        for k in ("subjective", "objective", "assessment", "plan")
    }
    url = f"/clinic/appointments/{staff.clinic.shared_visit.pk}/notes/"
    assert staff.ann.post(url, soap("save", texts)).status_code == 302
    check(staff.ann, {url: tuple(texts.values())})  # the draft, in its text areas
    refused = staff.ann.post(url, {**soap("save", texts), "f-0-region": "heel"})
    assert_shown_escaped(refused.content.decode(), *texts.values(), where="refused")
    assert staff.ann.post(url, soap("sign", texts)).status_code == 302
    check(staff.ann, {url: tuple(texts.values())})  # the signed note, locked
    addendum = hostile("addendum")
    assert staff.ann.post(url, {"text": addendum}).status_code == 302
    check(staff.ann, {url: (*texts.values(), addendum)})
    brief = opened(staff.ann, url.replace("notes", "brief"))
    assert_no_raw_markup(brief, where="the brief")


def test_psfs_activities_a_client_names_are_text_when_offered_again(
    staff: Staff,
) -> None:
    runner = Client()
    runner.force_login(staff.clinic.sharing)
    names = [hostile(f"psfs-{n}") for n in (1, 2, 3)]
    form = {f"activity_{n}": name for n, name in enumerate(names, 1)}
    refused = runner.post("/me/psfs/", form)  # no ratings: shown again
    assert refused.status_code == 200 and "Please check" in refused.content.decode()
    assert_shown_escaped(refused.content.decode(), *names, where="the refused form")
    rated = {**form, **{f"rating_{n}": "4" for n in (1, 2, 3)}}
    assert runner.post("/me/psfs/", rated).status_code == 302
    check(runner, {"/me/psfs/": tuple(names)})
    check(Client(), {link_of(staff.clinic.sharing): tuple(names)})  # no session
    brief = f"/clinic/appointments/{staff.clinic.shared_visit.pk}/brief/"
    assert_no_raw_markup(opened(staff.ann, brief), where="the brief's outcomes")


# --- the clinic's setup, typed by the clinic admin in the admin ------------------

SETUP = {
    "clinic": hostile("clinic-name"),
    "phone": hostile_short("7183690505"),
    "address": hostile("clinic-address"),
    "service": hostile("service-name"),
    "therapist": hostile("therapist-name"),
    "time_off": hostile("time-off"),
}


def typed_in_the_admin(staff: Staff) -> None:
    s = SETUP
    row = ClinicSettings.objects.get()
    admin_change(
        staff.admin,
        f"/admin/clinic/clinicsettings/{row.pk}/change/",
        {"name": s["clinic"], "phone": s["phone"], "address": s["address"]},
    )
    visit = service("discovery-visit").pk
    admin_change(
        staff.admin, f"/admin/clinic/service/{visit}/change/", {"name": s["service"]}
    )
    admin_change(
        staff.admin,
        f"/admin/clinic/therapist/{staff.clinic.ann.pk}/change/",
        {"display_name": s["therapist"]},
        new_rows={"time_off": {"day": "2027-06-01", "reason": s["time_off"]}},
    )


def booked_at_three(client: Client) -> Any:
    """The /book/ steps, the visit at 15:00 (Ann's), signed in or not."""
    assert client.post("/book/", ALL_NO).status_code == 302
    start = {"start": at("15:00", DAY).isoformat()}
    assert client.post(f"/book/discovery-visit/{DAY}/", start).status_code == 302
    details = {
        "name": "Rae",
        "email": "rae@example.com",
        "phone": "718 555 0101",
        "consent": "on",
        "terms_version": intake.TERMS.version,
    }
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post("/book/details/", details, follow=True)


def assert_plain_text(message: Any, *texts: str) -> None:
    assert message.content_subtype == "plain"
    assert not getattr(message, "alternatives", None)  # no HTML to render
    for text in texts:
        assert text in message.body, text


def test_the_clinics_setup_typed_in_the_admin_is_text_on_every_page_and_message(
    staff: Staff, settings: Settings, tmp_path: Path
) -> None:
    settings.SMS_BACKEND, settings.SMS_FILE_PATH = "file", str(tmp_path / "sms")
    typed_in_the_admin(staff)
    s = SETUP
    visitor = Client()
    contact = (s["clinic"], s["phone"], s["address"])
    assert visitor.post("/book/", ALL_NO).status_code == 302
    booking_pages = {
        "/book/": contact,
        "/book/see-a-physician/": (s["clinic"], s["phone"]),
        "/book/service/": (*contact, s["service"]),
        "/book/discovery-visit/": (s["service"],),
        f"/book/discovery-visit/{DAY}/": (s["service"],),
    }
    check(visitor, booking_pages)
    confirmed = booked_at_three(visitor).content.decode()
    everything = (*contact, s["service"], s["therapist"])
    assert_shown_escaped(confirmed, *everything, where="/book/confirmed/")
    (message,) = mail.outbox
    assert_plain_text(message, *everything)
    event = calendar_event(message)
    assert str(event["SUMMARY"]) == f"Appointment at {s['clinic']}"
    assert str(event["LOCATION"]) == s["address"]
    assert event["ORGANIZER"].params["CN"] == s["clinic"]
    token = re.search(r"/manage/([^/\s]+)/", str(message.body))
    assert token is not None
    check(visitor, {f"/manage/{token.group(1)}/": (s["service"], s["therapist"])})
    appointment = Appointment.objects.get(client_name="Rae")
    assert appointment.therapist.display_name == s["therapist"]  # Ann's
    reminded(tmp_path / "sms")
    workspace_and_admin(staff, appointment)


def reminded(sms_dir: Path) -> None:
    """The reminders and the PSFS invitation say the setup's words as typed."""
    s = SETUP
    mail.outbox.clear()
    outcomes = reminders.send_due(now=at("14:00", DAY))
    assert sorted(o.state for o in outcomes) == ["sent", "sent"]
    (reminder,) = mail.outbox
    assert_plain_text(reminder, s["clinic"], s["phone"], s["service"])
    (text,) = sms_dir.iterdir()
    assert s["clinic"] in text.read_text() and s["service"] in text.read_text()
    mail.outbox.clear()
    assert psfs_invitations_send(now=NOW).asked == len(mail.outbox) > 0
    for invitation in mail.outbox:
        assert_plain_text(invitation, s["clinic"], s["phone"])


def workspace_and_admin(staff: Staff, appointment: Appointment) -> None:
    s = SETUP
    visit = f"/clinic/appointments/{staff.clinic.shared_visit.pk}/"
    pages = {
        f"/clinic/?day={DAY}": (s["service"],),
        visit + "brief/": (s["service"], s["therapist"]),
        visit + "notes/": (s["service"], s["therapist"]),
        f"/clinic/clients/{staff.clinic.sharing.pk}/": (s["service"], s["therapist"]),
    }
    check(staff.ann, pages)
    admin_pages = {
        f"/clinic/?day={DAY}": (s["service"], s["therapist"]),
        "/admin/clinic/clinicsettings/": (s["clinic"], s["phone"]),
        "/admin/clinic/service/": (s["service"],),
        "/admin/clinic/therapist/": (s["therapist"],),
        f"/admin/clinic/therapist/{staff.clinic.ann.pk}/change/": (
            s["therapist"],
            s["time_off"],
        ),
        f"/admin/clinic/appointment/{appointment.pk}/change/": (),
    }
    check(staff.admin, admin_pages)
    runner = Client()
    runner.force_login(staff.clinic.sharing)
    check(runner, {link_of(staff.clinic.sharing): (s["clinic"],)})
