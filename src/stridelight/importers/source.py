"""``read(source)``: a path, bytes or a binary stream in, one Activity out.

Everything here is bounded by :class:`Limits` before it costs memory: a file is
never read past ``max_file_bytes``, and gzip and zip layers are inflated in
chunks so a bomb is stopped after one chunk too many, not after it filled RAM.
"""

from __future__ import annotations

import dataclasses
import io
import os
import re
import stat
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterator
from typing import BinaryIO, Protocol, TypeAlias

from stridelight.core.activity import Activity
from stridelight.importers import registry
from stridelight.importers.errors import (
    CorruptFileError,
    LimitExceededError,
    ReadError,
    UnsupportedFormatError,
)
from stridelight.importers.limits import DEFAULT_LIMITS, MAX_PATH_CHARS, MIB, Limits


class BinaryReadable(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...


Charge: TypeAlias = "Callable[[str, int], None]"
Source: TypeAlias = (
    "str | os.PathLike[str] | bytes | bytearray | memoryview | BinaryReadable"
)

GZIP_MAGIC = b"\x1f\x8b"
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")  # a local header, or an empty archive
CHUNK = 1 * MIB
NOT_AN_ACTIVITY = "not a FIT, GPX or TCX file (nor a .gz or .zip of one)"
#: Below this much output a high ratio is harmless (a short, very regular file),
#: so the ratio limit only applies past it.
RATIO_FLOOR_BYTES = 1 * MIB


def read(source: Source, *, limits: Limits = DEFAULT_LIMITS) -> Activity:
    """Read one activity file, plain, gzipped or as the only file of a zip (DESIGN §4)."""
    name, data = load(source, limits=limits)
    return decode(data, source=name, limits=limits)


def decode(
    data: bytes,
    *,
    source: str,
    limits: Limits = DEFAULT_LIMITS,
    depth: int = 0,
    charge: Charge | None = None,
) -> Activity:
    """Bytes already in memory to an Activity.

    ``depth`` counts the wrappers already opened; ``charge`` is told the size of
    every inflated layer, so an archive can hold all its members to one budget.
    """
    if not data:
        raise UnsupportedFormatError(source, "empty file (0 bytes)")
    if data.startswith(GZIP_MAGIC) or data.startswith(ZIP_MAGICS):
        _check_depth(source, depth, limits)
        inner, warning = unwrap_once(data, source=source, limits=limits)
        if charge is not None:
            charge(source, len(inner))
        activity = decode(
            inner, source=source, limits=limits, depth=depth + 1, charge=charge
        )
        return _with_warning(activity, warning)
    found = registry.sniff(data)
    if found is None:
        raise UnsupportedFormatError(source, NOT_AN_ACTIVITY)
    if found.xml:
        # Strava pads its TCX with spaces, which strict XML parsers refuse.
        data = data.lstrip(b" \t\r\n")
    return found.reader(data, source=source)


def unwrap_once(
    data: bytes, *, source: str, limits: Limits
) -> tuple[bytes, str | None]:
    """Open one gzip or single-file zip layer; returns the bytes and a warning, if any."""
    if data.startswith(GZIP_MAGIC):
        return gunzip(data, source=source, limits=limits)
    return only_member(data, source=source, limits=limits), None


def _check_depth(source: str, depth: int, limits: Limits) -> None:
    if depth >= limits.max_nesting:
        raise LimitExceededError(
            source,
            f"compressed more than {limits.max_nesting} levels deep",
        )


def _with_warning(activity: Activity, warning: str | None) -> Activity:
    if warning is None:
        return activity
    return dataclasses.replace(activity, warnings=(*activity.warnings, warning))


# --- loading ------------------------------------------------------------------


def load(source: Source, *, limits: Limits = DEFAULT_LIMITS) -> tuple[str, bytes]:
    """A display name and the raw bytes of ``source``, at most ``max_file_bytes``.

    A path or a stream is sniffed first: bytes that are no activity (nor a
    compressed one) are refused after their first few kilobytes, not read whole.
    """
    if isinstance(source, bytes | bytearray | memoryview):
        data = bytes(source)
        check_size("<bytes>", len(data), limits)
        return "<bytes>", data
    if isinstance(source, str | os.PathLike):
        name = os.fspath(source)
        return name, _load_path(name, limits)
    name = str(getattr(source, "name", "<stream>"))
    return name, read_sniffed(source, name=name, limits=limits)


def _load_path(name: str, limits: Limits) -> bytes:
    try:
        if os.path.isdir(name):
            raise ReadError(name, "is a folder, not an activity file")
        check_size(name, os.path.getsize(name), limits)
        with open(name, "rb") as handle:
            return read_sniffed(handle, name=name, limits=limits)
    except OSError as exc:
        raise ReadError(name, f"cannot read: {exc.strerror or exc}") from None


def read_sniffed(stream: BinaryReadable, *, name: str, limits: Limits) -> bytes:
    """Read an activity file to its end, once its first bytes say it is one.

    A big file that is something else (a video, a disk image, /dev/zero) costs
    ``registry.SNIFF_BYTES``, not its whole size.
    """
    head = _read_head(stream)
    if head and not looks_readable(head):
        raise UnsupportedFormatError(name, NOT_AN_ACTIVITY)
    check_size(name, len(head), limits)
    return head + read_bounded(stream, name=name, limits=limits, already=len(head))


def looks_readable(head: bytes) -> bool:
    """Whether ``decode`` could start on bytes beginning so (compressed or not)."""
    if head.startswith(GZIP_MAGIC) or head.startswith(ZIP_MAGICS):
        return True
    return registry.sniff(head) is not None


def _read_head(stream: BinaryReadable) -> bytes:
    """The first ``SNIFF_BYTES`` (fewer only at the end: a pipe gives short reads)."""
    head = b""
    while len(head) < registry.SNIFF_BYTES:
        chunk = stream.read(registry.SNIFF_BYTES - len(head))
        if not chunk:
            break
        head += chunk
    return head


def read_bounded(
    stream: BinaryReadable, *, name: str, limits: Limits, already: int = 0
) -> bytes:
    """Read a stream to its end, failing as soon as it passes ``max_file_bytes``.

    ``already`` counts bytes of the same file read before (its sniffed head).
    """
    parts: list[bytes] = []
    total = already
    while chunk := stream.read(CHUNK):
        total += len(chunk)
        check_size(name, total, limits)
        parts.append(chunk)
    return b"".join(parts)


def check_size(name: str, size: int, limits: Limits) -> None:
    if size > limits.max_file_bytes:
        raise LimitExceededError(
            name,
            f"larger than the {_human(limits.max_file_bytes)} limit "
            f"({_human(size)} or more; limit {limits.names.max_file_bytes})",
        )


def check_ratio(name: str, out_bytes: int, in_bytes: int, limits: Limits) -> None:
    if out_bytes <= RATIO_FLOOR_BYTES:
        return
    if out_bytes > limits.max_ratio * max(in_bytes, 1):
        raise LimitExceededError(
            name,
            f"expands more than {limits.max_ratio:g}x ({_human(in_bytes)} to over "
            f"{_human(out_bytes)}): looks like a decompression bomb "
            f"(limit {limits.names.max_ratio})",
        )


def _human(size: float) -> str:
    for unit in ("bytes", "KiB", "MiB"):
        if size < 1024:
            return f"{size:.0f} {unit}" if unit == "bytes" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{size:.1f} GiB"


# --- gzip -----------------------------------------------------------------------


def gunzip(data: bytes, *, source: str, limits: Limits) -> tuple[bytes, str | None]:
    """Inflate every gzip member, chunk by chunk, checking size and ratio as it grows.

    A stream that stops early gives what it had plus a warning, so a truncated
    ``.fit.gz`` still yields the records before the break.
    """
    parts: list[bytes] = []
    total = 0
    try:
        for chunk in _inflate_members(data):
            total += len(chunk)
            check_size(source, total, limits)
            check_ratio(source, total, len(data), limits)
            parts.append(chunk)
    except _Truncated:
        if not total:
            raise CorruptFileError(source, "gzip stream ends before any data") from None
        return b"".join(parts), "gzip stream is truncated; read what was there"
    except zlib.error as exc:
        raise CorruptFileError(source, f"bad gzip data ({exc})") from None
    return b"".join(parts), None


class _Truncated(Exception):
    pass


def _inflate_members(data: bytes) -> Iterator[bytes]:
    rest = data
    while rest.startswith(GZIP_MAGIC):
        inflater = zlib.decompressobj(wbits=31)  # 16 + 15: gzip header and trailer
        pending = rest
        while pending:
            out = inflater.decompress(pending, CHUNK)
            if out:
                yield out
            pending = inflater.unconsumed_tail
            if inflater.eof:
                break
        if not inflater.eof:
            raise _Truncated
        # Concatenated members are one valid stream; anything else after is padding.
        rest = inflater.unused_data


# --- a zip around one file --------------------------------------------------------


def only_member(data: bytes, *, source: str, limits: Limits) -> bytes:
    """The single activity file inside a small zip such as ``ride.fit.zip``."""
    with open_zip(io.BytesIO(data), name=source) as archive:
        info = _pick_single(archive, source)
        return read_member(archive, info, entry=source, limits=limits)


def open_zip(stream: BinaryIO, *, name: str) -> zipfile.ZipFile:
    """Open a zip's directory (members stay unread), as our error when it is broken."""
    try:
        return zipfile.ZipFile(stream)
    except NotImplementedError as exc:  # e.g. a newer zip version than Python knows
        raise UnsupportedFormatError(name, f"zip file: {exc}") from None
    except Exception as exc:  # zipfile fails in many ways on damaged bytes
        raise CorruptFileError(name, f"bad zip file ({_why(exc)})") from None


def _pick_single(archive: zipfile.ZipFile, source: str) -> zipfile.ZipInfo:
    files = [i for i in archive.infolist() if is_file(i) and not is_hidden(i)]
    if len(files) != 1:
        files = [i for i in files if registry.looks_like_activity(i.filename)]
    if len(files) != 1:
        raise UnsupportedFormatError(
            source,
            f"zip holds {len(files)} activity files, not one: read it as an "
            "export or a folder of activities, which takes any number",
        )
    return files[0]


def is_file(info: zipfile.ZipInfo) -> bool:
    # Not ZipInfo.is_dir(): a damaged directory can hold an empty name, which it
    # cannot handle.
    return bool(info.filename) and not info.filename.endswith("/")


def is_hidden(info: zipfile.ZipInfo) -> bool:
    parts = info.filename.replace("\\", "/").split("/")
    return parts[0] == "__MACOSX" or any(
        p.startswith(".") and p not in (".", "..") for p in parts
    )


def read_member(
    archive: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    *,
    entry: str,
    limits: Limits,
    activity: bool = False,
) -> bytes:
    """One zip member into memory, refusing bombs both by header and by the bytes.

    Declared sizes are checked first (cheap), then the actual stream, because a
    crafted header can lie about the size it will inflate to.  An ``activity``
    member is sniffed first: one that is not an activity is not inflated whole.
    """
    if info.flag_bits & 0x1:
        raise UnsupportedFormatError(entry, "encrypted (password-protected) zip entry")
    check_size(entry, info.file_size, limits)
    check_ratio(entry, info.file_size, info.compress_size, limits)
    parts: list[bytes] = []
    total = 0
    try:
        with archive.open(info) as stream:
            if activity:
                parts.append(_read_head(stream))
                total = len(parts[0])
                if total and not looks_readable(parts[0]):
                    raise UnsupportedFormatError(entry, NOT_AN_ACTIVITY)
            while chunk := stream.read(CHUNK):
                total += len(chunk)
                check_size(entry, total, limits)
                check_ratio(entry, total, info.compress_size, limits)
                parts.append(chunk)
    except ReadError:
        raise  # our own limits, hit while reading
    except NotImplementedError as exc:  # a compression method Python lacks
        raise UnsupportedFormatError(entry, f"zip entry: {exc}") from None
    except Exception as exc:  # zipfile, zlib, bz2 and lzma each fail their own way
        raise CorruptFileError(entry, f"bad zip entry ({_why(exc)})") from None
    return b"".join(parts)


def _why(exc: Exception) -> str:
    return str(exc) or type(exc).__name__


# --- archive safety ---------------------------------------------------------------

_DRIVE = re.compile(r"^[A-Za-z]:")


def unsafe_name(name: str) -> bool:
    """A member name that would land outside the target if anyone extracted it."""
    if name.startswith(("/", "\\")) or _DRIVE.match(name) or "\0" in name:
        return True
    return ".." in re.split(r"[/\\]", name)


#: zipfile's ``create_system`` for Unix: only there do the high bits of
#: ``external_attr`` hold the file's mode (``zip --symlinks`` stores a link so).
_UNIX = 3


def is_link(info: zipfile.ZipInfo) -> bool:
    """A member stored as a symbolic link (its bytes are the path it points to).

    Nothing is ever extracted, so a link cannot lead anywhere; it is refused by
    name all the same, as a link in a bundle folder is.
    """
    return info.create_system == _UNIX and stat.S_ISLNK(info.external_attr >> 16)


def link_error(entry: str) -> ReadError:
    return CorruptFileError(entry, "a link, not a file; rejected, not read")


def unsafe_error(entry: str) -> ReadError:
    return CorruptFileError(
        entry, "unsafe entry name (absolute or with '..'); rejected, not read"
    )


def long_path_error(entry: str) -> ReadError:
    return CorruptFileError(
        entry,
        f"path longer than {MAX_PATH_CHARS} characters ({len(entry):,}); "
        "rejected, not read",
    )


def too_many_error(name: str, count: int, limits: Limits) -> LimitExceededError:
    return LimitExceededError(
        name,
        f"{count:,} entries, more than the {limits.max_members:,} allowed "
        f"(limit {limits.names.max_members})",
    )


_EOCD = b"PK\x05\x06"
_EOCD_SEARCH = 22 + 65_535  # the record, plus the longest archive comment


def check_declared_count(stream: BinaryIO, name: str, limits: Limits) -> None:
    """Refuse a zip that declares too many entries before its directory is parsed."""
    try:
        end = stream.seek(0, io.SEEK_END)
        stream.seek(max(0, end - _EOCD_SEARCH))
        tail = stream.read()
        stream.seek(0)
    except (OSError, ValueError):
        return  # open_zip reports the unreadable stream
    at = tail.rfind(_EOCD)
    if at < 0 or len(tail) < at + 12:
        return
    (count,) = struct.unpack_from("<H", tail, at + 10)
    # 0xFFFF means "see the ZIP64 record"; the parsed count is checked after opening.
    if count != 0xFFFF and count > limits.max_members:
        raise too_many_error(name, count, limits)
