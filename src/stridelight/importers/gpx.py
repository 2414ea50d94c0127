"""GPX 1.0 and 1.1 -> Activity.

The samples are the track points of every track and segment, in file order, or
the route points when the file has no track; waypoints are never samples.  Core
fields (``lat``/``lon``, ``ele``, ``time``) are read in the document's own GPX
namespace (1.0, 1.1 or none); extension values are matched by local name in any
namespace, because every writer picks its own (``gpxtpx:``, ``ns3:``, none…).
GPX carries no distance, so ``dist_m`` is the cumulative haversine of the track.
"""

from __future__ import annotations

from stridelight.core.activity import Activity, FloatArray, empty_samples
from stridelight.importers.errors import (
    CorruptFileError,
    NotAnActivityError,
    UnsupportedFormatError,
)
from stridelight.importers.xml import (
    Document,
    Found,
    Points,
    activity,
    elements,
    numbers,
    parse,
    spread,
    strings,
    times,
    xpath,
)

_TRACK_POINTS = "d:trk/d:trkseg/d:trkpt"
_ROUTE_POINTS = "d:rte/d:rtept"

# Extension values by local name, at any depth inside a point: Garmin
# TrackPointExtension v1/v2 (hr, cad, speed), ClueTrust gpxdata (hr, cadence),
# Amazfit's bare <heartrate>, Strava's bare <power>, the Garmin/Apple
# PowerExtension (PowerInWatts), and GPX 1.0's own <speed> child.  Where a point
# holds two of them (Amazfit writes <heartrate> and gpxtpx:hr) the first that is
# not blank wins.
_BY_LOCAL_NAME = {
    "hr_bpm": ("hr", "heartrate"),
    "cadence_spm": ("cad", "cadence"),
    "power_w": ("power", "PowerInWatts"),
    "speed_mps": ("speed",),
}

# <trk><type> is free text.  Strava writes numbers: its activity-type codes
# (1 Ride, 4 Hike, 9 Run, 10 Walk, 16 Swim, as read by several importers).
_SPORTS: dict[str, tuple[str, str | None]] = {
    "running": ("running", None),
    "run": ("running", None),
    "9": ("running", None),
    "trail_running": ("running", "trail"),
    "treadmill_running": ("running", "treadmill"),
    "walking": ("walking", None),
    "walk": ("walking", None),
    "10": ("walking", None),
    "hiking": ("hiking", None),
    "hike": ("hiking", None),
    "4": ("hiking", None),
    "cycling": ("cycling", None),
    "biking": ("cycling", None),
    "ride": ("cycling", None),
    "1": ("cycling", None),
    "road_biking": ("cycling", "road"),
    "mountain_biking": ("cycling", "mountain"),
    "swimming": ("swimming", None),
    "swim": ("swimming", None),
    "16": ("swimming", None),
    "open_water_swimming": ("swimming", "open_water"),
}


def read_gpx(data: bytes, *, source: str = "<bytes>") -> Activity:
    doc = parse(data, source=source)
    if doc.root_name != "gpx":
        raise UnsupportedFormatError(
            source, f"expected a GPX document, found <{doc.root_name}>"
        )
    ns = doc.namespace
    base = _TRACK_POINTS
    found = elements(xpath(base, ns), doc.root)
    if not found:
        base = _ROUTE_POINTS
        found = elements(xpath(base, ns), doc.root)
    if doc.truncated and len(found) <= 1:
        raise CorruptFileError(
            source, f"breaks off at {doc.truncated}, before any complete point"
        )
    if not found:
        raise NotAnActivityError(source, "holds no track or route points")
    points = Points(found)
    samples, unreadable = _samples(doc, points, base)
    warnings: tuple[str, ...] = ()
    if doc.truncated:
        # Recovery keeps a point cut mid-way; its values cannot be trusted.
        samples = {name: values[:-1] for name, values in samples.items()}
        warnings = (
            f"the file breaks off at {doc.truncated}; read the "
            f"{len(found) - 1} points before the break",
        )
    sport, sub_sport = _sport(doc, base)
    return activity(
        Found(
            format="gpx",
            sport=sport,
            sub_sport=sub_sport,
            samples=samples,
            device=_text(doc.root.get("creator")),
            name=_name(doc, base),
            warnings=warnings,
            extra=_extra(doc),
            truncated=bool(doc.truncated),
            unreadable=unreadable,
        )
    )


def _samples(
    doc: Document, points: Points, base: str
) -> tuple[dict[str, FloatArray], int]:
    n = len(points)
    samples = empty_samples(n)
    unreadable = 0
    for column in ("lat", "lon"):
        values, bad = numbers([p.get(column) for p in points.elements])
        samples[column] = values
        unreadable += bad
    for column, child in (("t", "time"), ("alt_m", "ele")):
        found = elements(xpath(f"{base}/d:{child}", doc.namespace), doc.root)
        texts, rows = points.texts(found, one_each=True)
        values, bad = times(texts) if column == "t" else numbers(texts)
        samples[column] = spread(n, values, rows)
        unreadable += bad
    for column, names in _BY_LOCAL_NAME.items():
        found = list(doc.root.iter(*(f"{{*}}{name}" for name in names)))
        if not found:
            continue
        texts, rows = points.texts(found, one_each=False)
        values, bad = numbers(texts)
        samples[column] = spread(n, values, rows)
        unreadable += bad
    return samples, unreadable


def _sport(doc: Document, base: str) -> tuple[str, str | None]:
    owner = "d:trk" if base == _TRACK_POINTS else "d:rte"
    for text in strings(xpath(f"{owner}/d:type/text()", doc.namespace), doc.root):
        key = (text or "").strip().lower().replace(" ", "_").replace("-", "_")
        if key:
            return _SPORTS.get(key, ("generic", None))
    return "generic", None


def _name(doc: Document, base: str) -> str | None:
    owner = "d:trk" if base == _TRACK_POINTS else "d:rte"
    for path in (f"{owner}/d:name", "d:metadata/d:name", "d:name"):
        for element in elements(xpath(path, doc.namespace), doc.root):
            name = _text(element.text)
            if name:
                return name
    return None


def _extra(doc: Document) -> dict[str, str]:
    version = _text(doc.root.get("version"))
    return {"gpx_version": version} if version else {}


def _text(value: str | None) -> str | None:
    return value.strip() or None if value else None
