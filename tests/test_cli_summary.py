"""The terminal summary: nothing unknown is printed as good news."""

from __future__ import annotations

import io
import re
from datetime import date

from rich.console import Console

from stridelight.cli_summary import LEVEL_STYLE, print_summary
from stridelight.core.analysis import analyze
from stridelight.core.journal import Checkin, RunnerData
from stridelight.core.results import Analysis

AS_OF = date(2025, 3, 30)
GREEN = "\x1b[32m"


def printed(data: RunnerData, analysis: Analysis) -> list[str]:
    out = io.StringIO()
    console = Console(file=out, force_terminal=True, color_system="standard", width=200)
    print_summary(console, data, analysis)
    return out.getvalue().splitlines()


def test_unknown_causes_and_unasked_questions_are_never_green() -> None:
    data = RunnerData()
    lines = printed(data, analyze(data, as_of=AS_OF))
    flags = next(line for line in lines if "Red flags" in line)
    assert "not asked" in flags and "never answered" in flags
    assert GREEN not in flags and "none" not in flags
    causes = [line for line in lines if "not_assessed" in line]
    assert len(causes) == 4 and not any(GREEN in line for line in causes)
    assert "green" not in LEVEL_STYLE["not_assessed"]


def test_a_recent_check_in_is_named_with_its_day() -> None:
    data = RunnerData(checkins=(Checkin(date(2025, 3, 23)),))
    lines = printed(data, analyze(data, as_of=AS_OF))
    flags = next(line for line in lines if "Red flags" in line)
    assert "none on the check-in of 2025-03-23" in re.sub(r"\x1b\[[0-9;]*m", "", flags)
