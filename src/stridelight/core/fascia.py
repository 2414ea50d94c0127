"""The ranking of the regions *upstream* of an ache along the fascial web
(docs/fascial-web.md).  The lines are in ``fascia_lines``, the measured
restrictions in ``fascia_restrictions``; their names are re-exported here.

"The ache shows up in the feet but starts elsewhere": each ache sends weight up the
lines that pass through its region, losing a share at every station, scaled by how
well dissection studies support that line, and boosted where a screening test or a
therapist measured a restriction on the same side.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from stridelight.core.as_of import local_window
from stridelight.core.fascia_lines import (
    LINE_EVIDENCE,
    LINE_NAMES,
    LINES,
    LineEvidence,
    lines_through,
)
from stridelight.core.fascia_restrictions import (
    SCREENING_REGIONS,
    Restriction,
    region_label,
    restrictions,
    sides_of,
)
from stridelight.core.journal import RunnerData
from stridelight.core.results import ChainLink
from stridelight.core.thresholds import DEFAULTS, Thresholds
from stridelight.core.vocabulary import LineGrade, Region, Side

__all__ = [
    "LINES",
    "LINE_EVIDENCE",
    "LINE_NAMES",
    "MAX_ACHE_REASONS",
    "SCREENING_REGIONS",
    "AcheSite",
    "LineEvidence",
    "LineGrade",
    "Restriction",
    "ache_sites",
    "grade_weight",
    "lines_through",
    "rank_chain",
    "restrictions",
]


#: Aching places named in a link's reasons, strongest first, per side.  How the
#: reasons read, not how the regions rank: the ranking counts every ache.
MAX_ACHE_REASONS = 3


@dataclass(frozen=True)
class AcheSite:
    """The aches of one region on one side within the window, summarised."""

    region: Region
    side: Side  # "left" or "right"
    weight: float  # sum over days of worst NRS/10 × recency
    days: int
    worst: int

    def describe(self) -> str:
        days = "1 day" if self.days == 1 else f"{self.days} days"
        return f"{self.side} {region_label(self.region)} ache up to {self.worst}/10 on {days}"


@dataclass(frozen=True)
class _Push:
    """Weight one ache site sends to one station up one line."""

    site: AcheSite
    line: str
    steps: int
    weight: float


def rank_chain(
    data: RunnerData, as_of: date, *, thresholds: Thresholds = DEFAULTS
) -> tuple[ChainLink, ...]:
    """Regions upstream of the runner's aches, most likely contributor first."""
    t = thresholds
    sites = ache_sites(data, as_of, thresholds=t)
    if not sites:
        return ()
    found = restrictions(data, as_of, thresholds=t)
    pushes: dict[tuple[Region, Side], list[_Push]] = defaultdict(list)
    for site in sites:
        for region, push in _pushes(site, t):
            pushes[region, site.side].append(push)
    per_side = [
        _side_link(region, side, found.get((region, side)), group, sites, t)
        for (region, side), group in pushes.items()
    ]
    return _merge_sides(per_side, t)


def grade_weight(grade: LineGrade, thresholds: Thresholds = DEFAULTS) -> float:
    """How much of an ache's weight a line of this evidence grade carries."""
    t = thresholds
    return {
        "strong": t.chain_grade_weight_strong,
        "moderate": t.chain_grade_weight_moderate,
        "limited": t.chain_grade_weight_limited,
        "none": t.chain_grade_weight_none,
    }[grade]


def ache_sites(
    data: RunnerData, as_of: date, *, thresholds: Thresholds = DEFAULTS
) -> tuple[AcheSite, ...]:
    """Aches within ``chain_window_days`` up to ``as_of``, per region and side.

    Several entries on one day count once, at their worst, so that logging often
    does not weigh more than aching often.  "both" counts on each side.
    """
    window_days = thresholds.chain_window_days
    half_life = thresholds.chain_recency_half_life_days
    tz = data.profile.zone
    worst: dict[tuple[Region, Side], dict[date, int]] = defaultdict(dict)
    begin, end = local_window(as_of, window_days, tz)
    for ache in data.aches:
        if ache.intensity <= 0 or not begin <= ache.at < end:
            continue
        day = ache.at.astimezone(tz).date()
        for side in sides_of(ache.side):
            by_day = worst[ache.region, side]
            by_day[day] = max(by_day.get(day, 0), ache.intensity)
    return tuple(
        AcheSite(
            region,
            side,
            weight=sum(
                _ache_weight(n, (as_of - d).days, half_life)
                for d, n in sorted(days.items())
            ),
            days=len(days),
            worst=max(days.values()),
        )
        for (region, side), days in sorted(worst.items())
    )


