"""The matplotlib charts of the report, each returned as an inline ``<svg>`` string.

Figures are built through ``matplotlib.figure.Figure`` (never ``pyplot``), so no
global backend or display is touched and a web worker can render concurrently.
Output is made byte-for-byte repeatable: a fixed hash salt for SVG ids, no date
in the metadata, glyphs drawn as paths from the bundled DejaVu Sans, and tick
labels written by us rather than by the process locale.

Each chart has a ``*_figure`` function (the matplotlib figure, which tests measure)
and a ``*_svg`` function (that figure as markup).  Callers check that there is
something to draw first (:func:`has_load`, :func:`has_distance`): an empty chart
with a 0-1 axis says less than a sentence.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Sequence
from datetime import date
from html import escape
from typing import Any

import matplotlib
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.text import Annotation
from matplotlib.typing import RcKeyType

from stridelight.core.results import DailySeries, ShoeStatus
from stridelight.core.thresholds import DEFAULTS
from stridelight.report.labels import (
    BLUE,
    GREY,
    INK,
    ORANGE,
    SKY,
    VERMILLION,
    short_day,
)
from stridelight.report.weeks import Week, charted_weeks

WEEKS_SHOWN = 16
DAYS_SHOWN = 182
#: Of a shoe's limit: the "replace soon" mark (DESIGN §1).  The default setting, as
#: an analysis does not carry the thresholds it was made with.
WARN_SHARE = DEFAULTS.shoe_warn_fraction
# The analysis' defaults; a report of an analysis run with other thresholds
# would need them carried in the Analysis (see core/training.py).
SEED_DAYS = DEFAULTS.seed_days
FORM_MIN_HISTORY_DAYS = DEFAULTS.form_min_history_days
SEEDED_SHADE = "#EBEBEB"

_RC: dict[RcKeyType, Any] = {
    "svg.fonttype": "path",  # glyphs as paths: same look everywhere, no font files
    "font.family": "DejaVu Sans",
    "font.size": 9.0,
    "axes.spines.top": False,
    "axes.edgecolor": "#555555",
    "axes.titlesize": 10.0,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "legend.frameon": False,
    "legend.fontsize": 8.0,
    "path.simplify": True,
    "text.usetex": False,
}


def _svg(fig: Figure, salt: str, label: str) -> str:
    """The figure as an inline ``<svg>`` element: no XML prolog, no metadata."""
    out = io.StringIO()
    with matplotlib.rc_context({**_RC, "svg.hashsalt": f"stridelight-{salt}"}):
        fig.savefig(out, format="svg", metadata={"Date": None})
    text = out.getvalue()
    text = text[text.index("<svg") :]
    text = re.sub(r"\s*<metadata>.*?</metadata>", "", text, flags=re.DOTALL)
    head = f'<svg class="chart" role="img" aria-label="{escape(label, quote=True)}" '
    return text.replace("<svg ", head, 1)


def _plain(label: str, limit: int = 28) -> str:
    """A runner's own words as chart text: no mathtext, bounded length."""
    label = label if len(label) <= limit else label[: limit - 1] + "\u2026"
    return label.replace("$", r"\$")


def has_load(series: DailySeries | None) -> bool:
    """True when there is training load to chart (not just days of zeros)."""
    return series is not None and len(series.days) >= 2 and any(series.load)


def has_whole_week(series: DailySeries) -> bool:
    return any(w.whole for w in charted_weeks(series, WEEKS_SHOWN))


def has_distance(shoes: Sequence[ShoeStatus]) -> bool:
    """True when some pair has a distance or a limit a bar could show."""
    return any(max(s.km, s.limit_km) > 0 for s in shoes)


# Weekly load ------------------------------------------------------------------


def week_label(week: Week) -> str:
    """The week's Monday, day over month (narrow enough for 16 bars unrotated);
    the week in progress also says how many days it holds."""
    day, month = short_day(week.start).split(" ")
    return f"{day}\n{month}" + ("" if week.whole else f"\n{week.days} d so far")


def _week_bars(ax: Axes, weeks: Sequence[Week]) -> None:
    for i, week in enumerate(weeks):
        if week.whole:
            bars = ax.bar(i, week.load, color=SKY, edgecolor=BLUE,
                          label="Load, Monday to Sunday")  # fmt: skip
        else:
            bars = ax.bar(i, week.load, color="#FFFFFF", edgecolor=BLUE, hatch="///",
                          label="This week so far")  # fmt: skip
        # The id names the week and its length, so the SVG can be checked.
        bars[0].set_gid(f"week-{week.start.isoformat()}-{week.days}d")


def _ache_marks(ax: Axes, weeks: Sequence[Week]) -> None:
    """Worst ache per week as diamonds, hollow for the week in progress."""
    for i, week in enumerate(weeks):
        if week.worst_ache is not None:
            ax.plot(i, week.worst_ache, "D", color=VERMILLION, markersize=6,
                    markerfacecolor=VERMILLION if week.whole else "#FFFFFF",
                    label="Worst ache")  # fmt: skip


