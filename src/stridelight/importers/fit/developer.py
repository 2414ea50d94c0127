"""Developer fields that stand in for native record fields (running power from Stryd).

A Connect IQ app or a sensor such as a Stryd foot pod records its values as
*developer fields*.  The ``field_description`` message (global 206) that
introduces one may say which native field it stands for: ``native_mesg_num``
20 (record) and ``native_field_num`` 7 mean "this is the record's ``power``".
Where a record has no valid native value, the developer value fills it; a valid
native value always wins.

Which description is in force follows Garmin's FIT SDK, so that our values are
the ones it reports in a record's ``developer_fields``:

* a ``developer_data_id`` message (207) opens (or reopens, forgetting earlier
  descriptions) a developer data index; a description for an index not opened
  yet is ignored;
* when two descriptions share an index and field number, the first one counts;
* descriptions apply to the data messages after them, across chained segments
  (as local message definitions do).

The value is decoded like a native field, a whole column at a time, with the
description's base type (``fit_base_type_id``), scale and offset; invalid values
are NaN.  (The SDK applies neither scale nor offset to developer fields; no real
file of ours sets them on a stand-in.)

Only ``power`` is filled, see :data:`STAND_INS`.  Files whose record messages
carry no developer fields return before anything here is read.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping
from dataclasses import dataclass

import numpy as np

from stridelight.importers.fit import profile as fp
from stridelight.importers.fit.fields import (
    FloatArray,
    gather,
    groups,
    messages_of,
    table,
)
from stridelight.importers.fit.scan import FieldDef, IntArray, Layout

#: Native record fields (by number) a developer field may fill.  Only power:
#: heart_rate, cadence, distance and speed stand-ins exist in the real files too,
#: but a description's units are free text, not the native field's: one rowing
#: app's "Speed" stand-in is in km/h (it would land in speed_mps 3.6 times too
#: high), and "Distance" stand-ins disagree with native distance by kilometres.
#: Watts are watts in every writer we have seen, and only power is recorded
#: without its native field (Stryd's app on a watch that records no power).
#: Adding a number here is all another stand-in takes.
STAND_INS: frozenset[int] = frozenset({fp.field_num(fp.RECORD, "power")})

_DESCRIPTION = (
    "developer_data_index",
    "field_definition_number",
    "fit_base_type_id",
    "scale",
    "offset",
    "native_mesg_num",
    "native_field_num",
)
#: Text and raw bytes cannot stand in for a number.
_NOT_NUMBERS = frozenset({fp.STRING, fp.BYTE})


@dataclass(frozen=True)
class _StandIn:
    native: int  # the record field it stands in for
    base: fp.BaseType
    scale: float
    offset: float


#: The descriptions of one developer data index, by field definition number; None
#: for one that stands in for nothing we fill (it still shadows later ones).
_Registry = dict[int, _StandIn | None]
#: The stand-ins in force: (developer data index, field definition number) -> it.
_State = dict[tuple[int, int], _StandIn]


def fill_stand_ins(layout: Layout, records: dict[str, FloatArray]) -> list[str]:
    """Fill absent record values from developer fields standing in for them.

    ``records`` are the columns of :func:`.records.read_records` (profile names),
    changed in place; returns the names of the columns that gained a value.
    """
    filled = []
    for num, values in _stand_in_columns(layout, STAND_INS).items():
        name = fp.RECORD_FIELDS[num].name
        native = records[name]
        gap = np.isnan(native) & ~np.isnan(values)
        if gap.any():
            records[name] = np.where(gap, values, native)
            filled.append(name)
    return filled


def _stand_in_columns(layout: Layout, nums: Collection[int]) -> dict[int, FloatArray]:
    """Per record (file order), the value of a stand-in for each of ``nums``."""
    # The common case: no record has developer fields, nothing else is read.
    if not any(d.dev_fields and d.global_num == fp.RECORD for d in layout.definitions):
        return {}
    positions, states = _history(layout, nums)
    if not any(states):
        return {}
    rows = messages_of(layout, fp.RECORD)
    # State 0 is "no description yet"; state i + 1 holds from message positions[i].
    state = np.searchsorted(positions, rows, side="right")
    count = len(states) + 1
    out = {num: np.full(rows.size, np.nan) for num in nums}
    # Records are read a (definition, descriptions in force) group at a time.
    for key, mine in groups(layout.def_ids[rows] * count + state):
        def_id, at = divmod(key, count)
        if at:
            _read_group(layout, def_id, rows[mine], states[at - 1], out, mine)
    return {num: column for num, column in out.items() if not np.isnan(column).all()}


def _read_group(
    layout: Layout,
    def_id: int,
    rows: IntArray,
    state: _State,
    out: dict[int, FloatArray],
    mine: IntArray,
) -> None:
    definition = layout.definitions[def_id]
    offsets = layout.offsets[rows]
    for dev in definition.dev_fields:
        stand_in = state.get((dev.dev_index, dev.num))
        if stand_in is None or dev.size < stand_in.base.size:
            continue
        if dev.size % stand_in.base.size:
            continue  # not a whole number of values: the SDK cannot read it either
        fd = FieldDef(dev.num, dev.offset, dev.size, stand_in.base)
        value = gather(layout.data, offsets, fd, definition.big_endian).first()
        if stand_in.scale != 1:
            value = value / stand_in.scale
        if stand_in.offset:
            value = value - stand_in.offset
        column = out[stand_in.native]
        # Two stand-ins for one field in a message: the first valid one counts.
        column[mine] = np.where(np.isnan(column[mine]), value, column[mine])


def _history(layout: Layout, nums: Collection[int]) -> tuple[IntArray, list[_State]]:
    """Where the stand-ins in force change (message positions), and them after each.

    Replayed in file order over the few ``developer_data_id`` and
    ``field_description`` messages, the way the SDK builds its registry.
    """
    ids = table(layout, fp.DEVELOPER_DATA_ID, ("developer_data_index",))
    described = table(layout, fp.FIELD_DESCRIPTION, _DESCRIPTION)
    events = sorted(
        [
            (int(p), i, True)
            for i, p in enumerate(messages_of(layout, fp.DEVELOPER_DATA_ID))
        ]
        + [
            (int(p), i, False)
            for i, p in enumerate(messages_of(layout, fp.FIELD_DESCRIPTION))
        ]
    )
    opened: dict[int, _Registry] = {}
    positions: list[int] = []
    states: list[_State] = []
    for position, i, is_id in events:
        if is_id:
            index = ids["developer_data_index"][i]
            if math.isnan(index):
                continue
            opened[int(index)] = {}  # reopened: earlier descriptions are forgotten
        elif not _describe(
            opened, {k: float(v[i]) for k, v in described.items()}, nums
        ):
            continue
        positions.append(position)
        states.append(
            {
                (index, num): stand_in
                for index, registry in opened.items()
                for num, stand_in in registry.items()
                if stand_in is not None
            }
        )
    return np.array(positions, dtype=np.int64), states


def _describe(
    opened: dict[int, _Registry], row: Mapping[str, float], nums: Collection[int]
) -> bool:
    """Register one ``field_description``; whether the stand-ins in force changed."""
    index, number = row["developer_data_index"], row["field_definition_number"]
    if math.isnan(index) or math.isnan(number):
        return False
    registry = opened.get(int(index))
    if registry is None or int(number) in registry:
        return False  # not opened yet, or described before: the first one counts
    stand_in = registry[int(number)] = _stand_in(row, nums)
    return stand_in is not None


def _stand_in(row: Mapping[str, float], nums: Collection[int]) -> _StandIn | None:
    mesg, native, code = (
        row["native_mesg_num"],
        row["native_field_num"],
        row["fit_base_type_id"],
    )
    if not all(map(math.isfinite, (mesg, native, code))):
        return None
    if int(mesg) != fp.RECORD or int(native) not in nums:
        return None
    base = fp.BASE_TYPES.get(int(code) & fp.BASE_TYPE_MASK)
    if base is None or base.code in _NOT_NUMBERS:
        return None
    scale, offset = row["scale"], row["offset"]
    return _StandIn(
        native=int(native),
        base=base,
        # An unset scale (invalid, or a meaningless 0) is 1; an unset offset 0.
        scale=scale if math.isfinite(scale) and scale > 0 else 1.0,
        offset=offset if math.isfinite(offset) else 0.0,
    )
