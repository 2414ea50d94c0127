"""A small clinic for the booking tests: the demo clinic on fresh therapist accounts."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from stridelight.accounts.models import Role, User
from stridelight.clinic.demo import ensure_demo_clinic
from stridelight.clinic.models import Service, Therapist

NY = ZoneInfo("America/New_York")
#: A Tuesday both demo therapists work (09:00–17:00 and 08:00–14:00).
TUESDAY = date(2027, 5, 4)
#: Well before TUESDAY, inside every demo service's notice and horizon.
NOW = datetime(2027, 4, 20, 12, tzinfo=UTC)


def make_clinic() -> tuple[Therapist, Therapist]:
    users = [
        User.objects.create_user(f"t{n}@clinic.example", "x", role=Role.THERAPIST)
        for n in (1, 2)
    ]
    first, second = ensure_demo_clinic([(users[0], "Ann"), (users[1], "Bo")])
    return first, second


def service(slug: str) -> Service:
    return Service.objects.get(slug=slug)


def at(clock: str, day: date = TUESDAY) -> datetime:
    """A local wall-clock time on ``day`` as a UTC instant."""
    wall = datetime.combine(day, time.fromisoformat(clock), NY)
    return wall.astimezone(UTC)


def later(instant: datetime, minutes: int) -> datetime:
    return instant + timedelta(minutes=minutes)
