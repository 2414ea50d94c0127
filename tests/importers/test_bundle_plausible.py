"""Values out of a human range are refused by name; a mass in pounds is questioned."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from stridelight.importers.bundle import read_bundle
from stridelight.importers.bundle.plausible import (
    BODY_MASS,
    KG_PER_LB,
    POUNDS_LIKELY_ABOVE_KG,
    SCREENINGS,
    Range,
)
from stridelight.importers.bundle.schema import parse_journal
from stridelight.importers.errors import BundleError
from tests.importers.bundle_docs import error_for, make_folder, minimal_document


def with_screening(test: str, value: Any) -> dict[str, Any]:
    document = minimal_document()
    document["screenings"][0].update(test=test, value=value)
    return document


@pytest.mark.parametrize(
    ("test", "value", "problem"),
    [
        ("knee_to_wall_cm", 80, "knee_to_wall_cm of 2024-03-01: 80 is outside the "
         "human range 0–25 cm (toe-to-wall distance)"),
        ("knee_to_wall_cm", -3, "-3 is outside the human range 0–25 cm"),
        ("slr_deg", 300, "slr_deg of 2024-03-01: 300 is outside the human range "
         "0–150 °"),
        ("ankle_df_deg", 90, "ankle_df_deg of 2024-03-01: 90 is outside"),
        ("thomas", -90, "thomas of 2024-03-01: -90 is outside"),
        ("heel_raise_reps", -5, "heel_raise_reps of 2024-03-01: -5 is outside the "
         "human range 0–200 (heel raises)"),
        ("heel_raise_reps", 23.5, "heel_raise_reps of 2024-03-01: 23.5 is not a "
         "whole number"),
    ],
)  # fmt: skip
def test_a_screening_out_of_its_human_range_is_refused_naming_the_entry(
    tmp_path: Path, test: str, value: float, problem: str
) -> None:
    message = error_for(tmp_path, with_screening(test, value))
    assert message.startswith("runner.json: screenings[0]: field 'value': ")
    assert problem in message


@pytest.mark.parametrize(("test", "allowed"), sorted(SCREENINGS.items()))
def test_both_ends_of_each_screening_range_are_accepted(
    tmp_path: Path, test: str, allowed: Range
) -> None:
    for i, value in enumerate((allowed.low, allowed.high)):
        bundle = read_bundle(
            make_folder(tmp_path / f"{test}-{i}", with_screening(test, value))
        )
        assert bundle.journal.screenings[0].value == value


def with_field(section: str, field: str, value: Any) -> dict[str, Any]:
    document = minimal_document()
    entry = document[section] if section == "runner" else document[section][0]
    entry[field] = value
    return document


@pytest.mark.parametrize(
    ("section", "field", "value", "problem"),
    [
        ("runner", "body_mass_kg", 20, "runner: field 'body_mass_kg': 20 is outside "
         "30–250 kg (body mass)"),
        ("runner", "body_mass_kg", 300, "300 is outside 30–250 kg"),
        ("habits", "liters", 15, "habits[0]: field 'liters': 15 is outside 0–10 l"),
        ("habits", "minutes", 900, "habits[0]: field 'minutes': 900 is outside "
         "0–600 min"),
        ("habits", "hours", 25, "habits[0]: field 'hours': 25 is outside 0–24 h"),
        ("habits", "targets", {"liters": 40}, "habits[0].targets: field 'liters': "
         "40 is outside 0–10 l"),
        ("habits", "targets", {"sweat_rate_l_per_h": 9}, "field "
         "'sweat_rate_l_per_h': 9 is outside 0–5 l/h"),
        ("shoes", "start_km", 12_000, "shoes[0]: field 'start_km': 12000 is "
         "outside 0–5000 km"),
        ("shoes", "limit_km", 5, "shoes[0]: field 'limit_km': 5 is outside "
         "100–3000 km"),
    ],
)  # fmt: skip
def test_a_value_out_of_a_human_range_is_refused_naming_the_field(
    tmp_path: Path, section: str, field: str, value: Any, problem: str
) -> None:
    assert problem in error_for(tmp_path, with_field(section, field, value))


def test_an_unknown_target_keeps_any_non_negative_number(tmp_path: Path) -> None:
    document = with_field("habits", "targets", {"steps": 12_000})
    bundle = read_bundle(make_folder(tmp_path / "b", document))
    assert bundle.journal.habits[0].targets == {"steps": 12_000}


def parsed(mass: float) -> tuple[float | None, tuple[str, ...]]:
    document = with_field("runner", "body_mass_kg", mass)
    result = parse_journal(document, {"activities/one.fit"})
    return result.journal.profile.body_mass_kg, result.warnings


def test_a_mass_that_reads_like_pounds_is_questioned_but_kept() -> None:
    mass, warnings = parsed(165)
    assert mass == 165  # used as written: heavy runners exist
    (warning,) = warnings
    assert warning.startswith("runner.json: runner: field 'body_mass_kg': ")
    assert "is that pounds?" in warning
    assert f"165 lb is {165 * KG_PER_LB:.1f} kg" in warning  # 74.8


def test_a_usual_mass_raises_no_question() -> None:
    for mass in (BODY_MASS.low, 62.0, POUNDS_LIKELY_ABOVE_KG):
        assert parsed(mass) == (mass, ())


def test_the_bundle_carries_the_question(tmp_path: Path) -> None:
    bundle = read_bundle(
        make_folder(tmp_path / "b", with_field("runner", "body_mass_kg", 150))
    )
    assert len(bundle.warnings) == 1 and "pounds" in bundle.warnings[0]


@pytest.mark.parametrize("written", ["Trail", " TRAIL ", "trail"])
def test_shoe_categories_are_read_in_lower_case(tmp_path: Path, written: str) -> None:
    document = with_field("shoes", "category", written)
    bundle = read_bundle(make_folder(tmp_path / "b", document))
    assert bundle.journal.shoes[0].category == "trail"


def test_a_blank_category_is_no_category(tmp_path: Path) -> None:
    bundle = read_bundle(
        make_folder(tmp_path / "b", with_field("shoes", "category", "  "))
    )
    assert bundle.journal.shoes[0].category is None


def test_the_error_is_a_bundle_error_with_its_parts(tmp_path: Path) -> None:
    with pytest.raises(BundleError) as caught:
        read_bundle(make_folder(tmp_path / "b", with_screening("slr_deg", 300)))
    assert (caught.value.entry, caught.value.field) == ("screenings[0]", "value")
