"""Many activities from one place: a folder, a Strava or Garmin export, a plain zip.

Archives are read lazily, one member in memory at a time, and never extracted to
disk.  Every member becomes an :class:`ImportItem` holding an activity, a
:class:`ReadError` or the reason it was skipped: one bad member never stops the
rest.  Whole-archive problems (not a zip, too many members) raise ReadError.
"""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from functools import partial
from typing import BinaryIO

from stridelight.core.activity import Activity
from stridelight.importers import registry
from stridelight.importers.errors import (
    CorruptFileError,
    LimitExceededError,
    ReadError,
)
from stridelight.importers.folder_walk import NOT_REGULAR, list_folder
from stridelight.importers.limits import DEFAULT_LIMITS, Limits
from stridelight.importers.source import (
    ZIP_MAGICS,
    check_declared_count,
    decode,
    is_file,
    is_hidden,
    open_zip,
    read,
    read_member,
    too_many_error,
    unsafe_error,
    unsafe_name,
)
from stridelight.importers.strava import (
    STRAVA_CSV,
    listed_file,
    parse_strava_csv,
    with_strava_sport,
)


@dataclass(frozen=True)
class ImportItem:
    """One entry of an archive or folder: an activity, an error, or a skip."""

    entry: str  # path inside the archive or folder, "/"-separated
    activity: Activity | None = None
    error: ReadError | None = None
    metadata: Mapping[str, str] = field(default_factory=dict)
    skipped: str | None = None  # why there is nothing to read, when that is fine

    def __post_init__(self) -> None:
        outcomes = (self.activity, self.error, self.skipped)
        if sum(o is not None for o in outcomes) != 1:
            raise ValueError("an ImportItem holds one of activity, error or skipped")

    @property
    def ok(self) -> bool:
        return self.activity is not None


def iter_activities(
    source: str | os.PathLike[str] | bytes, *, limits: Limits = DEFAULT_LIMITS
) -> Iterator[ImportItem]:
    """Every activity under ``source``: a folder, a zip (any kind) or a single file."""
    if isinstance(source, bytes):
        yield from _iter_blob(source, name="<bytes>", limits=limits)
        return
    path = os.fspath(source)
    if os.path.isdir(path):
        yield from _iter_folder(path, limits)
    elif _starts_like_zip(path):
        with open(path, "rb") as handle:
            yield from _iter_zip(handle, name=path, prefix="", limits=limits)
    else:
        yield _item(os.path.basename(path), lambda: read(path, limits=limits))


def _iter_blob(data: bytes, *, name: str, limits: Limits) -> Iterator[ImportItem]:
    if data.startswith(ZIP_MAGICS):
        yield from _iter_zip(io.BytesIO(data), name=name, prefix="", limits=limits)
    else:
        yield _item(name, lambda: decode(data, source=name, limits=limits))


def _starts_like_zip(path: str) -> bool:
    try:
        with open(path, "rb") as handle:
            return handle.read(4) in ZIP_MAGICS
    except OSError as exc:
        raise ReadError(path, f"cannot read: {exc.strerror or exc}") from None


# --- folders --------------------------------------------------------------------


def _iter_folder(root: str, limits: Limits) -> Iterator[ImportItem]:
    listed, items = _strava_folder(root, limits)
    yield from items
    listing = list_folder(root)
    for folder, why in listing.unreadable:
        yield ImportItem(folder, error=ReadError(folder, f"cannot read folder: {why}"))
    for entry in listing.not_regular:
        yield ImportItem(entry, skipped=NOT_REGULAR)
    for entry in listing.files:
        path = os.path.join(root, *entry.split("/"))
        if entry.lower().endswith(".zip"):
            yield from _iter_nested_file(path, entry, limits)
        elif entry in listed:
            meta = listed[entry]
            yield _with_sport(_item(entry, partial(read, path, limits=limits), meta))
        else:
            yield _item(entry, partial(read, path, limits=limits))


def _strava_folder(
    root: str, limits: Limits
) -> tuple[dict[str, Mapping[str, str]], list[ImportItem]]:
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
        return {}, [ImportItem(STRAVA_CSV, error=exc)]
    listed: dict[str, Mapping[str, str]] = {}
    items = []
    for number, meta in enumerate(rows, start=1):
        filename = listed_file(meta)
        if not filename:
            entry = f"{STRAVA_CSV} row {number}"
            items.append(
                ImportItem(entry, metadata=meta, skipped="manual entry, no file")
            )
        elif unsafe_name(filename):
            items.append(
                ImportItem(filename, error=unsafe_error(filename), metadata=meta)
            )
        elif not os.path.isfile(os.path.join(root, *filename.split("/"))):
            error = CorruptFileError(
                filename, f"listed in {STRAVA_CSV} but not in the folder"
            )
            items.append(ImportItem(filename, error=error, metadata=meta))
        else:
            listed[filename] = meta
    return listed, items


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


def _iter_nested_file(path: str, entry: str, limits: Limits) -> Iterator[ImportItem]:
    try:
        with open(path, "rb") as handle:
            yield from _iter_zip(handle, name=entry, prefix=entry + "/", limits=limits)
    except ReadError as exc:
        yield ImportItem(entry, error=exc)
    except OSError as exc:
        yield ImportItem(entry, error=ReadError(entry, f"cannot read: {exc}"))


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


