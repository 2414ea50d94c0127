"""A few helpers to write hand-built SVG as text, escaping every value.

The body map and the chain diagram are drawn by hand (matplotlib has no body
outline), and names in them may come from the runner, so nothing is written
without going through :func:`attrs` or :func:`text`.
"""

from __future__ import annotations

from html import escape

SVG_NS = "http://www.w3.org/2000/svg"
FONT_FAMILY = "DejaVu Sans, Arial, sans-serif"

Attr = str | float | int | None


def font(size: float, *, bold: bool = False, fill: str = "#222222") -> dict[str, Attr]:
    """Text style as presentation attributes, not CSS classes: WeasyPrint does not
    apply the page's stylesheet inside inline SVG, and attributes travel with the
    SVG when it is copied out of the page."""
    return {
        "font_family": FONT_FAMILY,
        "font_size": size,
        "font_weight": "bold" if bold else None,
        "fill": fill,
    }


def fmt(value: float | int) -> str:
    """Coordinates with one decimal at most: short output, stable across runs."""
    text = f"{float(value):.1f}"
    return text[:-2] if text.endswith(".0") else text


def attrs(**values: Attr) -> str:
    """``class_="x", stroke_width=2`` -> ``class="x" stroke-width="2"``; None is left out."""
    parts = []
    for key, value in values.items():
        if value is None:
            continue
        name = key.rstrip("_").replace("_", "-")
        shown = value if isinstance(value, str) else fmt(value)
        parts.append(f'{name}="{escape(shown, quote=True)}"')
    return " ".join(parts)


def element(tag: str, body: str = "", **values: Attr) -> str:
    opening = f"<{tag} {attrs(**values)}".rstrip()
    return f"{opening}>{body}</{tag}>" if body else f"{opening}/>"


def text(x: float, y: float, words: str, **values: Attr) -> str:
    return element("text", escape(words, quote=False), x=x, y=y, **values)


def title(words: str) -> str:
    """A tooltip in browsers and a label for screen readers."""
    return f"<title>{escape(words, quote=False)}</title>"


def document(width: float, height: float, body: str, label: str) -> str:
    """An inline ``<svg>`` that scales to the page width and keeps its proportions."""
    head = attrs(
        xmlns=SVG_NS,
        viewBox=f"0 0 {fmt(width)} {fmt(height)}",
        width=width,
        height=height,
        role="img",
        aria_label=label,
        class_="chart",
    )
    return f"<svg {head}>{title(label)}{body}</svg>"


def points(pairs: list[tuple[float, float]]) -> str:
    return " ".join(f"{fmt(x)},{fmt(y)}" for x, y in pairs)
