"""One recording once: which of a runner's recordings are copies of another (DESIGN §2).

The same run reaches us twice more often than one would think: a FIT and Strava's GPX
of it, a watch and a phone both recording, a cut copy beside the original.  Counted
twice, it doubles that day's load and fakes a spike.  The rule: two recordings of one
runner overlapping in time by more than a share of the shorter one's duration
(``Thresholds.duplicate_overlap_share``, "most of") are one activity; the richer is
kept and the other is linked to it.

Decisions the rule leaves open, and why:

- **Sport does not matter.** One body cannot do two activities at once, and the
  copies of one run often disagree on its sport (a watch says ``generic``, a phone
  ``running``; a phone guesses ``walking`` for a slow run).  When the kept recording
  only says ``generic``, the sport a copy of it names is reported in
  :attr:`Duplicates.sports` so the run still counts as a run.
- **No duration, no match.** A recording without a duration (or of zero length)
  cannot overlap anything by a share of its length: it is always kept and never
  the original of another.
- **Richer** means, in this order: carries heart rate (the load rests on it), more
  channels, more samples, the fuller format (FIT, then TCX, then GPX); then the
  longer, the farther, and the smaller id, so that the choice never depends on the
  order the files came in.
- **Chains** (A overlaps B, B overlaps C) are resolved richest first: a recording
  is kept unless it duplicates one already kept, and a duplicate links to the kept
  recording it overlaps longest.  So three copies of one run become one activity
  with two links to it, and two different runs that a long copy spans are both kept
  (the copy links to one of them) instead of one being lost.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from types import MappingProxyType
from typing import Literal, get_args

import numpy as np

from stridelight.core.activity import Activity, FloatArray
from stridelight.core.journal import Workout
from stridelight.core.thresholds import DEFAULTS, Thresholds

Channel = Literal["heart_rate", "cadence", "power", "position", "altitude"]
CHANNELS: frozenset[str] = frozenset(get_args(Channel))

#: Sample columns that make each channel (position needs both).
_COLUMNS_OF: Mapping[Channel, tuple[str, ...]] = MappingProxyType(
    {
        "heart_rate": ("hr_bpm",),
        "cadence": ("cadence_spm",),
        "power": ("power_w",),
        "position": ("lat", "lon"),
        "altitude": ("alt_m",),
    }
)

#: FIT keeps laps, device and sensor fields that TCX and GPX lose in conversion.
_FORMAT_RANK: Mapping[str, int] = MappingProxyType({"fit": 0, "tcx": 1, "gpx": 2})

#: The sport of a recording that does not know what it was.
GENERIC_SPORT = "generic"


@dataclass(frozen=True)
class Recording:
    """What the duplicate rule needs to know of one recording.

    ``samples`` is the number of records; ``channels`` the kinds of data at least one
    record carries; ``format`` is ``fit``, ``tcx`` or ``gpx`` (anything else ranks
    after them).
    """

    id: str
    start: datetime  # aware
    duration_s: float | None
    sport: str
    distance_m: float | None = None
    samples: int = 0
    channels: frozenset[Channel] = frozenset()
    format: str = ""

    def __post_init__(self) -> None:
        if self.start.utcoffset() is None:
            raise ValueError(f"recording {self.id!r}: start must be an aware datetime")
        for name in ("duration_s", "distance_m"):
            value = getattr(self, name)
            if value is not None and not (math.isfinite(value) and value >= 0):
                raise ValueError(
                    f"recording {self.id!r}: {name} must be a number of 0 or more, "
                    f"not {value!r}"
                )
        if self.samples < 0:
            raise ValueError(f"recording {self.id!r}: samples must be 0 or more")
        unknown = set(self.channels) - CHANNELS
        if unknown:
            raise ValueError(
                f"recording {self.id!r}: unknown channels {sorted(unknown)}, "
                f"expected some of {sorted(CHANNELS)}"
            )


@dataclass(frozen=True)
class Duplicates:
    """The verdict on a runner's recordings.

    ``kept`` lists the recordings that stay, in order of start; ``duplicate_of`` maps
    each other recording to the kept one it copies; ``sports`` gives, for a kept
    recording that only says ``generic``, the sport one of its copies names.
    """

    kept: tuple[str, ...]
    duplicate_of: Mapping[str, str] = field(default_factory=dict)
    sports: Mapping[str, str] = field(default_factory=dict)

    def is_kept(self, recording_id: str) -> bool:
        return recording_id not in self.duplicate_of

    @property
    def count(self) -> int:
        """How many recordings were found to be copies (``analyze``'s "duplicates")."""
        return len(self.duplicate_of)


def find_duplicates(
    recordings: Iterable[Recording], *, thresholds: Thresholds = DEFAULTS
) -> Duplicates:
    """Which recordings of one runner are kept and which copy another (see module doc).

    One sort and a bisection per recording: O(n log n) comparisons for a real
    history, where each recording overlaps a handful of others (a recording spanning
    many kept ones is compared with each of them once).  Kept spans go into Python
    lists, whose inserts move pointers: negligible at tens of thousands.
    """
    share = thresholds.duplicate_overlap_share
    if not 0 <= share < 1:
        raise ValueError(f"duplicate_overlap_share must be in [0, 1), not {share!r}")
    ranked = sorted(_unique(recordings), key=_richest_first)
    line = _KeptLine(share)
    duplicate_of: dict[str, str] = {}
    for rank, recording in enumerate(ranked):
        span = _Span.of(recording, rank)
        if span is None:
            continue  # no duration: nothing to overlap, always kept
        original = line.best_match(span)
        if original is None:
            line.add(span)
        else:
            duplicate_of[recording.id] = original.recording.id
    in_time = sorted(ranked, key=lambda r: (r.start, r.id))
    kept = tuple(r.id for r in in_time if r.id not in duplicate_of)
    return Duplicates(
        kept=kept,
        duplicate_of=MappingProxyType(duplicate_of),
        sports=MappingProxyType(_sports_named_by_copies(ranked, duplicate_of)),
    )


def channels_of(samples: Mapping[str, FloatArray]) -> frozenset[Channel]:
    """The channels at least one sample carries (NaN is "absent")."""
    return frozenset(
        channel
        for channel, columns in _COLUMNS_OF.items()
        if all(bool(np.isfinite(samples[c]).any()) for c in columns)
    )


def recording_from_activity(activity: Activity, *, id: str) -> Recording:
    """Describe an imported activity; its duration falls back to its samples' span."""
    if activity.start is None:
        raise ValueError(f"{id}: the activity has no start time")
    return Recording(
        id=id,
        start=activity.start,
        duration_s=activity.duration_s or _span(activity.samples["t"]),
        sport=activity.sport,
        distance_m=activity.distance_m,
        samples=activity.records,
        channels=channels_of(activity.samples),
        format=activity.format,
    )


def recording_from_workout(
    workout: Workout, *, samples: int, channels: Iterable[Channel], format: str
) -> Recording:
    """Describe a stored workout, given the richness facts kept from its file."""
    return Recording(
        id=workout.id,
        start=workout.start,
        duration_s=workout.duration_s,
        sport=workout.sport,
        distance_m=workout.distance_m,
        samples=samples,
        channels=frozenset(channels),
        format=format,
    )


def keep_once(workouts: Iterable[Workout], found: Duplicates) -> tuple[Workout, ...]:
    """The kept workouts, in the given order, each completed from its copies.

    What the runner noted on a copy (its shoe, its effort rating) would be lost with
    it, so a kept workout that has none takes the copy's; a kept ``generic`` one
    takes the sport its copies name.
    """
    given = list(workouts)
    copies: dict[str, list[Workout]] = {}
    for workout in sorted(given, key=lambda w: w.id):
        original = found.duplicate_of.get(workout.id)
        if original is not None:
            copies.setdefault(original, []).append(workout)
    return tuple(
        _completed(w, copies.get(w.id, []), found.sports.get(w.id, w.sport))
        for w in given
        if found.is_kept(w.id)
    )


def _completed(kept: Workout, copies: list[Workout], sport: str) -> Workout:
    shoe = kept.shoe or next((c.shoe for c in copies if c.shoe), None)
    rpe = (
        kept.rpe
        if kept.rpe is not None
        else next((c.rpe for c in copies if c.rpe is not None), None)
    )
    return replace(kept, sport=sport, shoe=shoe, rpe=rpe)


def _unique(recordings: Iterable[Recording]) -> list[Recording]:
    seen: set[str] = set()
    out: list[Recording] = []
    for recording in recordings:
        if recording.id in seen:
            raise ValueError(f"two recordings share the id {recording.id!r}")
        seen.add(recording.id)
        out.append(recording)
    return out


def _richest_first(r: Recording) -> tuple[int, int, int, int, float, float, str]:
    return (
        -int("heart_rate" in r.channels),
        -len(r.channels),
        -r.samples,
        _FORMAT_RANK.get(r.format.lower(), len(_FORMAT_RANK)),
        -(r.duration_s or 0.0),
        -(r.distance_m or 0.0),
        r.id,
    )


@dataclass(frozen=True)
class _Span:
    """A recording as an interval of POSIX seconds, with its place in the ranking."""

    start: float
    end: float
    rank: int
    recording: Recording

    @staticmethod
    def of(recording: Recording, rank: int) -> _Span | None:
        if recording.duration_s is None:
            return None
        start = recording.start.timestamp()
        end = start + recording.duration_s
        # Compared as end > start so that a length lost to rounding is no length.
        return _Span(start, end, rank, recording) if end > start else None

    @property
    def length(self) -> float:
        return self.end - self.start


class _KeptLine:
    """The kept recordings on the time line, sorted by start.

    No kept span contains another (a contained span overlaps by all of its length,
    which is more than any share below 1), so sorted by start they are also sorted
    by end: the kept spans overlapping an interval are one slice, found by bisection.
    """

    def __init__(self, share: float) -> None:
        self._share = share
        self._starts: list[float] = []
        self._ends: list[float] = []
        self._spans: list[_Span] = []

    def add(self, span: _Span) -> None:
        at = bisect_left(self._starts, span.start)
        self._starts.insert(at, span.start)
        self._ends.insert(at, span.end)
        self._spans.insert(at, span)

    def best_match(self, span: _Span) -> _Span | None:
        """The kept span this one overlaps longest beyond the share; ties: the richer."""
        first = bisect_right(self._ends, span.start)
        stop = bisect_left(self._starts, span.end)
        best: tuple[float, int] | None = None
        found: _Span | None = None
        for kept in self._spans[first:stop]:
            overlap = min(span.end, kept.end) - max(span.start, kept.start)
            if overlap <= self._share * min(span.length, kept.length):
                continue
            if best is None or (overlap, -kept.rank) > best:
                best, found = (overlap, -kept.rank), kept
        return found


def _sports_named_by_copies(
    ranked: list[Recording], duplicate_of: Mapping[str, str]
) -> dict[str, str]:
    """For kept ``generic`` recordings, the sport of their richest copy that names one."""
    by_id = {r.id: r for r in ranked}
    sports: dict[str, str] = {}
    for recording in ranked:  # richest first, so the richest copy speaks first
        original = duplicate_of.get(recording.id)
        if original is None or recording.sport == GENERIC_SPORT:
            continue
        if by_id[original].sport == GENERIC_SPORT and original not in sports:
            sports[original] = recording.sport
    return sports


def _span(t: FloatArray) -> float | None:
    finite = t[np.isfinite(t)]
    return float(finite.max() - finite.min()) if finite.size >= 2 else None
