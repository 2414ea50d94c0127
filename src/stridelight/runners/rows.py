"""One activity row from a core workout and the facts kept about its original file.

The import service (many rows in batches) and ``services.activity_create`` (one
row) both build rows here, so a field added to ``Workout`` is stored in one place.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.db import models

from stridelight.core import journal as core
from stridelight.core.duplicates import Channel
from stridelight.runners import models as m


@dataclass(frozen=True)
class OriginalFile:
    """What is kept of an activity's original file beside its workout.

    ``storage_name`` is its name in Django's default storage ("" when the file
    is not stored); ``samples``, ``channels`` and ``format`` are what the
    duplicate rule weighs (``core.duplicates.recording_from_workout``).
    """

    sha256: str
    format: str
    samples: int = 0
    channels: frozenset[Channel] = frozenset()
    storage_name: str = ""
    sub_sport: str | None = None
    name: str | None = None
    device: str | None = None


def activity_row(
    *,
    runner: m.Runner,
    workout: core.Workout,
    original: OriginalFile,
    shoe_id: int | None,
    path: str | None = None,
    notes: str | None = None,
    extra: Mapping[str, object] | None = None,
) -> m.Activity:
    """The unsaved row; ``path`` defaults to the workout's id, ``notes`` to its own."""
    return m.Activity(
        runner=runner,
        path=workout.id if path is None else path,
        start=workout.start,
        sport=workout.sport,
        duration_s=workout.duration_s,
        distance_m=workout.distance_m,
        moving_time_s=workout.moving_time_s,
        avg_hr=workout.avg_hr,
        trimp=workout.trimp,
        rpe=workout.rpe,
        shoe_id=shoe_id,
        step_length_m=workout.step_length_m,
        avg_speed_mps=workout.avg_speed_mps,
        start_lat=workout.start_lat,
        start_lon=workout.start_lon,
        temperature_c=workout.temperature_c,
        notes=workout.notes if notes is None else notes,
        sub_sport=_cut(original.sub_sport, "sub_sport"),
        name=_cut(original.name, "name"),
        device=_cut(original.device, "device"),
        format=original.format,
        samples=original.samples,
        channels=sorted(original.channels),
        sha256=original.sha256,
        original=original.storage_name,
        extra=dict(extra or {}),
    )


def _cut(words: str | None, field: str) -> str | None:
    """A file's own words cut to their column: a watch's long name for a run is
    no reason to refuse the run (PostgreSQL refuses a text longer than its column)."""
    column = m.Activity._meta.get_field(field)
    assert isinstance(column, models.CharField) and column.max_length
    return None if words is None else words[: column.max_length]


def ache_row(runner: m.Runner, a: core.Ache) -> m.Ache:
    """An ache as its row (unsaved): the journal import and the check-in both."""
    return m.Ache(
        runner=runner,
        at=a.at,
        region=a.region,
        side=a.side,
        intensity=a.intensity,
        timing=a.timing,
        quality=list(a.quality),
        notes=a.notes,
    )
