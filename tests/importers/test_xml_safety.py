"""Hostile and broken XML: nothing expands, nothing is fetched, nothing escapes.

Both readers share ``importers.xml``; every payload goes through both.  The
shared text conversions (numbers, ISO times) are checked here too.
"""

from __future__ import annotations

import http.server
import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stridelight.core.activity import Activity
from stridelight.importers.errors import ReadError
from stridelight.importers.gpx import read_gpx
from stridelight.importers.tcx import read_tcx
from stridelight.importers.xml import numbers, times
from tests.conftest import REAL

Reader = Callable[..., Activity]
READERS = [pytest.param(read_gpx, id="gpx"), pytest.param(read_tcx, id="tcx")]
ROOTS = {
    read_gpx: b'<gpx version="1.1" xmlns="http://www.topografix.com/GPX/1/1">',
    read_tcx: b'<TrainingCenterDatabase xmlns="http://www.garmin.com/'
    b'xmlschemas/TrainingCenterDatabase/v2">',
}
ENDS = {read_gpx: b"</gpx>", read_tcx: b"</TrainingCenterDatabase>"}


def document(reader: Reader, doctype: bytes, body: bytes) -> bytes:
    return (
        b'<?xml version="1.0"?>\n'
        + doctype
        + b"\n"
        + ROOTS[reader]
        + body
        + ENDS[reader]
    )


def body_with(reader: Reader, text: bytes) -> bytes:
    """A one-point activity whose name (and a value) carry ``text``."""
    if reader is read_gpx:
        return (
            b"<trk><name>" + text + b'</name><trkseg><trkpt lat="1" lon="2">'
            b"<ele>" + text + b"</ele><time>2020-01-01T00:00:00Z</time>"
            b"</trkpt></trkseg></trk>"
        )
    return (
        b'<Activities><Activity Sport="Running"><Id>x</Id><Notes>' + text + b"</Notes>"
        b"<Lap><Track><Trackpoint><Time>2020-01-01T00:00:00Z</Time><AltitudeMeters>"
        + text
        + b"</AltitudeMeters></Trackpoint></Track></Lap></Activity></Activities>"
    )


def read_quickly(reader: Reader, data: bytes, seconds: float = 2.0) -> Activity:
    """Read within ``seconds`` of this thread's CPU time; a ReadError propagates.

    A bound on work done, not on the wall clock: CPU time spent by this thread does
    not grow when a loaded machine makes the test wait, but an expanding entity or
    a quadratic parse would burn far more than the bound.
    """
    started = time.thread_time()
    try:
        result: Activity = reader(data, source="hostile.xml")
    finally:
        assert time.thread_time() - started < seconds
    return result


def refused_quickly(reader: Reader, data: bytes, seconds: float = 2.0) -> str:
    with pytest.raises(ReadError) as caught:
        read_quickly(reader, data, seconds)
    message = str(caught.value)
    assert message.startswith("hostile.xml: ") and "\n" not in message
    return message


# --- entity expansion ---------------------------------------------------------------

BILLION_LAUGHS = b"""<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>"""


@pytest.mark.parametrize("reader", READERS)
def test_it_refuses_billion_laughs_without_expanding(reader: Reader) -> None:
    data = document(reader, BILLION_LAUGHS, body_with(reader, b"&lol9;"))
    # libxml2 may stop it first (its amplification guard); else we refuse the DTD.
    with pytest.raises(ReadError, match="entit"):
        read_quickly(reader, data)


@pytest.mark.parametrize("reader", READERS)
def test_it_refuses_quadratic_blowup(reader: Reader) -> None:
    doctype = b'<!DOCTYPE x [<!ENTITY a "' + b"a" * 100_000 + b'">]>'
    data = document(reader, doctype, body_with(reader, b"&a;" * 20_000))
    refused_quickly(reader, data)


@pytest.mark.parametrize("reader", READERS)
def test_it_never_reads_a_local_file_through_an_external_entity(reader: Reader) -> None:
    doctype = b'<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    data = document(reader, doctype, body_with(reader, b"&xxe;"))
    with pytest.raises(ReadError) as caught:
        reader(data, source="xxe.gpx")
    assert "root:" not in str(caught.value)


