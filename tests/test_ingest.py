"""From a path to a runner: a bundle with its journal, or activity files without one."""

from __future__ import annotations

import shutil
import zipfile
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from stridelight.core.thresholds import DEFAULTS
from stridelight.importers import DEFAULT_LIMITS, ReadError
from stridelight.ingest import FileError, ingest
from tests.bundles import Run, activity_bytes
from tests.conftest import REAL, ROOT
from tests.importers.bundle_docs import make_folder, minimal_document

STRAVA = REAL / "strava_export_sample.zip"
DEMO = ROOT / "samples" / "demo-runner"


def test_a_strava_exports_gear_worn_for_runs_becomes_the_shoes() -> None:
    loaded = ingest(STRAVA, limits=DEFAULT_LIMITS)
    assert loaded.source_kind == "files"
    # "Road bike" is the gear of two rides: not a shoe.
    assert [s.name for s in loaded.data.shoes] == ["Shoe A", "Shoe B"]
    worn = {w.id: w.shoe for w in loaded.data.workouts if w.shoe}
    assert worn == {
        "activities/2300000000.fit.gz": "Shoe A",
        "activities/2300453021.fit.gz": "Shoe A",
        "activities/2300755035.gpx": "Shoe A",
        "activities/2301057049.tcx.gz": "Shoe B",
        "activities/2301359063.fit.gz": "Shoe B",
        "activities/2301510070.fit.gz": "Shoe B",
    }


def test_an_unzipped_strava_export_gives_the_same_runner(tmp_path: Path) -> None:
    with zipfile.ZipFile(STRAVA) as archive:
        archive.extractall(tmp_path)
    zipped = ingest(STRAVA, limits=DEFAULT_LIMITS).data
    unzipped = ingest(tmp_path, limits=DEFAULT_LIMITS).data
    assert unzipped == zipped


def test_a_zip_with_runner_json_inside_one_folder_is_a_bundle(tmp_path: Path) -> None:
    demo = ROOT / "samples" / "demo-runner"
    target = tmp_path / "runner.zip"
    with zipfile.ZipFile(target, "w") as archive:
        for path in sorted(demo.rglob("*")):
            if path.is_file():
                archive.write(path, f"demo-runner/{path.relative_to(demo)}")
    loaded = ingest(target, limits=DEFAULT_LIMITS)
    assert loaded.source_kind == "bundle"
    assert loaded.data.aches  # the journal came along


def test_a_folder_of_files_has_no_shoes_and_no_journal(tmp_path: Path) -> None:
    shutil.copy(REAL / "fit" / "fitparse__activity-small-fenix2-run.fit", tmp_path)
    loaded = ingest(tmp_path, limits=DEFAULT_LIMITS)
    assert (loaded.source_kind, loaded.data.shoes, loaded.data.aches) == (
        "files",
        (),
        (),
    )
    assert len(loaded.data.workouts) == 1


def test_progress_hears_each_file_as_it_starts() -> None:
    heard: list[tuple[int, int | None]] = []
    demo = ROOT / "samples" / "demo-runner"
    loaded = ingest(
        demo, limits=DEFAULT_LIMITS, progress=lambda n, t: heard.append((n, t))
    )
    files = len(loaded.data.workouts) + len(loaded.errors)
    assert heard == [(n, files) for n in range(1, files + 1)]


def test_progress_over_an_export_counts_without_a_total() -> None:
    heard: list[tuple[int, int | None]] = []
    ingest(STRAVA, limits=DEFAULT_LIMITS, progress=lambda n, t: heard.append((n, t)))
    # 12 files and the manual entry, whose row is an item too.
    assert heard == [(n, None) for n in range(1, 14)]


def test_a_single_activity_file_is_analysed_on_its_own() -> None:
    path = REAL / "fit" / "fitparse__activity-small-fenix2-run.fit"
    loaded = ingest(path, limits=DEFAULT_LIMITS)
    assert [w.id for w in loaded.data.workouts] == [path.name]


def test_a_single_file_that_is_no_activity_gets_its_own_error(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("not an activity")
    with pytest.raises(ReadError, match=r"notes\.txt: not a FIT, GPX or TCX file"):
        ingest(tmp_path / "notes.txt", limits=DEFAULT_LIMITS)


def test_a_folder_without_activity_files_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match="no activity files in it"):
        ingest(tmp_path, limits=DEFAULT_LIMITS)


