"""Tight chain: restrictions higher up the body that load the feet.

Signals: screening tests below their norms (knee-to-wall [chisholm2012,
kneetowall_norm], ankle dorsiflexion [riddle2003], straight-leg raise [ayala2013],
modified Thomas [vigotsky2016], single-leg heel raises [heberlosier2009]); a
therapist's finding of restriction ≥ 2 above the foot [therapist_finding] (flag);
step length falling at matched pace [step_length_heuristic]; and recent aches that
sit on one myofascial line, foot and above [wilke2016].  Each test is its own
signal, so three tests below norm converge to a flag.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import timedelta

import numpy as np

from stridelight.core.detectors.base import Check, Signal, conclude, missing, pct
from stridelight.core.detectors.context import Context
from stridelight.core.fascia import LINE_EVIDENCE, LINES
from stridelight.core.journal import Screening
from stridelight.core.results import CauseFinding
from stridelight.core.thresholds import DEFAULTS, Thresholds
from stridelight.core.vocabulary import (
    FOOT_REGIONS,
    CauseId,
    LineGrade,
    Region,
    ScreeningTest,
)

CAUSE: CauseId = "tight_chain"
NEEDS = (
    "Do the three screening tests (knee-to-wall, straight-leg raise, single-leg "
    "heel raises) and log where it aches; a therapist's findings count too."
)
#: Per-side latest values of one test: {"left": v, "right": v}.
Sides = dict[str, float]
TestCheck = Callable[[Context, Sides], Signal]


def detect(ctx: Context) -> CauseFinding:
    signals = (*screenings(ctx), findings(ctx), step_length(ctx), ache_line(ctx))
    return conclude(CAUSE, signals, ctx.thresholds, NEEDS)


def screenings(ctx: Context) -> tuple[Signal, ...]:
    """One signal per test taken within ``screening_max_age_days``."""
    days = ctx.thresholds.screening_max_age_days
    since = ctx.as_of - timedelta(days=days)
    recent = [s for s in ctx.screenings if s.date >= since]
    if not recent:
        text = f"No screening tests in the last {days} days."
        return (missing("screening", text, "a recorded test"),)
    checks: dict[ScreeningTest, TestCheck] = {
        "knee_to_wall_cm": knee_to_wall,
        "ankle_df_deg": ankle_df,
        "slr_deg": straight_leg_raise,
        "thomas": thomas,
        "heel_raise_reps": heel_raises,
    }
    return tuple(
        check(ctx, latest_by_side([s for s in recent if s.test == test]))
        for test, check in checks.items()
        if any(s.test == test for s in recent)
    )


def latest_by_side(records: Sequence[Screening]) -> Sides:
    """The latest value per side; a "both" record counts for each side."""
    out: Sides = {}
    for s in sorted(records, key=lambda s: s.date):
        for side in ("left", "right") if s.side == "both" else (s.side,):
            out[side] = s.value
    return out


def knee_to_wall(ctx: Context, latest: Sides) -> Signal:
    t = ctx.thresholds
    norm = t.knee_to_wall_soft_norm_cm
    check = Check(
        "knee_to_wall",
        f"side difference ≥ {t.knee_to_wall_side_diff_cm} cm, drop ≥ "
        f"{t.knee_to_wall_drop_cm} cm from your first test, or under {norm:g} cm",
        "chisholm2012",
    )
    measured = kneetowall_changes(ctx, latest)
    soft = min(latest.values()) < norm
    reasons = measured + ([f"under {norm:g} cm"] if soft else [])
    text = f"Knee-to-wall: {_sides(latest, ' cm')}"
    if not reasons:
        return check.clear(text + ".", min(latest.values()))
    # A change beyond measurement error is better evidence than the soft norm.
    cite = "chisholm2012" if measured else "kneetowall_norm"
    strength = 0.5 + 0.25 * (len(reasons) - 1)
    text += f" ({'; '.join(reasons)})."
    return check.watch(text, min(latest.values()), strength, cite)


def kneetowall_changes(ctx: Context, latest: Sides) -> list[str]:
    """Side differences and drops from the first test that exceed the MDC."""
    t = ctx.thresholds
    records = [s for s in ctx.screenings if s.test == "knee_to_wall_cm"]
    first_day = min(r.date for r in records)
    first = latest_by_side([s for s in records if s.date == first_day])
    out = []
    if len(latest) == 2:
        gap = abs(latest["left"] - latest["right"])
        if gap >= t.knee_to_wall_side_diff_cm:
            out.append(f"sides differ by {gap:.1f} cm")
    for side, value in sorted(latest.items()):
        drop = first.get(side, value) - value
        if drop >= t.knee_to_wall_drop_cm:
            out.append(f"{side} down {drop:.1f} cm from {first[side]:g} cm")
    return out


def ankle_df(ctx: Context, latest: Sides) -> Signal:
    t = ctx.thresholds
    check = Check(
        "ankle_dorsiflexion",
        f"watch < {t.ankle_df_min_deg:g}°, flag ≤ {t.ankle_df_severe_deg:g}° "
        "(knee straight)",
        "riddle2003",
    )
    worst = min(latest.values())
    text = f"Ankle dorsiflexion: {_sides(latest, '°')}."
    if worst <= t.ankle_df_severe_deg:
        return check.flag(text, worst)
    if worst < t.ankle_df_min_deg:
        return check.watch(text, worst, 0.6)
    return check.clear(text, worst)


def straight_leg_raise(ctx: Context, latest: Sides) -> Signal:
    t = ctx.thresholds
    norm = t.slr_min_deg
    check = Check("straight_leg_raise", f"< {norm:g}° is limited", "ayala2013")
    text = f"Straight-leg raise: {_sides(latest, '°')}."
    return _below(check, text, latest, norm, t.slr_strength_span_deg)


def thomas(ctx: Context, latest: Sides) -> Signal:
    check = Check("thomas_test", "thigh above horizontal (positive)", "vigotsky2016")
    above = ctx.thresholds.thomas_positive_above
    positive = [side for side, v in sorted(latest.items()) if v > above]
    value = max(latest.values())
    if positive:
        sides = " and ".join(positive)
        return check.watch(f"Modified Thomas test: positive on the {sides}.", value)
    return check.clear("Modified Thomas test: negative.", value)


def heel_raises(ctx: Context, latest: Sides) -> Signal:
    t = ctx.thresholds
    goal = t.heel_raise_min_reps
    check = Check("heel_raises", f"< {goal:g} repetitions", "heberlosier2009")
    text = f"Single-leg heel raises: {_sides(latest, ' reps')}."
    return _below(check, text, latest, goal, t.heel_raise_strength_span_reps)


def _below(check: Check, text: str, latest: Sides, norm: float, span: float) -> Signal:
    """Watch when the worse side falls short of the norm: 0.5, up to 1 at ``span`` short."""
    worst = min(latest.values())
    if worst < norm:
        return check.watch(text, worst, 0.5 + 0.5 * min(1.0, (norm - worst) / span))
    return check.clear(text, worst)


def _sides(latest: Sides, unit: str) -> str:
    return ", ".join(
        f"{side} {value:g}{unit}" for side, value in sorted(latest.items())
    )


def findings(ctx: Context) -> Signal:
    """Restrictions above the foot; a later session overrides an earlier one."""
    t = ctx.thresholds
    least = t.finding_restriction_min
    check = Check(
        "therapist_findings", f"restriction ≥ {least} of 3 above the foot",
        "therapist_finding",
    )  # fmt: skip
    since = ctx.as_of - timedelta(days=t.finding_max_age_days)
    sessions = sorted(
        (s for s in ctx.sessions if s.date >= since), key=lambda s: s.date
    )
    latest = {(f.region, f.side): f.restriction for s in sessions for f in s.findings}
    if not latest:
        return check.missing(
            f"No therapist findings in the last {t.finding_max_age_days} days."
        )
    found = {
        (region, side): grade
        for (region, side), grade in latest.items()
        if region not in FOOT_REGIONS and grade >= least
    }
    if not found:
        return check.clear(
            "Your therapist found no marked restriction above the foot.", 0.0
        )
    ordered = sorted(found.items(), key=lambda kv: (-kv[1], kv[0]))
    where = ", ".join(f"{r.replace('_', ' ')} ({s}) {g}/3" for (r, s), g in ordered)
    top = max(found.values())
    return check.flag(
        f"Your therapist found restrictions: {where}.", float(top), top / 3
    )


def step_length(ctx: Context) -> Signal:
    t = ctx.thresholds
    check = Check(
        "step_length",
        f"step length down ≥ {pct(t.step_drop_fraction)} at matched pace (last "
        f"{t.step_recent_days} days vs the "
        f"{t.step_baseline_days - t.step_recent_days} before)",
        "step_length_heuristic",
    )
    change = matched_pace_change(ctx)
    if change is None:
        return check.missing(
            "Too few runs with step length at the same pace to compare."
        )
    text = (
        f"At matched pace your step length changed {change * 100:+.1f} % against "
        "the weeks before."
    )
    drop = -change
    if drop >= t.step_drop_fraction:
        strength = 0.5 + 0.5 * min(1.0, (drop - t.step_drop_fraction) / 0.08)
        return check.watch(text, change * 100, strength)
    return check.clear(text, change * 100)


def matched_pace_change(ctx: Context) -> float | None:
    """Relative change of median step length, recent vs before, within speed bands.

    Runs fall in bands of ``step_band_mps``; a band counts when both periods hold
    ``step_min_runs`` runs; bands are weighted by the smaller of the two counts.
    """
    t, runs = ctx.thresholds, ctx.runs
    ok = np.isfinite(runs.step) & np.isfinite(runs.speed) & (runs.speed > 0)
    cut = ctx.window_start(t.step_recent_days)
    recent = ok & (runs.day >= cut)
    before = (
        ok & (runs.day < cut) & (runs.day >= ctx.window_start(t.step_baseline_days))
    )
    band = np.floor(runs.speed / t.step_band_mps)
    changes, weights = [], []
    for b in np.unique(band[recent]):
        now, then = runs.step[recent & (band == b)], runs.step[before & (band == b)]
        if min(now.size, then.size) >= t.step_min_runs:
            changes.append(float(np.median(now) / np.median(then) - 1.0))
            weights.append(min(now.size, then.size))
    return float(np.average(changes, weights=weights)) if changes else None


def ache_line(ctx: Context) -> Signal:
    """Recent aches in the foot and above it on one line with dissection support."""
    days = ctx.thresholds.ache_line_days
    check = Check(
        "ache_line", "aches in the foot and above it on one supported myofascial line",
        "wilke2016",
    )  # fmt: skip
    recent = ctx.aches.day >= ctx.window_start(days)
    regions = {
        a.region
        for a, r in zip(ctx.aches.items, recent.tolist(), strict=True)
        if r and a.intensity > 0
    }
    if not regions:
        return check.missing(f"No aches logged in the last {days} days.")
    best = best_line(regions, ctx.thresholds)
    if best is None:
        listed = ", ".join(sorted(regions))
        return check.clear(
            f"Aches ({listed}) do not line up from the foot upwards.", 0.0
        )
    line, on = best
    grade, cite = LINE_EVIDENCE[line]
    names = ", ".join(r.replace("_", " ") for r in sorted(on))
    text = (
        f"Aches in {names} sit on the {line.replace('_', ' ')} "
        f"({grade} evidence for that line)."
    )
    strength = line_strength(grade, ctx.thresholds)
    assert strength is not None  # best_line only picks supported lines
    return check.watch(text, float(len(on)), strength, cite)


def best_line(
    regions: set[Region], thresholds: Thresholds = DEFAULTS
) -> tuple[str, set[Region]] | None:
    """The supported line holding the most ache regions, foot and above."""
    candidates = []
    for line, stations in LINES.items():
        strength = line_strength(LINE_EVIDENCE[line].grade, thresholds)
        on = regions & set(stations)
        if strength is not None and on & FOOT_REGIONS and on - FOOT_REGIONS:
            candidates.append((len(on), strength, line, on))
    if not candidates:
        return None
    _, _, line, on = max(candidates, key=lambda c: (c[0], c[1], c[2]))
    return line, on


def line_strength(grade: LineGrade, t: Thresholds) -> float | None:
    """How strongly aches on a line of this grade count; None for an unsupported line."""
    return {
        "strong": t.ache_line_strength_strong,
        "moderate": t.ache_line_strength_moderate,
        "limited": t.ache_line_strength_limited,
    }.get(grade)
