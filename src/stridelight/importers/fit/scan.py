"""Walk a FIT file's structure: segments, definition messages and where data messages sit.

This is the only per-message Python loop in the importer, and it is kept tight:
for a data message it looks up the message length by header byte, notes the
offset and jumps.  Definition messages (a few dozen per file) are parsed here in
full.  Field values are decoded later, column by column, in :mod:`.fields`.

How damage is handled:

* the first header is not FIT -> :class:`UnsupportedFormatError`;
* a header CRC or a file CRC that does not match -> :class:`CorruptFileError`
  (a chained file is rejected as a whole: a bad segment casts doubt on the rest);
* a segment whose declared end lies past the end of the data is *truncated*: no
  CRC can be checked, its complete messages are kept, and a warning says where;
* so is a segment whose CRC fails while its messages run cleanly up to the
  declared end and the last one goes past it: the header was sized to a file
  that had been cut, and the "CRC" bytes are the start of a message;
* a header declaring zero data bytes but followed by messages is a recording the
  device never finalised: it is read to the end of the data like a truncation;
* a structural error inside a segment whose CRC matched (the writer's bug, e.g. a
  data message for an undefined local type) stops that segment with a warning;
* bytes after the last segment that are not another FIT header are ignored with
  a warning.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from stridelight.importers.errors import CorruptFileError, UnsupportedFormatError
from stridelight.importers.fit import profile as fp
from stridelight.importers.fit.crc import crc16

IntArray = npt.NDArray[np.int64]

_COMPRESSED = 0x80
_DEFINITION = 0x40
_DEV_DATA = 0x20
_CRC_SIZE = 2


@dataclass(frozen=True)
class FieldDef:
    num: int
    offset: int  # from the start of the message, header byte included
    size: int
    base: fp.BaseType

    @property
    def count(self) -> int:
        return self.size // self.base.size


@dataclass(frozen=True)
class DevFieldDef:
    """A developer field of a definition.

    Its type is not here: the ``field_description`` message in force when a data
    message is read gives it (:mod:`.developer`), so only its place is kept.
    """

    num: int  # field_definition_number
    dev_index: int  # developer_data_index
    offset: int  # from the start of the message, header byte included
    size: int


@dataclass(frozen=True)
class Definition:
    global_num: int
    big_endian: bool
    fields: tuple[FieldDef, ...]
    length: int  # whole message: header byte, fields and developer fields
    dev_fields: tuple[DevFieldDef, ...] = ()

    def field(self, num: int) -> FieldDef | None:
        # When a field number repeats, the later value wins (as in the SDK).
        found = None
        for f in self.fields:
            if f.num == num:
                found = f
        return found


@dataclass(frozen=True)
class Layout:
    """Where every data message of the file is, and which definition it uses."""

    data: bytes
    definitions: tuple[Definition, ...]
    offsets: IntArray  # header byte of each data message, in file order
    def_ids: IntArray  # index into ``definitions``, per message
    time_offsets: IntArray  # 5-bit offset of a compressed-timestamp header, else -1
    segment_starts: IntArray  # index of the first message of each FIT segment
    warnings: tuple[str, ...]
    truncated_at: int | None  # where the data broke off, if it did


class _Stop(Exception):
    """The message stream of a segment cannot go on; the text says why."""


class _Overrun(_Stop):
    """A message runs past the end of the data."""


@dataclass
class _State:
    source: str
    data: bytes
    # Total message length by header byte; 0 for definition or undefined headers.
    lengths: list[int] = field(default_factory=lambda: [0] * 256)
    offsets: list[int] = field(default_factory=list)
    definitions: list[Definition] = field(default_factory=list)
    known: dict[bytes, int] = field(default_factory=dict)  # definition bytes -> id
    # (messages seen so far, local type, definition id) for every definition.
    def_events: list[tuple[int, int, int]] = field(default_factory=list)
    segment_starts: list[int] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    truncated_at: int | None = None


def scan(data: bytes, source: str) -> Layout:
    if not data:
        raise CorruptFileError(source, "empty file (0 bytes)")
    state = _State(source, data)
    pos = 0
    while pos < len(data):
        next_pos = _segment(state, pos)
        if next_pos is None:
            break
        pos = next_pos
    return _layout(state)


def _segment(state: _State, pos: int) -> int | None:
    """Scan the FIT segment at ``pos``; the position after it, or None to stop."""
    data = state.data
    header_size = _header_size(state, pos)
    if header_size is None:
        return None
    declared = int.from_bytes(data[pos + 4 : pos + 8], "little")
    body, end = pos + header_size, pos + header_size + declared
    if declared == 0 and len(data) - body > _CRC_SIZE and not _crc_ok(data, pos, end):
        state.warnings.append(
            f"header at byte {pos} declares no data (recording never finalised): "
            "read to the end of the file"
        )
        end = len(data)
    complete = end + _CRC_SIZE <= len(data)
    crc_ok = complete and _crc_ok(data, pos, end)
    state.segment_starts.append(len(state.offsets))
    stop = _messages(state, body, min(end, len(data)))
    if complete and not crc_ok:
        if stop is None or not stop.overrun:
            _crc_error(state, pos, end)
        # Messages run cleanly up to the declared end and the last one goes
        # past it: the file was cut and the header sized to the cut, so the two
        # bytes there are data, not a CRC.
        state.warnings.append(
            f"the last message runs past the declared end of data (byte {end}): "
            "file cut short, CRC not checked"
        )
        complete = False
    elif stop is not None and not (stop.overrun and not complete):
        state.warnings.append(f"{stop.reason}: rest of the segment skipped")
    if not complete:
        # An end of data before the CRC is a truncation, not a CRC error.
        state.truncated_at = len(data)
        return None
    return end + _CRC_SIZE


def _crc_error(state: _State, pos: int, end: int) -> None:
    data = state.data
    stored = int.from_bytes(data[end : end + 2], "little")
    where = f" in the FIT segment at byte {pos}" if pos else ""
    raise CorruptFileError(
        state.source,
        f"file CRC mismatch{where} (stored 0x{stored:04X}, "
        f"computed 0x{crc16(data[pos:end]):04X})",
    )


def _header_size(state: _State, pos: int) -> int | None:
    """Check the FIT header at ``pos``; its size, or None if there is none."""
    data, first = state.data, pos == 0
    size, tag = data[pos], data[pos + 8 : pos + 12]
    if size < 12 or tag != b".FIT":
        if first:
            shown = tag.decode("ascii", "replace")
            reason = f"header says {shown!r}" if len(tag) == 4 else "too short"
            raise UnsupportedFormatError(state.source, f"not a FIT file ({reason})")
        state.warnings.append(
            f"ignored {len(data) - pos} bytes after the FIT data at byte {pos}"
        )
        return None
    if pos + size > len(data):
        if first:
            raise CorruptFileError(state.source, "truncated inside the file header")
        state.truncated_at = len(data)
        return None
    if size >= 14:
        _check_header_crc(state, pos)
    return size


def _check_header_crc(state: _State, pos: int) -> None:
    stored = int.from_bytes(state.data[pos + 12 : pos + 14], "little")
    computed = crc16(state.data[pos : pos + 12])
    # A stored 0x0000 means the writer did not compute one (FIT spec).
    if stored not in (0, computed):
        raise CorruptFileError(
            state.source,
            f"header CRC mismatch at byte {pos} "
            f"(stored 0x{stored:04X}, computed 0x{computed:04X})",
        )


def _crc_ok(data: bytes, pos: int, end: int) -> bool:
    # The CRC of data followed by its own little-endian CRC is zero.
    return end + _CRC_SIZE <= len(data) and crc16(memoryview(data)[pos : end + 2]) == 0


@dataclass(frozen=True)
class _Break:
    reason: str
    overrun: bool  # the last message runs past the end of the data


def _messages(state: _State, pos: int, limit: int) -> _Break | None:
    """Record every message in ``[pos, limit)``; why it stopped early, if it did."""
    data, lengths = state.data, state.lengths
    keep = state.offsets.append
    try:
        while pos < limit:
            length = lengths[data[pos]]
            if length:
                keep(pos)
                pos += length
            elif data[pos] & (_COMPRESSED | _DEFINITION) == _DEFINITION:
                pos = _definition(state, pos, limit)
            else:
                raise _Stop(
                    f"data message for undefined local type {data[pos] & 0x0F} "
                    f"at byte {pos}"
                )
    except _Stop as stop:
        return _Break(str(stop), overrun=isinstance(stop, _Overrun))
    if pos > limit:  # the last message runs past the end: drop it
        cut = state.offsets.pop()
        return _Break(f"message at byte {cut} runs past byte {limit}", overrun=True)
    return None


def _definition(state: _State, pos: int, limit: int) -> int:
    data = state.data
    dev = data[pos] & _DEV_DATA
    count = data[pos + 5] if pos + 6 <= limit else 0
    at = pos + 6 + 3 * count
    dev_count = data[at] if dev and at < limit else 0
    end = at + (1 + 3 * dev_count if dev else 0)
    if pos + 6 > limit or end > limit:
        raise _Overrun(f"definition message at byte {pos} runs past byte {limit}")
    # Devices repeat the same few definitions (one Wahoo file has 838): parse
    # each distinct one once.  The bytes after the header byte determine it.
    key = data[pos + 1 : end]
    def_id = state.known.get(key)
    if def_id is None:
        def_id = state.known[key] = len(state.definitions)
        state.definitions.append(_parse_definition(state, data, pos, at, end))
    _define(state, data[pos] & 0x0F, def_id)
    return end


def _parse_definition(
    state: _State, data: bytes, pos: int, at: int, end: int
) -> Definition:
    big = data[pos + 2] != 0
    global_num = int.from_bytes(data[pos + 3 : pos + 5], "big" if big else "little")
    fields, length = [], 1
    for i in range(pos + 6, at, 3):
        fields.append(_field_def(state, data[i : i + 3], length, global_num))
        length += data[i + 1]
    # Developer fields come after the fields: (number, size, developer index).
    dev_fields = []
    for i in range(at + 1, end, 3):
        dev_fields.append(DevFieldDef(data[i], data[i + 2], length, data[i + 1]))
        length += data[i + 1]
    return Definition(global_num, big, tuple(fields), length, tuple(dev_fields))


def _field_def(state: _State, raw: bytes, offset: int, global_num: int) -> FieldDef:
    num, size, code = raw[0], raw[1], raw[2] & fp.BASE_TYPE_MASK
    base = fp.BASE_TYPES.get(code)
    if base is None:
        state.warnings.append(
            f"field {num} of message {global_num} has unknown base type "
            f"0x{raw[2]:02X}: read as bytes"
        )
        base = fp.BASE_TYPES[fp.BYTE]
    if size % base.size:
        # A size that is not a multiple of the type's: read as bytes (as the SDK).
        base = fp.BASE_TYPES[fp.UINT8]
    return FieldDef(num, offset, size, base)


def _define(state: _State, local: int, def_id: int) -> None:
    state.def_events.append((len(state.offsets), local, def_id))
    definition = state.definitions[def_id]
    # Normal headers ignore bits 4-5; compressed ones reach local types 0-3.
    for high in (0x00, 0x10, 0x20, 0x30):
        state.lengths[high | local] = definition.length
    if local < 4:
        first = _COMPRESSED | (local << 5)
        state.lengths[first : first + 32] = [definition.length] * 32


def _layout(state: _State) -> Layout:
    offsets = np.array(state.offsets, dtype=np.int64)
    headers = np.frombuffer(state.data, dtype=np.uint8)[offsets].astype(np.int64)
    compressed = (headers & _COMPRESSED) != 0
    local = np.where(compressed, (headers >> 5) & 0x03, headers & 0x0F)
    def_ids = np.zeros(offsets.size, dtype=np.int64)
    events = np.array(state.def_events, dtype=np.int64).reshape(-1, 3)
    for loc in np.unique(local):
        mine = events[events[:, 1] == loc]
        where = np.flatnonzero(local == loc)
        # The definition in force is the last one given before the message.
        latest = np.searchsorted(mine[:, 0], where, side="right") - 1
        def_ids[where] = mine[latest, 2]
    return Layout(
        data=state.data,
        definitions=tuple(state.definitions),
        offsets=offsets,
        def_ids=def_ids,
        time_offsets=np.where(compressed, headers & 0x1F, -1),
        segment_starts=np.array(state.segment_starts, dtype=np.int64),
        warnings=tuple(dict.fromkeys(state.warnings)),
        truncated_at=state.truncated_at,
    )
