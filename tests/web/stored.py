"""A bundle written into the store as an import will write it, for the tests.

``ingest`` reads it; the phase-1 services write the journal and one activity row
per file, its original kept in the storage (``original_store``); a copy of a
recording gets its own row linked to the kept one; the unknown keys go onto the
rows (``extras_save``).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from stridelight.accounts.models import User
from stridelight.core.activity import Activity
from stridelight.core.duplicates import channels_of
from stridelight.core.journal import Workout
from stridelight.core.load import workout_from_activity
from stridelight.importers import read
from stridelight.importers.bundle import Bundle
from stridelight.importers.sports import with_sport
from stridelight.ingest import Ingested, ingest
from stridelight.runners import models as m
from stridelight.runners import services


def store_bundle(user: User, path: Path) -> Ingested:
    """Every section, file and unknown key of the bundle at ``path`` as rows."""
    loaded = ingest(path, keep_activities=True)
    bundle = loaded.bundle
    assert bundle is not None, f"{path} is not a bundle"
    runner = services.runner_for(user)
    services.journal_replace(runner=runner, journal=loaded.data.journal)
    files = dict(bundle.iter_activity_files())
    kept = {
        w.id: _activity(runner, w, loaded.activities[w.id], files[w.id])
        for w in loaded.data.workouts
    }
    for duplicate in loaded.duplicates:
        workout, activity = _copy(bundle, duplicate.file, files[duplicate.file], loaded)
        row = _activity(runner, workout, activity, files[duplicate.file])
        row.duplicate_of = kept[duplicate.original]
        row.save(update_fields=["duplicate_of"])
    services.extras_save(runner=runner, document=bundle.document)
    return loaded


def _activity(
    runner: m.Runner, workout: Workout, activity: Activity, data: bytes
) -> m.Activity:
    original = services.OriginalFile(
        sha256=hashlib.sha256(data).hexdigest(),
        format=activity.format,
        samples=activity.records,
        channels=channels_of(activity.samples),
        storage_name=services.original_store(data=data, name=workout.id),
    )
    return services.activity_create(runner=runner, workout=workout, original=original)


def _copy(
    bundle: Bundle, name: str, data: bytes, loaded: Ingested
) -> tuple[Workout, Activity]:
    """A copy's own workout, decoded as ingest decoded it before leaving it out."""
    note = bundle.note_for(name)
    activity = read(data)
    if note.sport is not None:
        activity = with_sport(activity, note.sport)
    workout = workout_from_activity(
        activity, id=name, note=note, profile=loaded.data.profile
    )
    return workout, activity
