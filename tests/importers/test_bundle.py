"""The runner bundle: reading, checking, writing, and the committed demo runner."""

from __future__ import annotations

import importlib.util
import json
import sys
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from stridelight.core.journal import (
    Ache,
    ActivityNote,
    Checkin,
    RunnerData,
    RunnerProfile,
    Shoe,
)
from stridelight.importers.bundle import (
    Bundle,
    make_bundle,
    read_bundle,
    write_bundle,
)
from stridelight.importers.errors import (
    CorruptFileError,
    LimitExceededError,
    ReadError,
    UnsupportedFormatError,
)
from stridelight.importers.limits import Limits
from tests.importers.bundle_docs import (
    FIT,
    make_folder,
    make_zip,
    minimal_document,
)

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "samples" / "demo-runner"


# --- reading a good bundle ---------------------------------------------------------


def test_it_reads_every_section_into_the_journal_types(tmp_path: Path) -> None:
    bundle = read_bundle(make_folder(tmp_path / "b", minimal_document()))
    assert bundle.journal.profile == RunnerProfile(
        sex="female", birth_year=1992, time_zone="Europe/Oslo"
    )
    assert [s.id for s in bundle.journal.shoes] == ["a", "b"]
    assert bundle.activity_files == ("activities/one.fit",)
    assert bundle.notes == (ActivityNote("activities/one.fit", "a", 4.0),)
    assert bundle.journal.aches[0].at == datetime(
        2024, 3, 1, 7, 30, tzinfo=timezone(timedelta(hours=1))
    )
    assert bundle.journal.habits[0].liters == 1.5
    assert bundle.journal.screenings[0].value == 8.0
    assert bundle.journal.sessions[0].findings[0].restriction == 2
    assert bundle.journal.checkins[0].red_flags == ()


def test_a_file_without_an_entry_gets_an_empty_note(tmp_path: Path) -> None:
    files = {"activities/one.fit": FIT, "activities/sub/two.gpx": b"<gpx/>"}
    bundle = read_bundle(make_folder(tmp_path / "b", minimal_document(), files))
    assert bundle.activity_files == ("activities/one.fit", "activities/sub/two.gpx")
    assert bundle.note_for("activities/sub/two.gpx") == ActivityNote(
        "activities/sub/two.gpx"
    )


def test_hidden_files_and_mac_debris_are_not_activities(tmp_path: Path) -> None:
    files = {
        "activities/one.fit": FIT,
        "activities/.DS_Store": b"x",
        "activities/__MACOSX/._one.fit": b"x",
    }
    bundle = read_bundle(make_folder(tmp_path / "b", minimal_document(), files))
    assert bundle.activity_files == ("activities/one.fit",)


def test_only_format_and_version_are_required(tmp_path: Path) -> None:
    document = {"format": "stridelight-bundle", "version": 1}
    bundle = read_bundle(make_folder(tmp_path / "b", document, {}))
    assert bundle.journal.profile == RunnerProfile()
    assert bundle.activity_files == ()


def test_iter_activity_files_gives_the_exact_bytes(tmp_path: Path) -> None:
    files = {"activities/one.fit": FIT, "activities/two.gpx": b"<gpx/>"}
    folder = make_folder(tmp_path / "b", minimal_document(), files)
    assert dict(read_bundle(folder).iter_activity_files()) == files
    zipped = write_bundle(read_bundle(folder), tmp_path / "b.zip")
    assert dict(read_bundle(zipped).iter_activity_files()) == files


def test_a_zip_wrapped_in_one_folder_is_read(tmp_path: Path) -> None:
    members = {
        "runner-x/runner.json": json.dumps(minimal_document()).encode(),
        "runner-x/activities/one.fit": FIT,
        "__MACOSX/runner-x/._runner.json": b"junk",
    }
    bundle = read_bundle(make_zip(tmp_path / "b.zip", members))
    assert bundle.root == "runner-x/"
    assert dict(bundle.iter_activity_files()) == {"activities/one.fit": FIT}


# --- round trips ---------------------------------------------------------------------


def with_unknown_keys() -> dict[str, Any]:
    document = minimal_document()
    document["x_app"] = {"exported_by": "other tool", "list": [1, 2]}
    document["runner"]["shoe_size_eu"] = 39
    document["shoes"][0]["color"] = "blue"
    document["aches"][1]["photo"] = None
    document["sessions"][0]["findings"][0]["technique"] = "cross-hand release"
    document["checkins"][0]["mood"] = "good"
    return document


@pytest.mark.parametrize("target", ["out.zip", "out-folder"])
def test_read_write_read_keeps_the_document_and_unknown_keys(
    tmp_path: Path, target: str
) -> None:
    files = {"activities/one.fit": FIT, "activities/two.tcx.gz": b"\x1f\x8b\x08"}
    first = read_bundle(make_folder(tmp_path / "b", with_unknown_keys(), files))
    second = read_bundle(write_bundle(first, tmp_path / target))
    assert second.document == with_unknown_keys()
    assert dict(second.iter_activity_files()) == files
    assert (second.journal, second.notes) == (first.journal, first.notes)