def weekly_load_figure(series: DailySeries) -> Figure:
    """Weekly load bars, worst weekly ache (NRS) as dots on a second axis."""
    weeks = charted_weeks(series, WEEKS_SHOWN)
    x = list(range(len(weeks)))
    with matplotlib.rc_context(_RC):
        fig = Figure(figsize=(7.2, 3.0), layout="constrained")
        ax = fig.add_subplot()
        _week_bars(ax, weeks)
        ax.set_ylabel("Weekly load")
        top = max([1.0, *(w.load for w in weeks)])
        ax.set_ylim(0, top * 1.22)  # room for the legend above the bars
        ax.set_xticks(x, [week_label(w) for w in weeks], va="top")
        ax.set_xlabel("Week starting on Monday")
        ache = ax.twinx()
        ache.spines["top"].set_visible(False)
        ache.set_ylim(0, 10 * 1.22)
        ache.set_yticks(range(0, 11, 2))
        ache.set_ylabel("Worst ache that week (0-10)", color=VERMILLION)
        _ache_marks(ache, weeks)
        handles, labels = ax.get_legend_handles_labels()
        more, words = ache.get_legend_handles_labels()
        shown: dict[str, Artist] = {}  # one entry per label, the first drawn
        for label, handle in zip(labels + words, handles + more, strict=True):
            shown.setdefault(label, handle)
        ax.legend(shown.values(), shown.keys(), loc="upper left", ncols=len(shown))
        ax.set_title("Weekly load and aches, Monday-to-Sunday weeks")
    return fig


def weekly_load_svg(series: DailySeries) -> str:
    return _svg(
        weekly_load_figure(series),
        "weekly",
        "Weekly training load with the worst ache each week",
    )


# Fitness, fatigue, form and monotony -------------------------------------------


def _nan(values: Sequence[float | None]) -> list[float]:
    return [math.nan if v is None else v for v in values]


def seeded_days_shown(series: DailySeries) -> int:
    """How many of the charted days fall in the first weeks the start is seeded
    from (0 when the chart begins after them)."""
    lo = max(0, len(series.days) - DAYS_SHOWN)
    return max(0, min(SEED_DAYS, len(series.days)) - lo)


def _monday_ticks(days: Sequence[date], count: int = 7) -> tuple[list[int], list[str]]:
    """Ticks on Mondays, like the weekly chart; any day when there is no Monday."""
    mondays = [i for i, d in enumerate(days) if d.weekday() == 0] or list(
        range(len(days))
    )
    step = max(1, math.ceil(len(mondays) / count))
    positions = mondays[::step]
    return positions, [short_day(days[i]) for i in positions]


def _fitness_panel(ax: Axes, series: DailySeries, lo: int) -> None:
    x = list(range(len(series.days) - lo))
    seeded = seeded_days_shown(series)
    if seeded:
        ax.axvspan(-0.5, seeded - 0.5, color=SEEDED_SHADE, lw=0,
                   label=f"Start estimated from these {SEED_DAYS} days")  # fmt: skip
    ax.plot(x, series.fitness[lo:], color=BLUE, lw=2, label="Fitness (42 d)")
    ax.plot(x, series.fatigue[lo:], color=ORANGE, lw=1.6, ls="--",
            label="Fatigue (7 d)")  # fmt: skip
    ax.plot(x, series.form[lo:], color=INK, lw=1.2, label="Form")
    ax.axhline(0, color=GREY, lw=0.6)
    ax.axhline(-30, color=VERMILLION, lw=0.9, ls=":", label="Form -30: high risk")
    low, high = ax.get_ylim()
    ax.set_ylim(low, high + 0.35 * (high - low))  # room for the legend
    # On a white box, so the shaded start's entry stands out from the shade.
    ax.legend(loc="upper left", ncols=3, frameon=True, facecolor="#FFFFFF",
              edgecolor="none", framealpha=1.0)  # fmt: skip
    ax.set_ylabel("Load per day (average)")
    ax.set_title("Fitness, fatigue and form")


def _monotony_panel(ax: Axes, monotony: list[float]) -> None:
    ax.plot(range(len(monotony)), monotony, color=INK, lw=1.4, label="Monotony (7 d)")
    ax.axhline(1.5, color=ORANGE, lw=0.9, ls="--", label="1.5 watch")
    ax.axhline(2.0, color=VERMILLION, lw=0.9, ls=":", label="2.0 flag")
    finite = [m for m in monotony if not math.isnan(m)]
    ax.set_ylim(0, max([2.5, *finite]) * 1.4)
    ax.legend(loc="upper left", ncols=3)
    ax.set_ylabel("Monotony")


