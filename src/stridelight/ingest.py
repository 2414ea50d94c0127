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

Every way in follows the same rules (docs/cli.md, "What analyze reads"): one
recording once (``core.duplicates``); the sport a bundle gives replaces the
file's; a recording that names no sport is judged by its pace (``core.sports``)
where nothing better is known: a file cut short, or a journal-less folder in
which no file names a sport.  Readers' warnings come out per file.
"""

from __future__ import annotations

import hashlib
import os
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import Literal

from stridelight.core.activity import Activity
from stridelight.core.duplicates import (
    Duplicates,
    Recording,
    find_duplicates,
    keep_once,
    recording_from_activity,
)
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
from stridelight.core.sports import (
    GENERIC,
    RUNNING,
    counted_note,
    has_running_speed,
    runs_from_pace,
)
from stridelight.core.thresholds import DEFAULTS, Thresholds
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
from stridelight.importers.bundle.plausible import NAME_CHARS
from stridelight.importers.sports import with_sport

#: Told (the file's number, how many there are, None when not known) as each
#: activity file starts to be read: a command line shows it as a progress bar.
Progress = Callable[[int, int | None], None]


@dataclass(frozen=True)
class FileError:
    """One activity file that could not become a workout, and why."""

    file: str
    reason: str


@dataclass(frozen=True)
class FileWarning:
    """One activity file that was read, with something its reader wants known."""

    file: str
    message: str


@dataclass(frozen=True)
class Duplicate:
    """A file counted once: it records the same activity as ``original``."""

    file: str
    original: str
    start: datetime  # aware: when the copy starts, to count copies up to a day
    is_run: bool  # what the kept file counts as, for words ("the same run as")

    @property
    def text(self) -> str:
        what = "run" if self.is_run else "activity"
        return f"{self.file} is the same {what} as {self.original}: counted once"


@dataclass(frozen=True)
class Ingested:
    """A runner read from a path: the data, and what happened to each file.

    ``data.workouts`` holds each recording once; ``duplicates`` the files left
    out as copies; ``warnings`` what the readers said of files that were read;
    ``notes`` how sports were decided, in the user's words.
    """

    data: RunnerData
    errors: tuple[FileError, ...] = ()
    bundle: Bundle | None = None  # None when the path held activity files only
    # Decoded activities by file, only when asked for (they hold every sample).
    activities: Mapping[str, Activity] = field(default_factory=dict)
    warnings: tuple[FileWarning, ...] = ()
    duplicates: tuple[Duplicate, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def source_kind(self) -> Literal["bundle", "files"]:
        return "files" if self.bundle is None else "bundle"

    def duplicates_until(self, as_of: date) -> int:
        """How many copies start on or before ``as_of``, in the runner's days."""
        zone = self.data.profile.zone
        return sum(
            1 for d in self.duplicates if d.start.astimezone(zone).date() <= as_of
        )


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
    thresholds: Thresholds = DEFAULTS,
) -> Ingested:
    """Read a bundle, or activity files without a journal; one bad file is one error.

    Raises ReadError when the path cannot be read at all: a bad runner.json, a
    zip that will not open, or activity files of which not one could be read.
    """
    path = Path(source)
    if is_bundle(path):
        bundle = read_bundle(path, limits=limits)
        decoded = _bundle_files(bundle, limits, progress)
        ingested = _collect(
            decoded, bundle.journal, bundle, keep_activities, thresholds
        )
        check_retired_pairs(ingested.data, bundle)
        return ingested
    decoded = _export_files(path, limits, progress)
    ingested = _collect(decoded, Journal(), None, keep_activities, thresholds)
    if not ingested.data.workouts:
        raise _nothing_read(path, ingested.errors)
    return _with_worn_shoes(_sports_from_pace(ingested, thresholds))


