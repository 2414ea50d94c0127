"""The TCX fast path (``tcx_scan``) declines, or agrees with the lxml path exactly."""

from __future__ import annotations

import gzip
import zipfile
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stridelight.core.activity import Activity
from stridelight.importers.errors import ReadError
from stridelight.importers.tcx import _read_parsed, read_tcx_scanned
from tests.conftest import REAL, real_files

ALL_TCX = real_files("tcx", ".tcx")
TCX_NS = "http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"
AX_NS = "http://www.garmin.com/xmlschemas/ActivityExtension/v2"
SUMMARY = ("format", "sport", "sub_sport", "start", "duration_s", "moving_time_s")
NAMES = ("distance_m", "name", "device", "warnings", "extra")


def same(fast: Activity, slow: Activity) -> None:
    for column, values in slow.samples.items():
        assert np.array_equal(fast.samples[column], values, equal_nan=True), column
    for field in SUMMARY + NAMES:
        assert getattr(fast, field) == getattr(slow, field), field
    assert [vars(lap) for lap in fast.laps] == [vars(lap) for lap in slow.laps]


def check(data: bytes) -> Activity | None:
    """The fast path's answer, checked against the lxml path's."""
    fast = read_tcx_scanned(data, source="x.tcx")
    try:
        slow = _read_parsed(data, "x.tcx")
    except ReadError:
        assert fast is None  # what lxml refuses, the scan must decline
        return None
    if fast is not None:
        same(fast, slow)
    return fast


# --- real files ---------------------------------------------------------------------


@pytest.mark.parametrize("path", ALL_TCX, ids=lambda p: p.name)
def test_it_agrees_with_the_lxml_path_on_every_real_file(path: Path) -> None:
    fast = check(path.read_bytes())
    # Every real activity file takes the fast path (the course file has none).
    assert (fast is None) == ("courses" in path.name)


@pytest.mark.parametrize(
    "entry", ["activities/2300302014.tcx", "activities/2301057049.tcx.gz"]
)
def test_it_agrees_on_strava_export_padded_tcx(entry: str) -> None:
    with zipfile.ZipFile(REAL / "strava_export_sample.zip") as export:
        data = export.read(entry)
    data = gzip.decompress(data) if entry.endswith(".gz") else data
    assert check(data) is not None


# --- generated documents ---------------------------------------------------------------

VALUE = st.one_of(
    st.integers(-5, 300).map(str),
    st.floats(-200, 200, allow_nan=False).map(repr),
    st.sampled_from(["", " ", " 12.5 ", "1e3", "nan", "inf", "no", "١٢", "1_0"]),
)
TIME = st.one_of(
    st.integers(0, 10**6).map(
        lambda s: f"2021-03-0{1 + s // 200_000}T10:{s % 60:02}:{s // 60 % 60:02}Z"
    ),
    st.sampled_from(["", "2021-02-30T00:00:00Z", "2021-03-01T10:00:00.5+01:00", "x"]),
)
FIELDS = ("Time", "Position", "AltitudeMeters", "DistanceMeters", "HeartRateBpm")
MORE = ("Cadence", "SensorState", "Extensions")
TPX_FIELDS = ("Speed", "RunCadence", "Watts")


@st.composite
def point(draw: st.DrawFn, p: str, q: str, declared: str) -> str:
    def leaf(prefix: str, name: str, text: str) -> str:
        return f"<{prefix}{name}>{text}</{prefix}{name}>"

    out = ""
    for name in FIELDS + MORE:
        if not draw(st.booleans()):
            continue
        if name == "Time":
            out += leaf(p, name, draw(TIME))
        elif name == "Position":
            inner = leaf(p, "LatitudeDegrees", draw(VALUE))
            inner += leaf(p, "LongitudeDegrees", draw(VALUE))
            out += leaf(p, name, inner)
        elif name == "HeartRateBpm":
            out += leaf(p, name, leaf(p, "Value", draw(VALUE)))
        elif name == "SensorState":
            out += leaf(p, name, "Present")
        elif name == "Extensions":
            inner = "".join(
                leaf(q, n, draw(VALUE)) for n in TPX_FIELDS if draw(st.booleans())
            )
            out += leaf(p, name, f"<{q}TPX{declared}>{inner}</{q}TPX>")
        else:
            out += leaf(p, name, draw(VALUE))
        out += draw(st.sampled_from(["", "\n  ", " "]))
    return f"<{p}Trackpoint>{out}</{p}Trackpoint>"


