"""Every activity file under a path as its original bytes: the one walk.

A folder, a Strava or Garmin export, a plain zip (zips nested in it too), bytes
or one file: ``iter_files`` walks them all the same way, with the same limits,
yielding a :class:`RawFile` per entry: its bytes, the ReadError that stopped
them, or why it was skipped; Strava's metadata rides along.  Archives are read
lazily, one member in memory at a time, and never extracted to disk; one bad
member never stops the rest.  Whole-source problems (not a zip, too many
members) raise ReadError.

Nothing is decoded here.  ``archives.iter_activities`` decodes each file on top
of this walk; the store hashes the bytes first (a file it already holds is known
by its sha256 alone) and decodes in a process pool.
"""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import BinaryIO

from stridelight.importers import registry
from stridelight.importers.errors import CorruptFileError, LimitExceededError, ReadError
from stridelight.importers.folder_walk import NOT_REGULAR, list_folder
from stridelight.importers.limits import DEFAULT_LIMITS, MAX_PATH_CHARS, Limits
from stridelight.importers.source import (
    ZIP_MAGICS,
    Charge,
    check_declared_count,
    is_file,
    is_hidden,
    is_link,
    link_error,
    load,
    long_path_error,
    open_zip,
    read_member,
    too_many_error,
    unsafe_error,
    unsafe_name,
)
from stridelight.importers.strava import STRAVA_CSV, listed_file, parse_strava_csv


@dataclass(frozen=True)
class RawFile:
    """One entry: its original bytes, the error that stopped them, or a skip.

    ``name`` is what a decoder calls the file in its errors (the path of a file
    on disk, else ``entry``); ``charge`` is the budget of the archive it came
    from, told the size of each layer a decoder inflates (a .gz inside a zip),
    so everything in one archive is held to one total.
    """

    entry: str  # path inside the folder or archive, "/"-separated
    data: bytes | None = None
    error: ReadError | None = None
    metadata: Mapping[str, str] = field(default_factory=dict)
    skipped: str | None = None
    name: str = field(default="", compare=False)
    charge: Charge | None = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        outcomes = (self.data, self.error, self.skipped)
        if sum(o is not None for o in outcomes) != 1:
            raise ValueError("a RawFile holds one of data, error or skipped")
        if not self.name:
            object.__setattr__(self, "name", self.entry)


def iter_files(
    source: str | os.PathLike[str] | bytes, *, limits: Limits = DEFAULT_LIMITS
) -> Iterator[RawFile]:
    """Every activity file under ``source`` (a folder, a zip, bytes or one file).

    Raises ReadError when ``source`` itself cannot be read (a zip that will not
    open, too many members); each bad entry is its own RawFile.
    """
    if isinstance(source, bytes):
        if source.startswith(ZIP_MAGICS):
            yield from _zip(
                io.BytesIO(source), name="<bytes>", prefix="", limits=limits
            )
        else:
            yield RawFile("<bytes>", data=source)
        return
    path = os.fspath(source)
    if os.path.isdir(path):
        yield from _folder(path, limits)
    elif _starts_like_zip(path):
        with open(path, "rb") as handle:
            yield from _zip(handle, name=path, prefix="", limits=limits)
    else:
        yield _loaded(os.path.basename(path), path, limits)


def _starts_like_zip(path: str) -> bool:
    try:
        with open(path, "rb") as handle:
            return handle.read(4) in ZIP_MAGICS
    except OSError as exc:
        raise ReadError(path, f"cannot read: {exc.strerror or exc}") from None


def _loaded(
    entry: str, path: str, limits: Limits, metadata: Mapping[str, str] | None = None
) -> RawFile:
    meta = metadata or {}
    if len(entry) > MAX_PATH_CHARS:
        return RawFile(entry, error=long_path_error(entry), metadata=meta)
    try:
        _, data = load(path, limits=limits)
    except ReadError as exc:
        return RawFile(entry, error=exc, metadata=meta, name=path)
    except Exception as exc:  # one file's bug is its own error, not the batch's
        return RawFile(entry, error=internal_error(entry, exc), metadata=meta)
    return RawFile(entry, data=data, metadata=meta, name=path)


def internal_error(entry: str, exc: Exception) -> CorruptFileError:
    """A reader's bug as this entry's error: it must not sink the rest of a batch."""
    reason = f"internal error, please report: {type(exc).__name__}: {exc}"
    return CorruptFileError(entry, reason)


# --- folders --------------------------------------------------------------------


