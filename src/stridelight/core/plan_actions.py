"""The everyday actions of the plan, each aimed by the findings and explained.

Every action says what to do, why (the finding and the runner's numbers) and the
source it rests on.  Stretching is offered as a comfort and mobility tool: it
barely changes range [radford2006] and does not prevent injury, while strength
work does [lauersen2014], so calf strength always comes with it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import timedelta

import numpy as np

from stridelight.core.detectors.base import pct, raised
from stridelight.core.detectors.context import Context
from stridelight.core.detectors.footwear import in_use, worn_fraction
from stridelight.core.detectors.repetitive_strain import latest_break
from stridelight.core.hydration import HydrationTarget, target
from stridelight.core.results import (
    CauseFinding,
    ChainLink,
    Evidence,
    PlanAction,
    ShoeStatus,
)
from stridelight.core.thresholds import Thresholds
from stridelight.core.training import spike_tier
from stridelight.core.vocabulary import CauseId, Region

Causes = Mapping[CauseId, CauseFinding]
DEFAULT_STRETCH: tuple[Region, ...] = ("calf", "hamstrings", "hip_flexors")
#: Chain regions and the stretch that reaches them (foot regions go to the calf,
#: whose fascia continues into the heel and plantar fascia on the back line).
STRETCHABLE: Mapping[Region, Region] = {
    "achilles": "calf", "heel": "calf", "arch": "calf", "calf": "calf",
    "knee_back": "hamstrings", "hamstrings": "hamstrings",
    "hip_flexors": "hip_flexors", "quadriceps": "quadriceps",
    "glutes": "glutes", "outer_hip": "glutes", "it_band": "glutes",
    "adductors": "adductors", "lower_back": "lower_back",
}  # fmt: skip
ROUTINE = "part of the clinic's routine for runners"
STRETCH_WHY = (
    "a comfort and mobility routine; it changes range only a little, so strength "
    "work comes with it"
)
VARIETY_WHY = "keeping single-run jumps small is the best-supported load rule"


def fired(cause: CauseFinding | None, *signals: str) -> list[Evidence]:
    """The evidence items of a cause at watch or flag (optionally only some signals)."""
    if cause is None:
        return []
    return [
        e
        for e in cause.evidence
        if raised(e.level) and (not signals or e.signal in signals)
    ]


def why_from(cause: CauseFinding | None, *signals: str, default: str = ROUTINE) -> str:
    items = fired(cause, *signals)
    if cause is None or cause.score is None or not items:
        return default[:1].upper() + default[1:] + "."
    name = cause.id.replace("_", " ")
    return f"{name.capitalize()} at {cause.level} ({cause.score:.2f}): " + " ".join(
        e.text for e in items
    )


def stretch_targets(chain: Sequence[ChainLink]) -> tuple[Region, ...]:
    """Up to three stretchable regions, in the chain's order (defaults without one)."""
    out: list[Region] = []
    for link in chain:
        region = STRETCHABLE.get(link.region)
        if region and region not in out:
            out.append(region)
    return tuple(out[:3]) or DEFAULT_STRETCH


def stretching(ctx: Context, causes: Causes, chain: Sequence[ChainLink]) -> PlanAction:
    regions = stretch_targets(chain)
    names = ", ".join(r.replace("_", " ") for r in regions)
    minutes = ctx.thresholds.stretch_minutes
    text = (
        f"Stretch for {minutes:g} minutes after each run: {names} "
        "(30-second holds, both sides)."
    )
    ranked = f"Aimed up the chain from your aches: {names}. " if chain else ""
    why = ranked + why_from(causes.get("tight_chain"), default=STRETCH_WHY)
    missed = unreached(ctx, regions)
    days = ctx.thresholds.stretch_regions_days
    if missed:
        text += (
            f" Your stretching of the last {days} days has not reached: "
            + ", ".join(r.replace("_", " ") for r in missed)
            + "."
        )
    elif missed is not None:
        why += f" Your stretching of the last {days} days reached all of them."
    return PlanAction("stretch", text, why, "radford2006", regions)


def unreached(ctx: Context, targets: Sequence[Region]) -> tuple[Region, ...] | None:
    """The targets that no recent stretch logged with its regions worked on.

    None when no recent stretch names its regions: then nothing is known.  A
    region reaches the target its stretch works (the Achilles the calf stretch).
    """
    since = ctx.as_of - timedelta(days=ctx.thresholds.stretch_regions_days - 1)
    logged = [
        h
        for h in ctx.habits
        if h.kind == "stretch" and h.date >= since and h.regions
        and (h.minutes is None or h.minutes > 0)
    ]  # fmt: skip
    if not logged:
        return None
    reached = {STRETCHABLE.get(r, r) for h in logged for r in h.regions}
    return tuple(r for r in targets if r not in reached)


