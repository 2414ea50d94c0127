"""Daily training series and the load signals computed from them, all vectorised.

Days are calendar days in the runner's own time zone (``profile.time_zone``): a run
at 23:30 in New York belongs to that evening, not to the next UTC day.  Day 0 of the
series is the first day with a workout (or 27 days before "as of" when there is
none), the last day is "as of" itself.

Fitness, fatigue and form use ONE convention, the exponential impulse-response of
GoldenCheetah's PMC: ``E_t = E_{t-1}·e^{-1/N} + L_t·(1 − e^{-1/N})`` with N = 42 and
7 days [goldencheetah_pmc].  It is the convention of the tools whose form bands
(−30 "high risk", intervals.icu) we use, so the threshold and the number agree.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np
import numpy.typing as npt
from numpy.lib.stride_tricks import sliding_window_view

from stridelight.core.activity import FloatArray
from stridelight.core.thresholds import DEFAULTS, Thresholds

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]


def local_ordinals(moments: Sequence[datetime], tz: ZoneInfo) -> IntArray:
    """Proleptic ordinal of each moment's local calendar day."""
    return np.array(
        [m.astimezone(tz).date().toordinal() for m in moments], dtype=np.int64
    )


@dataclass(frozen=True)
class Training:
    """Per-day arrays from ``start`` to "as of" inclusive (all the same length)."""

    start: date
    load: FloatArray
    distance_km: FloatArray
    fitness: FloatArray  # CTL
    fatigue: FloatArray  # ATL
    form: FloatArray  # CTL − ATL; NaN while history is too short to judge
    monotony: FloatArray  # NaN for the first six days
    strain: FloatArray
    history_days: int  # days since the first workout, inclusive (0 without any)

    @property
    def n(self) -> int:
        return int(self.load.size)

    def days(self) -> tuple[date, ...]:
        # By ordinal: ten years of days, and timedelta(days=…) parses keywords.
        first = self.start.toordinal()
        return tuple(map(date.fromordinal, range(first, first + self.n)))


def grid_start(first_ordinal: int | None, as_of: date) -> date:
    """First day of the series: the first workout, or four weeks back without one."""
    if first_ordinal is None or first_ordinal > as_of.toordinal():
        return as_of - timedelta(days=27)
    return date.fromordinal(first_ordinal)


def daily_sums(index: IntArray, values: FloatArray, n: int) -> FloatArray:
    """Sum of ``values`` per day index (0..n-1); days without entries are 0."""
    if index.size == 0:
        return np.zeros(n)
    return np.bincount(index, weights=values, minlength=n)[:n].astype(float)


def ewma(load: FloatArray, days: int, seed: float) -> FloatArray:
    """Exponential impulse-response average, started from ``seed`` on day −1."""
    keep = math.exp(-1.0 / days)
    out = np.empty(load.size)
    level = seed
    # A plain loop over floats: 3,650 days take about a millisecond, and the
    # closed form underflows over long series.
    for i, value in enumerate(load.tolist()):
        level = level * keep + value * (1.0 - keep)
        out[i] = level
    return out


def seed_level(load: FloatArray, seed_days: int) -> float:
    """Mean daily load of the first weeks: a start that reads as "steady state"."""
    head = load[:seed_days]
    return float(head.mean()) if head.size else 0.0


