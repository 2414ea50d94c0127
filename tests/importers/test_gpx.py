"""GPX reader: the shared contract, point-for-point agreement with gpxpy, quirks."""

from __future__ import annotations

import gzip
from datetime import UTC, datetime
from pathlib import Path
from typing import ClassVar

import gpxpy
import numpy as np
import pytest

from stridelight.core.activity import Activity
from stridelight.importers.errors import (
    CorruptFileError,
    NotAnActivityError,
    UnsupportedFormatError,
)
from stridelight.importers.gpx import read_gpx
from tests.conftest import REAL, real_files
from tests.importers.contract import ImporterContract
from tests.importers.xml_oracles import (
    assert_agrees_with_gpxpy,
    oracle_gpx,
    oracle_points,
)

GPX = REAL / "gpx"
ALL_GPX = real_files("gpx", ".gpx", ".gpx.gz")


def read_path(path: Path) -> Activity:
    return read_gpx(raw(path), source=path.name)


def raw(path: Path) -> bytes:
    data = path.read_bytes()
    return gzip.decompress(data) if path.name.endswith(".gz") else data


def gpx(points: str, *, head: str = "", version: str = "1.1") -> bytes:
    ns = f"http://www.topografix.com/GPX/{version.replace('.', '/')}"
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<gpx version="{version}" '
        f'creator="test" xmlns="{ns}" '
        'xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1">'
        f"{head}{points}</gpx>"
    ).encode()


def point(
    lat: float, lon: float, seconds: int, inner: str = "", tag: str = "trkpt"
) -> str:
    stamp = datetime.fromtimestamp(1_700_000_000 + seconds, tz=UTC)
    return (
        f'<{tag} lat="{lat}" lon="{lon}"><ele>{seconds}</ele>'
        f"<time>{stamp:%Y-%m-%dT%H:%M:%SZ}</time>{inner}</{tag}>"
    )


def track(*segments: list[str], kind: str = "") -> str:
    body = "".join("<trkseg>" + "".join(seg) + "</trkseg>" for seg in segments)
    return f"<trk><name>t</name>{f'<type>{kind}</type>' if kind else ''}{body}</trk>"


def cad(value: float) -> str:
    return (
        "<extensions><gpxtpx:TrackPointExtension>"
        f"<gpxtpx:cad>{value}</gpxtpx:cad></gpxtpx:TrackPointExtension></extensions>"
    )


class TestGpxContract(ImporterContract):
    reader = staticmethod(read_gpx)
    valid_files: ClassVar[list[Path]] = [
        GPX / name
        for name in (
            "sports-lib__20170319_run_906581465.gpx",
            "sports-lib__20171008_run_2067489619.gpx",
            "sports-lib__amazfit.gpx",
            "sport-activities-features__riderx3.gpx",
            "togeojson__Friday-Evening-Run.gpx",
            "togeojson__run.gpx",
            "togeojson__run_gpxtpx.gpx",
            "togeojson__strava.gpx",
            "goldencheetah__Move_2014_01_16_19_48_44.gpx",
            "gpxgo__visnjan.gpx",
        )
    ]


# --- exactness against gpxpy ---------------------------------------------------------


@pytest.mark.parametrize("path", ALL_GPX, ids=lambda p: p.name)
def test_it_agrees_with_gpxpy_point_for_point(path: Path) -> None:
    points = oracle_points(oracle_gpx(raw(path)))
    if not points:
        with pytest.raises(NotAnActivityError, match="no track or route points"):
            read_path(path)
        return
    assert_agrees_with_gpxpy(read_path(path), points)


def test_it_reads_every_real_gpx_without_an_oracle_failure_unexplained() -> None:
    # The oracle needed a fixed copy only for the file built to be broken.
    failing = []
    for path in ALL_GPX:
        try:
            gpxpy.parse(raw(path))
        except gpxpy.gpx.GPXException:
            failing.append(path.name)
    assert failing == ["togeojson__bad.gpx"]


# --- structure -----------------------------------------------------------------------


def test_it_concatenates_every_track_and_segment_in_order() -> None:
    first = track([point(1, 1, 0), point(1, 2, 1)], [point(1, 3, 2)])
    second = track([point(2, 1, 3)], [point(2, 2, 4), point(2, 3, 5)])
    activity = read_gpx(gpx(first + second))
    assert activity.samples["lat"].tolist() == [1, 1, 1, 2, 2, 2]
    assert activity.samples["lon"].tolist() == [1, 2, 3, 1, 2, 3]
    assert activity.samples["alt_m"].tolist() == [0, 1, 2, 3, 4, 5]


def test_it_reads_the_real_multitrack_file_as_one_sequence() -> None:
    parsed = gpxpy.parse(raw(GPX / "togeojson__multitrackgpx.gpx"))
    assert len(parsed.tracks) == 3
    activity = read_path(GPX / "togeojson__multitrackgpx.gpx")
    assert activity.records == sum(t.get_points_no() for t in parsed.tracks)


