"""Daily series and the load signals: EWMA, monotony, spikes, progression, streaks."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from stridelight.core.journal import RunnerProfile
from stridelight.core.thresholds import DEFAULTS
from stridelight.core.training import (
    build_training,
    coefficient_of_variation,
    days_off_before,
    ewma,
    fitness_fatigue,
    local_ordinals,
    longest_recent_streak,
    monotony_strain,
    rolling_baseline_median,
    route_share,
    spike_ratios,
    spike_tier,
    streaks,
    week_on_week,
)

loads = st.lists(st.floats(0, 500, allow_nan=False), min_size=7, max_size=60)


# k = 1 − e^(−1/7) = 0.133122; from 0: 100·k = 13.3122, then × (1 − k) twice.
@pytest.mark.parametrize(
    ("load", "seed", "expected"),
    [
        ([100.0, 0.0, 0.0], 0.0, [13.312210, 11.540061, 10.003824]),
        ([50.0, 50.0], 50.0, [50.0, 50.0]),
        ([0.0], 70.0, [70.0 * math.exp(-1 / 7)]),
    ],
)
def test_it_steps_the_fatigue_average_as_an_impulse_response(
    load: list[float], seed: float, expected: list[float]
) -> None:
    got = ewma(np.array(load), 7, seed)
    assert got.tolist() == pytest.approx(expected, rel=1e-6)


def test_a_steady_short_history_does_not_read_as_overload() -> None:
    # Seeded from the mean of the first weeks, so 30 steady days give form 0,
    # not the large negative number an unseeded model (fitness from 0) would.
    ctl, atl, form = fitness_fatigue(np.full(30, 60.0), history_days=30)
    assert ctl[-1] == pytest.approx(60.0)
    assert atl[-1] == pytest.approx(60.0)
    assert form[-1] == pytest.approx(0.0)


def test_it_hides_form_until_four_weeks_of_history() -> None:
    _, _, form = fitness_fatigue(np.full(40, 60.0), history_days=20)
    assert np.isnan(form).all()
    _, _, form = fitness_fatigue(np.full(40, 60.0), history_days=40)
    assert np.isnan(form[:27]).all() and np.isfinite(form[27:]).all()


def test_a_sudden_block_drives_form_below_the_threshold() -> None:
    load = np.r_[np.full(60, 50.0), np.full(7, 180.0)]
    _, _, form = fitness_fatigue(load, history_days=67)
    assert form[-1] < DEFAULTS.form_flag


# Hand-worked week: loads 0, 60, 0, 90, 0, 50, 140 -> mean 48.5714,
# population SD 49.6929, monotony 0.977431, strain 340 × 0.977431 = 332.3266.
def test_it_computes_monotony_and_strain_for_a_hand_worked_week() -> None:
    monotony, strain = monotony_strain(np.array([0, 60, 0, 90, 0, 50, 140.0]))
    assert monotony[-1] == pytest.approx(0.977431, rel=1e-5)
    assert strain[-1] == pytest.approx(332.3266, rel=1e-5)
    assert np.isnan(monotony[:6]).all()


@pytest.mark.parametrize(
    ("week", "expected"),
    [([80.0] * 7, DEFAULTS.monotony_cap), ([0.0] * 7, 0.0)],
)
def test_it_guards_a_zero_standard_deviation(
    week: list[float], expected: float
) -> None:
    monotony, _ = monotony_strain(np.array(week))
    assert monotony[-1] == expected


@given(loads)
def test_monotony_is_finite_bounded_and_not_negative(load: list[float]) -> None:
    monotony, strain = monotony_strain(np.array(load))
    tail = monotony[6:]
    assert np.isfinite(tail).all()
    assert (tail >= 0).all() and (tail <= DEFAULTS.monotony_cap).all()
    assert (strain[6:] >= 0).all()


@pytest.mark.parametrize(
    ("excess", "tier"),
    [
        (0.05, None),
        (0.10, None),  # exactly 110 % is not yet a spike ("> 10 %")
        (0.11, "small"),
        (0.30, "small"),
        (0.31, "moderate"),
        (1.00, "moderate"),
        (1.01, "large"),
        (math.nan, None),
    ],
)
def test_it_places_spikes_in_frandsens_tiers(excess: float, tier: str | None) -> None:
    assert spike_tier(excess) == tier


@pytest.mark.parametrize(
    ("before", "km", "tier"),
    [
        (14.0, 15.4, None),
        (13.999994, 15.4, None),  # the 14 km measured from a GPS track
        (14.0, 15.41, "small"),
        (14.0, 18.2, "small"),
        (14.0, 18.21, "moderate"),
        (14.0, 28.0, "moderate"),
        (14.0, 28.01, "large"),
    ],
)
def test_a_run_on_a_tier_boundary_is_judged_as_the_evidence_shows_it(
    before: float, km: float, tier: str | None
) -> None:
    """15.4 km after 14 km is 110 %, the plan's own cap, and shows as 110.0 %:
    not a spike, although 15.4 / 14 − 1 is a hair above 0.10 in floating point."""
    excess = spike_ratios(np.array([0, 20]), np.array([before, km]), 30)[1]
    assert spike_tier(float(excess)) == tier


def test_it_compares_each_run_with_the_longest_of_the_previous_30_days() -> None:
    day = np.array([0, 10, 20, 40, 45])
    km = np.array([8.0, 10.0, 9.0, 12.0, 15.0])
    got = spike_ratios(day, km, 50)
    # Day 0 has nothing before it, day 10 too little recorded history: not judged.
    assert np.isnan(got[:2]).all()
    assert got[2] == pytest.approx(-0.1)  # day 20: 9 km against 10 km
    # Day 40 sees days 10-39 (longest 10 km); day 45 sees 15-44 (longest 12 km).
    assert got[3] == pytest.approx(0.2)
    assert got[4] == pytest.approx(0.25)


def test_a_run_after_a_month_off_is_compared_with_the_month_before_the_break() -> None:
    """Day 40 follows 39 days without a run: its reference is the longest of the
    30 days up to day 15 (12 km), not an empty window."""
    days = np.array([0, 10, 15, 40, 80])
    got = spike_ratios(days, np.array([10.0, 14.0, 12.0, 18.0, 20.0]), 90)
    assert np.isnan(got[:2]).all()  # the first 14 days of the history
    assert got[2] == pytest.approx(12.0 / 14.0 - 1.0)
    assert got[3] == pytest.approx(18.0 / 14.0 - 1.0)
    assert got[4] == pytest.approx(20.0 / 18.0 - 1.0)


def test_the_only_run_has_nothing_to_be_compared_with() -> None:
    assert np.isnan(spike_ratios(np.array([20]), np.array([10.0]), 30)).all()


def test_days_off_count_the_days_without_a_run_before_each_run_day() -> None:
    got = days_off_before(np.array([3, 5, 5, 40]))
    assert got.tolist() == [-1, 1, 1, 34]


@pytest.mark.parametrize(
    ("daily", "last", "before"),
    [
        ([5.0] * 14, 35.0, 35.0),
        ([2.0] * 7 + [4.0] * 7, 28.0, 14.0),
        ([3.0] * 5, 15.0, 0.0),
    ],
)
def test_it_sums_week_on_week_distance(
    daily: list[float], last: float, before: float
) -> None:
    assert week_on_week(np.array(daily)) == (last, before)


def test_it_counts_consecutive_loaded_days() -> None:
    loaded = np.array([1, 1, 0, 1, 1, 1], dtype=bool)
    assert streaks(loaded).tolist() == [1, 2, 0, 1, 2, 3]
    assert longest_recent_streak(loaded, 3) == 3
    assert longest_recent_streak(np.zeros(0, dtype=bool), 14) == 0


@given(st.lists(st.booleans(), min_size=1, max_size=60), st.data())
def test_adding_a_rest_day_never_raises_the_streak(
    days: list[bool], data: st.DataObject
) -> None:
    loaded = np.array(days, dtype=bool)
    rest = loaded.copy()
    rest[data.draw(st.integers(0, len(days) - 1))] = False
    assert longest_recent_streak(rest, 14) <= longest_recent_streak(loaded, 14)


def test_it_compares_recent_load_with_the_runners_own_median() -> None:
    load = np.r_[np.full(100, 10.0), np.full(28, 15.0)]
    current, median = rolling_baseline_median(load, 28, 182)
    assert current == pytest.approx(28 * 15.0)
    assert median == pytest.approx(28 * 10.0)
    assert math.isnan(rolling_baseline_median(np.ones(40), 28, 182)[1])


def test_it_measures_route_repetition_and_distance_spread() -> None:
    lat = np.array([40.7, 40.7, 40.7, 40.7, 41.0])
    lon = np.full(5, -74.0)
    km = np.array([8.0, 8.2, 7.9, 8.0, 8.0])
    share, placed = route_share(lat, lon, km, 0.002)
    assert (share, placed) == (0.8, 5)
    assert coefficient_of_variation(np.array([10.0, 10.0])) == 0.0
    assert math.isnan(coefficient_of_variation(np.array([10.0])))


def test_days_are_local_to_the_runner() -> None:
    # 23:30 in New York on 1 June is 03:30 UTC on 2 June.
    late = datetime(2024, 6, 2, 3, 30, tzinfo=UTC)
    ny = local_ordinals([late], ZoneInfo("America/New_York"))
    assert ny[0] == date(2024, 6, 1).toordinal()
    unknown = RunnerProfile(time_zone="Not/AZone").zone  # falls back to UTC
    assert local_ordinals([late], unknown)[0] == date(2024, 6, 2).toordinal()


def test_the_profile_gives_the_runners_zone_and_utc_by_default() -> None:
    new_york = RunnerProfile(time_zone="America/New_York").zone
    assert new_york == ZoneInfo("America/New_York")
    assert RunnerProfile().zone == ZoneInfo("UTC")


def test_it_builds_the_daily_series_up_to_as_of() -> None:
    start, as_of = date(2024, 6, 1), date(2024, 6, 10)
    tr = build_training(
        np.array([0, 0, 3]), np.array([50.0, 20.0, 40.0]), np.array([8.0, 0.0, 6.0]),
        start, as_of,
    )  # fmt: skip
    assert tr.n == 10 and tr.days()[-1] == as_of
    assert tr.load[:4].tolist() == [70.0, 0.0, 0.0, 40.0]
    assert tr.distance_km.sum() == 14.0
    assert tr.history_days == 10
