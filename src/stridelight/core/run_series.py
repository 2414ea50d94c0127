"""Pace, heart rate and cadence over a run: the activity page's charts and the
per-kilometre table that says the same in text.

Samples are averaged into at most :data:`MAX_POINTS` equal slices of the run's
elapsed time: a phone chart shows no more, and a long recording's tens of
thousands of samples would only make the page heavy.  Unknown stays unknown
(None), never zero: a slice without heart rate has none.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from stridelight.core.activity import FloatArray
from stridelight.core.thresholds import DEFAULTS, Thresholds

BoolArray = npt.NDArray[np.bool_]
IntArray = npt.NDArray[np.intp]

MAX_POINTS = 500
SPLIT_M = 1000.0

Values = tuple[float | None, ...]


@dataclass(frozen=True)
class RunSeries:
    """Per slice of the run: its middle in seconds from the start, and the means."""

    elapsed_s: tuple[float, ...]
    pace_s_per_km: Values
    hr_bpm: Values
    cadence_spm: Values

    def has(self, values: Values) -> bool:
        return any(v is not None for v in values)

    @property
    def pace_spread(self) -> Spread | None:
        """Fastest, average and slowest pace (s/km); the average from the mean
        speed, as a runner's average pace is distance over time."""
        speeds = spread(
            tuple(None if p is None else 1000.0 / p for p in self.pace_s_per_km)
        )
        if speeds is None:
            return None
        return Spread(1000.0 / speeds.high, 1000.0 / speeds.mean, 1000.0 / speeds.low)

    @property
    def hr_spread(self) -> Spread | None:
        return spread(self.hr_bpm)

    @property
    def cadence_spread(self) -> Spread | None:
        return spread(self.cadence_spm)


@dataclass(frozen=True)
class Spread:
    """The lowest, the mean and the highest of a series, over the time recorded."""

    low: float
    mean: float
    high: float


def spread(values: Values) -> Spread | None:
    known = [v for v in values if v is not None]
    if not known:
        return None
    return Spread(min(known), sum(known) / len(known), max(known))


@dataclass(frozen=True)
class Split:
    """One kilometre (the last one may be shorter)."""

    number: int
    distance_m: float
    duration_s: float
    hr_bpm: float | None
    cadence_spm: float | None

    @property
    def pace_s_per_km(self) -> float | None:
        if self.distance_m <= 0:
            return None
        return self.duration_s / (self.distance_m / 1000.0)


def run_series(
    samples: Mapping[str, FloatArray],
    *,
    max_points: int = MAX_POINTS,
    thresholds: Thresholds = DEFAULTS,
) -> RunSeries | None:
    """The run's charts' data; None when its samples carry no times.

    Below ``moving_speed_mps`` the runner is standing: no pace is drawn there
    (it would be a huge number), the same rule as the moving time's.
    """
    t = samples["t"]
    ok = np.isfinite(t)
    if int(ok.sum()) < 2:
        return None
    elapsed = t[ok] - float(t[ok].min())
    total = float(elapsed.max()) or 1.0
    slices = min(max_points, int(ok.sum()))
    slice_of = np.minimum((elapsed / total * slices).astype(int), slices - 1)
    speed = _speed(samples, ok)
    pace = _means(
        slice_of, slices, np.where(speed >= thresholds.moving_speed_mps, speed, np.nan)
    )
    return RunSeries(
        elapsed_s=tuple(float(v) for v in _filled_means(slice_of, slices, elapsed)),
        pace_s_per_km=tuple(None if v is None else 1000.0 / v for v in pace),
        hr_bpm=_means(slice_of, slices, samples["hr_bpm"][ok]),
        cadence_spm=_means(slice_of, slices, samples["cadence_spm"][ok]),
    )


def _speed(samples: Mapping[str, FloatArray], ok: BoolArray) -> FloatArray:
    """The recorded speed, or the distance's change over time where it has none."""
    speed: FloatArray = samples["speed_mps"][ok]
    if np.isfinite(speed).any():
        return speed
    t, dist = samples["t"][ok], samples["dist_m"][ok]
    derived = np.full(t.shape, np.nan)
    dt, dd = np.diff(t), np.diff(dist)
    usable = (dt > 0) & np.isfinite(dd)
    derived[1:][usable] = dd[usable] / dt[usable]
    return derived


def _means(slice_of: FloatArray, slices: int, values: FloatArray) -> Values:
    finite = np.isfinite(values)
    sums = np.bincount(slice_of[finite], weights=values[finite], minlength=slices)
    counts = np.bincount(slice_of[finite], minlength=slices)
    return tuple(
        None if c == 0 else round(float(s / c), 2)
        for s, c in zip(sums, counts, strict=True)
    )


def _filled_means(slice_of: FloatArray, slices: int, values: FloatArray) -> FloatArray:
    sums = np.bincount(slice_of, weights=values, minlength=slices)
    counts = np.maximum(np.bincount(slice_of, minlength=slices), 1)
    means: FloatArray = np.round(sums / counts, 1)
    return means


def splits(samples: Mapping[str, FloatArray]) -> tuple[Split, ...]:
    """Each kilometre's time, pace, mean heart rate and cadence; () without distance."""
    t, dist = samples["t"], samples["dist_m"]
    ok = np.isfinite(t) & np.isfinite(dist)
    if int(ok.sum()) < 2:
        return ()
    t, dist = t[ok], np.maximum.accumulate(dist[ok])
    total = float(dist[-1] - dist[0])
    if total <= 0:
        return ()
    edges = np.append(np.arange(0.0, total, SPLIT_M), total) + dist[0]
    times = np.interp(edges, dist, t)
    hr, cadence = samples["hr_bpm"][ok], samples["cadence_spm"][ok]
    return tuple(
        Split(
            number=i + 1,
            distance_m=float(edges[i + 1] - edges[i]),
            duration_s=float(times[i + 1] - times[i]),
            hr_bpm=_mean_between(t, hr, times[i], times[i + 1]),
            cadence_spm=_mean_between(t, cadence, times[i], times[i + 1]),
        )
        for i in range(edges.size - 1)
        if edges[i + 1] - edges[i] >= 1.0
    )


def _mean_between(
    t: FloatArray, values: FloatArray, start: float, end: float
) -> float | None:
    inside = (t >= start) & (t <= end) & np.isfinite(values)
    return float(values[inside].mean()) if inside.any() else None