def test_writing_the_same_bundle_twice_gives_identical_zips(tmp_path: Path) -> None:
    bundle = read_bundle(make_folder(tmp_path / "b", minimal_document()))
    one = write_bundle(bundle, tmp_path / "1.zip").read_bytes()
    assert one == write_bundle(bundle, tmp_path / "2.zip").read_bytes()


def test_a_bundle_made_in_memory_reads_back_the_same(tmp_path: Path) -> None:
    at = datetime(2024, 5, 1, 6, 0, tzinfo=timezone(timedelta(hours=-4)))
    data = RunnerData(
        profile=RunnerProfile(
            sex="male", body_mass_kg=70.5, time_zone="America/Denver"
        ),
        shoes=(Shoe("s1", "Trail", "trail", date(2024, 1, 1), None, 12.0, 600.0),),
        aches=(Ache(at, "arch", "both", 2, "after_run", ("heaviness",)),),
        checkins=(Checkin(date(2024, 5, 1), ("night_pain",)),),
    )
    notes = (ActivityNote("activities/r.fit", "s1", 6.0, "hills"),)
    bundle = make_bundle(data, notes, ("activities/r.fit",))
    back = read_bundle(
        write_bundle(
            bundle, tmp_path / "m.zip", activity_sources={"activities/r.fit": FIT}
        )
    )
    assert RunnerData.from_journal(back.journal) == data
    assert back.notes == notes


def test_a_shoe_without_a_limit_keeps_none_and_is_written_without_one(
    tmp_path: Path,
) -> None:
    document = minimal_document()
    document["shoes"][1]["limit_km"] = 650
    bundle = read_bundle(make_folder(tmp_path / "in", document))
    assert [s.limit_km for s in bundle.journal.shoes] == [None, 650.0]
    written = write_bundle(make_bundle(bundle.journal), tmp_path / "out")
    shoes = json.loads((written / "runner.json").read_text())["shoes"]
    assert "limit_km" not in shoes[0] and shoes[1]["limit_km"] == 650.0
    assert read_bundle(written).journal.shoes == bundle.journal.shoes


def test_make_bundle_refuses_names_outside_activities() -> None:
    with pytest.raises(ValueError, match=r"activities/run\.fit"):
        make_bundle(RunnerData(), (), ("../evil.fit",))


def test_write_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    bundle = read_bundle(make_folder(tmp_path / "b", minimal_document()))
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "keep.txt").write_text("mine")
    with pytest.raises(FileExistsError):
        write_bundle(bundle, tmp_path / "full")
    assert (tmp_path / "full" / "keep.txt").read_text() == "mine"


def test_a_failed_write_leaves_nothing_behind(tmp_path: Path) -> None:
    bundle = make_bundle(RunnerData(), (), ("activities/a.fit", "activities/b.fit"))
    with pytest.raises(ValueError, match="no source"):
        write_bundle(
            bundle, tmp_path / "x.zip", activity_sources={"activities/a.fit": FIT}
        )
    assert list(tmp_path.iterdir()) == []


# --- zips are read within the limits -----------------------------------------------


def good_members() -> dict[str, bytes]:
    return {
        "runner.json": json.dumps(minimal_document()).encode(),
        "activities/one.fit": FIT,
    }


def test_a_file_that_is_not_a_zip_is_refused(tmp_path: Path) -> None:
    (tmp_path / "b.zip").write_bytes(b"PK\x03\x04 truncated nonsense")
    with pytest.raises(CorruptFileError, match="bad zip file"):
        read_bundle(tmp_path / "b.zip")


def test_a_member_that_escapes_the_bundle_is_refused(tmp_path: Path) -> None:
    members = {**good_members(), "activities/../../etc/passwd": b"x"}
    with pytest.raises(CorruptFileError, match="unsafe entry name"):
        read_bundle(make_zip(tmp_path / "b.zip", members))


def test_too_many_members_is_a_limit(tmp_path: Path) -> None:
    members = {**good_members(), **{f"activities/{i}.fit": FIT for i in range(5)}}
    with pytest.raises(LimitExceededError, match="7 entries, more than the 6 allowed"):
        read_bundle(make_zip(tmp_path / "b.zip", members), limits=Limits(max_members=6))


def reads_of(bundle: Bundle) -> dict[str, bytes | ReadError]:
    return dict(bundle.iter_activity_reads())


def test_an_activity_member_too_large_is_that_files_error_only(tmp_path: Path) -> None:
    members = {**good_members(), "activities/big.fit": FIT + b"\0" * 5000}
    zipped = make_zip(tmp_path / "b.zip", members)
    bundle = read_bundle(zipped, limits=Limits(max_file_bytes=4096))
    reads = reads_of(bundle)
    assert reads["activities/one.fit"] == FIT
    big = reads["activities/big.fit"]
    assert isinstance(big, LimitExceededError) and "limit max_file_bytes" in str(big)
    with pytest.raises(LimitExceededError):  # the strict reader still stops there
        dict(bundle.iter_activity_files())


