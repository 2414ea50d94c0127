"""Training load of one workout: TRIMP from heart rate, session-RPE, or an estimate.

Priority follows the research notes (§1.2): Banister TRIMP summed over the HR trace
when the watch recorded HR; else session-RPE (CR-10 × minutes) when the runner rated
the run; else an estimate from duration and speed.  All three end up on the TRIMP
scale (``workout_loads``), because a chronic window must not mix units.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

import numpy as np

from stridelight.core.activity import Activity, FloatArray
from stridelight.core.journal import ActivityNote, RunnerProfile, Workout
from stridelight.core.thresholds import DEFAULTS, Thresholds

LoadMethod = Literal["trimp", "srpe", "estimated"]

#: Banister's constants (a, b) by sex [banister1991]; unknown sex uses Runalyze's
#: in-between pair [runalyze_trimp], which lands between the two curves at every
#: intensity rather than guessing one sex.
TRIMP_CONSTANTS: dict[str | None, tuple[float, float]] = {
    "male": (0.64, 1.92),
    "female": (0.86, 1.67),
    None: (0.725215, 1.795),
}


def trimp_constants(sex: str | None) -> tuple[float, float]:
    return TRIMP_CONSTANTS.get(sex, TRIMP_CONSTANTS[None])


def heart_rate_bounds(
    profile: RunnerProfile, on: date, thresholds: Thresholds = DEFAULTS
) -> tuple[float, float]:
    """(HRrest, HRmax): the profile's, else Tanaka's age estimate, else defaults."""
    rest = profile.rest_hr or thresholds.hr_rest_default
    if profile.max_hr:
        return rest, profile.max_hr
    if profile.birth_year:
        return rest, 208.0 - 0.7 * (on.year - profile.birth_year)  # [tanaka2001]
    return rest, thresholds.hr_max_default


def trimp_rate(hrr: FloatArray, sex: str | None) -> FloatArray:
    """TRIMP per minute at a heart-rate reserve fraction (0..1)."""
    a, b = trimp_constants(sex)
    rate: FloatArray = hrr * a * np.exp(b * hrr)
    return rate


def banister_trimp(
    t_s: FloatArray,
    hr_bpm: FloatArray,
    *,
    hr_rest: float,
    hr_max: float,
    sex: str | None,
    pause_gap_s: float = DEFAULTS.pause_gap_s,
) -> float | None:
    """Banister TRIMP summed over sample intervals (not from the average HR).

    Each interval counts with the HR at its start; intervals longer than a pause
    (the watch stopped) or without HR count for nothing.  None without any HR.
    """
    if len(t_s) < 2 or hr_max <= hr_rest:
        return None
    dt = np.diff(t_s)
    hr = hr_bpm[:-1]
    ok = (dt > 0) & (dt <= pause_gap_s) & np.isfinite(hr) & (hr > 0)
    if not ok.any():
        return None
    hrr = np.clip((hr[ok] - hr_rest) / (hr_max - hr_rest), 0.0, 1.0)
    return float(np.sum(dt[ok] / 60.0 * trimp_rate(hrr, sex)))


def session_rpe(rpe: float, minutes: float) -> float:
    """Foster's session-RPE load: CR-10 rating × minutes [foster2001]."""
    return rpe * minutes


def estimated_trimp(
    minutes: FloatArray,
    speed_ratio: FloatArray,
    sex: str | None,
    thresholds: Thresholds = DEFAULTS,
) -> FloatArray:
    """TRIMP-like load from duration and speed relative to the runner's usual speed.

    The HR reserve is assumed to scale with relative speed around a moderate
    reference and is clipped to a plausible range [pace_fallback]; a NaN ratio
    (no speed, or not a run) means "usual effort".
    """
    ratio = np.where(np.isfinite(speed_ratio), speed_ratio, 1.0)
    hrr = np.clip(
        thresholds.pace_ref_hrr * ratio,
        thresholds.pace_hrr_min,
        thresholds.pace_hrr_max,
    )
    out: FloatArray = minutes * trimp_rate(hrr, sex)
    return out


@dataclass(frozen=True)
class WorkoutLoads:
    """Load of each workout (in the order given) and how each was obtained."""

    values: FloatArray
    methods: tuple[LoadMethod, ...]
    srpe_factor: float  # TRIMP per sRPE unit actually used
    estimate_factor: float  # calibration applied to the speed estimate


def workout_minutes(w: Workout) -> float:
    """Moving time when known (GoldenCheetah's sRPE convention), else elapsed."""
    seconds = w.moving_time_s if w.moving_time_s else w.duration_s
    return max(seconds, 0.0) / 60.0


