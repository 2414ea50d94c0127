"""TCX reader: the shared contract, point-for-point agreement with tcxreader, quirks."""

from __future__ import annotations

import gzip
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from typing import ClassVar

import numpy as np
import pytest

from stridelight.core.activity import Activity
from stridelight.importers.errors import NotAnActivityError, UnsupportedFormatError
from stridelight.importers.tcx import read_tcx
from tests.conftest import REAL, real_files
from tests.importers.contract import ImporterContract
from tests.importers.xml_oracles import assert_agrees_with_tcxreader, tcxreader_points

TCX = REAL / "tcx"
ALL_TCX = real_files("tcx", ".tcx")
TCX_NS = "http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"
AX_NS = "http://www.garmin.com/xmlschemas/ActivityExtension/v2"


def read_path(path: Path) -> Activity:
    return read_tcx(path.read_bytes(), source=path.name)


def tcx(activities: str, head: str = "") -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<TrainingCenterDatabase xmlns="{TCX_NS}" xmlns:ns3="{AX_NS}">{head}'
        f"<Activities>{activities}</Activities></TrainingCenterDatabase>"
    ).encode()


def trackpoint(seconds: int, inner: str = "") -> str:
    stamp = datetime.fromtimestamp(1_700_000_000 + seconds, tz=UTC)
    return f"<Trackpoint><Time>{stamp:%Y-%m-%dT%H:%M:%SZ}</Time>{inner}</Trackpoint>"


def lap(*points: str, start: int = 0, total: float = 60, meters: float = 100) -> str:
    stamp = datetime.fromtimestamp(1_700_000_000 + start, tz=UTC)
    return (
        f'<Lap StartTime="{stamp:%Y-%m-%dT%H:%M:%SZ}"><TotalTimeSeconds>{total}'
        f"</TotalTimeSeconds><DistanceMeters>{meters}</DistanceMeters>"
        f"<Track>{''.join(points)}</Track></Lap>"
    )


def activity(sport: str, *laps: str, extra: str = "") -> str:
    return f'<Activity Sport="{sport}"><Id>x</Id>{"".join(laps)}{extra}</Activity>'


def tpx(**values: float) -> str:
    inner = "".join(f"<ns3:{k}>{v}</ns3:{k}>" for k, v in values.items())
    return f"<Extensions><ns3:TPX>{inner}</ns3:TPX></Extensions>"


class TestTcxContract(ImporterContract):
    reader = staticmethod(read_tcx)
    valid_files: ClassVar[list[Path]] = [
        TCX / name
        for name in (
            "sports-lib__20181021_run_3106033902.tcx",
            "goldencheetah__10kUNLP2014-Garmin15.tcx",
            "sports-lib__20160911_run_708752345.tcx",
            "tcxparser__test.tcx",
            "tcxparser__no_hr.tcx",
            "togeojson__sample.tcx",
            "togeojson__garmin_connect.tcx",
            "togeojson__tour_hr.tcx",
            "sport-activities-features__2.tcx",
            "sport-activities-features__dead_end.tcx",
            "tcxreader__mapmyride_biking.tcx",
            "goldencheetah__2020-02-05_17-25-14_Training-with-Notes.tcx",
        )
    ]


# --- exactness against tcxreader ---------------------------------------------------


@pytest.mark.parametrize("path", ALL_TCX, ids=lambda p: p.name)
def test_it_agrees_with_tcxreader_point_for_point(path: Path) -> None:
    points = tcxreader_points(str(path))
    if not points:
        with pytest.raises(NotAnActivityError):
            read_path(path)
        return
    assert_agrees_with_tcxreader(read_path(path), points)


# --- extensions and cadence ------------------------------------------------------------


def test_it_reads_tpx_speed_and_run_cadence_under_the_ns3_prefix() -> None:
    s = read_path(TCX / "sports-lib__20181021_run_3106033902.tcx").samples
    assert not np.isnan(s["speed_mps"]).any()
    cadence = s["cadence_spm"][s["cadence_spm"] > 0]
    # The file counts strides (median 58/min): every value doubled to steps.
    assert np.median(cadence) == 116 and (cadence % 2 == 0).all()


