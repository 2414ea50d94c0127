"""A small FIT re-writer for tests: the same messages, laid out differently.

A valid FIT file is read into its data messages (each with the definition it
was written under) and written back with another structure that any FIT reader
must decode to the same values (see :class:`Plan`):

* byte order: definitions and their data big- or little-endian, every
  multi-byte value swapped element by element (strings and bytes unchanged);
* local message numbers drawn from a pool, so that a local number is redefined
  mid-file for another global message whenever the pool runs short;
* the fields (and developer fields) of a definition in another order;
* compressed-timestamp headers wherever the FIT protocol allows one;
* the messages split into two chained FIT segments;
* 12- or 14-byte file headers, the header CRC computed or left 0x0000.

A definition is written whenever a local number must change what it means, and
anew in each segment, so nothing relies on an earlier segment.  The writer
shares no code with our decoder: base type sizes and the CRC come from Garmin's
SDK.  Files with compressed-timestamp headers are not read (we write them).
"""

from __future__ import annotations

import random
import struct
from dataclasses import dataclass
from typing import TypeVar

from garmin_fit_sdk import CrcCalculator
from garmin_fit_sdk import fit as sdk_fit

TIMESTAMP, UINT32, FIELD_DESCRIPTION = 253, 0x06, 206
_INVALID = 0xFF
_T = TypeVar("_T")


@dataclass(frozen=True)
class Spec:
    """One field of a definition: number, size in bytes and base type byte.

    For a developer field the third byte is its developer data index.
    """

    num: int
    size: int
    kind: int


@dataclass(frozen=True)
class Definition:
    global_num: int
    big: bool
    fields: tuple[Spec, ...]
    dev: tuple[Spec, ...] = ()


@dataclass(frozen=True)
class Message:
    definition: Definition
    local: int
    values: tuple[bytes, ...]  # per field, then per developer field, as stored


@dataclass(frozen=True)
class Fit:
    messages: tuple[Message, ...]
    protocol: int
    profile: int


def element_size(kind: int, size: int) -> int:
    """Bytes per value of a field; 1 where the SDK reads it as bytes."""
    element: int = sdk_fit.BASE_TYPE_DEFINITIONS[kind & sdk_fit.BASE_TYPE_MASK]["size"]
    return element if size % element == 0 else 1


def read(data: bytes) -> Fit:
    """The data messages of every segment of a valid FIT file, in order."""
    messages: list[Message] = []
    local_defs: dict[int, Definition] = {}  # kept across segments, as the SDK does
    pos = 0
    while pos < len(data):
        assert data[pos + 8 : pos + 12] == b".FIT", f"no FIT header at byte {pos}"
        at = pos + data[pos]
        end = at + struct.unpack_from("<I", data, pos + 4)[0]
        while at < end:
            header = data[at]
            assert not header & 0x80, "compressed-timestamp headers are not read"
            if header & 0x40:
                local_defs[header & 0x0F], at = _read_definition(data, at)
                continue
            definition, values = local_defs[header & 0x0F], []
            at += 1
            for spec in definition.fields + definition.dev:
                values.append(data[at : at + spec.size])
                at += spec.size
            messages.append(Message(definition, header & 0x0F, tuple(values)))
        pos = end + 2
    (profile,) = struct.unpack_from("<H", data, 2)
    return Fit(tuple(messages), data[1], profile)


def _read_definition(data: bytes, at: int) -> tuple[Definition, int]:
    has_dev, big = data[at] & 0x20, data[at + 2] == 1
    (global_num,) = struct.unpack_from(">H" if big else "<H", data, at + 3)
    at, count = at + 6, data[at + 5]
    fields = tuple(Spec(*data[i : i + 3]) for i in range(at, at + 3 * count, 3))
    at += 3 * count
    dev: tuple[Spec, ...] = ()
    if has_dev:
        count, at = data[at], at + 1
        dev = tuple(Spec(*data[i : i + 3]) for i in range(at, at + 3 * count, 3))
        at += 3 * count
    return Definition(global_num, big, fields, dev), at


