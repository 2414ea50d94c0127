"""A recorded route as a small drawing: no map tiles, no network.

Positions are projected equirectangularly about their mean latitude (distances
on a run's scale, a few km, stay true to well under a percent), scaled into a
box and simplified with Ramer-Douglas-Peucker to a few hundred points, which is
all a phone screen can show of it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from stridelight.core.activity import FloatArray

Indexes = npt.NDArray[np.intp]

#: The drawing's longer side, in SVG user units.
BOX = 300.0
MARGIN = 8.0
#: Points left after simplification, at most.
MAX_POINTS = 400
#: Points fed to the simplification, at most: an evenly thinned track first, so
#: a day-long recording costs no more than a run.
MAX_INPUT = 6000
#: The first tolerance tried, in SVG units (a third of a pixel at 1:1).
FIRST_TOLERANCE = 0.3


@dataclass(frozen=True)
class RouteDrawing:
    """The route in SVG user units (y grows downwards), inside width x height."""

    points: tuple[tuple[float, float], ...]
    width: float
    height: float
    positions: int  # positions recorded in the file

    @property
    def svg_points(self) -> str:
        return " ".join(f"{x:.1f},{y:.1f}" for x, y in self.points)

    @property
    def start(self) -> tuple[float, float]:
        return self.points[0]

    @property
    def end(self) -> tuple[float, float]:
        return self.points[-1]


def route_drawing(
    lat: FloatArray, lon: FloatArray, *, max_points: int = MAX_POINTS
) -> RouteDrawing | None:
    """The drawing of the recorded positions; None when fewer than two were recorded.

    A position at exactly 0°, 0° is a device's placeholder, not a place.
    """
    ok = np.isfinite(lat) & np.isfinite(lon) & ~((lat == 0) & (lon == 0))
    if int(ok.sum()) < 2:
        return None
    la, lo = lat[ok], lon[ok]
    x = lo * np.cos(np.radians(float(la.mean())))
    y = la
    span = max(float(np.ptp(x)), float(np.ptp(y)), 1e-9)
    scale = (BOX - 2 * MARGIN) / span
    xs = (x - x.min()) * scale + MARGIN
    ys = (y.max() - y) * scale + MARGIN
    width = float(np.ptp(x)) * scale + 2 * MARGIN
    height = float(np.ptp(y)) * scale + 2 * MARGIN
    xs, ys = _thinned(xs, ys, MAX_INPUT)
    keep = _simplified(xs, ys, max_points)
    points = tuple(
        (float(a), float(b)) for a, b in zip(xs[keep], ys[keep], strict=True)
    )
    return RouteDrawing(points, width, height, positions=int(ok.sum()))


def _thinned(
    xs: FloatArray, ys: FloatArray, at_most: int
) -> tuple[FloatArray, FloatArray]:
    if xs.size <= at_most:
        return xs, ys
    picks = np.unique(np.linspace(0, xs.size - 1, at_most).round().astype(int))
    return xs[picks], ys[picks]


def _simplified(xs: FloatArray, ys: FloatArray, at_most: int) -> Indexes:
    """Indexes of the points kept, the tolerance doubled until few enough remain."""
    tolerance = FIRST_TOLERANCE
    while True:
        keep = _rdp(xs, ys, tolerance)
        if keep.size <= at_most:
            return keep
        tolerance *= 2


def _rdp(xs: FloatArray, ys: FloatArray, tolerance: float) -> Indexes:
    """Ramer-Douglas-Peucker without recursion: a stack of segments to split."""
    kept = np.zeros(xs.size, dtype=bool)
    kept[0] = kept[-1] = True
    stack = [(0, xs.size - 1)]
    while stack:
        first, last = stack.pop()
        if last - first < 2:
            continue
        far, distance = _farthest(xs, ys, first, last)
        if distance > tolerance:
            kept[far] = True
            stack.append((first, far))
            stack.append((far, last))
    return np.flatnonzero(kept)


def _farthest(
    xs: FloatArray, ys: FloatArray, first: int, last: int
) -> tuple[int, float]:
    """The point between ``first`` and ``last`` farthest from the line joining them."""
    px, py = xs[first + 1 : last], ys[first + 1 : last]
    dx, dy = xs[last] - xs[first], ys[last] - ys[first]
    length = float(np.hypot(dx, dy))
    if length == 0:  # a loop back to its start: distance from that point
        distances = np.hypot(px - xs[first], py - ys[first])
    else:
        distances = np.abs(dy * (px - xs[first]) - dx * (py - ys[first])) / length
    at = int(np.argmax(distances))
    return first + 1 + at, float(distances[at])
