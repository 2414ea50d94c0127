"""The runner bundle: runner.json plus activities/, as a folder or a zip (DESIGN §4).

``read_bundle`` checks runner.json (see ``bundle_schema``) and lists the activity
files without reading them; ``Bundle.iter_activity_files`` reads them one at a
time.  ``write_bundle`` writes the raw document back, so unknown keys survive a
round trip, and copies activity files byte for byte.  ``load_runner`` decodes
every file into the analysis input; one bad file becomes a line in ``errors``.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
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
from stridelight.importers import source as safe
from stridelight.importers.bundle_schema import (
    SOURCE,
    Journal,
    journal_document,
    parse_journal,
)
from stridelight.importers.errors import (
    CorruptFileError,
    LimitExceededError,
    ReadError,
)
from stridelight.importers.limits import DEFAULT_LIMITS, Limits

RUNNER_JSON = "runner.json"
ACTIVITIES = "activities/"
# Already compressed: deflating them again only costs time.
_STORED_SUFFIXES = (".gz", ".zip")


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
                yield name, _read_capped(self.source / name, self.limits)
            return
        with _open_zip(self.source, self.limits) as archive:
            for name in self.activity_files:
                yield name, _read_member(archive, self.root + name, self.limits)

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
        or _ignored(name)
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
        text, files = _scan_folder(source, limits)
        return _bundle(_parse_json(text), files, source, "", limits)
    if not source.is_file():
        raise ReadError(str(source), "no such file or folder")
    with _open_zip(source, limits) as archive:
        root, files = _scan_zip(archive, str(source), limits)
        text = _read_member(archive, root + RUNNER_JSON, limits)
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


def _scan_folder(folder: Path, limits: Limits) -> tuple[bytes, tuple[str, ...]]:
    runner = folder / RUNNER_JSON
    if not runner.is_file():
        raise CorruptFileError(str(folder), f"not a runner bundle: no {RUNNER_JSON}")
    top = folder.resolve()
    files: list[str] = []
    activities = folder / ACTIVITIES
    for path in sorted(activities.rglob("*")) if activities.is_dir() else []:
        name = path.relative_to(folder).as_posix()
        if not path.is_file() or _ignored(name):
            continue
        if not path.resolve().is_relative_to(top):
            raise CorruptFileError(str(folder), f"{name} points outside the bundle")
        files.append(name)
    if len(files) > limits.max_members:
        raise LimitExceededError(
            str(folder), f"{len(files)} files, more than {limits.max_members}"
        )
    return _read_capped(runner, limits), tuple(files)


def _ignored(name: str) -> bool:
    """Hidden files and the debris of zipping on a Mac are not activities."""
    parts = PurePosixPath(name).parts
    return any(p.startswith(".") or p == "__MACOSX" for p in parts)


def _read_capped(path: Path, limits: Limits) -> bytes:
    try:
        safe.check_size(str(path), path.stat().st_size, limits)
        return path.read_bytes()
    except OSError as exc:
        raise ReadError(str(path), f"cannot read: {exc.strerror or exc}") from None


@contextmanager
def _open_zip(path: Path, limits: Limits) -> Iterator[zipfile.ZipFile]:
    try:
        stream = path.open("rb")
    except OSError as exc:
        raise ReadError(str(path), f"cannot read: {exc.strerror or exc}") from None
    with stream:
        # Counted before zipfile parses the directory: a million entries cost memory.
        safe.check_declared_count(stream, str(path), limits)
        try:
            with safe.open_zip(stream, name=str(path)) as archive:
                yield archive
        # zipfile raises these too, e.g. "zip file version 8.4" for a mangled header.
        except (NotImplementedError, RuntimeError) as exc:
            raise CorruptFileError(str(path), f"bad zip file ({exc})") from None


def _scan_zip(
    archive: zipfile.ZipFile, source: str, limits: Limits
) -> tuple[str, tuple[str, ...]]:
    """The folder holding runner.json ("" or "name/") and the activity members."""
    infos = archive.infolist()
    if len(infos) > limits.max_members:
        raise safe.too_many_error(source, len(infos), limits)
    for info in infos:
        entry = f"{source}: {info.filename}"
        if safe.unsafe_name(info.filename):
            raise safe.unsafe_error(entry)
        safe.check_size(entry, info.file_size, limits)
        safe.check_ratio(entry, info.file_size, info.compress_size, limits)
    total = sum(info.file_size for info in infos)
    if total > limits.max_archive_bytes:
        raise LimitExceededError(
            source, f"{total} bytes unpacked, more than {limits.max_archive_bytes}"
        )
    listed = [i.filename for i in infos if safe.is_file(i) and not safe.is_hidden(i)]
    names = set(listed)
    if len(names) != len(listed):  # which copy would count? refuse to guess
        raise CorruptFileError(source, "the zip holds two entries with one name")
    root = _find_root(names, source)
    files = [n[len(root) :] for n in names if n.startswith(root + ACTIVITIES)]
    return root, tuple(sorted(files))


def _find_root(names: set[str], source: str) -> str:
    """runner.json at the top, or inside the one folder a zip tool wrapped it in."""
    if RUNNER_JSON in names:
        return ""
    roots = sorted(
        n[: -len(RUNNER_JSON)] for n in names if n.endswith("/" + RUNNER_JSON)
    )
    top_level = [r for r in roots if r.count("/") == 1 and not _ignored(r)]
    if len(top_level) == 1:
        return top_level[0]
    raise CorruptFileError(source, f"not a runner bundle: no {RUNNER_JSON} at its top")


def _read_member(archive: zipfile.ZipFile, name: str, limits: Limits) -> bytes:
    return safe.read_member(archive, archive.getinfo(name), entry=name, limits=limits)


# --- writing ----------------------------------------------------------------

ActivitySource = bytes | Path


def write_bundle(
    bundle: Bundle,
    target: str | os.PathLike[str],
    *,
    activity_sources: Mapping[str, ActivitySource] | None = None,
) -> Path:
    """Write ``bundle`` as a zip (target ends in .zip) or a new folder; return it.

    Activity files come from ``activity_sources`` (name → bytes or a path), or
    else from the bundle's own source.  Nothing is half-written: the result
    appears under its name only once complete.
    """
    out = Path(target)
    items = _activity_items(bundle, activity_sources)
    text = json.dumps(bundle.document, indent=2, ensure_ascii=False) + "\n"
    if out.suffix.lower() == ".zip":
        _write_zip(out, text, items)
    else:
        _write_folder(out, text, items)
    return out


def _activity_items(
    bundle: Bundle, sources: Mapping[str, ActivitySource] | None
) -> Iterator[tuple[str, bytes]]:
    if sources is None:
        if bundle.activity_files and bundle.source is None:
            raise ValueError("a bundle built in memory needs activity_sources")
        yield from bundle.iter_activity_files()
        return
    missing = [n for n in bundle.activity_files if n not in sources]
    if missing:
        raise ValueError(f"no source for {', '.join(missing[:3])}")
    for name in bundle.activity_files:
        data = sources[name]
        yield name, data if isinstance(data, bytes) else Path(data).read_bytes()


def _write_zip(out: Path, text: str, items: Iterator[tuple[str, bytes]]) -> None:
    def write(tmp: Path) -> None:
        with zipfile.ZipFile(tmp, "w") as archive:
            _add(archive, RUNNER_JSON, text.encode())
            for name, data in items:
                _add(archive, name, data)

    _atomically(out, write)


def _add(archive: zipfile.ZipFile, name: str, data: bytes) -> None:
    # A fixed date keeps exports of the same data byte-identical.
    info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
    stored = name.lower().endswith(_STORED_SUFFIXES)
    info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    archive.writestr(info, data)


def _write_folder(out: Path, text: str, items: Iterator[tuple[str, bytes]]) -> None:
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise FileExistsError(f"{out} exists and is not an empty folder")

    def write(tmp: Path) -> None:
        tmp.mkdir()
        (tmp / RUNNER_JSON).write_text(text, encoding="utf-8")
        for name, data in items:
            path = tmp / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)

    if out.is_dir():
        out.rmdir()  # empty, checked above; the finished folder takes its place
    _atomically(out, write)


def _atomically(out: Path, write: Callable[[Path], None]) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        tmp = work / out.name
        write(tmp)
        os.replace(tmp, out)
    finally:
        shutil.rmtree(work, ignore_errors=True)


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
    for (name, data), note in zip(
        bundle.iter_activity_files(), bundle.notes, strict=True
    ):
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
