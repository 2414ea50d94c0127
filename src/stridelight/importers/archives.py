"""Many activities from one place: a folder, a Strava or Garmin export, a plain zip.

Archives are read lazily, one member in memory at a time, and never extracted to
disk.  Every member becomes an :class:`ImportItem` holding an activity, a
:class:`ReadError` or the reason it was skipped: one bad member never stops the
rest.  Whole-archive problems (not a zip, too many members) raise ReadError.
"""

from __future__ import annotations

import csv
import io
import os
import re
import zipfile
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from functools import partial
from typing import BinaryIO

from stridelight.core.activity import Activity
from stridelight.importers import registry
from stridelight.importers.errors import (
    CorruptFileError,
    LimitExceededError,
    ReadError,
)
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
    for entry in _folder_entries(root):
        path = os.path.join(root, *entry.split("/"))
        if entry.lower().endswith(".zip"):
            yield from _iter_nested_file(path, entry, limits)
        else:
            yield _item(entry, partial(read, path, limits=limits))


def _folder_entries(root: str) -> list[str]:
    """Activity files and zips under ``root`` as sorted relative paths, hidden skipped."""
    found: list[str] = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if not d.startswith(".") and d != "__MACOSX"]
        relative = os.path.relpath(folder, root).replace(os.sep, "/")
        for name in files:
            wanted = registry.looks_like_activity(name) or name.lower().endswith(".zip")
            if wanted and not name.startswith("."):
                found.append(name if relative == "." else f"{relative}/{name}")
    return sorted(found)


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
        self.used = 0

    def check(self, entry: str, size: int) -> None:
        if self.used + size > self.limit:
            raise LimitExceededError(
                entry,
                f"the archive would inflate past {self.limit:,} bytes in total "
                "(limit max_archive_bytes); entry not read",
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
            f"zip nested more than {walk.limits.max_nesting} levels deep "
            "(limit max_nesting); not opened",
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
        data = _read_charged(walk, info, entry)
        return decode(data, source=entry, limits=walk.limits, charge=walk.budget.charge)

    return _item(entry, load, metadata or {})


def _read_charged(walk: _Zip, info: zipfile.ZipInfo, entry: str) -> bytes:
    # The declared size first, so an entry over budget is never inflated at all.
    walk.budget.check(entry, info.file_size)
    data = read_member(walk.archive, info, entry=entry, limits=walk.limits)
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


# --- Strava bulk export -------------------------------------------------------------

STRAVA_CSV = "activities.csv"

#: Metadata key -> (position in a current export, header names we know).  Exports
#: are localized and repeat some names, so a column is found by the first
#: occurrence of a known name, else by its position (the same in every language).
STRAVA_COLUMNS: dict[str, tuple[int, tuple[str, ...]]] = {
    "activity_id": (0, ("Activity ID", "Aktivitäts-ID")),
    "date": (1, ("Activity Date", "Aktivitätsdatum")),
    "name": (2, ("Activity Name", "Name der Aktivität")),
    "type": (3, ("Activity Type", "Aktivitätsart")),
    "description": (4, ("Activity Description", "Aktivitätsbeschreibung")),
    "commute": (9, ("Commute", "Pendeln")),
    "gear": (11, ("Activity Gear", "Aktivitätsausrüstung")),
    "filename": (12, ("Filename", "Dateiname")),
}


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
        filename = meta.get("filename", "").removeprefix("./")
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
    return _with_strava_sport(_member_item(walk, info, entry, meta))


# Strava's activity types for the files that do not name their sport (a GPX
# without <type>, a TCX with Sport="Other").
_STRAVA_SPORTS = {
    "run": "running", "trail run": "running", "virtual run": "running",
    "walk": "walking", "hike": "hiking", "ride": "cycling",
    "virtual ride": "cycling", "swim": "swimming",
}  # fmt: skip


def _with_strava_sport(item: ImportItem) -> ImportItem:
    sport = _STRAVA_SPORTS.get(item.metadata.get("type", "").strip().lower())
    if item.activity is None or sport is None or item.activity.sport != "generic":
        return item
    return replace(item, activity=replace(item.activity, sport=sport))


def _strava_rows(
    walk: _Zip, info: zipfile.ZipInfo
) -> tuple[list[dict[str, str]], ReadError | None]:
    entry = walk.entry(STRAVA_CSV)
    try:
        data = _read_charged(walk, info, entry)
        reader = csv.reader(io.StringIO(data.decode("utf-8-sig", errors="replace")))
        header = next(reader, [])
        where = strava_columns(header)
        return [_strava_meta(row, where) for row in reader if any(row)], None
    except ReadError as exc:
        return [], exc
    except csv.Error as exc:
        return [], CorruptFileError(entry, f"unreadable CSV ({exc})")


def strava_columns(header: list[str]) -> dict[str, int]:
    """Where each metadata column sits in this export's header."""
    first: dict[str, int] = {}
    for index, title in enumerate(header):
        first.setdefault(title.strip(), index)
    where: dict[str, int] = {}
    for key, (position, titles) in STRAVA_COLUMNS.items():
        found = next((first[t] for t in titles if t in first), None)
        if found is None and position < len(header):
            found = position
        if found is not None:
            where[key] = found
    return where


def _strava_meta(row: list[str], where: Mapping[str, int]) -> dict[str, str]:
    meta = {
        key: row[index].strip()
        for key, index in where.items()
        if index < len(row) and row[index].strip()
    }
    if "date" in meta:
        meta["date_text"] = meta["date"]
        parsed = parse_strava_date(meta["date"])
        if parsed is None:
            del meta["date"]
        else:
            meta["date"] = parsed
    meta["export"] = "strava"
    return meta


_MONTH_ABBREVIATIONS = "jan feb mar apr may jun jul aug sep oct nov dec"
_MONTHS = {name: n for n, name in enumerate(_MONTH_ABBREVIATIONS.split(" "), 1)}
_EN_DATE = re.compile(
    r"(?P<mon>[A-Za-z]{3})[a-z]* (?P<d>\d{1,2}), (?P<y>\d{4}),? "
    r"(?P<H>\d{1,2}):(?P<M>\d{2}):(?P<S>\d{2}) ?(?P<ampm>[AaPp][Mm])?$"
)
_DE_DATE = re.compile(
    r"(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{4}),? "
    r"(?P<H>\d{1,2}):(?P<M>\d{2}):(?P<S>\d{2})$"
)


def parse_strava_date(text: str) -> str | None:
    """Strava's UTC "Oct 6, 2022, 11:19:20 PM" or "06.10.2022, 23:19:20" as ISO 8601.

    Parsed by hand: strptime's month names follow the process locale.
    """
    if match := _EN_DATE.match(text):
        month = _MONTHS.get(match["mon"].lower())
        hour = int(match["H"])
        if match["ampm"]:
            hour = hour % 12 + (12 if match["ampm"].lower() == "pm" else 0)
    elif match := _DE_DATE.match(text):
        month, hour = int(match["m"]), int(match["H"])
    else:
        return None
    try:
        when = datetime(
            int(match["y"]), month or 0, int(match["d"]), hour,
            int(match["M"]), int(match["S"]), tzinfo=UTC,
        )  # fmt: skip
    except ValueError:
        return None
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")