def developer_sizes(messages: tuple[Message, ...]) -> dict[tuple[int, int], int]:
    """(developer data index, field number) -> bytes per value of that field.

    From every ``field_description`` of the file: which one a reader applies to a
    message is its own business, so a field whose descriptions disagree on the
    size gets 0 ("cannot swap").  Undescribed fields are read as bytes.
    """
    sizes: dict[tuple[int, int], int] = {}
    for m in messages:
        if m.definition.global_num != FIELD_DESCRIPTION:
            continue
        fields = zip(m.definition.fields, m.values, strict=False)  # dev values after
        got = {s.num: v[0] for s, v in fields if s.size}
        index, num, kind = (got.get(n, _INVALID) for n in (0, 1, 2))
        if _INVALID in (index, num, kind):
            continue
        size = element_size(kind, 0)  # 0: every element size divides it
        sizes[index, num] = size if sizes.get((index, num), size) == size else 0
    return sizes


@dataclass(frozen=True)
class Plan:
    byte_order: str = "keep"  # "keep", "little", "big", or "mixed" (per definition)
    locals: tuple[int, ...] = ()  # local numbers to use; () keeps each message's
    permute: bool = False  # fields of each definition in a random order
    compress: float = 0.0  # chance of a compressed header where one is allowed
    split: float | None = None  # where segment 2 starts, as a share of the messages
    headers: tuple[int, ...] = (14,)  # per segment: 12, 14, or 0 (14, CRC 0x0000)
    limit: int | None = None  # keep only the first messages


@dataclass
class Stats:
    """What the writer did, so that a test can tell a transform took place."""

    definitions: int = 0
    redefinitions: int = 0  # a local number taken over by another global message
    big: int = 0  # big-endian definitions written
    permuted: int = 0  # definitions written with their fields in another order
    compressed: int = 0
    segments: int = 0
    # The same message bytes as one segment: for a reader that takes each
    # segment for a file of its own, forgetting developer data (fitdecode).
    unsplit: bytes = b""


def write(fit: Fit, plan: Plan, rnd: random.Random) -> tuple[bytes, Stats]:
    messages = fit.messages[: plan.limit]
    parts = [messages]
    if plan.split is not None and len(messages) > 1:
        cut = 1 + int(plan.split * (len(messages) - 1))
        parts = [messages[:cut], messages[cut:]]
    writer = _Writer(fit, plan, rnd, developer_sizes(fit.messages))
    bodies = [writer.segment(part) for part in parts]
    out = b"".join(
        _segment_bytes(body, plan.headers[i % len(plan.headers)], fit)
        for i, body in enumerate(bodies)
    )
    writer.stats.unsplit = _segment_bytes(b"".join(bodies), 14, fit)
    return out, writer.stats