def strength(ctx: Context, causes: Causes) -> PlanAction:
    goal = ctx.thresholds.heel_raise_min_reps
    tests = [s for s in ctx.screenings if s.test == "heel_raise_reps"]
    latest = ""
    if tests:
        day = max(s.date for s in tests)
        worst = min(s.value for s in tests if s.date == day)
        latest = f"Your last heel-raise test: {worst:g} repetitions (target {goal:g}). "
    text = (
        "Calf strength three times a week: single-leg heel raises, 3 sets of 15 "
        f"per leg, building toward {goal:g} in a row."
    )
    why = latest + "Strength training lowered sports injuries where stretching did not."
    return PlanAction("strength", text, why, "lauersen2014", ("calf",))


def warmup(ctx: Context, causes: Causes) -> PlanAction:
    text = (
        "Warm up for 5 minutes before each run: leg swings, light jogging and "
        "marching drills."
    )
    why = why_from(causes.get("under_recovery"), "habits_skipped")
    return PlanAction("warmup", text, why, "warmup_protocol")


def hydration(ctx: Context, causes: Causes) -> PlanAction:
    t = ctx.thresholds
    warm = recent_temperature(ctx)
    goal = target(
        ctx.data.profile, ctx.habits, warm is not None and warm >= t.heat_temp_c, t
    )
    lo, hi = goal.during_l_per_h
    parts = []
    if goal.before_ml:
        first, last = goal.before_ml
        parts.append(f"drink {first:.0f}-{last:.0f} mL about 4 hours before a run")
    parts.append(
        f"on runs over {t.long_run_minutes:.0f} minutes drink {lo:.1f}-{hi:.1f} L per hour"
    )
    parts.append(f"about {goal.daily_l:.1f} L across a rest day")
    text = "; ".join(parts)
    return PlanAction(
        "hydration", text[:1].upper() + text[1:] + ".", _hydration_why(ctx, causes, goal, warm),
        "sawka2007",
    )  # fmt: skip


def recent_temperature(ctx: Context) -> float | None:
    """Median air temperature of the last two weeks' runs, when any was recorded."""
    since = ctx.runs.since(ctx.window_start(ctx.thresholds.habit_window_days))
    temps = ctx.runs.temperature[since]
    temps = temps[np.isfinite(temps)]
    return float(np.median(temps)) if temps.size else None


def _hydration_why(
    ctx: Context, causes: Causes, goal: HydrationTarget, warm: float | None
) -> str:
    mass = ctx.data.profile.body_mass_kg
    basis = [f"body mass {mass:g} kg" if mass else "no body mass recorded (add it)"]
    if goal.sweat_rate_l_per_h:
        basis.append(
            f"logged sweat rate {goal.sweat_rate_l_per_h:.2f} L/h "
            "(keep losses under 2 % of body mass)"
        )
    if warm is not None:
        hot = " (warm: the upper rates)" if goal.hot else ""
        basis.append(f"recent runs at a median {warm:.0f} °C{hot}")
    why = f"Based on {'; '.join(basis)}."
    if fired(causes.get("under_recovery"), "hydration"):
        why += " " + why_from(causes.get("under_recovery"), "hydration")
    return why


def shoe_actions(ctx: Context, causes: Causes) -> list[PlanAction]:
    footwear = causes.get("footwear")
    shoes = in_use(ctx)
    if not shoes:
        text = "Log which pair you run in, so wear and rotation can be tracked."
        return [
            PlanAction(
                "shoes", text, "No shoes in your journal yet.", "data_sufficiency"
            )
        ]
    # Only pairs near or past their limit get a replace line: a new pair at 2 % of
    # its limit needs no action, and the line would bury the ones that do.
    worn = [s for s in shoes if worn_fraction(s) >= ctx.thresholds.shoe_warn_fraction]
    out = [_replace(ctx, s) for s in sorted(worn, key=worn_fraction, reverse=True)]
    if fired(footwear, "shoe_rotation") or len(shoes) == 1:
        out.append(_rotate(ctx, footwear, max(shoes, key=lambda s: s.runs_28d)))
    if fired(footwear, "shoe_change"):
        text = (
            "Bring the new kind of shoe in gradually: short, easy runs first, "
            "alternating with your usual pair."
        )
        why = why_from(footwear, "shoe_change")
        out.append(PlanAction("shoes", text, why, "shoe_change_heuristic"))
    return out


