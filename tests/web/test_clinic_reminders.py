"""Reminders: when they are due, what they say, and what a send does with each row."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.test import Client
from pytest_django.fixtures import Settings

from stridelight.accounts.models import User
from stridelight.clinic import reminder_times, reminders
from stridelight.clinic.models import Appointment, Reminder, ReminderState, Status
from stridelight.clinic.services import book
from tests.web.clinic_setup import NOW, TUESDAY, at, make_clinic, service
from tests.web.staff import sign_in

NY = ZoneInfo("America/New_York")
QUIET = (time(21), time(8))


def local(day: str, clock: str) -> datetime:
    return datetime.fromisoformat(f"{day}T{clock}").replace(tzinfo=NY)


@pytest.mark.parametrize(
    ("start", "kind", "expected"),
    [
        # Plain: the lead time before.
        (local("2027-05-04", "10:00"), "email_24h", local("2027-05-03", "10:00")),
        (local("2027-05-04", "12:00"), "sms_2h", local("2027-05-04", "10:00")),
        # 07:00 is quiet: sent 15 minutes before quiet hours began, the evening before.
        (local("2027-05-04", "09:00"), "sms_2h", local("2027-05-03", "20:45")),
        # 22:30 is quiet too (the evening side): 20:45 the same evening.
        (local("2027-05-05", "00:30"), "sms_2h", local("2027-05-04", "20:45")),
        # 08:00 is when quiet hours end: not quiet.
        (local("2027-05-04", "10:00"), "sms_2h", local("2027-05-04", "08:00")),
    ],
)
def test_send_time_is_the_lead_before_or_earlier_out_of_quiet_hours(
    start: datetime, kind: str, expected: datetime
) -> None:
    found = reminder_times.send_time(
        appointment_start=start, kind=kind, zone=NY, quiet=QUIET
    )
    assert found == expected
    assert not reminder_times.in_quiet_hours(found, NY, QUIET)


def test_send_time_across_the_march_change_keeps_24_real_hours() -> None:
    # 2027-03-14 02:00 EST → 03:00 EDT: 24 h before Sunday 10:00 EDT is Saturday
    # 09:00 EST (the same wall clock would be 23 hours).
    start = local("2027-03-14", "10:00")
    due = reminder_times.send_time(
        appointment_start=start, kind="email_24h", zone=NY, quiet=QUIET
    )
    assert start - due == timedelta(hours=24)
    assert due.astimezone(NY).hour == 9


def test_quiet_hours_end_is_the_next_morning() -> None:
    evening = local("2027-05-03", "22:10")
    assert reminder_times.quiet_hours_end(evening, NY, QUIET) == local(
        "2027-05-04", "08:00"
    )


def mfr_at(clock: str, email: str = "ann@example.com") -> Appointment:
    return book(
        service=service("mfr-session"),
        start=at(clock),
        name="Ann",
        email=email,
        phone="718 555 0101",
        now=NOW,
    ).appointment


@pytest.fixture
def sms_dir(settings: Settings, tmp_path: Path) -> Path:
    settings.SMS_BACKEND = "file"
    settings.SMS_FILE_PATH = str(tmp_path / "sms")
    settings.REMINDER_QUIET_HOURS = QUIET
    return tmp_path / "sms"


@pytest.mark.django_db
def test_booking_writes_one_reminder_of_each_kind_due_before_it(sms_dir: Path) -> None:
    make_clinic()
    appointment = mfr_at("09:00")
    due = dict(appointment.reminders.values_list("kind", "due_at"))
    assert due == {
        "email_24h": local("2027-05-03", "09:00"),
        "sms_2h": local("2027-05-03", "20:45"),
    }
    assert set(appointment.reminders.values_list("state", flat=True)) == {"due"}


@pytest.mark.django_db
def test_each_due_reminder_is_sent_once_without_health_details(sms_dir: Path) -> None:
    make_clinic()
    appointment = mfr_at("10:00")
    sending_time = at("09:00")
    first = reminders.send_due(now=sending_time)
    again = reminders.send_due(now=sending_time + timedelta(minutes=5))
    assert sorted(o.state for o in first) == ["sent", "sent"] and again == []
    [email] = mail.outbox
    [text] = list(sms_dir.iterdir())
    for body in (email.body, text.read_text()):
        assert "Myofascial release session" in body and "/manage/" in body
        assert "10:00 AM" in body and "Stridelight Clinic" in body
        # No intake, aches or notes: nothing beyond the time, service and link.
        assert "ache" not in body.lower() and "Ann" not in body
    assert email.to == [appointment.client_email]
    assert Reminder.objects.filter(state=ReminderState.SENT).count() == 2


@pytest.mark.django_db
def test_a_cancelled_appointment_gets_no_reminder(sms_dir: Path) -> None:
    make_clinic()
    appointment = mfr_at("10:00")
    Appointment.objects.filter(pk=appointment.pk).update(status=Status.CANCELLED)
    outcomes = reminders.send_due(now=at("09:00"))
    assert [o.state for o in outcomes] == ["skipped", "skipped"]
    assert mail.outbox == [] and not sms_dir.exists()


@pytest.mark.django_db
def test_a_moved_appointment_is_reminded_at_its_new_time(sms_dir: Path) -> None:
    make_clinic()
    appointment = mfr_at("10:00")
    # Moved two days later without rescheduling its reminders: the worker re-reads it.
    moved = appointment.start + timedelta(days=2)
    shift = moved - appointment.start
    Appointment.objects.filter(pk=appointment.pk).update(
        start=moved,
        end=appointment.end + shift,
        blocked_start=appointment.blocked_start + shift,
        blocked_end=appointment.blocked_end + shift,
    )
    outcomes = reminders.send_due(now=at("09:00"))
    assert [o.state for o in outcomes] == ["due", "due"] and mail.outbox == []
    due = dict(appointment.reminders.values_list("kind", "due_at"))
    assert due["email_24h"] == moved - timedelta(hours=24)
    assert due["sms_2h"] == moved - timedelta(hours=2)
    assert set(appointment.reminders.values_list("attempts", flat=True)) == {0}


@pytest.mark.django_db
def test_a_failed_send_is_retried_later_then_given_up(
    sms_dir: Path, settings: Settings
) -> None:
    settings.SMS_BACKEND = "tests.web.sms_backends.BrokenBackend"
    settings.REMINDER_MAX_ATTEMPTS = 3
    make_clinic()
    mfr_at("10:00")
    Reminder.objects.filter(kind="email_24h").delete()
    now = at("08:30")
    waits = []
    for _ in range(3):
        [outcome] = reminders.send_due(now=now)
        row = Reminder.objects.get()
        if outcome.state == "due":
            waits.append(row.due_at - now)
            now = row.due_at
    assert outcome.state == "failed" and "provider unreachable" in row.last_error
    assert waits == [timedelta(seconds=60), timedelta(seconds=120)]  # backoff
    assert row.attempts == 3 and row.sent_at is None


@pytest.mark.django_db
def test_a_reminder_whose_time_has_passed_at_booking_is_skipped(
    sms_dir: Path,
) -> None:
    make_clinic()
    appointment = book(
        service=service("discovery-visit"),
        start=at("10:00"),
        name="Bo",
        email="bo@example.com",
        phone="718 555 0102",
        now=at("07:00"),  # booked three hours before: the 24 h e-mail is too late
    ).appointment
    states = dict(appointment.reminders.values_list("kind", "state"))
    assert states == {"email_24h": "skipped", "sms_2h": "due"}


@pytest.mark.django_db
def test_a_worker_late_into_quiet_hours_waits_for_the_morning(sms_dir: Path) -> None:
    make_clinic()
    mfr_at("12:00")
    Reminder.objects.filter(kind="sms_2h").delete()
    # The e-mail was due 12:00 the day before; the worker only runs at 23:00.
    late = datetime.combine(TUESDAY - timedelta(days=1), time(23), NY).astimezone(UTC)
    [outcome] = reminders.send_due(now=late)
    row = Reminder.objects.get()
    assert outcome.state == "due" and mail.outbox == []
    assert row.due_at == datetime.combine(TUESDAY, time(8), NY)


@pytest.mark.django_db
def test_the_admin_lists_reminders_read_only(client: Client, sms_dir: Path) -> None:
    make_clinic()
    mfr_at("10:00")
    admin = User.objects.create_superuser("admin@clinic.example", "x")
    sign_in(client, admin)
    listed = client.get("/admin/clinic/reminder/?state__exact=due")
    assert listed.status_code == 200
    assert listed.content.count(b"/admin/clinic/reminder/") >= 2
    row = Reminder.objects.first()
    assert row is not None
    page = client.get(f"/admin/clinic/reminder/{row.pk}/change/")
    assert page.status_code == 200 and b'name="_save"' not in page.content
    assert client.get("/admin/clinic/reminder/add/").status_code == 403


@pytest.mark.django_db
def test_an_appointment_deleted_after_the_claim_is_skipped_quietly(
    sms_dir: Path,
) -> None:
    make_clinic()
    appointment = mfr_at("10:00")
    claimed = reminders.claim(now=at("09:00"))
    Appointment.objects.filter(pk=appointment.pk).delete()
    outcomes = [reminders.deliver(r, now=at("09:00")) for r in claimed]
    assert [o.state for o in outcomes] == ["skipped", "skipped"]
    assert mail.outbox == [] and not Reminder.objects.exists()
