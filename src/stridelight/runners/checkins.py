"""The daily check-in: its aches and its six red-flag answers, written as one.

``checkin_record`` is the service (re-exported by ``runners.services``, the one
writer); ``aches_to_repeat`` reads what "same as yesterday" starts from, and
``flags_today`` what the day's check-in says about red flags.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction

from stridelight.core import journal as core
from stridelight.core.redflags import RedFlag, red_flags
from stridelight.core.vocabulary import RED_FLAG_IDS, RedFlagId, word_in
from stridelight.runners import models as m
from stridelight.runners.rows import ache_row
from stridelight.runners.selectors import aches_between, profile_of


@dataclass(frozen=True)
class Recorded:
    """What one check-in wrote, for the page that confirms it."""

    checkin: m.Checkin
    aches: int
    red_flags: tuple[RedFlagId, ...]


@transaction.atomic
def checkin_record(
    *,
    runner: m.Runner,
    at: datetime,
    aches: Sequence[core.Ache],
    red_flags: Collection[RedFlagId],
) -> Recorded:
    """Write one check-in: its aches, and the answers to the six questions.

    ``red_flags`` are the questions answered yes; the others were answered no
    (an empty collection is "no" to all six, DESIGN §4), so a caller must only
    call this once every question has an answer.  The check-in is dated on the
    runner's local day of ``at``; a second check-in that day replaces the
    day's answers (the latest answer stands) and adds its aches beside the
    earlier ones.  Raises ValueError for a naive ``at``, an ache that is not
    the runner's to write (naive, or intensity outside 0-10) or an unknown flag.
    """
    if at.tzinfo is None:
        raise ValueError("at: a check-in's time must be aware")
    unknown = set(red_flags) - set(RED_FLAG_IDS)
    if unknown:
        raise ValueError(f"red_flags: {sorted(unknown)} are not red-flag ids")
    for i, ache in enumerate(aches):
        if ache.at.tzinfo is None or not 0 <= ache.intensity <= 10:
            raise ValueError(f"aches[{i}]: needs an aware time and intensity 0-10")
    day = at.astimezone(profile_of(runner).zone).date()
    flags = tuple(f for f in RED_FLAG_IDS if f in red_flags)
    m.Checkin.objects.filter(runner=runner, date=day).delete()
    row = m.Checkin.objects.create(runner=runner, date=day, red_flags=list(flags))
    m.Ache.objects.bulk_create(ache_row(runner, ache) for ache in aches)
    # Imported here: services re-exports this module, so it cannot be imported
    # at the top without a cycle.
    from stridelight.runners.services import data_changed

    # Only the diary changed: the workouts, shoes and habits kept in memory
    # stay valid, so the analysis after a check-in reads aches and answers only.
    data_changed(runner, diary_only=True)
    return Recorded(checkin=row, aches=len(aches), red_flags=flags)


@dataclass(frozen=True)
class LastAches:
    """The aches of the runner's latest earlier day with any, to start from."""

    day: date
    aches: tuple[m.Ache, ...]


def aches_to_repeat(*, runner: m.Runner, today: date) -> LastAches | None:
    """The aches of the latest local day before ``today`` that has any, one per
    region and side (the latest wins); None when there is none."""
    zone = profile_of(runner).zone
    latest = (
        m.Ache.objects.filter(runner=runner, at__lt=_start(today, zone))
        .order_by("-at")
        .values_list("at", flat=True)
        .first()
    )
    if latest is None:
        return None
    day = latest.astimezone(zone).date()
    rows = m.Ache.objects.filter(
        runner=runner,
        at__gte=_start(day, zone),
        at__lt=_start(day + timedelta(days=1), zone),
    ).order_by("-at", "-id")
    kept: dict[tuple[str, str], m.Ache] = {}
    for row in rows:
        kept.setdefault((row.region, row.side), row)
    return LastAches(day=day, aches=tuple(reversed(kept.values())))


def _start(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time.min, tzinfo=zone)


def flags_today(*, runner: m.Runner, today: date) -> tuple[RedFlag, ...]:
    """The red flags the day's entries raise, by the analysis' own rule
    (``core.redflags``): the day's answers, and the words of the day's aches.

    What the page shows at once after a check-in; the full analysis (older
    entries too) is refreshed by a worker.
    """
    zone = profile_of(runner).zone
    aches = aches_between(runner, _start(today, zone), _start(today + _DAY, zone))
    rows = m.Checkin.objects.filter(runner=runner, date=today).order_by("-id")
    answers = rows.values_list("red_flags", flat=True).first()
    checkins: tuple[core.Checkin, ...] = ()
    if answers is not None:
        known = (word_in(RED_FLAG_IDS, str(f)) for f in answers)
        checkins = (core.Checkin(date=today, red_flags=tuple(f for f in known if f)),)
    return red_flags(checkins, aches, today, zone)


_DAY = timedelta(days=1)