def test_it_reads_tpx_under_a_redeclared_default_namespace() -> None:
    # <TPX xmlns="…ActivityExtension/v2"><Speed>…: no prefix at all.
    s = read_path(TCX / "goldencheetah__10kUNLP2014-Garmin15.tcx").samples
    assert np.nanmax(s["speed_mps"]) > 2


def test_it_reads_watts_and_keeps_a_bike_cadence_in_rpm() -> None:
    activity = read_path(TCX / "togeojson__garmin_connect.tcx")
    assert activity.sport == "cycling"
    assert np.nanmax(activity.samples["power_w"]) > 100
    assert 60 < np.nanmedian(activity.samples["cadence_spm"]) < 110


def test_it_matches_tpx_by_local_name_under_any_prefix() -> None:
    point = trackpoint(0, tpx(Speed=3.2, RunCadence=85, Watts=250))
    data = tcx(activity("Running", lap(point))).replace(b"ns3", b"ax")
    s = read_tcx(data).samples
    assert (s["speed_mps"][0], s["cadence_spm"][0], s["power_w"][0]) == (3.2, 170, 250)


@pytest.mark.parametrize(
    ("sport", "cadence", "expected"),
    [("Running", 80, 160), ("Running", 168, 168), ("Biking", 80, 80)],
)
def test_it_doubles_only_a_foot_cadence_counted_in_strides(
    sport: str, cadence: int, expected: int
) -> None:
    points = [trackpoint(i, f"<Cadence>{cadence}</Cadence>") for i in range(4)]
    s = read_tcx(tcx(activity(sport, lap(*points)))).samples
    assert s["cadence_spm"].tolist() == [expected] * 4


def test_it_prefers_run_cadence_to_cadence() -> None:
    point = trackpoint(0, "<Cadence>30</Cadence>" + tpx(RunCadence=88))
    s = read_tcx(tcx(activity("Running", lap(point)))).samples
    assert s["cadence_spm"].tolist() == [176]


# --- structure and summary ---------------------------------------------------------------


def test_it_reads_laps_with_start_duration_and_distance() -> None:
    laps = lap(trackpoint(0), start=0, total=300.5, meters=1000) + lap(
        trackpoint(400), start=400, total=200, meters=500.25
    )
    result = read_tcx(tcx(activity("Running", laps)))
    assert [(x.duration_s, x.distance_m) for x in result.laps] == [
        (300.5, 1000),
        (200, 500.25),
    ]
    assert result.laps[1].start == datetime.fromtimestamp(1_700_000_400, tz=UTC)


def test_it_falls_back_to_the_sum_of_lap_distances_without_distance_samples() -> None:
    laps = lap(trackpoint(0), meters=1000) + lap(trackpoint(60), meters=500)
    assert read_tcx(tcx(activity("Running", laps))).distance_m == 1500


def test_it_reads_the_first_of_several_activities_and_says_so() -> None:
    first = activity("Running", lap(trackpoint(0), trackpoint(1)))
    second = activity("Biking", lap(trackpoint(100)))
    result = read_tcx(tcx(first + second))
    assert result.records == 2 and result.sport == "running"
    assert any("2 activities" in w for w in result.warnings)


def test_it_names_the_device_and_the_activity() -> None:
    creator = "<Creator><Name>Forerunner 410</Name></Creator>"
    notes = "<Notes>Easy run</Notes>"
    result = read_tcx(
        tcx(activity("Running", lap(trackpoint(0)), extra=notes + creator))
    )
    assert result.device == "Forerunner 410"
    assert result.name == "Easy run"
    assert result.extra["tcx_id"] == "x"


def test_it_maps_the_three_schema_sports() -> None:
    for sport, ours in (
        ("Running", "running"),
        ("Biking", "cycling"),
        ("Other", "generic"),
    ):
        assert read_tcx(tcx(activity(sport, lap(trackpoint(0))))).sport == ours


def test_it_reads_a_ride_without_positions_or_distance() -> None:
    result = read_path(
        TCX / "goldencheetah__2020-02-05_17-25-14_Training-with-Notes.tcx"
    )
    assert np.isnan(result.samples["lat"]).all()
    assert result.distance_m == 0  # the lap says 0 m: an indoor ride
    assert result.duration_s is not None and result.duration_s > 6000


