"""The report's charts as a reader sees them: whole weeks, nothing written over an
axis, sides on the chain, and a sentence where there is nothing to draw."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from typing import cast

import numpy as np
import pytest
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.patches import Rectangle
from matplotlib.text import Text
from matplotlib.textpath import TextPath

from stridelight.core.results import Analysis, ChainLink, DailySeries, ShoeStatus
from stridelight.core.vocabulary import Region
from stridelight.report import charts, render_html
from stridelight.report.chain import SHADES, chain_svg
from stridelight.report.weeks import charted_weeks, weekly
from tests.report.test_report import CLINIC, realistic_analysis

SVG = "{http://www.w3.org/2000/svg}"
WEDNESDAY = date(2025, 9, 3)  # history starting mid-week, as the demo's does


def daily(first: date, days: int, ache: dict[date, int] | None = None) -> DailySeries:
    """A plausible series: 40 load and 5 km on every day but Fridays."""
    dates = tuple(first + timedelta(days=i) for i in range(days))
    load = tuple(0.0 if d.weekday() == 4 else 40.0 for d in dates)
    km = tuple(0.0 if d.weekday() == 4 else 5.0 for d in dates)
    fitness = tuple(30.0 + i / 10 for i in range(days))
    fatigue = tuple(35.0 + (i % 7) for i in range(days))
    form = tuple(f - a for f, a in zip(fitness, fatigue, strict=True))
    monotony = tuple(None if i < 6 else 1.1 for i in range(days))
    strain = tuple(None if m is None else m * 280 for m in monotony)
    aches = tuple((ache or {}).get(d) for d in dates)
    return DailySeries(dates, load, km, fitness, fatigue, form, monotony, strain,
                       aches)  # fmt: skip


def week_bars(svg_markup: str) -> list[tuple[date, int]]:
    """(Monday, days) of every bar, from the ids the chart gives its bars."""
    found = re.findall(r'id="week-(\d{4}-\d\d-\d\d)-(\d)d"', svg_markup)
    return [(date.fromisoformat(day), int(n)) for day, n in found]


# Weeks -------------------------------------------------------------------------


def test_weeks_run_monday_to_sunday_whatever_day_the_history_starts() -> None:
    series = daily(WEDNESDAY, 40)  # Wed 3 Sep to Sun 12 Oct
    weeks = weekly(series)
    assert all(w.start.weekday() == 0 for w in weeks)
    assert [w.days for w in weeks] == [5, 7, 7, 7, 7, 7]
    assert sum(w.load for w in weeks) == pytest.approx(sum(series.load))


def test_the_chart_drops_a_partial_first_week_and_keeps_the_week_in_progress() -> None:
    series = daily(WEDNESDAY - timedelta(days=1), 36)  # Tue 2 Sep to Tue 7 Oct
    weeks = charted_weeks(series, 16)
    assert weeks[0].start == date(2025, 9, 8) and weeks[0].whole
    assert [w.days for w in weeks[:-1]] == [7, 7, 7, 7]
    assert weeks[-1].start == date(2025, 10, 6) and weeks[-1].days == 2


def test_an_ache_counts_in_the_week_of_its_own_day() -> None:
    sunday, monday = date(2025, 9, 14), date(2025, 9, 15)
    weeks = weekly(daily(WEDNESDAY, 40, ache={sunday: 7, monday: 2}))
    by_start = {w.start: w.worst_ache for w in weeks}
    assert by_start[date(2025, 9, 8)] == 7  # Sunday ends the week it belongs to
    assert by_start[date(2025, 9, 15)] == 2
    assert by_start[date(2025, 9, 22)] is None


def test_every_whole_bar_in_the_svg_is_a_monday_and_seven_days() -> None:
    bars = week_bars(charts.weekly_load_svg(daily(date(2025, 8, 30), 50)))
    assert bars, "the chart names its bars"
    assert all(monday.weekday() == 0 for monday, _ in bars)
    assert [n for _, n in bars[:-1]] == [7] * (len(bars) - 1)
    assert bars[0][0] == date(2025, 9, 1)  # not the 2-day block of 30-31 Aug


def test_the_week_in_progress_is_hatched_and_says_so_far() -> None:
    series = daily(WEDNESDAY, 40 + 3)  # ends on a Wednesday
    fig = charts.weekly_load_figure(series)
    ax = fig.axes[0]
    last = ax.patches[-1]
    assert last.get_hatch() == "///"
    assert all(not p.get_hatch() for p in ax.patches[:-1])
    labels = [t.get_text() for t in ax.get_xticklabels()]
    assert labels[-1].endswith("3 d so far")
    assert not any("so far" in label for label in labels[:-1])
    assert labels[0] == "8\nSep"  # the Monday of the first whole week


def test_bars_and_ache_marks_share_their_weeks() -> None:
    ache_day = date(2025, 9, 24)  # a Wednesday in the week of Monday 22 Sep
    fig = charts.weekly_load_figure(daily(WEDNESDAY, 40, ache={ache_day: 6}))
    bars, aches = fig.axes
    (mark,) = [np.asarray(line.get_xydata()) for line in aches.get_lines()]
    x, y = mark[0]
    assert y == 6
    assert bars.get_xticklabels()[round(x)].get_text() == "22\nSep"


# Nothing written over an axis ---------------------------------------------------


def overlaps_with_axis_lines(fig: Figure) -> list[str]:
    """Every visible text whose box touches a visible spine or leaves the figure."""
    fig.draw_without_rendering()
    page = fig.bbox
    spines = [s.get_window_extent() for ax in fig.axes
              for s in ax.spines.values() if s.get_visible()]  # fmt: skip
    bad = []
    for text in fig.findobj(Text):
        if not text.get_visible() or not text.get_text().strip():
            continue
        box = text.get_window_extent()
        if box.x0 < page.x0 or box.x1 > page.x1 or box.y0 < page.y0 or box.y1 > page.y1:
            bad.append(f"{text.get_text()!r} leaves the figure")
        if any(box.overlaps(spine) for spine in spines):
            bad.append(f"{text.get_text()!r} crosses an axis line")
    return bad


LONG_SHOES = (
    ShoeStatus("a", "A pair with a very long name indeed, more", 925.0, 700.0, 3, 0.4),
    ShoeStatus("b", "Racer", 690.0, 700.0, 9, 0.6),
    ShoeStatus("c", "Trail", 12.0, 500.0, 1, 0.1),
    ShoeStatus("d", "Old", 810.0, 800.0, 0, 0.0, retired=True),
)


@pytest.mark.parametrize(
    "make",
    [
        lambda: charts.shoes_figure(LONG_SHOES),
        lambda: charts.shoes_figure(LONG_SHOES[1:2]),
        lambda: charts.weekly_load_figure(daily(WEDNESDAY, 120, {WEDNESDAY: 9})),
        lambda: charts.form_figure(daily(WEDNESDAY, 120)),
        lambda: charts.form_figure(daily(WEDNESDAY, 400)),
    ],
    ids=["shoes", "one-shoe", "weekly", "form", "form-long"],
)
def test_no_text_sits_on_an_axis_line(make: Callable[[], Figure]) -> None:
    fig = make()
    assert overlaps_with_axis_lines(fig) == []


def test_the_shoe_notes_end_inside_the_plot_past_the_end_of_the_axis_line() -> None:
    fig = charts.shoes_figure(LONG_SHOES)
    ax = fig.axes[0]
    fig.draw_without_rendering()
    notes = [t for t in ax.texts if " km" in t.get_text()]
    assert len(notes) == len(LONG_SHOES)
    assert all(n.get_window_extent().x1 <= ax.get_window_extent().x1 for n in notes)
    # The x axis line stops at the longest bar, where the longest one's note begins.
    axis_end = ax.spines["bottom"].get_window_extent().x1
    longest = next(n for n in notes if n.get_text().startswith("925"))
    assert axis_end <= longest.get_window_extent().x0
    assert not ax.spines["right"].get_visible()


# Fitness chart ----------------------------------------------------------------


def test_the_fitness_chart_labels_its_axes_and_shades_the_seeded_start() -> None:
    fig = charts.form_figure(daily(WEDNESDAY, 120))
    top = next(ax for ax in fig.axes if ax.get_title(loc="left"))
    assert "load" in top.get_ylabel().lower()
    (shaded,) = [p for p in top.patches if "estimated" in str(p.get_label())]
    assert isinstance(shaded, Rectangle)
    assert shaded.get_width() == pytest.approx(charts.SEED_DAYS)  # days, from the start
    assert shaded.get_x() == pytest.approx(-0.5)


def test_the_seeded_start_is_not_shaded_once_it_has_scrolled_off() -> None:
    series = daily(WEDNESDAY, charts.DAYS_SHOWN + charts.SEED_DAYS + 10)
    fig = charts.form_figure(series)
    assert not any("estimated" in str(p.get_label()) for p in fig.axes[0].patches)
    assert charts.seeded_days_shown(series) == 0


def test_the_report_explains_the_seeded_start_and_labels_the_axis(
    analysis: Analysis,
) -> None:
    page = render_html(replace(analysis, series=daily(WEDNESDAY, 90)), clinic=CLINIC)
    training = page.split('id="training"')[1].split("</section>")[0]
    assert f"first {charts.SEED_DAYS} days (shaded)" in training
    assert "<!-- Load per day (average) -->" in training


# Nothing to draw: a sentence --------------------------------------------------


@pytest.fixture(scope="module")
def analysis() -> Analysis:
    return realistic_analysis()


def test_no_load_gives_a_sentence_not_an_empty_axis(analysis: Analysis) -> None:
    quiet = daily(WEDNESDAY, 40)
    quiet = replace(quiet, load=tuple(0.0 for _ in quiet.load))
    page = render_html(replace(analysis, series=quiet), clinic=CLINIC)
    training = page.split('id="training"')[1].split("</section>")[0]
    assert "No training load in the data yet" in training
    assert "<svg" not in training


def test_history_without_a_whole_week_gives_a_sentence_for_the_weeks(
    analysis: Analysis,
) -> None:
    page = render_html(
        replace(analysis, series=daily(WEDNESDAY, 9)), clinic=CLINIC
    )  # Wed to Thu
    training = page.split('id="training"')[1].split("</section>")[0]
    assert "once your history holds a whole week" in training
    assert 'id="week-' not in training
    assert training.count("<svg") == 1  # fitness and form are still drawn


def test_shoes_without_distance_or_limit_give_a_sentence(analysis: Analysis) -> None:
    unworn = (ShoeStatus("n", "New pair", 0.0, 0.0, 0, 0.0),)
    page = render_html(replace(analysis, shoes=unworn), clinic=CLINIC)
    shoes = page.split('id="shoes"')[1].split("</section>")[0]
    assert "No distance on any pair yet" in shoes
    assert "<svg" not in shoes and "New pair" in shoes


# Chain diagram ----------------------------------------------------------------


def text_width(words: str, size: float, bold: bool) -> float:
    """The drawn width of DejaVu Sans text, the font the SVG asks for."""
    font = FontProperties(family="DejaVu Sans", weight="bold" if bold else "normal")
    return float(TextPath((0, 0), words, size=size, prop=font).get_extents().width)


def text_box(el: ET.Element) -> tuple[float, float, float, float]:
    """(x0, y0, x1, y1) of an SVG text element, ascent and descent included."""
    size = float(el.get("font-size", "10"))
    width = text_width(el.text or "", size, el.get("font-weight") == "bold")
    x, y = float(el.get("x", "0")), float(el.get("y", "0"))
    x0 = {"middle": x - width / 2, "end": x - width}.get(el.get("text-anchor", ""), x)
    return x0, y - 0.76 * size, x0 + width, y + 0.24 * size


def rect_box(el: ET.Element) -> tuple[float, float, float, float]:
    x, y = float(el.get("x", "0")), float(el.get("y", "0"))
    return x, y, x + float(el.get("width", "0")), y + float(el.get("height", "0"))


def boxes_overlap(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def two_sided_chain() -> tuple[ChainLink, ...]:
    sbl = ("heel", "achilles", "calf", "knee_back", "hamstrings")
    return (
        ChainLink("calf", 0.81, "superficial_back_line", "strong", sbl[:3], side="left"),
        ChainLink("calf", 0.52, "superficial_back_line", "strong", sbl[:3], side="right"),
        ChainLink("hamstrings", 0.12, "superficial_back_line", "strong", sbl, side="left"),
        ChainLink("knee_back", 0.47, "deep_front_line", "limited",
                  ("arch", "inner_ankle", "calf", "knee_back"), side="left"),
    )  # fmt: skip


def chain_nodes(chain: tuple[ChainLink, ...]) -> list[ET.Element]:
    markup = chain_svg(chain)
    assert markup is not None
    return [g for g in ET.fromstring(markup).iter(f"{SVG}g")
            if "node" in g.get("class", "").split()]  # fmt: skip


def test_the_chain_shows_the_side_of_every_box_and_row() -> None:
    markup = chain_svg(two_sided_chain())
    assert markup is not None
    tree = ET.fromstring(markup)
    for node in chain_nodes(two_sided_chain()):
        words = [t.text for t in node.iter(f"{SVG}text")]
        assert any(node.get("data-side", "?") in (w or "") for w in words), words
    rows = [t.text for t in tree.iter(f"{SVG}text") if (t.text or "").endswith("side")]
    assert rows.count("Left side") == 2 and rows.count("Right side") == 1


def test_left_and_right_links_of_one_region_keep_their_own_ranks() -> None:
    ranked = {
        (n.get("data-region"), n.get("data-side")): [
            t.text for t in n.iter(f"{SVG}text") if t.get("class") == "rank"
        ]
        for n in chain_nodes(two_sided_chain())
        if n.get("class") == "node node-ranked"
    }
    assert ranked[("calf", "left")] == ["#1  0.81"]
    assert ranked[("calf", "right")] == ["#2  0.52"]


def test_rank_words_stay_clear_of_the_score_bars_and_inside_their_box() -> None:
    # Twelve more links, so two-digit ranks (the widest words) are drawn too.
    more = [ChainLink(cast(Region, f"r{i}"), 0.01 * i, "lateral_line", "moderate", ("a", f"r{i}"))
            for i in range(12)]  # fmt: skip
    chain = (*two_sided_chain(), *more)
    for node in chain_nodes(chain):
        (box,) = [
            rect_box(r) for r in node.iter(f"{SVG}rect") if r.get("class") == "box"
        ]
        bars = [rect_box(r) for r in node.iter(f"{SVG}rect") if r.get("class") != "box"]
        for words in node.iter(f"{SVG}text"):
            drawn = text_box(words)
            assert not any(boxes_overlap(drawn, bar) for bar in bars), words.text
            assert box[0] < drawn[0] and drawn[2] < box[2], words.text
            assert box[1] < drawn[1] and drawn[3] < box[3], words.text


def test_a_ranked_region_is_coloured_as_ranked_in_every_row_it_appears() -> None:
    nodes = chain_nodes(two_sided_chain())
    knee_back = [n for n in nodes if n.get("data-region") == "knee_back"]
    assert len(knee_back) == 2  # its own row, and on the way to the hamstrings
    assert {n.get("class") for n in knee_back} == {"node node-ranked"}
    fills = {
        r.get("fill")
        for n in knee_back
        for r in n.iter(f"{SVG}rect")
        if r.get("class") == "box"
    }
    assert len(fills) == 1


def test_a_higher_score_gets_a_darker_box() -> None:
    def fill(region: str, side: str) -> str:
        (colour,) = {
            str(box.get("fill"))
            for node in chain_nodes(two_sided_chain())
            if (node.get("data-region"), node.get("data-side")) == (region, side)
            for box in node.iter(f"{SVG}rect")
            if box.get("class") == "box"
        }
        return colour

    order = [colour for _, colour, _ in SHADES]  # darkest first
    assert order.index(fill("calf", "left")) < order.index(fill("calf", "right"))
    assert order.index(fill("calf", "right")) < order.index(fill("hamstrings", "left"))
