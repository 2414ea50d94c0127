"""What an analysis returns: the document of ``analyze --json`` plus chart series.

The analysis (``core.analysis``) produces it; the CLI, the report and later the web
app only read it.  Fields may be added; the names used by ``to_json`` are a stable
interface (DESIGN §4).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

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
    score: float  # 0..1
    evidence: tuple[Evidence, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "level": self.level,
            "score": round(self.score, 3),
            "evidence": [e.to_json() for e in self.evidence],
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
    ask: tuple[RedFlagQuestion, ...] = ()  # red flags the diary only suggests

    def to_json(self) -> dict[str, Any]:
        """The ``analyze --json`` document (DESIGN §4), plus extra keys after them."""
        return {
            "as_of": self.as_of.isoformat(),
            "red_flags": list(self.red_flags),
            "ask": [q.to_json() for q in self.ask],
            "causes": [c.to_json() for c in self.causes],
            "chain": [c.to_json() for c in self.chain],
            "plan": self.plan.to_json(),
            "patterns": [p.to_json() for p in self.patterns],
            "shoes": [s.to_json() for s in self.shoes],
            "notes": list(self.notes),
        }
