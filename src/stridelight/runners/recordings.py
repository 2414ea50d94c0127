"""One recording once, over everything a runner has stored (DESIGN §2).

After an import the duplicate rule (``core.duplicates``) runs again over all of
the runner's activities, old and new, from the facts kept on each row: no file
is decoded.  Its verdict is written back: each copy links to the kept
recording (``duplicate_of``), every other row links to nothing.  So a richer
file arriving later becomes the kept one and the row kept so far becomes its
copy, and an import killed before this step is put right by the next one.

As in ``ingest``, a kept recording takes what the runner noted on its copies
when it has none of its own (shoe, effort, a sport for a ``generic`` one:
``core.duplicates.keep_once``); that completion is written onto the kept row.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from stridelight.core.duplicates import (
    find_duplicates,
    keep_once,
    recording_from_workout,
)
from stridelight.core.journal import Workout
from stridelight.core.thresholds import DEFAULTS, Thresholds
from stridelight.runners import models as m

# A row as core's Workout: the selectors' own conversion, so both read alike.
from stridelight.runners.selectors import workout_of


@dataclass(frozen=True)
class Copy:
    """A stored recording found to copy another: both rows' paths."""

    path: str
    original: str


@transaction.atomic
def settle_duplicates(
    runner: m.Runner, *, thresholds: Thresholds = DEFAULTS
) -> tuple[Copy, ...]:
    """Link every copy of a recording to the kept one; returns the links made now."""
    rows = list(
        m.Activity.objects.filter(runner=runner).select_related("shoe").order_by("id")
    )
    workouts = [workout_of(r) for r in rows]
    found = find_duplicates(
        (
            recording_from_workout(
                w, samples=r.samples, channels=r.channels, format=r.format
            )
            for w, r in zip(workouts, rows, strict=True)
        ),
        thresholds=thresholds,
    )
    completed = {w.id: w for w in keep_once(workouts, found)}
    by_path = {r.path: r for r in rows}
    shoes = dict(m.Shoe.objects.filter(runner=runner).values_list("key", "id"))
    made: list[Copy] = []
    changed: list[m.Activity] = []
    for row in rows:
        original = found.duplicate_of.get(row.path)
        wanted = None if original is None else by_path[original].id
        if row.duplicate_of_id != wanted and original is not None:
            made.append(Copy(row.path, original))
        kept_as = completed.get(row.path)
        if _apply(row, wanted, kept_as, shoes):
            changed.append(row)
    fields = ["duplicate_of", "sport", "rpe", "shoe"]
    m.Activity.objects.bulk_update(changed, fields, batch_size=500)
    return tuple(made)


def _apply(
    row: m.Activity,
    duplicate_of: int | None,
    completed: Workout | None,
    shoes: dict[str, int],
) -> bool:
    """Set the row to the verdict; whether anything changed."""
    before = (row.duplicate_of_id, row.sport, row.rpe, row.shoe_id)
    row.duplicate_of_id = duplicate_of
    if completed is not None:
        row.sport = completed.sport
        row.rpe = completed.rpe
        row.shoe_id = None if completed.shoe is None else shoes[completed.shoe]
    return before != (row.duplicate_of_id, row.sport, row.rpe, row.shoe_id)
