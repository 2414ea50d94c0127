"""Reading is decided by a file's first bytes, and a folder walk never blocks or
silently loses a sub-folder."""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from stridelight.importers import UnsupportedFormatError, iter_activities, read
from stridelight.importers.registry import SNIFF_BYTES
from stridelight.importers.source import CHUNK
from stridelight.ingest import ingest
from tests.conftest import REAL
from tests.importers.bundle_docs import FIT, make_folder, minimal_document

GPX = REAL / "gpx" / "togeojson__run.gpx"
BIG = 64 * 1024 * 1024  # far more than sniffing may read


class CountingStream:
    """A huge stream of one repeated byte that counts what was read from it."""

    def __init__(self, size: int, fill: bytes = b"\0", head: bytes = b"") -> None:
        self.size, self.fill, self.head, self.read_bytes = size, fill, head, 0

    def read(self, size: int = -1, /) -> bytes:
        left = self.size - self.read_bytes
        n = left if size < 0 else min(size, left)
        start = self.read_bytes
        self.read_bytes += n
        head = self.head[start : start + n]
        return head + self.fill * (n - len(head))


@pytest.mark.parametrize("fill", [b"\0", b"A", b" "], ids=["zeros", "text", "spaces"])
def test_a_big_stream_that_is_no_activity_is_refused_after_its_head(
    fill: bytes,
) -> None:
    stream = CountingStream(BIG, fill)
    with pytest.raises(UnsupportedFormatError, match="not a FIT, GPX or TCX"):
        read(stream)
    assert stream.read_bytes <= SNIFF_BYTES


def test_a_stream_that_starts_like_an_activity_is_read_on(tmp_path: Path) -> None:
    data = GPX.read_bytes()
    stream = CountingStream(len(data), head=data)
    assert read(stream).records > 0
    assert stream.read_bytes == len(data)


def test_a_big_file_that_is_no_activity_is_refused_unread(tmp_path: Path) -> None:
    movie = tmp_path / "holiday.fit"
    with movie.open("wb") as handle:
        handle.truncate(BIG)  # sparse: costs no disk
    counted: list[int] = []
    real_open = open

    class Counted:
        def __init__(self, handle: Any) -> None:
            self.handle = handle

        def __enter__(self) -> Counted:
            return self

        def __exit__(self, *exc: object) -> None:
            self.handle.close()

        def read(self, size: int = -1, /) -> bytes:
            data: bytes = self.handle.read(size)
            counted.append(len(data))
            return data

    def counting_open(file: Any, *args: Any, **kwargs: Any) -> Any:
        handle = real_open(file, *args, **kwargs)
        return Counted(handle) if os.fspath(file) == os.fspath(movie) else handle

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("builtins.open", counting_open)
        with pytest.raises(UnsupportedFormatError):
            read(movie)
    assert 0 < sum(counted) <= SNIFF_BYTES


def test_a_zip_member_that_is_no_activity_is_not_inflated_whole(tmp_path: Path) -> None:
    export = tmp_path / "export.zip"
    with zipfile.ZipFile(export, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("activities/video.fit", b"\1" * (3 * CHUNK))
        archive.write(GPX, "activities/run.gpx")
    reads: list[int] = []
    real = zipfile.ZipExtFile.read

    def counted(self: zipfile.ZipExtFile, n: int = -1) -> bytes:
        data = real(self, n)
        if self.name == "activities/video.fit":
            reads.append(len(data))
        return data

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(zipfile.ZipExtFile, "read", counted)
        items = {item.entry: item for item in iter_activities(export)}
    assert items["activities/run.gpx"].ok
    assert isinstance(items["activities/video.fit"].error, UnsupportedFormatError)
    assert sum(reads) <= SNIFF_BYTES


def refusing_scandir(
    monkeypatch: pytest.MonkeyPatch, locked: Path
) -> Callable[..., Any]:
    """os.scandir that cannot list ``locked``, as for a folder of another user
    (tests run as root, where chmod does not stop reading)."""
    real = os.scandir

    def scandir(path: Any = ".") -> Any:
        if Path(os.fspath(path)) == locked:
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    return scandir


def test_an_unreadable_subfolder_is_reported_and_the_rest_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "2025").mkdir()
    (tmp_path / "2026").mkdir()
    (tmp_path / "2026" / "run.gpx").write_bytes(GPX.read_bytes())
    refusing_scandir(monkeypatch, tmp_path / "2025")
    items = {item.entry: item for item in iter_activities(tmp_path)}
    assert items["2026/run.gpx"].ok
    error = items["2025"].error
    assert error is not None and "cannot read folder: Permission denied" in str(error)


def test_an_unreadable_subfolder_of_a_bundle_is_a_file_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = make_folder(tmp_path / "b", minimal_document())
    (folder / "activities" / "old").mkdir()
    refusing_scandir(monkeypatch, folder / "activities" / "old")
    loaded = ingest(folder)
    reasons = {error.file: error.reason for error in loaded.errors}
    assert reasons["activities/old"] == "cannot read folder: Permission denied"
    assert "activities/one.fit" in reasons  # the header-only FIT: its own reason


def test_a_socket_in_a_folder_is_skipped(tmp_path: Path) -> None:
    import socket

    (tmp_path / "run.gpx").write_bytes(GPX.read_bytes())
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(tmp_path / "sock.fit"))
        items = {item.entry: item for item in iter_activities(tmp_path)}
    assert items["run.gpx"].ok
    assert items["sock.fit"].skipped is not None
    assert "not a regular file" in items["sock.fit"].skipped


def test_a_named_pipe_in_a_folder_is_never_opened(tmp_path: Path) -> None:
    (tmp_path / "run.gpx").write_bytes(GPX.read_bytes())
    os.mkfifo(tmp_path / "waiting.fit")
    # Opening the pipe would block this test forever: reaching the assert is the test.
    items = {item.entry: item for item in iter_activities(tmp_path)}
    assert items["run.gpx"].ok and items["waiting.fit"].skipped is not None


def test_a_stream_is_judged_by_its_head_as_the_whole_bytes_are() -> None:
    fit = FIT + b"\0" * 10
    with pytest.raises(UnsupportedFormatError):
        read(io.BytesIO(b"PK\x05\x06" + b"\0" * 18 + b"x" * 10))
    with pytest.raises(Exception) as caught:  # a FIT header is sniffed as FIT
        read(io.BytesIO(fit))
    assert "not a FIT, GPX or TCX" not in str(caught.value)
