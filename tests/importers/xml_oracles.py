"""gpxpy and tcxreader as oracles, and how their values are normalised to ours.

One convention for every exactness test: the real-file tests (``test_gpx``,
``test_tcx``) and the generated-document tests (``test_xml_differential``) all
compare our readers to the oracles through the functions here.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any, BinaryIO

import gpxpy
import numpy as np
from tcxreader.tcxreader import TCXReader

from stridelight.core.activity import Activity

# --- gpxpy ---------------------------------------------------------------------------

# Extension values the oracle reads itself from gpxpy's raw elements: the same
# local names in any namespace, first in document order wins (see gpx.py).
ORACLE_NAMES = {
    "hr_bpm": {"hr", "heartrate"},
    "cadence_spm": {"cad", "cadence"},
    "power_w": {"power", "PowerInWatts"},
    "speed_mps": {"speed"},
}


def oracle_gpx(data: bytes) -> Any:
    # gpxpy keeps only the first <extensions> of a point; Apple Watch writes two
    # (TrackPointExtension, then PowerExtension).  The oracle reads them merged.
    data = re.sub(rb"</extensions>\s*<extensions>", b"", data)
    try:
        return gpxpy.parse(data)
    except gpxpy.gpx.GPXException:
        # gpxpy gives up on a whole file for one value it cannot read (togeojson's
        # bad.gpx: 'undefined', 'bad data'); we keep the file and leave those
        # values empty.  The oracle reads a copy where such values say 'nan'.
        fixed = re.sub(rb'"(undefined|x|y)"', b'"nan"', data)
        return gpxpy.parse(fixed.replace(b">bad data<", b">nan<"))


def oracle_points(parsed: Any) -> list[Any]:
    points = [p for t in parsed.tracks for s in t.segments for p in s.points]
    return points or [p for r in parsed.routes for p in r.points]


def local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def oracle_extension(point: Any, names: set[str]) -> float:
    # Only GPX 1.0 track points have <speed>: gpxpy's route points have no such
    # attribute at all, hence getattr.
    speed = getattr(point, "speed", None)
    if "speed" in names and speed is not None:  # GPX 1.0 <speed>
        return float(speed)
    for extension in point.extensions:
        for element in extension.iter():
            if local(element.tag) in names and (element.text or "").strip():
                return float(element.text)
    return np.nan


def gpxpy_time(moment: datetime | None) -> float:
    if moment is None:
        return np.nan
    if moment.tzinfo is None:  # GPX times without a zone are UTC
        moment = moment.replace(tzinfo=UTC)
    return moment.timestamp()


def as_float(value: float | None) -> float:
    return np.nan if value is None else float(value)


def foot_cadence(cadence: np.ndarray, activity: Activity) -> np.ndarray:
    moving = cadence[cadence > 0]
    if activity.is_on_foot and moving.size and np.median(moving) < 120:
        return cadence * 2
    return cadence


def assert_agrees_with_gpxpy(ours: Activity, points: list[Any]) -> None:
    """Every column ours shares with gpxpy equal, point for point (NaN = absent)."""
    s = ours.samples
    assert ours.records == len(points)
    expected = {
        "lat": np.array([as_float(p.latitude) for p in points]),
        "lon": np.array([as_float(p.longitude) for p in points]),
        "alt_m": np.array([as_float(p.elevation) for p in points]),
        "t": np.array([gpxpy_time(p.time) for p in points]),
    }
    for column, names in ORACLE_NAMES.items():
        values = np.array([oracle_extension(p, names) for p in points])
        if column == "speed_mps" and np.isnan(values).all():
            continue  # the file has no speed: ours is derived, checked elsewhere
        if column == "cadence_spm":
            values = foot_cadence(values, ours)
        expected[column] = values
    for column, values in expected.items():
        np.testing.assert_array_equal(s[column], values, err_msg=column)


# --- tcxreader -------------------------------------------------------------------------


def tcxreader_points(source: str | BinaryIO) -> list[Any]:
    """tcxreader's trackpoints of a path or a binary stream."""
    # only_gps=False: tcxreader would otherwise drop every point without a position.
    return list(TCXReader().read(source, only_gps=False).trackpoints)


def tcxreader_time(moment: datetime | None) -> float:
    # A point without <Time> keeps tcxreader's default, None: absent, as in GPX.
    if moment is None:
        return np.nan
    # tcxreader gives naive datetimes for '...Z' times, aware ones for offsets.
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).timestamp()


def oracle_column(points: list[Any], get: Any) -> np.ndarray:
    values = [get(p) for p in points]
    return np.array([np.nan if v is None else float(v) for v in values])


def tcxreader_cadence(points: list[Any], activity: Activity) -> np.ndarray:
    run = oracle_column(points, lambda p: p.tpx_ext.get("RunCadence"))
    other = oracle_column(points, lambda p: p.cadence)
    cadence = run if not np.isnan(run).all() else other
    return foot_cadence(cadence, activity)


def assert_agrees_with_tcxreader(ours: Activity, points: list[Any]) -> None:
    """Every column ours shares with tcxreader equal, point for point."""
    s = ours.samples
    assert ours.records == len(points)
    expected = {
        "t": np.array([tcxreader_time(p.time) for p in points]),
        "lat": oracle_column(points, lambda p: p.latitude),
        "lon": oracle_column(points, lambda p: p.longitude),
        "alt_m": oracle_column(points, lambda p: p.elevation),
        "hr_bpm": oracle_column(points, lambda p: p.hr_value),
        "cadence_spm": tcxreader_cadence(points, ours),
        "power_w": oracle_column(points, lambda p: p.tpx_ext.get("Watts")),
    }
    recorded = {
        "dist_m": oracle_column(points, lambda p: p.distance),
        "speed_mps": oracle_column(points, lambda p: p.tpx_ext.get("Speed")),
    }
    for column, values in recorded.items():
        if not np.isnan(values).all():  # else ours is computed, checked elsewhere
            expected[column] = values
    for column, values in expected.items():
        np.testing.assert_array_equal(s[column], values, err_msg=column)