def is_bundle(path: Path) -> bool:
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
    """Each file on its own: one unreadable or oversized file is that file's error."""
    for name, reason in bundle.skipped:
        yield _Decoded(ActivityNote(name), error=reason)
    total = len(bundle.activity_files)
    files = zip(bundle.iter_activity_reads(), bundle.notes, strict=True)
    for number, ((_, data), note) in enumerate(files, start=1):
        if progress is not None:
            progress(number, total)
        try:
            if isinstance(data, ReadError):
                raise data
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
    if item.activity is None:
        return None
    return gear_of(item.activity, item.metadata)


# --- collecting -----------------------------------------------------------------


def _collect(
    decoded: Iterable[_Decoded],
    journal: Journal,
    bundle: Bundle | None,
    keep_activities: bool,
    thresholds: Thresholds,
) -> Ingested:
    """One activity in memory at a time: each becomes its small Workout at once.

    What the duplicate rule needs of each file (a ``Recording``) is kept beside
    it; the copies are left out once every file has been read.
    """
    files = _Read()
    for item in decoded:
        files.add(item, journal.profile, keep_activities, thresholds)
    found = find_duplicates(files.recordings, thresholds=thresholds)
    workouts = sorted(keep_once(files.workouts, found), key=lambda w: (w.start, w.id))
    data = RunnerData.from_journal(journal, tuple(workouts))
    kept = {k: a for k, a in files.activities.items() if found.is_kept(k)}
    return Ingested(
        data,
        tuple(files.errors),
        bundle,
        kept,
        warnings=tuple(files.warnings),
        duplicates=_duplicates(files.workouts, found, data.workouts),
        notes=tuple(files.notes),
    )


@dataclass
class _Read:
    """What the files gave so far (mutable while ingest walks them)."""

    workouts: list[Workout] = field(default_factory=list)
    recordings: list[Recording] = field(default_factory=list)
    errors: list[FileError] = field(default_factory=list)
    warnings: list[FileWarning] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    activities: dict[str, Activity] = field(default_factory=dict)

    def add(
        self,
        item: _Decoded,
        profile: RunnerProfile,
        keep_activity: bool,
        thresholds: Thresholds,
    ) -> None:
        file = item.note.file
        if item.activity is not None:
            self.warnings.extend(FileWarning(file, w) for w in item.activity.warnings)
        result = _workout(item, profile, thresholds)
        if isinstance(result, FileError):
            self.errors.append(result)
            return
        workout, activity, by_pace = result
        if by_pace:
            self.notes.append(
                f"{file} was cut short before it said its sport; "
                "counted as a run from its pace"
            )
        self.workouts.append(workout)
        self.recordings.append(recording_from_activity(activity, id=workout.id))
        if keep_activity:
            self.activities[workout.id] = activity


def file_workout(
    note: ActivityNote,
    activity: Activity,
    profile: RunnerProfile,
    thresholds: Thresholds = DEFAULTS,
) -> tuple[Workout, Activity, bool] | FileError:
    """One decoded file as ``ingest`` counts it: the workout, the activity it was
    made from (its sport settled) and whether that sport was judged from its pace;
    or why the file gives none.  The store's import calls this per file, so a
    runner imported file by file counts as ``ingest`` counts their bundle."""
    return _workout(_Decoded(note, activity=activity), profile, thresholds)


def gear_of(activity: Activity, metadata: Mapping[str, str]) -> str | None:
    """The Strava gear of a run as its shoe's id (a bike's name on a ride is not a shoe).

    A name too long for a shoe's id (NAME_CHARS) is cut, not refused: it is the
    export's own words (a file's own long name is cut too, ``runners.rows``),
    and the run and its pair's distance are worth more than the name's tail.
    The cut ends in a hash of the whole name, so two long names that begin
    alike stay two pairs and the same export imported again finds its pair.
    The id is the pair's name too, so the hash tells them apart on the page.
    """
    if not is_run(activity.sport):
        return None
    gear = metadata.get("gear")
    if not gear or len(gear) <= NAME_CHARS:
        return gear or None
    digest = hashlib.sha256(gear.encode()).hexdigest()[:12]
    return f"{gear[: NAME_CHARS - len(digest) - 2]}…#{digest}"


