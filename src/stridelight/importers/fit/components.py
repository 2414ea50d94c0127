"""Component expansion and accumulation, vectorised, with the FIT SDK's semantics.

A field with components packs other fields into its bits: ``speed`` expands into
``enhanced_speed``, ``altitude`` into ``enhanced_altitude``, and the 3-byte
``compressed_speed_distance`` into a 12-bit ``speed`` and a 12-bit rolling
``distance`` counter that must be accumulated across messages.  The rules follow
Garmin's Python SDK (our reference for exactness):

* components are read LSB first from the source's elements, each element
  masked to the width of the source's *profile* type;
* an expanded value replaces the field read directly from the message;
* sources are expanded last field first, depth first (the SDK pops a stack), and
  when two sources give the same target the first one expanded is kept;
* an accumulated target keeps a running total per message kind and field; a
  direct value of that field resets the total to its raw value.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from stridelight.importers.fit import profile as fp
from stridelight.importers.fit.fields import BoolArray, FloatArray, Raw
from stridelight.importers.fit.scan import Definition, IntArray

_U64 = np.uint64
U64Array = npt.NDArray[np.uint64]


@dataclass
class Expanded:
    """One target field's expanded values for the messages of one definition."""

    present: BoolArray  # the expansion replaced the field in these messages
    value: FloatArray  # NaN where invalid, or where it is still to be accumulated
    raw: IntArray  # in the target's own units, for a further expansion
    acc_bits: IntArray  # > 0 where the value is a rolling counter of that many bits
    acc_value: IntArray
    acc_scale: FloatArray
    acc_offset: FloatArray

    @classmethod
    def empty(cls, n: int) -> Expanded:
        return cls(
            np.zeros(n, dtype=bool),
            np.full(n, np.nan),
            np.zeros(n, dtype=np.int64),
            np.zeros(n, dtype=np.int64),
            np.zeros(n, dtype=np.int64),
            np.ones(n),
            np.zeros(n),
        )


_Fields = Mapping[int, fp.FieldProfile]


def expand(
    definition: Definition, direct: Mapping[int, Raw], fields: _Fields, n: int
) -> dict[int, Expanded]:
    """Expand every component of the fields read directly (``direct``)."""
    out: dict[int, Expanded] = {}
    stack = [
        (num, direct[num].present)
        for num in dict.fromkeys(f.num for f in definition.fields)
        if num in direct and num in fields and fields[num].components
    ]
    while stack:
        num, active = stack.pop()
        stack.extend(_expand_one(fields[num], active, direct, out, fields, n))
    return out


def _expand_one(
    source: fp.FieldProfile,
    active: BoolArray,
    direct: Mapping[int, Raw],
    out: dict[int, Expanded],
    fields: _Fields,
    n: int,
) -> list[tuple[int, BoolArray]]:
    width = fp.field_type_bits(source.type)
    if width is None:
        return []
    packed, available, usable = _source_bits(source, width, direct, out, n)
    usable &= active
    pushed, pos = [], 0
    for comp in source.components:
        target = fields.get(comp.target)
        if target is None:
            break
        reads = usable & (available >= pos + comp.bits)
        bits = ((packed >> _U64(pos)) & _U64((1 << comp.bits) - 1)).astype(np.int64)
        _store(
            out.setdefault(comp.target, Expanded.empty(n)), reads, bits, comp, target
        )
        if target.components and not target.accumulated:
            pushed.append((comp.target, reads))
        pos += comp.bits
    return pushed


def _source_bits(
    source: fp.FieldProfile,
    width: int,
    direct: Mapping[int, Raw],
    out: Mapping[int, Expanded],
    n: int,
) -> tuple[U64Array, IntArray, BoolArray]:
    """The source's bits per message, how many there are, and where it has a value.

    The value read from the message wins over one expanded from another field.
    """
    invalid = fp.field_type_invalid(source.type)
    packed = np.zeros(n, dtype=_U64)
    available = np.zeros(n, dtype=np.int64)
    usable = np.zeros(n, dtype=bool)
    if source.num in out:
        got = out[source.num]
        packed = np.where(got.present, _pack(got.raw[:, None], width), packed)
        available = np.where(got.present, width, available)
        usable = got.present & (got.raw != invalid)
    raw = direct.get(source.num)
    if raw is not None and raw.base.kind != "f":
        values = raw.ints()
        mine = raw.present
        packed = np.where(mine, _pack(values, width), packed)
        available = np.where(mine, width * values.shape[1], available)
        all_invalid = (values == invalid).all(axis=1)
        usable = np.where(mine, ~all_invalid, usable)
    return packed, available, usable


def _pack(values: IntArray, width: int) -> U64Array:
    """Elements masked to ``width`` bits and laid end to end, LSB first."""
    mask = _U64((1 << width) - 1)
    packed = np.zeros(values.shape[0], dtype=_U64)
    for i in range(min(values.shape[1], 64 // width)):
        packed |= (values[:, i].astype(_U64) & mask) << _U64(width * i)
    return packed


def _store(
    entry: Expanded,
    reads: BoolArray,
    bits: IntArray,
    comp: fp.Component,
    target: fp.FieldProfile,
) -> None:
    first = reads & ~entry.present
    entry.present |= first
    if target.accumulated:
        entry.acc_bits[first] = comp.bits
        entry.acc_value[first] = bits[first]
        entry.acc_scale[first] = comp.scale
        entry.acc_offset[first] = comp.offset
        return
    value = bits / comp.scale - comp.offset
    raw = target_raw(value, target)
    entry.raw[first] = raw[first]
    invalid = raw == fp.field_type_invalid(target.type)
    entry.value[first] = np.where(invalid, np.nan, value)[first]


def target_raw(value: FloatArray, target: fp.FieldProfile) -> IntArray:
    """A component value back in the target's raw units, truncated as ``int()``."""
    raw: IntArray = np.trunc((value + target.offset) * target.scale).astype(np.int64)
    return raw


def accumulate(values: IntArray, resets: BoolArray, bits: IntArray) -> IntArray:
    """Running totals of rolling counters, as the SDK's Accumulator keeps them.

    Event ``i`` either resets the total to ``values[i]`` or adds
    ``(values[i] - values[i-1]) mod 2**bits[i]``: how far the counter moved since
    the previous event, whatever its kind (0 before the first event).
    """
    n = values.size
    if n == 0:
        return values.copy()
    previous = np.concatenate(([0], values[:-1]))
    mask = (np.int64(1) << bits) - 1
    delta = np.where(resets, 0, (values - previous) & mask)
    total = np.cumsum(delta)
    last_reset = np.maximum.accumulate(np.where(resets, np.arange(n), -1))
    base = np.where(last_reset >= 0, values[last_reset] - total[last_reset], 0)
    out: IntArray = base + total
    return out
