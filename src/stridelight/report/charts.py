"""The matplotlib charts of the report, each returned as an inline ``<svg>`` string.

Figures are built through ``matplotlib.figure.Figure`` (never ``pyplot``), so no
global backend or display is touched and a web worker can render concurrently.
Output is made byte-for-byte repeatable: a fixed hash salt for SVG ids, no date
in the metadata, glyphs drawn as paths from the bundled DejaVu Sans, and tick
labels written by us rather than by the process locale.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from html import escape
from typing import Any

import matplotlib
import numpy as np
from matplotlib.figure import Figure
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

WEEKS_SHOWN = 16
DAYS_SHOWN = 182
#: Of a shoe's limit: the "replace soon" mark (DESIGN §1).  The default setting, as
#: an analysis does not carry the thresholds it was made with.
WARN_SHARE = DEFAULTS.shoe_warn_fraction

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


@dataclass(frozen=True)
class Week:
    start: date
    load: float
    distance_km: float
    worst_ache: int | None


def weekly(series: DailySeries) -> list[Week]:
    """7-day blocks ending on the last day, so the newest week is complete."""
    n = len(series.days)
    weeks = []
    for end in range(n, 0, -7):
        lo = max(0, end - 7)
        aches = [a for a in series.ache_max[lo:end] if a is not None]
        weeks.append(
            Week(
                start=series.days[lo],
                load=sum(series.load[lo:end]),
                distance_km=sum(series.distance_km[lo:end]),
                worst_ache=max(aches) if aches else None,
            )
        )
    return weeks[::-1]


def _svg(fig: Figure, salt: str, label: str) -> str:
    """The figure as an inline ``<svg>`` element: no XML prolog, no metadata."""
    out = io.StringIO()
    with matplotlib.rc_context({"svg.hashsalt": f"stridelight-{salt}"}):
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


def _day_ticks(days: Sequence[date], count: int = 7) -> tuple[list[int], list[str]]:
    step = max(1, math.ceil(len(days) / count))
    positions = list(range(0, len(days), step))
    return positions, [short_day(days[i]) for i in positions]


def weekly_load_svg(series: DailySeries) -> str:
    """Weekly load bars, worst weekly ache (NRS) as dots on a second axis."""
    weeks = weekly(series)[-WEEKS_SHOWN:]
    x = list(range(len(weeks)))
    with matplotlib.rc_context(_RC):
        fig = Figure(figsize=(7.2, 3.0), layout="constrained")
        ax = fig.add_subplot()
        ax.bar(x, [w.load for w in weeks], color=SKY, edgecolor=BLUE, label="Load")
        ax.set_ylabel("Weekly load")
        ax.set_ylim(
            0, max([1.0, *(w.load for w in weeks)]) * 1.18
        )  # room for the legend
        ax.set_xticks(x, [short_day(w.start) for w in weeks], rotation=45, ha="right")
        ache = ax.twinx()
        ache.spines["top"].set_visible(False)
        ache.set_ylim(0, 10 * 1.18)
        ache.set_yticks(range(0, 11, 2))
        ache.set_ylabel("Worst ache that week (0-10)", color=VERMILLION)
        marked = [
            (i, w.worst_ache)
            for i, w in zip(x, weeks, strict=True)
            if w.worst_ache is not None
        ]
        ache.plot([i for i, _ in marked], [a for _, a in marked], "D", color=VERMILLION,
                  markersize=6, label="Worst ache")  # fmt: skip
        handles = (
            ax.get_legend_handles_labels()[0] + ache.get_legend_handles_labels()[0]
        )
        ax.legend(handles=handles, loc="upper left", ncols=2)
        ax.set_title("Weekly load and aches (weeks start on the date shown)")
        return _svg(fig, "weekly", "Weekly training load with the worst ache each week")


def _nan(values: Sequence[float | None]) -> list[float]:
    return [math.nan if v is None else v for v in values]


def form_svg(series: DailySeries) -> str:
    """Fitness, fatigue and form lines above, monotony with its bands below."""
    lo = max(0, len(series.days) - DAYS_SHOWN)
    days = series.days[lo:]
    x = list(range(len(days)))
    with matplotlib.rc_context(_RC):
        fig = Figure(figsize=(7.2, 4.2), layout="constrained")
        top, bottom = fig.subplots(2, 1, sharex=True, height_ratios=[2.2, 1])
        top.plot(x, series.fitness[lo:], color=BLUE, lw=2, label="Fitness (42 d)")
        top.plot(x, series.fatigue[lo:], color=ORANGE, lw=1.6, ls="--",
                 label="Fatigue (7 d)")  # fmt: skip
        top.plot(x, series.form[lo:], color=INK, lw=1.2, label="Form")
        top.axhline(0, color=GREY, lw=0.6)
        top.axhline(-30, color=VERMILLION, lw=0.9, ls=":", label="Form -30: high risk")
        top.set_ylim(
            top=top.get_ylim()[1] + 0.25 * np.ptp(top.get_ylim())
        )  # legend room
        top.legend(loc="upper left", ncols=4)
        top.set_title("Fitness, fatigue and form")
        monotony = _nan(series.monotony[lo:])
        bottom.plot(x, monotony, color=INK, lw=1.4, label="Monotony (7 d)")
        bottom.axhline(1.5, color=ORANGE, lw=0.9, ls="--", label="1.5 watch")
        bottom.axhline(2.0, color=VERMILLION, lw=0.9, ls=":", label="2.0 flag")
        finite = [m for m in monotony if not math.isnan(m)]
        bottom.set_ylim(0, max([2.5, *finite]) * 1.4)
        bottom.legend(loc="upper left", ncols=3)
        positions, labels = _day_ticks(days)
        bottom.set_xticks(positions, labels)
        return _svg(fig, "form", "Fitness, fatigue, form and monotony over time")


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


def shoes_svg(shoes: Sequence[ShoeStatus]) -> str:
    """Distance per pair against its limit, with the 80 % mark on each bar."""
    y = list(range(len(shoes)))[::-1]  # first pair on top
    with matplotlib.rc_context(_RC):
        fig = Figure(figsize=(7.2, 0.9 + 0.5 * len(shoes)), layout="constrained")
        ax = fig.add_subplot()
        for row, shoe in zip(y, shoes, strict=True):
            words, colour = shoe_state(shoe)
            ax.barh(row, shoe.km, color=colour, height=0.55)
            ax.plot([shoe.limit_km] * 2, [row - 0.38, row + 0.38], color=INK, lw=2)
            warn = WARN_SHARE * shoe.limit_km
            ax.plot([warn] * 2, [row - 0.38, row + 0.38], color=INK, lw=1, ls=":")
            share = shoe.km / shoe.limit_km if shoe.limit_km > 0 else 0.0
            ax.annotate(
                f"{shoe.km:.0f} / {shoe.limit_km:.0f} km ({share:.0%}), {words}",
                (max(shoe.km, shoe.limit_km), row), xytext=(6, 0),
                textcoords="offset points", va="center", fontsize=8,
            )  # fmt: skip
        ax.set_yticks(y, [_plain(s.name) for s in shoes])
        right = max(max(s.km, s.limit_km) for s in shoes)
        ax.set_xlim(0, right * 1.45)  # room for the words after each bar
        ax.set_xlabel("km (solid tick: limit, dotted tick: 80 % of it)")
        ax.set_title("Shoe distance against each pair's limit")
        return _svg(fig, "shoes", "Distance of each pair of shoes against its limit")