def form_figure(series: DailySeries) -> Figure:
    """Fitness, fatigue and form lines above, monotony with its bands below.

    The monotony panel is left out while no 7-day window has been judged yet,
    rather than drawn as an empty axis.
    """
    lo = max(0, len(series.days) - DAYS_SHOWN)
    monotony = _nan(series.monotony[lo:])
    judged = any(not math.isnan(m) for m in monotony)
    with matplotlib.rc_context(_RC):
        fig = Figure(figsize=(7.2, 4.2 if judged else 3.0), layout="constrained")
        if judged:
            top, bottom = fig.subplots(2, 1, sharex=True, height_ratios=[2.2, 1])
            _monotony_panel(bottom, monotony)
        else:
            top = bottom = fig.add_subplot()
        _fitness_panel(top, series, lo)
        positions, labels = _monday_ticks(series.days[lo:])
        bottom.set_xticks(positions, labels)
        bottom.set_xlim(-0.5, len(series.days) - lo - 0.5)
    return fig


def form_svg(series: DailySeries) -> str:
    return _svg(form_figure(series), "form", "Fitness, fatigue, form and monotony")


# Shoes ------------------------------------------------------------------------


def shoe_state(shoe: ShoeStatus) -> tuple[str, str]:
    """(words, colour) for a pair: retired, past its limit, replace soon, or fine."""
    share = shoe.km / shoe.limit_km if shoe.limit_km > 0 else 0.0
    if shoe.retired:
        return "retired", GREY
    if share >= 1.0:
        return "past its limit", VERMILLION
    if share >= WARN_SHARE:
        return "replace soon", ORANGE
    return "fine", BLUE


def _shoe_row(ax: Axes, row: int, shoe: ShoeStatus) -> Annotation:
    words, colour = shoe_state(shoe)
    ax.barh(row, shoe.km, color=colour, height=0.55)
    ax.plot([shoe.limit_km] * 2, [row - 0.38, row + 0.38], color=INK, lw=2)
    warn = WARN_SHARE * shoe.limit_km
    ax.plot([warn] * 2, [row - 0.38, row + 0.38], color=INK, lw=1, ls=":")
    share = f" ({shoe.km / shoe.limit_km:.0%})" if shoe.limit_km > 0 else ""
    return ax.annotate(
        f"{shoe.km:.0f} / {shoe.limit_km:.0f} km{share}, {words}",
        (max(shoe.km, shoe.limit_km), row), xytext=(6, 0),
        textcoords="offset points", va="center", fontsize=8,
    )  # fmt: skip


def _fit_notes(fig: Figure, ax: Axes, notes: Sequence[Annotation]) -> None:
    """Set the x axis so every note after a bar ends inside the plot.

    A note is text of a fixed width set at a data position: for it to end by the
    axes' right edge, that edge must lie at ``x * width / (width - text)``.  The
    layout moves a little as the limit changes, hence a few rounds.  The x axis
    line itself stops at the longest bar or limit, so no note sits on it.
    """
    longest = max(float(n.xy[0]) for n in notes)
    for _ in range(3):
        fig.draw_without_rendering()
        width = ax.get_window_extent().width
        ax.set_xlim(0, max(_right_edge_for(n, width) for n in notes) * 1.02)
    ax.spines["bottom"].set_bounds(0, longest)
    ax.set_xticks([t for t in ax.get_xticks() if 0 <= t <= longest])


def _right_edge_for(note: Annotation, axes_width: float) -> float:
    """The x limit at which the note (12 px of offset and margin) just fits."""
    room = max(axes_width - note.get_window_extent().width - 12, 0.2 * axes_width)
    return float(note.xy[0]) * axes_width / room


def shoes_figure(shoes: Sequence[ShoeStatus]) -> Figure:
    """Distance per pair against its limit, with the 80 % mark on each bar."""
    rows = list(range(len(shoes)))[::-1]  # first pair on top
    with matplotlib.rc_context(_RC):
        fig = Figure(figsize=(7.2, 0.9 + 0.5 * len(shoes)), layout="constrained")
        ax = fig.add_subplot()
        ax.spines["right"].set_visible(False)  # the notes run where it would be
        notes = [_shoe_row(ax, row, s) for row, s in zip(rows, shoes, strict=True)]
        ax.set_yticks(rows, [_plain(s.name) for s in shoes])
        ax.set_xlim(0, max(max(s.km, s.limit_km) for s in shoes) * 1.1)
        ax.set_xlabel("km (solid tick: limit, dotted tick: 80 % of it)", loc="left")
        ax.set_title("Shoe distance against each pair's limit")
        _fit_notes(fig, ax, notes)
    return fig


def shoes_svg(shoes: Sequence[ShoeStatus]) -> str:
    return _svg(
        shoes_figure(shoes), "shoes", "Distance of each pair of shoes against its limit"
    )
