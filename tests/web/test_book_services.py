"""Holds, confirming with intake and consent, cancelling and moving, and the
calendar messages each sends (clinic.services, clinic.notifications)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from datetime import datetime, timedelta
from typing import Any

import icalendar
import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection

from stridelight.clinic import intake
from stridelight.clinic.models import Appointment, Intake, Status, TimeOff
from stridelight.clinic.selectors import days_with_slots, free_slots
from stridelight.clinic.services import (
    Booked,
    IntakeAnswers,
    SlotTaken,
    appointment_cancel,
    appointment_reschedule,
    book,
    booking_confirm,
    hold_extend,
    hold_place,
)
from stridelight.core.redflag_words import RAISING_ANSWER
from stridelight.core.vocabulary import RedFlagId
from tests.web.clinic_setup import NOW, TUESDAY, at, make_clinic, service

pytestmark = pytest.mark.django_db

Capture = Callable[..., AbstractContextManager[list[Callable[[], Any]]]]
ALL_NO: dict[RedFlagId, bool] = {f: not RAISING_ANSWER[f] for f in intake.RED_FLAG_IDS}
SITE = "https://clinic.example"


def answers(**flags: bool) -> IntakeAnswers:
    return IntakeAnswers(
        red_flags={**ALL_NO, **flags},  # type: ignore[dict-item]
        answers={"where": ["heel", "arch"], "since": ["2_to_6_weeks"]},
        consent_version=intake.TERMS.version,
        consent_text=intake.TERMS.text,
    )


def confirm(hold: Appointment, now: datetime = NOW, **change: Any) -> Booked:
    return booking_confirm(
        hold=hold,
        name="Ann Runner",
        email="ann@example.com",
        phone="718 555 0101",
        answers=change.pop("answers", answers()),
        now=now,
        site_url=SITE,
    )


@pytest.fixture
def capture(django_capture_on_commit_callbacks: Capture) -> Iterator[Capture]:
    mail.outbox.clear()
    yield django_capture_on_commit_callbacks


def sent_calendar(index: int = -1) -> icalendar.Calendar:
    message = mail.outbox[index]
    (part,) = [
        p for p in message.message().walk() if p.get_content_type() == "text/calendar"
    ]
    assert part.get_param("method") in ("REQUEST", "CANCEL")
    payload = part.get_payload(decode=True)
    assert isinstance(payload, bytes)
    return icalendar.Calendar.from_ical(payload)


def event(cal: icalendar.Calendar) -> icalendar.cal.Component:
    (found,) = cal.walk("VEVENT")
    return found


def test_a_hold_keeps_its_time_from_others_until_it_expires() -> None:
    first, _ = make_clinic()
    discovery = service("discovery-visit")
    hold = hold_place(service=discovery, start=at("10:00"), now=NOW, therapist=first)
    assert hold.status == Status.HELD
    assert hold.hold_expires_at == NOW + timedelta(minutes=10)
    with pytest.raises(SlotTaken):
        hold_place(service=discovery, start=at("10:00"), now=NOW, therapist=first)
    later = NOW + timedelta(minutes=11)
    offered = {s.start for s in free_slots(service=discovery, day=TUESDAY, now=later)}
    assert at("10:00") in offered
    taken = hold_place(service=discovery, start=at("10:00"), now=later, therapist=first)
    assert not Appointment.objects.filter(pk=hold.pk).exists()  # swept under the lock
    assert taken.status == Status.HELD


def test_confirming_a_hold_stores_intake_consent_and_red_flag_answers(
    capture: Capture,
) -> None:
    make_clinic()
    hold = hold_place(service=service("discovery-visit"), start=at("10:00"), now=NOW)
    with capture(execute=True):
        booked = confirm(hold, now=NOW + timedelta(minutes=3))
    row = Appointment.objects.get(pk=hold.pk)
    assert row.status == Status.BOOKED and row.hold_expires_at is None
    assert row.client_email == "ann@example.com"
    stored = Intake.objects.get(appointment=row)
    assert stored.red_flag_answers["cannot_bear_weight"] == "yes"  # yes, I can
    assert stored.red_flag_answers["night_pain"] == "no"
    assert stored.answers == {"where": ["heel", "arch"], "since": ["2_to_6_weeks"]}
    assert stored.consent_text == intake.TERMS.text
    assert stored.consent_version == intake.TERMS.version
    assert stored.consent_given_at == NOW + timedelta(minutes=3)
    assert len(mail.outbox) == 1
    assert f"{SITE}/manage/{booked.manage_token}/" in mail.outbox[0].body


def test_a_raised_red_flag_refuses_the_online_booking() -> None:
    make_clinic()
    hold = hold_place(service=service("mfr-session"), start=at("10:00"), now=NOW)
    with pytest.raises(ValidationError) as raised:
        confirm(hold, answers=answers(night_pain=True))
    assert "red_flags" in raised.value.message_dict
    assert Appointment.objects.get(pk=hold.pk).status == Status.HELD


def test_an_expired_hold_is_booked_if_its_time_is_still_free() -> None:
    make_clinic()
    hold = hold_place(service=service("discovery-visit"), start=at("10:00"), now=NOW)
    confirm(hold, now=NOW + timedelta(minutes=30))
    assert Appointment.objects.get(pk=hold.pk).status == Status.BOOKED


def test_an_expired_hold_whose_time_was_taken_is_slot_taken() -> None:
    first, _ = make_clinic()
    discovery = service("discovery-visit")
    hold = hold_place(service=discovery, start=at("10:00"), now=NOW, therapist=first)
    later = NOW + timedelta(minutes=11)
    hold_place(service=discovery, start=at("10:00"), now=later, therapist=first)
    with pytest.raises(SlotTaken):
        confirm(hold, now=later)


def test_extending_a_hold_gives_ten_minutes_from_now() -> None:
    make_clinic()
    hold = hold_place(service=service("discovery-visit"), start=at("10:00"), now=NOW)
    moment = NOW + timedelta(minutes=9)
    extended = hold_extend(hold=hold, now=moment)
    assert extended.hold_expires_at == moment + timedelta(minutes=10)


def test_the_confirmation_is_a_calendar_request_with_a_stable_uid(
    capture: Capture,
) -> None:
    make_clinic()
    hold = hold_place(service=service("discovery-visit"), start=at("10:00"), now=NOW)
    with capture(execute=True):
        confirm(hold)
    cal = sent_calendar()
    assert cal["METHOD"] == "REQUEST"
    vevent = event(cal)
    assert vevent["UID"] == f"appointment-{hold.pk}@stridelight"
    assert vevent["SEQUENCE"] == 0
    assert vevent.decoded("DTSTART") == at("10:00")
    assert vevent.decoded("DTSTART").utcoffset() == timedelta(0)
    assert "Discovery" not in str(vevent["SUMMARY"])  # no health detail in it
    assert str(vevent["ATTENDEE"]) == "mailto:ann@example.com"


def test_moving_raises_the_sequence_and_renews_the_link(capture: Capture) -> None:
    make_clinic()
    hold = hold_place(service=service("discovery-visit"), start=at("10:00"), now=NOW)
    with capture(execute=True):
        booked = confirm(hold)
    with capture(execute=True):
        moved = appointment_reschedule(
            appointment=booked.appointment, start=at("13:00"), now=NOW, site_url=SITE
        )
    assert moved.manage_token != booked.manage_token
    row = Appointment.objects.get(pk=hold.pk)
    assert row.start == at("13:00") and row.ical_sequence == 1
    vevent = event(sent_calendar())
    assert vevent["UID"] == f"appointment-{hold.pk}@stridelight"
    assert vevent["SEQUENCE"] == 1
    assert vevent.decoded("DTSTART") == at("13:00")
    assert "has moved" in mail.outbox[-1].subject


def test_moving_onto_a_taken_time_is_slot_taken_and_changes_nothing() -> None:
    first, second = make_clinic()
    discovery = service("discovery-visit")
    mine = book(
        service=discovery,
        start=at("10:00"),
        therapist=first,
        name="Ann",
        email="ann@example.com",
        phone="718 555 0101",
        now=NOW,
    )
    for who in (first, second):
        book(
            service=discovery,
            start=at("11:00"),
            therapist=who,
            name="Other",
            email=f"o{who.pk}@example.com",
            phone="718 555 0102",
            now=NOW,
        )
    with pytest.raises(SlotTaken):
        appointment_reschedule(appointment=mine.appointment, start=at("11:00"), now=NOW)
    assert Appointment.objects.get(pk=mine.appointment.pk).start == at("10:00")


def test_cancelling_early_sends_a_calendar_cancel_with_the_same_uid(
    capture: Capture,
) -> None:
    make_clinic()
    hold = hold_place(service=service("discovery-visit"), start=at("10:00"), now=NOW)
    with capture(execute=True):
        confirm(hold)
    with capture(execute=True):
        cancelled = appointment_cancel(appointment=hold, now=NOW)
    assert cancelled.status == Status.CANCELLED and cancelled.cancelled_at == NOW
    cal = sent_calendar()
    assert cal["METHOD"] == "CANCEL"
    vevent = event(cal)
    assert vevent["UID"] == f"appointment-{hold.pk}@stridelight"
    assert vevent["SEQUENCE"] == 1 and vevent["STATUS"] == "CANCELLED"
    offered = {s.start for s in free_slots(service=hold.service, day=TUESDAY, now=NOW)}
    assert at("10:00") in offered


def test_cancelling_inside_24_hours_counts_as_late() -> None:
    make_clinic()
    hold = hold_place(service=service("discovery-visit"), start=at("10:00"), now=NOW)
    confirm(hold)
    row = Appointment.objects.get(pk=hold.pk)
    assert row.can_change(at=at("10:00") - timedelta(hours=25))
    late = at("10:00") - timedelta(hours=23)
    assert not row.can_change(at=late)
    assert appointment_cancel(appointment=row, now=late).status == (
        Status.LATE_CANCELLED
    )


def test_a_booking_through_the_api_path_is_confirmed_by_mail_too(
    capture: Capture,
) -> None:
    make_clinic()
    with capture(execute=True):
        booked = book(
            service=service("discovery-visit"),
            start=at("10:00"),
            name="Ann",
            email="ann@example.com",
            phone="718 555 0101",
            now=NOW,
        )
    assert mail.outbox[-1].to == ["ann@example.com"]
    assert f"/manage/{booked.manage_token}/" in mail.outbox[-1].body
    assert event(sent_calendar())["SEQUENCE"] == 0


def test_the_weight_question_is_raised_by_a_no() -> None:
    answered = {**ALL_NO, "cannot_bear_weight": False}
    assert intake.raised(answered) == ("cannot_bear_weight",)
    assert intake.raised(ALL_NO) == ()


def test_holds_abandoned_over_an_hour_ago_are_deleted_by_the_next_hold() -> None:
    make_clinic()
    discovery = service("discovery-visit")
    old = hold_place(service=discovery, start=at("10:00"), now=NOW)
    recent = hold_place(
        service=discovery, start=at("11:00"), now=NOW + timedelta(hours=1)
    )
    hold_place(
        service=discovery, start=at("12:00"), now=NOW + timedelta(hours=1, minutes=15)
    )
    assert not Appointment.objects.filter(pk=old.pk).exists()
    assert Appointment.objects.filter(pk=recent.pk).exists()


def test_the_day_list_counts_what_free_slots_offers_day_by_day() -> None:
    first, _ = make_clinic()
    mfr = service("mfr-session")
    TimeOff.objects.create(therapist=first, day=TUESDAY + timedelta(days=1))
    book(
        service=mfr,
        start=at("10:00"),
        therapist=first,
        name="Ann",
        email="ann@example.com",
        phone="718 555 0101",
        now=NOW,
    )
    start = TUESDAY - timedelta(days=3)
    listed = days_with_slots(service=mfr, first=start, days=14, now=NOW)
    expected = []
    for offset in range(14):
        day = start + timedelta(days=offset)
        count = len({s.start for s in free_slots(service=mfr, day=day, now=NOW)})
        if count:
            expected.append((day, count))
    assert listed == expected
    assert len(listed) >= 8


RACERS = 8


@pytest.mark.django_db(transaction=True)
def test_concurrent_holds_of_one_slot_exactly_one_wins() -> None:
    """Real threads on their own connections: a hold is as exclusive as a booking,
    also when an expired hold lies in the way (each racer would delete it)."""
    first, _ = make_clinic()
    discovery = service("discovery-visit")
    stale = hold_place(service=discovery, start=at("10:00"), now=NOW, therapist=first)
    later = NOW + timedelta(minutes=11)
    barrier = threading.Barrier(RACERS)
    results: list[str] = []

    def race() -> None:
        barrier.wait()
        try:
            hold_place(service=discovery, start=at("10:00"), now=later, therapist=first)
            results.append("won")
        except SlotTaken:
            results.append("taken")
        except Exception as error:
            results.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=race) for _ in range(RACERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == ["taken"] * (RACERS - 1) + ["won"]
    assert not Appointment.objects.filter(pk=stale.pk).exists()
    assert Appointment.objects.filter(therapist=first).count() == 1
