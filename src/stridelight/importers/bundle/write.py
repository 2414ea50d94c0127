"""Writing a runner bundle: runner.json plus activities/, as a zip or a folder.

``write_bundle`` writes the raw document back, so unknown keys survive a round
trip, and copies activity files byte for byte.  The result appears under its name
only once complete (written beside it, then renamed into place).
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

from stridelight.importers.bundle.files import RUNNER_JSON
from stridelight.importers.bundle.read import Bundle

# Already compressed: deflating them again only costs time.
_STORED_SUFFIXES = (".gz", ".zip")

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
