"""A small SVG chart of one instrument's answers on the brief (0–10 scale).

The first answer is the baseline (a dashed line); the band of the change that
does not matter yet (baseline ± the instrument's minimal important change) is
shaded; an answer whose change matters is a filled square, the others circles,
so the mark carries the meaning without colour.  Drawn with ``report.svg`` so
every value is escaped.
"""

from __future__ import annotations

from collections.abc import Sequence

from stridelight.clinic import outcomes
from stridelight.clinic.services_outcomes import Point
from stridelight.report import svg

WIDTH, HEIGHT = 320.0, 140.0
LEFT, RIGHT, TOP, BOTTOM = 28.0, 12.0, 10.0, 24.0
INK, MUTED, BAND = "#222222", "#595959", "#e8eef6"


def _y(score: float) -> float:
    return TOP + (10.0 - score) / 10.0 * (HEIGHT - TOP - BOTTOM)


def _x(index: int, count: int) -> float:
    span = WIDTH - LEFT - RIGHT
    return LEFT + (span / 2 if count == 1 else index * span / (count - 1))


def outcome_svg(instrument: str, series: Sequence[Point], label: str) -> str:
    """The chart, or "" when there is nothing to draw."""
    if not series:
        return ""
    base = series[0].response.score
    mcid = (
        outcomes.NRS_MCID_POINTS
        if instrument == outcomes.NRS
        else outcomes.PSFS_MCID_POINTS
    )
    top, bottom = _y(min(10.0, base + mcid)), _y(max(0.0, base - mcid))
    parts = [
        svg.element(
            "rect",
            x=LEFT,
            y=top,
            width=WIDTH - LEFT - RIGHT,
            height=bottom - top,
            fill=BAND,
        ),
        svg.element(
            "line",
            x1=LEFT,
            x2=WIDTH - RIGHT,
            y1=_y(base),
            y2=_y(base),
            stroke=MUTED,
            stroke_dasharray="4 3",
        ),
        *(
            svg.text(4, _y(v) + 4, str(v), **svg.font(10, fill=MUTED))
            for v in (0, 5, 10)
        ),
    ]
    xy = [(_x(i, len(series)), _y(p.response.score)) for i, p in enumerate(series)]
    parts.append(
        svg.element(
            "polyline", points=svg.points(xy), fill="none", stroke=INK, stroke_width=1.5
        )
    )
    for (x, y), point in zip(xy, series, strict=True):
        parts.append(_mark(x, y, point))
    first, last = series[0].response.answered_at, series[-1].response.answered_at
    parts.append(
        svg.text(LEFT, HEIGHT - 6, f"{first:%d %b %Y}", **svg.font(10, fill=MUTED))
    )
    if len(series) > 1:
        parts.append(
            svg.text(
                WIDTH - RIGHT,
                HEIGHT - 6,
                f"{last:%d %b %Y}",
                text_anchor="end",
                **svg.font(10, fill=MUTED),
            )
        )
    return svg.document(WIDTH, HEIGHT, "".join(parts), label)


def _mark(x: float, y: float, point: Point) -> str:
    words = f"{point.response.answered_at:%d %b %Y}: {point.response.score:.1f}"
    if point.change is not None and point.change.matters:
        tip = svg.title(words + " (a change that matters)")
        return svg.element("rect", tip, x=x - 5, y=y - 5, width=10, height=10, fill=INK)
    return svg.element(
        "circle",
        svg.title(words),
        cx=x,
        cy=y,
        r=4,
        fill="#ffffff",
        stroke=INK,
        stroke_width=1.5,
    )
