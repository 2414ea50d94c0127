"""The chain diagram: from the aching region up each myofascial line to its origins.

One row per line and side (or per track of a line, when two ranked regions sit on
paths that part ways).  The row starts at the ache and follows ``ChainLink.path``
upwards.  A region ranked anywhere is drawn as ranked wherever it appears on its
side, with its rank, its score and a shade that deepens with the score; the
arrows' dash says how well the line itself is supported (solid for strong
evidence, dotted for none).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

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

NODE_W, NODE_H, GAP = 118.0, 60.0, 34.0
LABEL_W, ROW_H, TOP = 176.0, 84.0, 12.0
LEGEND_H = 64.0
BAR_Y, BAR_H = 50.0, 5.0  # the score bar, below the rank words and clear of them
DASHES: dict[str, str | None] = {
    "strong": None,
    "moderate": "8 4",
    "limited": "4 4",
    "weak": "4 4",
    "none": "1.5 4",
}
# Fill of a ranked box by score, light to dark, so the order shows at a glance.
SHADES: tuple[tuple[float, str, str], ...] = (
    (0.66, "#9FCBEA", "score 0.66 or more"),
    (0.33, "#C8E0F2", "0.33 to 0.66"),
    (0.0, "#EAF3FA", "under 0.33"),
)
ACHE_FILL = "#FBE3D6"
NAME_FONT = svg.font(11, bold=True)
SUB_FONT = svg.font(9.5, fill="#4A4A4A")
RANK_FONT = svg.font(10, bold=True, fill="#004F7C")
LINE_FONT = svg.font(11, bold=True)
GRADE_FONT = svg.font(10, fill="#5A5A5A")

Rank = tuple[int, float]  # rank (1 is the best), score 0-1


@dataclass
class Row:
    line: str
    side: str
    grade: str
    nodes: tuple[str, ...]
    ache: bool  # True when nodes[0] is the aching region (the link had a path)
    best: int  # position of the row's best link in the ranking, 0 first


def ranked(chain: Iterable[ChainLink]) -> list[ChainLink]:
    """Best first; ties keep the analysis' own order (``sorted`` is stable)."""
    return sorted(chain, key=lambda link: -link.score)


def region_and_side(link: ChainLink) -> tuple[str, str]:
    """The bare region and its side; a side written into the region id wins."""
    name, _, side = link.region.partition(":")
    return name, side or link.side


def ranks(chain: Iterable[ChainLink]) -> dict[tuple[str, str], Rank]:
    """(region, side) -> (rank, score) of every ranked region."""
    found: dict[tuple[str, str], Rank] = {}
    for i, link in enumerate(ranked(chain), start=1):
        found.setdefault(region_and_side(link), (i, link.score))
    return found


def chain_rows(chain: Iterable[ChainLink]) -> list[Row]:
    """Lay ranked links onto rows: a link joins a row of its line and side whose
    path it starts; links of the left and the right never share a row."""
    order = list(enumerate(ranked(chain)))
    rows: list[Row] = []
    for best, link in sorted(order, key=lambda item: -len(item[1].path)):
        region, side = region_and_side(link)
        nodes = tuple(n.partition(":")[0] for n in link.path) or (region,)
        row = next(
            (r for r in rows if (r.line, r.side) == (link.line, side)
             and r.nodes[: len(nodes)] == nodes),
            None,
        )  # fmt: skip
        if row is None:
            rows.append(Row(link.line, side, link.evidence_grade, nodes,
                            ache=bool(link.path), best=best))  # fmt: skip
        else:
            row.best = min(row.best, best)
    # Rows in the order of their best link, so the top origin is drawn first.
    return sorted(rows, key=lambda r: r.best)


def side_words(side: str) -> str:
    return "both sides" if side == "both" else side


def row_side_words(side: str) -> str:
    return "Both sides" if side == "both" else f"{side.capitalize()} side"


def shade(score: float) -> str:
    """The fill of a ranked box: darker for a higher score."""
    return next((colour for low, colour, _ in SHADES if score >= low), SHADES[-1][1])


