"""The runner bundle: runner.json plus activities/, as a folder or a zip (DESIGN §4).

``read_bundle`` checks runner.json (see ``bundle_schema``) and lists the activity
files without reading them (see ``bundle_files``); ``Bundle.iter_activity_files``
reads them one at a time.  ``write_bundle`` (in ``bundle_write``, re-exported
here) writes the raw document back, so unknown keys survive a round trip, and
copies activity files byte for byte.  ``load_runner`` decodes every file into the
analysis input; one bad file becomes a line in ``errors``.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from stridelight.core.activity import Activity
from stridelight.core.journal import (
    Ache,
    ActivityNote,
    Checkin,
    Habit,
    RunnerData,
    RunnerProfile,
    Screening,
    Shoe,
    TherapySession,
    Workout,
)
from stridelight.importers.bundle_files import (
    ACTIVITIES,
    RUNNER_JSON,
    ignored,
    open_zip,
    read_capped,
    read_member,
    scan_folder,
    scan_zip,
)
from stridelight.importers.bundle_schema import (
    SOURCE,
    Journal,
    journal_document,
    parse_journal,
)
from stridelight.importers.bundle_write import ActivitySource, write_bundle
from stridelight.importers.errors import CorruptFileError, ReadError
from stridelight.importers.limits import DEFAULT_LIMITS, Limits

#: Told (the file's number, how many there are, None when not known) as each
#: activity file starts to be read: a command line shows it as a progress bar.
Progress = Callable[[int, int | None], None]

__all__ = [
    "ACTIVITIES",
    "RUNNER_JSON",
    "ActivitySource",
    "Bundle",
    "FileError",
    "LoadedRunner",
    "load_runner",
    "make_bundle",
    "read_bundle",
    "write_bundle",
]


@dataclass(frozen=True)
class Bundle:
    """One runner's bundle: the journal, typed, plus where its activity files are.

    ``document`` is the parsed runner.json exactly as read (unknown keys
    included); treat it as read-only.  ``activity_files`` are paths inside the
    bundle (``activities/…``), sorted, and ``notes`` holds one ActivityNote per
    file in the same order (a file without an entry gets an empty note).
    """

    profile: RunnerProfile
    shoes: tuple[Shoe, ...]
    notes: tuple[ActivityNote, ...]
    aches: tuple[Ache, ...]
    habits: tuple[Habit, ...]
    screenings: tuple[Screening, ...]
    sessions: tuple[TherapySession, ...]
    checkins: tuple[Checkin, ...]
    document: Mapping[str, object]
    activity_files: tuple[str, ...]
    source: Path | None = None  # None for a bundle built in memory
    root: str = ""  # prefix inside a zip whose content sits in one folder
    limits: Limits = DEFAULT_LIMITS

    def iter_activity_files(self) -> Iterator[tuple[str, bytes]]:
        """Each activity file's name and bytes, read lazily, in ``activity_files`` order."""
        if self.source is None:
            return
        if self.source.is_dir():
            for name in self.activity_files:
                yield name, read_capped(self.source / name, self.limits)
            return
        with open_zip(self.source, self.limits) as archive:
            for name in self.activity_files:
                yield name, read_member(archive, self.root + name, self.limits)

    def note_for(self, name: str) -> ActivityNote:
        for note in self.notes:
            if note.file == name:
                return note
        raise KeyError(name)

    def runner_data(self, workouts: tuple[Workout, ...] = ()) -> RunnerData:
        return RunnerData(
            profile=self.profile,
            shoes=self.shoes,
            workouts=workouts,
            aches=self.aches,
            habits=self.habits,
            screenings=self.screenings,
            sessions=self.sessions,
            checkins=self.checkins,
        )


def make_bundle(
    data: RunnerData,
    notes: tuple[ActivityNote, ...] = (),
    activity_files: tuple[str, ...] = (),
) -> Bundle:
    """A bundle built in memory (an export, the demo generator), with a fresh runner.json.

    ``activity_files`` are the names the files will have (``activities/…``); a
    note's file must be one of them.  ``data.workouts`` is not written: the
    activity files are the record of what was run.
    """
    for name in activity_files:
        _check_name(name)
    journal = Journal(
        profile=data.profile,
        shoes=data.shoes,
        notes={n.file: n for n in notes},
        aches=data.aches,
        habits=data.habits,
        screenings=data.screenings,
        sessions=data.sessions,
        checkins=data.checkins,
    )
    # Parsing our own document checks the journal exactly as a reader will.
    files = tuple(sorted(activity_files))
    return _bundle(journal_document(journal), files, None, "", DEFAULT_LIMITS)


