"""The demo runner's story: which recording is run on which day, and the journal.

Used by build_demo_bundle.py (beside it), which copies the recordings with their
times moved.  An 11-week block from Monday 2026-08-31 in New York: easy runs,
tempo days in new racing shoes, long runs that grow, and a left heel that aches
more each week.  Written by hand to tell one believable story; no randomness.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from stridelight.core.journal import (
    Ache,
    ActivityNote,
    Checkin,
    Finding,
    Habit,
    RunnerData,
    RunnerProfile,
    Screening,
    Shoe,
    TherapySession,
)

ZONE = ZoneInfo("America/New_York")
FIRST_MONDAY = date(2026, 8, 31)
WEEKS = 11


@dataclass(frozen=True)
class Recording:
    file: str  # under data/real
    repo: str
    path: str
    commit: str
    license: str
    what: str


RECORDINGS = {
    "fenix": Recording("fit/fitparse__activity-small-fenix2-run.fit", "dtcooper/python-fitparse", "tests/files/activity-small-fenix2-run.fit", "d88bb69971", "MIT", "9.0 km run, Garmin Fenix 2: HR, cadence, GPS"),
    "stryd": Recording("fit/fitparse__developer-types-sample.fit", "dtcooper/python-fitparse", "tests/files/developer-types-sample.fit", "d88bb69971", "MIT", "6.8 km run with a Stryd pod: HR, cadence, power, GPS"),
    "fr110": Recording("fit/fitparse__2013-02-06-12-11-14.fit", "dtcooper/python-fitparse", "tests/files/2013-02-06-12-11-14.fit", "d88bb69971", "MIT", "4.8 km run, Forerunner 110: HR, GPS"),
    "vivo": Recording("fit/sport-activities-features__fit_format_test_File.FIT", "firefly-cpp/sport-activities-features", "datasets/fit_format_test_File.FIT", "52c17d3622", "MIT", "4.8 km run, vivoactive HR: HR, cadence, GPS"),
    "long": Recording("fit/tormoder-fit__mornindew-broken.fit", "tormoder/fit", "testdata/misc/mornindew-broken.fit", "bd251afaa5", "MIT", "16.8 km run, Forerunner 920XT: HR, cadence, GPS"),
    "fr410": Recording("tcx/tcxparser__test.tcx", "vkurup/python-tcxparser", "tests/files/test.tcx", "5ecaac92f8", "BSD-2-Clause", "4.7 km run, Forerunner 410: HR, GPS"),
    "fr410-nohr": Recording("tcx/tcxparser__no_hr.tcx", "vkurup/python-tcxparser", "tests/files/no_hr.tcx", "5ecaac92f8", "BSD-2-Clause", "the same 4.7 km run without HR"),
}  # fmt: skip

GHOST, SPEED = "ghost-15", "endorphin-speed-3"
SHOES = (
    Shoe(GHOST, "Brooks Ghost 15", "road", date(2026, 3, 14), None, 360.0, 700.0),
    Shoe(SPEED, "Saucony Endorphin Speed 3", "racing", date(2026, 9, 26), None, 0.0, 650.0),
)  # fmt: skip


@dataclass(frozen=True)
class Run:
    day: date
    at: str  # local start, HH:MM
    recording: str
    kind: str
    shoe: str
    rpe: float
    notes: str | None = None


def week_runs(week: int) -> list[Run]:
    """One week of the block: Tue easy, Thu easy or tempo, Sat shakeout, Sun long."""
    monday = FIRST_MONDAY + timedelta(weeks=week)
    tempo = week in (4, 6, 10)  # the new racing pair, worn on three tempo days only
    runs = [
        Run(monday + timedelta(1), "06:40", "fr410-nohr" if week in (2, 7) else "fr410", "easy", GHOST, 3,
            "HR strap left at home" if week in (2, 7) else None),
        Run(monday + timedelta(3), "06:40", "vivo" if tempo or week % 2 else "fr110", "tempo" if tempo else "easy",
            SPEED if tempo else GHOST, 6 if tempo else 3),
    ]  # fmt: skip
    if week not in (0, 2, 10):
        # Saturdays without the chest strap: the load comes from the RPE.
        runs.append(
            Run(monday + timedelta(5), "08:15", "fr410-nohr", "shakeout", GHOST, 2)
        )
    long_key = "stryd" if week < 3 else ("long" if week == 10 else "fenix")
    runs.append(Run(monday + timedelta(6), "07:30", long_key, "long", GHOST, 8 if week == 10 else 5,
                    LONG_NOTES.get(week)))  # fmt: skip
    return runs


LONG_NOTES = {
    3: "First 9 k long run. Left arch a bit tight afterwards.",
    7: "Same 9 k loop again. Heel sore on the last kilometre.",
    10: "Joined the club's long run: 17 k, nearly twice my longest. Left heel sore for the last 5 k.",
}


def schedule() -> list[Run]:
    runs = [r for week in range(WEEKS) for r in week_runs(week)]
    runs.append(Run(date(2026, 11, 17), "06:50", "fr410-nohr", "easy", GHOST, 5, "Legs heavy; heel sore from the first steps."))  # fmt: skip
    return runs


def local(day: date, hhmm: str) -> datetime:
    return datetime.combine(day, time.fromisoformat(hhmm), ZONE)


# --- the journal -------------------------------------------------------------

ACHES = (  # day, local time, region, side, NRS, timing, quality, notes
    ("2026-09-27", "10:30", "arch", "left", 2, "after_run", ("tightness",), None),
    ("2026-10-01", "08:00", "forefoot", "right", 2, "after_run", ("aching",), "First run in the new racing shoes."),
    ("2026-10-04", "10:15", "heel", "left", 2, "after_run", ("aching",), None),
    ("2026-10-05", "06:45", "heel", "left", 3, "next_morning", ("stiffness",), "First steps out of bed."),
    ("2026-10-11", "10:20", "arch", "left", 3, "after_run", ("tightness",), None),
    ("2026-10-12", "06:40", "heel", "left", 3, "next_morning", ("stiffness",), None),
    ("2026-10-18", "10:30", "heel", "left", 3, "after_run", ("aching",), None),
    ("2026-10-18", "10:30", "calf", "left", 2, "after_run", ("tightness",), None),
    ("2026-10-19", "06:40", "heel", "left", 4, "next_morning", ("stiffness", "sharp"), None),
    ("2026-10-25", "10:25", "arch", "left", 3, "after_run", ("tightness",), None),
    ("2026-10-26", "06:45", "heel", "left", 4, "next_morning", ("stiffness",), None),
    ("2026-11-01", "10:20", "heel", "left", 3, "after_run", ("aching",), None),
    ("2026-11-02", "06:40", "heel", "left", 4, "next_morning", ("stiffness", "sharp"), None),
    ("2026-11-08", "10:30", "heel", "left", 4, "after_run", ("aching",), None),
    ("2026-11-08", "10:30", "arch", "left", 3, "after_run", ("tightness",), None),
    ("2026-11-09", "06:40", "heel", "left", 5, "next_morning", ("sharp",), "Limped for the first minutes."),
    ("2026-11-15", "11:30", "heel", "left", 5, "after_run", ("aching", "heaviness"), None),
    ("2026-11-15", "11:30", "arch", "left", 4, "after_run", ("tightness",), None),
    ("2026-11-15", "11:30", "calf", "left", 4, "after_run", ("tightness", "heaviness"), None),
    ("2026-11-16", "06:35", "heel", "left", 6, "next_morning", ("sharp",), "Worst morning so far."),
    ("2026-11-16", "06:35", "arch", "left", 5, "next_morning", ("tightness",), None),
    ("2026-11-17", "07:10", "heel", "left", 4, "during_run", ("aching",), None),
    ("2026-11-17", "08:00", "heel", "left", 4, "after_run", ("aching",), None),
)  # fmt: skip

SCREENINGS = (  # a self-test at the start, one when the aches grew, the therapist's
    ("2026-09-07", "knee_to_wall_cm", 8.6, 9.8), ("2026-09-07", "heel_raise_reps", 23, 26),
    ("2026-10-20", "knee_to_wall_cm", 7.1, 9.6), ("2026-10-20", "heel_raise_reps", 18, 25),
    ("2026-10-20", "slr_deg", 72, 81),
    ("2026-11-10", "knee_to_wall_cm", 7.2, 9.9), ("2026-11-10", "slr_deg", 70, 80),
    ("2026-11-10", "thomas", 5, -3),
)  # fmt: skip

SESSION = TherapySession(
    date(2026, 11, 10),
    "discovery",
    (Finding("calf", "left", 2), Finding("hamstrings", "left", 2),
     Finding("arch", "left", 1), Finding("glutes", "left", 1)),
)  # fmt: skip

STRETCHED_AFTER = {1, 4, 9, 15, 22, 30, 36}  # run numbers; the rest were skipped
HYDRATION = (1.6, 1.9, 1.4, 1.8, 2.1, 1.5, 1.7)  # litres a day, against 2.2


def habits(runs: list[Run]) -> list[Habit]:
    out: list[Habit] = []
    for i, run in enumerate(runs):
        # The check-in asks after every run; 0 minutes is the answer "no".
        out.append(
            Habit(run.day, "stretch", minutes=8.0 if i in STRETCHED_AFTER else 0.0)
        )
        out.append(Habit(run.day, "warmup", minutes=5.0 if i % 3 == 1 else 0.0))
    for n in range(0, WEEKS * 7, 3):
        liters = HYDRATION[(n // 3) % len(HYDRATION)]
        out.append(
            Habit(
                FIRST_MONDAY + timedelta(n),
                "hydration",
                liters=liters,
                targets={"liters": 2.2},
            )
        )
    for week in range(WEEKS):
        monday = FIRST_MONDAY + timedelta(weeks=week)
        out.append(
            Habit(
                monday, "sleep", hours=6.0 if week >= 8 else 7.0, targets={"hours": 8.0}
            )
        )
        if week < 4:  # calf raises at the start, then the habit lapsed
            out.append(Habit(monday + timedelta(2), "strength", minutes=10.0))
    out.append(Habit(date(2026, 11, 11), "foam_roll", minutes=10.0))
    return sorted(out, key=lambda h: (h.date, h.kind))  # fmt: skip


def journal(
    runs: list[Run], files: list[str]
) -> tuple[RunnerData, tuple[ActivityNote, ...]]:
    aches = tuple(
        Ache(local(date.fromisoformat(d), t), region, side, nrs, timing, quality, notes)
        for d, t, region, side, nrs, timing, quality, notes in ACHES
    )
    screenings = tuple(
        Screening(date.fromisoformat(d), test, side, float(value))
        for d, test, left, right in SCREENINGS
        for side, value in (("left", left), ("right", right))
    )
    checkins = tuple(
        Checkin(FIRST_MONDAY + timedelta(weeks=w), ()) for w in range(WEEKS + 1)
    )
    data = RunnerData(
        profile=RunnerProfile(
            "female", 1992, 62.0, 188.0, 54.0, "America/New_York", name="Maya Ortiz"
        ),
        shoes=SHOES, aches=aches, habits=tuple(habits(runs)), screenings=screenings,
        sessions=(SESSION,), checkins=(*checkins, Checkin(date(2026, 11, 17), ())),
    )  # fmt: skip
    notes = tuple(
        ActivityNote(name, run.shoe, run.rpe, run.notes) for name, run in zip(files, runs, strict=True)
    )  # fmt: skip
    return data, notes


# Keys Stridelight does not read: the bundle keeps them on a round trip (docs/bundle.md).
ABOUT = "Demo runner for Stridelight, built by tools/build_demo_bundle.py from real recordings (see samples/README.md)."
GOAL = {"race": "a city half marathon", "distance_km": 21.1, "date": "2026-12-06"}
