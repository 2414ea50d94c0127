"""30 concurrent bookings of one slot through the real HTTP server.

gunicorn (3 processes × 10 threads, so all 30 requests are in flight at once)
on this run's database, SQLite or PostgreSQL: exactly one 201, 29 × 409
``slot_taken``, no 500, and the slot is no longer offered.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from stridelight.clinic.models import Appointment
from tests.web.clinic_setup import make_clinic
from tests.web.http_server import post_all_at_once, request, running_server

pytestmark = pytest.mark.django_db(transaction=True)

RACERS = 30
NY = ZoneInfo("America/New_York")


def a_tuesday_next_week() -> date:
    """A working day of the first demo therapist, past every notice, within the horizon."""
    day = timezone.now().astimezone(NY).date() + timedelta(days=7)
    return day + timedelta(days=(1 - day.weekday()) % 7)


def test_thirty_racers_for_one_slot_one_wins_and_29_hear_slot_taken(
    tmp_path: Path,
) -> None:
    first, _ = make_clinic()
    day = a_tuesday_next_week()
    start = datetime.combine(day, time(10), NY).isoformat()
    bodies = [
        {"service": "mfr-session", "start": start, "therapist": first.pk,
         "name": f"Racer {n}", "email": f"r{n}@example.com", "phone": "718 555 0101"}
        for n in range(RACERS)
    ]  # fmt: skip
    slots_url = f"/api/v1/slots?service=mfr-session&date={day.isoformat()}"
    with running_server(tmp_path) as base:
        status, before = request(base + slots_url)
        offered = {(s["start"], s["therapist"]) for s in before["slots"]}
        answers = post_all_at_once(f"{base}/api/v1/bookings", bodies)
        _, after = request(base + slots_url)
    assert status == 200
    mine = (datetime.fromisoformat(start), first.pk)  # compared as instants
    assert any((datetime.fromisoformat(s), t) == mine for s, t in offered)
    codes = Counter(code for code, _ in answers)
    assert codes == {201: 1, 409: RACERS - 1}, answers
    assert all(body == {"error": "slot_taken"} for code, body in answers if code == 409)
    assert not any(
        (datetime.fromisoformat(s["start"]), s["therapist"]) == mine
        for s in after["slots"]
    )
    assert Appointment.objects.filter(therapist=first).count() == 1
