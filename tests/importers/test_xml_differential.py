"""Exact against gpxpy and tcxreader on generated GPX and TCX documents too.

The real-file tests (``test_gpx``, ``test_tcx``) hold our readers to the oracles on
the files we have; the promise is that this holds on files we have not seen.  So
hypothesis writes documents as real writers do (Garmin, Strava, Apple, Amazfit,
GoldenCheetah…), with the spellings of a value those writers and XML allow, and
each is compared point for point through the same convention (``xml_oracles``).
Where an oracle cannot read something a writer may write, the generator leaves it
out, and the comment there says what the oracle does instead.
"""

from __future__ import annotations

import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stridelight.importers import NotAnActivityError, read
from stridelight.importers.tcx import _read_parsed, read_tcx_scanned
from tests.importers.test_tcx_scan import same
from tests.importers.xml_oracles import (
    assert_agrees_with_gpxpy,
    assert_agrees_with_tcxreader,
    oracle_gpx,
    oracle_points,
    tcxreader_points,
)
from tests.importers.xml_writers import PAD, PAD_CR, Writer, number, offset

DIFFERENTIAL = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
TPX_V = "http://www.garmin.com/xmlschemas/TrackPointExtension/"
PWR_NS = "http://www.garmin.com/xmlschemas/PowerExtension/v1"
TCX_NS = "http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"
AX_NS = "http://www.garmin.com/xmlschemas/ActivityExtension/v2"
XSI = 'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
GPX_MARK = "§"  # stands for the GPX elements' prefix until the document is spelled
# gpxpy reads its own number fields (ele, 1.0 speed) by float(text.strip()) and
# refuses the whole file for '' ('Invalid value for <ele>'): an empty one, <ele/>
# or <ele></ele>, is None there, but a blank one must not be whitespace.
EMPTY = st.just("")


# --- GPX -------------------------------------------------------------------------------

# gpxpy reads a time only when its text is nothing but the time: its pattern is
# anchored (RE_TIMESTAMP, '^…$'), so ' 2020-01-01T00:00:00Z' gives None.  XML
# Schema's dateTime collapses whitespace and so do we: times are not padded.
# Without a zone, both gpxpy (a naive datetime, taken as UTC by the oracle) and
# we read UTC, so GPX times may have no zone.
GPX_TIMES = st.tuples(st.integers(0, 9), st.sampled_from(["Z", ""]) | offset())
V1 = ("atemp", "hr", "cad")  # TrackPointExtension v1; v2 adds speed and course
TPX_FIELDS = (
    ("atemp", number(-30, 50)),  # not a column: both must pass it by
    ("hr", number(30, 220, whole=True)),
    ("cad", number(0, 200, whole=True)),
    ("speed", number(0, 40)),
    ("course", number(0, 359)),
)


def gpx_extensions(w: Writer, forms: dict[str, str]) -> str:
    """A GPX 1.1 point's <extensions>, in the writer's forms (drawn per document)."""
    q, declared = forms["tpx_prefix"], forms["tpx_declared"]
    inner = ""
    if w.has("heartrate"):  # Amazfit: a bare <heartrate> before the Garmin one
        inner += (
            f"<§heartrate>{w.value('hr', number(30, 220, whole=True))}</§heartrate>"
        )
    tpx = ""
    for name, spelled in TPX_FIELDS:
        if (forms["tpx"] == "v2" or name in V1) and w.has(name):
            tpx += f"<{q}{name}>{w.value(name, spelled)}</{q}{name}>"
    if tpx:
        inner += f"<{q}TrackPointExtension{declared}>{tpx}</{q}TrackPointExtension>"
    if w.has("bare"):  # Apple's route export: speed and course bare
        inner += (
            f"<§speed>{w.value('speed', number(0, 40))}</§speed><§course>1</§course>"
        )
    if w.has("power"):
        watts = w.value("power", number(0, 2000, whole=True))
        inner += {
            "strava": f"<§power>{watts}</§power>",
            "garmin": f"<pwr:PowerInWatts>{watts}</pwr:PowerInWatts>",
            # Apple Watch: a second <extensions>, its element under gpxtpx:.
            "apple": f"</§extensions><§extensions><{q}PowerExtension{declared}>"
            f"<{q}PowerInWatts>{watts}</{q}PowerInWatts></{q}PowerExtension>",
        }[forms["power"]]
    return f"<§extensions>{inner}</§extensions>" if inner else ""


