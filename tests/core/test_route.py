"""core.route: positions to a small drawing, projected, scaled and simplified."""

from __future__ import annotations

import numpy as np

from stridelight.core.route import BOX, MARGIN, route_drawing


def test_fewer_than_two_positions_draw_nothing() -> None:
    nan = np.array([np.nan, np.nan, 1.0])
    assert route_drawing(nan, np.array([np.nan, np.nan, 1.0])) is None
    # 0°, 0° is a device's placeholder, not a place
    assert route_drawing(np.zeros(5), np.zeros(5)) is None


def test_a_long_track_is_simplified_to_at_most_the_points_asked() -> None:
    angle = np.linspace(0, 40 * np.pi, 50_000)  # a wiggly spiral, nothing straight
    lat = 51.5 + 0.01 * np.sin(angle) * angle / 100
    lon = -0.12 + 0.01 * np.cos(angle) * angle / 100
    drawing = route_drawing(lat, lon, max_points=300)
    assert drawing is not None
    assert 100 < len(drawing.points) <= 300
    assert drawing.positions == 50_000


def test_a_straight_line_needs_its_two_ends_only() -> None:
    lat = np.linspace(48.0, 48.01, 1000)
    drawing = route_drawing(lat, np.full(1000, 2.35))
    assert drawing is not None and len(drawing.points) == 2


def test_north_is_up_and_the_box_keeps_the_shape() -> None:
    # 1 km north, then 2 km east, at 60° north (a degree of longitude is half as long)
    lat = np.array([60.0, 60.009, 60.009])
    lon = np.array([10.0, 10.0, 10.0 + 0.036])
    drawing = route_drawing(lat, lon)
    assert drawing is not None
    (x0, y0), (x1, y1), (x2, y2) = drawing.points
    assert y1 < y0 and x1 == x0  # north: up the page
    assert x2 > x1 and y2 == y1
    east, north = x2 - x1, y0 - y1
    assert abs(east / north - 2.0) < 0.05
    assert drawing.width == BOX and drawing.height < BOX
    assert min(min(p) for p in drawing.points) >= MARGIN - 1e-9
