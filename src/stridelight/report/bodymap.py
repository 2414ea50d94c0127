"""The body heat map: a stylised lower body, front, back and soles, shaded by ache.

Each of the 22 regions of the journal's vocabulary is drawn once per side, in
the view where a runner would point at it (the heel and arch on the soles, the
calf on the back).  Shapes are in *leg coordinates*: ``x`` grows away from the
body's midline (lateral), ``y`` is absolute; :func:`_place` mirrors them onto the
left or right leg of each view, so one table describes both sides.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from stridelight.core.vocabulary import REGIONS
from stridelight.report import svg
from stridelight.report.labels import region_name

Point = tuple[float, float]
Ellipse = tuple[float, float, float, float]  # cx, cy, rx, ry
Shape = list[Point] | Ellipse

UNSHADED = "#EFEFEF"
TITLE_FONT = svg.font(12, bold=True)
SIDE_FONT = svg.font(11, bold=True, fill="#5A5A5A")
LEGEND_FONT = svg.font(10)
OUTLINE = "#9A9A9A"
# Sequential light-to-dark scale (ColorBrewer OrRd): readable by lightness alone.
BINS: tuple[tuple[float, str, str], ...] = (
    (2.0, "#FDD49E", "up to 2"),
    (4.0, "#FDBB84", "2 to 4"),
    (6.0, "#FC8D59", "4 to 6"),
    (8.0, "#E34A33", "6 to 8"),
    (10.0, "#B30000", "8 to 10"),
)

FRONT: Mapping[str, Shape] = {
    "hip_flexors": [(-6, 70), (22, 64), (20, 100), (-4, 108)],
    "outer_hip": (28, 82, 7, 20),
    "quadriceps": [(-12, 112), (16, 110), (12, 205), (-8, 207)],
    "adductors": [(-28, 110), (-15, 112), (-10, 200), (-19, 205)],
    "it_band": [(19, 110), (29, 108), (25, 210), (16, 207)],
    "knee_front": (0, 232, 12, 14),
    "knee_outer": (19, 233, 5, 13),
    "shin": [(-9, 256), (9, 256), (6, 345), (-4, 345)],
    "inner_ankle": (-10, 362, 5, 5),
    "outer_ankle": (12, 364, 5, 5),
    "top_of_foot": [(-10, 370), (12, 370), (15, 392), (-13, 392)],
    "outer_foot": [(14, 372), (21, 388), (23, 394), (17, 394)],
    "toes": (2, 403, 18, 8),
}
BACK: Mapping[str, Shape] = {
    "lower_back": [(-38, 32), (30, 32), (30, 62), (-38, 62)],
    "glutes": (0, 92, 30, 26),
    "hamstrings": [(-20, 124), (22, 124), (16, 212), (-14, 212)],
    "knee_back": (0, 232, 14, 11),
    "calf": (1, 287, 17, 38),
    "achilles": [(-4, 328), (5, 328), (5, 366), (-4, 366)],
}
SOLES: Mapping[str, Shape] = {
    "forefoot": (0, 171.3, 25.7, 28.4),
    "arch": [(-24.3, 206.4), (2.7, 206.4), (0, 282), (-17.6, 282)],
    "heel": (0, 315.8, 18.9, 27),
}

LEG_OUTLINE: tuple[Point, ...] = (
    (34, 90), (30, 160), (26, 215), (24, 250), (22, 280), (14, 340), (11, 360),
    (14, 372), (22, 392), (24, 412), (-18, 412), (-16, 392), (-12, 372),
    (-10, 360), (-12, 340), (-20, 280), (-18, 250), (-20, 215), (-28, 160),
    (-32, 100),
)  # fmt: skip
SOLE_OUTLINE: tuple[Point, ...] = (
    (-18.9, 130.8), (5.4, 120), (27, 130.8), (32.4, 178.1), (24.3, 238.8),
    (21.6, 292.8), (18.9, 333.3), (5.4, 349.5), (-10.8, 346.8), (-18.9, 327.9),
    (-16.2, 286.1), (-21.6, 238.8), (-29.7, 184.8),
)  # fmt: skip
PELVIS: list[Point] = [
    (-70, 30), (70, 30), (74, 95), (20, 112), (0, 118), (-20, 112), (-74, 95),
]  # fmt: skip


@dataclass(frozen=True)
class View:
    title: str
    x0: float  # left edge of the panel
    width: float
    shapes: Mapping[str, Shape]
    left_on_viewer_left: bool  # False for the front view: the runner faces us
    outline: tuple[Point, ...] = LEG_OUTLINE
    pelvis: bool = True
    spread: float = 38  # distance of each leg's centre line from the midline

    def leg(self, side: str) -> tuple[float, float]:
        """(centre x, lateral direction) of the given leg in this view."""
        mid = self.x0 + self.width / 2
        on_left = (side == "left") == self.left_on_viewer_left
        return (mid - self.spread, -1.0) if on_left else (mid + self.spread, 1.0)


VIEWS: tuple[View, ...] = (
    View("Front", 0, 200, FRONT, left_on_viewer_left=False),
    View("Back", 200, 200, BACK, left_on_viewer_left=True),
    View("Soles", 400, 160, SOLES, True, outline=SOLE_OUTLINE, pelvis=False, spread=40),
)
WIDTH = 560.0
MAP_HEIGHT = 440.0
HEIGHT = 500.0


def shade(value: float | None) -> str:
    """The fill for a mean ache on the 0-10 scale; no ache (or 0) stays unshaded."""
    if value is None or value <= 0:
        return UNSHADED
    for upper, colour, _ in BINS:
        if value <= upper:
            return colour
    return BINS[-1][1]


def side_values(ache_by_region: Mapping[str, float]) -> dict[tuple[str, str], float]:
    """Mean ache per (region, left|right); an ache on ``both`` sides shades each."""
    values: dict[tuple[str, str], float] = {}
    for key, value in ache_by_region.items():
        region, _, side = key.partition(":")
        if region not in REGIONS:
            continue  # listed in words beside the map; nowhere to draw it
        for leg in ("left", "right") if side in ("", "both") else (side,):
            values[(region, leg)] = max(value, values.get((region, leg), 0.0))
    return values


def geometry(shape: Shape, centre: float, lateral: float) -> dict[str, svg.Attr]:
    """The SVG geometry of a leg-coordinate shape on one leg, as attribute values
    (``cx cy rx ry`` for an ellipse, ``points`` for a polygon).  Public: the web
    app's body map (``runners.body_map``) draws the same shapes."""
    if isinstance(shape, tuple):
        cx, cy, rx, ry = shape
        return {"cx": centre + lateral * cx, "cy": cy, "rx": rx, "ry": ry}
    return {"points": svg.points([(centre + lateral * x, y) for x, y in shape])}


