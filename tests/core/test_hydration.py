"""Hydration targets stop at safe ceilings, whatever the body mass or sweat test."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from stridelight.core.hydration import daily_base_l, target
from stridelight.core.journal import Habit, RunnerProfile
from stridelight.core.thresholds import DEFAULTS


def sweat_test(rate_l_per_h: float) -> Habit:
    return Habit(
        date(2026, 6, 1), "hydration", targets={"sweat_rate_l_per_h": rate_l_per_h}
    )


def test_an_ordinary_runner_gets_the_rule_of_thumb_below_the_ceilings() -> None:
    found = target(RunnerProfile(body_mass_kg=60.0), (), hot=False)
    assert found.before_ml == (300.0, 420.0)
    assert found.daily_l == 1.8
    assert found.during_l_per_h == pytest.approx((0.4, 0.6))


def test_a_heavy_runner_is_never_told_to_drink_past_the_ceilings() -> None:
    found = target(RunnerProfile(body_mass_kg=200.0), (), hot=True)
    assert found.before_ml == (DEFAULTS.prehydrate_max_ml, DEFAULTS.prehydrate_max_ml)
    assert found.daily_l == DEFAULTS.daily_fluid_max_l  # 30 mL/kg would be 6 L


def test_a_big_sweat_test_does_not_raise_the_drinking_rate_past_the_ceiling() -> None:
    found = target(RunnerProfile(body_mass_kg=70.0), (sweat_test(2.6),), hot=True)
    assert found.sweat_rate_l_per_h == 2.6
    assert max(found.during_l_per_h) == DEFAULTS.during_max_l_per_h


def test_the_ceilings_are_settings() -> None:
    looser = replace(DEFAULTS, daily_fluid_max_l=10.0)
    assert daily_base_l(RunnerProfile(body_mass_kg=200.0), looser) == 6.0
