"""Under-recovery: not enough recovery between runs.

Signals: seven or more days in a row with training [rest_day_heuristic] (watch;
flag from fourteen: two weeks without a rest day); form (fitness − fatigue) under
−30 [intervals_form] (flag; judged only with four weeks of history); post-run
stretching or the warm-up skipped on most run days it was logged [habit_heuristic]
(watch; a day without an entry is unknown, only 0 minutes records a skip);
drinking below target on most logged days [daily_fluid_heuristic] (watch); and
morning aches up by 2 points or more on the 0-10 scale, last 7 days against the 7
before [farrar2001] (flag).
"""

from __future__ import annotations

import math
from datetime import date, timedelta

import numpy as np

from stridelight.core.detectors.base import Check, Signal, conclude, pct
from stridelight.core.detectors.context import Context
from stridelight.core.hydration import day_target_l
from stridelight.core.journal import Habit
from stridelight.core.results import CauseFinding
from stridelight.core.training import longest_recent_streak
from stridelight.core.vocabulary import CauseId, HabitKind

CAUSE: CauseId = "under_recovery"
HABIT_NAMES: dict[HabitKind, str] = {"stretch": "stretching", "warmup": "warm-up"}
NEEDS = (
    "Import your recent runs and check in after them: warm-up, stretching, drinking "
    "and how your feet feel the next morning."
)


def detect(ctx: Context) -> CauseFinding:
    signals = (streak(ctx), form(ctx), habits(ctx), hydration(ctx), morning_aches(ctx))
    return conclude(CAUSE, signals, ctx.thresholds, NEEDS)


def streak(ctx: Context) -> Signal:
    """Days in a row with training: watch from 7, flag from 14 (two weeks, no rest)."""
    t = ctx.thresholds
    watch, flag = t.streak_watch_days, t.streak_flag_days
    check = Check(
        "consecutive_days",
        f"watch ≥ {watch}, flag ≥ {flag} consecutive days with training",
        "rest_day_heuristic",
    )
    window = t.streak_window_days
    # No workout in the window is no data, not proof of rest: the runner may
    # simply not have imported them.
    if not (ctx.training.load[-window:] > 0).any():
        return check.missing(f"No workouts recorded in the last {window} days.")
    days = longest_recent_streak(ctx.training.load > 0, window)
    text = (
        f"Longest run of days in a row with training, over the last "
        f"{t.streak_window_days} days: {days}."
    )
    if days >= flag:
        return check.flag(text, float(days))
    if days >= watch:
        return check.watch(
            text, float(days), 0.6 + 0.4 * (days - watch) / (flag - watch)
        )
    return check.clear(text, float(days))


def form(ctx: Context) -> Signal:
    t = ctx.thresholds
    check = Check(
        "form", f"form (42-day fitness − 7-day fatigue) < {t.form_flag:g}",
        "intervals_form",
    )  # fmt: skip
    tr = ctx.training
    value = float(tr.form[-1])
    if tr.history_days < t.form_min_history_days or not math.isfinite(value):
        return check.missing(
            f"Only {tr.history_days} day(s) of training history: form needs "
            f"{t.form_min_history_days}."
        )
    text = (
        f"Form today is {value:.0f} (fitness {tr.fitness[-1]:.0f}, "
        f"fatigue {tr.fatigue[-1]:.0f})."
    )
    if value < t.form_flag:
        below = min(1.0, (t.form_flag - value) / abs(t.form_flag))
        return check.flag(text, value, 0.7 + 0.3 * below)
    return check.clear(text, value)


def run_days(ctx: Context, days: int) -> set[date]:
    """Local days with a run among the last ``days``."""
    first = ctx.window_start(days)
    start = ctx.training.start
    return {start + timedelta(days=int(d)) for d in ctx.runs.day[ctx.runs.day >= first]}


def habits(ctx: Context) -> Signal:
    """Stretching and warm-up on run days, judged on the days the runner logged.

    A habit not logged is unknown, not skipped: only an entry of 0 minutes
    records a skip.  Run days without an entry of a kind count neither way, and
    a kind is judged only on ``habit_min_run_days`` known run days or more.
    """
    t = ctx.thresholds
    window = t.habit_window_days
    check = Check(
        "habits_skipped",
        f"stretching or warm-up skipped (logged as 0 minutes) on > "
        f"{pct(t.habit_skip_share)} of the run days it was logged "
        f"(last {window} days)",
        "habit_heuristic",
    )
    runs = run_days(ctx, window)
    if len(runs) < t.habit_min_run_days:
        return check.missing(f"{len(runs)} run day(s) in the last {window} days.")
    since = ctx.as_of - timedelta(days=window - 1)
    logged = [h for h in ctx.habits if h.date >= since]
    known = {kind: _known(logged, runs, kind) for kind in HABIT_NAMES}
    judged = {k: v for k, v in known.items() if len(v) >= t.habit_min_run_days}
    if not judged:
        counts = ", ".join(f"{HABIT_NAMES[k]} {len(v)}" for k, v in known.items())
        return check.missing(
            f"Stretching and warm-ups logged on too few of your {len(runs)} run days "
            f"in the last {window} ({counts}; {t.habit_min_run_days} needed)."
        )
    skips = {k: sum(not done for done in v.values()) for k, v in judged.items()}
    worst = max(skips[k] / len(judged[k]) for k in judged)
    parts = [
        f"{HABIT_NAMES[k]} skipped on {skips[k]} of {len(v)} logged "
        f"({pct(skips[k] / len(v))})"
        for k, v in judged.items()
    ]
    text = f"Of {len(runs)} run days: {', '.join(parts)}."
    if worst > t.habit_skip_share:
        return check.watch(text, worst * 100, worst)
    return check.clear(text, worst * 100)