def test_it_uses_the_file_distance_and_the_offset_of_each_time() -> None:
    result = read_path(TCX / "togeojson__tour_hr.tcx")  # times in +01:00
    assert result.start == datetime(2020, 12, 27, 14, 59, 36, tzinfo=UTC)
    assert result.distance_m == result.samples["dist_m"][-1]


@pytest.mark.parametrize(
    ("entry", "original"),
    [
        ("activities/2300302014.tcx", "tcxparser__test.tcx"),
        ("activities/2301057049.tcx.gz", "sports-lib__20181021_run_3106033902.tcx"),
    ],
)
def test_it_reads_strava_export_tcx_with_leading_spaces(
    entry: str, original: str
) -> None:
    # Strava pads its TCX with 10 spaces before <?xml; tcxreader (ElementTree)
    # rejects them, so the oracle here is our reading of the unpadded original.
    with zipfile.ZipFile(REAL / "strava_export_sample.zip") as export:
        data = export.read(entry)
    data = gzip.decompress(data) if entry.endswith(".gz") else data
    assert data.startswith(b" " * 10 + b"<?xml")
    padded, plain = read_tcx(data, source=entry), read_path(TCX / original)
    for column in plain.samples:
        np.testing.assert_array_equal(padded.samples[column], plain.samples[column])
    assert padded.warnings == plain.warnings


def test_it_places_values_on_their_points_when_some_points_lack_them() -> None:
    def position(i: int) -> str:
        return (
            f"<Position><LatitudeDegrees>{i / 4}</LatitudeDegrees>"
            f"<LongitudeDegrees>{-i / 2}</LongitudeDegrees></Position>"
        )

    # No fix at 0, 1 and 5: no position, altitude or distance there; heart rate
    # missing elsewhere (4); power on a third of the points only (> 64 lacking).
    points = []
    for i in range(200):
        inner = ""
        if i not in (0, 1, 5):
            inner += position(i) + f"<AltitudeMeters>{i}</AltitudeMeters>"
            inner += f"<DistanceMeters>{i * 10}</DistanceMeters>"
        if i != 4:
            inner += f"<HeartRateBpm><Value>{100 + i}</Value></HeartRateBpm>"
        if i % 3 == 0:
            inner += tpx(Watts=i)
        points.append(trackpoint(i, inner))
    s = read_tcx(
        tcx(activity("Biking", lap(*points[:120]), lap(*points[120:])))
    ).samples
    rows = np.arange(200.0)
    fixed = ~np.isin(rows, [0, 1, 5])
    for column, expected in (("lat", rows / 4), ("lon", -rows / 2), ("alt_m", rows)):
        np.testing.assert_array_equal(s[column], np.where(fixed, expected, np.nan))
    np.testing.assert_array_equal(s["dist_m"], np.where(fixed, rows * 10, np.nan))
    np.testing.assert_array_equal(s["hr_bpm"], np.where(rows != 4, 100 + rows, np.nan))
    np.testing.assert_array_equal(s["power_w"], np.where(rows % 3 == 0, rows, np.nan))


def test_it_warns_when_time_goes_backwards() -> None:
    result = read_path(TCX / "togeojson__bad.tcx")  # two laps with the same times
    assert any("backwards" in w for w in result.warnings)
    assert any("not numbers" in w for w in result.warnings)  # 'no', 'undefined'


# --- not a TCX activity ---------------------------------------------------------------


def test_it_says_a_course_is_not_an_activity() -> None:
    with pytest.raises(NotAnActivityError, match="is a TCX course"):
        read_path(TCX / "togeojson__tcx-courses.tcx")


def test_it_says_workouts_are_not_an_activity() -> None:
    data = tcx("").replace(
        b"<Activities></Activities>", b"<Workouts><Workout/></Workouts>"
    )
    with pytest.raises(NotAnActivityError, match="workouts"):
        read_tcx(data)


def test_it_says_an_activity_without_trackpoints_is_not_one() -> None:
    with pytest.raises(NotAnActivityError, match="no trackpoints"):
        read_tcx(tcx(activity("Running", lap())))


def test_it_refuses_a_gpx_document() -> None:
    with pytest.raises(UnsupportedFormatError, match="found <gpx>"):
        read_tcx(b'<gpx xmlns="http://www.topografix.com/GPX/1/1"/>')
