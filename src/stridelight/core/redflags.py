"""Red flags: the answers and diary entries that mean "see a physician first".

Two sources, both as of a day:

1. The latest check-in on or before "as of" stands: its list is the runner's
   current answer (an empty list means they answered no to all).  An older
   check-in's flag is cleared by a newer "no".
2. What the runner wrote in the last ``red_flag_ache_days`` days: aches (their
   timing, qualities and notes) and activity notes.  Words that say a flag plainly
   raise it whatever the check-in said (safety first: a symptom written in the
   diary is not unsaid by a tick box); the words and how negation and doubt are
   read are in ``redflag_words`` and ``redflag_text`` (docs/bundle.md lists them).
   An ache ``at_rest`` at night (local 22:00-06:00) is ``night_pain`` too.

Words that only suggest a flag ("a bit numb?", "maybe swollen", "burning") do
not raise it: ``red_flag_questions`` lists them, and the plan asks the question
first.  A check-in on the day of the entry or later has answered it.
Source: [red_flags] (research notes §1.10).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import TypeVar
from zoneinfo import ZoneInfo

from stridelight.core.as_of import local_window
from stridelight.core.journal import Ache, Checkin, Workout
from stridelight.core.redflag_text import Mention, mentions
from stridelight.core.redflag_words import QUESTIONS
from stridelight.core.results import RedFlagQuestion
from stridelight.core.thresholds import DEFAULTS, Thresholds
from stridelight.core.vocabulary import RED_FLAG_IDS, RedFlagId

E = TypeVar("E")


@dataclass(frozen=True)
class RedFlag:
    id: RedFlagId
    reason: str  # where it came from, for the notes and the brief


def red_flags(
    checkins: Iterable[Checkin],
    aches: Iterable[Ache],
    as_of: date,
    tz: ZoneInfo,
    thresholds: Thresholds = DEFAULTS,
    workouts: Iterable[Workout] = (),
) -> tuple[RedFlag, ...]:
    """Every red flag in force, one per id (first reason kept), in RED_FLAG_IDS order."""
    found: dict[RedFlagId, RedFlag] = {}
    for flag in (
        *from_checkin(checkins, as_of),
        *from_aches(aches, as_of, tz, thresholds),
        *from_activity_notes(workouts, as_of, tz, thresholds),
    ):
        found.setdefault(flag.id, flag)
    return tuple(found[f] for f in RED_FLAG_IDS if f in found)


def from_checkin(checkins: Iterable[Checkin], as_of: date) -> tuple[RedFlag, ...]:
    known = [c for c in checkins if c.date <= as_of]
    if not known:
        return ()
    latest = max(known, key=lambda c: c.date)
    return tuple(
        RedFlag(f, f"answered yes on the check-in of {latest.date.isoformat()}")
        for f in latest.red_flags
        if f in RED_FLAG_IDS
    )


def from_aches(
    aches: Iterable[Ache], as_of: date, tz: ZoneInfo, thresholds: Thresholds = DEFAULTS
) -> tuple[RedFlag, ...]:
    out: list[RedFlag] = []
    for ache, local in _recent(aches, lambda a: a.at, as_of, tz, thresholds):
        where = _ache_entry(ache, local)
        out.extend(
            RedFlag(f, f"{where}: {why}")
            for f, why in implied(ache, local.hour, thresholds)
        )
    return tuple(out)


def from_activity_notes(
    workouts: Iterable[Workout],
    as_of: date,
    tz: ZoneInfo,
    thresholds: Thresholds = DEFAULTS,
) -> tuple[RedFlag, ...]:
    return tuple(
        RedFlag(m.flag, f'{where}: wrote "{m.words}"')
        for _, where, m in _activity_mentions(workouts, as_of, tz, thresholds)
        if m.sure
    )


def implied(
    ache: Ache, local_hour: int, thresholds: Thresholds = DEFAULTS
) -> list[tuple[RedFlagId, str]]:
    """(flag id, why) for each red flag one ache implies."""
    out = [(m.flag, f'wrote "{m.words}"') for m in ache_mentions(ache) if m.sure]
    if ache.timing == "at_rest" and _at_night(local_hour, thresholds):
        out.append(("night_pain", "pain at rest during the night"))
    return out


def ache_mentions(ache: Ache) -> tuple[Mention, ...]:
    """The flags an ache's words speak of: its qualities read as one list, its notes."""
    found: dict[RedFlagId, Mention] = {}
    texts = (", ".join(ache.quality), ache.notes or "")
    for mention in (m for text in texts for m in mentions(text)):
        known = found.get(mention.flag)
        if known is None or (mention.sure and not known.sure):
            found[mention.flag] = mention
    return tuple(found.values())


