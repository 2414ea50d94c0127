"""Analysis of ten years of one runner: the DESIGN §5 bar is under 1 s.

A synthetic runner, fixed seed: 5,000 runs over ten years with HR-derived TRIMP
already in each Workout (as the bundle reader leaves it), six pairs of shoes in
rotation and retirement, 3,000 aches, habits on every run day, a screening each
quarter, monthly therapy sessions and weekly check-ins.  ``analyze()`` is timed
best of 3 in one process, after one warm-up call.

    .venv/bin/python bench/analysis.py
"""

from __future__ import annotations

import time
from datetime import date, datetime, timedelta
from datetime import time as clock
from typing import Any, cast
from zoneinfo import ZoneInfo

import numpy as np

from stridelight.core.analysis import analyze
from stridelight.core.journal import (
    Ache,
    Checkin,
    Finding,
    Habit,
    RunnerData,
    RunnerProfile,
    Screening,
    Shoe,
    TherapySession,
    Workout,
)
from stridelight.core.vocabulary import ACHE_TIMINGS, AcheTiming, Region, Side

AS_OF = date(2025, 12, 31)
YEARS = 10
RUNS = 5_000
ACHES = 3_000
BAR_S = 1.0
TZ = ZoneInfo("America/New_York")
REGIONS: tuple[Region, ...] = (
    "heel", "arch", "achilles", "calf", "forefoot", "hamstrings", "shin",
)  # fmt: skip


def _moment(day: date, hour: float) -> datetime:
    return datetime.combine(day, clock(int(hour), int(hour % 1 * 60)), tzinfo=TZ)


def synthetic_runner(seed: int = 7) -> RunnerData:
    rng = np.random.default_rng(seed)
    first = AS_OF - timedelta(days=365 * YEARS)
    offsets = np.sort(rng.integers(0, 365 * YEARS + 1, RUNS))
    days = [first + timedelta(days=int(o)) for o in offsets]
    shoes = _shoes(first)
    workouts = tuple(_run(rng, i, day, shoes) for i, day in enumerate(days))
    return RunnerData(
        profile=RunnerProfile("female", 1985, 61.0, 188, 52, "America/New_York"),
        shoes=shoes,
        workouts=workouts,
        aches=_aches(rng, first),
        habits=_habits(sorted(set(days))),
        screenings=_screenings(rng, first),
        sessions=_sessions(rng, first),
        checkins=tuple(
            Checkin(first + timedelta(days=d), ()) for d in range(0, 3650, 7)
        ),
    )


def _shoes(first: date) -> tuple[Shoe, ...]:
    span = 365 * YEARS // 6
    return tuple(
        Shoe(f"s{i}", f"Pair {i}", ("road", "trail")[i % 2],
             first + timedelta(days=i * span), first + timedelta(days=(i + 2) * span))
        for i in range(6)
    )  # fmt: skip


def _run(
    rng: np.random.Generator, i: int, day: date, shoes: tuple[Shoe, ...]
) -> Workout:
    km = float(rng.choice((5.0, 8.0, 10.0, 12.0, 16.0, 21.0)) * rng.uniform(0.9, 1.1))
    pace = float(rng.uniform(4.8, 6.6))  # min/km
    minutes = km * pace
    hrr = float(rng.uniform(0.5, 0.85))
    usable = [s for s in shoes if s.started_on and s.started_on <= day] or [shoes[0]]
    return Workout(
        id=f"activities/{i:05d}.fit",
        start=_moment(day, float(rng.uniform(6, 20))),
        sport="running",
        duration_s=minutes * 60,
        distance_m=km * 1000,
        moving_time_s=minutes * 60,
        avg_hr=52 + hrr * 136,
        trimp=minutes * hrr * 0.86 * float(np.exp(1.67 * hrr)),
        shoe=usable[-1 - i % min(2, len(usable))].id,
        step_length_m=float(rng.normal(1.05, 0.05)),
        avg_speed_mps=1000 / (pace * 60),
        start_lat=40.68 + float(rng.integers(0, 4)) * 0.01,
        start_lon=-73.94,
        temperature_c=float(rng.normal(15, 8)),
    )


def _aches(rng: np.random.Generator, first: date) -> tuple[Ache, ...]:
    offsets = rng.integers(0, 365 * YEARS + 1, ACHES)
    return tuple(
        Ache(_moment(first + timedelta(days=int(o)), float(rng.uniform(6, 21))),
             cast(Region, str(rng.choice(REGIONS))),
             cast(Side, str(rng.choice(("left", "right")))), int(rng.integers(1, 7)),
             cast(AcheTiming, str(rng.choice(ACHE_TIMINGS[:3]))), ("tightness",))
        for o in offsets
    )  # fmt: skip


def _habits(days: list[date]) -> tuple[Habit, ...]:
    out: list[Habit] = []
    for day in days:
        out += [Habit(day, "stretch", minutes=5), Habit(day, "warmup", minutes=5),
                Habit(day, "hydration", liters=2.6)]  # fmt: skip
    return tuple(out)


def _screenings(rng: np.random.Generator, first: date) -> tuple[Screening, ...]:
    out = []
    for q in range(YEARS * 4):
        day = first + timedelta(days=91 * q)
        out += [Screening(day, "knee_to_wall_cm", side, float(rng.normal(11, 1)))
                for side in ("left", "right")]  # fmt: skip
        out += [Screening(day, "slr_deg", "both", float(rng.normal(82, 4)))]
    return tuple(out)


def _sessions(rng: np.random.Generator, first: date) -> tuple[TherapySession, ...]:
    return tuple(
        TherapySession(first + timedelta(days=30 * m), "mfr",
                       (Finding("calf", "left", int(rng.integers(0, 3))),
                        Finding("hamstrings", "right", int(rng.integers(0, 3)))))
        for m in range(YEARS * 12)
    )  # fmt: skip


def bench_analysis(repeat: int = 3) -> dict[str, Any]:
    """Build the ten-year runner, time ``analyze()`` best of ``repeat``."""
    data = synthetic_runner()
    analyze(data, as_of=AS_OF)  # warm-up: imports, zone cache
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        result = analyze(data, as_of=AS_OF)
        best = min(best, time.perf_counter() - started)
    return {
        "runs": len(data.workouts),
        "aches": len(data.aches),
        "habits": len(data.habits),
        "days": len(result.series.days) if result.series else 0,
        "seconds": best,
        "bar_s": BAR_S,
        "met": best < BAR_S,
        "levels": {c.id: c.level for c in result.causes},
    }


def section() -> tuple[str, str]:
    """The ``docs/benchmarks.md`` section (see ``bench/run.py``)."""
    r = bench_analysis()
    verdict = "met" if r["met"] else "**not met**"
    body = (
        f"`analyze()` on a synthetic ten-year runner ({r['runs']:,} runs with TRIMP, "
        f"{r['aches']:,} aches, {r['habits']:,} habit entries, {r['days']:,} days of "
        f"series): best of 3 **{r['seconds'] * 1000:.0f} ms** in one process. "
        f'Bar "ten years of one runner under 1 s": {verdict}.'
    )
    return "Analysis", body


if __name__ == "__main__":
    print(bench_analysis())
