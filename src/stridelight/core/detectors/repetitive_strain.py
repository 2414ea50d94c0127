"""Repetitive strain: mile after mile without variety.

Signals, strongest evidence first: a single run far longer than the longest of the
previous 30 days [frandsen2025] (flag); Foster's monotony over the last 7 days
[foster1998] (watch from 1.5, flag above 2.0); week-on-week distance progression
above 30 % [nielsen2014] (watch only: weak evidence, ranked below the spike); and
little variety of distance, pace and route over 28 days [variety_heuristic] (watch).
"""

from __future__ import annotations

import math

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
    signals = (spike(ctx), monotony(ctx), progression(ctx), variety(ctx))
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
    text = (
        f"Your {km:.1f} km run on {day.isoformat()} was {pct(1 + over)} of your "
        f"longest run in the previous {month} days ({km / (1 + over):.1f} km)"
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
