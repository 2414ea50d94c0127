"""``{% body_map %}``: the body map, drawn for the check-in or as a heat map.

Load it with ``{% load body_map %}``.  Two modes:

``{% body_map "interactive" prefix="ache-0" selected="heel:left" %}``
    The check-in's map, and the session note's findings map.  Each region on
    each side is a control (``role="button"``, ``aria-pressed``, an accessible
    name such as "Left heel"); ``runners/body_map.js`` makes the map appear,
    lets Tab enter it once, the arrow keys (and Home/End) move between regions
    and Enter/Space or a click press one.  The page's own script says what a
    press does: on the check-in (``runners/checkin.js``) it checks the same
    region in the form's region list; on the session note
    (``clinic/findings.js``) it fills the next empty finding row.  The map
    drives the form; the lists are the control without JavaScript and the WCAG
    2.5.8 equivalent for small targets.  Arguments:

    - ``prefix``: what the element ids start with, unique on the page (the
      ache form's prefix), and the ``data-for`` the script matches the form by.
    - ``selected``: ``"region:side"`` shown pressed when the page is drawn
      (an ache being edited), or None.
    - ``hint`` and ``label``: the words above the map and the map's accessible
      name; the check-in's by default.  Another page (the session note's
      findings) says what a press means there, and brings its own script: the
      map's keys and clicks are ``runners/body_map.js``.

``{% body_map "heat" values=analysis.ache_by_region caption="…" %}``
    A read-only heat map and a table of the same figures (its text
    equivalent).  Arguments:

    - ``values``: a mapping ``"region:side"`` -> a 0-10 value (the analysis'
      ``ache_by_region``: mean NRS); ``both`` or no side shades both legs.
      Regions without a value are unshaded and said to have "none logged",
      never "no ache" (DESIGN §1: no data is not good news).
    - ``caption``: what the values are, shown above the map and naming the
      table (for example "Mean ache per region, last 28 days").
    - ``prefix``: the element ids' start, when a page holds two heat maps.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from stridelight.report.labels import region_words
from stridelight.runners.body_map import (
    LEG_SIDES,
    MAP_VIEWS,
    heat_legend,
    per_side,
    shade,
)

register = template.Library()

MODES = ("interactive", "heat")
CHECKIN_HINT = (
    "Tap where it aches; you choose the side next. In the front view you face "
    "the runner, so their left leg is on your right."
)
CHECKIN_LABEL = "Body map: where it aches"


@register.inclusion_tag("runners/body_map.html")
def body_map(
    mode: str = "interactive",
    *,
    prefix: str = "body-map",
    selected: str | None = None,
    values: Mapping[str, float] | None = None,
    caption: str = "Ache per region",
    hint: str = CHECKIN_HINT,
    label: str = CHECKIN_LABEL,
) -> dict[str, Any]:
    """The map's context; the module's docstring documents the arguments."""
    if mode not in MODES:
        raise template.TemplateSyntaxError(
            f"body_map mode {mode!r} is not one of {MODES}"
        )
    if mode == "interactive":
        markup = interactive_markup(prefix, selected, hint, label)
        return {"mode": mode, "markup": markup}
    shaded = per_side(values or {})
    return {
        "mode": mode,
        "prefix": prefix,
        "caption": caption,
        "views": [_heat_view(view, shaded) for view in MAP_VIEWS],
        "rows": _rows(shaded),
        "legend": heat_legend(),
    }


@functools.lru_cache(maxsize=64)
def interactive_markup(
    prefix: str,
    selected: str | None,
    hint: str = CHECKIN_HINT,
    label: str = CHECKIN_LABEL,
) -> SafeString:
    """The interactive map's HTML, drawn once per prefix (ache-0, ache-1…) and
    kept: some 50 shapes through the template language cost more than the rest
    of the check-in page together."""
    html = render_to_string(
        "runners/body_map_interactive.html",
        {
            "prefix": prefix,
            "views": MAP_VIEWS,
            "selected": selected,
            "hint": hint,
            "label": label,
        },
    )
    return mark_safe(html)  # noqa: S308 - our own template's output, escaped there


def _heat_view(view: Any, shaded: Mapping[tuple[str, str], float]) -> dict[str, Any]:
    regions = []
    for r in view.regions:
        value = shaded.get((r.region, r.side))
        said = "none logged" if value is None else f"{value:.1f} of 10"
        regions.append(
            {"shape": r, "fill": shade(value), "title": f"{r.label}: {said}"}
        )
    return {"view": view, "regions": regions}


def _rows(shaded: Mapping[tuple[str, str], float]) -> list[dict[str, Any]]:
    """One table row per region with a value on either side, in body order."""
    rows = []
    seen: set[str] = set()
    for view in MAP_VIEWS:
        for r in view.regions:
            if r.region in seen:
                continue
            seen.add(r.region)
            cells = [shaded.get((r.region, side)) for side in LEG_SIDES]
            if any(c is not None for c in cells):
                shown = ["none logged" if c is None else f"{c:.1f}" for c in cells]
                rows.append({"region": region_words(r.region), "cells": shown})
    return rows
