"""No data is not good news: signals and causes without data are not assessed."""

from __future__ import annotations

from stridelight.core.detectors.base import conclude, missing, signal
from stridelight.core.journal import RunnerData
from stridelight.core.thresholds import DEFAULTS
from stridelight.core.vocabulary import CAUSE_IDS
from tests.core.test_detectors import band_of, causes


def test_an_empty_journal_is_not_assessed_and_says_what_would_judge_it() -> None:
    found = causes(RunnerData())
    assert list(found) == list(CAUSE_IDS)
    for finding in found.values():
        assert finding.level == "not_assessed" and finding.score is None
        assert finding.needs
        assert all(
            e.value is None
            and e.citation == "data_sufficiency"
            and e.level == "not_assessed"
            for e in finding.evidence
        )


def test_each_not_assessed_cause_names_the_data_of_its_own_signals() -> None:
    found = causes(RunnerData())
    assert "shoes" in (found["footwear"].needs or "")
    assert "screening tests" in (found["tight_chain"].needs or "")
    assert "runs" in (found["repetitive_strain"].needs or "")
    assert "check in" in (found["under_recovery"].needs or "")


def test_a_cause_keeps_the_level_of_its_judged_signals_beside_unjudged_ones() -> None:
    watch = signal("x", "x", 1.0, "x", "nielsen2014", "watch")
    unknown = missing("y", "No data for y.")
    finding = conclude("footwear", [unknown, watch, unknown], DEFAULTS, "log y")
    assert finding.level == "watch" and finding.score is not None
    assert band_of(finding.score) == "watch"
    assert [e.level for e in finding.evidence].count("not_assessed") == 2
    assert finding.needs is None  # judged: nothing to ask for


def test_unjudged_signals_neither_raise_nor_lower_a_score() -> None:
    watch = signal("x", "x", 1.0, "x", "nielsen2014", "watch")
    clear = signal("z", "z", 1.0, "z", "nielsen2014")
    alone = conclude("footwear", [watch, clear], DEFAULTS, "")
    beside = conclude("footwear", [watch, clear, missing("y", "-")], DEFAULTS, "")
    assert alone.score == beside.score


def test_a_cause_with_only_unjudged_signals_has_no_score() -> None:
    finding = conclude("tight_chain", [missing("y", "-")], DEFAULTS, "do the tests")
    assert (finding.level, finding.score, finding.needs) == (
        "not_assessed", None, "do the tests",
    )  # fmt: skip
    assert finding.to_json()["score"] is None