def test_a_folder_of_only_bad_files_names_the_first(tmp_path: Path) -> None:
    (tmp_path / "a.fit").write_bytes(b"x")
    (tmp_path / "b.gpx").write_bytes(b"y")
    with pytest.raises(ReadError) as caught:
        ingest(tmp_path, limits=DEFAULT_LIMITS)
    assert f"2 rejected, the first {tmp_path}/a.fit: " in str(caught.value)


def test_a_cut_zip_is_a_clear_error_not_a_traceback(tmp_path: Path) -> None:
    cut = tmp_path / "cut.zip"
    cut.write_bytes(STRAVA.read_bytes()[:3000])
    with pytest.raises(ReadError, match="bad zip file"):
        ingest(cut, limits=DEFAULT_LIMITS)


def test_every_demo_activity_decodes_into_a_workout() -> None:
    loaded = ingest(DEMO)
    assert loaded.errors == ()
    assert loaded.bundle is not None
    workouts = loaded.data.workouts
    assert len(workouts) == len(loaded.bundle.activity_files)
    assert all(w.is_run and w.shoe and w.rpe is not None for w in workouts)
    assert [w.start for w in workouts] == sorted(w.start for w in workouts)
    assert loaded.activities == {}  # samples are kept only when asked for


def test_one_bad_activity_file_is_reported_and_the_rest_still_load(
    tmp_path: Path,
) -> None:
    good = next(DEMO.glob("activities/*.fit.gz")).read_bytes()
    files = {
        "activities/good.fit.gz": good,
        "activities/one.fit": b"\x0e\x10 truncated",
        "activities/notes.txt": b"not an activity",
    }
    document = minimal_document()
    loaded = ingest(make_folder(tmp_path / "b", document, files), keep_activities=True)
    assert [w.id for w in loaded.data.workouts] == ["activities/good.fit.gz"]
    assert [e.file for e in loaded.errors] == [
        "activities/notes.txt",
        "activities/one.fit",
    ]
    assert all(isinstance(e, FileError) and e.reason for e in loaded.errors)
    assert list(loaded.activities) == ["activities/good.fit.gz"]
    assert loaded.bundle is not None
    assert loaded.data.journal == loaded.bundle.journal


UNTIMED_GPX = (
    b'<?xml version="1.0"?><gpx version="1.1" creator="t" '
    b'xmlns="http://www.topografix.com/GPX/1/1"><trk><trkseg>'
    b'<trkpt lat="40.0" lon="-73.0"/><trkpt lat="40.001" lon="-73.0"/>'
    b"</trkseg></trk></gpx>"
)


@pytest.mark.parametrize("kind", ["bundle", "files"])
def test_a_file_without_a_start_time_is_reported_in_a_bundle_and_a_folder(
    tmp_path: Path, kind: str
) -> None:
    good = next(DEMO.glob("activities/*.fit.gz")).read_bytes()
    files = {"activities/good.fit.gz": good, "activities/untimed.gpx": UNTIMED_GPX}
    if kind == "bundle":
        document = {**minimal_document(), "activities": []}  # no notes needed
        path = make_folder(tmp_path / "b", document, files)
    else:
        path = tmp_path / "f"
        for name, data in files.items():
            (path / name).parent.mkdir(parents=True, exist_ok=True)
            (path / name).write_bytes(data)
    loaded = ingest(path)
    assert loaded.source_kind == kind
    assert [w.id for w in loaded.data.workouts] == ["activities/good.fit.gz"]
    assert loaded.errors == (
        FileError("activities/untimed.gpx", "the file has no start time"),
    )


# --- one recording once, warnings, sports --------------------------------------


def _phone_run(when: datetime, km: float, minutes: float) -> Run:
    return Run(when, km, minutes, hr=None, cadence=None, sport="generic")


