"""Load of one workout: Banister TRIMP over samples, session-RPE, the estimate."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from stridelight.core.activity import Activity, empty_samples
from stridelight.core.journal import ActivityNote, RunnerProfile, Workout
from stridelight.core.load import (
    banister_trimp,
    estimated_trimp,
    heart_rate_bounds,
    session_rpe,
    trimp_constants,
    workout_from_activity,
    workout_loads,
)

START = datetime(2024, 5, 1, 7, tzinfo=UTC)


def trace(hr: list[float], step_s: float = 60.0) -> tuple[np.ndarray, np.ndarray]:
    t = np.arange(len(hr), dtype=float) * step_s
    return t, np.array(hr, dtype=float)


# HRrest 50, HRmax 190, HR 150 -> HR reserve 100/140 = 0.714286; three 1-minute
# intervals (the last sample closes the third).  Per minute: HRr × a × e^(b·HRr):
#   men   0.714286 × 0.64     × e^(1.92  × 0.714286) = 1.801589  -> × 3 = 5.404768
#   women 0.714286 × 0.86     × e^(1.67  × 0.714286) = 2.024985  -> × 3 = 6.074953
#   other 0.714286 × 0.725215 × e^(1.795 × 0.714286) = 1.867095  -> × 3 = 5.601284
@pytest.mark.parametrize(
    ("sex", "expected"),
    [("male", 5.404768), ("female", 6.074953), (None, 5.601284)],
)
def test_it_sums_banister_trimp_over_a_known_trace(
    sex: str | None, expected: float
) -> None:
    t, hr = trace([150, 150, 150, 150])
    got = banister_trimp(t, hr, hr_rest=50, hr_max=190, sex=sex)
    assert got == pytest.approx(expected, rel=1e-6)


def test_it_uses_the_sample_intervals_not_the_average_heart_rate() -> None:
    # Half the time at 110, half at 170: the exponential weights the hard half more
    # than the average HR (140) would.
    t, hr = trace([110, 170, 170])
    parts = banister_trimp(*trace([110, 110]), hr_rest=50, hr_max=190, sex="male")
    parts2 = banister_trimp(*trace([170, 170]), hr_rest=50, hr_max=190, sex="male")
    at_mean = banister_trimp(
        *trace([140, 140, 140]), hr_rest=50, hr_max=190, sex="male"
    )
    whole = banister_trimp(t, hr, hr_rest=50, hr_max=190, sex="male")
    assert parts is not None and parts2 is not None and at_mean is not None
    assert whole == pytest.approx(parts + parts2)
    assert whole is not None and whole > at_mean


def test_it_skips_pauses_and_samples_without_heart_rate() -> None:
    t = np.array([0.0, 60.0, 1000.0, 1060.0, 1120.0])
    hr = np.array([150.0, 150.0, 150.0, math.nan, 150.0])
    # Counted: 0-60 (HR 150) and 1000-1060 (HR 150); the 940 s pause and the
    # interval starting on a missing HR count for nothing.
    one_minute = banister_trimp(*trace([150, 150]), hr_rest=50, hr_max=190, sex="male")
    got = banister_trimp(t, hr, hr_rest=50, hr_max=190, sex="male")
    assert one_minute is not None
    assert got == pytest.approx(2 * one_minute)


def test_it_clips_heart_rate_reserve_to_zero_and_one() -> None:
    low = banister_trimp(*trace([40, 40]), hr_rest=50, hr_max=190, sex="male")
    high = banister_trimp(*trace([230, 230]), hr_rest=50, hr_max=190, sex="male")
    at_max = banister_trimp(*trace([190, 190]), hr_rest=50, hr_max=190, sex="male")
    assert low == 0.0
    assert high == pytest.approx(at_max)


def test_it_returns_none_without_heart_rate() -> None:
    t, _ = trace([0, 0, 0])
    assert (
        banister_trimp(t, np.full(3, np.nan), hr_rest=50, hr_max=190, sex=None) is None
    )
    assert banister_trimp(t[:1], np.ones(1), hr_rest=50, hr_max=190, sex=None) is None


@given(
    st.lists(st.floats(30, 240), min_size=2, max_size=50),
    st.sampled_from(["male", "female", None]),
)
def test_trimp_is_never_negative_and_grows_with_time(
    hr: list[float], sex: str | None
) -> None:
    t, arr = trace(hr)
    once = banister_trimp(t, arr, hr_rest=50, hr_max=190, sex=sex)
    twice = banister_trimp(*trace(hr + hr), hr_rest=50, hr_max=190, sex=sex)
    assert once is not None and twice is not None
    assert 0.0 <= once <= twice + 1e-9


def test_unknown_sex_lies_between_the_two_curves() -> None:
    for hrr in (0.3, 0.6, 0.9):
        rates = [
            a * math.exp(b * hrr)
            for a, b in map(trimp_constants, ("male", None, "female"))
        ]
        assert min(rates[0], rates[2]) <= rates[1] <= max(rates[0], rates[2])


@pytest.mark.parametrize(
    ("rpe", "minutes", "load"),
    [(5, 60, 300), (7, 45, 315), (3, 30.5, 91.5), (0, 90, 0)],
)
def test_session_rpe_is_rating_times_minutes(
    rpe: float, minutes: float, load: float
) -> None:
    assert session_rpe(rpe, minutes) == pytest.approx(load)


@pytest.mark.parametrize(
    ("profile", "rest", "high"),
    [
        (RunnerProfile(max_hr=185, rest_hr=48), 48, 185),
        (RunnerProfile(birth_year=1984), 60, 208 - 0.7 * 40),  # Tanaka at 40
        (RunnerProfile(), 60, 200),  # Runalyze's defaults
    ],
)
def test_it_takes_heart_rate_bounds_from_profile_then_age_then_defaults(
    profile: RunnerProfile, rest: float, high: float
) -> None:
    got_rest, got_max = heart_rate_bounds(profile, date(2024, 3, 1))
    assert got_rest == rest
    assert got_max == pytest.approx(high)


def workout(i: int, **kw: object) -> Workout:
    base: dict[str, object] = {
        "id": f"w{i}", "start": START, "sport": "running", "duration_s": 3600.0,
        "distance_m": 10_000.0, "avg_speed_mps": 10_000 / 3600,
    }  # fmt: skip
    base.update(kw)
    return Workout(**base)  # type: ignore[arg-type]


def test_it_prefers_trimp_then_srpe_then_the_estimate() -> None:
    ws = [workout(0, trimp=80.0, rpe=5.0), workout(1, rpe=6.0), workout(2)]
    loads = workout_loads(ws, RunnerProfile())
    assert loads.methods == ("trimp", "srpe", "estimated")
    assert loads.values[0] == 80.0
    # Too few workouts carry both measures: the default 1/3 TRIMP per sRPE unit.
    assert loads.values[1] == pytest.approx(6 * 60 / 3)
    assert loads.values[2] > 0


def test_it_calibrates_srpe_on_the_runners_own_workouts() -> None:
    # Five runs carry both: TRIMP is 0.5 × sRPE on each, so a rated-only run
    # counts 0.5 per sRPE unit.
    both = [workout(i, rpe=4.0, trimp=4.0 * 60 * 0.5) for i in range(5)]
    loads = workout_loads([*both, workout(9, rpe=7.0)], RunnerProfile())
    assert loads.srpe_factor == pytest.approx(0.5)
    assert loads.values[-1] == pytest.approx(7 * 60 * 0.5)


def test_the_estimate_rises_with_speed_and_duration() -> None:
    minutes = np.array([30.0, 60.0, 60.0])
    ratio = np.array([1.0, 1.0, 1.2])
    got = estimated_trimp(minutes, ratio, "female")
    assert got[0] < got[1] < got[2]
    # No speed: "usual effort".
    assert estimated_trimp(np.array([60.0]), np.array([math.nan]), None)[0] > 0


def activity(start: datetime | None = START) -> Activity:
    n = 601
    samples = empty_samples(n)
    samples["t"] = START.timestamp() + np.arange(n, dtype=float)
    samples["hr_bpm"] = np.full(n, 150.0)
    samples["speed_mps"] = np.full(n, 3.0)
    samples["cadence_spm"] = np.full(n, 180.0)
    samples["dist_m"] = np.arange(n, dtype=float) * 3.0
    samples["lat"] = np.r_[np.nan, np.full(n - 1, 40.7)]
    samples["lon"] = np.r_[np.nan, np.full(n - 1, -74.0)]
    return Activity("fit", "running", start, 600.0, 600.0, 1800.0, samples,
                    extra={"temperature_c": "21.5"})  # fmt: skip


def test_it_summarises_an_activity_with_trimp_over_its_samples() -> None:
    profile = RunnerProfile(sex="male", max_hr=190, rest_hr=50)
    note = ActivityNote("a.fit", shoe="s1", rpe=6.0)
    w = workout_from_activity(activity(), id="a.fit", note=note, profile=profile)
    ten_minutes = 10 * 5.404768 / 3  # per-minute rate from the table above
    assert w.trimp == pytest.approx(ten_minutes, rel=1e-6)
    assert (w.shoe, w.rpe, w.id) == ("s1", 6.0, "a.fit")
    assert w.avg_speed_mps == pytest.approx(3.0)
    assert w.step_length_m == pytest.approx(1.0)
    assert (w.start_lat, w.start_lon) == (40.7, -74.0)
    assert w.temperature_c == 21.5
    assert w.avg_hr == pytest.approx(150.0)


def test_it_needs_a_start_time() -> None:
    with pytest.raises(ValueError, match="no start"):
        workout_from_activity(
            activity(None), id="x", note=None, profile=RunnerProfile()
        )
