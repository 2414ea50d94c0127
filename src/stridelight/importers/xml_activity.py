"""From a reader's columns to an Activity, the same for GPX and TCX (see ``xml``).

A reader hands over what it found (:class:`Found`); :func:`activity` clears
impossible values, derives distance and speed when the file has none, turns
foot cadence into steps per minute, and adds up the summary.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

import numpy as np

from stridelight.core.activity import Activity, FloatArray, Lap
from stridelight.core.activity import utc_from_posix as _utc
from stridelight.core.track import (
    cumulative_distance_m,
    elapsed_s,
    last_valid,
    moving_time_s,
)
from stridelight.core.vocabulary import is_on_foot

_FIRST_POSIX, _LAST_POSIX = -62_135_596_800.0, 253_402_300_799.0  # years 1 to 9999
_NON_NEGATIVE = ("dist_m", "speed_mps", "hr_bpm", "cadence_spm", "power_w")
#: Below this median a foot cadence is strides (one foot) per minute, not steps.
STRIDES_BELOW_SPM = 120.0


@dataclass(frozen=True)
class Found:
    """What a reader took from a file, before the shared clean-up and summary."""

    format: str
    sport: str
    samples: dict[str, FloatArray]
    sub_sport: str | None = None
    device: str | None = None
    name: str | None = None
    laps: tuple[Lap, ...] = ()
    warnings: tuple[str, ...] = ()
    extra: Mapping[str, str] = field(default_factory=dict)
    unreadable: int = 0  # values that were there but not numbers or times
    truncated: bool = False  # the document broke off; the points before it were read


def activity(found: Found) -> Activity:
    s = dict(found.samples)
    notes = list(found.warnings)
    if found.unreadable:
        notes.append(
            f"{found.unreadable} value(s) were not numbers or times; left empty"
        )
    cleared = _clear_impossible(s)
    if cleared:
        notes.append(
            f"{cleared} value(s) out of range (e.g. latitude past 90°); left empty"
        )
    if np.isnan(s["dist_m"]).all():
        s["dist_m"] = cumulative_distance_m(s["lat"], s["lon"])
    if np.isnan(s["speed_mps"]).all():
        s["speed_mps"] = derived_speed(s["t"], s["dist_m"])
    if is_on_foot(found.sport):
        s["cadence_spm"] = steps_per_minute(s["cadence_spm"])
    t = s["t"]
    known = t[~np.isnan(t)]
    backwards = int((np.diff(known) < 0).sum())
    if backwards:
        notes.append(f"time goes backwards at {backwards} point(s); file order kept")
    return Activity(
        format=found.format,
        sport=found.sport,
        start=moment(float(known[0])) if known.size else None,
        duration_s=elapsed_s(t),
        moving_time_s=moving_time_s(t, s["dist_m"]),
        distance_m=_total_distance(s["dist_m"], found.laps),
        samples=s,
        sub_sport=found.sub_sport,
        device=found.device,
        name=found.name,
        laps=found.laps,
        warnings=tuple(notes),
        extra=found.extra,
        truncated=found.truncated,
    )


def moment(seconds: float) -> datetime | None:
    """The aware UTC datetime of POSIX ``seconds``; None outside years 1-9999."""
    if not _FIRST_POSIX <= seconds <= _LAST_POSIX:
        return None
    return _utc(seconds)


def _clear_impossible(s: dict[str, FloatArray]) -> int:
    """NaN for values no device records: infinities, negative counts, off-globe."""
    before = sum(int(np.isnan(v).sum()) for v in s.values())
    for name, values in s.items():
        wrong = np.isinf(values)
        if name == "t":
            wrong |= (values < _FIRST_POSIX) | (values > _LAST_POSIX)
        if name in _NON_NEGATIVE:
            wrong |= values < 0
        s[name] = np.where(wrong, np.nan, values)
    off_globe = (np.abs(s["lat"]) > 90) | (np.abs(s["lon"]) > 180)
    for name in ("lat", "lon"):
        s[name] = np.where(off_globe, np.nan, s[name])
    return sum(int(np.isnan(v).sum()) for v in s.values()) - before


def derived_speed(t: FloatArray, dist: FloatArray) -> FloatArray:
    """Speed from distance over time: a centred difference, one-sided at the ends.

    Across two intervals (i-1 to i+1) rather than one, which halves GPS jitter and
    survives repeated timestamps; only points with both a time and a distance are
    used, and NaN is left where time does not move forward or distance shrinks.
    """
    out = np.full(t.shape, np.nan)
    rows = np.flatnonzero(~(np.isnan(t) | np.isnan(dist)))
    if rows.size < 2:
        return out
    before = np.concatenate(([0], np.arange(rows.size - 1)))
    after = np.concatenate((np.arange(1, rows.size), [rows.size - 1]))
    dt = t[rows][after] - t[rows][before]
    dd = dist[rows][after] - dist[rows][before]
    ok = (dt > 0) & (dd >= 0)
    out[rows] = np.divide(dd, dt, out=np.full(dt.shape, np.nan), where=ok)
    return out


def steps_per_minute(cadence: FloatArray) -> FloatArray:
    """Foot cadence in steps/min: files that count one foot (strides) get doubled.

    GPX ``cad`` and TCX cadences do not say which they count; a median under
    120 is no runner's or walker's step rate, so it must be strides (science §1.7).
    """
    moving = cadence[cadence > 0]
    if moving.size and float(np.median(moving)) < STRIDES_BELOW_SPM:
        return cadence * 2.0
    return cadence


def _total_distance(dist: FloatArray, laps: Sequence[Lap]) -> float | None:
    """The last distance sample (the file's own or the track's); else the laps' sum."""
    last = last_valid(dist)
    if last is not None:
        return last
    lap_distances = [lap.distance_m for lap in laps if lap.distance_m is not None]
    return float(sum(lap_distances)) if lap_distances else None
