"""The report tells the unknown apart from the all-clear (DESIGN §1).

Unasked red-flag questions are "not asked", a cause without data has its own badge
and no score, and the header shows the as-of day beside the newest data's day.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest

from stridelight.core.results import (
    Analysis,
    CauseFinding,
    Evidence,
    Recorded,
    RedFlagScreening,
)
from stridelight.report import render_html
from tests.report.test_report import AS_OF, CLINIC, realistic_analysis


@pytest.fixture(scope="module")
def analysis() -> Analysis:
    return realistic_analysis()


def red_flag_section(page: str) -> str:
    return page.split('id="red-flags"')[1].split("</section>")[0]


@pytest.mark.parametrize(
    ("last", "said"),
    [(None, "never been answered"), (date(2022, 5, 1), "last answered on 1 May 2022")],
)
def test_unasked_red_flag_questions_read_as_not_asked_never_as_none(
    analysis: Analysis, last: date | None, said: str
) -> None:
    unasked = replace(analysis, red_flag_screening=RedFlagScreening(None, last))
    section = red_flag_section(render_html(unasked, clinic=CLINIC))
    assert "Not asked yet" in section and said in section
    assert "No red flags" not in section and "none" not in section.lower()
    assert "green" not in section.lower() and "quiet" not in section


def test_a_red_flag_from_an_old_check_in_is_shown_with_its_date(
    analysis: Analysis,
) -> None:
    old = replace(
        analysis,
        red_flags=("focal_bone_pain",),
        red_flag_reasons={
            "focal_bone_pain": "answered yes on the check-in of 2021-04-02"
        },
    )
    section = red_flag_section(render_html(old, clinic=CLINIC))
    assert "See a physician first." in section
    assert "check-in of 2021-04-02" in section


def test_a_cause_not_assessed_has_its_own_badge_no_score_and_says_what_is_needed(
    analysis: Analysis,
) -> None:
    unknown = CauseFinding(
        "footwear", "not_assessed", None,
        (Evidence("shoe_distance", "No shoes in the journal.", None, "≥ 80 %",
                  "data_sufficiency", "not_assessed"),),
        needs="Log your shoes and which pair each run used.",
    )  # fmt: skip
    causes = tuple(unknown if c.id == "footwear" else c for c in analysis.causes)
    page = render_html(replace(analysis, causes=causes), clinic=CLINIC)
    card = page.split('id="cause-footwear"')[1].split("</article>")[0]
    assert 'data-level="not_assessed"' in card and "Not assessed" in card
    assert "badge-clear" not in card
    assert 'class="cause cause-not_assessed" id="cause-footwear"' in page
    assert "Log your shoes and which pair each run used." in card
    assert "score-bar" not in card  # no number where nothing was judged
    assert "Your number" not in card
    glance = page.split("class='glance'")[1].split("</table>")[0]
    assert 'data-level="not_assessed"' in glance


def test_the_not_assessed_badge_is_not_coloured_as_clear() -> None:
    css = (Path(__file__).resolve().parents[2] / "src" / "stridelight" / "report"
           / "report.css").read_text()  # fmt: skip
    rule = css.split(".badge-not_assessed")[1].split("}")[0]
    assert "var(--clear)" not in rule and "green" not in rule


def test_the_header_shows_the_as_of_day_and_the_newest_datas_day(
    analysis: Analysis,
) -> None:
    moved = replace(
        analysis,
        recorded=Recorded(runs=12, km=98.0, first=date(2024, 1, 2), last=AS_OF),
        moved_from=date(2026, 12, 6),
    )
    header = render_html(moved, clinic=CLINIC).split("</header>")[0]
    assert "Analysis as of <strong>30 Mar 2025</strong>" in header
    assert "Data up to <strong>30 Mar 2025</strong>" in header
    assert "12 runs, 98 km" in header
    assert "2026-12-06" in header  # the notice says from which day it was moved
    assert "6 Dec 2026" not in header.split("Data up to")[1].split("</p>")[0]


def test_the_header_says_data_up_to_the_newest_data_not_the_as_of_day(
    analysis: Analysis,
) -> None:
    later = replace(analysis, as_of=AS_OF + timedelta(days=10))
    header = render_html(later, clinic=CLINIC).split("</header>")[0]
    assert "Analysis as of <strong>9 Apr 2025</strong>" in header
    assert "Data up to <strong>30 Mar 2025</strong>" in header