def _iter_zip(
    stream: BinaryIO,
    *,
    name: str,
    prefix: str,
    limits: Limits,
    depth: int = 0,
    budget: _Budget | None = None,
) -> Iterator[ImportItem]:
    check_declared_count(stream, name, limits)
    with open_zip(stream, name=name) as archive:
        infos = archive.infolist()
        if len(infos) > limits.max_members:
            raise too_many_error(name, len(infos), limits)
        walk = _Zip(archive, prefix, depth, limits, budget or _Budget(limits))
        if STRAVA_CSV in archive.NameToInfo:
            yield from _iter_strava(walk, archive.NameToInfo[STRAVA_CSV])
        else:
            yield from _iter_members(walk, sorted(infos, key=lambda i: i.filename))


def _iter_members(walk: _Zip, infos: list[zipfile.ZipInfo]) -> Iterator[ImportItem]:
    for info in infos:
        if not is_file(info) or is_hidden(info):
            continue
        entry = walk.entry(info.filename)
        if unsafe_name(info.filename):
            yield ImportItem(entry, error=unsafe_error(entry))
        elif info.filename.lower().endswith(".zip"):
            yield from _iter_inner_zip(walk, info, entry)
        elif registry.looks_like_activity(info.filename):
            yield _member_item(walk, info, entry)


def _iter_inner_zip(
    walk: _Zip, info: zipfile.ZipInfo, entry: str
) -> Iterator[ImportItem]:
    """A zip inside the zip: Garmin account exports nest their FIT files so."""
    if walk.depth >= walk.limits.max_nesting:
        error = LimitExceededError(
            entry,
            f"zip nested more than {walk.limits.max_nesting} levels deep; not opened",
        )
        yield ImportItem(entry, error=error)
        return
    try:
        data = _read_charged(walk, info, entry)
        yield from _iter_zip(
            io.BytesIO(data),
            name=entry,
            prefix=entry + "/",
            limits=walk.limits,
            depth=walk.depth + 1,
            budget=walk.budget,
        )
    except ReadError as exc:
        yield ImportItem(entry, error=exc)


def _member_item(
    walk: _Zip,
    info: zipfile.ZipInfo,
    entry: str,
    metadata: Mapping[str, str] | None = None,
) -> ImportItem:
    def load() -> Activity:
        data = _read_charged(walk, info, entry, activity=True)
        return decode(data, source=entry, limits=walk.limits, charge=walk.budget.charge)

    return _item(entry, load, metadata or {})


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


def _item(
    entry: str, load: Callable[[], Activity], metadata: Mapping[str, str] | None = None
) -> ImportItem:
    """Run one read, turning any failure into this entry's error."""
    meta = metadata or {}
    try:
        return ImportItem(entry, activity=load(), metadata=meta)
    except ReadError as exc:
        return ImportItem(entry, error=exc, metadata=meta)
    except Exception as exc:  # a reader bug must not sink the rest of the batch
        reason = f"internal error, please report: {type(exc).__name__}: {exc}"
        return ImportItem(entry, error=CorruptFileError(entry, reason), metadata=meta)


# --- Strava bulk export, zipped (parsing in .strava) ----------------------------------


def _iter_strava(walk: _Zip, csv_info: zipfile.ZipInfo) -> Iterator[ImportItem]:
    """Rows of activities.csv joined to their files under activities/.

    A row without a file is a manual entry: skipped, with its metadata.  Files the
    CSV does not mention are still read, so nothing in the export is lost.
    """
    rows, problem = _strava_rows(walk, csv_info)
    if problem is not None:
        yield ImportItem(walk.entry(STRAVA_CSV), error=problem)
    listed: set[str] = set()
    for number, meta in enumerate(rows, start=1):
        filename = listed_file(meta)
        if not filename:
            entry = walk.entry(f"{STRAVA_CSV} row {number}")
            yield ImportItem(entry, metadata=meta, skipped="manual entry, no file")
            continue
        listed.add(filename)
        yield _strava_item(walk, filename, meta)
    rest = [
        info
        for info in walk.archive.infolist()
        if info.filename.startswith("activities/") and info.filename not in listed
    ]
    yield from _iter_members(walk, sorted(rest, key=lambda i: i.filename))


def _strava_item(walk: _Zip, filename: str, meta: Mapping[str, str]) -> ImportItem:
    entry = walk.entry(filename)
    info = walk.archive.NameToInfo.get(filename)
    if unsafe_name(filename):
        return ImportItem(entry, error=unsafe_error(entry), metadata=meta)
    if info is None:
        error = CorruptFileError(entry, f"listed in {STRAVA_CSV} but not in the zip")
        return ImportItem(entry, error=error, metadata=meta)
    return _with_sport(_member_item(walk, info, entry, meta))


def _with_sport(item: ImportItem) -> ImportItem:
    if item.activity is None:
        return item
    return replace(item, activity=with_strava_sport(item.activity, item.metadata))


def _strava_rows(
    walk: _Zip, info: zipfile.ZipInfo
) -> tuple[list[dict[str, str]], ReadError | None]:
    entry = walk.entry(STRAVA_CSV)
    try:
        return parse_strava_csv(_read_charged(walk, info, entry), entry), None
    except ReadError as exc:
        return [], exc