def _check_name(name: str) -> None:
    parts = PurePosixPath(name).parts
    if (
        not name.startswith(ACTIVITIES)
        or ".." in parts
        or "\\" in name
        or ignored(name)
    ):
        raise ValueError(f"{name!r} is not a path like activities/run.fit")


def _bundle(
    document: object,
    files: tuple[str, ...],
    source: Path | None,
    root: str,
    limits: Limits,
) -> Bundle:
    journal = parse_journal(document, set(files))
    assert isinstance(document, dict)
    return Bundle(
        profile=journal.profile,
        shoes=journal.shoes,
        notes=tuple(journal.notes.get(name, ActivityNote(file=name)) for name in files),
        aches=journal.aches,
        habits=journal.habits,
        screenings=journal.screenings,
        sessions=journal.sessions,
        checkins=journal.checkins,
        document=document,
        activity_files=files,
        source=source,
        root=root,
        limits=limits,
    )


# --- reading ----------------------------------------------------------------


def read_bundle(
    path: str | os.PathLike[str], *, limits: Limits = DEFAULT_LIMITS
) -> Bundle:
    """Read and check a bundle folder or zip; raise a ReadError (BundleError) if bad."""
    source = Path(path)
    if source.is_dir():
        text, files = scan_folder(source, limits)
        return _bundle(_parse_json(text), files, source, "", limits)
    if not source.is_file():
        raise ReadError(str(source), "no such file or folder")
    with open_zip(source, limits) as archive:
        root, files = scan_zip(archive, str(source), limits)
        text = read_member(archive, root + RUNNER_JSON, limits)
    return _bundle(_parse_json(text), files, source, root, limits)


def _parse_json(data: bytes) -> object:
    def no_constants(name: str) -> object:
        raise ValueError(f"{name} is not a JSON number")

    def no_duplicates(pairs: list[tuple[str, object]]) -> dict[str, object]:
        out: dict[str, object] = {}
        for key, value in pairs:
            if key in out:
                raise ValueError(f"key {key!r} appears twice in one object")
            out[key] = value
        return out

    try:
        return json.loads(
            data.decode("utf-8-sig"),
            parse_constant=no_constants,
            object_pairs_hook=no_duplicates,
        )
    except UnicodeDecodeError:
        raise CorruptFileError(SOURCE, "is not UTF-8 text") from None
    except RecursionError:
        raise CorruptFileError(SOURCE, "nests lists or objects too deeply") from None
    except ValueError as e:  # JSONDecodeError included
        raise CorruptFileError(SOURCE, f"is not valid JSON: {e}") from None


# --- decoding everything ----------------------------------------------------


@dataclass(frozen=True)
class FileError:
    """One activity file that could not become a workout, and why."""

    file: str
    reason: str


@dataclass(frozen=True)
class LoadedRunner:
    bundle: Bundle
    data: RunnerData
    errors: tuple[FileError, ...] = ()
    # Decoded activities by file, only when asked for (they hold every sample).
    activities: Mapping[str, Activity] = field(default_factory=dict)


def load_runner(
    path: str | os.PathLike[str],
    *,
    limits: Limits = DEFAULT_LIMITS,
    keep_activities: bool = False,
    progress: Progress | None = None,
) -> LoadedRunner:
    """Read a bundle and decode every activity file into RunnerData.

    A file that cannot be read becomes a FileError; the rest still load.  A bad
    runner.json is not one file among many: it raises BundleError.
    """
    from stridelight.core.load import workout_from_activity
    from stridelight.importers import read

    bundle = read_bundle(path, limits=limits)
    workouts: list[Workout] = []
    errors: list[FileError] = []
    kept: dict[str, Activity] = {}
    total = len(bundle.notes)
    for done, ((name, data), note) in enumerate(
        zip(bundle.iter_activity_files(), bundle.notes, strict=True), start=1
    ):
        if progress is not None:
            progress(done, total)
        try:
            activity = read(data, limits=limits)
            if activity.start is None:
                raise ValueError("the file has no start time")
            workouts.append(
                workout_from_activity(
                    activity, id=name, note=note, profile=bundle.profile
                )
            )
        except (ReadError, ValueError) as e:
            errors.append(FileError(name, getattr(e, "reason", str(e))))
            continue
        if keep_activities:
            kept[name] = activity
    workouts.sort(key=lambda w: (w.start, w.id))
    return LoadedRunner(
        bundle, bundle.runner_data(tuple(workouts)), tuple(errors), kept
    )