def gpx_point(w: Writer, tag: str, time: str | None, forms: dict[str, str]) -> str:
    # lat and lon are mandatory: gpxpy refuses a whole file for one blank.
    lat = w.value("lat", number(-90, 90), blank=None)
    lon = w.value("lon", number(-180, 180), blank=None)
    attributes = [f'lat="{lat}"', f'lon="{lon}"']
    if forms["lon_first"]:  # as Apple writes them
        attributes.reverse()
    children = ""
    if w.has("ele"):
        children += f"<§ele>{w.value('ele', number(-400, 8848), blank=EMPTY)}</§ele>"
    if time is not None:
        children += f"<§time>{time}</§time>"
    # GPX 1.0 has <speed> in track points only (not route points, nor in 1.1);
    # it has no <extensions>, and gpxpy reads none there (gpx_10_fields), so the
    # Garmin/Strava/Apple extension forms are written in 1.1 documents only.
    if forms["version"] == "1.0":
        if tag == "trkpt" and w.has("speed"):
            speed = w.value("speed 1.0", number(0, 40), blank=EMPTY)
            children += f"<§speed>{speed}</§speed>"
    else:
        children += gpx_extensions(w, forms)
    return f"<§{tag} {' '.join(attributes)}>{children}</§{tag}>"


@st.composite
def gpx_document(draw: st.DrawFn) -> tuple[bytes, bytes]:
    """A GPX as some writer writes it, and the same document as gpxpy can read it.

    The two differ only when the GPX elements carry a prefix (``<gpx:trkpt>``):
    gpxpy removes the default namespace and looks for un-prefixed names, so it
    finds no track at all in such a file.  It reads the default-namespace
    spelling, which is the same XML (the same names in the same namespace).
    """
    w = Writer(draw)
    version = draw(st.sampled_from(["1.0", "1.1"]))
    spelling = draw(st.sampled_from(["default", "none", "prefixed"]))
    tpx = draw(st.sampled_from(["v1", "v2"]))
    q, declared = draw(
        st.sampled_from(
            [
                ("gpxtpx:", ""),
                ("ns3:", ""),
                ("", f' xmlns="{TPX_V}{tpx}"'),
                ("gpxtpx:", f' xmlns:gpxtpx="{TPX_V}{tpx}"'),
            ]
        )
    )
    forms = {
        "version": version,
        "tpx": tpx,
        "tpx_prefix": q,
        "tpx_declared": declared,
        "power": draw(st.sampled_from(["strava", "garmin", "apple"])),
        "lon_first": "yes" if draw(st.booleans()) else "",
    }
    newline, indent = w.layout()
    tag = draw(st.sampled_from(["trkpt", "trkpt", "trkpt", "rtept"]))
    container = "trk" if tag == "trkpt" else "rte"
    groups = [  # tracks of segments of points, or one route
        draw(st.lists(st.integers(0, 40), min_size=1, max_size=3))
        for _ in range(draw(st.integers(1, 3)) if tag == "trkpt" else 1)
    ]
    stamps = iter(w.times(sum(map(sum, groups)), GPX_TIMES))
    blank_time = draw(st.sampled_from([None, None, "", " "]))  # <time></time>
    body = ""
    for sizes in groups:
        segments = ""
        for size in sizes:
            points = [
                gpx_point(w, tag, time if w.has("time") else blank_time, forms)
                for time in (next(stamps) for _ in range(size))
            ]
            inner = "".join(newline + indent * 3 + p for p in points)
            if tag == "trkpt":
                inner = f"<§trkseg>{inner}{newline}{indent * 2}</§trkseg>"
            segments += newline + indent * 2 + inner
        kind = draw(st.sampled_from(["", "running", "9", "cycling", "hiking"]))
        head = "<§name>Run</§name>" + (f"<§type>{kind}</§type>" if kind else "")
        body += f"{newline}{indent}<§{container}>{head}{segments}</§{container}>"
    if draw(st.booleans()):  # a file time and a waypoint: values outside points
        when = "<§time>2001-01-01T00:00:00Z</§time>"
        wpt = f'<§wpt lat="1" lon="2"><§ele>3</§ele>{when}</§wpt>'
        when = f"<§metadata>{when}</§metadata>" if version == "1.1" else when
        body = newline + when + newline + wpt + body
    ns = f"http://www.topografix.com/GPX/{version.replace('.', '/')}"
    extensions = f' xmlns:pwr="{PWR_NS}" xmlns:ns3="{TPX_V}{tpx}"'
    extensions += f' xmlns:gpxtpx="{TPX_V}{tpx}"'
    head = draw(st.sampled_from(['<?xml version="1.0" encoding="UTF-8"?>\n', ""]))

    def spelled(prefix: str, declaration: str) -> bytes:
        root = f'<§gpx version="{version}" creator="Writer" {declaration}{extensions}>'
        text = f"{head}{root}{body}{newline}</§gpx>\n"
        return text.replace(GPX_MARK, prefix).encode()

    theirs = spelled("", f'xmlns="{ns}"' if spelling != "none" else XSI)
    if spelling == "prefixed":
        return spelled("gpx:", f'xmlns:gpx="{ns}"'), theirs
    return theirs, theirs


