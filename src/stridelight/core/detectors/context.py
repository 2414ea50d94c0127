"""Everything the detectors, the plan and the report read, computed once.

``build_context`` keeps only what is known on "as of" (workouts and diary entries
on or before that local day), puts workouts on the day grid, computes their loads
and the daily series, and builds per-run arrays so that each detector is a few
NumPy expressions over them rather than another pass over the journal.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, MutableMapping
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import TypeVar
from zoneinfo import ZoneInfo

import numpy as np

from stridelight.core.activity import FloatArray
from stridelight.core.journal import (
    Ache,
    Checkin,
    Habit,
    RunnerData,
    Screening,
    TherapySession,
    Workout,
)
from stridelight.core.load import WorkoutLoads, workout_loads, workout_minutes
from stridelight.core.results import ShoeStatus
from stridelight.core.shoes import followed_by, shoe_statuses
from stridelight.core.thresholds import DEFAULTS, Thresholds
from stridelight.core.training import (
    BoolArray,
    IntArray,
    Training,
    build_training,
    days_off_before,
    grid_start,
    local_ordinals,
    spike_ratios,
)
from stridelight.core.vocabulary import FOOT_AND_LOWER_LEG_REGIONS, AcheTiming

#: Timings that can follow a run (an ache "at rest" is not tied to one).
RUN_TIMINGS: frozenset[AcheTiming] = frozenset(
    {"during_run", "after_run", "next_morning"}
)

E = TypeVar("E")


@dataclass(frozen=True)
class RunTable:
    """One entry per run (running or trail running) up to "as of", oldest first."""

    workouts: tuple[Workout, ...]
    day: IntArray  # index on the day grid
    start_s: FloatArray  # POSIX seconds
    km: FloatArray
    minutes: FloatArray
    speed: FloatArray  # m/s, NaN when unknown
    step: FloatArray  # m, NaN when unknown
    lat: FloatArray
    lon: FloatArray
    temperature: FloatArray
    shoe: tuple[str | None, ...]
    excess: FloatArray  # over the longest run of the previous 30 days (0.5 = +50 %)
    days_off: IntArray  # days without a run just before this run's day (-1: first)
    ached: BoolArray  # followed by a foot/lower-leg ache

    def since(self, first_day: int) -> BoolArray:
        out: BoolArray = self.day >= first_day
        return out


@dataclass(frozen=True)
class AcheTable:
    items: tuple[Ache, ...]  # up to "as of", oldest first
    day: IntArray  # index on the day grid (negative before the grid starts)
    intensity: FloatArray
    morning: BoolArray  # timing "next_morning"


@dataclass(frozen=True)
class Context:
    data: RunnerData
    as_of: date
    thresholds: Thresholds
    tz: ZoneInfo
    workouts: tuple[Workout, ...]
    loads: WorkoutLoads
    training: Training
    runs: RunTable
    aches: AcheTable
    habits: tuple[Habit, ...]
    screenings: tuple[Screening, ...]
    sessions: tuple[TherapySession, ...]
    checkins: tuple[Checkin, ...]
    shoes: tuple[ShoeStatus, ...]

    @property
    def n(self) -> int:
        """Days on the grid; day ``n - 1`` is "as of"."""
        return self.training.n

    def index(self, day: date) -> int:
        return day.toordinal() - self.training.start.toordinal()

    def window_start(self, days: int) -> int:
        """Grid index of the first of the last ``days`` days (may be negative)."""
        return self.n - days


@dataclass(frozen=True)
class WorkoutSide:
    """What the context makes of the workouts alone, without the diary: the
    same for every analysis of one runner's workouts as of one day, so a caller
    that keeps the workouts may keep this too (``Memo``)."""

    source: tuple[Workout, ...]  # the workouts it was made of (by identity)
    workouts: tuple[Workout, ...]  # up to "as of", oldest first
    w_day: IntArray
    start: date
    loads: WorkoutLoads
    training: Training
    km: FloatArray
    runs: RunTable  # ``ached`` all False: the diary's part comes later


#: Where a caller keeps ``WorkoutSide``s between analyses of the same workouts
#: (``runners.data_cache`` keeps one beside each runner's workouts in memory).
Memo = MutableMapping[object, WorkoutSide]


def build_context(
    data: RunnerData,
    as_of: date,
    thresholds: Thresholds = DEFAULTS,
    memo: Memo | None = None,
) -> Context:
    """The context of one analysis.  ``memo``: kept by the caller with the
    workouts (the same tuple), so the workouts' side is made once per day,
    profile and settings, and an analysis after a check-in redoes the diary's."""
    tz = data.profile.zone
    side = workout_side_of(data, as_of, thresholds, memo)
    aches, a_ord = _until(data.aches, lambda a: a.at, as_of, tz)
    ache_days = a_ord - side.start.toordinal()
    morning = np.array([a.timing == "next_morning" for a in aches], dtype=bool)
    ache_table = AcheTable(aches, ache_days, _intensity(aches), morning)
    window_s = thresholds.shoe_ache_window_h * 3600.0
    ached = followed_by(side.runs.start_s, _run_ache_times(ache_table), window_s)
    runs = replace(side.runs, ached=ached)
    recent = runs.since(side.training.n - thresholds.rotation_days)
    shoes = shoe_statuses(
        data.shoes, as_of, [w.shoe for w in side.workouts], side.km,
        runs.shoe, recent, runs.ached, thresholds,
    )  # fmt: skip
    return Context(
        data, as_of, thresholds, tz, side.workouts, side.loads, side.training, runs,
        ache_table,
        tuple(h for h in data.habits if h.date <= as_of),
        tuple(s for s in data.screenings if s.date <= as_of),
        tuple(s for s in data.sessions if s.date <= as_of),
        tuple(sorted((c for c in data.checkins if c.date <= as_of),
                     key=lambda c: c.date)),
        shoes,
    )  # fmt: skip


