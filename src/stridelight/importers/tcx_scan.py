"""The TCX fast path: Trackpoints read by one regular expression, no lxml tree.

lxml's tree build and free is most of a TCX read, and nearly all of it is the
Trackpoints.  Here each Track's content is matched, point by point, against a
template of the schema's Trackpoint (each child optional, in schema order), and
the rest of the file, the *skeleton* (the file with every Track emptied), goes
through the usual safe parser, so laps, name, device, sport, warnings and every
check of ``xml.parse`` come from lxml exactly as on the slow path.

The scan is used only when it is provably what lxml would give; else it returns
None and the caller parses the whole file.  It declines unless: the bytes are
UTF-8 (declared so, or undeclared) XML 1.0 without NUL; there is no ``<!``
(DOCTYPE, comment, CDATA) and no processing instruction past the declaration;
the text ends with ``…TrainingCenterDatabase>``; ``<Track>``/``</Track>``
alternate; lxml reads the skeleton strictly (not truncated, no entities) and
finds a TrainingCenterDatabase whose first Activity has trackpoints, and as many
Track elements as were emptied; and every Track content is whitespace and
Trackpoints that fit the template exactly.  The template's literal tags are the
well-formedness check of the Trackpoints: any other element, attribute (but a
TPX's own ``xmlns="…"``), comment, entity or character reference, CDATA, a
``]`` or CR or control character in a value, or text between elements, declines.

Namespaces: a Trackpoint's own elements carry its Track's prefix, so they are in
the document's namespace (lxml found that Track as ``d:Lap/d:Track``); TPX values
carry their TPX's prefix and are in its namespace, which must be the same in
every Track, as the lxml path reads all in the namespace of the first TPX.

Not verified, where lxml (no huge_tree) would refuse and the scan reads on: a
Track nested so deep that its points pass libxml2's 256 levels.  libxml2's 10 MB
text-node limit cannot be hit: the template takes values up to 1 MB only.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

import numpy as np

from stridelight.core.activity import FloatArray
from stridelight.importers.errors import ReadError
from stridelight.importers.xml import (
    Document,
    Element,
    Texts,
    elements,
    numbers,
    parse,
    times,
    xpath,
)
from stridelight.importers.xml import _strip_prolog as strip_prolog

# The template's groups, in schema order, and the column each one fills.
COLUMNS = (
    "t",
    "lat",
    "lon",
    "alt_m",
    "dist_m",
    "hr_bpm",
    "cadence",
    "speed_mps",
    "run_cadence",
    "power_w",
)
# Possessive (*+, ?+): a Trackpoint either fits or not, so no backtracking state
# is kept, which makes the match a fifth faster.
_WS = "[ \t\r\n]*+"  # XML's whitespace only: \s would also take Unicode spaces
# A value as lxml would hand it over verbatim: no markup, no reference (&), no
# CR (the parser turns it into LF), no ']' (']]>' is not allowed), no character
# XML forbids; capped well below libxml2's 10 MB text-node limit.
_TEXT = r"([^<&\]\r\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]{0,1000000}+)"
_TPX_TAG = re.compile(r'<((?:[\w.-]+:)?)TPX((?: xmlns="[^"<&]*")?)[ \t\r\n]*/?>')
_TRACK_TAG = re.compile(r"(/?)((?:[\w.-]+:)?)")  # between '<' and 'Track>'
_ENCODING = re.compile(r"""encoding[ \t\r\n]*=[ \t\r\n]*["']([^"']*)["']""")
_VERSION = re.compile(r"""version[ \t\r\n]*=[ \t\r\n]*["']1\.0["']""")


@dataclass(frozen=True, eq=False)
class Scanned:
    """What the lxml path would have found, the Trackpoints already columns."""

    doc: Document  # the skeleton: Tracks empty, everything else as in the file
    activities: list[Element]
    columns: dict[str, FloatArray]  # only those some point has a value for
    total: int  # trackpoints of the first activity
    unreadable: int


@dataclass(frozen=True)
class _Region:
    prefix: str  # the Track's, e.g. "" or "tcx:"
    start: int  # of its content
    stop: int


def scan_tcx(data: bytes, *, source: str) -> Scanned | None:
    """The first activity's points without an lxml tree for them; None: declined."""
    text = _plain_text(data)
    regions = _regions(text) if text is not None else None
    if text is None or regions is None:
        return None
    skeleton = _skeleton(text, regions, source)
    if skeleton is None:
        return None
    doc, tracks = skeleton
    activities = elements(xpath("d:Activities/d:Activity", doc.namespace), doc.root)
    if not activities or len(tracks) != len(regions):
        return None
    ours = {track: i for i, track in enumerate(tracks)}
    wanted = elements(xpath("d:Lap/d:Track", doc.namespace), activities[0])
    texts = _all_points(text, regions, tracks, [ours[t] for t in wanted])
    if texts is None or not texts[0]:
        return None
    total = len(texts[0])
    columns, unreadable = _columns(texts, total)
    return Scanned(doc, activities, columns, total, unreadable)


def _plain_text(data: bytes) -> str | None:
    """The file as text when it is the plain UTF-8 XML the scan handles, else None."""
    body = strip_prolog(data)
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:  # another encoding, a UTF-16 BOM, or broken bytes
        return None
    start = 0  # past the XML declaration, if any
    if text.startswith("<?xml"):
        start = text.find("?>") + 2
        encoding = _ENCODING.search(text, 0, start)
        if _VERSION.search(text, 0, start) is None or (
            encoding is not None and encoding.group(1).lower() != "utf-8"
        ):
            return None
    # '!', '?' and NUL are rare in TCX, and one character is found at memchr
    # speed, unlike '<!' (every '<' is a candidate).
    if "\x00" in text or ("!" in text and "<!" in text):
        return None
    if text.find("?", start) >= 0 and text.find("<?", start) >= 0:
        return None
    # Truncated files (lxml recovers them, with a warning) stay on the lxml path.
    if not text[-4096:].rstrip(" \t\r\n").endswith("TrainingCenterDatabase>"):
        return None
    return text


def _regions(text: str) -> list[_Region] | None:
    """The content of every ``<Track>…</Track>``; None unless they alternate.

    ``str.find`` of the few 'Track>' (a Trackpoint tag is not one) is far cheaper
    than a regular expression over the whole text.
    """
    tags: list[tuple[bool, str, int, int]] = []  # closing?, prefix, '<' at, '>' after
    at = text.find("Track>")
    while at >= 0:
        opening = text.rfind("<", 0, at)
        tag = _TRACK_TAG.fullmatch(text, opening + 1, at) if opening >= 0 else None
        if tag is not None:
            tags.append((tag.group(1) == "/", tag.group(2), opening, at + 6))
        at = text.find("Track>", at + 6)
    regions = []
    for start, stop in zip(tags[::2], tags[1::2], strict=False):
        if start[0] or not stop[0] or start[1] != stop[1]:
            return None
        regions.append(_Region(start[1], start[3], stop[2]))
    return regions if 2 * len(regions) == len(tags) else None


def _skeleton(
    text: str, regions: list[_Region], source: str
) -> tuple[Document, list[Element]] | None:
    """The file with every Track emptied, parsed safely, and its Track elements."""
    pieces = []
    done = 0
    for region in regions:
        pieces.append(text[done : region.start])
        done = region.stop
    pieces.append(text[done:])
    try:
        doc = parse("".join(pieces).encode("utf-8"), source=source)
    except ReadError:
        return None
    if doc.truncated or doc.root_name != "TrainingCenterDatabase":
        return None
    return doc, list(doc.root.iter("{*}Track"))


def _all_points(
    text: str, regions: list[_Region], tracks: list[Element], wanted: list[int]
) -> list[Texts] | None:
    """Texts per column over the wanted Tracks; every Track must fit the template.

    Tracks outside the first activity are checked too: lxml would refuse the file
    were one of them malformed.
    """
    columns: list[Texts] = [[] for _ in COLUMNS]
    tpx: set[str | None] = set()  # namespaces of the wanted Tracks' TPX
    found: dict[int, list[Texts]] = {}
    for i, (region, track) in enumerate(zip(regions, tracks, strict=True)):
        points = _points(text[region.start : region.stop], region.prefix, track)
        if points is None:
            return None
        found[i], namespaces = points
        if i in wanted:
            tpx.update(namespaces)
    if len(tpx) > 1:
        return None
    for i in wanted:
        for column, part in zip(columns, found[i], strict=True):
            column += part
    return columns


def _points(
    content: str, prefix: str, track: Element
) -> tuple[list[Texts], list[str | None]] | None:
    """One Track's texts per column, and its TPX namespace if it has a TPX."""
    # find() first: a search would try the whole content when it has no TPX.
    at = content.find("TPX")
    form = _TPX_TAG.search(content, max(at - 64, 0)) if at >= 0 else None
    namespace: list[str | None] = []
    tpx_prefix, declared = "", ""
    if form is not None:
        tpx_prefix, declared = form.group(1), form.group(2)
        if declared and tpx_prefix:
            return None
        nsmap = track.nsmap
        if declared:
            namespace = [declared[len(' xmlns="') : -1] or None]
        elif tpx_prefix and tpx_prefix[:-1] not in nsmap:
            return None  # an undeclared prefix: lxml refuses the file
        else:
            namespace = [nsmap.get(tpx_prefix[:-1] or None)]
    template = _template(prefix, tpx_prefix, declared, form is not None)
    parts = template.split(content)
    stride = template.groups + 1  # re.split: the text before a match, its groups
    if "".join(parts[::stride]).strip(" \t\r\n"):
        return None  # something else than Trackpoints fitting the template
    texts = [parts[1 + k :: stride] for k in range(template.groups)]
    none: Texts = [None] * (len(parts) // stride)
    return texts + [none] * (len(COLUMNS) - template.groups), namespace


@functools.lru_cache(maxsize=32)
def _template(p: str, q: str, declared: str, tpx: bool) -> re.Pattern[str]:
    """A Trackpoint as the schema orders it, each child optional, one group a value.

    ``p`` prefixes the Trackpoint's own elements, ``q`` the TPX's (``declared``:
    its ``xmlns="…"``, whose default namespace then holds its children too).
    """
    p, q = re.escape(p), re.escape(q)

    def leaf(prefix: str, name: str) -> str:
        return f"<{prefix}{name}{_WS}>{_TEXT}</{prefix}{name}{_WS}>{_WS}"

    def optional(inner: str) -> str:
        return f"(?:{inner})?+"

    def element(name: str, inner: str) -> str:
        return optional(f"<{p}{name}{_WS}>{_WS}{inner}</{p}{name}{_WS}>{_WS}")

    values = "".join(optional(leaf(q, n)) for n in ("Speed", "RunCadence", "Watts"))
    tag = f"<{q}TPX{re.escape(declared)}{_WS}"
    # Without a TPX in the Track, its Extensions cannot hold one (nor anything).
    extensions = (
        element("Extensions", f"(?:{tag}/>|{tag}>{_WS}{values}</{q}TPX{_WS}>){_WS}")
        if tpx
        else ""
    )
    return re.compile(
        f"<{p}Trackpoint{_WS}>{_WS}"
        + optional(leaf(p, "Time"))
        + element("Position", leaf(p, "LatitudeDegrees") + leaf(p, "LongitudeDegrees"))
        + optional(leaf(p, "AltitudeMeters"))
        + optional(leaf(p, "DistanceMeters"))
        + element("HeartRateBpm", leaf(p, "Value"))
        + optional(leaf(p, "Cadence"))
        + optional(f"<{p}SensorState{_WS}>[^<&\\]]*</{p}SensorState{_WS}>{_WS}")
        + extensions
        + f"</{p}Trackpoint{_WS}>"
    )


def _columns(texts: list[Texts], n: int) -> tuple[dict[str, FloatArray], int]:
    """Floats and times by the lxml path's own helpers; absent values are NaN."""
    columns: dict[str, FloatArray] = {}
    unreadable = 0
    for name, part in zip(COLUMNS, texts, strict=True):
        if part.count(None) == n:  # no point has one: lxml skips the column too
            continue
        if name == "t":
            values, bad = _times(part, n)
        else:  # NumPy makes None NaN, as spreading the present values would
            values, bad = numbers(part)
        columns[name] = values
        unreadable += bad
    return columns, unreadable


def _times(part: Texts, n: int) -> tuple[FloatArray, int]:
    """Like the lxml path, times only of the points that have text, then spread."""
    if None not in part and "" not in part:
        return times(part)
    rows = np.flatnonzero(np.fromiter(map(bool, part), dtype=bool, count=n))
    values, bad = times([part[i] for i in rows])
    out = np.full(n, np.nan)
    out[rows] = values
    return out, bad