@DIFFERENTIAL
@given(gpx_document())
def test_generated_gpx_reads_as_gpxpy_reads_it(documents: tuple[bytes, bytes]) -> None:
    ours, theirs = documents
    points = oracle_points(oracle_gpx(theirs))
    if not points:
        with pytest.raises(NotAnActivityError, match="no track or route points"):
            read(ours)
        return
    assert_agrees_with_gpxpy(read(ours), points)


# --- TCX -------------------------------------------------------------------------------

# tcxreader reads a time by strptime with '%Y-%m-%dT%H:%M:%S.%fZ', '….%f%z',
# '…Z' and '…%z', and raises ('Cannot parse time') for the whole file on anything
# else: so no time without a zone, no whitespace around it, and at most 6 digits
# of fraction (%f takes 1 to 6; 7 to 9, as .NET writes, are read by the GPX
# test through the same times()).  A '…Z' time is naive, one with an offset
# aware, and tcxreader subtracts the first point's time from the last one's
# (per lap and per file): a TypeError across the two, so one kind per document,
# and a TypeError for a point without a time there, so those two have one.  An
# empty <Time/> is a TypeError too (strptime(None)): a time is there or not.
# One activity per document: tcxreader joins every activity's points, we read the
# first and say so (test_tcx), by design.
TCX_ZONES = st.sampled_from([st.just("Z"), offset()])


def tcx_point(
    w: Writer, time: str | None, forms: dict[str, str], pad: st.SearchStrategy[str]
) -> str:
    p, q = forms["p"], forms["q"]

    def leaf(name: str, value: str, prefix: str = p) -> str:
        return f"<{prefix}{name}>{value}</{prefix}{name}>"

    inner = leaf("Time", time) if time is not None else ""
    if w.has("position"):
        lat = leaf("LatitudeDegrees", w.value("lat", number(-90, 90, pad=pad)))
        lon = leaf("LongitudeDegrees", w.value("lon", number(-180, 180, pad=pad)))
        inner += leaf("Position", lat + lon)
    if w.has("alt"):
        inner += leaf("AltitudeMeters", w.value("alt", number(-400, 8848, pad=pad)))
    if w.has("dist"):
        inner += leaf("DistanceMeters", w.value("dist", number(0, 1e6, pad=pad)))
    # tcxreader reads HeartRateBpm and Cadence as int(float(text)), cutting any
    # fraction; the schema makes both unsignedByte, so they are whole numbers.
    if w.has("hr"):
        hr = w.value("hr", number(30, 220, whole=True, pad=pad))
        inner += leaf("HeartRateBpm", leaf("Value", hr))
    if w.has("cadence"):
        inner += leaf(
            "Cadence", w.value("cadence", number(0, 254, whole=True, pad=pad))
        )
    if w.has("sensor"):
        inner += leaf("SensorState", "Present")
    # tcxreader reads a TPX value with a '.' by float(), any other by int(), so
    # '1e3' or '1E+03' would be None there: an exponent comes with a '.'.
    tpx = ""
    for name, low, high, whole in (
        ("Speed", 0, 40, False),
        ("RunCadence", 0, 254, True),
        ("Watts", 0, 2000, True),
    ):
        if w.has(name):
            spelled = number(low, high, whole=whole, dotted=True, pad=pad)
            tpx += leaf(name, w.value(name, spelled), q)
    if tpx or w.has("empty TPX"):
        opening = f"{q}TPX{forms['tpx_declared']}"
        inner += leaf(
            "Extensions", f"<{opening}>{tpx}</{q}TPX>" if tpx else f"<{opening}/>"
        )
    return leaf("Trackpoint", inner)


