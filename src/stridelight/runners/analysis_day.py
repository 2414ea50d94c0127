"""Which day a runner's page shows the analysis as of, from a few aggregates.

``core.as_of.default_as_of`` picks today, or the newest data's day when that is
more than ``stale_data_days`` back (DESIGN §4).  It reads every entry of the
runner's data; a page that then finds the analysis in the cache would have read
20,000 rows for one date.  Here the same day comes from one ``MAX`` per section,
so a warm dashboard costs a handful of small queries.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

from django.core.cache import cache
from django.db.models import OuterRef, QuerySet, Subquery

from stridelight.core.thresholds import DEFAULTS, Thresholds
from stridelight.runners import models as m
from stridelight.runners.analysis import CACHE_SECONDS

DATED_SECTIONS: tuple[
    type[m.Habit | m.Screening | m.TherapySession | m.Checkin], ...
] = (
    m.Habit,
    m.Screening,
    m.TherapySession,
    m.Checkin,
)


def zone_of(runner: m.Runner) -> tzinfo:
    """The runner's zone; an unknown name falls back to UTC, as in ``core``."""
    try:
        return ZoneInfo(runner.time_zone)
    except (KeyError, ValueError):
        return ZoneInfo("UTC")


def newest_day(runner: m.Runner, today: date) -> date | None:
    """The runner's newest local day with any data, up to ``today`` (None: none).

    The same entries ``core.as_of.data_days`` reads: workouts (copies of a
    recording left out, as ``selectors.runner_data`` leaves them out), aches,
    habits, screenings, sessions and check-ins.  One query: each section's
    newest entry as a subquery (each an index's last entry), not one round
    trip per section.
    """
    zone = zone_of(runner)
    tomorrow = datetime.combine(today + timedelta(days=1), time(), tzinfo=zone)
    sections = {
        "started": _newest(
            m.Activity.objects.filter(duplicate_of__isnull=True, start__lt=tomorrow),
            "start",
        ),
        "ached": _newest(m.Ache.objects.filter(at__lt=tomorrow), "at"),
        **{
            model.__name__: _newest(
                model._default_manager.filter(date__lte=today), "date"
            )
            for model in DATED_SECTIONS
        },
    }
    row = m.Runner.objects.filter(pk=runner.pk).values(**sections).first()
    newest: list[Any] = [] if row is None else list(row.values())
    days: list[date] = [
        when.astimezone(zone).date() if isinstance(when, datetime) else when
        for when in newest
        if when is not None
    ]
    return max(days, default=None)


def _newest(rows: QuerySet[Any], column: str) -> Subquery:
    """The runner's newest ``column`` among ``rows``, as a subquery."""
    return Subquery(
        rows.filter(runner=OuterRef("pk")).order_by(f"-{column}").values(column)[:1]
    )


def analysis_day(
    runner: m.Runner, today: date, thresholds: Thresholds = DEFAULTS
) -> tuple[date, date | None]:
    """The day to analyse as of, and the day it moved from when the data is stale.

    Matches ``core.as_of.default_as_of``: today, unless the newest data is more
    than ``stale_data_days`` before it.
    """
    # The newest day changes only with the data: kept under its version.
    key = (
        f"stridelight:newest-day:{runner.pk}:{runner.data_version}:{today.isoformat()}"
    )
    cached = cache.get(key)
    if isinstance(cached, tuple):
        newest: date | None = cached[0]
    else:
        newest = newest_day(runner, today)
        cache.set(key, (newest,), CACHE_SECONDS)
    if newest is None or (today - newest).days <= thresholds.stale_data_days:
        return today, None
    return newest, today


def today_for(runner: m.Runner, now: datetime) -> date:
    """The runner's local date at the instant ``now`` (aware)."""
    return now.astimezone(zone_of(runner)).date()
