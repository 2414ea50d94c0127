"""Where a runner bundle's files are, and reading them within limits.

A bundle is runner.json plus activities/, as a folder or a zip (DESIGN §4).  These
helpers find them (a zip may wrap everything in one folder), skip hidden files and
Mac debris, and read bytes only through the size, count and ratio checks of
``source``.  ``read`` builds on them; nothing here parses runner.json.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

from stridelight.importers import source as safe
from stridelight.importers.errors import (
    CorruptFileError,
    LimitExceededError,
    ReadError,
)
from stridelight.importers.folder_walk import NOT_REGULAR, Listing, list_folder
from stridelight.importers.limits import MAX_PATH_CHARS, Limits

RUNNER_JSON = "runner.json"
ACTIVITIES = "activities/"


#: (file or subfolder inside the bundle, why it was not read)
Skipped = tuple[tuple[str, str], ...]


def scan_folder(folder: Path, limits: Limits) -> tuple[bytes, tuple[str, ...], Skipped]:
    """runner.json's bytes, the activity files, and what under activities/ is
    not read: pipes and other non-regular files, and subfolders that cannot be
    listed (a bad activity file is not a bad bundle)."""
    runner = folder / RUNNER_JSON
    if not runner.is_file():
        raise CorruptFileError(str(folder), f"not a runner bundle: no {RUNNER_JSON}")
    top = folder.resolve()
    activities = folder / ACTIVITIES
    listing = (
        list_folder(str(activities), wanted=lambda _: True)
        if activities.is_dir()
        else Listing((), (), ())
    )
    files: list[str] = []
    for relative in listing.files:
        name = ACTIVITIES + relative
        if ignored(name):
            continue
        if not (folder / name).resolve().is_relative_to(top):
            raise CorruptFileError(str(folder), f"{name} points outside the bundle")
        files.append(name)
    if len(files) > limits.max_members:
        raise LimitExceededError(
            str(folder),
            f"{len(files)} files, more than {limits.max_members} "
            f"(limit {limits.names.max_members})",
        )
    skipped = [(ACTIVITIES + name, NOT_REGULAR) for name in listing.not_regular]
    skipped += [
        (PurePosixPath(ACTIVITIES, where).as_posix(), f"cannot read folder: {why}")
        for where, why in listing.unreadable
    ]
    return read_capped(runner, limits), tuple(files), tuple(sorted(skipped))


def without_long_paths(files: tuple[str, ...]) -> tuple[tuple[str, ...], Skipped]:
    """The files whose path fits the store's column, and the rest, skipped by name.

    A file runner.json names is refused with the bundle (``schema``); one it
    does not name is only not read, as any unreadable activity file is.
    """
    kept = tuple(name for name in files if len(name) <= MAX_PATH_CHARS)
    skipped = tuple(
        (name, safe.long_path_error(name).reason)
        for name in files
        if len(name) > MAX_PATH_CHARS
    )
    return kept, skipped


def ignored(name: str) -> bool:
    """Hidden files and the debris of zipping on a Mac are not activities."""
    parts = PurePosixPath(name).parts
    return any(p.startswith(".") or p == "__MACOSX" for p in parts)


def read_capped(path: Path, limits: Limits) -> bytes:
    try:
        safe.check_size(str(path), path.stat().st_size, limits)
        return path.read_bytes()
    except OSError as exc:
        raise ReadError(str(path), f"cannot read: {exc.strerror or exc}") from None


@contextmanager
def open_zip(path: Path, limits: Limits) -> Iterator[zipfile.ZipFile]:
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


def scan_zip(
    archive: zipfile.ZipFile, source: str, limits: Limits
) -> tuple[str, tuple[str, ...]]:
    """The folder holding runner.json ("" or "name/") and the activity members."""
    infos = archive.infolist()
    if len(infos) > limits.max_members:
        raise safe.too_many_error(source, len(infos), limits)
    for info in infos:
        if safe.unsafe_name(info.filename):
            raise safe.unsafe_error(f"{source}/{info.filename}")
        if safe.is_link(info):  # as a link in a bundle folder: the bundle refused
            raise safe.link_error(f"{source}/{info.filename}")
    # Each member's size and ratio are checked as it is read: runner.json's
    # failure fails the bundle, an activity file's only skips that file.
    total = sum(info.file_size for info in infos)
    if total > limits.max_archive_bytes:
        raise LimitExceededError(
            source,
            f"{total} bytes unpacked, more than {limits.max_archive_bytes} "
            f"(limit {limits.names.max_archive_bytes})",
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
    top_level = [r for r in roots if r.count("/") == 1 and not ignored(r)]
    if len(top_level) == 1:
        return top_level[0]
    raise CorruptFileError(source, f"not a runner bundle: no {RUNNER_JSON} at its top")


def read_member(
    archive: zipfile.ZipFile, name: str, limits: Limits, *, activity: bool = False
) -> bytes:
    info = archive.getinfo(name)
    return safe.read_member(archive, info, entry=name, limits=limits, activity=activity)


def read_activity(path: Path, limits: Limits) -> bytes:
    """An activity file of a bundle folder: sniffed, then read within the limits."""
    return safe.load(path, limits=limits)[1]