@st.composite
def document(draw: st.DrawFn) -> bytes:
    p = draw(st.sampled_from(["", "tcx:"]))
    q, declared = draw(
        st.sampled_from([("ns3:", ""), ("ax:", ""), ("", f' xmlns="{AX_NS}"')])
    )
    if q == "" and p == "":
        q, declared = "ns3:", ""
    laps = []
    for _ in range(draw(st.integers(1, 3))):
        points = draw(st.lists(point(p, q, declared), max_size=40))
        laps.append(
            f'<{p}Lap StartTime="{draw(TIME)}">'
            f"<{p}TotalTimeSeconds>{draw(VALUE)}</{p}TotalTimeSeconds>"
            f"<{p}DistanceMeters>{draw(VALUE)}</{p}DistanceMeters>"
            f"<{p}AverageHeartRateBpm><{p}Value>{draw(VALUE)}</{p}Value>"
            f"</{p}AverageHeartRateBpm>"
            f"<{p}Track>{''.join(points)}</{p}Track></{p}Lap>"
        )
    sport = draw(st.sampled_from(["Running", "Biking", "Other"]))
    notes = draw(st.sampled_from(["", f"<{p}Notes>Easy</{p}Notes>"]))
    activity = f'<{p}Activity Sport="{sport}"><{p}Id>x</{p}Id>{"".join(laps)}{notes}'
    activity += f"<{p}Creator><{p}Name>Edge</{p}Name></{p}Creator></{p}Activity>"
    activities = activity * draw(st.integers(1, 2))
    xmlns = f'xmlns{":" + p[:-1] if p else ""}="{TCX_NS}"'
    ax = f' xmlns:{q[:-1]}="{AX_NS}"' if q else ""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f"<{p}TrainingCenterDatabase {xmlns}{ax}><{p}Activities>{activities}"
        f"</{p}Activities></{p}TrainingCenterDatabase>\n"
    ).encode()


@given(document())
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_it_agrees_with_the_lxml_path_on_generated_documents(data: bytes) -> None:
    check(data)


def test_it_takes_the_fast_path_for_the_documents_it_is_made_for() -> None:
    for p, q, declared in (("", "ns3:", ""), ("tcx:", "", f' xmlns="{AX_NS}"')):
        data = simple(p, q, declared)
        assert check(data) is not None, (p, q)


def simple(p: str = "", q: str = "ns3:", declared: str = "") -> bytes:
    tpx = f"<{p}Extensions><{q}TPX{declared}><{q}Speed>3.5</{q}Speed></{q}TPX></{p}Extensions>"
    point = (
        f"<{p}Trackpoint><{p}Time>2021-03-01T10:00:00Z</{p}Time>"
        f"<{p}HeartRateBpm><{p}Value>140</{p}Value></{p}HeartRateBpm>{tpx}"
        f"</{p}Trackpoint>\n"
    )
    xmlns = f'xmlns{":" + p[:-1] if p else ""}="{TCX_NS}"'
    ax = f' xmlns:{q[:-1]}="{AX_NS}"' if q else ""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f"<{p}TrainingCenterDatabase {xmlns}{ax}><{p}Activities>"
        f'<{p}Activity Sport="Running"><{p}Id>x</{p}Id><{p}Lap StartTime="x">'
        f"<{p}Track>{point * 3}</{p}Track></{p}Lap></{p}Activity>"
        f"</{p}Activities></{p}TrainingCenterDatabase>\n"
    ).encode()


# --- refusals ---------------------------------------------------------------------------

