"""Runners a clinic would meet, as bundle specs: a healthy base and one story per rule.

Every scenario starts from the same healthy city runner (four varied runs a week on
four-week cycles, two road pairs in rotation, warm-up and stretching logged, normal
screenings, weekly check-ins) and changes only what its story is about.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from typing import Any

from stridelight.core.vocabulary import CAUSE_IDS
from tests.bundles import (
    Run,
    RunnerSpec,
    ache,
    checkin,
    habit,
    paced,
    screening,
    session,
)

AS_OF = date(2025, 11, 16)  # a Sunday; the history crosses the end of DST (Nov 2)
BODY_MASS_KG = 61.0
RUNNER = {
    "sex": "female", "birth_year": 1991, "body_mass_kg": BODY_MASS_KG,
    "max_hr": 189, "rest_hr": 52, "time_zone": "America/New_York",
}  # fmt: skip
SHOES = (
    {"id": "pegasus", "name": "Nike Pegasus 40", "category": "road",
     "started_on": "2025-05-03", "start_km": 180, "limit_km": 700},
    {"id": "ghost", "name": "Brooks Ghost 16", "category": "road",
     "started_on": "2025-07-19", "start_km": 40, "limit_km": 700},
)  # fmt: skip
#: The four-week cycle: km of the Tuesday easy run, the Thursday tempo, the
#: Saturday recovery run and the Sunday long run; the fourth week is lighter.
CYCLE = (
    (7.0, 9.0, 5.0, 12.0),
    (7.5, 9.5, 5.0, 13.0),
    (8.0, 10.0, 5.5, 14.0),
    (6.0, 8.0, 5.0, 11.0),
)
#: Tempo: warm up, twenty minutes at threshold, cool down.
TEMPO_HR = (128, 146, 166, 170, 171, 150, 140)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute))


def mondays(weeks: int, as_of: date) -> list[date]:
    """The Mondays of the ``weeks`` weeks ending on ``as_of`` (a Sunday)."""
    first = as_of - timedelta(days=7 * weeks - 1)
    return [first + timedelta(days=7 * w) for w in range(weeks)]


def cycle_week(monday: date, week: int, pairs: tuple[str, ...]) -> list[Run]:
    """Four runs: after work on weekdays, in the morning at the weekend."""
    easy, tempo, recovery, long = CYCLE[week % 4]
    days = [monday + timedelta(days=d) for d in (1, 3, 5, 6)]
    shoe = [pairs[(week + i) % len(pairs)] for i in range(4)]
    return [
        paced(at(days[0], 19, 15), easy, 5.85, hr=146.0, shoe=shoe[0], cadence=168,
              fmt="fit"),
        paced(at(days[1], 19, 15), tempo, 5.2, hr=TEMPO_HR, shoe=shoe[1],
              place="park", cadence=178, rpe=6, fmt="fit"),
        paced(at(days[2], 8, 0), recovery, 6.35, hr=136.0, shoe=shoe[2],
              place="river", cadence=164),
        paced(at(days[3], 8, 30), long, 6.05, hr=149.0, shoe=shoe[3], cadence=170,
              fmt="gpx.gz"),
    ]  # fmt: skip


def base_runs(
    weeks: int, as_of: date, pairs: tuple[str, ...] = ("pegasus", "ghost")
) -> list[Run]:
    return [
        run
        for week, monday in enumerate(mondays(weeks, as_of))
        for run in cycle_week(monday, week, pairs)
    ]


def routine(runs: Iterable[Run], *, until: date = AS_OF) -> list[dict[str, Any]]:
    """Warm-up and stretching on run days; drinking logged over the last 4 weeks."""
    minutes: dict[date, float] = {}
    for run in runs:
        minutes[run.when.date()] = minutes.get(run.when.date(), 0.0) + run.minutes
    out = []
    for day in sorted(minutes):
        out += [habit(day, "warmup", minutes=5), habit(day, "stretch", minutes=6)]
    for n in range(28):
        day = until - timedelta(days=n)
        # 30 mL/kg plus 0.6 L per hour run, and a little more.
        need = 0.03 * BODY_MASS_KG + 0.6 * minutes.get(day, 0) / 60
        out.append(habit(day, "hydration", liters=round(need + 0.4, 1)))
    return out


def normal_screenings(day: date) -> list[dict[str, Any]]:
    return [
        screening(day, "knee_to_wall_cm", "left", 11.5),
        screening(day, "knee_to_wall_cm", "right", 12.0),
        screening(day, "ankle_df_deg", "both", 14.0),
        screening(day, "slr_deg", "both", 86.0),
        screening(day, "thomas", "both", -8.0),
        screening(day, "heel_raise_reps", "both", 29.0),
    ]


def occasional_aches(runs: list[Run]) -> list[dict[str, Any]]:
    """A mild tight heel after every third long run: normal for a runner."""
    longs = [r for r in runs if r.when.weekday() == 6][::3]
    return [
        ache(r.when + timedelta(hours=4), "heel", 2, "after_run", "tightness")
        for r in longs
    ]


CALF_1 = ("calf", "left", 1)  # a mild restriction found at the Discovery Visit


def healthy(
    *, weeks: int = 12, as_of: date = AS_OF, runs: list[Run] | None = None
) -> RunnerSpec:
    runs = base_runs(weeks, as_of) if runs is None else runs
    sundays = [as_of - timedelta(days=7 * n) for n in range(weeks)]
    return RunnerSpec(
        runner=RUNNER,
        shoes=SHOES,
        runs=runs,
        aches=occasional_aches(runs),
        habits=routine(runs, until=as_of),
        screenings=normal_screenings(as_of - timedelta(days=45)),
        sessions=[session(as_of - timedelta(days=30), "discovery", CALF_1)],
        checkins=[checkin(d) for d in sorted(sundays)],
    )


# --- the scenarios, as bundles ----------------------------------------------------


def half_marathon() -> RunnerSpec:
    """The taper week's long run becomes a 21.1 km race; the longest run of the
    previous 30 days was 14 km: 151 %, Frandsen's moderate tier."""
    race = paced(at(AS_OF, 7, 30), 21.1, 5.55, hr=171.0, shoe="ghost", rpe=9,
                 place="track", cadence=176)  # fmt: skip
    base = healthy(runs=[*base_runs(12, AS_OF)[:-1], race])
    sore = ache(at(AS_OF, 13), "arch", 3, "after_run", "aching", side="both")
    return dataclasses.replace(base, aches=[*base.aches, sore])


