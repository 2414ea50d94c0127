"""Vectorised geometry and timing over sample columns, shared by every importer."""

from __future__ import annotations

import numpy as np

from stridelight.core.activity import FloatArray
from stridelight.core.thresholds import DEFAULTS, Thresholds

EARTH_RADIUS_M = 6_371_008.8  # mean radius (IUGG)


def haversine_m(lat: FloatArray, lon: FloatArray) -> FloatArray:
    """Distance in metres between consecutive points; NaN where either end is unknown."""
    if lat.size < 2:
        return np.zeros(0)
    phi = np.radians(lat)
    lam = np.radians(lon)
    dphi = np.diff(phi)
    dlam = np.diff(lam)
    a = (
        np.sin(dphi / 2) ** 2
        + np.cos(phi[:-1]) * np.cos(phi[1:]) * np.sin(dlam / 2) ** 2
    )
    out: FloatArray = 2 * EARTH_RADIUS_M * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))
    return out


def cumulative_distance_m(lat: FloatArray, lon: FloatArray) -> FloatArray:
    """Running total from the first point, skipping points without a position."""
    out = np.full(lat.shape, np.nan)
    ok = ~(np.isnan(lat) | np.isnan(lon))
    if not ok.any():
        return out
    steps = haversine_m(lat[ok], lon[ok])
    out[ok] = np.concatenate(([0.0], np.cumsum(steps)))
    return out


def elapsed_s(t: FloatArray) -> float | None:
    valid = t[~np.isnan(t)]
    if valid.size == 0:
        return None
    return float(valid.max() - valid.min())


def moving_time_s(
    t: FloatArray, dist_m: FloatArray, thresholds: Thresholds = DEFAULTS
) -> float | None:
    """Time spent moving: intervals no longer than a pause gap, faster than a walk's crawl.

    Without any distance (an indoor file with no foot pod) every interval that is
    not a pause counts.  Importers call it with the defaults: an activity's moving
    time is read once, when the file is.
    """
    ok = ~np.isnan(t)
    if ok.sum() < 2:
        return None
    times = t[ok]
    dt = np.diff(times)
    counted = (dt > 0) & (dt <= thresholds.pause_gap_s)
    dist = dist_m[ok]
    if not np.isnan(dist).all():
        filled = _forward_fill(dist)
        speed = np.divide(np.diff(filled), dt, out=np.zeros_like(dt), where=dt > 0)
        counted &= speed >= thresholds.moving_speed_mps
    return float(dt[counted].sum())


def last_valid(values: FloatArray) -> float | None:
    valid = values[~np.isnan(values)]
    return float(valid[-1]) if valid.size else None


def _forward_fill(values: FloatArray) -> FloatArray:
    idx = np.where(np.isnan(values), 0, np.arange(values.size))
    np.maximum.accumulate(idx, out=idx)
    filled = values[idx]
    return np.where(np.isnan(filled), 0.0, filled)
