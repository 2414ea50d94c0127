"""Whether the six red-flag questions have been asked (DESIGN §1).

Red flags nobody was asked about are *not asked*, not *none*: only a check-in
within ``red_flag_screening_days`` of "as of" counts as answering them.  An older
check-in is kept as ``last_answered`` so that it is shown with its date, never
as a current answer.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from stridelight.core.journal import Checkin
from stridelight.core.results import RedFlagScreening
from stridelight.core.thresholds import DEFAULTS, Thresholds


def red_flag_screening(
    checkins: Iterable[Checkin], as_of: date, thresholds: Thresholds = DEFAULTS
) -> RedFlagScreening:
    """The latest check-in on or before ``as_of``, and whether it is recent enough."""
    known = [c.date for c in checkins if c.date <= as_of]
    if not known:
        return RedFlagScreening()
    latest = max(known)
    recent = (as_of - latest).days <= thresholds.red_flag_screening_days
    return RedFlagScreening(
        answered_on=latest if recent else None, last_answered=latest
    )
