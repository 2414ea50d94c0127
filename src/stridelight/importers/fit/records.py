"""``record`` messages to columns: timestamps, positions, altitude, speed, and so on.

Records are decoded definition by definition (one gather per field), then the
steps that depend on file order run over all records at once: rolling counters
(``compressed_speed_distance``) and compressed-timestamp headers.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np

from stridelight.importers.fit import profile as fp
from stridelight.importers.fit.components import (
    Expanded,
    accumulate,
    expand,
    target_raw,
)
from stridelight.importers.fit.fields import (
    BoolArray,
    FloatArray,
    Raw,
    groups,
    messages_of,
    read_fields,
    scaled,
)
from stridelight.importers.fit.scan import IntArray, Layout

#: The record fields the importer keeps (profile names).
WANTED = (
    "timestamp",
    "position_lat",
    "position_long",
    "altitude",
    "enhanced_altitude",
    "distance",
    "speed",
    "enhanced_speed",
    "heart_rate",
    "cadence",
    "fractional_cadence",
    "power",
)
_NUMS = {name: fp.field_num(fp.RECORD, name) for name in WANTED}
_FIELDS = fp.RECORD_FIELDS
_SOURCES = frozenset(num for num, f in _FIELDS.items() if f.components)
_TIMESTAMP_BITS = 5


def read_records(layout: Layout) -> dict[str, FloatArray]:
    """Every record, in file order: the fields of :data:`WANTED`, scaled.

    ``timestamp`` stays in FIT seconds; absent values are NaN.
    """
    rows = messages_of(layout, fp.RECORD)
    columns = {name: np.full(rows.size, np.nan) for name in WANTED}
    counters: dict[int, list[_Counter]] = {}
    for def_id, mine in groups(layout.def_ids[rows]):
        definition = layout.definitions[def_id]
        nums = set(_NUMS.values()) | {f.num for f in definition.fields} & _SOURCES
        direct = read_fields(layout, def_id, rows[mine], nums)
        expanded = expand(definition, direct, _FIELDS, mine.size)
        for name, num in _NUMS.items():
            raw, exp = direct.get(num), expanded.get(num)
            value = scaled(raw.first(), _FIELDS[num]) if raw is not None else None
            columns[name][mine] = _merge(value, exp, mine.size)
            if _FIELDS[num].accumulated and (raw is not None or exp is not None):
                counters.setdefault(num, []).append(_Counter.of(mine, raw, exp))
    for num, parts in counters.items():
        if all(part.counter is None for part in parts):
            continue  # the field as read stands: nothing rolls over
        _apply_counter(columns[_FIELDS[num].name], rows.size, parts, _FIELDS[num])
    columns["timestamp"] = _resolve_times(layout, rows, columns["timestamp"])
    return columns


def _merge(value: FloatArray | None, expanded: Expanded | None, n: int) -> FloatArray:
    out = np.full(n, np.nan) if value is None else value
    if expanded is None:
        return out
    return np.where(expanded.present, expanded.value, out)


@dataclass(frozen=True)
class _Counter:
    """A rolling counter's events in the records of one definition."""

    rows: IntArray
    reset: BoolArray  # the field itself is in the record: the total restarts there
    reset_value: IntArray
    counter: Expanded | None

    @classmethod
    def of(cls, rows: IntArray, raw: Raw | None, expanded: Expanded | None) -> _Counter:
        if raw is None:
            none = np.zeros(rows.size, dtype=np.int64)
            return cls(rows, none.astype(bool), none, expanded)
        # The SDK restarts from the raw value (of the last element of an array).
        return cls(rows, raw.present, raw.ints()[:, -1], expanded)


def _apply_counter(
    column: FloatArray, total: int, parts: list[_Counter], field: fp.FieldProfile
) -> None:
    """Accumulate a rolling counter over all records, in file order, into ``column``.

    Within a record a direct value (a reset) comes before the expanded counter.
    """
    reset = np.zeros(total, dtype=bool)
    acc = np.zeros(total, dtype=bool)
    values = np.zeros((total, 2), dtype=np.int64)
    bits = np.zeros((total, 2), dtype=np.int64)
    scale, offset = np.ones(total), np.zeros(total)
    for part in parts:
        reset[part.rows] = part.reset
        values[part.rows, 0] = part.reset_value
        if part.counter is not None:
            acc[part.rows] = part.counter.acc_bits > 0
            values[part.rows, 1] = part.counter.acc_value
            bits[part.rows, 1] = part.counter.acc_bits
            scale[part.rows] = part.counter.acc_scale
            offset[part.rows] = part.counter.acc_offset
    # Row-major ravel interleaves: slot 2i is record i's reset, 2i+1 its counter.
    events = np.column_stack((reset, acc)).ravel()
    resets = np.column_stack((reset, np.zeros(total, dtype=bool))).ravel()
    totals = np.zeros(2 * total, dtype=np.int64)
    totals[events] = accumulate(
        values.ravel()[events], resets[events], bits.ravel()[events]
    )
    value = totals[1::2] / scale - offset
    invalid = target_raw(value, field) == fp.field_type_invalid(field.type)
    column[acc] = np.where(invalid, np.nan, value)[acc]


def _resolve_times(layout: Layout, rows: IntArray, own: FloatArray) -> FloatArray:
    """Record times, with compressed-timestamp headers resolved.

    A compressed header carries the low 5 bits of the time; the rest comes from
    the last full ``timestamp`` field of any message before it in the segment.
    """
    compressed = layout.time_offsets >= 0
    if not compressed[rows].any():
        return own
    times = _all_timestamps(layout)
    resolved = times.copy()
    bounds = [*layout.segment_starts.tolist(), layout.offsets.size]
    for start, stop in itertools.pairwise(bounds):
        # A date_time is a uint32; anything else came from a wrongly typed field.
        full = np.isfinite(times[start:stop]) & (np.abs(times[start:stop]) < 2**62)
        short = compressed[start:stop] & ~full
        events = full | short
        values = np.where(full, times[start:stop], layout.time_offsets[start:stop])
        got = accumulate(
            values[events].astype(np.int64),
            full[events],
            np.full(int(events.sum()), _TIMESTAMP_BITS, dtype=np.int64),
        )
        part = resolved[start:stop]
        part[events] = got
    out: FloatArray = resolved[rows]
    return out


def _all_timestamps(layout: Layout) -> FloatArray:
    """The ``timestamp`` field of every message (any kind), NaN where absent."""
    times = np.full(layout.offsets.size, np.nan)
    for def_id, mine in groups(layout.def_ids):
        got = read_fields(layout, def_id, mine, {fp.TIMESTAMP_FIELD})
        if fp.TIMESTAMP_FIELD in got:
            times[mine] = got[fp.TIMESTAMP_FIELD].first()
    return times