def same_loop() -> RunnerSpec:
    """The last four weeks: the same 7 km loop from home at the same pace and
    effort, six days a week, Monday off."""
    runs = base_runs(8, AS_OF - timedelta(days=28))
    for monday in mondays(4, AS_OF):
        for d in range(1, 7):
            day = monday + timedelta(days=d)
            shoe = ("pegasus", "ghost")[d % 2]
            runs.append(paced(at(day, 8 if d >= 5 else 19), 7.0, 5.75, hr=150.0,
                              shoe=shoe, rpe=4))  # fmt: skip
    return healthy(runs=runs)


def one_worn_pair() -> RunnerSpec:
    """Every run of twelve weeks in one pair that started at 250 km: 656 km of
    700 (94 %) and 100 % of the month's runs in it; the old pair is retired."""
    shoes = (
        {"id": "pegasus", "name": "Nike Pegasus 40", "category": "road",
         "started_on": "2025-03-01", "start_km": 250},
        {"id": "old", "name": "Nike Pegasus 38", "category": "road",
         "started_on": "2024-04-01", "retired_on": "2025-03-01", "start_km": 820},
    )  # fmt: skip
    runs = base_runs(12, AS_OF, pairs=("pegasus",))
    return dataclasses.replace(healthy(runs=runs), shoes=shoes)


def tight_chain(*, therapist: bool = True, aches: bool = True) -> RunnerSpec:
    """Knee-to-wall down 3 cm on the left and under 9 cm, straight-leg raise 68°,
    17 heel raises; the therapist found the left calf and hamstrings restricted;
    heel and calf ache after runs (the superficial back line)."""
    base = healthy()
    day = AS_OF - timedelta(days=9)
    first = AS_OF - timedelta(days=200)
    tests = [
        screening(first, "knee_to_wall_cm", "left", 10.5),
        screening(first, "knee_to_wall_cm", "right", 10.8),
        screening(day, "knee_to_wall_cm", "left", 7.5),
        screening(day, "knee_to_wall_cm", "right", 10.2),
        screening(day, "ankle_df_deg", "both", 13.0),
        screening(day, "slr_deg", "left", 68.0),
        screening(day, "slr_deg", "right", 74.0),
        screening(day, "thomas", "both", -6.0),
        screening(day, "heel_raise_reps", "left", 17.0),
        screening(day, "heel_raise_reps", "right", 23.0),
    ]
    sore = [
        ache(r.when + timedelta(hours=2), region, 4, "after_run", "tightness")
        for r in base.runs[-12:]
        for region in ("heel", "calf")
    ]
    found = session(day, "mfr", ("calf", "left", 3), ("hamstrings", "left", 2))
    return dataclasses.replace(
        base,
        screenings=tests,
        sessions=[*base.sessions, *([found] if therapist else [])],
        aches=[*base.aches, *(sore if aches else [])],
    )