@st.composite
def tcx_document(draw: st.DrawFn) -> tuple[bytes, bool]:
    """A TCX as some writer writes it, and whether the fast path must take it."""
    w = Writer(draw)
    p = draw(st.sampled_from(["", "", "tcx:"]))
    q, tpx_declared, plain = draw(
        st.sampled_from(
            [
                ("ns3:", "", True),  # Garmin Connect
                ("ax:", "", True),
                ("", f' xmlns="{AX_NS}"', True),  # Garmin devices, GoldenCheetah
                # The fast path allows no attribute on TPX but its own xmlns="…":
                # these take the lxml path (see tcx_scan), as does a CR in a value.
                ("ns3:", ' CadenceSensor="Footpod"', False),
                ("ns3:", f' xmlns:ns3="{AX_NS}"', False),
            ]
        )
    )
    cr = draw(st.sampled_from([False, False, False, True]))
    pad = PAD_CR if cr else PAD
    forms = {"p": p, "q": q, "tpx_declared": tpx_declared}
    newline, indent = w.layout()
    spellings = st.tuples(st.integers(0, 6), draw(TCX_ZONES))
    laps = ""
    for _ in range(draw(st.integers(1, 3))):
        sizes = draw(st.lists(st.integers(0, 40), min_size=1, max_size=2))
        stamps = w.times(sum(sizes), spellings)
        edges = {0, len(stamps) - 1}  # the two times tcxreader subtracts
        rows = iter(range(len(stamps)))
        tracks = ""
        for size in sizes:
            points = []
            for row in (next(rows) for _ in range(size)):
                time = stamps[row] if row in edges or w.has("time") else None
                points.append(newline + indent * 5 + tcx_point(w, time, forms, pad))
            tracks += f"{newline}{indent * 4}<{p}Track>{''.join(points)}</{p}Track>"
        start = stamps[0] if stamps else "2020-01-01T00:00:00Z"
        # tcxreader reads a lap's DistanceMeters by float(text): never blank.
        seconds = w.value("lap s", number(0, 1e5), blank=None)
        meters = w.value("lap m", number(0, 1e6), blank=None)
        laps += (
            f'{newline}{indent * 3}<{p}Lap StartTime="{start}"><{p}TotalTimeSeconds>'
            f"{seconds}</{p}TotalTimeSeconds><{p}DistanceMeters>{meters}"
            f"</{p}DistanceMeters><{p}AverageHeartRateBpm><{p}Value>150</{p}Value>"
            f"</{p}AverageHeartRateBpm>{tracks}</{p}Lap>"
        )
    sport = draw(st.sampled_from(["Running", "Biking", "Other"]))
    creator = f'<{p}Creator xsi:type="Device_t"><{p}Name>Edge</{p}Name></{p}Creator>'
    activity = (
        f'<{p}Activity Sport="{sport}"><{p}Id>2020-01-01T00:00:00Z</{p}Id>'
        f"{laps}{newline}{creator}</{p}Activity>"
    )
    xmlns = f'xmlns{":" + p[:-1] if p else ""}="{TCX_NS}"'
    ax = f' xmlns:{q[:-1]}="{AX_NS}"' if q and "xmlns" not in tpx_declared else ""
    head = draw(st.sampled_from(['<?xml version="1.0" encoding="UTF-8"?>\n', ""]))
    text = (
        f"{head}<{p}TrainingCenterDatabase {xmlns} {XSI}{ax}>{newline}<{p}Activities>"
        f"{activity}</{p}Activities>{newline}</{p}TrainingCenterDatabase>\n"
    )
    return text.encode(), plain and not cr


@DIFFERENTIAL
@given(tcx_document())
def test_generated_tcx_reads_as_tcxreader_reads_it_on_both_paths(
    document: tuple[bytes, bool],
) -> None:
    data, plain = document
    points = tcxreader_points(io.BytesIO(data))
    fast = read_tcx_scanned(data, source="x.tcx")
    if not points:
        assert fast is None
        with pytest.raises(NotAnActivityError):
            read(data)
        return
    slow = _read_parsed(data, "x.tcx")
    assert_agrees_with_tcxreader(slow, points)
    assert_agrees_with_tcxreader(read(data), points)
    if plain:  # what writers usually write takes the fast path
        assert fast is not None
    if fast is not None:
        same(fast, slow)
