"""TCX (Garmin Training Center v2) -> Activity.

The samples are the Trackpoints of the first Activity's laps, in file order.
Elements are read in the document's own namespace, whatever its prefix; the
ActivityExtension values (TPX Speed, RunCadence, Watts) in the namespace the
file's first TPX element uses, so ``ns3:TPX`` and a re-declared default namespace
both work.  ``dist_m`` is the file's DistanceMeters, ``speed_mps`` its TPX Speed;
either is computed only when the file has none.
"""

from __future__ import annotations

import itertools
import math
import operator
from typing import cast

import numpy as np
from lxml import etree

from stridelight.core.activity import Activity, FloatArray, Lap, empty_samples
from stridelight.importers.errors import (
    CorruptFileError,
    NotAnActivityError,
    UnsupportedFormatError,
)
from stridelight.importers.tcx_scan import scan_tcx
from stridelight.importers.xml import (
    Document,
    Element,
    Found,
    IntArray,
    Points,
    Texts,
    activity,
    elements,
    moment,
    numbers,
    parse,
    spread,
    strings,
    times,
    xpath,
)

# Trackpoint values by element name.  Inside a Track each of these names occurs
# only at its one place in a Trackpoint (the schema allows each once per point),
# so a value count equal to the point count means one value per point, in order.
_VALUES = {
    "t": "Time",
    "lat": "LatitudeDegrees",
    "lon": "LongitudeDegrees",
    "alt_m": "AltitudeMeters",
    "dist_m": "DistanceMeters",
    "hr_bpm": "Value",  # of HeartRateBpm: lap averages sit outside the Track
    "cadence": "Cadence",  # rpm on a bike; on foot, steps or strides
}
# The same inside Extensions/TPX, in the ActivityExtension namespace.
_TPX_VALUES = {"speed_mps": "Speed", "run_cadence": "RunCadence", "power_w": "Watts"}
_FEW_LACKING = 64  # each found lacking point costs a walk over those before it
_SPORTS = {"running": "running", "biking": "cycling"}  # the schema's third is Other


def read_tcx(data: bytes, *, source: str = "<bytes>") -> Activity:
    return read_tcx_scanned(data, source=source) or _read_parsed(data, source)


def read_tcx_scanned(data: bytes, *, source: str = "<bytes>") -> Activity | None:
    """The fast path (``tcx_scan``): None when it cannot prove lxml would agree."""
    scanned = scan_tcx(data, source=source)
    if scanned is None:
        return None
    samples = empty_samples(scanned.total)
    samples.update(scanned.columns)
    doc, found = scanned.doc, scanned.activities
    return _finish(doc, found, _cadence(samples), scanned.unreadable, [])


def _read_parsed(data: bytes, source: str) -> Activity:
    doc = parse(data, source=source)
    if doc.root_name != "TrainingCenterDatabase":
        raise UnsupportedFormatError(
            source, f"expected a TCX document, found <{doc.root_name}>"
        )
    found = elements(xpath("d:Activities/d:Activity", doc.namespace), doc.root)
    if not found:
        raise NotAnActivityError(source, _why_no_activity(doc))
    act = found[0]
    tracks = _Tracks(doc, act)
    if doc.truncated and tracks.total <= 1:
        raise CorruptFileError(
            source, f"breaks off at {doc.truncated}, before any complete point"
        )
    if not tracks.total:
        raise NotAnActivityError(source, "the activity holds no trackpoints")
    samples, unreadable = _samples(doc, tracks)
    warnings = []
    if doc.truncated:
        # Recovery keeps a point cut mid-way; its values cannot be trusted.
        samples = {name: values[:-1] for name, values in samples.items()}
        warnings.append(
            f"the file breaks off at {doc.truncated}; read the "
            f"{tracks.total - 1} points before the break"
        )
    return _finish(doc, found, samples, unreadable, warnings)


def _finish(
    doc: Document,
    found: list[Element],
    samples: dict[str, FloatArray],
    unreadable: int,
    warnings: list[str],
) -> Activity:
    act = found[0]
    if len(found) > 1:
        warnings.insert(0, f"holds {len(found)} activities; read the first")
    sport = _SPORTS.get((act.get("Sport") or "").strip().lower(), "generic")
    return activity(
        Found(
            format="tcx",
            sport=sport,
            samples=samples,
            device=_child_text(doc, act, "Creator", "Name"),
            name=_child_text(doc, act, "Notes") or _child_text(doc, act, "Id"),
            laps=_laps(doc, act),
            warnings=tuple(warnings),
            extra=_extra(doc, act),
            unreadable=unreadable,
            truncated=bool(doc.truncated),
        )
    )


def _why_no_activity(doc: Document) -> str:
    if elements(xpath("d:Courses/d:Course", doc.namespace), doc.root):
        return "is a TCX course (a planned route), not a recorded activity"
    if elements(xpath("d:Workouts/d:Workout", doc.namespace), doc.root):
        return "holds TCX workouts (training plans), not a recorded activity"
    return "holds no activity"


