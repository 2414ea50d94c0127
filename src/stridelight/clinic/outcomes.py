"""Outcome measures: the raw answers in, the score computed here, never sent in.

Two instruments (docs/outcomes.md has their sources and terms of use):

- **NRS** (numeric rating scale of the ache, 0–10), asked before and after a
  session.  A change that matters: at least 2 points or 30 % of the baseline
  (Farrar 2001; Salaffi 2004).
- **PSFS** (Patient-Specific Functional Scale, Stratford 1995): the runner names
  3 to 5 activities that are hard ("first steps in the morning", "running 10
  km") and rates each 0 (unable) to 10 (as before); the score is their mean.
  A change that matters: about 2 points (JOSPT 2014 pooled: 1.3 small, 2.3
  medium, 2.7 large).

The answers are kept exactly as given, with the instrument's version.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

NRS: Final = "nrs"
PSFS: Final = "psfs"
VERSIONS: Final = {NRS: "nrs-11", PSFS: "psfs-1995"}
NRS_MCID_POINTS: Final = 2.0
NRS_MCID_SHARE: Final = 0.30
PSFS_MCID_POINTS: Final = 2.0
PSFS_ITEMS: Final = (3, 5)


class BadAnswers(ValueError):
    """The answers do not fit the instrument; the message says which and why."""


def _rating(value: Any, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 10:
        raise BadAnswers(f"{what}: a whole number from 0 to 10, not {value!r}")
    return value


def score(instrument: str, answers: Mapping[str, Any]) -> float:
    """The instrument's score from its raw answers.

    NRS: ``{"ache": 0..10}``.  PSFS: ``{"items": [{"activity": text, "rating":
    0..10}, ...]}`` with 3 to 5 items, each activity named.
    """
    if instrument == NRS:
        return float(_rating(answers.get("ache"), "ache"))
    if instrument == PSFS:
        items = answers.get("items")
        if not isinstance(items, Sequence) or not (
            PSFS_ITEMS[0] <= len(items) <= PSFS_ITEMS[1]
        ):
            raise BadAnswers("items: name 3 to 5 activities")
        ratings = []
        for n, item in enumerate(items, 1):
            if (
                not isinstance(item, Mapping)
                or not str(item.get("activity", "")).strip()
            ):
                raise BadAnswers(f"item {n}: name the activity")
            ratings.append(_rating(item.get("rating"), f"item {n} rating"))
        return sum(ratings) / len(ratings)
    raise BadAnswers(f"unknown instrument {instrument!r}")


@dataclass(frozen=True)
class Change:
    """A score against the baseline, and whether it is a change that matters."""

    baseline: float
    now: float
    matters: bool
    better: bool


def change(instrument: str, baseline: float, now: float) -> Change:
    """NRS: lower is better; PSFS: higher is better."""
    delta = now - baseline
    if instrument == NRS:
        enough = abs(delta) >= NRS_MCID_POINTS or (
            baseline > 0 and abs(delta) / baseline >= NRS_MCID_SHARE
        )
        return Change(baseline, now, matters=enough and delta != 0, better=delta < 0)
    return Change(
        baseline, now, matters=abs(delta) >= PSFS_MCID_POINTS, better=delta > 0
    )
