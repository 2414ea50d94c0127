"""A recording that names no sport, counted as a run from its pace where it must be.

Phones record runs as GPX without a ``<type>``; a FIT file cut short loses the
session at its end, where the watch wrote the sport.  Both are read as
``generic``, and a generic activity is not a run: the runs would vanish from the
analysis, or a history would look like nothing at all.  Where the runner's data
gives no better word (``stridelight.ingest`` decides where), an average speed in
the running band (``Thresholds.run_speed_min_mps`` to ``run_speed_max_mps``)
makes a generic recording a run.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import replace

from stridelight.core.journal import Workout
from stridelight.core.thresholds import DEFAULTS, Thresholds

#: The sport of a recording that does not know what it was.
GENERIC = "generic"
#: What a generic recording at running speed is counted as.
RUNNING = "running"


def has_running_speed(
    speed_mps: float | None, thresholds: Thresholds = DEFAULTS
) -> bool:
    """Whether an average speed lies in the running band (None: no, nothing to judge)."""
    if speed_mps is None or not math.isfinite(speed_mps):
        return False
    return thresholds.run_speed_min_mps <= speed_mps <= thresholds.run_speed_max_mps


def runs_from_pace(
    workouts: Iterable[Workout], thresholds: Thresholds = DEFAULTS
) -> tuple[tuple[Workout, ...], tuple[str, ...]]:
    """The workouts with every generic one at running speed made a run, and their ids.

    Other sports, and generic recordings too slow or too fast for a run (a walk,
    a ride), are left as they are.
    """
    out: list[Workout] = []
    counted: list[str] = []
    for workout in workouts:
        if workout.sport == GENERIC and has_running_speed(
            workout.avg_speed_mps, thresholds
        ):
            workout = replace(workout, sport=RUNNING)
            counted.append(workout.id)
        out.append(workout)
    return tuple(out), tuple(counted)


def counted_note(n: int) -> str:
    """What the runner is told when ``n`` recordings were made runs from their pace."""
    if n == 1:
        return "1 activity had no sport; counted as a run from its pace"
    return f"{n} activities had no sport; counted as runs from their pace"