SIMPLE = simple().decode()
REFUSED = {
    "another encoding": SIMPLE.replace("UTF-8", "ISO-8859-1"),
    "XML 1.1": SIMPLE.replace('version="1.0"', 'version="1.1"'),
    "a doctype": SIMPLE.replace("?>\n", "?>\n<!DOCTYPE x>\n"),
    "a comment": SIMPLE.replace("<Time>", "<!-- c --><Time>", 1),
    "CDATA": SIMPLE.replace("<Value>140", "<Value><![CDATA[140]]>", 1),
    "a processing instruction": SIMPLE.replace("<Time>", "<?pi x?><Time>", 1),
    "a character reference": SIMPLE.replace("<Value>140", "<Value>&#49;40", 1),
    "an entity reference": SIMPLE.replace("<Value>140", "<Value>&lt;40", 1),
    "a CR in a value": SIMPLE.replace("<Value>140", "<Value>140\r", 1),
    "a control character": SIMPLE.replace("<Value>140", "<Value>1\x0140", 1),
    "a ']' in a value": SIMPLE.replace("<Value>140", "<Value>]]>140", 1),
    "an attribute on a value": SIMPLE.replace("<Time>", '<Time a="1">', 1),
    "an element inside a value": SIMPLE.replace("<Value>140", "<Value><b/>140", 1),
    "an unknown element": SIMPLE.replace("<Time>", "<Foo>1</Foo><Time>", 1),
    "another order": SIMPLE.replace(
        "<Time>2021-03-01T10:00:00Z</Time><HeartRateBpm><Value>140</Value>"
        "</HeartRateBpm>",
        "<HeartRateBpm><Value>140</Value></HeartRateBpm>"
        "<Time>2021-03-01T10:00:00Z</Time>",
        1,
    ),
    "a mismatched end tag": SIMPLE.replace("</Value>", "</Valu>", 1),
    "text between elements": SIMPLE.replace("<Time>", "x<Time>", 1),
    "text beside the points": SIMPLE.replace("<Track>", "<Track>x", 1),
    "another element in the track": SIMPLE.replace("<Track>", "<Track><Foo/>", 1),
    "a truncated file": SIMPLE[: SIMPLE.rfind("</Activities>")],
    "trailing garbage": SIMPLE + "<x/>",
    "nested tracks": SIMPLE.replace("<Track>", "<Track><Track>", 1).replace(
        "</Track>", "</Track></Track>", 1
    ),
    "an undeclared TPX prefix": SIMPLE.replace(f' xmlns:ns3="{AX_NS}"', ""),
    "an empty-element Time": SIMPLE.replace(
        "<Time>2021-03-01T10:00:00Z</Time>", "<Time/>", 1
    ),
    "another TPX prefix in one track": SIMPLE.replace(
        f' xmlns:ns3="{AX_NS}"', f' xmlns:ns3="{AX_NS}" xmlns:ax="{AX_NS}"'
    ).replace("ns3:", "ax:", 2),
    "no trackpoints": SIMPLE.replace(
        SIMPLE[SIMPLE.find("<Track>") + 7 : SIMPLE.find("</Track>")], ""
    ),
    "a GPX root": SIMPLE.replace("TrainingCenterDatabase", "gpx"),
}


@pytest.mark.parametrize("text", REFUSED.values(), ids=REFUSED.keys())
def test_it_declines(text: str) -> None:
    assert text != SIMPLE
    assert read_tcx_scanned(text.encode("utf-8")) is None


def test_it_declines_utf16_and_broken_utf8() -> None:
    assert read_tcx_scanned(SIMPLE.replace("UTF-8", "UTF-16").encode("utf-16")) is None
    broken = SIMPLE.replace("<Id>x", "<Id>\udcff").encode("utf-8", "surrogateescape")
    assert read_tcx_scanned(broken) is None


def test_it_declines_tpx_of_two_namespaces_across_tracks() -> None:
    second = SIMPLE[SIMPLE.find("<Lap") : SIMPLE.find("</Activity>")]
    other = second.replace("ns3:", "ox:")
    text = SIMPLE.replace("</Activity>", other + "</Activity>").replace(
        f' xmlns:ns3="{AX_NS}"', f' xmlns:ns3="{AX_NS}" xmlns:ox="urn:other"'
    )
    assert read_tcx_scanned(text.encode()) is None
    check(text.encode())


# --- mutated real bytes -----------------------------------------------------------------

# The smallest real file the fast path takes, so that most mutations reach the scan.
MUTABLE = min(
    (p.read_bytes() for p in ALL_TCX if p.suffix == ".tcx"),
    key=lambda data: len(data) if read_tcx_scanned(data) else 1 << 62,
)
EDIT = st.tuples(
    st.integers(0, len(MUTABLE) - 1),
    st.integers(0, 8),
    st.binary(max_size=8) | st.sampled_from([b"<", b">", b"/", b"&", b"]", b"\r"]),
)


@given(st.lists(EDIT, min_size=1, max_size=4))
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_mutated_real_files_are_declined_or_read_as_lxml_reads_them(
    edits: list[tuple[int, int, bytes]],
) -> None:
    data = MUTABLE
    for at, cut, insert in edits:
        at = min(at, len(data))
        data = data[:at] + insert + data[at + cut :]
    check(data)
