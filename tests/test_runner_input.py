"""What `analyze` reads: a bundle with its journal, or activity files without one."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest

from stridelight.importers import DEFAULT_LIMITS, ReadError
from stridelight.runner_input import load_for_analysis
from tests.conftest import REAL, ROOT

STRAVA = REAL / "strava_export_sample.zip"


def test_a_strava_exports_gear_worn_for_runs_becomes_the_shoes() -> None:
    loaded = load_for_analysis(STRAVA, limits=DEFAULT_LIMITS)
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
    zipped = load_for_analysis(STRAVA, limits=DEFAULT_LIMITS).data
    unzipped = load_for_analysis(tmp_path, limits=DEFAULT_LIMITS).data
    assert unzipped == zipped


def test_a_zip_with_runner_json_inside_one_folder_is_a_bundle(tmp_path: Path) -> None:
    demo = ROOT / "samples" / "demo-runner"
    target = tmp_path / "runner.zip"
    with zipfile.ZipFile(target, "w") as archive:
        for path in sorted(demo.rglob("*")):
            if path.is_file():
                archive.write(path, f"demo-runner/{path.relative_to(demo)}")
    loaded = load_for_analysis(target, limits=DEFAULT_LIMITS)
    assert loaded.source_kind == "bundle"
    assert loaded.data.aches  # the journal came along


def test_a_folder_of_files_has_no_shoes_and_no_journal(tmp_path: Path) -> None:
    shutil.copy(REAL / "fit" / "fitparse__activity-small-fenix2-run.fit", tmp_path)
    loaded = load_for_analysis(tmp_path, limits=DEFAULT_LIMITS)
    assert (loaded.source_kind, loaded.data.shoes, loaded.data.aches) == (
        "files",
        (),
        (),
    )
    assert len(loaded.data.workouts) == 1


def test_progress_hears_each_file_as_it_starts() -> None:
    heard: list[tuple[int, int | None]] = []
    demo = ROOT / "samples" / "demo-runner"
    loaded = load_for_analysis(
        demo, limits=DEFAULT_LIMITS, progress=lambda n, t: heard.append((n, t))
    )
    files = len(loaded.data.workouts) + len(loaded.errors)
    assert heard == [(n, files) for n in range(1, files + 1)]


def test_progress_over_an_export_counts_without_a_total() -> None:
    heard: list[tuple[int, int | None]] = []
    load_for_analysis(
        STRAVA, limits=DEFAULT_LIMITS, progress=lambda n, t: heard.append((n, t))
    )
    # 12 files and the manual entry, whose row is an item too.
    assert heard == [(n, None) for n in range(1, 14)]


def test_a_single_activity_file_is_analysed_on_its_own() -> None:
    path = REAL / "fit" / "fitparse__activity-small-fenix2-run.fit"
    loaded = load_for_analysis(path, limits=DEFAULT_LIMITS)
    assert [w.id for w in loaded.data.workouts] == [path.name]


def test_a_single_file_that_is_no_activity_gets_its_own_error(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("not an activity")
    with pytest.raises(ReadError, match=r"notes\.txt: not a FIT, GPX or TCX file"):
        load_for_analysis(tmp_path / "notes.txt", limits=DEFAULT_LIMITS)


def test_a_folder_without_activity_files_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match="no activity files in it"):
        load_for_analysis(tmp_path, limits=DEFAULT_LIMITS)


def test_a_folder_of_only_bad_files_names_the_first(tmp_path: Path) -> None:
    (tmp_path / "a.fit").write_bytes(b"x")
    (tmp_path / "b.gpx").write_bytes(b"y")
    with pytest.raises(ReadError, match=r"2 rejected, the first a\.fit: "):
        load_for_analysis(tmp_path, limits=DEFAULT_LIMITS)


def test_a_cut_zip_is_a_clear_error_not_a_traceback(tmp_path: Path) -> None:
    cut = tmp_path / "cut.zip"
    cut.write_bytes(STRAVA.read_bytes()[:3000])
    with pytest.raises(ReadError, match="bad zip file"):
        load_for_analysis(cut, limits=DEFAULT_LIMITS)