def _rotate(
    ctx: Context, footwear: CauseFinding | None, main: ShoeStatus
) -> PlanAction:
    """Alternate pairs the runner owns, never naming one past its limit."""
    usable = [
        s for s in ctx.shoes
        if not s.retired and worn_fraction(s) < ctx.thresholds.shoe_retire_fraction
    ]  # fmt: skip
    spare = [s for s in usable if s.id != main.id]
    other = min(spare, key=worn_fraction) if spare else None
    if main in usable:
        if other is not None:
            text = f"Alternate {main.name} with {other.name}, run by run."
        else:
            text = f"Add a second pair and alternate it with {main.name}."
    elif other is not None:
        text = f"Alternate {other.name} with the pair that replaces {main.name}."
    else:
        text = f"Replace {main.name} with two pairs and alternate them, run by run."
    targets = tuple(s.id for s in (main, other) if s is not None and s in usable)
    why = why_from(footwear, "shoe_rotation", default="only one pair in use")
    return PlanAction("shoes", text, why, "malisoux2015", targets)


def _replace(ctx: Context, shoe: ShoeStatus) -> PlanAction:
    used = worn_fraction(shoe)
    limit = f"{shoe.limit_km:.0f} km"
    if used >= ctx.thresholds.shoe_retire_fraction:
        text = f"Replace {shoe.name} now: {shoe.km_text}, past its {limit} limit."
    else:
        text = f"Replace {shoe.name} at {limit} (now {shoe.km_text}, {pct(used)})."
    why = f"Cushioning wears with distance; this pair is at {pct(used)} of its limit."
    return PlanAction("shoes", text, why, "cook1985", (shoe.id,))


def variety(ctx: Context, causes: Causes) -> list[PlanAction]:
    t = ctx.thresholds
    reference = cap_reference(ctx)
    if reference is None:
        return []
    longest, what = reference
    cap = single_run_cap(longest, t)
    text = (
        "Vary distance, pace and route through the week, and keep any single run "
        f"under {cap:.1f} km (+{pct(t.spike_cap)} of {what}, {longest:.1f} km)."
    )
    why = why_from(causes.get("repetitive_strain"), default=VARIETY_WHY)
    return [PlanAction("variety", text, why, "frandsen2025")]


def single_run_cap(longest: float, t: Thresholds) -> float:
    """The cap to 0.1 km as the text shows it, and never a distance that the
    spike rule would flag: judged as ``spike_tier`` judges (to 0.01 %), so that
    14 km recorded as 13.99999 km still gives 15.4 km."""
    cap = round(longest * (1.0 + t.spike_cap), 1)
    while cap > 0.1 and spike_tier(cap / longest - 1.0, t) is not None:
        cap = round(cap - 0.1, 1)
    return cap


def cap_reference(ctx: Context) -> tuple[float, str] | None:
    """The run the single-run cap grows from, and what it is, in words.

    The longest run of the last 30 days, except that a spike in them is not the
    new baseline (the runs before it are), and after a break the longest run of
    the 30 days before it [comeback_rule].  None without any run to go by.
    """
    days = ctx.thresholds.spike_reference_days
    runs = ctx.runs
    recent = np.flatnonzero(runs.since(ctx.window_start(days)))
    if not recent.size:
        found = latest_break(ctx)
        if found is None or found.back_on is not None:
            return None
        return found.longest_before_km, (
            f"your longest in the {days} days before your {found.days_off}-day break"
        )
    spikes = [i for i in recent if spike_tier(float(runs.excess[i]), ctx.thresholds)]
    if not spikes:
        return float(runs.km[recent].max()), f"your longest in {days} days"
    first = spikes[0]
    km = float(runs.km[first])
    day = runs.workouts[first].start.astimezone(ctx.tz).date()
    before = float(km / (1.0 + runs.excess[first]))
    spike = f"the {km:.1f} km spike on {day.isoformat()}"
    off = int(runs.days_off[first])
    if off >= days:  # the spike was the first run back: compared with before the break
        return before, f"your longest in the {days} days before your {off}-day break"
    return before, f"your longest in the {days} days before {spike}"


def rest(ctx: Context, causes: Causes) -> list[PlanAction]:
    """Rest days when training has gone on day after day (the streak signal)."""
    streak = fired(causes.get("under_recovery"), "consecutive_days")
    if not streak:
        return []
    t = ctx.thresholds
    flagged = streak[0].level == "flag"
    days = t.rest_days_streak_flag if flagged else t.rest_days_streak_watch
    text = (
        f"Take {days} full rest day{'s' if days > 1 else ''} (no running, no other "
        f"training) in the next 7 days, then keep at least one rest day in every "
        f"{t.streak_watch_days}."
    )
    why = why_from(causes.get("under_recovery"), "consecutive_days")
    return [PlanAction("rest", text, why, "rest_day_heuristic")]
