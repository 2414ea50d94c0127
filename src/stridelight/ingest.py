"""From a path to a runner: the one seam between files on disk and the analysis.

``ingest(path)`` takes a runner bundle (zip or folder with ``runner.json``) or
anything ``iter_activities`` reads (one activity file, a folder of them, a
Strava or Garmin account export, a plain zip) and returns the runner's data plus
a line per file that could not be read.  The command line, the demo and the
store's services all call it, so every way in decodes and collects alike.

A bundle brings the runner's journal.  Activity files alone give training data
only: the analysis then says which journal data is missing.  A Strava export
also names the gear of each activity; the pairs worn for runs become the
runner's shoes, so shoe distance and rotation are judged even without a journal.
"""

from __future__ import annotations

import os
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

from stridelight.core.activity import Activity
from stridelight.core.journal import (
    ActivityNote,
    Journal,
    RunnerData,
    RunnerProfile,
    Shoe,
    Workout,
)
from stridelight.core.load import workout_from_activity
from stridelight.core.shoes import worn_after_retirement
from stridelight.core.vocabulary import is_run
from stridelight.importers import (
    DEFAULT_LIMITS,
    BundleError,
    ImportItem,
    Limits,
    ReadError,
    iter_activities,
    read,
)
from stridelight.importers.bundle import RUNNER_JSON, Bundle, read_bundle

#: Told (the file's number, how many there are, None when not known) as each
#: activity file starts to be read: a command line shows it as a progress bar.
Progress = Callable[[int, int | None], None]


@dataclass(frozen=True)
class FileError:
    """One activity file that could not become a workout, and why."""

    file: str
    reason: str


@dataclass(frozen=True)
class Ingested:
    """A runner read from a path: the data, and the files that could not be read."""

    data: RunnerData
    errors: tuple[FileError, ...] = ()
    bundle: Bundle | None = None  # None when the path held activity files only
    # Decoded activities by file, only when asked for (they hold every sample).
    activities: Mapping[str, Activity] = field(default_factory=dict)

    @property
    def source_kind(self) -> Literal["bundle", "files"]:
        return "files" if self.bundle is None else "bundle"


@dataclass(frozen=True)
class _Decoded:
    """One activity file, decoded or not, with the journal's note on it."""

    note: ActivityNote
    activity: Activity | None = None
    error: str | None = None


def ingest(
    source: str | os.PathLike[str],
    *,
    limits: Limits = DEFAULT_LIMITS,
    progress: Progress | None = None,
    keep_activities: bool = False,
) -> Ingested:
    """Read a bundle, or activity files without a journal; one bad file is one error.

    Raises ReadError when the path cannot be read at all: a bad runner.json, a
    zip that will not open, or activity files of which not one could be read.
    """
    path = Path(source)
    if _is_bundle(path):
        bundle = read_bundle(path, limits=limits)
        decoded = _bundle_files(bundle, limits, progress)
        ingested = _collect(decoded, bundle.journal, bundle, keep_activities)
        _check_retired_pairs(ingested.data, bundle)
        return ingested
    decoded = _export_files(path, limits, progress)
    ingested = _collect(decoded, Journal(), None, keep_activities)
    if not ingested.data.workouts:
        raise _nothing_read(path, ingested.errors)
    return _with_worn_shoes(ingested)


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


# --- decoding -------------------------------------------------------------------


def _bundle_files(
    bundle: Bundle, limits: Limits, progress: Progress | None
) -> Iterator[_Decoded]:
    total = len(bundle.activity_files)
    files = zip(bundle.iter_activity_files(), bundle.notes, strict=True)
    for number, ((_, data), note) in enumerate(files, start=1):
        if progress is not None:
            progress(number, total)
        try:
            activity = read(data, limits=limits)
        except ReadError as e:
            yield _Decoded(note, error=e.reason)
            continue
        yield _Decoded(note, activity=activity)


def _export_files(
    source: Path, limits: Limits, progress: Progress | None
) -> Iterator[_Decoded]:
    """Every item of the export is heard by ``progress``, skipped ones too."""
    for number, item in enumerate(iter_activities(source, limits=limits), start=1):
        if progress is not None:
            progress(number, None)
        note = ActivityNote(item.entry, shoe=_gear_of(item))
        if item.error is not None:
            yield _Decoded(note, error=item.error.reason)
        elif item.activity is not None:
            yield _Decoded(note, activity=item.activity)


def _gear_of(item: ImportItem) -> str | None:
    """The Strava gear of a run (a bike's name on a ride is not a shoe)."""
    if item.activity is None or not is_run(item.activity.sport):
        return None
    return item.metadata.get("gear") or None


# --- collecting -----------------------------------------------------------------


def _collect(
    decoded: Iterable[_Decoded],
    journal: Journal,
    bundle: Bundle | None,
    keep_activities: bool,
) -> Ingested:
    """One activity in memory at a time: each becomes its small Workout at once."""
    workouts: list[Workout] = []
    errors: list[FileError] = []
    kept: dict[str, Activity] = {}
    for item in decoded:
        result = _workout(item, journal.profile)
        if isinstance(result, FileError):
            errors.append(result)
            continue
        workouts.append(result)
        if keep_activities and item.activity is not None:
            kept[result.id] = item.activity
    workouts.sort(key=lambda w: (w.start, w.id))
    data = RunnerData.from_journal(journal, tuple(workouts))
    return Ingested(data, tuple(errors), bundle, kept)


def _workout(item: _Decoded, profile: RunnerProfile) -> Workout | FileError:
    """The workout of a decoded file, or why it gives none."""
    note = item.note
    if item.activity is None:
        return FileError(note.file, item.error or "the file could not be read")
    if item.activity.start is None:
        return FileError(note.file, "the file has no start time")
    try:
        return workout_from_activity(
            item.activity, id=note.file, note=note, profile=profile
        )
    except ValueError as e:
        return FileError(note.file, str(e))


def _check_retired_pairs(data: RunnerData, bundle: Bundle) -> None:
    """A run logged in a pair after its retirement: the bundle is refused.

    Checked here rather than with the rest of runner.json: a run's day is known
    only once its file is decoded (``core.shoes.worn_after_retirement``).
    """
    worn = worn_after_retirement(data.shoes, data.workouts, data.profile.zone)
    if not worn:
        return
    workout, shoe = worn[0]
    day = workout.start.astimezone(data.profile.zone).date()
    raise BundleError(
        RUNNER_JSON,
        _activity_entry(bundle, workout.id),
        "shoe",
        f"{workout.id} was run on {day} in {shoe.id!r} ({shoe.name}), which was "
        f"retired on {shoe.retired_on}: name the pair worn that day, or correct "
        "retired_on",
    )


def _activity_entry(bundle: Bundle, file: str) -> str:
    """``activities[i]``: where runner.json names the file's shoe."""
    entries = bundle.document.get("activities")
    for i, entry in enumerate(entries if isinstance(entries, list) else []):
        if isinstance(entry, dict) and entry.get("file") == file:
            return f"activities[{i}]"
    return "activities"


def _with_worn_shoes(ingested: Ingested) -> Ingested:
    """One shoe per gear name worn for runs, its name as its id, the default limit.

    Strava's export does not say how far a pair had gone before its first
    recorded run, so start_km stays 0: the distance shown is a lower bound.
    """
    gear = sorted({w.shoe for w in ingested.data.workouts if w.shoe})
    shoes = tuple(Shoe(id=name, name=name) for name in gear)
    return replace(ingested, data=replace(ingested.data, shoes=shoes))


def _nothing_read(source: Path, errors: tuple[FileError, ...]) -> ReadError:
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
