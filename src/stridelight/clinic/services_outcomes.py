"""Recording outcome answers (``clinic.outcomes`` scores them) and reading them back
as series with their change against the first answer."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from stridelight.accounts.models import User
from stridelight.clinic import outcomes
from stridelight.clinic.models import Appointment
from stridelight.clinic.models_outcomes import OutcomeResponse


def outcome_record(
    *,
    runner: User,
    instrument: str,
    answers: Mapping[str, Any],
    at: datetime,
    timing: str = OutcomeResponse.Timing.CHECK,
    appointment: Appointment | None = None,
) -> OutcomeResponse:
    """Store the raw answers with the instrument's version and the score computed
    here (``outcomes.BadAnswers``, and nothing stored, when they do not fit)."""
    return OutcomeResponse.objects.create(
        runner=runner,
        instrument=instrument,
        version=outcomes.VERSIONS[instrument],
        answers=dict(answers),
        score=outcomes.score(instrument, answers),
        answered_at=at,
        timing=timing,
        appointment=appointment,
    )


@dataclass(frozen=True)
class Point:
    response: OutcomeResponse
    change: outcomes.Change | None  # against the first answer; None for it


def outcome_series(runner: User, instrument: str) -> tuple[Point, ...]:
    """The runner's answers to one instrument, oldest first, each against the
    first (the baseline) and marked when the change is one that matters."""
    found = OutcomeResponse.objects.filter(runner=runner, instrument=instrument)
    return _series(instrument, list(found))


def outcome_series_each(
    runner: User, instruments: tuple[str, ...]
) -> dict[str, tuple[Point, ...]]:
    """:func:`outcome_series` for several instruments, read in one query (the
    brief shows both)."""
    answers: dict[str, list[OutcomeResponse]] = {i: [] for i in instruments}
    for row in OutcomeResponse.objects.filter(
        runner=runner, instrument__in=instruments
    ):
        answers[row.instrument].append(row)
    return {i: _series(i, found) for i, found in answers.items()}


def _series(instrument: str, found: list[OutcomeResponse]) -> tuple[Point, ...]:
    if not found:
        return ()
    base = found[0].score
    return (
        Point(found[0], None),
        *tuple(Point(r, outcomes.change(instrument, base, r.score)) for r in found[1:]),
    )