@pytest.mark.parametrize("reader", READERS)
def test_it_leaves_an_undeclared_entity_an_error(reader: Reader) -> None:
    data = document(reader, b"", body_with(reader, b"&nope;"))
    refused_quickly(reader, data)


# --- no network --------------------------------------------------------------------


class _Recorder(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []  # noqa: RUF012 - shared with the test through the class

    def do_GET(self) -> None:
        type(self).hits.append(self.path)
        body = b'<!ENTITY fetched "FETCHED">'
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def listener() -> Iterator[str]:
    _Recorder.hits = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize(
    "doctype",
    [
        b'<!DOCTYPE x SYSTEM "{url}/external.dtd">',
        b'<!DOCTYPE x [<!ENTITY % remote SYSTEM "{url}/param.dtd"> %remote;]>',
        b'<!DOCTYPE x [<!ENTITY web SYSTEM "{url}/entity.txt">]>',
    ],
    ids=["external-dtd", "parameter-entity", "external-entity"],
)
def test_it_never_fetches_anything_over_the_network(
    reader: Reader, doctype: bytes, listener: str
) -> None:
    text = b"&web;" if b"web" in doctype else b"12"
    data = document(
        reader, doctype.replace(b"{url}", listener.encode()), body_with(reader, text)
    )
    try:
        name = read_quickly(reader, data).name or ""
    except ReadError as error:
        name = str(error)
    assert _Recorder.hits == []
    assert "FETCHED" not in name


# --- size and shape limits ------------------------------------------------------------


@pytest.mark.parametrize("reader", READERS)
def test_it_refuses_absurd_nesting_without_recursing(reader: Reader) -> None:
    deep = b"<a>" * 100_000 + b"</a>" * 100_000
    refused_quickly(reader, document(reader, b"", deep))


@pytest.mark.parametrize("reader", READERS)
def test_it_refuses_a_text_node_past_the_parser_limit(reader: Reader) -> None:
    data = document(reader, b"", body_with(reader, b"9" * 11_000_000))
    refused_quickly(reader, data, seconds=5)


# --- empty and garbage ---------------------------------------------------------------


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize(
    "data", [b"", b"   \n\t", b"\xef\xbb\xbf", b" \xef\xbb\xbf\r\n"]
)
def test_it_calls_blank_input_empty(reader: Reader, data: bytes) -> None:
    with pytest.raises(ReadError, match=r"^blank\.gpx: the file is empty$"):
        reader(data, source="blank.gpx")


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize(
    "data", [b"\x00\x01\x02", b"not xml at all", b"{}", b"<a><b></a>", b"<:"]
)
def test_it_turns_garbage_into_our_error(reader: Reader, data: bytes) -> None:
    with pytest.raises(ReadError):
        reader(data, source="junk")


@pytest.mark.parametrize("reader", READERS)
def test_it_keeps_a_harmless_doctype(reader: Reader) -> None:
    data = document(reader, b"<!DOCTYPE whatever>", body_with(reader, b"12"))
    activity = reader(data, source="doctype.xml")
    assert activity.samples["alt_m"].tolist() == [12]


# --- fuzzing: an Activity or a ReadError, nothing else -------------------------------

SEEDS = [
    REAL / "gpx" / "togeojson__strava.gpx",
    REAL / "gpx" / "togeojson__Friday-Evening-Run.gpx",
    REAL / "gpx" / "togeojson__bad.gpx",
    REAL / "tcx" / "togeojson__sample.tcx",
    REAL / "tcx" / "togeojson__bad.tcx",
]


def _seed_bytes(path: Path) -> bytes:
    return path.read_bytes()


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    data = bytearray(_seed_bytes(draw(st.sampled_from(SEEDS))))
    for _ in range(draw(st.integers(1, 6))):
        if not data:
            break
        where = draw(st.integers(0, len(data) - 1))
        action = draw(st.sampled_from(["flip", "cut", "insert", "delete", "tag"]))
        if action == "flip":
            data[where] = draw(st.integers(0, 255))
        elif action == "cut":
            del data[where:]
        elif action == "insert":
            data[where:where] = draw(st.binary(min_size=1, max_size=16))
        elif action == "delete":
            del data[where : where + draw(st.integers(1, 64))]
        else:  # plausible XML noise: stray markup, entities, numbers
            noise = draw(
                st.sampled_from(
                    [
                        b"<",
                        b"&",
                        b"&amp;",
                        b"]]>",
                        b"<x>",
                        b"</trkpt>",
                        b"1e999",
                        b"-",
                        b"NaN",
                        b"<![CDATA[",
                        b"<!--",
                    ]
                )
            )
            data[where:where] = noise
    return bytes(data)


def _only_ours(reader: Reader, data: bytes) -> None:
    try:
        activity = reader(data, source="fuzz")
    except ReadError as error:
        assert str(error).startswith("fuzz: ")
        assert "\n" not in str(error)
        return
    assert activity.records > 0
    assert len({len(values) for values in activity.samples.values()}) == 1


@pytest.mark.parametrize("reader", READERS)
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=2048))
def test_it_survives_random_bytes(reader: Reader, data: bytes) -> None:
    _only_ours(reader, data)