def test_a_zip_bomb_activity_member_is_that_files_error_only(tmp_path: Path) -> None:
    members = {**good_members(), "activities/bomb.fit": b"\0" * (3 * 1024 * 1024)}
    reads = reads_of(read_bundle(make_zip(tmp_path / "b.zip", members)))
    assert reads["activities/one.fit"] == FIT
    bomb = reads["activities/bomb.fit"]
    assert isinstance(bomb, LimitExceededError) and "expands" in str(bomb)


def test_a_runner_json_too_large_fails_the_bundle_naming_it(tmp_path: Path) -> None:
    zipped = make_zip(tmp_path / "b.zip", good_members())
    with pytest.raises(LimitExceededError, match=r"b\.zip/runner\.json: larger"):
        read_bundle(zipped, limits=Limits(max_file_bytes=100))


def test_an_activity_that_is_not_one_is_refused_from_its_first_bytes(
    tmp_path: Path,
) -> None:
    folder = make_folder(tmp_path / "b", minimal_document())
    (folder / "activities" / "movie.fit").write_bytes(b"\0" * 100_000)
    reads = reads_of(read_bundle(folder))
    movie = reads["activities/movie.fit"]
    assert isinstance(movie, UnsupportedFormatError)
    assert str(movie).startswith(f"{folder}/activities/movie.fit: not a FIT")


def test_the_archive_total_is_a_limit(tmp_path: Path) -> None:
    members = {
        **good_members(),
        "activities/a.fit": b"\1" * 3000,
        "activities/b.fit": b"\2" * 3000,
    }
    with pytest.raises(LimitExceededError, match="unpacked"):
        read_bundle(
            make_zip(tmp_path / "b.zip", members), limits=Limits(max_archive_bytes=5000)
        )


def test_a_zip_without_runner_json_is_not_a_bundle(tmp_path: Path) -> None:
    with pytest.raises(CorruptFileError, match=r"no runner\.json at its top"):
        read_bundle(make_zip(tmp_path / "b.zip", {"activities/one.fit": FIT}))


# --- the committed demo runner ----------------------------------------------------


def load_generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "build_demo_bundle", ROOT / "tools" / "build_demo_bundle.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


def test_the_committed_samples_are_what_the_generator_builds(tmp_path: Path) -> None:
    generator = load_generator()
    generator.build(tmp_path)
    assert generator.same_tree(tmp_path, ROOT / "samples") == []


def test_the_demo_runner_reads_without_errors() -> None:
    bundle: Bundle = read_bundle(DEMO)
    assert len(bundle.activity_files) >= 40
    assert all(note.shoe for note in bundle.notes)
    assert bundle.journal.profile.time_zone == "America/New_York"
    assert all(not c.red_flags for c in bundle.journal.checkins)
    runner = bundle.document["runner"]
    assert isinstance(runner, dict)
    assert runner["goal"]["distance_km"] == 21.1  # an unknown key, kept


def test_the_demo_runner_stays_small() -> None:
    size = sum(p.stat().st_size for p in (ROOT / "samples").rglob("*") if p.is_file())
    assert size < 3 * 1024 * 1024


def test_the_example_in_the_format_reference_is_valid(tmp_path: Path) -> None:
    text = (ROOT / "docs" / "bundle.md").read_text(encoding="utf-8")
    document = json.loads(text.split("```json\n", 1)[1].split("```", 1)[0])
    files = {entry["file"]: FIT for entry in document["activities"]}
    bundle = read_bundle(make_folder(tmp_path / "b", document, files))
    assert bundle.journal.checkins[1].red_flags == ("night_pain",)


def test_habit_regions_are_read_and_written_back_only_where_logged(
    tmp_path: Path,
) -> None:
    document = minimal_document()
    document["habits"].append({"date": "2024-03-02", "kind": "stretch",
                               "minutes": 6, "regions": ["calf", "hamstrings"]})  # fmt: skip
    bundle = read_bundle(make_folder(tmp_path / "in", document))
    assert [h.regions for h in bundle.journal.habits] == [(), ("calf", "hamstrings")]
    written = write_bundle(make_bundle(bundle.journal), tmp_path / "out")
    habits = json.loads((written / "runner.json").read_text())["habits"]
    assert "regions" not in habits[0]
    assert habits[1]["regions"] == ["calf", "hamstrings"]
    assert read_bundle(written).journal.habits == bundle.journal.habits


@pytest.mark.parametrize("unknown", [True, False, None])
def test_a_shoes_unknown_start_distance_is_read_and_written_back(
    tmp_path: Path, unknown: bool | None
) -> None:
    document = minimal_document()
    document["shoes"][0]["start_km_unknown"] = unknown
    bundle = read_bundle(make_folder(tmp_path / "in", document))
    assert bundle.journal.shoes[0].start_km_unknown is unknown
    written = write_bundle(make_bundle(bundle.journal), tmp_path / "out")
    assert read_bundle(written).journal.shoes == bundle.journal.shoes


def test_an_unknown_start_distance_that_is_not_true_or_false_is_refused(
    tmp_path: Path,
) -> None:
    document = minimal_document()
    document["shoes"][0]["start_km_unknown"] = "yes"
    with pytest.raises(ReadError, match="'start_km_unknown': must be true or false"):
        read_bundle(make_folder(tmp_path / "in", document))