def workout_side_of(
    data: RunnerData, as_of: date, thresholds: Thresholds, memo: Memo | None
) -> WorkoutSide:
    """The memo's side for these workouts, day, profile and settings, or a new
    one (kept in the memo: a caller may make it ahead of an analysis)."""
    key = (as_of, data.profile, thresholds)
    kept = None if memo is None else memo.get(key)
    if kept is not None and kept.source is data.workouts:
        return kept
    side = workout_side(data, as_of, thresholds)
    if memo is not None:
        memo[key] = side
    return side


def workout_side(
    data: RunnerData, as_of: date, thresholds: Thresholds = DEFAULTS
) -> WorkoutSide:
    """The workouts up to "as of" on the day grid, their loads, the daily
    series and the run table (without the aches that follow runs)."""
    workouts, w_ord = _until(data.workouts, lambda w: w.start, as_of, data.profile.zone)
    start = grid_start(int(w_ord.min()) if w_ord.size else None, as_of)
    w_day = w_ord - start.toordinal()
    loads = workout_loads(workouts, data.profile, thresholds)
    is_run = np.array([w.is_run for w in workouts], dtype=bool)
    km = np.array([w.distance_m for w in workouts], dtype=float) / 1000.0
    training = build_training(
        w_day, loads.values, np.where(is_run, km, 0.0), start, as_of, thresholds
    )
    runs = _run_table(workouts, is_run, w_day, km, training.n, thresholds)
    return WorkoutSide(data.workouts, workouts, w_day, start, loads, training, km, runs)


def _until(
    entries: Iterable[E], moment: Callable[[E], datetime], as_of: date, tz: ZoneInfo
) -> tuple[tuple[E, ...], IntArray]:
    """Entries up to the runner's local ``as_of`` day, oldest first, with their days."""
    ordered = tuple(sorted(entries, key=moment))
    ords = local_ordinals([moment(e) for e in ordered], tz)
    keep = ords <= as_of.toordinal()
    kept = tuple(e for e, k in zip(ordered, keep.tolist(), strict=True) if k)
    return kept, ords[keep]


def _intensity(aches: tuple[Ache, ...]) -> FloatArray:
    return np.array([a.intensity for a in aches], dtype=float)


def _floats(values: list[float | None]) -> FloatArray:
    return np.array([np.nan if v is None else v for v in values], dtype=float)


def _run_table(
    workouts: tuple[Workout, ...],
    is_run: BoolArray,
    w_day: IntArray,
    km: FloatArray,
    n: int,
    thresholds: Thresholds,
) -> RunTable:
    """The runs' table; ``ached`` all False until ``build_context`` adds the aches."""
    runs = tuple(w for w, r in zip(workouts, is_run.tolist(), strict=True) if r)
    day, run_km = w_day[is_run], km[is_run]
    start_s = np.array([w.start.timestamp() for w in runs], dtype=float)
    return RunTable(
        workouts=runs,
        day=day,
        start_s=start_s,
        km=run_km,
        minutes=np.array([workout_minutes(w) for w in runs], dtype=float),
        speed=_floats([w.avg_speed_mps for w in runs]),
        step=_floats([w.step_length_m for w in runs]),
        lat=_floats([w.start_lat for w in runs]),
        lon=_floats([w.start_lon for w in runs]),
        temperature=_floats([w.temperature_c for w in runs]),
        shoe=tuple(w.shoe for w in runs),
        excess=spike_ratios(day, run_km, n, thresholds),
        days_off=days_off_before(day),
        ached=np.zeros(day.size, dtype=bool),
    )


def _run_ache_times(aches: AcheTable) -> FloatArray:
    return np.array(
        [
            a.at.timestamp()
            for a in aches.items
            if a.region in FOOT_AND_LOWER_LEG_REGIONS and a.timing in RUN_TIMINGS
        ],
        dtype=float,
    )
