"""Repetitive strain: mile after mile without variety.

Signals, strongest evidence first: a single run far longer than the longest of the
previous 30 days [frandsen2025] (flag); Foster's monotony over the last 7 days
[foster1998] (watch from 1.5, flag above 2.0); week-on-week distance progression
above 30 % [nielsen2014] (watch only: weak evidence, ranked below the spike); and
little variety of distance, pace and route over 28 days [variety_heuristic] (watch).

A comeback after 30 days or more without a run [comeback_rule] is a signal of its
own (watch for the first four weeks back), and the first run back is compared with
the longest run of the 30 days before the break (``training.spike_ratios``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from stridelight.core.detectors.base import Check, Signal, conclude, pct
from stridelight.core.detectors.context import Context
from stridelight.core.results import CauseFinding
from stridelight.core.thresholds import Thresholds
from stridelight.core.training import (
    coefficient_of_variation,
    route_share,
    spike_tier,
    week_on_week,
)
from stridelight.core.vocabulary import CauseId

CAUSE: CauseId = "repetitive_strain"


def detect(ctx: Context) -> CauseFinding:
    signals = (
        spike(ctx), comeback(ctx), monotony(ctx), progression(ctx), variety(ctx)
    )  # fmt: skip
    return conclude(CAUSE, signals, ctx.thresholds, needs(ctx))


def needs(ctx: Context) -> str:
    t = ctx.thresholds
    return (
        f"Import your runs of the last {t.variety_days} days or more, the latest "
        f"within {t.spike_recent_days} days, so that jumps in distance, monotony and "
        "variety can be judged."
    )


def spike(ctx: Context) -> Signal:
    t = ctx.thresholds
    month = t.spike_reference_days
    check = Check(
        "single_run_spike",
        f"> {100 + t.spike_small * 100:.0f} % of the longest run in the previous "
        f"{month} days",
        "frandsen2025",
    )
    recent = ctx.runs.since(ctx.window_start(t.spike_recent_days))
    if not recent.any():
        return check.missing(f"No run in the last {t.spike_recent_days} days.")
    excess = np.where(recent, ctx.runs.excess, np.nan)
    if np.isnan(excess).all():
        return check.missing(
            "No earlier run in the recorded history to compare your recent runs with."
        )
    i = int(np.nanargmax(excess))
    km, over = float(ctx.runs.km[i]), float(excess[i])
    day = ctx.runs.workouts[i].start.astimezone(ctx.tz).date()
    # After a break the reference is the month before it [comeback_rule].
    off = int(ctx.runs.days_off[i])
    window = f"{month} days before your {off}-day break" if off >= month else (
        f"previous {month} days"
    )  # fmt: skip
    text = (
        f"Your {km:.1f} km run on {day.isoformat()} was {pct(1 + over)} of your "
        f"longest run in the {window} ({km / (1 + over):.1f} km)"
    )
    tier = spike_tier(over, t)
    if tier is None:
        return check.clear(text + ": no spike.", (1 + over) * 100)
    strength = tier_strength(tier, t)
    return check.flag(f"{text}: a {tier} spike.", (1 + over) * 100, strength)


def tier_strength(tier: str, t: Thresholds) -> float:
    """How strongly a spike of this Frandsen tier counts."""
    return {
        "small": t.spike_strength_small,
        "moderate": t.spike_strength_moderate,
        "large": t.spike_strength_large,
    }[tier]


def monotony(ctx: Context) -> Signal:
    t = ctx.thresholds
    check = Check(
        "monotony",
        f"watch ≥ {t.monotony_watch}, flag > {t.monotony_flag} "
        "(7-day mean / SD of daily load)",
        "foster1998",
    )
    loaded = int((ctx.training.load[-7:] > 0).sum())
    value = float(ctx.training.monotony[-1]) if ctx.n >= 7 else math.nan
    if loaded < t.monotony_min_loaded_days or not math.isfinite(value):
        return check.missing(f"Only {loaded} day(s) with training in the last 7.")
    strain = float(ctx.training.strain[-1])
    text = (
        f"Training monotony over the last 7 days is {value:.2f} (strain {strain:.0f})"
    )
    if value > t.monotony_flag:
        over = min(1.0, (value - t.monotony_flag) / t.monotony_flag)
        return check.flag(text + ": the days are too alike.", value, 0.7 + 0.3 * over)
    if value >= t.monotony_watch:
        span = t.monotony_flag - t.monotony_watch
        strength = 0.4 + 0.6 * (value - t.monotony_watch) / span
        return check.watch(
            text + ": on the high side.", value, strength, "runalyze_monotony"
        )
    return check.clear(text + ".", value)


def progression(ctx: Context) -> Signal:
    t = ctx.thresholds
    check = Check(
        "distance_progression",
        f"> {pct(t.progression_flag)} more distance than the week before "
        "(weak evidence)",
        "nielsen2014",
    )
    last, before = week_on_week(ctx.training.distance_km)
    if before < t.progression_min_base_km:
        return check.missing(
            f"{before:.1f} km in the week before last, under "
            f"{t.progression_min_base_km:g} km: too little to compare."
        )
    change = last / before - 1.0
    text = (
        f"You ran {last:.1f} km in the last 7 days against {before:.1f} km the week "
        f"before ({change * 100:+.0f} %)."
    )
    if change > t.progression_flag:
        strength = min(1.0, 0.5 + (change - t.progression_flag))
        return check.watch(text, change * 100, strength)
    return check.clear(text, change * 100)


def variety(ctx: Context) -> Signal:
    t = ctx.thresholds
    check = Check(
        "training_variety",
        f"2 of 3 low over {t.variety_days} days: distance CV < "
        f"{t.variety_distance_cv}, pace CV < {t.variety_pace_cv}, one route ≥ "
        f"{pct(t.variety_route_share)} of runs",
        "variety_heuristic",
    )
    runs = ctx.runs
    recent = runs.since(ctx.window_start(t.variety_days))
    count = int(recent.sum())
    if count < t.variety_min_runs:
        return check.missing(f"{count} run(s) in the last {t.variety_days} days.")
    km, speed = runs.km[recent], runs.speed[recent]
    d_cv = coefficient_of_variation(km)
    p_cv = coefficient_of_variation(speed[np.isfinite(speed)])
    share, placed = route_share(
        runs.lat[recent], runs.lon[recent], km, t.route_cell_deg
    )
    lows = (
        d_cv < t.variety_distance_cv,
        p_cv < t.variety_pace_cv,
        placed >= t.variety_min_runs and share >= t.variety_route_share,
    )
    value = f"distance CV {d_cv:.2f}, pace CV {p_cv:.2f}, top route {_share(share)}"
    text = f"Over the last {t.variety_days} days ({count} runs): {value}."
    if sum(lows) >= 2:
        return check.watch(text + " Most runs are alike.", value, sum(lows) / 3)
    return check.clear(text, value)


def _share(share: float) -> str:
    return "unknown" if math.isnan(share) else pct(share)


@dataclass(frozen=True)
class Break:
    """The runner's latest break of ``comeback_gap_days`` or more without a run."""

    days_off: int
    last_before: date  # the last run's day before the break
    longest_before_km: float  # longest run of the 30 days up to that day
    back_on: date | None  # the first run's day after it; None: still on the break
    longest_since_km: float = 0.0  # longest run since coming back


