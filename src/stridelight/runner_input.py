"""Where ``analyze`` gets a runner from: a bundle, or activity files without a journal.

A bundle (zip or folder with ``runner.json``) brings the runner's journal.  Anything
else ``iter_activities`` reads (a folder of files, a Strava or Garmin account
export, a plain zip) is read as activity files only: the analysis then runs on
training data alone and says which journal data is missing.  A Strava export also
names the gear of each activity; the pairs worn for runs become the runner's
shoes, so shoe distance and rotation are judged even without a journal.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

from stridelight.core.journal import ActivityNote, RunnerData, RunnerProfile, Shoe
from stridelight.core.load import workout_from_activity
from stridelight.core.vocabulary import is_run
from stridelight.importers import ImportItem, Limits, ReadError, iter_activities
from stridelight.importers.bundle import FileError, Progress, load_runner
from stridelight.importers.bundle_files import RUNNER_JSON


@dataclass(frozen=True)
class RunnerInput:
    data: RunnerData
    errors: tuple[FileError, ...]
    source_kind: str  # "bundle" or "files"


def load_for_analysis(
    path: Path, *, limits: Limits, progress: Progress | None = None
) -> RunnerInput:
    """Read a bundle, or activity files without a journal; raises ReadError."""
    if not _is_bundle(path):
        return _from_activity_files(path, limits, progress)
    loaded = load_runner(path, limits=limits, progress=progress)
    return RunnerInput(loaded.data, loaded.errors, "bundle")


def _is_bundle(path: Path) -> bool:
    """runner.json at the top of the folder or zip, or in the one folder a zip wraps.

    A path that is missing or a zip that will not open counts as a bundle: the
    bundle reader names what is wrong with it.  Any other file is read as one
    activity file.
    """
    if path.is_dir():
        return (path / RUNNER_JSON).is_file()
    if not path.exists():
        return True
    if not zipfile.is_zipfile(path):
        return False
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return True
    return any(n == RUNNER_JSON or n.endswith("/" + RUNNER_JSON) for n in names)


def _from_activity_files(
    source: Path, limits: Limits, progress: Progress | None
) -> RunnerInput:
    """One activity in memory at a time: each becomes its small Workout at once."""
    profile = RunnerProfile()
    workouts = []
    errors = []
    gear: set[str] = set()
    for number, item in enumerate(iter_activities(source, limits=limits), start=1):
        if progress is not None:
            progress(number, None)
        if item.error is not None:
            errors.append(FileError(item.entry, item.error.reason))
        elif item.activity is not None and item.activity.start is not None:
            shoe = _gear_of(item)
            gear.update([shoe] if shoe else [])
            note = ActivityNote(item.entry, shoe=shoe)
            workouts.append(
                workout_from_activity(
                    item.activity, id=item.entry, note=note, profile=profile
                )
            )
    if not workouts:
        raise _nothing_read(source, errors)
    workouts.sort(key=lambda w: (w.start, w.id))
    # One shoe per gear name worn for runs, its name as its id, the default limit.
    # Strava's export does not say how far a pair had gone before its first
    # recorded run, so start_km stays 0: the distance shown is a lower bound.
    shoes = tuple(Shoe(id=name, name=name) for name in sorted(gear))
    data = RunnerData(profile=profile, shoes=shoes, workouts=tuple(workouts))
    return RunnerInput(data, tuple(errors), "files")


def _gear_of(item: ImportItem) -> str | None:
    """The Strava gear of a run (a bike's name on a ride is not a shoe)."""
    if item.activity is None or not is_run(item.activity.sport):
        return None
    return item.metadata.get("gear") or None


def _nothing_read(source: Path, errors: list[FileError]) -> ReadError:
    """Without a journal and without one activity there is nothing to analyse."""
    if len(errors) == 1 and not source.is_dir():
        return ReadError(str(source), errors[0].reason)  # one file: its own error
    if not errors:
        return ReadError(
            str(source), "no activity files in it (FIT, GPX, TCX, their .gz, or zips)"
        )
    first = errors[0]
    return ReadError(
        str(source),
        f"no activity could be read: {len(errors)} rejected, the first "
        f"{first.file}: {first.reason}",
    )
