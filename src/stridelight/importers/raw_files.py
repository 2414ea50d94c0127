"""Every activity file under a path as its original bytes, none of them decoded.

``iter_activities`` reads and decodes in one go; the store needs the bytes first:
it hashes them (a file it already holds is known by its sha256 alone, without
decoding) and keeps them as received.  ``iter_files`` walks the same places the
same way (a folder, a Strava or Garmin export, a plain zip, one file) with the
same limits, yielding a :class:`RawFile` per entry: its bytes, the ReadError that
stopped them, or why it was skipped; Strava's metadata rides along.  Decoding is
the caller's: ``source.decode(data, source=entry)``.
"""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import BinaryIO

from stridelight.importers import registry
from stridelight.importers.archives import (
    _Budget,
    _read_charged,
    _strava_folder,
    _strava_rows,
    _Zip,
)
from stridelight.importers.errors import CorruptFileError, LimitExceededError, ReadError
from stridelight.importers.folder_walk import NOT_REGULAR, list_folder
from stridelight.importers.limits import DEFAULT_LIMITS, Limits
from stridelight.importers.source import (
    ZIP_MAGICS,
    check_declared_count,
    is_file,
    is_hidden,
    load,
    open_zip,
    too_many_error,
    unsafe_error,
    unsafe_name,
)
from stridelight.importers.strava import STRAVA_CSV, listed_file


@dataclass(frozen=True)
class RawFile:
    """One entry: its original bytes, the error that stopped them, or a skip."""

    entry: str  # path inside the folder or archive, "/"-separated
    data: bytes | None = None
    error: ReadError | None = None
    metadata: Mapping[str, str] = field(default_factory=dict)
    skipped: str | None = None

    def __post_init__(self) -> None:
        outcomes = (self.data, self.error, self.skipped)
        if sum(o is not None for o in outcomes) != 1:
            raise ValueError("a RawFile holds one of data, error or skipped")


def iter_files(
    source: str | os.PathLike[str], *, limits: Limits = DEFAULT_LIMITS
) -> Iterator[RawFile]:
    """Every activity file under ``source`` (a folder, a zip or one file), as bytes.

    Raises ReadError when ``source`` itself cannot be read (a zip that will not
    open, too many members); each bad entry is its own RawFile.
    """
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
    try:
        _, data = load(path, limits=limits)
    except ReadError as exc:
        return RawFile(entry, error=exc, metadata=meta)
    return RawFile(entry, data=data, metadata=meta)


def _folder(root: str, limits: Limits) -> Iterator[RawFile]:
    listed, items = _strava_folder(root, limits)
    for item in items:  # manual entries, files the CSV lists but lacks
        yield RawFile(
            item.entry, error=item.error, metadata=item.metadata, skipped=item.skipped
        )
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


def _nested_file(path: str, entry: str, limits: Limits) -> Iterator[RawFile]:
    try:
        with open(path, "rb") as handle:
            yield from _zip(handle, name=entry, prefix=entry + "/", limits=limits)
    except ReadError as exc:
        yield RawFile(entry, error=exc)
    except OSError as exc:
        yield RawFile(entry, error=ReadError(entry, f"cannot read: {exc}"))


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
    try:
        data = _read_charged(walk, info, entry, activity=True)
    except ReadError as exc:
        return RawFile(entry, error=exc, metadata=meta)
    return RawFile(entry, data=data, metadata=meta)


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


def _strava(walk: _Zip, csv_info: zipfile.ZipInfo) -> Iterator[RawFile]:
    """Rows of activities.csv joined to their files; unlisted files still read."""
    rows, problem = _strava_rows(walk, csv_info)
    if problem is not None:
        yield RawFile(walk.entry(STRAVA_CSV), error=problem)
    listed: set[str] = set()
    for number, meta in enumerate(rows, start=1):
        filename = listed_file(meta)
        if not filename:
            entry = walk.entry(f"{STRAVA_CSV} row {number}")
            yield RawFile(entry, metadata=meta, skipped="manual entry, no file")
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
    return _member(walk, info, entry, meta)