def _ache_weight(intensity: int, age_days: int, half_life_days: float) -> float:
    return intensity / 10.0 * math.exp2(-age_days / half_life_days)


def _pushes(site: AcheSite, t: Thresholds) -> Iterable[tuple[Region, _Push]]:
    """Every station above the site on every line through it, with its weight."""
    for line in lines_through(site.region):
        stations = LINES[line]
        start = stations.index(site.region)
        carry = grade_weight(LINE_EVIDENCE[line].grade, t)
        for steps, region in enumerate(stations[start + 1 :], start=1):
            # Only stations above: an ache never points at its own region.
            weight = site.weight * carry * t.chain_step_decay**steps
            yield region, _Push(site, line, steps, weight)


@dataclass(frozen=True)
class _SideLink:
    region: Region
    side: Side
    raw: float
    line: str
    path: tuple[str, ...]
    reasons: tuple[str, ...]


def _side_link(
    region: Region,
    side: Side,
    restriction: Restriction | None,
    pushes: list[_Push],
    sites: tuple[AcheSite, ...],
    t: Thresholds,
) -> _SideLink:
    """Score one region on one side through the line that supports it best.

    Lines are not summed: a region that many weak lines pass through should not
    outrank one that a single well-supported line reaches.
    """
    by_line: dict[str, float] = defaultdict(float)
    for push in pushes:
        by_line[push.line] += push.weight
    order = list(LINES)
    line = max(by_line, key=lambda name: (by_line[name], -order.index(name)))
    on_line = sorted(
        (p for p in pushes if p.line == line),
        key=lambda p: (-p.weight, p.site.region),
    )
    severity = restriction.severity if restriction else 0.0
    raw = by_line[line] * (1.0 + t.chain_restriction_gain * severity)
    lead = on_line[0]
    start = LINES[line].index(lead.site.region)
    path = LINES[line][start : start + lead.steps + 1]
    # The strongest few aches explain it; a long tail would bury the restriction.
    reasons = [p.site.describe() for p in on_line[:MAX_ACHE_REASONS]]
    if len(on_line) > MAX_ACHE_REASONS:
        reasons.append(
            f"and {len(on_line) - MAX_ACHE_REASONS} more aching places below"
        )
    if restriction:
        reasons.extend(restriction.reasons)
    reasons.extend(
        s.describe() + " here too"
        for s in sites
        if (s.region, s.side) == (region, side)
    )
    return _SideLink(region, side, raw, line, path, tuple(reasons))


def _merge_sides(per_side: list[_SideLink], t: Thresholds) -> tuple[ChainLink, ...]:
    """One link per region, from its stronger side, with that side's reasons only.

    The link's side is the one its score comes from, "both" when the two sides
    score the same (an ache logged on both sides, symmetrical findings); only then
    do both sides' reasons explain it.  A right forefoot ache never explains a
    left calf.
    """
    by_region: dict[Region, list[_SideLink]] = defaultdict(list)
    for link in per_side:
        by_region[link.region].append(link)
    links = []
    for region, sides in by_region.items():
        sides.sort(key=lambda s: (-s.raw, s.side))
        best = sides[0]
        grade, citation = LINE_EVIDENCE[best.line]
        tied = len(sides) > 1 and math.isclose(sides[1].raw, best.raw)
        side = "both" if tied else best.side
        own = sides if tied else [best]
        reasons = list(dict.fromkeys(r for s in own for r in s.reasons))
        reasons.append(f"on the {LINE_NAMES[best.line]} ({grade} evidence, {citation})")
        score = _score(best.raw, t.chain_score_scale)
        links.append(
            ChainLink(region, score, best.line, grade, best.path, tuple(reasons), side)
        )
    return tuple(sorted(links, key=lambda c: (-c.score, c.region)))


def _score(raw: float, scale: float) -> float:
    """Saturating 0..1 score: keeps its meaning from one week to the next, unlike
    dividing by the week's maximum, so a falling score means the aches came down."""
    return -math.expm1(-raw / scale)
