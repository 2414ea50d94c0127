"""What the GPX and TCX readers share: safe parsing, columns, the Activity.

Safety.  lxml parses with entity substitution, DTD loading, network access and
huge trees all off, and a document that declares entities is refused, so
billion-laughs and external-entity payloads never expand.  A file that breaks off
mid-way (truncated download) is recovered up to the break, with a warning.

Speed.  A column is gathered by one C-level query (XPath or lxml ``iter``) and
converted by NumPy: floats by ``float()`` in C, ISO times as a grid of characters.
Python handles element objects only to place values some points lack.
"""

from __future__ import annotations

import codecs
import functools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, cast

import numpy as np
import numpy.typing as npt
from lxml import etree

from stridelight.core.activity import FOOT_SPORTS, Activity, FloatArray, Lap
from stridelight.core.activity import utc_from_posix as _utc
from stridelight.core.track import (
    cumulative_distance_m,
    elapsed_s,
    last_valid,
    moving_time_s,
)
from stridelight.importers.errors import CorruptFileError, ReadError

IntArray = npt.NDArray[np.intp]
Ints = npt.NDArray[np.int64]
Texts = list[str | None]  # element texts; None for an empty element
Element = etree._Element

_NON_ASCII = bytes(range(0x80))
_POSITION_SUFFIX = re.compile(r",? line \d+, column \d+\s*$")
_BOMS_TO_KEEP = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_BE)


@dataclass(frozen=True, eq=False)
class Document:
    root: Element
    truncated: str | None = None  # where the file broke off, when it did

    @property
    def namespace(self) -> str | None:
        return etree.QName(self.root).namespace

    @property
    def root_name(self) -> str:
        return etree.QName(self.root).localname


def parse(data: bytes, *, source: str) -> Document:
    """Parse untrusted bytes; ReadError for anything that is not usable XML."""
    body = _strip_prolog(data)
    if not body:
        raise ReadError(source, "the file is empty")
    truncated = None
    try:
        root = _fromstring(body, recover=False)
        assert root is not None  # a strict parse raises rather than return nothing
    except etree.XMLSyntaxError as error:
        root, truncated = _recover(body, error, source)
    except (ValueError, LookupError) as error:  # e.g. an unknown declared encoding
        raise CorruptFileError(source, f"not readable as XML: {error}") from None
    _refuse_entities(root, source)
    return Document(root, truncated)


def _strip_prolog(data: bytes) -> bytes:
    # Strava exports put spaces before <?xml …?>, which XML forbids; a UTF-8 BOM
    # may sit on either side of them.  UTF-16/32 files keep their BOM untouched.
    if data.startswith(_BOMS_TO_KEEP):
        return data
    body = data.lstrip()
    if body.startswith(codecs.BOM_UTF8):
        body = body[len(codecs.BOM_UTF8) :].lstrip()
    return body


def _fromstring(body: bytes, *, recover: bool) -> Element | None:
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_blank_text=True,
        remove_comments=True,
        remove_pis=True,
        recover=recover,
    )
    # None only in recover mode, when not a single element could be salvaged.
    root: Element | None = etree.fromstring(body, parser)
    return root


def _recover(
    body: bytes, error: etree.XMLSyntaxError, source: str
) -> tuple[Element, str]:
    where = _describe(error)
    if not _breaks_at_end(body, error):
        raise CorruptFileError(source, f"not well-formed XML at {where}") from None
    try:
        root = _fromstring(body, recover=True)
    except (etree.XMLSyntaxError, ValueError, LookupError):
        root = None
    if root is None:
        raise CorruptFileError(source, f"not well-formed XML at {where}")
    return root, where


def _describe(error: etree.XMLSyntaxError) -> str:
    line, column = error.position
    message = _POSITION_SUFFIX.sub("", str(error.msg or error)).replace("\n", " ")
    return f"line {line}, column {column}: {message}"


def _breaks_at_end(body: bytes, error: etree.XMLSyntaxError) -> bool:
    """A truncated file fails on its last line, at (or just before) its end."""
    line, column = error.position
    if line < body.count(b"\n") + 1:
        return False
    last = body[body.rfind(b"\n") + 1 :]
    # Columns count characters, the line's length bytes: allow for multi-byte ones.
    slack = 64 + len(last.translate(None, _NON_ASCII))
    return len(last) - column <= slack


