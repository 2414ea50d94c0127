"""Which day an analysis is as of, and what data it stands on.

An export whose newest data is weeks old says nothing about today: analysed as
of today, every training signal would find an empty month and read as rest.  So
when no day is asked for and the newest data is more than ``stale_data_days``
before today, the analysis is as of that newest day, and says so (DESIGN §4).

"Data" is every dated thing the runner recorded: workouts and diary entries
(aches, habits, screening tests, sessions, check-ins), on the runner's local days.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from stridelight.core.journal import RunnerData, Workout
from stridelight.core.results import Recorded
from stridelight.core.thresholds import DEFAULTS, Thresholds


def data_days(data: RunnerData) -> Iterator[date]:
    """The local day of every workout and diary entry, in no particular order."""
    tz = data.profile.zone
    yield from (w.start.astimezone(tz).date() for w in data.workouts)
    yield from (a.at.astimezone(tz).date() for a in data.aches)
    for entries in (data.habits, data.screenings, data.sessions, data.checkins):
        yield from (e.date for e in entries)


def default_as_of(
    data: RunnerData, today: date, thresholds: Thresholds = DEFAULTS
) -> date:
    """Today, or the newest data's day when that is more than the limit back."""
    known = [d for d in data_days(data) if d <= today]
    if not known:
        return today
    newest = max(known)
    return newest if (today - newest).days > thresholds.stale_data_days else today


def stale_notice(as_of: date, asked: date) -> str:
    """Why an analysis is as of ``as_of`` rather than the day ``asked`` for."""
    days = (asked - as_of).days
    return (
        f"The newest data is from {as_of.isoformat()}, {days} days before "
        f"{asked.isoformat()}: analysed as of that day, not as of a day without data."
    )


def recorded(data: RunnerData, as_of: date) -> Recorded:
    """Runs, their km, and the first and last day with data, up to ``as_of``."""
    runs = [w for w in workouts_until(data, as_of) if w.is_run]
    first, last = first_and_last_day(data, as_of)
    return Recorded(
        runs=len(runs),
        km=sum(w.distance_m for w in runs) / 1000.0,
        first=first,
        last=last,
    )


def workouts_until(data: RunnerData, as_of: date) -> list[Workout]:
    """The workouts that started on or before the local day ``as_of``."""
    end = _end_of_day(data, as_of)
    return [w for w in data.workouts if w.start < end]


def first_and_last_day(
    data: RunnerData, as_of: date
) -> tuple[date | None, date | None]:
    """The first and last local day with any data (workouts and diary) up to ``as_of``.

    Moments are compared with the instant the day ends rather than each turned
    into its local day: only the earliest and latest are converted.
    """
    end = _end_of_day(data, as_of)
    moments = [w.start for w in data.workouts if w.start < end]
    moments += [a.at for a in data.aches if a.at < end]
    dated = (data.habits, data.screenings, data.sessions, data.checkins)
    days = [e.date for section in dated for e in section if e.date <= as_of]
    if moments:
        tz = data.profile.zone
        days += [min(moments).astimezone(tz).date(), max(moments).astimezone(tz).date()]
    return min(days, default=None), max(days, default=None)


def _end_of_day(data: RunnerData, day: date) -> datetime:
    """The instant the runner's local ``day`` ends (the next local midnight), in UTC."""
    return local_window(day, 1, data.profile.zone)[1]


def local_window(as_of: date, days: int, tz: tzinfo) -> tuple[datetime, datetime]:
    """The instants, in UTC, that the last ``days`` local days up to ``as_of``
    begin and end: a moment is on one of those days when ``begin <= moment < end``.

    In UTC because the moments compared with them are (the store's and the
    importers' are): two datetimes with the same ``tzinfo`` compare in 35 ns, a
    UTC one with a ``ZoneInfo`` one in 700 ns, and turning each moment into its
    local day costs more again; over a ten-year runner's entries that was some
    20 ms of every analysis.  Moments in any other zone still compare right.
    """
    begin = datetime.combine(as_of - timedelta(days=days - 1), time(), tz)
    end = datetime.combine(as_of + timedelta(days=1), time(), tz)
    return begin.astimezone(UTC), end.astimezone(UTC)