def _write_gpx_folder(folder: Path, runs: list[Run]) -> list[str]:
    """GPX files as a phone app writes them: no heart rate, no ``<type>``."""
    folder.mkdir(parents=True, exist_ok=True)
    names = []
    for run in runs:
        data = activity_bytes(run, ZoneInfo("UTC")).replace(
            b"<type>generic</type>", b""
        )
        assert b"<type>" not in data
        path = folder / Path(run.file).name
        path.write_bytes(data)
        names.append(path.name)
    return names


def test_a_folder_where_no_file_names_a_sport_counts_running_paces_as_runs(
    tmp_path: Path,
) -> None:
    runs = [
        _phone_run(datetime(2025, 6, d, 7, tzinfo=UTC), 8.0, 48.0) for d in (2, 4, 6)
    ]
    walk = _phone_run(datetime(2025, 6, 7, 18, tzinfo=UTC), 4.0, 50.0)  # 1.3 m/s
    _write_gpx_folder(tmp_path, [*runs, walk])
    loaded = ingest(tmp_path)
    sports = [w.sport for w in loaded.data.workouts]
    assert sports == ["running", "running", "running", "generic"]
    assert loaded.notes == (
        "3 activities had no sport; counted as runs from their pace",
    )


def test_one_file_that_names_its_sport_means_nothing_is_guessed(tmp_path: Path) -> None:
    _write_gpx_folder(
        tmp_path, [_phone_run(datetime(2025, 6, 2, 7, tzinfo=UTC), 8.0, 48.0)]
    )
    shutil.copy(REAL / "fit" / "fitparse__activity-small-fenix2-run.fit", tmp_path)
    loaded = ingest(tmp_path)
    assert sorted(w.sport for w in loaded.data.workouts) == ["generic", "running"]
    assert loaded.notes == ()


def test_the_running_band_is_a_setting(tmp_path: Path) -> None:
    _write_gpx_folder(
        tmp_path, [_phone_run(datetime(2025, 6, 2, 7, tzinfo=UTC), 8.0, 48.0)]
    )  # 2.8 m/s
    slow_only = replace(DEFAULTS, run_speed_max_mps=2.5)
    assert [w.sport for w in ingest(tmp_path, thresholds=slow_only).data.workouts] == [
        "generic"
    ]


def test_a_file_and_its_copy_in_a_folder_are_one_workout(tmp_path: Path) -> None:
    fit = REAL / "fit" / "fitparse__activity-small-fenix2-run.fit"
    shutil.copy(fit, tmp_path / "watch.fit")
    shutil.copy(fit, tmp_path / "copy.fit")
    loaded = ingest(tmp_path, keep_activities=True)
    assert [w.id for w in loaded.data.workouts] == ["copy.fit"]  # a tie: the name
    assert [(d.file, d.original) for d in loaded.duplicates] == [
        ("watch.fit", "copy.fit")
    ]
    assert loaded.duplicates[0].text == (
        "watch.fit is the same run as copy.fit: counted once"
    )
    assert list(loaded.activities) == ["copy.fit"]
    start = loaded.data.workouts[0].start.date()
    assert loaded.duplicates_until(start) == 1
    assert loaded.duplicates_until(start - timedelta(days=1)) == 0


def test_a_cut_file_is_read_with_its_warning(tmp_path: Path) -> None:
    data = (REAL / "fit" / "fitparse__activity-small-fenix2-run.fit").read_bytes()
    (tmp_path / "cut.fit").write_bytes(data[: len(data) // 2])
    loaded = ingest(tmp_path)
    assert [w.file for w in loaded.warnings] == ["cut.fit"]
    assert loaded.warnings[0].message.startswith("truncated at byte ")
    assert loaded.data.workouts[0].is_run


def test_a_strava_exports_shoes_are_marked_as_distance_unknown_before() -> None:
    shoes = ingest(STRAVA).data.shoes
    assert shoes and all(s.start_km_unknown for s in shoes)


def test_a_bundles_sport_replaces_the_files_own(tmp_path: Path) -> None:
    good = next(DEMO.glob("activities/*.fit.gz")).read_bytes()
    document = {
        **minimal_document(),
        "activities": [{"file": "activities/good.fit.gz", "sport": "walking"}],
    }
    folder = make_folder(tmp_path / "b", document, {"activities/good.fit.gz": good})
    assert [w.sport for w in ingest(folder).data.workouts] == ["walking"]