def _folder(root: str, limits: Limits) -> Iterator[RawFile]:
    listed, reported = _strava_folder(root, limits)
    yield from reported  # manual entries, files the CSV lists but lacks
    listing = list_folder(root)
    for folder, why in listing.unreadable:
        yield RawFile(folder, error=ReadError(folder, f"cannot read folder: {why}"))
    for entry in listing.not_regular:
        yield RawFile(entry, skipped=NOT_REGULAR)
    for entry in listing.files:
        path = os.path.join(root, *entry.split("/"))
        if entry.lower().endswith(".zip"):
            yield from _nested_file(path, entry, limits)
        else:
            yield _loaded(entry, path, limits, listed.get(entry))


def _strava_folder(
    root: str, limits: Limits
) -> tuple[dict[str, Mapping[str, str]], list[RawFile]]:
    """An unzipped Strava export: each listed file's metadata, and the rows to report.

    Those rows are the manual entries (skipped), files the CSV lists that are not
    there, and the CSV itself when it cannot be read.
    """
    path = os.path.join(root, STRAVA_CSV)
    if not os.path.isfile(path):
        return {}, []
    try:
        rows = parse_strava_csv(read_capped(path, limits), STRAVA_CSV)
    except ReadError as exc:
        return {}, [RawFile(STRAVA_CSV, error=exc)]
    listed: dict[str, Mapping[str, str]] = {}
    reported = []
    for number, meta in enumerate(rows, start=1):
        filename = listed_file(meta)
        if not filename:
            entry = f"{STRAVA_CSV} row {number}"
            reported.append(RawFile(entry, metadata=meta, skipped=MANUAL_ENTRY))
        elif unsafe_name(filename):
            error = unsafe_error(filename)
            reported.append(RawFile(filename, error=error, metadata=meta))
        elif not os.path.isfile(os.path.join(root, *filename.split("/"))):
            error = CorruptFileError(
                filename, f"listed in {STRAVA_CSV} but not in the folder"
            )
            reported.append(RawFile(filename, error=error, metadata=meta))
        else:
            listed[filename] = meta
    return listed, reported


MANUAL_ENTRY = "manual entry, no file"


def read_capped(path: str, limits: Limits) -> bytes:
    """A small file read whole, refused when over the per-file limit."""
    try:
        with open(path, "rb") as handle:
            data = handle.read(limits.max_file_bytes + 1)
    except OSError as exc:
        raise ReadError(path, f"cannot read: {exc.strerror or exc}") from None
    if len(data) > limits.max_file_bytes:
        raise LimitExceededError(
            path,
            f"larger than {limits.max_file_bytes:,} bytes "
            f"(limit {limits.names.max_file_bytes})",
        )
    return data


def _nested_file(path: str, entry: str, limits: Limits) -> Iterator[RawFile]:
    try:
        with open(path, "rb") as handle:
            yield from _zip(handle, name=entry, prefix=entry + "/", limits=limits)
    except ReadError as exc:
        yield RawFile(entry, error=exc)
    except OSError as exc:
        yield RawFile(entry, error=ReadError(entry, f"cannot read: {exc}"))


# --- zips -----------------------------------------------------------------------


class _Budget:
    """Decompressed bytes one archive (with everything nested in it) may still use."""

    def __init__(self, limits: Limits) -> None:
        self.limit = limits.max_archive_bytes
        self.setting = limits.names.max_archive_bytes
        self.used = 0

    def check(self, entry: str, size: int) -> None:
        if self.used + size > self.limit:
            raise LimitExceededError(
                entry,
                f"the archive would inflate past {self.limit:,} bytes in total "
                f"(limit {self.setting}); entry not read",
            )

    def charge(self, entry: str, size: int) -> None:
        self.check(entry, size)
        self.used += size


@dataclass(frozen=True)
class _Zip:
    """What walking one (possibly nested) zip carries along."""

    archive: zipfile.ZipFile
    prefix: str  # entry names start with this ("" for the outermost zip)
    depth: int  # 0 for the outermost zip
    limits: Limits
    budget: _Budget

    def entry(self, name: str) -> str:
        return self.prefix + name


def _zip(
    stream: BinaryIO,
    *,
    name: str,
    prefix: str,
    limits: Limits,
    depth: int = 0,
    budget: _Budget | None = None,
) -> Iterator[RawFile]:
    check_declared_count(stream, name, limits)
    with open_zip(stream, name=name) as archive:
        infos = archive.infolist()
        if len(infos) > limits.max_members:
            raise too_many_error(name, len(infos), limits)
        walk = _Zip(archive, prefix, depth, limits, budget or _Budget(limits))
        if STRAVA_CSV in archive.NameToInfo:
            yield from _strava(walk, archive.NameToInfo[STRAVA_CSV])
        else:
            yield from _members(walk, sorted(infos, key=lambda i: i.filename))