def red_flag_questions(
    checkins: Iterable[Checkin],
    aches: Iterable[Ache],
    as_of: date,
    tz: ZoneInfo,
    thresholds: Thresholds = DEFAULTS,
    workouts: Iterable[Workout] = (),
    flags: Iterable[RedFlag] = (),
) -> tuple[RedFlagQuestion, ...]:
    """The flags recent entries only suggest, not in force and not answered since.

    One question per flag, quoting its latest entry, in RED_FLAG_IDS order.
    """
    raised = {f.id for f in flags}
    answered = [c.date for c in checkins if c.date <= as_of]
    latest: dict[RedFlagId, tuple[date, RedFlagQuestion]] = {}
    for day, where, mention in _suggestions(aches, workouts, as_of, tz, thresholds):
        if mention.flag in raised or any(d >= day for d in answered):
            continue
        known = latest.get(mention.flag)
        if known is None or day >= known[0]:
            question = QUESTIONS[mention.flag]
            latest[mention.flag] = (
                day,
                RedFlagQuestion(mention.flag, question, mention.words, where),
            )
    return tuple(latest[f][1] for f in RED_FLAG_IDS if f in latest)


def _suggestions(
    aches: Iterable[Ache],
    workouts: Iterable[Workout],
    as_of: date,
    tz: ZoneInfo,
    thresholds: Thresholds,
) -> Iterator[tuple[date, str, Mention]]:
    for ache, local in _recent(aches, lambda a: a.at, as_of, tz, thresholds):
        for mention in ache_mentions(ache):
            if not mention.sure:
                yield local.date(), _ache_entry(ache, local), mention
    for day, where, mention in _activity_mentions(workouts, as_of, tz, thresholds):
        if not mention.sure:
            yield day, where, mention


def _activity_mentions(
    workouts: Iterable[Workout], as_of: date, tz: ZoneInfo, thresholds: Thresholds
) -> Iterator[tuple[date, str, Mention]]:
    noted = (w for w in workouts if w.notes)
    for workout, local in _recent(noted, lambda w: w.start, as_of, tz, thresholds):
        where = f"note on the activity of {local:%Y-%m-%d %H:%M} ({workout.id})"
        for mention in mentions(workout.notes or ""):
            yield local.date(), where, mention


def _recent(
    entries: Iterable[E],
    moment: Callable[[E], datetime],
    as_of: date,
    tz: ZoneInfo,
    thresholds: Thresholds,
) -> Iterator[tuple[E, datetime]]:
    """Entries of the last ``red_flag_ache_days`` local days, with their local time.

    Entries outside the days' bounds (instants, ``as_of.local_window``) are
    passed over without being turned into local time.
    """
    first, end = local_window(as_of, thresholds.red_flag_ache_days, tz)
    for entry in entries:
        instant = moment(entry)
        if first <= instant < end:
            yield entry, instant.astimezone(tz)


def _ache_entry(ache: Ache, local: datetime) -> str:
    return f"{ache.region.replace('_', ' ')} ache of {local:%Y-%m-%d %H:%M}"


def _at_night(hour: int, thresholds: Thresholds) -> bool:
    return hour >= thresholds.night_start_hour or hour < thresholds.night_end_hour