def test_it_reads_route_points_when_there_is_no_track() -> None:
    route = (
        "<rte><name>r</name>"
        + point(5, 6, 0, tag="rtept")
        + point(7, 8, 9, tag="rtept")
        + "</rte>"
    )
    activity = read_gpx(gpx(route))
    assert activity.samples["lat"].tolist() == [5, 7]
    assert activity.name == "r"


def test_it_prefers_the_track_when_a_file_has_both() -> None:
    # GraphHopper writes the route's turns and the track's points.
    activity = read_path(GPX / "gpxgo__graphhopper.gpx.gz")
    assert activity.records == 171


def test_it_ignores_waypoints() -> None:
    waypoint = '<wpt lat="9" lon="9"><time>2020-01-01T00:00:00Z</time></wpt>'
    activity = read_gpx(gpx(waypoint + track([point(1, 1, 0)])))
    assert activity.samples["lat"].tolist() == [1]


def test_it_leaves_time_empty_and_start_none_without_times() -> None:
    activity = read_path(GPX / "togeojson__gdal.gpx")
    assert activity.records == 4
    assert np.isnan(activity.samples["t"]).all()
    assert activity.start is None and activity.duration_s is None
    assert activity.distance_m is not None  # the haversine still measures it


def test_it_keeps_points_without_a_time_among_timed_ones() -> None:
    points = point(1, 1, 0) + '<trkpt lat="1" lon="1.001"></trkpt>' + point(1, 1.002, 2)
    t = read_gpx(gpx(track([points]))).samples["t"]
    assert np.isnan(t[1]) and t[2] - t[0] == 2


# --- versions, namespaces, encodings -------------------------------------------------


def test_it_reads_gpx_1_0_with_its_speed_element() -> None:
    inner = "<speed>3.5</speed>"
    data = gpx(
        track([point(1, 1, 0, inner), point(1, 1.0001, 1, inner)]), version="1.0"
    )
    activity = read_gpx(data)
    assert activity.samples["speed_mps"].tolist() == [3.5, 3.5]
    assert activity.extra["gpx_version"] == "1.0"


def test_it_reads_real_gpx_1_0_files() -> None:
    for name in (
        "gpxgo__visnjan.gpx",
        "togeojson__osm.gpx",
        "togeojson__blue_hills.gpx",
    ):
        assert read_path(GPX / name).records > 0, name


def test_it_reads_a_file_with_no_namespace_and_a_bom() -> None:
    activity = read_path(GPX / "sport-activities-features__broken1.gpx")
    assert activity.records == 3497


def test_it_decodes_a_declared_iso_8859_1_encoding() -> None:
    text = '<?xml version="1.0" encoding="ISO-8859-1"?><gpx version="1.0" '
    text += 'xmlns="http://www.topografix.com/GPX/1/0"><trk><name>Café Ñandú</name>'
    text += "<trkseg>" + point(1, 1, 0) + "</trkseg></trk></gpx>"
    activity = read_gpx(text.encode("iso-8859-1"))
    assert activity.name == "Café Ñandú"


def test_it_reads_the_real_iso_8859_1_file_and_finds_only_waypoints() -> None:
    with pytest.raises(NotAnActivityError, match="no track or route points"):
        read_path(GPX / "gpxgo__iso8859-1encoded.gpx")


@pytest.mark.parametrize(
    "prefix", [b" " * 10, b"\r\n\t ", b"\xef\xbb\xbf  ", b"  \xef\xbb\xbf"]
)
def test_it_accepts_whitespace_and_a_bom_before_the_declaration(prefix: bytes) -> None:
    path = GPX / "sports-lib__20170319_run_906581465.gpx"
    padded = read_gpx(prefix + raw(path))
    plain = read_path(path)
    for column in plain.samples:
        np.testing.assert_array_equal(padded.samples[column], plain.samples[column])


def test_it_matches_extensions_by_local_name_whatever_the_prefix() -> None:
    ns3 = 'xmlns:ns3="http://www.garmin.com/xmlschemas/TrackPointExtension/v2"'
    inner = f"<extensions><ns3:TrackPointExtension {ns3}><ns3:hr>150</ns3:hr>"
    inner += "<ns3:cad>88</ns3:cad></ns3:TrackPointExtension><power>210</power>"
    inner += "</extensions>"
    s = read_gpx(gpx(track([point(1, 1, 0, inner)]))).samples
    assert (s["hr_bpm"][0], s["cadence_spm"][0], s["power_w"][0]) == (150, 88, 210)


