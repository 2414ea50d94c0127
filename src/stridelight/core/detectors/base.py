"""What every detector shares: a signal with its strength, and how signals conclude.

Level rule [scoring_rule]: a cause is ``flag`` when any of its signals flags (the
strong ones do), or when ``converging_watches`` separate signals sit at ``watch``
(weaker evidence pointing the same way); ``watch`` when any signal watches;
``clear`` otherwise.  Only signals that could be judged count
[data_sufficiency]: a signal without the data to judge it is ``not_assessed``,
and a cause none of whose signals could be judged is ``not_assessed`` too, with
no score and a sentence on what would let it be judged.  No data is not good news.

Score rule: the signals that fired combine as a noisy-OR,
``1 − Π(1 − w·s)``, where ``w`` is the weight of the cited source's grade
(``evidence.grade_weights``) and ``s`` the signal's strength in 0..1.  That
combination is then placed inside the band of the level — clear ``[0, 0.2)``,
watch ``[0.2, 0.6)``, flag ``[0.6, 1]`` — so a score always agrees with its level
and, within a level, more and stronger signals score higher.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from stridelight.core.evidence import weight
from stridelight.core.results import CauseFinding, Evidence
from stridelight.core.thresholds import Thresholds
from stridelight.core.vocabulary import CauseId, JudgedLevel, Level


@dataclass(frozen=True)
class Signal:
    evidence: Evidence
    strength: float = 1.0  # how far past its threshold, 0..1

    @property
    def level(self) -> Level:
        return self.evidence.level


def signal(
    name: str,
    text: str,
    value: float | str | None,
    threshold: str,
    citation: str,
    level: Level = "clear",
    strength: float = 1.0,
) -> Signal:
    """One checked signal; floats are rounded for people, not for the rule."""
    if isinstance(value, float):
        value = round(value, 2) if math.isfinite(value) else None
    clipped = min(max(strength, 0.0), 1.0)
    return Signal(Evidence(name, text, value, threshold, citation, level), clipped)


@dataclass(frozen=True)
class Check:
    """One signal's name, rule and source, so each outcome is a one-line call."""

    name: str
    rule: str  # the threshold, in words, shown beside the runner's value
    citation: str

    def missing(self, text: str) -> Signal:
        return missing(self.name, text, self.rule)

    def clear(self, text: str, value: float | str | None) -> Signal:
        return signal(self.name, text, value, self.rule, self.citation)

    def watch(
        self, text: str, value: float | str | None, strength: float = 1.0,
        citation: str | None = None,
    ) -> Signal:  # fmt: skip
        cite = citation or self.citation
        return signal(self.name, text, value, self.rule, cite, "watch", strength)

    def flag(
        self, text: str, value: float | str | None, strength: float = 1.0,
        citation: str | None = None,
    ) -> Signal:  # fmt: skip
        cite = citation or self.citation
        return signal(self.name, text, value, self.rule, cite, "flag", strength)


def missing(name: str, text: str, threshold: str = "enough data") -> Signal:
    """A signal that could not be assessed: ``not_assessed``, saying what is missing."""
    return signal(name, text, None, threshold, "data_sufficiency", "not_assessed")


def raised(level: Level) -> bool:
    """Whether a signal or cause at this level points at a problem."""
    return level in ("watch", "flag")


def level_of(signals: Iterable[Signal], thresholds: Thresholds) -> Level:
    """The cause's level from the signals that could be judged (DESIGN §1)."""
    levels = [s.level for s in signals if s.level != "not_assessed"]
    if not levels:
        return "not_assessed"
    if "flag" in levels or levels.count("watch") >= thresholds.converging_watches:
        return "flag"
    return "watch" if "watch" in levels else "clear"


def combined(signals: Iterable[Signal], thresholds: Thresholds) -> float:
    """Noisy-OR of the signals that fired, weighted by their sources' grades."""
    keep = 1.0
    for s in signals:
        if raised(s.level):
            keep *= 1.0 - weight(s.evidence.citation, thresholds) * s.strength
    return 1.0 - keep


def banded(level: JudgedLevel, value: float, thresholds: Thresholds) -> float:
    """Place a 0..1 combination inside the score band of its level."""
    lo, hi = {
        "clear": (0.0, thresholds.score_watch),
        "watch": (thresholds.score_watch, thresholds.score_flag),
        "flag": (thresholds.score_flag, 1.0),
    }[level]
    score = lo + (hi - lo) * min(max(value, 0.0), 1.0)
    # Keep the upper bound of clear and watch exclusive, so levels never overlap.
    return score if level == "flag" else min(score, hi - 1e-6)


def conclude(
    cause: CauseId, signals: Iterable[Signal], thresholds: Thresholds, needs: str
) -> CauseFinding:
    """The cause's level and score; ``needs`` says what would let it be judged."""
    items = tuple(signals)
    evidence = tuple(s.evidence for s in items)
    level = level_of(items, thresholds)
    if level == "not_assessed":
        return CauseFinding(cause, level, None, evidence, needs)
    score = banded(level, combined(items, thresholds), thresholds)
    return CauseFinding(cause, level, score, evidence)


def pct(fraction: float) -> str:
    """0.234 -> '23 %' (the French-style space matches DESIGN's typography)."""
    return f"{fraction * 100:.0f} %"