def _samples(doc: Document, tracks: _Tracks) -> tuple[dict[str, FloatArray], int]:
    n = tracks.total
    columns = empty_samples(n)
    unreadable = 0
    wanted = {column: (doc.namespace, name) for column, name in _VALUES.items()}
    tpx = next((e for track in tracks.elements for e in track.iter("{*}TPX")), None)
    if tpx is not None:
        x = etree.QName(tpx).namespace
        wanted.update({c: (x, name) for c, name in _TPX_VALUES.items()})
    for column, (namespace, name) in wanted.items():
        found = tracks.column(namespace, name)
        if found is None:
            continue
        texts, rows = found
        values, bad = times(texts) if column == "t" else numbers(texts)
        columns[column] = spread(n, values, rows)
        unreadable += bad
    return _cadence(columns), unreadable


class _Tracks:
    """The activity's Track elements, how many Trackpoints each holds, its columns."""

    def __init__(self, doc: Document, act: Element) -> None:
        self.namespace = doc.namespace  # that of Trackpoint and its own values
        self.elements = elements(xpath("d:Lap/d:Track", doc.namespace), act)
        count = xpath("count(d:Trackpoint)", doc.namespace)
        self.counts = [int(cast(float, count(track))) for track in self.elements]
        # Per Track (by id: self.elements keeps them alive), points lacking a value.
        self._lacking: dict[int, tuple[list[Element], list[int]]] = {}

    @property
    def total(self) -> int:
        return sum(self.counts)

    def column(self, ns: str | None, name: str) -> tuple[Texts, IntArray | None] | None:
        """Texts of one value per point and their rows; None if no point has one.

        One C-level XPath per Track gives plain strings: no element proxies (nor
        garbage collection of them) unless some points of that Track lack it.
        """
        tag = _clark(ns, name)
        # lxml answers at once for a name the parser never met (its dictionary),
        # which spares the XPath walk for the columns a file does not record.
        if all(next(track.iter(tag), None) is None for track in self.elements):
            return None
        query = xpath(f"descendant::d:{name}/text()", ns)
        parts: list[Texts] = [strings(query, track) for track in self.elements]
        if all(map(operator.eq, map(len, parts), self.counts)):
            return parts[0] if len(parts) == 1 else list(itertools.chain(*parts)), None
        texts: Texts = []
        rows = []
        offset = 0
        for track, count, part in zip(self.elements, self.counts, parts, strict=True):
            some, where = (
                (part, np.arange(count))
                if len(part) == count
                else self._sparse(track, count, part, ns, name)
            )
            texts += some
            rows.append(offset + where)
            offset += count
        return texts, np.concatenate(rows)

    def _sparse(
        self, track: Element, count: int, part: Texts, ns: str | None, name: str
    ) -> tuple[Texts, IntArray]:
        """Rows, within one Track, of a value some of its points lack.

        Cheapest first, each exact when a point holds at most one value (the
        schema): the points that lacked the previous value (without a GPS fix a
        point lacks position, altitude and distance alike), or a few lacking
        points found in C; else the point each value sits in, walking up.
        """
        tag = _clark(ns, name)
        missing = count - len(part)
        if 0 < missing <= _FEW_LACKING:
            lacking, gone = self._lacking.get(id(track), ([], []))
            if len(lacking) != missing or any(_holds(p, tag) for p in lacking):
                query = f"d:Trackpoint[not(descendant::x:{name}/text())]"
                lacking = elements(xpath(query, self.namespace, ns), track)
                before = xpath("count(preceding-sibling::d:Trackpoint)", self.namespace)
                gone = [int(cast(float, before(point))) for point in lacking]
            if len(lacking) == missing:
                self._lacking[id(track)] = (lacking, gone)
                return part, np.delete(np.arange(count), gone)
        point = _clark(self.namespace, "Trackpoint")
        points = Points(list(track.iterchildren(point)))
        texts, where = points.texts(list(track.iter(tag)), one_each=True)
        return texts, np.arange(len(texts)) if where is None else where


def _holds(point: Element, tag: str) -> bool:
    value = next(point.iter(tag), None)
    return value is not None and value.text is not None


def _clark(namespace: str | None, name: str) -> str:
    return name if namespace is None else f"{{{namespace}}}{name}"


def _cadence(columns: dict[str, FloatArray]) -> dict[str, FloatArray]:
    """RunCadence when the file has it (a foot pod or watch), else <Cadence>."""
    run = columns.pop("run_cadence", None)
    other = columns.pop("cadence", None)
    for candidate in (run, other):
        if candidate is not None and not np.isnan(candidate).all():
            columns["cadence_spm"] = candidate
            break
    return columns


def _laps(doc: Document, act: Element) -> tuple[Lap, ...]:
    laps = []
    for lap in elements(xpath("d:Lap", doc.namespace), act):
        started, _ = times([lap.get("StartTime") or ""])
        laps.append(
            Lap(
                start=None if math.isnan(started[0]) else moment(float(started[0])),
                duration_s=_number(_child_text(doc, lap, "TotalTimeSeconds")),
                distance_m=_number(_child_text(doc, lap, "DistanceMeters")),
            )
        )
    return tuple(laps)


def _extra(doc: Document, act: Element) -> dict[str, str]:
    identifier = _child_text(doc, act, "Id")
    return {"tcx_id": identifier} if identifier else {}


def _child_text(doc: Document, node: Element, *names: str) -> str | None:
    path = "/".join(f"d:{name}" for name in names)
    for element in elements(xpath(path, doc.namespace), node):
        text = (element.text or "").strip()
        if text:
            return text
    return None


def _number(text: str | None) -> float | None:
    if text is None:
        return None
    values, _ = numbers([text])
    value = float(values[0])
    return None if math.isnan(value) else value
