"""Moving a recording's timestamps, and nothing else (for build_demo_bundle.py).

FIT files: every date_time field of every message, found through Garmin's
profile, then the file CRC.  GPX and TCX files: every ISO 8601 time, keeping its
fraction digits and zone as written.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Literal

FIT_EPOCH = datetime(1989, 12, 31, tzinfo=UTC)
SYSTEM_TIME_BELOW = 0x10000000  # smaller FIT date_time values count from power-on
_ISO = re.compile(
    rb"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})?"
)  # fmt: skip
Order = Literal["little", "big"]
Layout = tuple[
    int, Order, list[tuple[int, int, int]], int
]  # message, order, fields, size
CRC_TABLE = (0x0000, 0xCC01, 0xD801, 0x1400, 0xF001, 0x3C00, 0x2800, 0xE401,
             0xA001, 0x6C00, 0x7800, 0xB401, 0x5000, 0x9C01, 0x8801, 0x4400)  # fmt: skip


def fit_crc(data: bytes | bytearray) -> int:
    crc = 0
    for byte in data:
        for nibble in (byte & 0xF, byte >> 4):
            tmp = CRC_TABLE[crc & 0xF]
            crc = ((crc >> 4) & 0x0FFF) ^ tmp ^ CRC_TABLE[nibble]
    return crc


def date_time_fields() -> dict[int, set[int]]:
    """Global message number → its date_time field numbers, from Garmin's profile."""
    from garmin_fit_sdk import Profile

    return {
        num: {f for f, spec in msg["fields"].items() if "date_time" in spec["type"]}
        for num, msg in Profile["messages"].items()
    }


def shift_fit(data: bytes, seconds: int) -> tuple[bytes, int]:
    """Add ``seconds`` to every date_time field; return the file and its start.

    The start is the session's start_time, else the first record's timestamp
    (other messages, such as file_id, may be stamped hours earlier).

    ``seconds`` must be a multiple of 32: compressed-timestamp headers keep only
    the low 5 bits of the time, which then stay valid unchanged.
    """
    assert seconds % 32 == 0
    buf, wanted = bytearray(data), date_time_fields()
    found: list[tuple[int, int, int]] = []  # (message, field, value) before the shift
    pos = 0
    while pos < len(buf):  # one pass per FIT file in a chain
        header, size = buf[pos], int.from_bytes(buf[pos + 4 : pos + 8], "little")
        end = pos + header + size
        assert buf[end : end + 2] == fit_crc(buf[pos:end]).to_bytes(2, "little")
        _shift_records(buf, pos + header, end, seconds, wanted, found)
        buf[end : end + 2] = fit_crc(buf[pos:end]).to_bytes(2, "little")
        pos = end + 2
    starts = [v for m, f, v in found if (m, f) == (18, 2)]
    starts += [v for m, f, v in found if (m, f) == (20, 253)]
    return bytes(buf), starts[0]


def _shift_records(buf: bytearray, pos: int, end: int, seconds: int,
                   wanted: dict[int, set[int]], found: list[tuple[int, int, int]]) -> None:  # fmt: skip
    layouts: dict[int, Layout] = {}
    while pos < end:
        head = buf[pos]
        pos += 1
        if head & 0x80 == 0 and head & 0x40:  # a definition message
            pos, layouts[head & 0x0F] = _definition(buf, pos, head & 0x20, wanted)
            continue
        local = (head >> 5) & 0x3 if head & 0x80 else head & 0x0F
        number, order, shifts, size = layouts[local]
        for field, offset, width in shifts:
            at = pos + offset
            value = int.from_bytes(buf[at : at + width], order)
            if SYSTEM_TIME_BELOW <= value < 0xFFFFFFFF:
                found.append((number, field, value))
                buf[at : at + width] = (value + seconds).to_bytes(width, order)
        pos += size


def _definition(buf: bytearray, pos: int, developer: int, wanted: dict[int, set[int]]
                ) -> tuple[int, Layout]:  # fmt: skip
    order: Order = "big" if buf[pos + 1] else "little"
    number = int.from_bytes(buf[pos + 2 : pos + 4], order)
    count, pos = buf[pos + 4], pos + 5
    shifts, offset = [], 0
    for i in range(count):
        field, width = buf[pos + 3 * i], buf[pos + 3 * i + 1]
        if field in wanted.get(number, ()) and width == 4:
            shifts.append((field, offset, width))
        offset += width
    pos += 3 * count
    if developer:
        offset += sum(buf[pos + 1 + 3 * i + 1] for i in range(buf[pos]))
        pos += 1 + 3 * buf[pos]
    return pos, (number, order, shifts, offset)


def fit_start(data: bytes) -> datetime:
    return FIT_EPOCH + timedelta(seconds=shift_fit(data, 0)[1])


def xml_start(data: bytes) -> datetime:
    """The first point's time (GPX metadata may be stamped minutes earlier)."""
    first_point = min(
        i for i in (data.find(b"<trkpt"), data.find(b"<Trackpoint")) if i >= 0
    )
    match = _ISO.search(data, first_point)
    assert match is not None
    return _iso_time(match)


def _iso_time(match: re.Match[bytes]) -> datetime:
    zone = (match[3] or b"Z").decode().replace("Z", "+00:00")
    return datetime.fromisoformat(match[1].decode() + zone)


def shift_xml(data: bytes, seconds: int) -> bytes:
    """Move every ISO timestamp; keep its fraction digits and zone as written."""

    def moved(match: re.Match[bytes]) -> bytes:
        when = _iso_time(match) + timedelta(seconds=seconds)
        text = when.strftime("%Y-%m-%dT%H:%M:%S").encode()
        return text + (match[2] or b"") + (match[3] or b"")

    return _ISO.sub(moved, data)
