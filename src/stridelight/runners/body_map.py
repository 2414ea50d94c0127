"""The body map of the web pages: every region of every view, as SVG shapes.

The shapes themselves are the report's (``report.bodymap``: one table of leg
coordinates, mirrored onto each leg), so the check-in map, the dashboard's heat
map and the printed report point at the same place for the same word.  This
module turns them into data a template can draw: per view, its viewBox, the
leg outlines, and each region on each side with its accessible name ("Left
heel").  Built once, at import.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from stridelight.core.vocabulary import REGIONS, Region, word_in
from stridelight.report import bodymap as drawn
from stridelight.report import svg
from stridelight.report.labels import region_words

LegSide = Literal["left", "right"]
LEG_SIDES: tuple[LegSide, ...] = ("left", "right")

#: The top of every view (the lower back's top, less a margin): the report's
#: panels start lower, below their titles.
TOP = 26.0
#: Half a leg's width in the report's coordinates, with a margin: the widest
#: shapes (the hip, the sole) reach 34 units from a leg's centre line.
LEG_HALF_WIDTH = 37.0
#: The bottom of the legs, with room for the L/R marks under them.
BOTTOM = drawn.MAP_HEIGHT


@dataclass(frozen=True)
class MapRegion:
    """One region on one side, as drawn in one view."""

    region: Region
    side: LegSide
    tag: Literal["ellipse", "polygon"]
    geometry: Mapping[str, str]

    @property
    def label(self) -> str:
        """The accessible name: "Left heel", "Right IT band"."""
        return f"{self.side.capitalize()} {region_lower(self.region)}"

    @property
    def key(self) -> str:
        """``heel:left``: the analysis' key for a region and side."""
        return f"{self.region}:{self.side}"


def region_lower(region: str) -> str:
    """A region in running text: "heel", "top of foot", "IT band"."""
    words = region_words(region)
    first = words.split(" ", 1)[0]
    return words if first.isupper() else words[:1].lower() + words[1:]


@dataclass(frozen=True)
class SideMark:
    x: str
    y: str
    text: str


@dataclass(frozen=True)
class MapView:
    slug: str  # front | back | soles
    title: str
    view_box: str
    outlines: tuple[Mapping[str, str], ...]  # leg (and pelvis) outlines
    regions: tuple[MapRegion, ...]
    marks: tuple[SideMark, ...]


def _text(values: Mapping[str, svg.Attr]) -> dict[str, str]:
    return {
        k: v if isinstance(v, str) else svg.fmt(v)
        for k, v in values.items()
        if v is not None
    }


def _view(view: drawn.View) -> MapView:
    regions = []
    for name in view.shapes:
        region = word_in(REGIONS, name)
        if region is None:  # the report's table and the vocabulary disagree
            raise ValueError(f"report.bodymap draws {name!r}, not a region")
        shape = view.shapes[name]
        tag: Literal["ellipse", "polygon"] = (
            "ellipse" if isinstance(shape, tuple) else "polygon"
        )
        for side in LEG_SIDES:
            centre, lateral = view.leg(side)
            geometry = _text(drawn.geometry(shape, centre, lateral))
            regions.append(MapRegion(region, side, tag, geometry))
    outlines = [
        _text(drawn.geometry(list(view.outline), *view.leg(side))) for side in LEG_SIDES
    ]
    marks = tuple(
        SideMark(svg.fmt(view.leg(side)[0]), svg.fmt(BOTTOM - 8), side[0].upper())
        for side in LEG_SIDES
    )
    box = _view_box(view)
    slug = view.title.lower()
    return MapView(slug, view.title, box, tuple(outlines), tuple(regions), marks)


def _view_box(view: drawn.View) -> str:
    """The view cropped to its legs (the report's panels have wide margins): on
    a phone the three views share 360 px, and every unit kept is a bigger target."""
    left, _ = view.leg("left")
    right, _ = view.leg("right")
    x0 = min(left, right) - LEG_HALF_WIDTH
    width = abs(right - left) + 2 * LEG_HALF_WIDTH
    return " ".join(svg.fmt(v) for v in (x0, TOP, width, BOTTOM - TOP))


MAP_VIEWS: tuple[MapView, ...] = tuple(_view(v) for v in drawn.VIEWS)
#: Every region the map can point at: each view draws its own, none twice.
DRAWN: frozenset[Region] = frozenset(r.region for v in MAP_VIEWS for r in v.regions)


def shade(value: float | None) -> str:
    """The heat map's fill for a 0-10 ache (the report's scale)."""
    return drawn.shade(value)


def heat_legend() -> tuple[tuple[str, str], ...]:
    """(fill, words) for each step of the heat map's scale, "none" first."""
    return (
        (drawn.UNSHADED, "none logged"),
        *((colour, words) for _, colour, words in drawn.BINS),
    )


def per_side(ache_by_region: Mapping[str, float]) -> dict[tuple[str, str], float]:
    """``{"heel:left": 4.5, "arch:both": 2}`` as values per (region, left|right):
    a ``both`` (or side-less) entry shades each leg (the report's rule)."""
    return drawn.side_values(ache_by_region)
