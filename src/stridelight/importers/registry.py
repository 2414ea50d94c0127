"""The formats we read: the single place to add one.

Each format says how to recognise its bytes (``sniff``), which file names usually
carry it (used only to pick activity files out of folders and archives) and which
function turns its bytes into an :class:`~stridelight.core.activity.Activity`.
Recognition is by content, never by name: a GPX saved as ``run.fit`` still reads.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from stridelight.core.activity import Activity


class Reader(Protocol):
    def __call__(self, data: bytes, *, source: str) -> Activity: ...


@dataclass(frozen=True)
class Format:
    name: str
    suffixes: tuple[str, ...]  # lower-case, with the dot
    sniff: Callable[[bytes], bool]
    reader: Reader
    xml: bool = False  # text formats: leading whitespace is dropped before reading


#: How far into a file sniffing looks; XML prologs (declaration, comments,
#: a DOCTYPE) are short, and a root element further in than this is not ours.
SNIFF_BYTES = 4096

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_NAME = re.compile(r"<([A-Za-z_][\w.\-]*:)?([A-Za-z_][\w.\-]*)")


def is_fit(data: bytes) -> bool:
    # FIT header: size byte (12 or 14), protocol, profile (2), data size (4), ".FIT".
    return len(data) >= 12 and data[8:12] == b".FIT"


def xml_root(data: bytes) -> str | None:
    """Local name of the XML root element, or None when the head is not XML.

    Skips leading whitespace (Strava pads TCX with spaces), a BOM, the XML
    declaration, processing instructions, comments and a DOCTYPE.
    """
    text = _decode_head(data[:SNIFF_BYTES])
    pos = 0
    while True:
        pos = _skip_space(text, pos)
        if text.startswith("<?", pos):
            pos = _after(text, "?>", pos)
        elif text.startswith("<!--", pos):
            pos = _after(text, "-->", pos)
        elif text.startswith("<!", pos):
            pos = _after_doctype(text, pos)
        else:
            match = _NAME.match(text, pos)
            return match.group(2) if match else None
        if pos < 0:
            return None


def _decode_head(head: bytes) -> str:
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            return head[len(bom) :].decode(encoding, errors="replace")
    # Every encoding a GPX or TCX uses in practice is ASCII-compatible up to the root.
    return head.decode("latin-1")


def _skip_space(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in " \t\r\n\ufeff":
        pos += 1
    return pos


def _after(text: str, end: str, pos: int) -> int:
    found = text.find(end, pos)
    return -1 if found < 0 else found + len(end)


def _after_doctype(text: str, pos: int) -> int:
    close = text.find(">", pos)
    subset = text.find("[", pos)
    if 0 <= subset < close:  # an internal subset: skip to its closing "]>"
        return _after(text, "]>", subset)
    return -1 if close < 0 else close + 1


def is_gpx(data: bytes) -> bool:
    return xml_root(data) == "gpx"


def is_tcx(data: bytes) -> bool:
    return xml_root(data) == "TrainingCenterDatabase"


# The readers are imported on first use: ``import stridelight.importers`` stays
# cheap (no lxml for a FIT-only run), and a reader module importing from the
# package can never meet a half-initialised registry.


def _read_fit(data: bytes, *, source: str) -> Activity:
    from stridelight.importers.fit import read_fit

    return read_fit(data, source=source)


def _read_gpx(data: bytes, *, source: str) -> Activity:
    from stridelight.importers.gpx import read_gpx

    return read_gpx(data, source=source)


def _read_tcx(data: bytes, *, source: str) -> Activity:
    from stridelight.importers.tcx import read_tcx

    return read_tcx(data, source=source)


FORMATS: tuple[Format, ...] = (
    Format("fit", (".fit",), is_fit, _read_fit),
    Format("gpx", (".gpx",), is_gpx, _read_gpx, xml=True),
    Format("tcx", (".tcx",), is_tcx, _read_tcx, xml=True),
)

BY_NAME: dict[str, Format] = {f.name: f for f in FORMATS}

#: File names that hold an activity, plain or gzipped (for folders and archives).
ACTIVITY_SUFFIXES: tuple[str, ...] = tuple(
    s + gz for f in FORMATS for s in f.suffixes for gz in ("", ".gz")
)


def sniff(data: bytes) -> Format | None:
    """The format of uncompressed bytes, judged by content alone."""
    for candidate in FORMATS:
        if candidate.sniff(data):
            return candidate
    return None


def looks_like_activity(name: str) -> bool:
    return name.lower().endswith(ACTIVITY_SUFFIXES)
