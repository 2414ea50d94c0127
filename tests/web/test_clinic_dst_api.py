"""The booking API across the March and November changes, with the clock frozen.

time-machine stands the whole process (the API reads ``timezone.now()``) on a
day before each change; the first demo therapist is also given Sunday night
hours, 00:00–05:00, so slots run straight through 02:00.  Every answer is
checked as UTC instants.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, time
from typing import Any

import pytest
import time_machine
from django.test import Client

from stridelight.clinic.models import Appointment, Therapist, WeeklyHours
from tests.web.clinic_setup import make_clinic

pytestmark = pytest.mark.django_db

SUNDAY = 6


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def starts(client: Client, day: str, therapist: int) -> list[datetime]:
    answer = client.get(f"/api/v1/slots?service=discovery-visit&date={day}")
    assert answer.status_code == 200, answer.content
    return [
        datetime.fromisoformat(s["start"]).astimezone(UTC)
        for s in answer.json()["slots"]
        if s["therapist"] == therapist
    ]


def book(client: Client, start: str, therapist: int) -> Any:
    body = {"service": "discovery-visit", "start": start, "therapist": therapist,
            "name": "Ann", "email": f"{start[:13]}@example.com", "phone": "7185550101"}  # fmt: skip
    return client.post(
        "/api/v1/bookings", json.dumps(body), content_type="application/json"
    )


@pytest.fixture
def night_therapist() -> Therapist:
    first, _ = make_clinic()
    WeeklyHours.objects.create(
        therapist=first, weekday=SUNDAY, start=time(0), end=time(5)
    )
    return first


@pytest.fixture
def before_march() -> Iterator[None]:
    with time_machine.travel(datetime(2027, 3, 1, 12, tzinfo=UTC), tick=False):
        yield


@pytest.fixture
def before_november() -> Iterator[None]:
    with time_machine.travel(datetime(2027, 10, 25, 12, tzinfo=UTC), tick=False):
        yield


def test_march_slots_skip_the_lost_hour_and_shift_offset(
    client: Client, night_therapist: Therapist, before_march: None
) -> None:
    # 2027-03-14 02:00 EST → 03:00 EDT: 00:00–01:30 are UTC−5, 03:00–04:30 UTC−4.
    found = starts(client, "2027-03-14", night_therapist.pk)
    assert found == [utc(t) for t in (
        "2027-03-14T05:00", "2027-03-14T05:30", "2027-03-14T06:00", "2027-03-14T06:30",
        "2027-03-14T07:00", "2027-03-14T07:30", "2027-03-14T08:00", "2027-03-14T08:30",
    )]  # fmt: skip
    # Ordinary days either side: 09:00 local is 14:00Z on Friday, 13:00Z on Monday.
    assert starts(client, "2027-03-12", night_therapist.pk)[0] == utc(
        "2027-03-12T14:00"
    )
    assert starts(client, "2027-03-15", night_therapist.pk)[0] == utc(
        "2027-03-15T13:00"
    )


def test_march_bookings_land_at_the_right_instants(
    client: Client, night_therapist: Therapist, before_march: None
) -> None:
    who = night_therapist.pk
    # 01:00 EST, not 01:30: the visit's 10-minute buffer after would reach 03:00 EDT.
    assert book(client, "2027-03-14T01:00:00-05:00", who).status_code == 201
    assert book(client, "2027-03-14T03:00:00-04:00", who).status_code == 201
    made = list(Appointment.objects.order_by("start").values_list("start", "end"))
    assert made == [
        (utc("2027-03-14T06:00"), utc("2027-03-14T06:30")),
        (utc("2027-03-14T07:00"), utc("2027-03-14T07:30")),
    ]
    # The 2-hour text before 03:00 EDT would be 00:00 EST, in quiet hours: 20:45
    # EST the evening before.
    sms = Appointment.objects.get(start=utc("2027-03-14T07:00")).reminders.get(
        kind="sms_2h"
    )
    assert sms.due_at == utc("2027-03-14T01:45")


def test_november_slots_offer_the_repeated_hour_once(
    client: Client, night_therapist: Therapist, before_november: None
) -> None:
    # 2027-11-07 02:00 EDT → 01:00 EST: 01:00 and 01:30 are their first (EDT) times.
    found = starts(client, "2027-11-07", night_therapist.pk)
    assert found == [utc(t) for t in (
        "2027-11-07T04:00", "2027-11-07T04:30", "2027-11-07T05:00", "2027-11-07T05:30",
        "2027-11-07T07:00", "2027-11-07T07:30", "2027-11-07T08:00", "2027-11-07T08:30",
        "2027-11-07T09:00", "2027-11-07T09:30",
    )]  # fmt: skip
    assert starts(client, "2027-11-05", night_therapist.pk)[0] == utc(
        "2027-11-05T13:00"
    )
    assert starts(client, "2027-11-08", night_therapist.pk)[0] == utc(
        "2027-11-08T14:00"
    )


def test_november_bookings_land_at_the_right_instants(
    client: Client, night_therapist: Therapist, before_november: None
) -> None:
    assert (
        book(client, "2027-11-07T01:30:00-04:00", night_therapist.pk).status_code == 201
    )
    assert (
        book(client, "2027-11-07T02:00:00-05:00", night_therapist.pk).status_code == 201
    )
    # The second 01:30 (EST) is not offered: the hour is taken once.
    again = book(client, "2027-11-07T01:30:00-05:00", night_therapist.pk)
    assert again.status_code == 400 and "start" in again.json()["fields"]
    made = list(Appointment.objects.order_by("start").values_list("start", flat=True))
    assert made == [utc("2027-11-07T05:30"), utc("2027-11-07T07:00")]
    # A day after the change, 24 real hours before is 10:00 EDT the day before.
    monday = book(client, "2027-11-08T10:00:00-05:00", night_therapist.pk)
    assert monday.status_code == 201
    email = Appointment.objects.get(pk=monday.json()["id"]).reminders.get(
        kind="email_24h"
    )
    assert email.due_at == utc("2027-11-07T15:00")