def runs_by_pace(
    workouts: tuple[Workout, ...], thresholds: Thresholds = DEFAULTS
) -> tuple[tuple[Workout, ...], str | None]:
    """Activity files without a journal, none naming a sport: runs from their pace.

    The workouts (the ones at running speed counted as runs) and the note saying
    so, or the workouts unchanged and None (see ``_sports_from_pace``).
    """
    if any(w.sport != GENERIC for w in workouts):
        return workouts, None
    counted_workouts, counted = runs_from_pace(workouts, thresholds)
    if not counted:
        return workouts, None
    return tuple(counted_workouts), counted_note(len(counted))


def _workout(
    item: _Decoded, profile: RunnerProfile, thresholds: Thresholds
) -> tuple[Workout, Activity, bool] | FileError:
    """The workout of a decoded file, the activity it was made from, and whether
    its sport was judged from its pace; or why the file gives none."""
    note = item.note
    if item.activity is None:
        return FileError(note.file, item.error or "the file could not be read")
    if item.activity.start is None:
        return FileError(note.file, "the file has no start time")
    activity = item.activity
    if note.sport is not None:
        activity = with_sport(activity, note.sport)
    try:
        workout = _summary(activity, note, profile, thresholds)
        by_pace = _cut_before_its_sport(activity, note) and has_running_speed(
            workout.avg_speed_mps, thresholds
        )
        if by_pace:
            activity = with_sport(activity, RUNNING)
            workout = _summary(activity, note, profile, thresholds)
    except ValueError as e:
        return FileError(note.file, str(e))
    return workout, activity, by_pace


def _summary(
    activity: Activity, note: ActivityNote, profile: RunnerProfile, t: Thresholds
) -> Workout:
    return workout_from_activity(
        activity, id=note.file, note=note, profile=profile, thresholds=t
    )


def _cut_before_its_sport(activity: Activity, note: ActivityNote) -> bool:
    """A file that broke off, naming no sport, and the runner did not name one.

    A watch writes the sport in the session at the end of its file: a battery
    that died took it with it.  What is left is judged by its pace.
    """
    return activity.truncated and activity.sport == GENERIC and note.sport is None


def _duplicates(
    read: list[Workout], found: Duplicates, kept: tuple[Workout, ...]
) -> tuple[Duplicate, ...]:
    """The files left out as copies, in order of start, each with its kept file."""
    runs = {w.id: w.is_run for w in kept}
    return tuple(
        Duplicate(
            w.id, found.duplicate_of[w.id], w.start, runs[found.duplicate_of[w.id]]
        )
        for w in sorted(read, key=lambda w: (w.start, w.id))
        if not found.is_kept(w.id)
    )


def _sports_from_pace(ingested: Ingested, thresholds: Thresholds) -> Ingested:
    """A folder without a journal in which no file names a sport: runs from pace.

    A phone's GPX tracks are all ``generic``; if nothing in the folder says what
    any of them was, the ones at running speed are counted as runs (and the
    walks and rides among them stay what they were).  With a single file that
    names a sport, the folder speaks for itself and nothing is guessed.
    """
    counted_workouts, note = runs_by_pace(ingested.data.workouts, thresholds)
    if note is None:
        return ingested
    data = replace(ingested.data, workouts=counted_workouts)
    return replace(ingested, data=data, notes=(*ingested.notes, note))


def check_retired_pairs(data: RunnerData, bundle: Bundle) -> None:
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
    recorded run, so start_km stays 0 and the pair is marked: the distance shown
    is a lower bound ("at least").
    """
    gear = sorted({w.shoe for w in ingested.data.workouts if w.shoe})
    shoes = tuple(Shoe(id=name, name=name, start_km_unknown=True) for name in gear)
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
        f"{source}/{first.file}: {first.reason}",  # one path to paste
    )
