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
from datetime import date

from stridelight.core.journal import RunnerData
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
    tz = data.profile.zone
    runs = [
        w for w in data.workouts if w.is_run and w.start.astimezone(tz).date() <= as_of
    ]
    days = [d for d in data_days(data) if d <= as_of]
    return Recorded(
        runs=len(runs),
        km=sum(w.distance_m for w in runs) / 1000.0,
        first=min(days, default=None),
        last=max(days, default=None),
    )
