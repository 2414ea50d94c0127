"""Reading a runner bundle: runner.json plus activities/, as a folder or a zip.

``read_bundle`` checks runner.json (see ``schema``) and lists the activity files
without reading them (see ``files``); ``Bundle.iter_activity_files`` reads them
one at a time.  ``make_bundle`` builds one in memory for ``write_bundle``.
"""

from __future__ import annotations

import json
import os
import zipfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath

from stridelight.core.journal import ActivityNote, Journal
from stridelight.importers.bundle.files import (
    ACTIVITIES,
    RUNNER_JSON,
    ignored,
    open_zip,
    read_activity,
    read_member,
    scan_folder,
    scan_zip,
    without_long_paths,
)
from stridelight.importers.bundle.schema import (
    SOURCE,
    journal_document,
    parse_journal,
)
from stridelight.importers.errors import BundleError, CorruptFileError, ReadError
from stridelight.importers.limits import DEFAULT_LIMITS, Limits

__all__ = ["Bundle", "make_bundle", "read_bundle"]


@dataclass(frozen=True)
class Bundle:
    """One runner's bundle: the journal, typed, plus where its activity files are.

    ``document`` is the parsed runner.json exactly as read (unknown keys
    included); treat it as read-only.  ``activity_files`` are paths inside the
    bundle (``activities/…``), sorted, and ``notes`` holds one ActivityNote per
    file in the same order (a file without an entry gets an empty note).
    """

    journal: Journal
    notes: tuple[ActivityNote, ...]
    document: Mapping[str, object]
    activity_files: tuple[str, ...]
    source: Path | None = None  # None for a bundle built in memory
    root: str = ""  # prefix inside a zip whose content sits in one folder
    limits: Limits = DEFAULT_LIMITS
    #: Entries under activities/ that are not read, and why: pipes and other
    #: non-regular files, subfolders that cannot be listed, paths too long to keep.
    skipped: tuple[tuple[str, str], ...] = ()
    #: Values read as written but worth a second look (a mass that may be pounds).
    warnings: tuple[str, ...] = ()

    def iter_activity_files(self) -> Iterator[tuple[str, bytes]]:
        """Each activity file's name and bytes, read lazily, in ``activity_files`` order.

        Raises the ReadError of the first file that cannot be read.
        """
        for name, data in self.iter_activity_reads():
            if isinstance(data, ReadError):
                raise data
            yield name, data

    def iter_activity_reads(self) -> Iterator[tuple[str, bytes | ReadError]]:
        """Each activity file's name and bytes, or why it could not be read.

        A file over the size limit, unreadable or plainly not an activity is
        its own ReadError, and the next file is still read: a bad activity file
        is not a bad bundle.
        """
        if self.source is None:
            return
        if self.source.is_dir():
            for name in self.activity_files:
                yield name, self._read_one(name, None)
            return
        with open_zip(self.source, self.limits) as archive:
            for name in self.activity_files:
                yield name, self._read_one(name, archive)

    def _read_one(
        self, name: str, archive: zipfile.ZipFile | None
    ) -> bytes | ReadError:
        assert self.source is not None
        try:
            if archive is None:
                return read_activity(self.source / name, self.limits)
            return read_member(archive, self.root + name, self.limits, activity=True)
        except ReadError as exc:
            return exc

    def note_for(self, name: str) -> ActivityNote:
        for note in self.notes:
            if note.file == name:
                return note
        raise KeyError(name)


def make_bundle(
    journal: Journal,
    notes: tuple[ActivityNote, ...] = (),
    activity_files: tuple[str, ...] = (),
) -> Bundle:
    """A bundle built in memory (an export, the demo generator), with a fresh runner.json.

    ``activity_files`` are the names the files will have (``activities/…``); a
    note's file must be one of them.  A RunnerData is a journal too; its
    workouts are not written: the activity files are the record of what was run.
    """
    for name in activity_files:
        _check_name(name)
    # Parsing our own document checks the journal exactly as a reader will.
    files = tuple(sorted(activity_files))
    return _bundle(journal_document(journal, notes), files, None, "", DEFAULT_LIMITS)


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
    parsed = parse_journal(document, set(files))
    assert isinstance(document, dict)
    return Bundle(
        journal=parsed.journal,
        notes=tuple(parsed.notes.get(name, ActivityNote(file=name)) for name in files),
        document=document,
        activity_files=files,
        source=source,
        root=root,
        limits=limits,
        warnings=parsed.warnings,
    )


# --- reading ----------------------------------------------------------------


def read_bundle(
    path: str | os.PathLike[str], *, limits: Limits = DEFAULT_LIMITS
) -> Bundle:
    """Read and check a bundle folder or zip; raise a ReadError (BundleError) if bad.

    An error in runner.json names it as a path a person can find: the bundle's
    path, then runner.json (``runner.zip/runner.json: shoes[0]: …``).
    """
    source = Path(path)
    if source.is_dir():
        text, files, skipped = scan_folder(source, limits)
        root, where = "", (source / RUNNER_JSON).as_posix()
    elif not source.is_file():
        raise ReadError(str(source), "no such file or folder")
    else:
        text, root, files = _runner_json_and_files(source, limits)
        skipped, where = (), f"{source.as_posix()}/{root}{RUNNER_JSON}"
    files, too_long = without_long_paths(files)
    bundle = _checked(text, files, source, root, limits, where)
    return replace(bundle, skipped=tuple(sorted((*skipped, *too_long))))


def _runner_json_and_files(
    source: Path, limits: Limits
) -> tuple[bytes, str, tuple[str, ...]]:
    """A zipped bundle's runner.json, the folder it sits in, the activity files."""
    with open_zip(source, limits) as archive:
        root, files = scan_zip(archive, str(source), limits)
        try:
            return read_member(archive, root + RUNNER_JSON, limits), root, files
        except ReadError as e:
            raise _renamed(e, f"{source.as_posix()}/{root}{RUNNER_JSON}") from None


def _checked(
    text: bytes,
    files: tuple[str, ...],
    source: Path,
    root: str,
    limits: Limits,
    where: str,
) -> Bundle:
    """The bundle of a runner.json read from ``where``, or an error naming it."""
    try:
        return _bundle(_parse_json(text), files, source, root, limits)
    except ReadError as e:
        raise _renamed(e, where) from None


def _renamed(error: ReadError, where: str) -> ReadError:
    """The same error, naming runner.json by ``where`` (its path with the bundle's)."""
    if isinstance(error, BundleError):
        return BundleError(where, error.entry, error.field, error.problem)
    return type(error)(where, error.reason)


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
