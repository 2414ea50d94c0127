"""The runner bundle: reading, checking, writing, and the committed demo runner."""

from __future__ import annotations

import importlib.util
import json
import sys
import zipfile
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
    FileError,
    load_runner,
    make_bundle,
    read_bundle,
    write_bundle,
)
from stridelight.importers.errors import (
    BundleError,
    CorruptFileError,
    LimitExceededError,
    ReadError,
)
from stridelight.importers.limits import Limits

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "samples" / "demo-runner"
FIT = (
    b"\x0e\x10\x00\x00\x00\x00\x00\x00.FIT"  # a header is enough: nothing decodes here
)


def minimal_document() -> dict[str, Any]:
    return {
        "format": "stridelight-bundle",
        "version": 1,
        "runner": {"sex": "female", "birth_year": 1992, "time_zone": "Europe/Oslo"},
        "shoes": [{"id": "a", "name": "Pair A"}, {"id": "b", "name": "Pair B"}],
        "activities": [{"file": "activities/one.fit", "shoe": "a", "rpe": 4}],
        "aches": [
            {
                "at": f"2024-03-0{i + 1}T07:30:00+01:00",
                "region": "heel",
                "side": "left",
                "intensity": 3,
                "timing": "next_morning",
            }
            for i in range(4)
        ],
        "habits": [{"date": "2024-03-01", "kind": "hydration", "liters": 1.5}],
        "screenings": [
            {
                "date": "2024-03-01",
                "test": "knee_to_wall_cm",
                "side": "left",
                "value": 8,
            }
        ],
        "sessions": [
            {
                "date": "2024-03-02",
                "kind": "discovery",
                "findings": [{"region": "calf", "side": "left", "restriction": 2}],
            }
        ],
        "checkins": [{"date": "2024-03-01", "red_flags": []}],
    }


def make_folder(
    where: Path, document: object, files: dict[str, bytes] | None = None
) -> Path:
    where.mkdir(parents=True, exist_ok=True)
    (where / "runner.json").write_text(json.dumps(document), encoding="utf-8")
    for name, data in ({"activities/one.fit": FIT} if files is None else files).items():
        (where / name).parent.mkdir(parents=True, exist_ok=True)
        (where / name).write_bytes(data)
    return where


def make_zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def error_for(tmp_path: Path, document: object) -> str:
    with pytest.raises(ReadError) as caught:
        read_bundle(make_folder(tmp_path / "b", document))
    return str(caught.value)


# --- reading a good bundle ---------------------------------------------------------


def test_it_reads_every_section_into_the_journal_types(tmp_path: Path) -> None:
    bundle = read_bundle(make_folder(tmp_path / "b", minimal_document()))
    assert bundle.profile == RunnerProfile(
        sex="female", birth_year=1992, time_zone="Europe/Oslo"
    )
    assert [s.id for s in bundle.shoes] == ["a", "b"]
    assert bundle.activity_files == ("activities/one.fit",)
    assert bundle.notes == (ActivityNote("activities/one.fit", "a", 4.0),)
    assert bundle.aches[0].at == datetime(
        2024, 3, 1, 7, 30, tzinfo=timezone(timedelta(hours=1))
    )
    assert bundle.habits[0].liters == 1.5
    assert bundle.screenings[0].value == 8.0
    assert bundle.sessions[0].findings[0].restriction == 2
    assert bundle.checkins[0].red_flags == ()


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
    assert bundle.profile == RunnerProfile()
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
    assert (second.profile, second.shoes, second.notes, second.aches) == (
        first.profile,
        first.shoes,
        first.notes,
        first.aches,
    )


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
    assert back.runner_data() == data
    assert back.notes == notes


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


# --- errors name the file, the entry and the field ----------------------------------


def test_an_unknown_region_is_named_with_a_suggestion(tmp_path: Path) -> None:
    document = minimal_document()
    document["aches"][3]["region"] = "heal"
    assert error_for(tmp_path, document) == (
        "runner.json: aches[3]: field 'region': 'heal' is not a body region "
        "(did you mean 'heel'?)"
    )


