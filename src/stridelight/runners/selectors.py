"""Reading a runner's rows as core objects: the only place rows become core types.

No file is decoded here: every figure the analysis needs was computed at import
and kept on the row.  Copies of a recording (``duplicate_of`` set) are left
out, as ``core.duplicates.keep_once`` leaves them out of a bundle's analysis.
"""

from __future__ import annotations

from typing import cast

from stridelight.accounts.models import User
from stridelight.core import journal as core
from stridelight.core.vocabulary import (
    ACHE_TIMINGS,
    HABIT_KINDS,
    RED_FLAG_IDS,
    REGIONS,
    SCREENING_TESTS,
    SESSION_KINDS,
    SEXES,
    SIDES,
    Word,
    word_in,
)
from stridelight.runners import models as m


def runner_data(user: User) -> core.RunnerData:
    """Everything stored for ``user``; an account without runner data is empty."""
    runner = m.Runner.objects.filter(user=user).first()
    if runner is None:
        return core.RunnerData()
    journal = core.Journal(
        profile=_profile(runner),
        shoes=tuple(_shoe(s) for s in m.Shoe.objects.filter(runner=runner)),
        aches=tuple(_ache(a) for a in m.Ache.objects.filter(runner=runner)),
        habits=tuple(_habit(h) for h in m.Habit.objects.filter(runner=runner)),
        screenings=tuple(
            _screening(s) for s in m.Screening.objects.filter(runner=runner)
        ),
        sessions=_sessions(runner),
        checkins=tuple(_checkin(c) for c in m.Checkin.objects.filter(runner=runner)),
    )
    return core.RunnerData.from_journal(journal, _workouts(runner))


def _word(vocabulary: tuple[Word, ...], value: str) -> Word:
    """A stored word as its vocabulary's type; the column's choices made it one."""
    word = word_in(vocabulary, value)
    if word is None:
        raise ValueError(f"{value!r} is not one of {vocabulary}")
    return word


def _profile(r: m.Runner) -> core.RunnerProfile:
    return core.RunnerProfile(
        sex=None if r.sex is None else _word(SEXES, r.sex),
        birth_year=r.birth_year,
        body_mass_kg=r.body_mass_kg,
        max_hr=r.max_hr,
        rest_hr=r.rest_hr,
        time_zone=r.time_zone,
        name=r.name,
    )


def _shoe(s: m.Shoe) -> core.Shoe:
    return core.Shoe(
        id=s.key,
        name=s.name,
        category=s.category,
        started_on=s.started_on,
        retired_on=s.retired_on,
        start_km=s.start_km,
        limit_km=s.limit_km,
        start_km_unknown=s.start_km_unknown,
    )


def _ache(a: m.Ache) -> core.Ache:
    return core.Ache(
        at=a.at,
        region=_word(REGIONS, a.region),
        side=_word(SIDES, a.side),
        intensity=a.intensity,
        timing=None if a.timing is None else _word(ACHE_TIMINGS, a.timing),
        quality=tuple(cast(list[str], a.quality)),
        notes=a.notes,
    )


def _habit(h: m.Habit) -> core.Habit:
    return core.Habit(
        date=h.date,
        kind=_word(HABIT_KINDS, h.kind),
        minutes=h.minutes,
        liters=h.liters,
        hours=h.hours,
        targets=cast(dict[str, float], h.targets),
        regions=tuple(_word(REGIONS, r) for r in cast(list[str], h.regions)),
    )


def _screening(s: m.Screening) -> core.Screening:
    return core.Screening(
        date=s.date,
        test=_word(SCREENING_TESTS, s.test),
        side=_word(SIDES, s.side),
        value=s.value,
    )


def _sessions(runner: m.Runner) -> tuple[core.TherapySession, ...]:
    rows = m.TherapySession.objects.filter(runner=runner).prefetch_related("findings")
    return tuple(
        core.TherapySession(
            date=s.date,
            kind=_word(SESSION_KINDS, s.kind),
            findings=tuple(
                core.Finding(
                    region=_word(REGIONS, f.region),
                    side=_word(SIDES, f.side),
                    restriction=f.restriction,
                )
                for f in s.findings.all()
            ),
        )
        for s in rows
    )


def _checkin(c: m.Checkin) -> core.Checkin:
    flags = cast(list[str], c.red_flags)
    return core.Checkin(
        date=c.date, red_flags=tuple(_word(RED_FLAG_IDS, f) for f in flags)
    )


def _workouts(runner: m.Runner) -> tuple[core.Workout, ...]:
    rows = (
        m.Activity.objects.filter(runner=runner, duplicate_of__isnull=True)
        .select_related("shoe")
        .order_by("start", "path")
    )
    return tuple(_workout(a) for a in rows)


def _workout(a: m.Activity) -> core.Workout:
    return core.Workout(
        id=a.path,
        start=a.start,
        sport=a.sport,
        duration_s=a.duration_s,
        distance_m=a.distance_m,
        moving_time_s=a.moving_time_s,
        avg_hr=a.avg_hr,
        trimp=a.trimp,
        rpe=a.rpe,
        shoe=None if a.shoe is None else a.shoe.key,
        step_length_m=a.step_length_m,
        avg_speed_mps=a.avg_speed_mps,
        start_lat=a.start_lat,
        start_lon=a.start_lon,
        temperature_c=a.temperature_c,
        notes=a.notes,
    )
