"""Hydration targets from body mass, logged sweat rate and heat.

Before a run: 5-7 mL/kg a few hours ahead [sawka2007].  During runs longer than
about 90 minutes, planned drinking [kenefick2018]: 0.4-0.8 L/h, the upper half when
recent runs were warm [acsm_heat], or, when the runner logged a sweat test, enough
to keep the loss under 2 % of body mass and never more than the sweat rate (no
weight gain) [sawka2007].  Daily baseline when the runner set no target: 30 mL/kg
[daily_fluid_heuristic], plus the mid rate for each hour run that day.

A sweat test is read from a hydration habit's ``targets``: either
``sweat_rate_l_per_h`` directly, or ``mass_pre_kg`` and ``mass_post_kg`` with the
habit's ``minutes`` (run time) and ``liters`` (drunk during):
``(pre − post + drunk) / hours`` (NATA / ACSM method).

Every target stops at a safe ceiling [hydration_caps]: a heavy runner or a big
sweat test never turns into advice to over-drink.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from stridelight.core.journal import Habit, RunnerProfile
from stridelight.core.thresholds import DEFAULTS, Thresholds


@dataclass(frozen=True)
class HydrationTarget:
    before_ml: tuple[float, float] | None  # None without body mass
    during_l_per_h: tuple[float, float]
    daily_l: float  # on a rest day
    sweat_rate_l_per_h: float | None
    hot: bool


def daily_base_l(profile: RunnerProfile, thresholds: Thresholds = DEFAULTS) -> float:
    if profile.body_mass_kg:
        by_mass = profile.body_mass_kg * thresholds.daily_fluid_ml_per_kg / 1000.0
        return min(by_mass, thresholds.daily_fluid_max_l)
    return thresholds.daily_fluid_default_l


def day_target_l(
    profile: RunnerProfile, run_minutes: float, thresholds: Thresholds = DEFAULTS
) -> float:
    """What to drink on a day with ``run_minutes`` of running, without a set target."""
    lo, hi = thresholds.during_l_per_h
    return daily_base_l(profile, thresholds) + (lo + hi) / 2 * run_minutes / 60.0


def sweat_rate(habits: Iterable[Habit]) -> float | None:
    """The latest logged sweat rate in L/h, or None."""
    rates = [r for h in sorted(habits, key=lambda h: h.date) if (r := _rate(h))]
    return rates[-1] if rates else None


def _rate(h: Habit) -> float | None:
    if h.kind != "hydration":
        return None
    given = h.targets.get("sweat_rate_l_per_h")
    if given and given > 0:
        return float(given)
    pre, post = h.targets.get("mass_pre_kg"), h.targets.get("mass_post_kg")
    if pre is None or post is None or not h.minutes:
        return None
    rate = (pre - post + (h.liters or 0.0)) / (h.minutes / 60.0)
    return rate if rate > 0 else None


def target(
    profile: RunnerProfile,
    habits: Iterable[Habit],
    hot: bool,
    thresholds: Thresholds = DEFAULTS,
) -> HydrationTarget:
    mass = profile.body_mass_kg
    lo, hi = thresholds.prehydrate_ml_per_kg
    most = thresholds.prehydrate_max_ml
    before = (min(lo * mass, most), min(hi * mass, most)) if mass else None
    rate = sweat_rate(habits)
    return HydrationTarget(
        before, _during(mass, rate, hot, thresholds), daily_base_l(profile, thresholds),
        rate, hot,
    )  # fmt: skip


def _during(
    mass: float | None, rate: float | None, hot: bool, thresholds: Thresholds
) -> tuple[float, float]:
    lo, hi = thresholds.during_l_per_h
    if rate is not None and mass:
        # Drink enough that a long run loses under 2 % of body mass, never more
        # than the sweat rate (drinking beyond it gains weight: hyponatraemia).
        allowed = 0.02 * mass / (thresholds.long_run_minutes / 60.0)
        most = thresholds.during_max_l_per_h
        return min(max(rate - allowed, 0.0), most), min(rate, most)
    mid = (lo + hi) / 2
    return (mid, hi) if hot else (lo, mid)
