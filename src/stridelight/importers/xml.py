"""What the GPX and TCX readers share: safe parsing and reading columns.

Safety.  lxml parses with entity substitution, DTD loading, network access and
huge trees all off, and a document that declares entities is refused, so
billion-laughs and external-entity payloads never expand.  A file that breaks off
mid-way (truncated download) is recovered up to the break, with a warning.

Speed.  A column is gathered by one C-level query (XPath or lxml ``iter``) and
converted by NumPy: floats by ``float()`` in C, ISO times as a grid of characters
(``xml_times``).  Python handles element objects only to place values some points
lack.  The columns become an Activity in ``xml_activity``; its names are
re-exported here, as are ``times``, so readers import from this one module.
"""

from __future__ import annotations

import codecs
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, cast

import numpy as np
import numpy.typing as npt
from lxml import etree

from stridelight.core.activity import FloatArray
from stridelight.importers.errors import CorruptFileError, ReadError
from stridelight.importers.xml_activity import (
    STRIDES_BELOW_SPM,
    Found,
    activity,
    derived_speed,
    moment,
    steps_per_minute,
)
from stridelight.importers.xml_times import Ints, times

__all__ = [
    "STRIDES_BELOW_SPM",
    "Document",
    "Element",
    "Found",
    "IntArray",
    "Ints",
    "Points",
    "Texts",
    "activity",
    "derived_speed",
    "elements",
    "moment",
    "numbers",
    "parse",
    "spread",
    "steps_per_minute",
    "strings",
    "times",
    "xpath",
]

IntArray = npt.NDArray[np.intp]
Texts = list[str | None]  # element texts; None for an empty element
Element = etree._Element

_NON_ASCII = bytes(range(0x80))
_POSITION_SUFFIX = re.compile(r",? line \d+, column \d+\s*$")
_BOMS_TO_KEEP = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_BE)


@dataclass(frozen=True, eq=False)
class Document:
    root: Element
    truncated: str | None = None  # where the file broke off, when it did

    @property
    def namespace(self) -> str | None:
        return etree.QName(self.root).namespace

    @property
    def root_name(self) -> str:
        # Not etree.QName: the recovering parser can leave a tag QName refuses (":").
        return str(self.root.tag).rpartition("}")[2]


def parse(data: bytes, *, source: str) -> Document:
    """Parse untrusted bytes; ReadError for anything that is not usable XML."""
    body = _strip_prolog(data)
    if not body:
        raise ReadError(source, "the file is empty")
    truncated = None
    try:
        root = _fromstring(body, recover=False)
        assert root is not None  # a strict parse raises rather than return nothing
    except etree.XMLSyntaxError as error:
        root, truncated = _recover(body, error, source)
    except (ValueError, LookupError) as error:  # e.g. an unknown declared encoding
        raise CorruptFileError(source, f"not readable as XML: {error}") from None
    _refuse_entities(root, source)
    return Document(root, truncated)


def _strip_prolog(data: bytes) -> bytes:
    # Strava exports put spaces before <?xml …?>, which XML forbids; a UTF-8 BOM
    # may sit on either side of them.  UTF-16/32 files keep their BOM untouched.
    if data.startswith(_BOMS_TO_KEEP):
        return data
    body = data.lstrip()
    if body.startswith(codecs.BOM_UTF8):
        body = body[len(codecs.BOM_UTF8) :].lstrip()
    return body


def _fromstring(body: bytes, *, recover: bool) -> Element | None:
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_blank_text=True,
        remove_comments=True,
        remove_pis=True,
        recover=recover,
    )
    # None only in recover mode, when not a single element could be salvaged.
    root: Element | None = etree.fromstring(body, parser)
    return root


def _recover(
    body: bytes, error: etree.XMLSyntaxError, source: str
) -> tuple[Element, str]:
    where = _describe(error)
    if not _breaks_at_end(body, error):
        raise CorruptFileError(source, f"not well-formed XML at {where}") from None
    try:
        root = _fromstring(body, recover=True)
    except (etree.XMLSyntaxError, ValueError, LookupError):
        root = None
    if root is None:
        raise CorruptFileError(source, f"not well-formed XML at {where}")
    return root, where


