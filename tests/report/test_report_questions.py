"""The report asks the red flags the diary only suggests, right after the red flags."""

from __future__ import annotations

from dataclasses import replace

from stridelight.core.results import RedFlagQuestion
from stridelight.report import render_html
from tests.report.test_report import CLINIC, realistic_analysis

QUESTION = RedFlagQuestion(
    "numbness_tingling",
    "Do you have numbness, tingling or pins and needles in the foot?",
    "toes a bit <numb>?",
    "forefoot ache of 2025-03-28 19:40",
)


def test_a_suggested_red_flag_is_asked_between_the_red_flags_and_the_causes() -> None:
    html = render_html(replace(realistic_analysis(), ask=(QUESTION,)), clinic=CLINIC)
    asked = html.index('id="red-flag-questions"')
    assert html.index('id="red-flags"') < asked < html.index('id="causes"')
    assert QUESTION.question in html
    assert "toes a bit &lt;numb&gt;?" in html  # what the runner typed, escaped
    assert QUESTION.where in html


def test_without_suggestions_there_is_no_questions_section() -> None:
    html = render_html(replace(realistic_analysis(), ask=()), clinic=CLINIC)
    assert "red-flag-questions" not in html