@pytest.mark.parametrize("reader", READERS)
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=mutated())
def test_it_survives_mutated_real_files(reader: Reader, data: bytes) -> None:
    _only_ours(reader, data)


# --- the shared text conversions ------------------------------------------------------


@st.composite
def iso_times(draw: st.DrawFn) -> tuple[list[str], list[float]]:
    """ISO 8601 texts written alike (one layout), and their POSIX seconds."""
    digits = draw(st.integers(0, 9))
    zone = draw(st.sampled_from(["Z", "", "offset"]))
    texts, expected = [], []
    for _ in range(draw(st.integers(1, 48))):
        moment = draw(st.datetimes(datetime(1, 1, 2), datetime(9999, 12, 30)))
        fraction = f"{moment.microsecond:06d}{draw(st.integers(0, 999)):03d}"
        minutes = draw(st.integers(-14 * 60, 14 * 60)) if zone == "offset" else 0
        suffix = {"Z": "Z", "": ""}.get(zone) or (
            f"{'-' if minutes < 0 else '+'}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
        )
        texts.append(
            f"{moment.year:04d}-{moment:%m-%dT%H:%M:%S}"
            + (f".{fraction[:digits]}" if digits else "")
            + suffix
        )
        kept = int(fraction[: min(digits, 6)].ljust(6, "0"))  # microseconds, truncated
        local = moment.replace(microsecond=kept, tzinfo=UTC)
        expected.append((local - timedelta(minutes=minutes)).timestamp())
    return texts, expected


@settings(max_examples=200, deadline=None)
@given(case=iso_times())
def test_it_reads_iso_times_to_the_same_double_as_datetime(
    case: tuple[list[str], list[float]],
) -> None:
    texts, expected = case
    seconds, unreadable = times(list(texts))
    assert unreadable == 0
    assert seconds.tolist() == expected


@pytest.mark.parametrize(
    "text",
    [
        "2018-02-30T00:00:00Z",
        "2018-13-01T00:00:00Z",
        "2018-01-01T24:00:00Z",
        "now",
        "today",
        "NaT",
        "2018-01-01",
        "12:00:00",
        "2018-01-01T00:00:00+25:00x",
    ],
)
def test_it_leaves_impossible_or_foreign_times_empty(text: str) -> None:
    good = "2018-01-01T00:00:00Z"
    seconds, unreadable = times([good] * 40 + [text])  # past the grid's threshold
    assert seconds[0] == datetime(2018, 1, 1, tzinfo=UTC).timestamp()
    assert np.isnan(seconds[-1]) and unreadable == 1


def test_it_reads_numbers_as_python_does_and_counts_the_rest() -> None:
    values, unreadable = numbers(["1.5", " 2 ", "1e3", None, "", "undefined", "-0"])
    np.testing.assert_array_equal(values, [1.5, 2, 1000, np.nan, np.nan, np.nan, -0.0])
    assert unreadable == 1