def _describe(error: etree.XMLSyntaxError) -> str:
    line, column = error.position
    message = _POSITION_SUFFIX.sub("", str(error.msg or error)).replace("\n", " ")
    return f"line {line}, column {column}: {message}"


def _breaks_at_end(body: bytes, error: etree.XMLSyntaxError) -> bool:
    """A truncated file fails on its last line, at (or just before) its end."""
    line, column = error.position
    if line < body.count(b"\n") + 1:
        return False
    last = body[body.rfind(b"\n") + 1 :]
    # Columns count characters, the line's length bytes: allow for multi-byte ones.
    slack = 64 + len(last.translate(None, _NON_ASCII))
    return len(last) - column <= slack


def _refuse_entities(root: Element, source: str) -> None:
    dtd = cast(Any, root.getroottree().docinfo.internalDTD)
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise CorruptFileError(
            source,
            "declares XML entities (<!ENTITY>), which activity files never need;"
            " refused for safety",
        )


@functools.lru_cache(maxsize=64)
def xpath(path: str, d: str | None, x: str | None = None) -> etree.XPath:
    """Compile ``path`` with prefixes ``d:`` and ``x:`` bound to these namespaces.

    Writers choose their own prefixes, so paths name the namespace a reader found
    in the file; a prefix whose namespace is None matches un-namespaced elements.
    """
    bound = {}
    for prefix, uri in (("d", d), ("x", x)):
        if uri is None:
            path = re.sub(rf"(?<![\w.-]){prefix}:", "", path)
        else:
            bound[prefix] = uri
    return etree.XPath(path, namespaces=bound, smart_strings=False)


def elements(query: etree.XPath, node: Element) -> list[Element]:
    return cast(list[Element], query(node))


def strings(query: etree.XPath, node: Element) -> Texts:
    return cast(Texts, query(node))


class Points:
    """The point elements in document order, and which point a value belongs to."""

    def __init__(self, found: list[Element]) -> None:
        self.elements = found
        self._rows: dict[Element, int] | None = None

    def __len__(self) -> int:
        return len(self.elements)

    def texts(
        self, found: Sequence[Element], *, one_each: bool
    ) -> tuple[Texts, IntArray | None]:
        """The text of each value and the row it belongs to (None: row i is value i).

        ``one_each`` says the query cannot yield two values for one point (a
        structural path to an element its schema allows once), so as many values
        as points are one per point in order, and no ancestor walk is needed.
        A blank element holds no value (NaN either way), so the walk below skips
        it: where a point holds several, its first non-blank one gives the value.
        """
        if one_each and len(found) == len(self.elements):
            return [element.text for element in found], None
        if self._rows is None:
            self._rows = {element: row for row, element in enumerate(self.elements)}
        texts: Texts = []
        rows: list[int] = []
        for element in found:
            text = element.text
            if not text or text.isspace():  # <heartrate></heartrate>, then <hr>
                continue
            row = _owner(element, self._rows)
            if row is not None:  # values outside every point are not samples
                texts.append(text)
                rows.append(row)
        where = np.asarray(rows, dtype=np.intp)
        unique, first = np.unique(where, return_index=True)
        if unique.size < where.size:  # several values in one point: the first wins
            first.sort()
            return [texts[i] for i in first], where[first]
        return texts, where


def _owner(element: Element, rows_of: dict[Element, int]) -> int | None:
    node = element.getparent()
    while node is not None:
        row = rows_of.get(node)
        if row is not None:
            return row
        node = node.getparent()
    return None


def spread(n: int, values: FloatArray, rows: IntArray | None) -> FloatArray:
    """Values placed on their rows of an ``n``-row column, NaN elsewhere."""
    if rows is None:
        return values
    out = np.full(n, np.nan)
    out[rows] = values
    return out


def numbers(texts: Sequence[str | None]) -> tuple[FloatArray, int]:
    """Floats as Python reads them; blank -> NaN, unreadable -> NaN and counted."""
    try:  # NumPy calls float() on each text in C, and makes None NaN
        return np.array(texts, dtype=np.float64), 0
    except ValueError:
        pass
    out = np.full(len(texts), np.nan)
    bad = 0
    for i, text in enumerate(texts):
        if text and text.strip():
            try:
                out[i] = float(text)
            except ValueError:
                bad += 1
    return out, bad
