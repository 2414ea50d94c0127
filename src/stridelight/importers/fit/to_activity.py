"""From decoded FIT messages to the core :class:`Activity`: samples and summary.

Record power missing from the native field is taken from a developer field that
stands in for it (a Stryd foot pod's, see :mod:`.developer`); ``extra`` then
says ``fit_from_developer_fields: power``.
"""

from __future__ import annotations

from datetime import datetime

import numpy as np

from stridelight.core import track
from stridelight.core.activity import Activity, Lap, utc_from_posix
from stridelight.core.vocabulary import is_on_foot
from stridelight.importers.errors import CorruptFileError, NotAnActivityError
from stridelight.importers.fit import profile as fp
from stridelight.importers.fit.developer import fill_stand_ins
from stridelight.importers.fit.fields import (
    BoolArray,
    FloatArray,
    first_string,
    table,
)
from stridelight.importers.fit.records import read_records
from stridelight.importers.fit.scan import Layout

_SEMICIRCLE_DEG = 180.0 / 2**31
#: Before 2000-01-01 a timestamp is far more likely an unset clock than a run.
_PLAUSIBLE_POSIX = 946_684_800
_SESSION = (
    "start_time",
    "total_elapsed_time",
    "total_timer_time",
    "total_distance",
    "sport",
    "sub_sport",
)


def to_activity(layout: Layout, source: str) -> Activity:
    records = read_records(layout)
    count = records["timestamp"].size
    if count == 0:
        _no_records(layout, source)
    filled = fill_stand_ins(layout, records)
    sessions = table(layout, fp.SESSION, _SESSION)
    sport, sub_sport = _sport(layout, sessions)
    samples = _samples(records, _foot_mask(records, sessions, sport))
    warnings = list(layout.warnings)
    if layout.truncated_at is not None:
        warnings.append(
            f"truncated at byte {layout.truncated_at}: {count} records kept"
        )
    warnings.extend(_clock_warning(samples["t"]))
    elapsed = _total(sessions["total_elapsed_time"])
    timer = _total(sessions["total_timer_time"])
    return Activity(
        format="fit",
        sport=sport,
        sub_sport=sub_sport,
        start=_start(sessions, samples["t"]),
        duration_s=track.elapsed_s(samples["t"]) if elapsed is None else elapsed,
        moving_time_s=(
            track.moving_time_s(samples["t"], samples["dist_m"])
            if timer is None
            else timer
        ),
        distance_m=_distance(sessions, samples),
        samples=samples,
        device=_device(layout),
        laps=_laps(layout),
        warnings=tuple(warnings),
        extra=_extra(layout, filled),
        truncated=layout.truncated_at is not None,
    )


def _no_records(layout: Layout, source: str) -> None:
    if layout.truncated_at is not None:
        raise CorruptFileError(
            source, f"truncated at byte {layout.truncated_at}, before any record"
        )
    types = table(layout, fp.FILE_ID, ("type",))["type"]
    kind = fp.type_name("file", types[0]) if types.size else None
    what = f"a {kind} file" if kind else "no activity"
    raise NotAnActivityError(source, f"no record messages ({what})")


def _samples(records: dict[str, FloatArray], foot: BoolArray) -> dict[str, FloatArray]:
    cadence = records["cadence"]
    fraction = np.nan_to_num(records["fractional_cadence"])
    # FIT counts strides (one foot) per minute on foot; we store steps.
    steps = 2.0 * (cadence + fraction)
    return {
        "t": records["timestamp"] + fp.FIT_EPOCH_S,
        "lat": records["position_lat"] * _SEMICIRCLE_DEG,
        "lon": records["position_long"] * _SEMICIRCLE_DEG,
        "alt_m": _prefer(records["enhanced_altitude"], records["altitude"]),
        "dist_m": records["distance"],
        "speed_mps": _prefer(records["enhanced_speed"], records["speed"]),
        "hr_bpm": records["heart_rate"],
        "cadence_spm": np.where(foot, steps, cadence),
        "power_w": records["power"],
    }


def _prefer(first: FloatArray, fallback: FloatArray) -> FloatArray:
    return np.where(np.isnan(first), fallback, first)