def _place(shape: Shape, centre: float, lateral: float) -> str:
    """The SVG geometry attributes of a leg-coordinate shape on one leg."""
    return svg.attrs(**geometry(shape, centre, lateral))


def _region(view: View, region: str, side: str, value: float | None) -> str:
    centre, lateral = view.leg(side)
    shape = view.shapes[region]
    tag = "ellipse" if isinstance(shape, tuple) else "polygon"
    ache = "no ache logged" if value is None else f"mean ache {value:.1f}/10"
    label = svg.title(f"{region_name(region)} ({side}): {ache}")
    fill = shade(value)
    geometry = _place(shape, centre, lateral)
    identity = svg.attrs(
        id=f"bm-{region}-{side}",
        class_="region",
        data_region=region,
        data_side=side,
        fill=fill,
        stroke=OUTLINE,
        stroke_width=0.6,
    )
    return f"<{tag} {geometry} {identity}>{label}</{tag}>"


def _silhouette(view: View) -> str:
    outline = svg.attrs(fill="#FFFFFF", stroke=OUTLINE, stroke_width=1.2)
    parts = []
    if view.pelvis:
        mid = view.x0 + view.width / 2
        pelvis = svg.points([(mid + x, y) for x, y in PELVIS])
        parts.append(f'<polygon points="{pelvis}" {outline}/>')
    for side in ("left", "right"):
        centre, lateral = view.leg(side)
        parts.append(
            f"<polygon {_place(list(view.outline), centre, lateral)} {outline}/>"
        )
    return "".join(parts)


def _labels(view: View) -> str:
    mid = view.x0 + view.width / 2
    parts = [svg.text(mid, 16, view.title, text_anchor="middle", **TITLE_FONT)]
    for side in ("left", "right"):
        centre, _ = view.leg(side)
        parts.append(
            svg.text(centre, 432, side[0].upper(), text_anchor="middle", **SIDE_FONT)
        )
    return "".join(parts)


def _view(view: View, values: Mapping[tuple[str, str], float]) -> str:
    regions = (
        _region(view, region, side, values.get((region, side)))
        for region in view.shapes
        for side in ("left", "right")
    )
    return f"<g>{_silhouette(view)}{''.join(regions)}{_labels(view)}</g>"


def _legend() -> str:
    steps: Iterable[tuple[str, str]] = [
        (UNSHADED, "none"),
        *((colour, words) for _, colour, words in BINS),
    ]
    parts = [svg.text(10, MAP_HEIGHT + 22, "Mean ache (0-10):", **LEGEND_FONT)]
    for i, (colour, words) in enumerate(steps):
        x = 130 + i * 72
        parts.append(
            svg.element(
                "rect",
                x=x,
                y=MAP_HEIGHT + 10,
                width=16,
                height=16,
                fill=colour,
                stroke=OUTLINE,
                stroke_width=0.6,
            )
        )
        parts.append(svg.text(x + 20, MAP_HEIGHT + 22, words, **LEGEND_FONT))
    return f"<g class='legend'>{''.join(parts)}</g>"


def body_map_svg(ache_by_region: Mapping[str, float]) -> str:
    """The map as an inline ``<svg>``; regions carry ids like ``bm-heel-left``."""
    values = side_values(ache_by_region)
    body = "".join(_view(view, values) for view in VIEWS) + _legend()
    return svg.document(WIDTH, HEIGHT, body, "Body map of aches, front, back and soles")