def workout_loads(
    workouts: Sequence[Workout],
    profile: RunnerProfile,
    thresholds: Thresholds = DEFAULTS,
) -> WorkoutLoads:
    """Every workout's load on the TRIMP scale, vectorised over the list."""
    trimp = np.array([_nan(w.trimp) for w in workouts], dtype=float)
    rpe = np.array([_nan(w.rpe) for w in workouts], dtype=float)
    minutes = np.array([workout_minutes(w) for w in workouts], dtype=float)
    srpe = rpe * minutes
    estimate = estimated_trimp(minutes, _speed_ratio(workouts), profile.sex, thresholds)
    srpe_factor = _own_ratio(trimp, srpe, thresholds, thresholds.srpe_to_trimp)
    estimate_factor = _own_ratio(trimp, estimate, thresholds, 1.0)
    has_trimp, has_rpe = np.isfinite(trimp), np.isfinite(rpe)
    values = np.where(
        has_trimp,
        trimp,
        np.where(has_rpe, srpe * srpe_factor, estimate * estimate_factor),
    )
    methods: tuple[LoadMethod, ...] = tuple(
        "trimp" if t else ("srpe" if r else "estimated")
        for t, r in zip(has_trimp.tolist(), has_rpe.tolist(), strict=True)
    )
    return WorkoutLoads(np.maximum(values, 0.0), methods, srpe_factor, estimate_factor)


def _nan(value: float | None) -> float:
    return math.nan if value is None else float(value)


def _speed_ratio(workouts: Sequence[Workout]) -> FloatArray:
    """Each run's speed over the runner's median run speed; NaN off runs."""
    speed = np.array(
        [_nan(w.avg_speed_mps) if w.is_run else math.nan for w in workouts], dtype=float
    )
    valid = speed[np.isfinite(speed) & (speed > 0)]
    if valid.size == 0:
        return np.full(len(workouts), math.nan)
    ratio: FloatArray = speed / float(np.median(valid))
    return ratio


def _own_ratio(
    trimp: FloatArray, other: FloatArray, thresholds: Thresholds, default: float
) -> float:
    """Median TRIMP / other over workouts carrying both, once there are enough."""
    both = np.isfinite(trimp) & np.isfinite(other) & (other > 1e-6) & (trimp > 0)
    if int(both.sum()) < thresholds.calibration_min_workouts:
        return default
    return float(np.median(trimp[both] / other[both]))


def workout_from_activity(
    activity: Activity,
    *,
    id: str,
    note: ActivityNote | None,
    profile: RunnerProfile,
    thresholds: Thresholds = DEFAULTS,
) -> Workout:
    """Summarise one imported activity for the analysis (TRIMP over its HR samples)."""
    if activity.start is None:
        raise ValueError(f"{id}: the activity has no start time")
    samples = activity.samples
    duration = activity.duration_s or _span(samples["t"])
    distance = activity.distance_m or _finite_max(samples["dist_m"])
    moving = activity.moving_time_s
    rest, hr_max = heart_rate_bounds(profile, activity.start.date(), thresholds)
    trimp = banister_trimp(
        samples["t"],
        samples["hr_bpm"],
        hr_rest=rest,
        hr_max=hr_max,
        sex=profile.sex,
        pause_gap_s=thresholds.pause_gap_s,
    )
    lat, lon = _first_position(samples["lat"], samples["lon"])
    return Workout(
        id=id,
        start=activity.start,
        sport=activity.sport,
        duration_s=duration,
        distance_m=distance,
        moving_time_s=moving,
        avg_hr=activity.avg_hr_bpm,
        trimp=trimp,
        rpe=note.rpe if note else None,
        shoe=note.shoe if note else None,
        notes=note.notes if note else None,
        step_length_m=activity.step_length_m,
        avg_speed_mps=_speed(distance, moving or duration),
        start_lat=lat,
        start_lon=lon,
        temperature_c=_temperature(activity),
    )


def _span(t: FloatArray) -> float:
    finite = t[np.isfinite(t)]
    return float(finite[-1] - finite[0]) if finite.size >= 2 else 0.0


def _finite_max(values: FloatArray) -> float:
    finite = values[np.isfinite(values)]
    return float(finite.max()) if finite.size else 0.0


def _speed(distance_m: float, seconds: float) -> float | None:
    return distance_m / seconds if distance_m > 0 and seconds > 0 else None


def _first_position(
    lat: FloatArray, lon: FloatArray
) -> tuple[float | None, float | None]:
    ok = np.flatnonzero(np.isfinite(lat) & np.isfinite(lon))
    if ok.size == 0:
        return None, None
    return float(lat[ok[0]]), float(lon[ok[0]])


def _temperature(activity: Activity) -> float | None:
    """Air temperature if an importer put one in ``extra`` (FIT session avg)."""
    raw = activity.extra.get("temperature_c")
    try:
        return float(raw) if raw is not None else None
    except ValueError:
        return None