def _node(
    x: float, y: float, region: str, side: str, kind: str, rank: Rank | None
) -> str:
    stroke, fill, width = {
        "ache": (VERMILLION, ACHE_FILL, 2.0),
        "ranked": (BLUE, shade(rank[1]) if rank else "#FFFFFF", 2.0),
        "between": (GREY, "#FFFFFF", 1.0),
    }[kind]
    box = svg.element(
        "rect", x=x, y=y, width=NODE_W, height=NODE_H, rx=8, fill=fill,
        stroke=stroke, stroke_width=width, class_="box",
    )  # fmt: skip
    cx = x + NODE_W / 2
    sub = f"{side_words(side)}, aches here" if kind == "ache" else side_words(side)
    lines = [
        svg.text(cx, y + 17, region_words(region), text_anchor="middle", **NAME_FONT),
        svg.text(cx, y + 31, sub, text_anchor="middle", class_="side", **SUB_FONT),
    ]
    if rank is not None and kind == "ranked":
        lines.append(_rank_badge(x, y, rank))
    data = svg.attrs(class_=f"node node-{kind}", data_region=region, data_side=side)
    return f"<g {data}>{box}{''.join(lines)}</g>"


def _rank_badge(x: float, y: float, rank: Rank) -> str:
    """Rank and score in words, and below them a bar that fills with the score."""
    number, score = rank
    words = svg.text(x + 8, y + 45, f"#{number}  {score:.2f}", class_="rank",
                     **RANK_FONT)  # fmt: skip
    bar_w = NODE_W - 16
    track = svg.element("rect", x=x + 8, y=y + BAR_Y, width=bar_w, height=BAR_H,
                        fill="#FFFFFF", stroke=BLUE, stroke_width=0.6,
                        class_="score-track")  # fmt: skip
    filled = svg.element(
        "rect", x=x + 8, y=y + BAR_Y, width=bar_w * max(0.0, min(1.0, score)),
        height=BAR_H, fill=BLUE, class_="score-fill",
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


def _row(row: Row, y: float, rank_of: Mapping[tuple[str, str], Rank]) -> str:
    parts = [
        svg.text(6, y + 20, line_name(row.line), **LINE_FONT),
        svg.text(6, y + 36, row_side_words(row.side), **GRADE_FONT),
        svg.text(6, y + 50, f"evidence: {row.grade}", **GRADE_FONT),
    ]
    for i, region in enumerate(row.nodes):
        x = LABEL_W + i * (NODE_W + GAP)
        rank = rank_of.get((region, row.side))
        ache = i == 0 and row.ache
        kind = "ache" if ache else "ranked" if rank else "between"
        parts.append(_node(x, y, region, row.side, kind, rank))
        if i:
            parts.append(_arrow(x - GAP, x, y + NODE_H / 2, row.grade))
    return f"<g class='chain-row'>{''.join(parts)}</g>"


def _legend(y: float) -> str:
    parts = [svg.text(6, y + 14, "Line evidence:", **GRADE_FONT)]
    for i, grade in enumerate(("strong", "moderate", "limited", "none")):
        x = 120 + i * 120
        parts.append(_arrow(x, x + 44, y + 10, grade))
        parts.append(svg.text(x + 50, y + 14, grade, **GRADE_FONT))
    parts.append(svg.text(6, y + 42, "Ranked region:", **GRADE_FONT))
    for i, (_, colour, words) in enumerate(SHADES):
        x = 120 + i * 160
        parts.append(svg.element("rect", x=x, y=y + 30, width=22, height=16, rx=4,
                                 fill=colour, stroke=BLUE, stroke_width=1.5))  # fmt: skip
        parts.append(svg.text(x + 28, y + 42, words, **GRADE_FONT))
    return f"<g class='legend'>{''.join(parts)}</g>"


def chain_svg(chain: Iterable[ChainLink]) -> str | None:
    """The diagram as an inline ``<svg>``, or None when nothing was ranked."""
    links = list(chain)
    rows = chain_rows(links)
    if not rows:
        return None
    rank_of = ranks(links)
    longest = max(len(r.nodes) for r in rows)
    width = max(LABEL_W + longest * (NODE_W + GAP) - GAP + 8, 600.0)
    height = TOP + len(rows) * ROW_H + LEGEND_H
    body = "".join(_row(row, TOP + i * ROW_H, rank_of) for i, row in enumerate(rows))
    body += _legend(TOP + len(rows) * ROW_H)
    return svg.document(
        width,
        height,
        body,
        "Chain from the aching region to the ranked upstream regions",
    )