def _foot_mask(
    records: dict[str, FloatArray], sessions: dict[str, FloatArray], sport: str
) -> BoolArray:
    """Which records belong to a sport on foot.

    A record takes the sport of the session in progress (the latest one started at
    or before it), so a triathlon's run is counted in steps and its ride in rpm.
    Without usable sessions, or in one that names no sport, a record takes the
    activity's sport.
    """
    t = records["timestamp"]
    starts = sessions["start_time"]
    ok = ~np.isnan(starts)
    if not ok.any():
        return np.full(t.size, is_on_foot(sport))
    order = np.argsort(starts[ok], kind="stable")
    starts, codes = starts[ok][order], sessions["sport"][ok][order]
    names = [fp.type_name("sport", code) or sport for code in codes]
    foot = np.array([is_on_foot(name) for name in names])
    which = np.clip(np.searchsorted(starts, t, side="right") - 1, 0, None)
    # A record without a time stays with the first session.
    mask: BoolArray = foot[np.where(np.isnan(t), 0, which)]
    return mask


def _sport(layout: Layout, sessions: dict[str, FloatArray]) -> tuple[str, str | None]:
    """From the ``sport`` message, else the first session, else lap, that names one.

    Sessions come at the end of a file; laps are written as each one ends, so a
    file cut short (a watch whose battery died) often still names its sport there.
    """
    sport = table(layout, fp.SPORT, ("sport", "sub_sport"))
    laps = table(layout, fp.LAP, ("sport", "sub_sport"))
    for source in (sport, sessions, laps):
        for code, sub in zip(source["sport"], source["sub_sport"], strict=True):
            name = fp.type_name("sport", code)
            if name is not None:
                sub_name = fp.type_name("sub_sport", sub)
                return name, None if sub_name in (None, "generic") else sub_name
    return "generic", None


def _start(sessions: dict[str, FloatArray], t: FloatArray) -> datetime | None:
    starts = sessions["start_time"][~np.isnan(sessions["start_time"])]
    if starts.size:
        return _utc(float(starts.min()) + fp.FIT_EPOCH_S)
    first = t[~np.isnan(t)]
    return _utc(float(first[0])) if first.size else None


def _utc(posix: float) -> datetime | None:
    """An aware datetime, or None for a value no clock could give (a wrong type)."""
    try:
        return utc_from_posix(posix)
    except (OverflowError, ValueError, OSError):
        return None


def _total(values: FloatArray) -> float | None:
    """Sum over sessions (a triathlon has one per leg), None if none says."""
    valid = values[~np.isnan(values)]
    return float(valid.sum()) if valid.size else None


def _distance(
    sessions: dict[str, FloatArray], samples: dict[str, FloatArray]
) -> float | None:
    total = _total(sessions["total_distance"])
    if total is not None:
        return total
    last = track.last_valid(samples["dist_m"])
    if last is not None:
        return last
    return track.last_valid(track.cumulative_distance_m(samples["lat"], samples["lon"]))


def _device(layout: Layout) -> str | None:
    ids = table(layout, fp.FILE_ID, ("manufacturer", "product"))
    if ids["manufacturer"].size == 0:
        return None
    maker, product = ids["manufacturer"][0], ids["product"][0]
    maker_name = fp.type_name("manufacturer", maker)
    if maker_name is None:
        return None
    sub_type = fp.product_type(fp.FILE_ID, "product", maker)
    model = (
        (fp.type_name(sub_type, product) if sub_type else None)
        or first_string(layout, fp.FILE_ID, "product_name")
        or (str(int(product)) if np.isfinite(product) else None)
    )
    return f"{maker_name} {model}" if model else maker_name


def _laps(layout: Layout) -> tuple[Lap, ...]:
    laps = table(layout, fp.LAP, ("start_time", "total_elapsed_time", "total_distance"))
    return tuple(
        Lap(
            start=None if np.isnan(start) else _utc(start + fp.FIT_EPOCH_S),
            duration_s=None if np.isnan(elapsed) else float(elapsed),
            distance_m=None if np.isnan(distance) else float(distance),
        )
        for start, elapsed, distance in zip(
            laps["start_time"],
            laps["total_elapsed_time"],
            laps["total_distance"],
            strict=True,
        )
    )


def _clock_warning(t: FloatArray) -> list[str]:
    valid = t[~np.isnan(t)]
    if valid.size == 0 or valid[0] >= _PLAUSIBLE_POSIX:
        return []
    when = _utc(float(valid[0]))
    shown = f"{when:%Y-%m-%d %H:%M:%S} UTC" if when else f"{valid[0]:.0f} s"
    return [f"timestamps start at {shown}, before 2000: the device clock was not set"]


def _extra(layout: Layout, filled: list[str]) -> dict[str, str]:
    extra = {}
    segments = layout.segment_starts.size
    if segments > 1:
        extra["fit_segments"] = str(segments)
    if filled:
        # Power from a foot pod's app, not the watch: worth knowing when two
        # runs' power is compared.
        extra["fit_from_developer_fields"] = ", ".join(filled)
    return extra