class _Writer:
    def __init__(
        self,
        fit: Fit,
        plan: Plan,
        rnd: random.Random,
        dev_sizes: dict[tuple[int, int], int],
    ) -> None:
        self.fit, self.plan, self.rnd, self.dev_sizes = fit, plan, rnd, dev_sizes
        self.stats = Stats()
        self.big: dict[Definition, bool] = {}  # byte order chosen per definition
        self.orders: dict[Definition, tuple[list[int], list[int]]] = {}

    def segment(self, messages: tuple[Message, ...]) -> bytes:
        """The messages of one segment, with the definitions they need."""
        body = bytearray()
        bound: dict[int, Definition] = {}  # local number -> definition in force
        last: int | None = None  # the timestamp a compressed header counts from
        for m in messages:
            out, values = self._layout(m)
            t = _timestamp(m)
            # FIT: a compressed header holds the low 5 bits of the time, so the
            # time may be 0 to 31 s after the last timestamp of any message.
            if t is not None and last is not None and 0 <= t - last < 32:
                slot = [s.num for s in out.fields].index(TIMESTAMP)
                short = Definition(
                    out.global_num, out.big, _drop(out.fields, slot), out.dev
                )
                local = None
                if self.rnd.random() < self.plan.compress:
                    local = self._local(m, short, bound, body, compressed=True)
                if local is not None:
                    body += bytes([0x80 | local << 5 | t & 0x1F])
                    body += b"".join(_drop(values, slot))
                    self.stats.compressed += 1
                    last = t
                    continue
            local = self._local(m, out, bound, body, compressed=False)
            assert local is not None
            body += bytes([local]) + b"".join(values)
            if any(s.num == TIMESTAMP for s in m.definition.fields):
                # A timestamp of any other form: do not guess what readers make
                # of it, and compress nothing until the next valid one.
                last = t
        self.stats.segments += 1
        return bytes(body)

    def _layout(self, m: Message) -> tuple[Definition, tuple[bytes, ...]]:
        """The definition to write ``m`` under, and its values to match."""
        d = m.definition
        big = {"keep": d.big, "little": False, "big": True}.get(self.plan.byte_order)
        if big is None:
            if d not in self.big:
                self.big[d] = self.rnd.random() < 0.5
            big = self.big[d]
        dev_sizes = [self.dev_sizes.get((s.kind, s.num), 1) for s in d.dev]
        values = m.values
        if big != d.big and 0 in dev_sizes:
            big = d.big  # the size of a value is ambiguous: leave the bytes be
        elif big != d.big:
            sizes = [element_size(s.kind, s.size) for s in d.fields] + [
                e if s.size % e == 0 else 1
                for s, e in zip(d.dev, dev_sizes, strict=True)
            ]
            values = tuple(_swap(v, e) for v, e in zip(values, sizes, strict=True))
        order, dev_order = self._orders(d)
        fields = tuple(d.fields[i] for i in order)
        dev = tuple(d.dev[i] for i in dev_order)
        values = tuple(values[i] for i in order) + tuple(
            values[len(order) + i] for i in dev_order
        )
        return Definition(d.global_num, big, fields, dev), values

    def _orders(self, d: Definition) -> tuple[list[int], list[int]]:
        if d not in self.orders:
            self.orders[d] = (
                self._order([s.num for s in d.fields]),
                self._order([(s.num, s.kind) for s in d.dev]),
            )
        return self.orders[d]

    def _order(self, keys: list[object]) -> list[int]:
        order = list(range(len(keys)))
        # A field given twice: the later value wins, so the order must stay.
        if self.plan.permute and len(set(keys)) == len(keys):
            self.rnd.shuffle(order)
        return order

    def _local(
        self,
        m: Message,
        d: Definition,
        bound: dict[int, Definition],
        body: bytearray,
        *,
        compressed: bool,
    ) -> int | None:
        """The local number ``d`` is in force on, defining it there if need be."""
        # A compressed header has two bits for the local number: 0 to 3.
        pool = [n for n in self.plan.locals or (m.local,) if n < 4 or not compressed]
        if not pool:
            return None
        ready = [n for n in pool if bound.get(n) == d]
        if ready:
            return ready[0]
        local = self.rnd.choice(pool)
        if local in bound and bound[local].global_num != d.global_num:
            self.stats.redefinitions += 1
        bound[local] = d
        body += _definition_bytes(local, d)
        self.stats.definitions += 1
        self.stats.big += d.big
        kept = [
            s for s in m.definition.fields + m.definition.dev if s in d.fields + d.dev
        ]
        self.stats.permuted += list(d.fields + d.dev) != kept
        return local


def _timestamp(m: Message) -> int | None:
    """The time of a message with one valid uint32 timestamp field."""
    found = [
        (s, v)
        for s, v in zip(m.definition.fields, m.values, strict=False)
        if s.num == TIMESTAMP
    ]
    if len(found) != 1:
        return None
    spec, value = found[0]
    if spec.size != 4 or spec.kind & sdk_fit.BASE_TYPE_MASK != UINT32:
        return None
    (t,) = struct.unpack(">I" if m.definition.big else "<I", value)
    return None if t == 0xFFFFFFFF else int(t)


def _drop(items: tuple[_T, ...], index: int) -> tuple[_T, ...]:
    return items[:index] + items[index + 1 :]


def _swap(value: bytes, size: int) -> bytes:
    if size == 1:
        return value
    return b"".join(value[i : i + size][::-1] for i in range(0, len(value), size))


def _definition_bytes(local: int, d: Definition) -> bytes:
    header = 0x40 | local | (0x20 if d.dev else 0)
    out = bytes([header, 0, int(d.big)])
    out += struct.pack(">H" if d.big else "<H", d.global_num)
    out += bytes(
        [len(d.fields), *(b for s in d.fields for b in (s.num, s.size, s.kind))]
    )
    if d.dev:
        out += bytes([len(d.dev), *(b for s in d.dev for b in (s.num, s.size, s.kind))])
    return out


def _crc(data: bytes) -> bytes:
    return struct.pack("<H", CrcCalculator.calculate_crc(data, 0, len(data)))


def _segment_bytes(body: bytes, header: int, fit: Fit) -> bytes:
    size = 12 if header == 12 else 14
    head = struct.pack("<BBHI4s", size, fit.protocol, fit.profile, len(body), b".FIT")
    if size == 14:
        # FIT: a header CRC of 0x0000 means "not computed" and is to be accepted.
        head += b"\0\0" if header == 0 else _crc(head)
    return head + body + _crc(head + body)
