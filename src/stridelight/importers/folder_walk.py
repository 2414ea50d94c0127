"""Which files of a folder tree to read, found without opening any of them.

Only regular files are read: a named pipe would block the reader until someone
writes to it, and a socket or a device is no recording.  A subfolder that cannot
be listed is reported rather than silently missing from the count.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from dataclasses import dataclass

from stridelight.importers import registry

NOT_REGULAR = "not a regular file (a named pipe, socket or device), not read"


@dataclass(frozen=True)
class Listing:
    """A folder's candidate files (sorted, "/"-separated, relative to its top)."""

    files: tuple[str, ...]
    not_regular: tuple[str, ...]  # named like an activity, but a pipe, socket…
    unreadable: tuple[tuple[str, str], ...]  # (subfolder, why) that could not be listed


def list_folder(root: str, wanted: Callable[[str], bool] | None = None) -> Listing:
    """Files under ``root`` whose name is ``wanted`` (by default activity files and
    zips); hidden files and Mac debris skipped."""
    wanted = wanted or _activity_or_zip
    files: list[str] = []
    odd: list[str] = []
    unreadable: list[tuple[str, str]] = []

    def on_error(exc: OSError) -> None:
        where = _relative(root, str(exc.filename or root))
        unreadable.append((where, exc.strerror or str(exc)))

    for folder, dirs, names in os.walk(root, onerror=on_error):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d != "__MACOSX")
        for name in names:
            if name.startswith(".") or not wanted(name):
                continue
            entry = _relative(root, os.path.join(folder, name))
            (files if _regular(os.path.join(folder, name)) else odd).append(entry)
    return Listing(tuple(sorted(files)), tuple(sorted(odd)), tuple(sorted(unreadable)))


def _activity_or_zip(name: str) -> bool:
    return registry.looks_like_activity(name) or name.lower().endswith(".zip")


def _regular(path: str) -> bool:
    """A regular file, or a link to one; a broken link counts, so reading names it."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return True


def _relative(root: str, path: str) -> str:
    return os.path.relpath(path, root).replace(os.sep, "/")
