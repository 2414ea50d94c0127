"""The vocabularies: each tuple is its Literal's words, once each, and the docs agree."""

from __future__ import annotations

import re
from typing import Any, get_args

import pytest

from stridelight.core import vocabulary as v
from stridelight.core.fascia_restrictions import SCREENING_REGIONS
from tests.conftest import ROOT

#: Each tuple of the module, by name, and the Literal it must be derived from.
VOCABULARIES: dict[str, Any] = {
    "REGIONS": v.Region,
    "SIDES": v.Side,
    "SEXES": v.Sex,
    "ACHE_TIMINGS": v.AcheTiming,
    "HABIT_KINDS": v.HabitKind,
    "SCREENING_TESTS": v.ScreeningTest,
    "SESSION_KINDS": v.SessionKind,
    "RED_FLAG_IDS": v.RedFlagId,
    "CAUSE_IDS": v.CauseId,
    "LEVELS": v.Level,
    "JUDGED_LEVELS": v.JudgedLevel,
    "MFR_CADENCES": v.MfrCadence,
    "ACTION_KINDS": v.ActionKind,
    "EVIDENCE_GRADES": v.EvidenceGrade,
    "LINE_GRADES": v.LineGrade,
    "SPORTS": v.Sport,
}
BODY_REGIONS_DOC = ROOT / "docs" / "body-regions.md"


@pytest.mark.parametrize("name", VOCABULARIES)
def test_each_tuple_is_its_literal_in_order_with_no_word_twice(name: str) -> None:
    words = getattr(v, name)
    assert words == get_args(VOCABULARIES[name])
    assert words and len(set(words)) == len(words)
    assert all(re.fullmatch(r"[a-z][a-z0-9_]*", w) for w in words)


def test_every_vocabulary_tuple_of_the_module_is_checked_here() -> None:
    tuples = {
        name
        for name, value in vars(v).items()
        if name.isupper() and isinstance(value, tuple)
    }
    assert tuples == set(VOCABULARIES)


def test_the_derived_sets_are_made_of_vocabulary_words() -> None:
    assert len(v.FOOT_REGIONS) == 9
    assert v.FOOT_REGIONS < v.FOOT_AND_LOWER_LEG_REGIONS < set(v.REGIONS)
    lower_leg = v.FOOT_AND_LOWER_LEG_REGIONS - v.FOOT_REGIONS
    assert lower_leg == {"calf", "shin"}
    assert v.RUN_SPORTS < v.FOOT_SPORTS


@pytest.mark.parametrize(
    ("sport", "run", "on_foot"),
    [
        ("running", True, True),
        ("trail_running", True, True),
        ("walking", False, True),
        ("hiking", False, True),
        ("cycling", False, False),
        ("generic", False, False),
        ("Running", False, False),  # importers give lower-case names
    ],
)
def test_what_counts_as_a_run_and_what_is_on_foot(
    sport: str, run: bool, on_foot: bool
) -> None:
    assert (v.is_run(sport), v.is_on_foot(sport)) == (run, on_foot)


def test_a_word_is_read_as_the_vocabularys_own_or_not_at_all() -> None:
    assert v.word_in(v.REGIONS, "heel") == "heel"
    assert v.word_in(v.REGIONS, "heal") is None
    assert v.word_in(v.SIDES, "Left") is None


def _doc_table_words(section: str) -> list[str]:
    """First-column words of the tables under one ``## `` heading of the doc."""
    text = BODY_REGIONS_DOC.read_text()
    body = text.split(f"\n## {section}\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^\| `([a-z_]+)` ", body, flags=re.MULTILINE)


def _doc_regions() -> list[str]:
    text = BODY_REGIONS_DOC.read_text()
    return re.findall(r"^\| `([a-z_]+)` \|", text, flags=re.MULTILINE)


def test_the_body_regions_doc_lists_exactly_the_regions_in_order() -> None:
    assert _doc_regions() == list(v.REGIONS)


def test_the_body_regions_doc_names_the_foot_regions() -> None:
    assert set(_doc_table_words("The foot (9 regions)")) == v.FOOT_REGIONS


def test_the_body_regions_doc_maps_each_screening_test_as_the_code_does() -> None:
    rows = re.findall(
        r"^\| `([a-z_]+)` \([^)]*\) \| (.+) \|$",
        BODY_REGIONS_DOC.read_text(),
        flags=re.MULTILINE,
    )
    documented = {
        test: tuple(re.findall(r"`([a-z_]+)`", regions)) for test, regions in rows
    }
    assert set(documented) == set(v.SCREENING_TESTS)
    assert documented == dict(SCREENING_REGIONS)
