"""Small HTML building blocks shared by the report's sections.

Everything that reaches the page from the analysis or the runner goes through
:func:`esc`; the helpers here take plain words and escape them themselves.
"""

from __future__ import annotations

from html import escape

from stridelight.report import svg
from stridelight.report.labels import LEVEL_SYMBOLS, LEVEL_WORDS, level_colour, tidy


def esc(words: str) -> str:
    return escape(words, quote=True)


def section(key: str, heading: str, body: str, *, new_page: bool = False) -> str:
    """A report section; ``new_page`` starts it on a fresh sheet when printed."""
    classes = f"section section-{key}" + (" new-page" if new_page else "")
    return (
        f'<section id="{esc(key)}" class="{classes}">'
        f"<h2>{esc(heading)}</h2>{body}</section>"
    )


def para(words: str, cls: str | None = None) -> str:
    attr = f' class="{esc(cls)}"' if cls else ""
    return f"<p{attr}>{esc(words)}</p>"


def cite(source_id: str) -> str:
    """A citation that jumps to its entry in the sources list."""
    if not source_id:
        return ""
    return f'<a class="cite" href="#src-{esc(source_id)}">[{esc(source_id)}]</a>'


def badge(level: str) -> str:
    """Level in symbol and words as well as colour (readable in greyscale too)."""
    symbol = LEVEL_SYMBOLS.get(level, "?")
    words = LEVEL_WORDS.get(level, tidy(level))
    return (
        f'<span class="badge badge-{esc(level)}" data-level="{esc(level)}">'
        f"{symbol} {esc(words)}</span>"
    )


def score_bar(score: float, level: str, label: str) -> str:
    """A 0-1 score as a small bar with the number beside it."""
    clamped = max(0.0, min(1.0, score))
    body = svg.element("rect", x=0.5, y=0.5, width=119, height=11, rx=3,
                       fill="#FFFFFF", stroke="#777777")  # fmt: skip
    body += svg.element("rect", x=0.5, y=0.5, width=119 * clamped, height=11, rx=3,
                        fill=level_colour(level))  # fmt: skip
    head = svg.attrs(
        xmlns=svg.SVG_NS, viewBox="0 0 120 12", width=120, height=12,
        class_="score-bar", role="img", aria_label=label,
    )  # fmt: skip
    return (
        f'<span class="score"><svg {head}>{svg.title(label)}{body}</svg>'
        f' <span class="score-number">{score:.2f}</span></span>'
    )


def figure(svg_markup: str, caption: str) -> str:
    return (
        f'<figure class="figure">{svg_markup}'
        f"<figcaption>{esc(caption)}</figcaption></figure>"
    )


def bullets(items: list[str], cls: str = "") -> str:
    """An unordered list of already-built HTML items."""
    attr = f' class="{esc(cls)}"' if cls else ""
    return f"<ul{attr}>{''.join(f'<li>{item}</li>' for item in items)}</ul>"