def test_the_error_carries_its_parts(tmp_path: Path) -> None:
    document = minimal_document()
    document["habits"][0]["kind"] = "yoga"
    with pytest.raises(BundleError) as caught:
        read_bundle(make_folder(tmp_path / "b", document))
    assert (caught.value.source, caught.value.entry, caught.value.field) == (
        "runner.json",
        "habits[0]",
        "kind",
    )


def mutate(path: str, value: Any) -> dict[str, Any]:
    """The minimal document with one value set (``value`` DELETE removes the key)."""
    document = minimal_document()
    *parents, last = path.split("/")
    target: Any = document
    for part in parents:
        target = target[int(part)] if part.isdigit() else target[part]
    if value is DELETE:
        del target[last]
    elif last.isdigit():
        target[int(last)] = value
    else:
        target[last] = value
    return document


DELETE = object()

BAD = [
    ("format", DELETE, "top level: field 'format': is missing"),
    ("format", "gpx", "field 'format': 'gpx' is not 'stridelight-bundle'"),
    ("version", 2, "field 'version': version 2 is not supported"),
    ("version", "1", "field 'version': must be the number 1"),
    ("runner", [], "runner: field '*': must be an object, not a list"),
    ("runner/sex", "f", "runner: field 'sex': 'f' is not a recorded sex"),
    ("runner/birth_year", 1992.5, "runner: field 'birth_year': 1992.5 is not a whole year"),
    ("runner/body_mass_kg", "62", "runner: field 'body_mass_kg': must be a number"),
    ("runner/max_hr", 400, "runner: field 'max_hr': 400 is outside 100–250"),
    ("runner/time_zone", "Mars/Olympus", "runner: field 'time_zone': 'Mars/Olympus' is not an IANA"),
    ("shoes/1/id", "a", "shoes[1]: field 'id': 'a' is used by an earlier shoe"),
    ("shoes/0/name", DELETE, "shoes[0]: field 'name': is missing"),
    ("shoes/0/started_on", "2024-02-30", "shoes[0]: field 'started_on': '2024-02-30' is not a real date"),
    ("shoes/0/retired_on", "01/02/2024", "shoes[0]: field 'retired_on': '01/02/2024' is not a date like"),
    ("shoes/0/limit_km", True, "shoes[0]: field 'limit_km': must be a number, not true/false"),
    ("activities/0/file", "activities/on.fit", "activities[0]: field 'file': 'activities/on.fit' is not in activities/ (did you mean 'activities/one.fit'?)"),
    ("activities/0/file", "one.fit", "activities[0]: field 'file': 'one.fit' is not in activities/"),
    ("activities/0/shoe", "c", "activities[0]: field 'shoe': 'c' is not a shoe id"),
    ("activities/0/rpe", 11, "activities[0]: field 'rpe': 11 is outside 0–10"),
    ("aches", {}, "top level: field 'aches': must be a list, not an object"),
    ("aches/0", "heel", "aches[0]: field '*': must be an object"),
    ("aches/0/at", "2024-03-01T07:30:00", "aches[0]: field 'at': '2024-03-01T07:30:00' has no time zone"),
    ("aches/0/at", "2024-02-30T07:30:00Z", "aches[0]: field 'at': '2024-02-30T07:30:00Z' is not a real date"),
    ("aches/0/at", "yesterday", "aches[0]: field 'at': 'yesterday' is not a time like"),
    ("aches/0/intensity", 11, "aches[0]: field 'intensity': 11 is outside 0–10"),
    ("aches/0/intensity", -1, "aches[0]: field 'intensity': -1 is outside 0–10"),
    ("aches/0/intensity", 2.5, "aches[0]: field 'intensity': must be a whole number"),
    ("aches/0/intensity", "5", "aches[0]: field 'intensity': must be a whole number, not a string ('5')"),
    ("aches/0/timing", "evening", "aches[0]: field 'timing': 'evening' is not an ache timing"),
    ("aches/0/side", "lft", "aches[0]: field 'side': 'lft' is not a side (did you mean 'left'?)"),
    ("aches/0/quality", "sharp", "aches[0]: field 'quality': must be a list"),
    ("habits/0/date", DELETE, "habits[0]: field 'date': is missing"),
    ("habits/0/date", None, "habits[0]: field 'date': is null"),
    ("habits/0/hours", 25, "habits[0]: field 'hours': 25 is outside 0–24"),
    ("habits/0/targets", {"liters": "lots"}, "habits[0].targets: field 'liters': must be a number"),
    ("screenings/0/test", "sit_and_reach", "screenings[0]: field 'test': 'sit_and_reach' is not a screening test"),
    ("screenings/0/value", DELETE, "screenings[0]: field 'value': is missing"),
    ("sessions/0/kind", "massage", "sessions[0]: field 'kind': 'massage' is not a session kind"),
    ("sessions/0/findings/0/restriction", 4, "sessions[0].findings[0]: field 'restriction': 4 is outside 0–3"),
    ("sessions/0/findings/0/region", "foot", "sessions[0].findings[0]: field 'region': 'foot' is not a body region"),
    ("checkins/0/red_flags", DELETE, "checkins[0]: field 'red_flags': is missing (use [] when"),
    ("checkins/0/red_flags", ["night_pains"], "checkins[0]: field 'red_flags[0]': 'night_pains' is not a known id (did you mean 'night_pain'?)"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("path", "value", "message"), BAD, ids=[b[2][:50] for b in BAD]
)
def test_a_bad_value_is_named_by_entry_and_field(
    tmp_path: Path, path: str, value: Any, message: str
) -> None:
    text = error_for(tmp_path, mutate(path, value))
    assert text.startswith("runner.json: ")
    assert message in text


def test_a_document_that_is_not_an_object_is_refused(tmp_path: Path) -> None:
    assert "top level: field '*': must be an object" in error_for(tmp_path, [1, 2])


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("{", "is not valid JSON"),
        ('{"format": NaN}', "NaN is not a JSON number"),
        ('{"a": 1, "a": 2}', "key 'a' appears twice"),
        ("[" * 100_000, "nests lists or objects too deeply"),
        ("\udcff", "is not UTF-8"),
    ],
)
def test_unreadable_json_is_a_clear_error(
    tmp_path: Path, text: str, problem: str
) -> None:
    folder = make_folder(tmp_path / "b", {})
    (folder / "runner.json").write_bytes(text.encode("utf-8", "surrogateescape"))
    with pytest.raises(CorruptFileError, match=problem):
        read_bundle(folder)


