"""Footwear: worn, unsuitable or never-rotated shoes.

Signals: a pair in use at 80 % of its limit (watch) or past it (flag) [cook1985];
90 % or more of the last 28 days' runs in one pair [malisoux2015] (watch, or flag
when that pair is also worn: two signals pointing at the same pair); a sudden
switch to another kind of shoe [shoe_change_heuristic] (watch); and aches after
runs in one pair clearly more often than in another [shoe_ache_heuristic] (watch,
flag when that pair is also worn).
"""

from __future__ import annotations

from collections import Counter

from stridelight.core.detectors.base import Check, Signal, conclude, pct
from stridelight.core.detectors.context import Context
from stridelight.core.results import CauseFinding, ShoeStatus
from stridelight.core.vocabulary import CauseId

CAUSE: CauseId = "footwear"
NEEDS = (
    "Log your shoes (name, kind, start date and distance) and which pair each run "
    "used, so wear and rotation can be judged."
)


def detect(ctx: Context) -> CauseFinding:
    signals = (wear(ctx), rotation(ctx), shoe_change(ctx), shoe_aches(ctx))
    return conclude(CAUSE, signals, ctx.thresholds, NEEDS)


def in_use(ctx: Context) -> tuple[ShoeStatus, ...]:
    """Pairs not retired; those run in lately when any were, else all of them."""
    active = tuple(s for s in ctx.shoes if not s.retired)
    recent = tuple(s for s in active if s.runs_28d > 0)
    return recent or active


def worn_fraction(shoe: ShoeStatus) -> float:
    return shoe.km / shoe.limit_km if shoe.limit_km > 0 else 0.0


def is_worn(ctx: Context, shoe: ShoeStatus) -> bool:
    return worn_fraction(shoe) >= ctx.thresholds.shoe_warn_fraction


def wear(ctx: Context) -> Signal:
    t = ctx.thresholds
    check = Check(
        "shoe_distance",
        f"watch at {pct(t.shoe_warn_fraction)} of the pair's limit, "
        f"flag at {pct(t.shoe_retire_fraction)}",
        "cook1985",
    )
    shoes = in_use(ctx)
    if not shoes:
        return check.missing("No shoes in the journal.")
    worst = max(shoes, key=worn_fraction)
    used = worn_fraction(worst)
    text = (
        f"{worst.name} has {worst.km_text} of its {worst.limit_km:.0f} km limit "
        f"({pct(used)})."
    )
    if used >= t.shoe_retire_fraction:
        return check.flag(text, worst.km)
    if used >= t.shoe_warn_fraction:
        span = t.shoe_retire_fraction - t.shoe_warn_fraction
        return check.watch(
            text, worst.km, 0.5 + 0.5 * (used - t.shoe_warn_fraction) / span
        )
    unknown = [s for s in shoes if s.at_least]
    if unknown:
        # A lower bound under the mark proves nothing: the pair may be near its end.
        names = ", ".join(s.name for s in unknown)
        return check.missing(
            f"{names}: only a lower bound is known ({unknown[0].km_text}); the "
            "distance before the first recorded run is missing (Strava's export does "
            "not give it). Log the pair's start_km to judge its wear."
        )
    return check.clear(text, worst.km)


def rotation(ctx: Context) -> Signal:
    t = ctx.thresholds
    days = t.rotation_days
    check = Check(
        "shoe_rotation",
        f"≥ {pct(t.rotation_share)} of the last {days} days' runs in one pair",
        "malisoux2015",
    )
    logged = sum(s.runs_28d for s in ctx.shoes)
    if logged < t.rotation_min_runs:
        return check.missing(
            f"{logged} run(s) with a pair logged in the last {days} days."
        )
    main = max(ctx.shoes, key=lambda s: s.runs_28d)
    share = main.share_28d
    text = (
        f"{pct(share)} of your last {days} days' runs ({main.runs_28d} of {logged}) "
        f"were in {main.name}."
    )
    if share < t.rotation_share:
        return check.clear(text, share * 100)
    if is_worn(ctx, main):
        return check.flag(text + " That pair is also worn.", share * 100)
    return check.watch(text, share * 100)


def shoe_change(ctx: Context) -> Signal:
    t = ctx.thresholds
    days = t.shoe_change_days
    check = Check(
        "shoe_change",
        f"a kind of shoe under {pct(t.shoe_change_old_share)} of runs before now "
        f"≥ {pct(t.shoe_change_new_share)} of the last {days} days' runs",
        "shoe_change_heuristic",
    )
    cut = ctx.window_start(days)
    recent = _categories(ctx, cut, ctx.n)
    before = _categories(ctx, cut - t.shoe_change_baseline_days, cut)
    least = t.shoe_change_min_runs
    if sum(recent.values()) < least or sum(before.values()) < least:
        return check.missing("Too few runs in pairs of a known kind (road, trail…).")
    kind, count = recent.most_common(1)[0]
    new_share = count / sum(recent.values())
    old_share = before[kind] / sum(before.values())
    text = (
        f"{pct(new_share)} of your last {days} days' runs were in {kind} shoes, "
        f"against {pct(old_share)} before."
    )
    if new_share >= t.shoe_change_new_share and old_share < t.shoe_change_old_share:
        return check.watch(text + " A sudden change.", kind)
    return check.clear(text, kind)


def _categories(ctx: Context, first: int, end: int) -> Counter[str]:
    """Runs per kind of shoe on grid days [first, end); "Trail" and "trail" are one."""
    kinds = {s.id: kind for s in ctx.data.shoes if (kind := _kind(s.category))}
    days = ctx.runs.day.tolist()
    return Counter(
        kinds[shoe]
        for shoe, day in zip(ctx.runs.shoe, days, strict=True)
        if first <= day < end and shoe in kinds
    )


def _kind(category: str | None) -> str:
    return (category or "").strip().casefold()


def shoe_aches(ctx: Context) -> Signal:
    t = ctx.thresholds
    least = t.shoe_ache_min_runs
    check = Check(
        "shoe_ache_rate",
        f"ache rate ≥ {t.shoe_ache_ratio:g} × and ≥ {pct(t.shoe_ache_diff)} above "
        f"another pair (≥ {least} runs each)",
        "shoe_ache_heuristic",
    )
    rated = [s for s in ctx.shoes if s.ache_rate is not None and not s.retired]
    if len(rated) < 2:
        return check.missing(f"Fewer than two pairs in use with {least}+ runs.")
    hi = max(rated, key=_rate)
    lo = min((s for s in rated if s is not hi), key=_rate)
    text = (
        f"Aches followed {pct(_rate(hi))} of runs in {hi.name} and "
        f"{pct(_rate(lo))} in {lo.name}."
    )
    gap = _rate(hi) - _rate(lo)
    if gap < t.shoe_ache_diff or _rate(hi) < t.shoe_ache_ratio * _rate(lo):
        return check.clear(text, _rate(hi) * 100)
    if is_worn(ctx, hi):
        return check.flag(text + " That pair is also worn.", _rate(hi) * 100)
    return check.watch(text, _rate(hi) * 100)


def _rate(shoe: ShoeStatus) -> float:
    return shoe.ache_rate or 0.0
