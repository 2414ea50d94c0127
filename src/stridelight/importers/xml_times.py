"""ISO 8601 times as POSIX seconds, for the GPX and TCX readers (see ``xml``).

The usual column, every time written alike, is read as a grid of characters by
NumPy; anything else falls back to one regular expression per time.  No zone
means UTC; a time that is not a real date and time becomes NaN and is counted.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import cast

import numpy as np
import numpy.typing as npt

from stridelight.core.activity import FloatArray

Ints = npt.NDArray[np.int64]

_GRID_LAYOUT = re.compile(
    r"\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?"
)
_MONTH_DAYS = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])
_ISO_TIME = re.compile(
    r"\s*(\d{4})-(\d{1,2})-(\d{1,2})[T ](\d{1,2}):(\d{1,2}):(\d{1,2})(?:[.,](\d+))?"
    r"\s*(Z|[+\-\u2212]\d{2}(?::?\d{2})?)?\s*$"
)


def times(texts: Sequence[str | None]) -> tuple[FloatArray, int]:
    """POSIX seconds from ISO 8601 texts (no zone means UTC); unreadable -> NaN."""
    strings = [t or "" for t in texts] if None in texts else cast(Sequence[str], texts)
    # The grid's fixed cost (a few dozen NumPy calls) pays off from a few dozen times.
    fast = _grid_times(strings) if len(strings) >= 32 else None
    if fast is not None:
        return fast, 0
    out = np.full(len(strings), np.nan)
    bad = 0
    for i, text in enumerate(strings):
        seconds = _one_time(text)
        if seconds is not None:
            out[i] = seconds
        elif text.strip():
            bad += 1
    return out, bad


def _grid_times(texts: Sequence[str]) -> FloatArray | None:
    """The usual case, every time written alike (``2014-10-11T18:08:45.000Z``).

    Read as a grid of characters with NumPy, one column per character: about a
    tenth of a microsecond per time.  None unless every text has the first one's
    layout and a valid date and time; the caller then reads them one by one.
    """
    layout = _GRID_LAYOUT.fullmatch(texts[0]) if texts else None
    width = len(texts[0]) if texts else 0
    joined = "\n".join(texts) + "\n"
    if (
        layout is None
        or len(joined) != len(texts) * (width + 1)
        or not joined.isascii()
    ):
        return None
    grid = np.frombuffer(joined.encode("ascii"), np.uint8).reshape(-1, width + 1)
    if (grid[:, width] != ord("\n")).any():  # texts of other lengths
        return None
    # Digits where the first text has digits, its very characters elsewhere.
    digits = grid[:, :width] - np.uint8(ord("0"))  # uint8: below '0' wraps high
    template = digits[0]
    is_digit = template <= 9
    if ((digits > 9) & is_digit).any() or ((digits != template) & ~is_digit).any():
        return None
    return _seconds(digits, layout)


def _seconds(d: npt.NDArray[np.uint8], layout: re.Match[str]) -> FloatArray | None:
    def number(start: int, stop: int) -> Ints:
        out = d[:, start].astype(np.int64)
        for column in range(start + 1, stop):
            out = out * 10 + d[:, column]
        return out

    year, month, day = number(0, 4), number(5, 7), number(8, 10)
    hour, minute, second = number(11, 13), number(14, 16), number(17, 19)
    if not _valid(year, month, day, hour, minute, second):
        return None
    micro: Ints | int = 0
    if layout.group(1):  # a fraction: its first six digits are microseconds
        digits = min(len(layout.group(1)) - 1, 6)
        micro = number(20, 20 + digits) * 10 ** (6 - digits)
    shift: Ints | int = 0
    if layout.group(2) not in (None, "Z"):
        at = layout.start(2)
        sign = np.where(d[:, at] == (ord("-") - ord("0")) % 256, -1, 1)
        shift = sign * (number(at + 1, at + 3) * 3600 + number(at + 4, at + 6) * 60)
    clock = hour * 3600 + minute * 60 + second - shift
    total = (_epoch_days(year, month, day) * 86_400 + clock) * 1_000_000 + micro
    # Whole microseconds divided once, the very double datetime.timestamp() gives
    # while they fit a float exactly (years 1685 to 2255); past that, as it does.
    seconds: FloatArray = total / 1e6
    far = np.abs(total) >= 2**53
    if far.any():
        seconds[far] = [int(us) / 1_000_000 for us in total[far]]
    return seconds


def _valid(year: Ints, month: Ints, day: Ints, h: Ints, m: Ints, s: Ints) -> bool:
    leap = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
    month_days = _MONTH_DAYS[np.clip(month, 0, 12)] + (leap & (month == 2))
    wrong = (month < 1) | (month > 12) | (day < 1) | (day > month_days)
    return not (wrong | (h > 23) | (m > 59) | (s > 59)).any()


def _epoch_days(year: Ints, month: Ints, day: Ints) -> Ints:
    """Days since 1970-01-01 of proleptic Gregorian dates (H. Hinnant's algorithm)."""
    y = year - (month <= 2)
    era = y // 400
    yoe = y - era * 400
    doy = (153 * (month + np.where(month > 2, -3, 9)) + 2) // 5 + day - 1
    days: Ints = era * 146_097 + yoe * 365 + yoe // 4 - yoe // 100 + doy - 719_468
    return days


def _one_time(text: str) -> float | None:
    match = _ISO_TIME.match(text)
    if match is None:
        return None
    year, month, day, hour, minute, second = (int(g) for g in match.groups()[:6])
    micro = int((match.group(7) or "")[:6].ljust(6, "0"))
    try:
        local = datetime(year, month, day, hour, minute, second, micro, tzinfo=UTC)
        return (local - _zone_offset(match.group(8))).timestamp()
    except (ValueError, OverflowError):  # no such date, or past year 1 or 9999
        return None


def _zone_offset(zone: str | None) -> timedelta:
    if zone is None or zone == "Z":
        return timedelta(0)
    sign = 1 if zone[0] == "+" else -1
    digits = zone[1:].replace(":", "")
    minutes = int(digits[:2]) * 60 + (int(digits[2:4]) if len(digits) >= 4 else 0)
    return timedelta(minutes=sign * minutes)
