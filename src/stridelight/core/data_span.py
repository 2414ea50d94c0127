"""What an analysis had to go on: the first and last day with data, and how much.

"Data" is anything the runner recorded: activities of every sport (a ride is a
day with training, even though only runs are judged) and diary entries (aches,
habits, screenings, sessions, check-ins).  Shoes are not: a pair's start date is
when it was bought, not a day anything was recorded.  ``last`` is what a report
shows as "Data up to".  Only what is known on "as of" counts, like everything
else in the analysis.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from zoneinfo import ZoneInfo

from stridelight.core.journal import RunnerData
from stridelight.core.results import DataSpan


def data_span(data: RunnerData, as_of: date, *, duplicates: int = 0) -> DataSpan:
    """The span of ``data`` up to ``as_of``; ``duplicates``: files counted as copies.

    ``data.workouts`` must already hold each recording once (``core.duplicates``):
    ``activities`` counts them as given.
    """
    if duplicates < 0:
        raise ValueError(f"duplicates must be 0 or more, not {duplicates}")
    zone = data.profile.zone
    activity_days = [
        d
        for d in (w.start.astimezone(zone).date() for w in data.workouts)
        if d <= as_of
    ]
    days = [*activity_days, *(d for d in _diary_days(data, zone) if d <= as_of)]
    return DataSpan(
        first=min(days, default=None),
        last=max(days, default=None),
        activities=len(activity_days),
        duplicates=duplicates,
    )


def _diary_days(data: RunnerData, zone: ZoneInfo) -> Iterator[date]:
    yield from (a.at.astimezone(zone).date() for a in data.aches)
    dated: Iterable[Iterable[date]] = (
        (h.date for h in data.habits),
        (s.date for s in data.screenings),
        (s.date for s in data.sessions),
        (c.date for c in data.checkins),
    )
    for section in dated:
        yield from section
