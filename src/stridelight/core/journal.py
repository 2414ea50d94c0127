"""What a runner tells us besides their watch files: the sections of runner.json.

These mirror the runner bundle of DESIGN §4 one to one.  Validation of raw JSON
lives in ``importers.bundle``; these types assume valid values.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields, is_dataclass
from datetime import date, datetime
from functools import cached_property
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from stridelight.core.vocabulary import (
    AcheTiming,
    HabitKind,
    RedFlagId,
    Region,
    ScreeningTest,
    SessionKind,
    Sex,
    Side,
    Sport,
    is_run,
)

T = TypeVar("T")


@dataclass(frozen=True)
class RunnerProfile:
    sex: Sex | None = None
    birth_year: int | None = None
    body_mass_kg: float | None = None
    max_hr: float | None = None
    rest_hr: float | None = None
    time_zone: str = "UTC"
    name: str | None = None  # as the runner wants it on the report

    @property
    def zone(self) -> ZoneInfo:
        """The runner's zone, for their local days; an unknown name falls back to
        UTC rather than failing (the bundle reader has already named it)."""
        try:
            return ZoneInfo(self.time_zone)
        except (KeyError, ValueError):
            return ZoneInfo("UTC")


@dataclass(frozen=True)
class Shoe:
    id: str
    name: str
    category: str | None = None  # e.g. road, trail, racing, minimal
    started_on: date | None = None
    retired_on: date | None = None
    start_km: float = 0.0
    #: The pair's own limit; None: ``Thresholds.shoe_limit_km`` (read through
    #: ``shoes.limit_of``, so a clinic's setting reaches every pair without one).
    limit_km: float | None = None
    #: True when how far the pair had gone before its first recorded run is not
    #: known (a Strava export's gear): its distance is then a lower bound.
    start_km_unknown: bool | None = None


@dataclass(frozen=True)
class ActivityNote:
    """The journal's word on one activity file: which shoe, how hard it felt."""

    file: str
    shoe: str | None = None
    rpe: float | None = None  # CR-10, 0..10
    notes: str | None = None
    #: What the activity was, when the runner says so: overrides the file's sport
    #: (a phone GPX without ``<type>`` reads as ``generic``).
    sport: Sport | None = None


@dataclass(frozen=True)
class Ache:
    at: datetime  # aware
    region: Region
    side: Side
    intensity: int  # NRS 0..10
    timing: (
        AcheTiming | None
    )  # None: not logged, so it counts toward no timing-based rule
    quality: tuple[str, ...] = ()
    notes: str | None = None


@dataclass(frozen=True)
class Habit:
    date: date
    kind: HabitKind
    minutes: float | None = None
    liters: float | None = None
    hours: float | None = None
    targets: Mapping[str, float] = field(default_factory=dict)
    #: The body regions worked (stretch, strength, foam_roll); () when not logged.
    regions: tuple[Region, ...] = ()


@dataclass(frozen=True)
class Screening:
    date: date
    test: ScreeningTest
    side: Side
    value: float


@dataclass(frozen=True)
class Finding:
    region: Region
    side: Side
    restriction: int  # 0 none .. 3 severe


@dataclass(frozen=True)
class TherapySession:
    date: date
    kind: SessionKind
    findings: tuple[Finding, ...] = ()


@dataclass(frozen=True)
class Checkin:
    date: date
    red_flags: tuple[RedFlagId, ...] = ()


@dataclass(frozen=True)
class Workout:
    """What the analysis needs of one activity, computed once from its samples.

    ``trimp`` is Banister's TRIMP over the heart-rate samples (None without HR);
    the analysis chooses TRIMP, session-RPE or the pace fallback per workout.
    """

    id: str  # the activity file's path inside the bundle
    start: datetime  # aware
    sport: str
    duration_s: float
    distance_m: float
    moving_time_s: float | None = None
    avg_hr: float | None = None
    trimp: float | None = None
    rpe: float | None = None
    shoe: str | None = None
    step_length_m: float | None = None
    avg_speed_mps: float | None = None
    start_lat: float | None = None
    start_lon: float | None = None
    temperature_c: float | None = None
    notes: str | None = None  # the journal's free text on this activity

    @cached_property
    def is_run(self) -> bool:
        """Kept on the instance once asked (five passes of the analysis ask
        each of a ten-year runner's 5,000 workouts); not a field, so equality,
        hashing and ``replace`` ignore it."""
        return is_run(self.sport)


@dataclass(frozen=True)
class Journal:
    """What the runner tells us: every section of runner.json but the activity notes.

    Defined once: the bundle reads and writes it, and ``RunnerData`` extends it,
    so a new section is one field here (plus its reader and writer in the bundle).
    """

    profile: RunnerProfile = field(default_factory=RunnerProfile)
    shoes: tuple[Shoe, ...] = ()
    aches: tuple[Ache, ...] = ()
    habits: tuple[Habit, ...] = ()
    screenings: tuple[Screening, ...] = ()
    sessions: tuple[TherapySession, ...] = ()
    checkins: tuple[Checkin, ...] = ()


@dataclass(frozen=True)
class RunnerData(Journal):
    """Everything known about one runner, the input of ``core.analysis.analyze``.

    The journal plus the workouts decoded from the activity files.
    """

    workouts: tuple[Workout, ...] = ()

    @classmethod
    def from_journal(
        cls, journal: Journal, workouts: tuple[Workout, ...] = ()
    ) -> RunnerData:
        return cls(**_sections(journal), workouts=workouts)

    @property
    def journal(self) -> Journal:
        """The journal alone, without the workouts."""
        return Journal(**_sections(self))


def _sections(journal: Journal) -> dict[str, Any]:
    """The journal's sections by field name (a RunnerData's workouts left out)."""
    return {f.name: getattr(journal, f.name) for f in fields(Journal)}


def maker(cls: type[T]) -> Callable[[tuple[Any, ...]], T]:
    """A builder of ``cls`` from a tuple of every field's value, in field order,
    for readers that make thousands at once (``runners.selectors``).

    The same object as ``cls(*values)``: a frozen dataclass's ``__init__`` only
    stores its fields, but each through ``object.__setattr__`` (the frozen
    guard), 2.3 µs for a ``Workout``; filling the instance's ``__dict__`` in
    one call takes 1.2.  So only classes whose ``__init__`` does nothing else
    are accepted: no ``__post_init__``, no slots (``tests/core/test_maker.py``
    compares the two ways for each class the readers build).
    """
    if not is_dataclass(cls) or hasattr(cls, "__post_init__"):
        raise TypeError(f"{cls.__name__}: not a dataclass that only stores its fields")
    if "__slots__" in cls.__dict__:
        raise TypeError(f"{cls.__name__}: slots have no __dict__ to fill")
    names = tuple(f.name for f in fields(cls))
    new = object.__new__

    def make(values: tuple[Any, ...]) -> T:
        made = new(cls)
        made.__dict__.update(zip(names, values, strict=True))
        return made

    return make