def no_rest_days() -> RunnerSpec:
    """From Friday 31 October she adds a 5 km run-commute on every rest day: with
    Thursday's tempo, 18 days in a row; stretching and warm-up dropped, drinking
    short, and the first steps of the morning hurt more each week."""
    commute_from = date(2025, 10, 31)
    extra = [
        paced(at(day, 7), 5.0, 6.0, hr=142.0, shoe="ghost", place="river", rpe=3)
        for n in range((AS_OF - commute_from).days + 1)
        if (day := commute_from + timedelta(days=n)).weekday() in (0, 2, 4)
    ]
    runs = sorted([*base_runs(12, AS_OF), *extra], key=lambda r: r.when)
    base = healthy(runs=runs)
    last14 = AS_OF - timedelta(days=13)
    habits = [h for h in base.habits if h["date"] < last14]
    for day in sorted({r.when.date() for r in runs if r.when.date() >= last14}):
        habits += [habit(day, "warmup", minutes=0), habit(day, "stretch", minutes=0),
                   habit(day, "hydration", liters=1.6)]  # fmt: skip
    week_before = [date(2025, 11, d) for d in (4, 6, 8)]
    last_week = [date(2025, 11, d) for d in (10, 12, 14, 16)]
    mornings = [
        ache(at(d, 6, 40), "arch", i, "next_morning", "stiffness", side="right")
        for d, i in [
            *zip(week_before, (2, 2, 2), strict=True),
            *zip(last_week, (4, 5, 5, 6), strict=True),
        ]
    ]
    return dataclasses.replace(base, habits=habits, aches=[*base.aches, *mornings])


def night_pain() -> RunnerSpec:
    """A healthy runner who wrote down a foot ache at rest at 2:40 a.m., then
    answered no to every red-flag question two days later."""
    base = healthy()
    night = ache(at(AS_OF - timedelta(days=2), 2, 40), "top_of_foot", 5, "at_rest",
                 "aching", side="right")  # fmt: skip
    return dataclasses.replace(
        base, aches=[*base.aches, night], checkins=[*base.checkins[:-1], checkin(AS_OF)]
    )


def numbness() -> RunnerSpec:
    base = healthy()
    return dataclasses.replace(
        base, checkins=[*base.checkins[:-1], checkin(AS_OF, "numbness_tingling")]
    )


BUILD_AS_OF = AS_OF + timedelta(days=28)
#: Build weeks: Tuesday easy, a new Wednesday run, Thursday tempo, Saturday
#: recovery, Sunday long (1 km more each week: 7 %, 7 %, 6 %, 6 %, never > 10 %).
BUILD = (
    (8.0, 6.0, 10.0, 6.0, 15.0),
    (8.5, 6.5, 10.5, 6.0, 16.0),
    (9.0, 7.0, 11.0, 6.5, 17.0),
    (9.5, 7.0, 12.0, 6.5, 18.0),
)


def marathon_build() -> RunnerSpec:
    """Twelve weeks of the usual cycle, then four build weeks of five runs."""
    runs = base_runs(12, AS_OF)
    for week, monday in enumerate(mondays(4, BUILD_AS_OF)):
        easy, wednesday, tempo, recovery, long = BUILD[week]
        a, b = ("pegasus", "ghost")[:: 1 if week % 2 else -1]
        day = [monday + timedelta(days=d) for d in range(7)]
        runs += [
            paced(at(day[1], 19, 15), easy, 5.8, hr=147.0, shoe=a, cadence=168,
                  fmt="fit"),
            paced(at(day[2], 7, 0), wednesday, 6.2, hr=139.0, shoe=b, place="river",
                  cadence=164),
            paced(at(day[3], 19, 15), tempo, 5.1, hr=TEMPO_HR, shoe=a, place="park",
                  cadence=178, rpe=7, fmt="fit.gz"),
            paced(at(day[5], 8, 0), recovery, 6.3, hr=137.0, shoe=b, place="river",
                  cadence=164),
            paced(at(day[6], 8, 0), long, 6.0, hr=150.0, shoe=a, cadence=170,
                  fmt="gpx.gz"),
        ]  # fmt: skip
    return healthy(weeks=16, as_of=BUILD_AS_OF, runs=runs)


ALL_CLEAR: dict[str, str] = dict.fromkeys(CAUSE_IDS, "clear")


def only(**flagged: str) -> dict[str, str]:
    return {**ALL_CLEAR, **flagged}
