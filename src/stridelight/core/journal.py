"""What a runner tells us besides their watch files: the sections of runner.json.

These mirror the runner bundle of DESIGN §4 one to one.  Validation of raw JSON
lives in ``importers.bundle``; these types assume valid values.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

#: The one vocabulary of body regions (docs/body-regions.md).
REGIONS: tuple[str, ...] = (
    "toes", "forefoot", "arch", "heel", "top_of_foot", "outer_foot",
    "inner_ankle", "outer_ankle", "achilles", "calf", "shin",
    "knee_front", "knee_outer", "knee_back", "hamstrings", "quadriceps",
    "adductors", "it_band", "hip_flexors", "glutes", "outer_hip", "lower_back",
)  # fmt: skip
FOOT_REGIONS = frozenset(
    {"toes", "forefoot", "arch", "heel", "top_of_foot", "outer_foot",
     "inner_ankle", "outer_ankle", "achilles"}
)  # fmt: skip
SIDES: tuple[str, ...] = ("left", "right", "both")
ACHE_TIMINGS: tuple[str, ...] = ("during_run", "after_run", "next_morning", "at_rest")
HABIT_KINDS: tuple[str, ...] = (
    "stretch", "warmup", "hydration", "sleep", "strength", "foam_roll",
)  # fmt: skip
SCREENING_TESTS: tuple[str, ...] = (
    "knee_to_wall_cm", "ankle_df_deg", "slr_deg", "thomas", "heel_raise_reps",
)  # fmt: skip
SESSION_KINDS: tuple[str, ...] = ("discovery", "mfr")
RED_FLAGS: tuple[str, ...] = (
    "numbness_tingling", "night_pain", "swelling_redness_fever",
    "focal_bone_pain", "cannot_bear_weight", "diabetic_neuropathy",
)  # fmt: skip

Sex = Literal["female", "male"]


@dataclass(frozen=True)
class RunnerProfile:
    sex: Sex | None = None
    birth_year: int | None = None
    body_mass_kg: float | None = None
    max_hr: float | None = None
    rest_hr: float | None = None
    time_zone: str = "UTC"


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


@dataclass(frozen=True)
class ActivityNote:
    """The journal's word on one activity file: which shoe, how hard it felt."""

    file: str
    shoe: str | None = None
    rpe: float | None = None  # CR-10, 0..10
    notes: str | None = None


@dataclass(frozen=True)
class Ache:
    at: datetime  # aware
    region: str
    side: str
    intensity: int  # NRS 0..10
    timing: str | None  # None: not logged, so it counts toward no timing-based rule
    quality: tuple[str, ...] = ()
    notes: str | None = None


@dataclass(frozen=True)
class Habit:
    date: date
    kind: str
    minutes: float | None = None
    liters: float | None = None
    hours: float | None = None
    targets: Mapping[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Screening:
    date: date
    test: str
    side: str
    value: float


@dataclass(frozen=True)
class Finding:
    region: str
    side: str
    restriction: int  # 0 none .. 3 severe


@dataclass(frozen=True)
class TherapySession:
    date: date
    kind: str
    findings: tuple[Finding, ...] = ()


@dataclass(frozen=True)
class Checkin:
    date: date
    red_flags: tuple[str, ...] = ()


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

    @property
    def is_run(self) -> bool:
        return self.sport in ("running", "trail_running")


@dataclass(frozen=True)
class RunnerData:
    """Everything known about one runner, the input of ``core.analysis.analyze``."""

    profile: RunnerProfile = field(default_factory=RunnerProfile)
    shoes: tuple[Shoe, ...] = ()
    workouts: tuple[Workout, ...] = ()
    aches: tuple[Ache, ...] = ()
    habits: tuple[Habit, ...] = ()
    screenings: tuple[Screening, ...] = ()
    sessions: tuple[TherapySession, ...] = ()
    checkins: tuple[Checkin, ...] = ()