def latest_break(ctx: Context) -> Break | None:
    """The break still going on at "as of", or the latest one that ended."""
    t = ctx.thresholds
    runs = ctx.runs
    if not runs.workouts:
        return None
    ongoing = ctx.n - 1 - int(runs.day[-1])
    if ongoing >= t.comeback_gap_days:
        return _break(ctx, int(runs.day[-1]), ongoing, None)
    backs = np.flatnonzero(runs.days_off >= t.comeback_gap_days)
    if not backs.size:
        return None
    first = int(backs[-1])
    back = int(runs.day[first])
    off = int(runs.days_off[first])
    return _break(ctx, back - off - 1, off, back)


def _break(ctx: Context, last: int, off: int, back: int | None) -> Break:
    runs, start = ctx.runs, ctx.training.start
    month = ctx.thresholds.spike_reference_days
    before = (runs.day <= last) & (runs.day > last - month)
    since = runs.day >= (back if back is not None else ctx.n)
    return Break(
        days_off=off,
        last_before=start + timedelta(days=last),
        longest_before_km=float(runs.km[before].max()),
        back_on=None if back is None else start + timedelta(days=back),
        longest_since_km=float(runs.km[since].max()) if since.any() else 0.0,
    )


def in_comeback(ctx: Context, found: Break | None) -> bool:
    """Whether "as of" is within the first ``comeback_window_days`` after a break."""
    if found is None or found.back_on is None:
        return False
    return (ctx.as_of - found.back_on).days < ctx.thresholds.comeback_window_days


def comeback(ctx: Context) -> Signal:
    t = ctx.thresholds
    gap, window = t.comeback_gap_days, t.comeback_window_days
    check = Check(
        "comeback",
        f"back from {gap} days or more without a run, within the first {window} days",
        "comeback_rule",
    )
    if not ctx.runs.workouts:
        return check.missing("No runs recorded.")
    found = latest_break(ctx)
    if found is not None and found.back_on is None:
        # Still on the break: nothing to judge until the first run back (no data
        # is not good news), but say what that run will be compared with.
        return check.missing(
            f"No run for {found.days_off} days (since "
            f"{found.last_before.isoformat()}): your first runs back will be compared "
            f"with your longest run of the {t.spike_reference_days} days before the "
            f"break ({found.longest_before_km:.1f} km)."
        )
    if found is None or not in_comeback(ctx, found):
        return check.clear(
            f"No break of {gap} days or more without a run ended in the last "
            f"{window} days.",
            None,
        )
    assert found.back_on is not None
    share = found.longest_since_km / found.longest_before_km
    text = (
        f"You came back on {found.back_on.isoformat()} after {found.days_off} days "
        f"without a run; your longest run since is {found.longest_since_km:.1f} km, "
        f"{pct(share)} of your longest in the {t.spike_reference_days} days before "
        f"the break ({found.longest_before_km:.1f} km)."
    )
    # Closer to the old longest is more load on a body that has had time off.
    return check.watch(text, float(found.days_off), 0.5 + 0.5 * min(1.0, share))
