"""What an analysis returns: the document of ``analyze --json`` plus chart series.

The analysis (``core.analysis``) produces it; the CLI, the report and later the web
app only read it.  Fields may be added; the names used by ``to_json`` are a stable
interface (DESIGN §4).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from stridelight.core.thresholds import DEFAULTS
from stridelight.core.vocabulary import (
    ActionKind,
    CauseId,
    Level,
    LineGrade,
    MfrCadence,
    RedFlagId,
    Region,
    Side,
)


@dataclass(frozen=True)
class Evidence:
    """One checkable number: the signal, the runner's value, the rule, the source."""

    signal: str  # machine id, e.g. "single_run_spike"
    text: str  # one sentence for a person, with the numbers in it
    value: float | str | None
    threshold: str  # e.g. "> 110 % of the longest run in the previous 30 days"
    citation: str  # id in the evidence registry (docs/evidence.md), e.g. "frandsen2025"
    level: Level = "clear"

    def to_json(self) -> dict[str, Any]:
        return {
            "signal": self.signal,
            "text": self.text,
            "value": self.value,
            "threshold": self.threshold,
            "citation": self.citation,
            "level": self.level,
        }


@dataclass(frozen=True)
class CauseFinding:
    id: CauseId
    level: Level
    score: float | None  # 0..1; None when not assessed
    evidence: tuple[Evidence, ...] = ()
    #: When not assessed: what the runner could record so that it can be judged.
    needs: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "level": self.level,
            "score": None if self.score is None else round(self.score, 3),
            "evidence": [e.to_json() for e in self.evidence],
            "needs": self.needs,
        }


@dataclass(frozen=True)
class ChainLink:
    """A body region upstream of the ache, ranked as a likely contributor."""

    region: Region
    score: float  # 0..1
    line: str  # myofascial line id, e.g. "superficial_back_line"
    evidence_grade: LineGrade
    path: tuple[str, ...] = ()  # from the aching region up to this one
    reasons: tuple[str, ...] = ()
    side: Side = "both"  # whose evidence gives the score: "left", "right" or "both"

    def to_json(self) -> dict[str, Any]:
        return {
            "region": self.region,
            "side": self.side,
            "score": round(self.score, 3),
            "line": self.line,
            "evidence_grade": self.evidence_grade,
            "path": list(self.path),
            "reasons": list(self.reasons),
        }


@dataclass(frozen=True)
class PlanAction:
    kind: ActionKind
    text: str  # what to do, in plain words
    why: str  # which finding it answers, with the runner's numbers
    citation: str
    targets: tuple[str, ...] = ()  # body regions or shoe ids it is aimed at

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "text": self.text,
            "why": self.why,
            "citation": self.citation,
            "targets": list(self.targets),
        }


@dataclass(frozen=True)
class Plan:
    mfr_cadence: MfrCadence
    actions: tuple[PlanAction, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "mfr_cadence": self.mfr_cadence,
            "actions": [a.to_json() for a in self.actions],
        }


@dataclass(frozen=True)
class Pattern:
    """An association between an exposure and next-day aches, with its uncertainty."""

    exposure: str
    outcome: str
    n_exposed: int
    n_unexposed: int
    effect: float | None  # risk ratio (None when not claimed)
    low: float | None
    high: float | None
    claimed: bool  # False below the minimum number of observations
    text: str

    def to_json(self) -> dict[str, Any]:
        return {
            "exposure": self.exposure,
            "outcome": self.outcome,
            "n_exposed": self.n_exposed,
            "n_unexposed": self.n_unexposed,
            "effect": self.effect,
            "interval": [self.low, self.high],
            "claimed": self.claimed,
            "text": self.text,
        }


@dataclass(frozen=True)
class DailySeries:
    """One value per calendar day (local to the runner), oldest first, for charts."""

    days: tuple[date, ...]
    load: tuple[float, ...]
    distance_km: tuple[float, ...]
    fitness: tuple[float, ...]  # CTL, 42-day
    fatigue: tuple[float, ...]  # ATL, 7-day
    form: tuple[float, ...]  # CTL − ATL
    monotony: tuple[float | None, ...]
    strain: tuple[float | None, ...]
    ache_max: tuple[int | None, ...]  # worst NRS logged that day