def test_a_folder_without_runner_json_is_not_a_bundle(tmp_path: Path) -> None:
    (tmp_path / "activities").mkdir()
    with pytest.raises(CorruptFileError, match=r"no runner\.json"):
        read_bundle(tmp_path)


def test_a_missing_path_is_a_read_error(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match="no such file or folder"):
        read_bundle(tmp_path / "nope.zip")


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


def test_a_member_too_large_is_a_limit(tmp_path: Path) -> None:
    members = {**good_members(), "activities/big.fit": b"\0" * 5000}
    with pytest.raises(LimitExceededError, match="limit max_file_bytes"):
        read_bundle(
            make_zip(tmp_path / "b.zip", members), limits=Limits(max_file_bytes=4096)
        )


def test_a_zip_bomb_member_is_a_limit(tmp_path: Path) -> None:
    members = {**good_members(), "activities/bomb.fit": b"\0" * (3 * 1024 * 1024)}
    with pytest.raises(LimitExceededError, match="expands"):
        read_bundle(make_zip(tmp_path / "b.zip", members))


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
    assert bundle.profile.time_zone == "America/New_York"
    assert all(not c.red_flags for c in bundle.checkins)
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
    assert bundle.checkins[1].red_flags == ("night_pain",)


def test_every_demo_activity_decodes_into_a_workout() -> None:
    loaded = load_runner(DEMO)
    assert loaded.errors == ()
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
    loaded = load_runner(
        make_folder(tmp_path / "b", document, files), keep_activities=True
    )
    assert [w.id for w in loaded.data.workouts] == ["activities/good.fit.gz"]
    assert [e.file for e in loaded.errors] == [
        "activities/notes.txt",
        "activities/one.fit",
    ]
    assert all(isinstance(e, FileError) and e.reason for e in loaded.errors)
    assert list(loaded.activities) == ["activities/good.fit.gz"]
    assert loaded.data.aches == loaded.bundle.aches