def _members(walk: _Zip, infos: list[zipfile.ZipInfo]) -> Iterator[RawFile]:
    for info in infos:
        if not is_file(info) or is_hidden(info):
            continue
        entry = walk.entry(info.filename)
        if unsafe_name(info.filename):
            yield RawFile(entry, error=unsafe_error(entry))
        elif is_link(info):
            yield RawFile(entry, error=link_error(entry))
        elif info.filename.lower().endswith(".zip"):
            yield from _inner_zip(walk, info, entry)
        elif registry.looks_like_activity(info.filename):
            yield _member(walk, info, entry)


def _member(
    walk: _Zip,
    info: zipfile.ZipInfo,
    entry: str,
    metadata: Mapping[str, str] | None = None,
) -> RawFile:
    meta = metadata or {}
    if len(entry) > MAX_PATH_CHARS:  # checked before a byte is inflated
        return RawFile(entry, error=long_path_error(entry), metadata=meta)
    try:
        data = _read_charged(walk, info, entry, activity=True)
    except ReadError as exc:
        return RawFile(entry, error=exc, metadata=meta)
    except Exception as exc:  # one member's bug is its own error, not the batch's
        return RawFile(entry, error=internal_error(entry, exc), metadata=meta)
    return RawFile(entry, data=data, metadata=meta, charge=walk.budget.charge)


def _inner_zip(walk: _Zip, info: zipfile.ZipInfo, entry: str) -> Iterator[RawFile]:
    """A zip inside the zip: Garmin account exports nest their FIT files so."""
    if walk.depth >= walk.limits.max_nesting:
        error = LimitExceededError(
            entry,
            f"zip nested more than {walk.limits.max_nesting} levels deep; not opened",
        )
        yield RawFile(entry, error=error)
        return
    try:
        data = _read_charged(walk, info, entry)
        yield from _zip(
            io.BytesIO(data),
            name=entry,
            prefix=entry + "/",
            limits=walk.limits,
            depth=walk.depth + 1,
            budget=walk.budget,
        )
    except ReadError as exc:
        yield RawFile(entry, error=exc)


def _read_charged(
    walk: _Zip, info: zipfile.ZipInfo, entry: str, *, activity: bool = False
) -> bytes:
    # The declared size first, so an entry over budget is never inflated at all.
    walk.budget.check(entry, info.file_size)
    data = read_member(
        walk.archive, info, entry=entry, limits=walk.limits, activity=activity
    )
    walk.budget.charge(entry, len(data))
    return data


# --- Strava bulk export, zipped (parsing in .strava) ----------------------------------


def _strava(walk: _Zip, csv_info: zipfile.ZipInfo) -> Iterator[RawFile]:
    """Rows of activities.csv joined to their files under activities/.

    A row without a file is a manual entry: skipped, with its metadata.  Files the
    CSV does not mention are still read, so nothing in the export is lost.
    """
    rows, problem = _strava_rows(walk, csv_info)
    if problem is not None:
        yield RawFile(walk.entry(STRAVA_CSV), error=problem)
    listed: set[str] = set()
    for number, meta in enumerate(rows, start=1):
        filename = listed_file(meta)
        if not filename:
            entry = walk.entry(f"{STRAVA_CSV} row {number}")
            yield RawFile(entry, metadata=meta, skipped=MANUAL_ENTRY)
            continue
        listed.add(filename)
        yield _strava_file(walk, filename, meta)
    rest = [
        info
        for info in walk.archive.infolist()
        if info.filename.startswith("activities/") and info.filename not in listed
    ]
    yield from _members(walk, sorted(rest, key=lambda i: i.filename))


def _strava_file(walk: _Zip, filename: str, meta: Mapping[str, str]) -> RawFile:
    entry = walk.entry(filename)
    info = walk.archive.NameToInfo.get(filename)
    if unsafe_name(filename):
        return RawFile(entry, error=unsafe_error(entry), metadata=meta)
    if info is None:
        error = CorruptFileError(entry, f"listed in {STRAVA_CSV} but not in the zip")
        return RawFile(entry, error=error, metadata=meta)
    if is_link(info):
        return RawFile(entry, error=link_error(entry), metadata=meta)
    return _member(walk, info, entry, meta)


def _strava_rows(
    walk: _Zip, info: zipfile.ZipInfo
) -> tuple[list[dict[str, str]], ReadError | None]:
    entry = walk.entry(STRAVA_CSV)
    try:
        return parse_strava_csv(_read_charged(walk, info, entry), entry), None
    except ReadError as exc:
        return [], exc