def _known(logged: list[Habit], runs: set[date], kind: HabitKind) -> dict[date, bool]:
    """Run days with an entry of ``kind``: done, or skipped (0 minutes)."""
    out: dict[date, bool] = {}
    for h in logged:
        if h.kind == kind and h.date in runs:
            done = h.minutes is None or h.minutes > 0
            out[h.date] = out.get(h.date, False) or done
    return out


def hydration(ctx: Context) -> Signal:
    """Logged drinking against the runner's own target, else the default one."""
    t = ctx.thresholds
    window = t.habit_window_days
    check = Check(
        "hydration",
        f"below target on > {pct(t.hydration_below_share)} of logged days "
        f"(last {window} days)",
        "daily_fluid_heuristic",
    )
    since = ctx.as_of - timedelta(days=window - 1)
    logged = {
        h.date: h
        for h in ctx.habits
        if h.kind == "hydration" and h.date >= since and h.liters is not None
    }
    if len(logged) < t.hydration_min_days:
        return check.missing(
            f"{len(logged)} day(s) with drinking logged in the last {window}."
        )
    minutes = _run_minutes_by_day(ctx, window)
    below = sum(
        (h.liters or 0.0)
        < (
            h.targets.get("liters")
            or day_target_l(ctx.data.profile, minutes.get(d, 0.0), t)
        )
        for d, h in logged.items()
    )
    share = below / len(logged)
    text = f"Drinking was below target on {below} of {len(logged)} logged days."
    if share > t.hydration_below_share:
        return check.watch(text, share * 100, share)
    return check.clear(text, share * 100)


def _run_minutes_by_day(ctx: Context, days: int) -> dict[date, float]:
    inside = ctx.runs.day >= ctx.window_start(days)  # of years of runs, the window's
    origin = ctx.training.start.toordinal()
    out: dict[date, float] = {}
    for d, m in zip(
        ctx.runs.day[inside].tolist(), ctx.runs.minutes[inside].tolist(), strict=True
    ):
        day = date.fromordinal(origin + d)
        out[day] = out.get(day, 0.0) + m
    return out


def morning_aches(ctx: Context) -> Signal:
    t = ctx.thresholds
    w = t.morning_window_days
    check = Check(
        "morning_ache",
        f"next-morning ache up ≥ {t.morning_ache_rise:g} points (0-10), last {w} "
        f"days vs the {w} before",
        "farrar2001",
    )
    now = _morning_level(ctx, ctx.window_start(w), ctx.n)
    then = _morning_level(ctx, ctx.window_start(2 * w), ctx.window_start(w))
    if now is None or then is None:
        return check.missing(f"Too few diary entries in the last {2 * w} days.")
    rise = now - then
    text = (
        f"Next-morning aches average {now:.1f}/10 over the last {w} days against "
        f"{then:.1f} the {w} before ({rise:+.1f})."
    )
    if rise >= t.morning_ache_rise:
        over = min(1.0, (rise - t.morning_ache_rise) / 3.0)
        return check.flag(text, rise, 0.7 + 0.3 * over)
    return check.clear(text, rise)


def _morning_level(ctx: Context, first: int, end: int) -> float | None:
    """Mean of each day's worst next-morning ache in grid days [first, end).

    A window without morning aches counts as 0 when the diary was in use then
    (any ache, habit or check-in), and as unknown otherwise.
    """
    aches = ctx.aches
    inside = (aches.day >= first) & (aches.day < end)
    morning = inside & aches.morning
    if morning.any():
        days, worst = aches.day[morning], aches.intensity[morning]
        per_day = [float(worst[days == d].max()) for d in np.unique(days)]
        return float(np.mean(per_day))
    return 0.0 if inside.any() or _diary_used(ctx, first, end) else None


def _diary_used(ctx: Context, first: int, end: int) -> bool:
    lo = ctx.training.start + timedelta(days=first)
    hi = ctx.training.start + timedelta(days=end)
    habit = any(lo <= h.date < hi for h in ctx.habits)
    return habit or any(lo <= c.date < hi for c in ctx.checkins)
