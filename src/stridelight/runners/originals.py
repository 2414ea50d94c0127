"""Original activity files, kept once by their sha256 through Django's default storage.

A file's name is its content: ``originals/ab/abcdef….fit.gz`` (the hash, then the
suffix it came with), so the same bytes are stored once, whoever imports them.
The import stores a file *before* writing its row, and the row's insert is the
commit point; a process killed in between leaves a file without a row, which
the next import of that file adopts (after checking its bytes: a write cut
short is replaced), or which :func:`forget` removes when its import is refused.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from stridelight.importers.registry import looks_like_activity
from stridelight.runners.models import Activity

ORIGINALS = "originals"
_SUFFIXES = (".fit", ".gpx", ".tcx")
_WRAPPERS = (".gz", ".zip")


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def name_for(sha256: str, entry: str) -> str:
    """Where the bytes of ``entry`` with this hash are kept (``originals/ab/ab….fit.gz``)."""
    return f"{ORIGINALS}/{sha256[:2]}/{sha256}{_suffix(entry)}"


def _suffix(entry: str) -> str:
    """The entry's activity suffix and wrapper (``.fit.gz``); "" when it has none."""
    name = entry.rsplit("/", 1)[-1].lower()
    wrapper = next((w for w in _WRAPPERS if name.endswith(w)), "")
    inner = name.removesuffix(wrapper)
    kind = next((s for s in _SUFFIXES if inner.endswith(s)), "")
    if not kind or not looks_like_activity(name):
        return ""
    return kind + wrapper


def keep(data: bytes, *, sha256: str, entry: str) -> str:
    """Store ``data`` under its content name, adopting a good copy already there.

    Returns the name it is stored under.  A file under that name whose bytes
    differ (a write cut short by a kill) is replaced.
    """
    name = name_for(sha256, entry)
    if default_storage.exists(name):
        if _stored_hash(name) == sha256:
            return name
        default_storage.delete(name)
    return default_storage.save(name, ContentFile(data))


def _stored_hash(name: str) -> str:
    digest = hashlib.sha256()
    with default_storage.open(name, "rb") as handle:
        for chunk in handle.chunks():
            digest.update(chunk)
    return digest.hexdigest()


def forget(names: Iterable[str]) -> None:
    """Remove stored files that no activity row of any runner refers to."""
    wanted = set(names)
    used = set(
        Activity.objects.filter(original__in=wanted).values_list("original", flat=True)
    )
    for name in sorted(wanted - used):
        default_storage.delete(name)