@dataclass(frozen=True)
class ShoeStatus:
    id: str
    name: str
    km: float
    limit_km: float
    runs_28d: int
    share_28d: float  # share of the last 28 days' runs in this pair
    retired: bool = False
    ache_rate: float | None = None  # share of its runs followed by an ache
    #: True when the distance before its first recorded run is not known (Strava
    #: gear): ``km`` is then a lower bound, shown as "at least".
    at_least: bool = False

    @property
    def km_text(self) -> str:
        """The pair's distance in words: "412 km", or "at least 412 km"."""
        return f"{'at least ' if self.at_least else ''}{self.km:.0f} km"

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "km": round(self.km, 1),
            "limit_km": self.limit_km,
            "runs_28d": self.runs_28d,
            "share_28d": round(self.share_28d, 3),
            "retired": self.retired,
            "ache_rate": self.ache_rate,
            "km_at_least": self.at_least,
        }


@dataclass(frozen=True)
class DataSpan:
    """What the analysis had to go on, up to "as of" (``analyze --json``'s ``data``).

    ``first`` and ``last`` are the runner's local days of the oldest and newest
    activity or diary entry (None with neither); ``activities`` counts every sport,
    each recording once; ``duplicates`` the files counted as copies of another.
    """

    first: date | None = None
    last: date | None = None
    activities: int = 0
    duplicates: int = 0

    def to_json(self) -> dict[str, Any]:
        return {
            "first": None if self.first is None else self.first.isoformat(),
            "last": None if self.last is None else self.last.isoformat(),
            "activities": self.activities,
            "duplicates": self.duplicates,
        }


@dataclass(frozen=True)
class RedFlagQuestion:
    """A red flag the diary only suggests ("a bit numb?"): asked, not decided.

    It is not a red flag: the plan asks ``question`` first, and the answer (a
    check-in) settles it.
    """

    id: RedFlagId
    question: str  # in the runner's words, e.g. "Does the pain wake you at night?"
    words: str  # what the runner wrote that suggested it
    where: str  # the entry it was written in, e.g. "heel ache of 2025-11-14 07:00"

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "question": self.question,
            "words": self.words,
            "where": self.where,
        }


@dataclass(frozen=True)
class RedFlagScreening:
    """When the six red-flag questions were last answered (DESIGN §1).

    ``answered_on`` is the latest check-in recent enough to stand (None: the
    questions count as not asked, which is not "none"); ``last_answered`` is the
    latest check-in of any age, so an old one can be shown with its date.
    """

    answered_on: date | None = None
    last_answered: date | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "answered_on": None
            if self.answered_on is None
            else self.answered_on.isoformat()
        }


@dataclass(frozen=True)
class Recorded:
    """What the analysis stands on: the runs and days with data up to "as of"."""

    runs: int = 0
    km: float = 0.0
    first: date | None = None  # first local day with any data (run or diary)
    last: date | None = None  # newest local day with any data, never after "as of"


@dataclass(frozen=True)
class Analysis:
    as_of: date
    red_flags: tuple[RedFlagId, ...]
    causes: tuple[CauseFinding, ...]
    chain: tuple[ChainLink, ...]
    plan: Plan
    patterns: tuple[Pattern, ...] = ()
    shoes: tuple[ShoeStatus, ...] = ()
    series: DailySeries | None = None
    ache_by_region: dict[str, float] = field(
        default_factory=dict
    )  # "heel:left" -> mean NRS
    notes: tuple[str, ...] = ()  # e.g. "only 9 days of history: form not shown"
    #: The windows the report says it shows: the body map's mean aches, and the
    #: aches the chain ranking reads (``Thresholds``).
    ache_map_days: int = DEFAULTS.ache_map_days
    chain_window_days: int = DEFAULTS.chain_window_days
    data: DataSpan = field(default_factory=DataSpan)
    red_flag_screening: RedFlagScreening = field(default_factory=RedFlagScreening)
    #: Where each red flag in force came from, dated (e.g. the check-in of a day).
    red_flag_reasons: dict[RedFlagId, str] = field(default_factory=dict)
    recorded: Recorded = field(default_factory=Recorded)
    #: The day the analysis was asked for when the data ended long before it,
    #: so that it is as of the newest data's day instead (``core.as_of``).
    moved_from: date | None = None
    ask: tuple[RedFlagQuestion, ...] = ()  # red flags the diary only suggests

    def to_json(self) -> dict[str, Any]:
        """The ``analyze --json`` document (DESIGN §4), plus extra keys after them."""
        return {
            "as_of": self.as_of.isoformat(),
            "red_flags": list(self.red_flags),
            "red_flag_screening": self.red_flag_screening.to_json(),
            "data": self.data.to_json(),
            "ask": [q.to_json() for q in self.ask],
            "causes": [c.to_json() for c in self.causes],
            "chain": [c.to_json() for c in self.chain],
            "plan": self.plan.to_json(),
            "patterns": [p.to_json() for p in self.patterns],
            "shoes": [s.to_json() for s in self.shoes],
            "notes": list(self.notes),
        }
