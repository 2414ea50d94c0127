"""core.run_series: pace, heart rate and cadence over a run, and its kilometres."""

from __future__ import annotations

import numpy as np

from stridelight.core.activity import FloatArray, empty_samples
from stridelight.core.run_series import run_series, splits


def steady_run(seconds: int, mps: float, hr: float | None) -> dict[str, FloatArray]:
    samples = empty_samples(seconds + 1)
    samples["t"] = 1_700_000_000.0 + np.arange(seconds + 1, dtype=np.float64)
    samples["dist_m"] = np.arange(seconds + 1, dtype=np.float64) * mps
    samples["speed_mps"] = np.full(seconds + 1, mps)
    if hr is not None:
        samples["hr_bpm"] = np.full(seconds + 1, hr)
    return samples


def test_a_steady_run_gives_its_pace_and_heart_rate_in_slices() -> None:
    series = run_series(steady_run(3600, 3.2, 150.0), max_points=100)
    assert series is not None
    assert len(series.elapsed_s) == 100
    assert all(p is not None and abs(p - 312.5) < 0.01 for p in series.pace_s_per_km)
    assert set(series.hr_bpm) == {150.0}


def test_what_was_not_recorded_stays_unknown() -> None:
    series = run_series(steady_run(600, 3.0, None))
    assert series is not None
    assert not series.has(series.hr_bpm) and not series.has(series.cadence_spm)
    assert series.has(series.pace_s_per_km)


def test_standing_still_has_no_pace_and_speed_comes_from_distance_when_missing() -> (
    None
):
    samples = steady_run(600, 2.5, 140.0)
    samples["speed_mps"] = np.full(601, np.nan)
    samples["dist_m"][300:] = samples["dist_m"][300]  # stopped half way
    series = run_series(samples, max_points=10)
    assert series is not None
    assert (
        series.pace_s_per_km[0] is not None and abs(series.pace_s_per_km[0] - 400) < 1
    )
    assert series.pace_s_per_km[-1] is None


def test_no_times_no_series() -> None:
    assert run_series(empty_samples(10)) is None


def test_kilometres_with_a_shorter_last_one() -> None:
    done = splits(steady_run(1050, 10.0, 160.0))  # 10.5 km at 100 s/km
    assert [s.number for s in done] == list(range(1, 12))
    assert all(abs(s.duration_s - 100) < 1e-6 for s in done[:-1])
    assert abs(done[-1].distance_m - 500) < 1e-6
    assert (
        done[-1].pace_s_per_km is not None and abs(done[-1].pace_s_per_km - 100) < 1e-6
    )
    assert {s.hr_bpm for s in done} == {160.0} and done[0].cadence_spm is None
    assert splits(empty_samples(5)) == ()


def test_the_spread_says_the_charts_in_numbers() -> None:
    samples = steady_run(600, 4.0, 150.0)
    samples["speed_mps"][300:] = 2.0  # 4:10 /km, then 8:20 /km
    samples["hr_bpm"][300:] = 130.0
    series = run_series(samples, max_points=10)
    assert series is not None
    pace = series.pace_spread
    assert pace is not None
    assert (round(pace.low), round(pace.high)) == (250, 500)
    assert round(pace.mean) == round(1000 / 3.0)  # from the mean speed
    hr = series.hr_spread
    assert hr is not None and (hr.low, hr.high) == (130.0, 150.0)
    assert series.cadence_spread is None
