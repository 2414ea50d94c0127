"""A malformed runner.json gets an error naming the file, the entry and the field."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from stridelight.core.vocabulary import SPORTS
from stridelight.importers.bundle import read_bundle
from stridelight.importers.bundle.schema import journal_document
from stridelight.importers.errors import BundleError, CorruptFileError, ReadError
from tests.conftest import ROOT
from tests.importers.bundle_docs import error_for, make_folder, minimal_document

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
    folder = make_folder(tmp_path / "b", document)
    with pytest.raises(BundleError) as caught:
        read_bundle(folder)
    assert (caught.value.source, caught.value.entry, caught.value.field) == (
        f"{folder}/runner.json",
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
    ("habits/0/regions", ["calf"], "habits[0]: field 'regions': only stretch, strength, foam_roll entries name body regions"),
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


def test_an_ache_without_a_timing_is_kept_with_none(tmp_path: Path) -> None:
    document = minimal_document()
    del document["aches"][0]["timing"]
    bundle = read_bundle(make_folder(tmp_path / "b", document))
    assert [a.timing for a in bundle.journal.aches] == [None] + ["next_morning"] * 3


def test_an_activity_may_name_its_shoe_as_strava_names_the_gear(
    tmp_path: Path,
) -> None:
    document = minimal_document()
    document["activities"][0]["shoe"] = "Pair B"
    bundle = read_bundle(make_folder(tmp_path / "b", document))
    assert bundle.notes[0].shoe == "b"


def test_a_shoe_name_two_pairs_share_is_not_a_reference(tmp_path: Path) -> None:
    document = minimal_document()
    document["shoes"][1]["name"] = "Pair A"
    document["activities"][0]["shoe"] = "Pair A"
    assert "field 'shoe': 'Pair A' is not a shoe id" in error_for(tmp_path, document)


def test_a_habit_region_outside_the_vocabulary_is_named_with_a_suggestion(
    tmp_path: Path,
) -> None:
    document = minimal_document()
    document["habits"][0] = {"date": "2024-03-01", "kind": "stretch", "minutes": 5,
                             "regions": ["calf", "hamstring"]}  # fmt: skip
    assert error_for(tmp_path, document) == (
        "runner.json: habits[0]: field 'regions[1]': 'hamstring' is not a body "
        "region (did you mean 'hamstrings'?)"
    )
    document["habits"][0]["regions"] = "calf"
    assert error_for(tmp_path, document) == (
        "runner.json: habits[0]: field 'regions': must be a list, not a string ('calf')"
    )


def test_an_activity_may_say_its_sport(tmp_path: Path) -> None:
    document = minimal_document()
    document["activities"][0]["sport"] = "running"
    bundle = read_bundle(make_folder(tmp_path / "b", document))
    assert bundle.notes[0].sport == "running"


def test_an_unknown_sport_is_named_with_a_suggestion(tmp_path: Path) -> None:
    document = minimal_document()
    document["activities"][0]["sport"] = "runing"
    message = error_for(tmp_path, document)
    assert "activities[0]: field 'sport': 'runing' is not a sport" in message
    assert "'running'" in message


def test_the_format_reference_lists_every_sport_an_activity_may_say() -> None:
    text = (ROOT / "docs" / "bundle.md").read_text(encoding="utf-8")
    row = next(line for line in text.splitlines() if line.startswith("| `sport` |"))
    listed = re.findall(r"`([a-z_]+)`", row)[1 : len(SPORTS) + 1]
    assert listed == list(SPORTS)


def test_the_runner_may_be_named_and_the_name_survives_a_round_trip(
    tmp_path: Path,
) -> None:
    document = minimal_document()
    document["runner"]["name"] = "  Ana Ruiz "
    journal = read_bundle(make_folder(tmp_path / "b", document)).journal
    assert journal.profile.name == "Ana Ruiz"
    again = read_bundle(make_folder(tmp_path / "c", journal_document(journal)))
    assert again.journal.profile.name == "Ana Ruiz"


def test_a_runner_name_of_two_lines_is_refused(tmp_path: Path) -> None:
    document = minimal_document()
    document["runner"]["name"] = "Ana\nRuiz"
    assert error_for(tmp_path, document) == (
        "runner.json: runner: field 'name': must be one line"
    )


# --- texts longer than the store keeps ---------------------------------------------


@pytest.mark.parametrize(
    ("path", "entry", "limit"),
    [
        ("runner/name", "runner", 200),
        ("shoes/0/id", "shoes[0]", 200),
        ("shoes/0/name", "shoes[0]", 200),
        ("shoes/0/category", "shoes[0]", 50),
        ("activities/0/file", "activities[0]", 500),
    ],
)
def test_a_text_longer_than_the_store_keeps_is_refused_by_name(
    tmp_path: Path, path: str, entry: str, limit: int
) -> None:
    field = path.rsplit("/", 1)[-1]
    assert error_for(tmp_path, mutate(path, "x" * (limit + 1))) == (
        f"runner.json: {entry}: field '{field}': is {limit + 1} characters long; "
        f"at most {limit}"
    )


def test_a_text_as_long_as_the_store_keeps_is_read(tmp_path: Path) -> None:
    document = mutate("shoes/0/name", "x" * 200)
    document["shoes"][0]["category"] = "y" * 50
    bundle = read_bundle(make_folder(tmp_path / "b", document))
    assert [len(s.name) for s in bundle.journal.shoes] == [200, 6]
