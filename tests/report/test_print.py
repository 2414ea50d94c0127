"""The printed report: few sheets, none of them mostly blank.

Pages are measured in WeasyPrint's own layout (the one the PDF is drawn from):
how far down each sheet's content area the lowest line or picture reaches.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from weasyprint import HTML

from stridelight.core.analysis import analyze
from stridelight.core.results import Analysis
from stridelight.importers import DEFAULT_LIMITS
from stridelight.ingest import ingest
from stridelight.report import render_html
from tests.conftest import ROOT
from tests.report.test_report import CLINIC, realistic_analysis

DEMO = ROOT / "samples" / "demo-runner"
MIN_FILL = 0.6  # of a sheet's content height, for every sheet but the last
DRAWN = ("TextBox", "InlineReplacedBox", "BlockReplacedBox")


def demo_analysis() -> Analysis:
    """The demo runner as `stridelight demo` analyses it: as of the day after the
    last run, so the test does not depend on today's date."""
    data = ingest(DEMO, limits=DEFAULT_LIMITS).data
    zone = data.profile.zone
    last: date = max(w.start.astimezone(zone).date() for w in data.workouts)
    return analyze(data, as_of=last + timedelta(days=1))


def _boxes(box: Any) -> Iterator[Any]:
    yield box
    for child in getattr(box, "children", None) or ():
        yield from _boxes(child)


def page_fills(analysis: Analysis) -> list[float]:
    """For each printed sheet, the share of its content height in use."""
    document = HTML(
        string=render_html(analysis, runner_name="Demo runner", clinic=CLINIC)
    ).render()
    fills = []
    for page in document.pages:
        sheet = page._page_box  # WeasyPrint's layout of the sheet
        top, height = sheet.content_box_y(), sheet.height
        bottoms = [
            box.position_y + box.margin_height()
            for box in _boxes(sheet)
            if type(box).__name__ in DRAWN
            # The running footer sits in the bottom margin, outside the content.
            and box.position_y < top + height
        ]
        fills.append((max(bottoms, default=top) - top) / height)
    return fills


@pytest.fixture(scope="module")
def demo_fills() -> list[float]:
    return page_fills(demo_analysis())


def test_the_demo_report_prints_on_few_sheets(demo_fills: list[float]) -> None:
    assert 4 <= len(demo_fills) <= 9


def test_no_sheet_of_the_demo_report_is_mostly_blank(demo_fills: list[float]) -> None:
    assert all(fill >= MIN_FILL for fill in demo_fills[:-1]), demo_fills
    assert demo_fills[-1] > 0.1, "a last sheet holding a line or two"


def test_no_sheet_of_a_full_report_is_mostly_blank() -> None:
    fills = page_fills(realistic_analysis())
    assert len(fills) <= 6
    assert all(fill >= MIN_FILL for fill in fills[:-1]), fills
    assert fills[-1] > 0.1, "a last sheet holding a line or two"
