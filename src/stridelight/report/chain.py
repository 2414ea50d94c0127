"""The chain diagram: from the aching region up each myofascial line to its origins.

One row per line (or per track of a line, when two ranked regions sit on paths that
part ways).  The row starts at the ache and follows ``ChainLink.path`` upwards; the
ranked regions carry their rank and score, and the arrows' dash says how well the
line itself is supported (solid for strong evidence, dotted for none).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from stridelight.core.results import ChainLink
from stridelight.report import svg
from stridelight.report.labels import (
    BLUE,
    GREY,
    INK,
    VERMILLION,
    line_name,
    region_words,
)

NODE_W, NODE_H, GAP = 118.0, 54.0, 34.0
LABEL_W, ROW_H, TOP = 176.0, 84.0, 12.0
LEGEND_H = 40.0
DASHES: dict[str, str | None] = {
    "strong": None,
    "moderate": "8 4",
    "limited": "4 4",
    "weak": "4 4",
    "none": "1.5 4",
}
NAME_FONT = svg.font(11, bold=True)
SUB_FONT = svg.font(9.5, fill="#5A5A5A")
RANK_FONT = svg.font(10, bold=True, fill="#004F7C")
LINE_FONT = svg.font(11, bold=True)
GRADE_FONT = svg.font(10, fill="#5A5A5A")


@dataclass
class Row:
    line: str
    grade: str
    nodes: tuple[str, ...]
    ache: bool  # True when nodes[0] is the aching region (the link had a path)
    ranks: dict[int, tuple[int, float]] = field(
        default_factory=dict
    )  # index -> rank, score


def ranked(chain: Iterable[ChainLink]) -> list[ChainLink]:
    """Best first; ties keep the analysis' own order (``sorted`` is stable)."""
    return sorted(chain, key=lambda link: -link.score)


def chain_rows(chain: Iterable[ChainLink]) -> list[Row]:
    """Lay ranked links onto rows: a link joins a row whose path it starts."""
    order = ranked(chain)
    rank_of = {id(link): i + 1 for i, link in enumerate(order)}
    rows: list[Row] = []
    for link in sorted(order, key=lambda link: -len(link.path)):
        nodes = link.path or (link.region,)
        row = next(
            (r for r in rows if r.line == link.line and r.nodes[: len(nodes)] == nodes),
            None,
        )
        if row is None:
            row = Row(link.line, link.evidence_grade, nodes, ache=bool(link.path))
            rows.append(row)
        row.ranks[len(nodes) - 1] = (rank_of[id(link)], link.score)
    # Rows in the order of their best rank, so the top origin is drawn first.
    return sorted(rows, key=lambda r: min(rank for rank, _ in r.ranks.values()))


def _node(
    x: float, y: float, region: str, kind: str, rank: tuple[int, float] | None
) -> str:
    name, _, side = region.partition(":")
    stroke, fill, width = {
        "ache": (VERMILLION, "#FBE3D6", 2.0),
        "ranked": (BLUE, "#DCEBF5", 2.0),
        "between": (GREY, "#FFFFFF", 1.0),
    }[kind]
    box = svg.element(
        "rect", x=x, y=y, width=NODE_W, height=NODE_H, rx=8, fill=fill,
        stroke=stroke, stroke_width=width,
    )  # fmt: skip
    cx = x + NODE_W / 2
    lines = [
        svg.text(cx, y + 18, region_words(name), text_anchor="middle", **NAME_FONT)
    ]
    sub = ", ".join(w for w in (side, "where it aches" if kind == "ache" else "") if w)
    if sub:
        lines.append(svg.text(cx, y + 31, sub, text_anchor="middle", **SUB_FONT))
    if rank is not None:
        lines.append(_rank_badge(x, y, rank))
    return f"<g class='node node-{kind}'>{box}{''.join(lines)}</g>"


def _rank_badge(x: float, y: float, rank: tuple[int, float]) -> str:
    """Rank and score in words, plus a bar that fills with the score."""
    number, score = rank
    words = svg.text(x + 8, y + 46, f"#{number}  {score:.2f}", **RANK_FONT)
    bar_x, bar_w = x + 58, NODE_W - 66
    track = svg.element("rect", x=bar_x, y=y + 40, width=bar_w, height=7, fill="#FFFFFF",
                        stroke=BLUE, stroke_width=0.6)  # fmt: skip
    filled = svg.element(
        "rect", x=bar_x, y=y + 40, width=bar_w * max(0.0, min(1.0, score)), height=7,
        fill=BLUE,
    )  # fmt: skip
    return words + track + filled


def _arrow(x1: float, x2: float, y: float, grade: str) -> str:
    line = svg.element(
        "line", x1=x1, y1=y, x2=x2 - 7, y2=y, stroke=INK, stroke_width=1.6,
        stroke_dasharray=DASHES.get(grade, "1.5 4"),
    )  # fmt: skip
    head = svg.element(
        "polygon", points=svg.points([(x2, y), (x2 - 9, y - 5), (x2 - 9, y + 5)]),
        fill=INK,
    )  # fmt: skip
    return line + head


def _row(row: Row, y: float) -> str:
    parts = [
        svg.text(6, y + 22, line_name(row.line), **LINE_FONT),
        svg.text(6, y + 39, f"evidence: {row.grade}", **GRADE_FONT),
    ]
    for i, region in enumerate(row.nodes):
        x = LABEL_W + i * (NODE_W + GAP)
        kind = (
            "ache" if i == 0 and row.ache else "ranked" if i in row.ranks else "between"
        )
        parts.append(_node(x, y, region, kind, row.ranks.get(i)))
        if i:
            parts.append(_arrow(x - GAP, x, y + NODE_H / 2, row.grade))
    return f"<g class='chain-row'>{''.join(parts)}</g>"


def _legend(y: float) -> str:
    parts = [svg.text(6, y + 14, "Line evidence:", **GRADE_FONT)]
    for i, grade in enumerate(("strong", "moderate", "limited", "none")):
        x = 100 + i * 120
        parts.append(_arrow(x, x + 44, y + 10, grade))
        parts.append(svg.text(x + 50, y + 14, grade, **GRADE_FONT))
    return "".join(parts)


def chain_svg(chain: Iterable[ChainLink]) -> str | None:
    """The diagram as an inline ``<svg>``, or None when nothing was ranked."""
    rows = chain_rows(chain)
    if not rows:
        return None
    longest = max(len(r.nodes) for r in rows)
    width = LABEL_W + longest * (NODE_W + GAP) - GAP + 8
    height = TOP + len(rows) * ROW_H + LEGEND_H
    body = "".join(_row(row, TOP + i * ROW_H) for i, row in enumerate(rows))
    body += _legend(TOP + len(rows) * ROW_H)
    return svg.document(
        width,
        height,
        body,
        "Chain from the aching region to the ranked upstream regions",
    )
