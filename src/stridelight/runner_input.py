"""Where ``analyze`` gets a runner from: a bundle (zip or folder) or a bare folder.

A folder without ``runner.json`` is read as activity files only: the analysis then
runs on training data alone and says which journal data is missing.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from stridelight.core.journal import RunnerData, RunnerProfile
from stridelight.core.load import workout_from_activity
from stridelight.importers import Limits, iter_activities
from stridelight.importers.bundle import FileError, load_runner


@dataclass(frozen=True)
class RunnerInput:
    data: RunnerData
    errors: tuple[FileError, ...]
    source_kind: str  # "bundle" or "folder"


def load_for_analysis(path: Path, *, limits: Limits) -> RunnerInput:
    """Read a bundle, or a plain folder of activity files; raises ReadError."""
    if path.is_dir() and not (path / "runner.json").is_file():
        return _from_plain_folder(path, limits)
    loaded = load_runner(path, limits=limits)
    return RunnerInput(loaded.data, loaded.errors, "bundle")


def _from_plain_folder(folder: Path, limits: Limits) -> RunnerInput:
    profile = RunnerProfile()
    workouts = []
    errors = []
    for item in iter_activities(folder, limits=limits):
        if item.error is not None:
            errors.append(FileError(item.entry, item.error.reason))
        elif item.activity is not None and item.activity.start is not None:
            workouts.append(
                workout_from_activity(
                    item.activity, id=item.entry, note=None, profile=profile
                )
            )
    workouts.sort(key=lambda w: (w.start, w.id))
    data = RunnerData(profile=profile, workouts=tuple(workouts))
    return RunnerInput(data, tuple(errors), "folder")