def fitness_fatigue(
    load: FloatArray, history_days: int, thresholds: Thresholds = DEFAULTS
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """(fitness, fatigue, form).  Form is NaN on days with too little history."""
    seed = seed_level(load, thresholds.seed_days)
    ctl = ewma(load, thresholds.ctl_days, seed)
    atl = ewma(load, thresholds.atl_days, seed)
    form = ctl - atl
    # Day i has (history_days − (n − 1 − i)) days of history behind it.
    first_day = load.size - history_days
    judged = np.arange(load.size) - first_day + 1 >= thresholds.form_min_history_days
    return ctl, atl, np.where(judged, form, np.nan)


def rolling_sum(values: FloatArray, window: int) -> FloatArray:
    """Sum of the ``window`` days ending on each day (shorter at the start)."""
    c = np.concatenate(([0.0], np.cumsum(values)))
    lo = np.maximum(np.arange(1, values.size + 1) - window, 0)
    out: FloatArray = c[1:] - c[lo]
    return out


def monotony_strain(
    load: FloatArray, thresholds: Thresholds = DEFAULTS
) -> tuple[FloatArray, FloatArray]:
    """Foster monotony (7-day mean / population SD) and strain (weekly sum × monotony).

    SD = 0 is guarded as in Runalyze: the cap when the week carries load, 0 for an
    empty week (nothing to be monotonous about).  NaN for the first six days.
    """
    week = rolling_sum(load, 7)
    mean = week / 7.0
    var = np.maximum(rolling_sum(load * load, 7) / 7.0 - mean * mean, 0.0)
    sd = np.sqrt(var)
    flat = sd <= 1e-9 * np.maximum(mean, 1.0)
    cap = thresholds.monotony_cap
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(flat, np.where(mean > 0, cap, 0.0), mean / sd)
    monotony = np.minimum(ratio, cap)
    monotony[: min(6, monotony.size)] = np.nan
    return monotony, week * monotony


def streaks(loaded: BoolArray) -> IntArray:
    """Consecutive days with load ending on each day (0 on a rest day)."""
    idx = np.arange(loaded.size)
    last_rest = np.maximum.accumulate(np.where(loaded, -1, idx))
    out: IntArray = (idx - last_rest).astype(np.int64)
    return out


def longest_recent_streak(loaded: BoolArray, window: int) -> int:
    """Longest streak of loaded days touching the last ``window`` days."""
    if loaded.size == 0:
        return 0
    return int(streaks(loaded)[-window:].max())


def previous_longest(daily_max_km: FloatArray, days: int) -> FloatArray:
    """For each day, the longest single run of the ``days`` days before it."""
    padded = np.concatenate((np.zeros(days), daily_max_km))
    windows = sliding_window_view(padded, days)[: daily_max_km.size]
    out: FloatArray = windows.max(axis=1)
    return out


def days_off_before(run_day: IntArray) -> IntArray:
    """For each run (sorted by day), the days without a run just before its day.

    -1 for runs on the first day with a run: nothing is known before it.  Two runs
    on one day share the break before that day.
    """
    days = np.unique(run_day)
    at = np.searchsorted(days, run_day)
    previous = np.where(at > 0, days[np.maximum(at - 1, 0)], run_day)
    out: IntArray = (run_day - previous - 1).astype(np.int64)
    return out


def spike_ratios(
    run_day: IntArray, run_km: FloatArray, n: int, thresholds: Thresholds = DEFAULTS
) -> FloatArray:
    """Each run's distance over the longest run of the previous 30 days, minus 1.

    After a break with no run in those 30 days the reference is the longest run
    of the 30 days up to the last run before the break [comeback_rule]: a long
    first run back is judged against what the runner last did, not waved through
    for want of a reference.  NaN with no earlier run at all, and for runs in the
    first ``spike_min_history_days`` of the recorded history: what came before the
    first import is unknown, so a new user's second run is not called a spike.
    """
    days = thresholds.spike_reference_days
    daily_max = np.zeros(n)
    np.maximum.at(daily_max, run_day, run_km)
    before = previous_longest(daily_max, days)
    reference = before[run_day]
    off = days_off_before(run_day)
    last = np.clip(run_day - off - 1, 0, None)  # the day of the run before the break
    up_to_last = np.maximum(before[last], daily_max[last])
    reference = np.where((reference > 0) | (off < 0), reference, up_to_last)
    known = (reference > 0) & (run_day >= thresholds.spike_min_history_days)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio: FloatArray = np.where(known, run_km / reference - 1.0, np.nan)
    return ratio


def spike_tier(excess: float, thresholds: Thresholds = DEFAULTS) -> str | None:
    """Frandsen's tier for a run's excess over the 30-day longest, or None.

    Judged at the resolution the evidence shows (0.01 %): 15.4 km after 14 km is
    the plan's own 110 % cap, yet 15.4 / 14 − 1 is 0.10000000000000009 in floats,
    and a few millimetres of GPS rounding on the 14 km would tip it further.
    """
    if not math.isfinite(excess):
        return None
    excess = round(excess, 4)
    if excess <= thresholds.spike_small:
        return None
    if excess > thresholds.spike_large:
        return "large"
    return "moderate" if excess > thresholds.spike_moderate else "small"


def week_on_week(distance_km: FloatArray) -> tuple[float, float]:
    """(km in the last 7 days, km in the 7 days before)."""
    last = float(distance_km[-7:].sum())
    before = float(distance_km[-14:-7].sum()) if distance_km.size > 7 else 0.0
    return last, before


def coefficient_of_variation(values: FloatArray) -> float:
    """SD / mean; NaN with fewer than two values or a zero mean."""
    if values.size < 2 or values.mean() <= 0:
        return math.nan
    return float(values.std() / values.mean())


def route_share(
    lat: FloatArray, lon: FloatArray, km: FloatArray, cell_deg: float
) -> tuple[float, int]:
    """Share of runs on the most common route, and how many runs had a position.

    A route is a start cell of the grid plus the distance rounded to the km, so the
    same loop from home repeats, while a 5 km and a 15 km run from home differ.
    """
    ok = np.isfinite(lat) & np.isfinite(lon)
    if not ok.any():
        return math.nan, 0
    keys = np.stack(
        (np.round(lat[ok] / cell_deg), np.round(lon[ok] / cell_deg), np.round(km[ok]))
    )
    _, counts = np.unique(keys, axis=1, return_counts=True)
    return float(counts.max() / ok.sum()), int(ok.sum())


def rolling_baseline_median(
    load: FloatArray, window: int, lookback: int
) -> tuple[float, float]:
    """(load of the last ``window`` days, median of earlier full windows).

    The earlier windows end on each of the ``lookback`` days before the current
    window; only windows lying wholly inside the series count.  NaN without any.
    """
    sums = rolling_sum(load, window)
    current = float(sums[-1]) if sums.size else 0.0
    end = sums.size - window  # exclusive: windows ending before the current one
    begin = max(window - 1, end - lookback)
    if end <= begin:
        return current, math.nan
    return current, float(np.median(sums[begin:end]))


def build_training(
    day_index: IntArray,
    loads: FloatArray,
    km: FloatArray,
    start: date,
    as_of: date,
    thresholds: Thresholds = DEFAULTS,
) -> Training:
    """The per-day series from workouts already placed on the day grid."""
    n = (as_of - start).days + 1
    load = daily_sums(day_index, loads, n)
    distance = daily_sums(day_index, km, n)
    history = n - int(day_index.min()) if day_index.size else 0
    ctl, atl, form = fitness_fatigue(load, history, thresholds)
    monotony, strain = monotony_strain(load, thresholds)
    return Training(start, load, distance, ctl, atl, form, monotony, strain, history)
