"""Every id the analysis emits gets words of its own, not the tidied fallback."""

from __future__ import annotations

from stridelight.core.fascia_lines import LINES
from stridelight.core.vocabulary import CAUSE_IDS
from stridelight.report.labels import CAUSE_NAMES, cause_name, line_name, tidy


def test_every_fascial_line_has_a_proper_name() -> None:
    for line_id in LINES:
        assert line_name(line_id) != tidy(line_id), line_id
    assert line_name("spiral_line_back") == "Spiral Line (back arm)"


def test_every_cause_has_a_name_of_its_own() -> None:
    assert set(CAUSE_NAMES) == set(CAUSE_IDS)
    assert cause_name("under_recovery") == "Under-recovery"


def test_an_unknown_id_falls_back_to_tidy_words() -> None:
    assert line_name("new_line_id") == "New line id"
