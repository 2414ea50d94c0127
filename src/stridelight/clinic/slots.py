"""Free appointment slots for one therapist and one local day (pure: no Django, no clock).

Weekly hours and time off are local wall-clock times in the clinic's zone; each
day is expanded to UTC instants with ``zoneinfo`` (clinic.md §3.4).  A wall-clock
time that does not exist (spring forward) is skipped; one that happens twice
(fall back) is taken once, at its first occurrence (``fold=0``).  ``now`` is
passed in so tests can stand on any day.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

#: Slots start on this grid of local wall-clock minutes from the opening time.
SLOT_STEP = timedelta(minutes=30)


@dataclass(frozen=True)
class Span:
    """A half-open range of aware instants ``[start, end)``."""

    start: datetime
    end: datetime

    def __post_init__(self) -> None:
        if self.start.tzinfo is None or self.end.tzinfo is None:
            raise ValueError("a span needs aware datetimes")
        if self.end <= self.start:
            raise ValueError(f"a span must end after it starts: {self}")

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end


@dataclass(frozen=True)
class LocalHours:
    """Open from ``start`` to ``end`` (local wall clock) on ``weekday`` (0 = Monday)."""

    weekday: int
    start: time
    end: time


@dataclass(frozen=True)
class LocalTimeOff:
    """Away on ``day``; the whole day when ``start`` and ``end`` are None."""

    day: date
    start: time | None = None
    end: time | None = None


@dataclass(frozen=True)
class Rules:
    """What a service asks of a slot."""

    length: timedelta
    buffer_before: timedelta = timedelta(0)
    buffer_after: timedelta = timedelta(0)
    min_notice: timedelta = timedelta(0)
    horizon: timedelta = timedelta(days=60)
    step: timedelta = SLOT_STEP

    def blocked(self, start: datetime) -> Span:
        """The time an appointment at ``start`` keeps the therapist, buffers included."""
        return Span(start - self.buffer_before, start + self.length + self.buffer_after)


def local_instant(day: date, clock: time, zone: ZoneInfo) -> datetime | None:
    """``day`` at ``clock`` in ``zone`` as UTC; None when that wall time does not exist."""
    wall = datetime.combine(day, clock).replace(tzinfo=zone, fold=0)
    instant = wall.astimezone(UTC)
    if instant.astimezone(zone).replace(tzinfo=None) != wall.replace(tzinfo=None):
        return None  # skipped by a spring-forward change
    return instant


def free_slots(
    *,
    day: date,
    zone: ZoneInfo,
    hours: Iterable[LocalHours],
    time_off: Iterable[LocalTimeOff],
    busy: Sequence[Span],
    rules: Rules,
    now: datetime,
) -> list[Span]:
    """Every bookable ``[start, end)`` on local ``day``, in order, without duplicates.

    ``busy`` are the blocked ranges (buffers included) of existing appointments.
    """
    if now.tzinfo is None:
        raise ValueError("now must be an aware datetime")
    away = [span for off in time_off if (span := _away(off, day, zone)) is not None]
    # In UTC: Python adds to a zoned datetime on the wall clock, an hour off across DST.
    now = now.astimezone(UTC)
    earliest, latest = now + rules.min_notice, now + rules.horizon
    found: dict[datetime, Span] = {}
    for opening in hours:
        if opening.weekday != day.weekday():
            continue
        for start in _starts(day, opening, zone, rules):
            slot = Span(start, start + rules.length)
            if not earliest <= start <= latest:
                continue
            if any(slot.overlaps(span) for span in away):
                continue
            if any(rules.blocked(start).overlaps(span) for span in busy):
                continue
            found[start] = slot
    return [found[start] for start in sorted(found)]


def _starts(
    day: date, opening: LocalHours, zone: ZoneInfo, rules: Rules
) -> Iterable[datetime]:
    """Starts on the step grid whose appointment ends by closing time."""
    closing = _wall_instant(day, opening.end, zone)
    wall = datetime.combine(day, opening.start)
    while wall.date() == day and wall.time() < opening.end:
        start = local_instant(day, wall.time(), zone)
        if start is not None and start + rules.length <= closing:
            yield start
        wall += rules.step


def _wall_instant(day: date, clock: time, zone: ZoneInfo) -> datetime:
    """``day`` at ``clock`` as an instant; a wall time lost to spring forward moves an hour on."""
    instant = local_instant(day, clock, zone)
    while instant is None:
        clock = (datetime.combine(day, clock) + timedelta(hours=1)).time()
        instant = local_instant(day, clock, zone)
    return instant


def _away(off: LocalTimeOff, day: date, zone: ZoneInfo) -> Span | None:
    if off.day != day:
        return None
    if off.start is None or off.end is None:
        start = _wall_instant(day, time(0), zone)
        end = _wall_instant(day + timedelta(days=1), time(0), zone)
        return Span(start, end)
    return Span(_wall_instant(day, off.start, zone), _wall_instant(day, off.end, zone))