def _refuse_entities(root: Element, source: str) -> None:
    dtd = cast(Any, root.getroottree().docinfo.internalDTD)
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise CorruptFileError(
            source,
            "declares XML entities (<!ENTITY>), which activity files never need;"
            " refused for safety",
        )


@functools.lru_cache(maxsize=64)
def xpath(path: str, d: str | None, x: str | None = None) -> etree.XPath:
    """Compile ``path`` with prefixes ``d:`` and ``x:`` bound to these namespaces.

    Writers choose their own prefixes, so paths name the namespace a reader found
    in the file; a prefix whose namespace is None matches un-namespaced elements.
    """
    bound = {}
    for prefix, uri in (("d", d), ("x", x)):
        if uri is None:
            path = re.sub(rf"(?<![\w.-]){prefix}:", "", path)
        else:
            bound[prefix] = uri
    return etree.XPath(path, namespaces=bound, smart_strings=False)


def elements(query: etree.XPath, node: Element) -> list[Element]:
    return cast(list[Element], query(node))


def strings(query: etree.XPath, node: Element) -> Texts:
    return cast(Texts, query(node))


class Points:
    """The point elements in document order, and which point a value belongs to."""

    def __init__(self, found: list[Element]) -> None:
        self.elements = found
        self._rows: dict[Element, int] | None = None

    def __len__(self) -> int:
        return len(self.elements)

    def texts(
        self, found: Sequence[Element], *, one_each: bool
    ) -> tuple[Texts, IntArray | None]:
        """The text of each value and the row it belongs to (None: row i is value i).

        ``one_each`` says the query cannot yield two values for one point (a
        structural path to an element its schema allows once), so as many values
        as points are one per point in order, and no ancestor walk is needed.
        """
        if one_each and len(found) == len(self.elements):
            return [element.text for element in found], None
        if self._rows is None:
            self._rows = {element: row for row, element in enumerate(self.elements)}
        texts: Texts = []
        rows: list[int] = []
        for element in found:
            row = _owner(element, self._rows)
            if row is not None:  # values outside every point are not samples
                texts.append(element.text)
                rows.append(row)
        where = np.asarray(rows, dtype=np.intp)
        unique, first = np.unique(where, return_index=True)
        if unique.size < where.size:  # several values in one point: the first wins
            first.sort()
            return [texts[i] for i in first], where[first]
        return texts, where


def _owner(element: Element, rows_of: dict[Element, int]) -> int | None:
    node = element.getparent()
    while node is not None:
        row = rows_of.get(node)
        if row is not None:
            return row
        node = node.getparent()
    return None


def spread(n: int, values: FloatArray, rows: IntArray | None) -> FloatArray:
    """Values placed on their rows of an ``n``-row column, NaN elsewhere."""
    if rows is None:
        return values
    out = np.full(n, np.nan)
    out[rows] = values
    return out


def numbers(texts: Sequence[str | None]) -> tuple[FloatArray, int]:
    """Floats as Python reads them; blank -> NaN, unreadable -> NaN and counted."""
    try:  # NumPy calls float() on each text in C, and makes None NaN
        return np.array(texts, dtype=np.float64), 0
    except ValueError:
        pass
    out = np.full(len(texts), np.nan)
    bad = 0
    for i, text in enumerate(texts):
        if text and text.strip():
            try:
                out[i] = float(text)
            except ValueError:
                bad += 1
    return out, bad


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


# --- From columns to an Activity, the same for both formats -------------------

_FIRST_POSIX, _LAST_POSIX = -62_135_596_800.0, 253_402_300_799.0  # years 1 to 9999
_NON_NEGATIVE = ("dist_m", "speed_mps", "hr_bpm", "cadence_spm", "power_w")
#: Below this median a foot cadence is strides (one foot) per minute, not steps.
STRIDES_BELOW_SPM = 120.0


@dataclass(frozen=True)
class Found:
    """What a reader took from a file, before the shared clean-up and summary."""

    format: str
    sport: str
    samples: dict[str, FloatArray]
    sub_sport: str | None = None
    device: str | None = None
    name: str | None = None
    laps: tuple[Lap, ...] = ()
    warnings: tuple[str, ...] = ()
    extra: Mapping[str, str] = field(default_factory=dict)
    unreadable: int = 0  # values that were there but not numbers or times


