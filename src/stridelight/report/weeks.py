"""Calendar weeks of a daily series, for the weekly load chart.

Weeks are ISO weeks, Monday to Sunday, so every bar of the chart covers the same
seven weekdays and a reader can compare them.  The series rarely starts on a
Monday or ends on a Sunday: its first and last weeks may be *partial*, and they
carry the number of days they hold so the chart can drop or mark them rather
than set a two-day bar beside seven-day ones.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from stridelight.core.results import DailySeries

WEEK_DAYS = 7


@dataclass(frozen=True)
class Week:
    start: date  # always a Monday
    days: int  # days of the series inside this week: 7 unless partial
    load: float
    distance_km: float
    worst_ache: int | None

    @property
    def whole(self) -> bool:
        return self.days == WEEK_DAYS


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def weekly(series: DailySeries) -> list[Week]:
    """Every Monday-to-Sunday week the series touches, oldest first."""
    indices: dict[date, list[int]] = {}
    for i, day in enumerate(series.days):
        indices.setdefault(monday_of(day), []).append(i)
    return [_week(series, start, days) for start, days in indices.items()]


def _week(series: DailySeries, start: date, days: list[int]) -> Week:
    aches = [a for a in (series.ache_max[i] for i in days) if a is not None]
    return Week(
        start=start,
        days=len(days),
        load=sum(series.load[i] for i in days),
        distance_km=sum(series.distance_km[i] for i in days),
        worst_ache=max(aches) if aches else None,
    )


def charted_weeks(series: DailySeries, limit: int) -> list[Week]:
    """The newest ``limit`` weeks worth a bar: whole weeks, then the current week.

    A partial first week (history starting mid-week) is dropped: it is old and
    would read as a quiet week.  A partial last week is kept, because it is the
    week the runner is in, and the chart marks it as "so far".
    """
    weeks = weekly(series)
    if weeks and not weeks[0].whole:
        weeks = weeks[1:]
    return weeks[-limit:] if limit > 0 else []
