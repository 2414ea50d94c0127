"""Care plans: the cadence the analysis suggests, the one the therapist sets, and
the dates of a series of sessions at that cadence.

``series_starts`` is pure: local wall-clock times in the clinic's zone, so a
weekly 10:00 session stays at 10:00 across a DST change; a monthly one keeps its
day of the month (the month's last day when it is shorter).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from stridelight.accounts.models import User
from stridelight.clinic.models_notes import Cadence, CarePlan
from stridelight.core.results import Analysis

#: The longest series booked at once.
MOST_SESSIONS = 12


@dataclass(frozen=True)
class Suggestion:
    cadence: str  # weekly | monthly | refer_first (core's MfrCadence)
    why: str


def suggestion_of(result: Analysis) -> Suggestion:
    """The analysis' MFR cadence and its reason (the plan's ``mfr`` action)."""
    why = next((a.why for a in result.plan.actions if a.kind == "mfr"), "")
    return Suggestion(cadence=result.plan.mfr_cadence, why=why)


def care_plan_set(
    *, runner: User, by: User, cadence: Cadence, suggestion: Suggestion, at: datetime
) -> CarePlan:
    """The therapist sets the cadence; the suggestion it answers is kept with it."""
    return CarePlan.objects.create(
        runner=runner,
        cadence=cadence,
        suggested=suggestion.cadence,
        suggested_why=suggestion.why,
        set_by=by,
        set_at=at,
    )


def care_plan_of(runner: User) -> CarePlan | None:
    """The plan in force: the latest set."""
    return CarePlan.objects.filter(runner=runner).first()


def series_starts(
    first: date, at: time, count: int, cadence: Cadence, zone: ZoneInfo
) -> list[datetime]:
    """``count`` starts from ``first`` at the wall-clock time ``at`` in ``zone``."""
    days = [
        first + timedelta(weeks=n)
        if cadence == Cadence.WEEKLY
        else _months_on(first, n)
        for n in range(count)
    ]
    return [datetime.combine(day, at, zone) for day in days]


def _months_on(first: date, months: int) -> date:
    month0 = first.month - 1 + months
    year, month = first.year + month0 // 12, month0 % 12 + 1
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(first.day, last))
