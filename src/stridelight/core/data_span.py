"""What an analysis had to go on: the first and last day with data, and how much.

"Data" is anything the runner recorded: activities of every sport (a ride is a
day with training, even though only runs are judged) and diary entries (aches,
habits, screenings, sessions, check-ins).  Shoes are not: a pair's start date is
when it was bought, not a day anything was recorded.  ``last`` is what a report
shows as "Data up to".  Only what is known on "as of" counts, like everything
else in the analysis.
"""

from __future__ import annotations

from datetime import date

from stridelight.core.as_of import first_and_last_day, workouts_until
from stridelight.core.journal import RunnerData
from stridelight.core.results import DataSpan


def data_span(data: RunnerData, as_of: date, *, duplicates: int = 0) -> DataSpan:
    """The span of ``data`` up to ``as_of``; ``duplicates``: files counted as copies.

    ``data.workouts`` must already hold each recording once (``core.duplicates``):
    ``activities`` counts them as given.
    """
    if duplicates < 0:
        raise ValueError(f"duplicates must be 0 or more, not {duplicates}")
    first, last = first_and_last_day(data, as_of)
    return DataSpan(
        first=first,
        last=last,
        activities=len(workouts_until(data, as_of)),
        duplicates=duplicates,
    )