def activity(found: Found) -> Activity:
    s = dict(found.samples)
    notes = list(found.warnings)
    if found.unreadable:
        notes.append(
            f"{found.unreadable} value(s) were not numbers or times; left empty"
        )
    cleared = _clear_impossible(s)
    if cleared:
        notes.append(
            f"{cleared} value(s) out of range (e.g. latitude past 90°); left empty"
        )
    if np.isnan(s["dist_m"]).all():
        s["dist_m"] = cumulative_distance_m(s["lat"], s["lon"])
    if np.isnan(s["speed_mps"]).all():
        s["speed_mps"] = derived_speed(s["t"], s["dist_m"])
    if found.sport in FOOT_SPORTS:
        s["cadence_spm"] = steps_per_minute(s["cadence_spm"])
    t = s["t"]
    known = t[~np.isnan(t)]
    backwards = int((np.diff(known) < 0).sum())
    if backwards:
        notes.append(f"time goes backwards at {backwards} point(s); file order kept")
    return Activity(
        format=found.format,
        sport=found.sport,
        start=moment(float(known[0])) if known.size else None,
        duration_s=elapsed_s(t),
        moving_time_s=moving_time_s(t, s["dist_m"]),
        distance_m=_total_distance(s["dist_m"], found.laps),
        samples=s,
        sub_sport=found.sub_sport,
        device=found.device,
        name=found.name,
        laps=found.laps,
        warnings=tuple(notes),
        extra=found.extra,
    )


def moment(seconds: float) -> datetime | None:
    """The aware UTC datetime of POSIX ``seconds``; None outside years 1-9999."""
    if not _FIRST_POSIX <= seconds <= _LAST_POSIX:
        return None
    return _utc(seconds)


def _clear_impossible(s: dict[str, FloatArray]) -> int:
    """NaN for values no device records: infinities, negative counts, off-globe."""
    before = sum(int(np.isnan(v).sum()) for v in s.values())
    for name, values in s.items():
        wrong = np.isinf(values)
        if name == "t":
            wrong |= (values < _FIRST_POSIX) | (values > _LAST_POSIX)
        if name in _NON_NEGATIVE:
            wrong |= values < 0
        s[name] = np.where(wrong, np.nan, values)
    off_globe = (np.abs(s["lat"]) > 90) | (np.abs(s["lon"]) > 180)
    for name in ("lat", "lon"):
        s[name] = np.where(off_globe, np.nan, s[name])
    return sum(int(np.isnan(v).sum()) for v in s.values()) - before


def derived_speed(t: FloatArray, dist: FloatArray) -> FloatArray:
    """Speed from distance over time: a centred difference, one-sided at the ends.

    Across two intervals (i-1 to i+1) rather than one, which halves GPS jitter and
    survives repeated timestamps; only points with both a time and a distance are
    used, and NaN is left where time does not move forward or distance shrinks.
    """
    out = np.full(t.shape, np.nan)
    rows = np.flatnonzero(~(np.isnan(t) | np.isnan(dist)))
    if rows.size < 2:
        return out
    before = np.concatenate(([0], np.arange(rows.size - 1)))
    after = np.concatenate((np.arange(1, rows.size), [rows.size - 1]))
    dt = t[rows][after] - t[rows][before]
    dd = dist[rows][after] - dist[rows][before]
    ok = (dt > 0) & (dd >= 0)
    out[rows] = np.divide(dd, dt, out=np.full(dt.shape, np.nan), where=ok)
    return out


def steps_per_minute(cadence: FloatArray) -> FloatArray:
    """Foot cadence in steps/min: files that count one foot (strides) get doubled.

    GPX ``cad`` and TCX cadences do not say which they count; a median under
    120 is no runner's or walker's step rate, so it must be strides (science §1.7).
    """
    moving = cadence[cadence > 0]
    if moving.size and float(np.median(moving)) < STRIDES_BELOW_SPM:
        return cadence * 2.0
    return cadence


def _total_distance(dist: FloatArray, laps: Sequence[Lap]) -> float | None:
    """The last distance sample (the file's own or the track's); else the laps' sum."""
    last = last_valid(dist)
    if last is not None:
        return last
    lap_distances = [lap.distance_m for lap in laps if lap.distance_m is not None]
    return float(sum(lap_distances)) if lap_distances else None
