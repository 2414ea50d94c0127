"""Decode field values a whole column at a time.

For one definition, every message using it sits at a known offset, so a field is
a strided view of the file bytes (NumPy dtype with the definition's byte order)
indexed by those offsets: one gather per field instead of one ``struct.unpack``
per message.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from stridelight.importers.fit import profile as fp
from stridelight.importers.fit.scan import FieldDef, IntArray, Layout

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class Raw:
    """One field of one definition, for all of its messages, as stored in the file."""

    values: npt.NDArray[Any]  # (messages, elements), the file's dtype
    valid: BoolArray  # (messages, elements): not the base type's invalid value
    present: BoolArray  # (messages,): the SDK keeps the field (some element valid)
    base: fp.BaseType

    def first(self) -> FloatArray:
        """Element 0 as float, NaN where the field is absent or that element invalid."""
        out = self.values[:, 0].astype(np.float64)
        # Byte arrays are kept whole, invalid bytes included (as the SDK does).
        keep = self.present if self.base.code == fp.BYTE else self.valid[:, 0]
        out[~keep] = np.nan
        return out

    def ints(self) -> npt.NDArray[np.int64]:
        return self.values.astype(np.int64)


def gather(data: bytes, offsets: IntArray, fd: FieldDef, big_endian: bool) -> Raw:
    """Read ``fd`` from the messages at ``offsets``."""
    base, count = fd.base, fd.count
    unit = base.dtype(big_endian)
    item = np.dtype((unit, (count,))) if count > 1 else unit
    # Overlapping windows: item ``i`` starts at byte ``i`` of the file.
    windows = np.ndarray(
        (len(data) - fd.size + 1,), dtype=item, buffer=data, strides=(1,)
    )
    values = windows[offsets + fd.offset].reshape(len(offsets), count)
    # Invalid values are bit patterns (all ones for floats), so compare bits.
    valid = values.view(np.dtype(f"{unit.str[0]}u{base.size}")) != base.invalid
    # The SDK keeps an array field unless every element is invalid.
    present = valid[:, 0] if count == 1 else valid.any(axis=1)
    return Raw(values, valid, present, base)


def scaled(raw: FloatArray, field: fp.FieldProfile | None) -> FloatArray:
    """Apply the profile's scale and offset the way the SDK does (divide, subtract)."""
    if field is None or not field.numeric:
        return raw
    out = raw / field.scale if field.scale != 1 else raw
    return out - field.offset if field.offset else out


def read_fields(
    layout: Layout, def_id: int, rows: IntArray, nums: set[int]
) -> dict[int, Raw]:
    """Fields ``nums`` (those the definition has) of messages ``rows``."""
    definition = layout.definitions[def_id]
    offsets = layout.offsets[rows]
    out = {}
    for num in nums:
        fd = definition.field(num)
        if fd is not None and fd.count > 0:
            out[num] = gather(layout.data, offsets, fd, definition.big_endian)
    return out


def groups(def_ids: IntArray) -> Iterator[tuple[int, IntArray]]:
    """(definition id, positions) for each definition used, positions in order."""
    if def_ids.size == 0:
        return
    if def_ids.min() == def_ids.max():
        yield int(def_ids[0]), np.arange(def_ids.size)
        return
    order = np.argsort(def_ids, kind="stable")
    ids, starts = np.unique(def_ids[order], return_index=True)
    for def_id, part in zip(ids, np.split(order, starts[1:]), strict=True):
        yield int(def_id), part


def messages_of(layout: Layout, global_num: int) -> IntArray:
    """Indices (into the layout's messages) of every message of one kind."""
    kinds = np.array([d.global_num for d in layout.definitions], dtype=np.int64)
    if kinds.size == 0:
        return np.zeros(0, dtype=np.int64)
    return np.flatnonzero(kinds[layout.def_ids] == global_num)


def table(
    layout: Layout, global_num: int, names: tuple[str, ...]
) -> dict[str, FloatArray]:
    """Scaled values of the named fields for every message of one kind, in file order."""
    fields = fp.message_fields(global_num)
    by_name = {f.name: f for f in fields.values()}
    wanted = {by_name[name].num: name for name in names}
    rows = messages_of(layout, global_num)
    out = {name: np.full(rows.size, np.nan) for name in names}
    for def_id, mine in groups(layout.def_ids[rows]):
        for num, raw in read_fields(layout, def_id, rows[mine], set(wanted)).items():
            out[wanted[num]][mine] = scaled(raw.first(), fields.get(num))
    return out


def first_string(layout: Layout, global_num: int, name: str) -> str | None:
    """The first non-empty value of a string field of one kind of message."""
    num = fp.field_num(global_num, name)
    for index in messages_of(layout, global_num):
        definition = layout.definitions[int(layout.def_ids[index])]
        fd = definition.field(num)
        if fd is None:
            continue
        start = int(layout.offsets[index]) + fd.offset
        text = layout.data[start : start + fd.size].split(b"\0", 1)[0]
        value = text.decode("utf-8", "ignore").strip()
        if value:
            return value
    return None