def test_it_takes_the_next_extension_value_when_the_first_is_blank() -> None:
    # Found by test_xml_differential: an empty <heartrate> (Amazfit's form) before
    # gpxtpx:hr left the point without heart rate; gpxpy's reading has 150.
    tpx = "<gpxtpx:TrackPointExtension><gpxtpx:hr>150</gpxtpx:hr>"
    tpx += "<gpxtpx:cad> </gpxtpx:cad></gpxtpx:TrackPointExtension>"
    inner = f"<extensions><heartrate></heartrate>{tpx}<cadence>88</cadence>"
    s = read_gpx(gpx(track([point(1, 1, 0, inner + "</extensions>")]))).samples
    assert (s["hr_bpm"][0], s["cadence_spm"][0]) == (150, 88)


def test_it_reads_apple_power_extensions() -> None:
    s = read_path(GPX / "togeojson__Friday-Evening-Run.gpx").samples
    assert np.nanmax(s["power_w"]) > 0
    assert np.isnan(s["hr_bpm"][0]) and s["hr_bpm"][4] == 121  # hr only on some points


def test_it_leaves_unreadable_numbers_empty_and_says_so() -> None:
    activity = read_path(GPX / "togeojson__bad.gpx")
    assert activity.records == 2
    assert np.isnan(activity.samples["lat"]).all()
    assert any("not numbers" in w for w in activity.warnings)


# --- summary ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "sport"),
    [
        ("running", "running"),
        ("Running", "running"),
        ("9", "running"),
        ("1", "cycling"),
        ("cycling", "cycling"),
        ("hiking", "hiking"),
        ("10", "walking"),
        ("kayak", "generic"),
        ("", "generic"),
    ],
)
def test_it_maps_the_track_type_to_a_sport(kind: str, sport: str) -> None:
    activity = read_gpx(gpx(track([point(1, 1, 0)], kind=kind)))
    assert activity.sport == sport


def test_it_names_the_device_from_the_creator_and_the_activity_from_the_track() -> None:
    activity = read_path(GPX / "sports-lib__20170319_run_906581465.gpx")
    assert activity.device == "StravaGPX Android"
    assert activity.name == "Run avec Nico & Mag"
    assert activity.sport == "running"  # <type>9</type>, Strava's code for Run


def test_it_doubles_a_strides_per_minute_cadence_on_foot() -> None:
    points = [point(1, 1 + i / 10000, i, cad(80)) for i in range(5)]
    activity = read_gpx(gpx(track(points, kind="running")))
    assert activity.samples["cadence_spm"].tolist() == [160] * 5


def test_it_keeps_a_steps_per_minute_cadence_on_foot() -> None:
    points = [point(1, 1 + i / 10000, i, cad(172)) for i in range(5)]
    activity = read_gpx(gpx(track(points, kind="running")))
    assert activity.samples["cadence_spm"].tolist() == [172] * 5


def test_it_keeps_a_bike_cadence_in_rpm() -> None:
    points = [point(1, 1 + i / 10000, i, cad(80)) for i in range(5)]
    activity = read_gpx(gpx(track(points, kind="cycling")))
    assert activity.samples["cadence_spm"].tolist() == [80] * 5


def test_it_summarises_time_distance_and_speed() -> None:
    points = [point(0, i / 1000, 10 * i) for i in range(11)]  # ~111 m per 10 s
    activity = read_gpx(gpx(track(points, kind="running")))
    assert activity.start == datetime.fromtimestamp(1_700_000_000, tz=UTC)
    assert activity.duration_s == 100
    assert activity.moving_time_s == 100
    assert activity.distance_m == pytest.approx(1112, abs=1)
    np.testing.assert_allclose(activity.samples["speed_mps"], 11.12, rtol=1e-3)


# --- not a GPX activity -------------------------------------------------------------


def test_it_says_a_metadata_only_file_holds_no_points() -> None:
    with pytest.raises(NotAnActivityError) as caught:
        read_path(GPX / "goldencheetah__MetadataOnly.gpx")
    assert str(caught.value) == (
        "goldencheetah__MetadataOnly.gpx: holds no track or route points"
    )


def test_it_refuses_another_xml_document() -> None:
    with pytest.raises(UnsupportedFormatError, match="found <TrainingCenterDatabase>"):
        read_gpx(b"<TrainingCenterDatabase/>", source="x.tcx")


def test_it_names_the_line_of_broken_xml() -> None:
    data = gpx(track([point(1, 1, 0)])).replace(
        b"<name>t</name>", b"<name>a & b</name>"
    )
    with pytest.raises(
        CorruptFileError, match=r"^run\.gpx: not well-formed XML at line 2"
    ):
        read_gpx(data, source="run.gpx")


def test_it_recovers_the_points_before_a_break_and_drops_the_cut_one() -> None:
    points = [point(1, 1 + i / 1000, i) for i in range(10)]
    data = gpx(track(points))
    cut = data.index(b"<ele>7</ele>") + len(b"<el")  # inside the 8th point
    activity = read_gpx(data[:cut], source="cut.gpx")
    assert activity.samples["alt_m"].tolist() == list(range(7))
    assert any("breaks off" in w for w in activity.warnings)
