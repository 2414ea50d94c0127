"""The fascial web: myofascial lines as a graph of body regions, and the ranking of
the regions *upstream* of an ache (docs/fascial-web.md).

"The ache shows up in the feet but starts elsewhere": each ache sends weight up the
lines that pass through its region, losing a share at every station, scaled by how
well dissection studies support that line, and boosted where a screening test or a
therapist measured a restriction on the same side.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType
from typing import Literal, NamedTuple
from zoneinfo import ZoneInfo

from stridelight.core.journal import RunnerData, Screening
from stridelight.core.results import ChainLink
from stridelight.core.thresholds import DEFAULTS, Thresholds

LineGrade = Literal["strong", "moderate", "limited", "none"]

#: Stations of each line over our 22 regions, bottom to top (Myers 2014, mapped in
#: docs/fascial-web.md).  The spiral line is a sling under the foot with two arms
#: going up; a line here is one linear track, so each arm is its own id.
LINES: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "superficial_back_line": (
            "toes", "forefoot", "arch", "heel", "achilles", "calf",
            "knee_back", "hamstrings", "lower_back",
        ),
        "spiral_line_back": (
            "arch", "outer_foot", "outer_ankle", "knee_outer", "hamstrings",
            "lower_back",
        ),
        "spiral_line_front": (
            "arch", "top_of_foot", "shin", "knee_outer", "it_band", "outer_hip",
        ),
        "lateral_line": (
            "outer_foot", "outer_ankle", "knee_outer", "it_band", "outer_hip",
            "glutes",
        ),
        "deep_front_line": (
            "toes", "arch", "inner_ankle", "calf", "knee_back", "adductors",
            "hip_flexors", "lower_back",
        ),
        "superficial_front_line": (
            "toes", "top_of_foot", "shin", "knee_front", "quadriceps", "hip_flexors",
        ),
    }
)  # fmt: skip

LINE_NAMES: Mapping[str, str] = MappingProxyType(
    {
        "superficial_back_line": "Superficial Back Line",
        "spiral_line_back": "Spiral Line (back arm)",
        "spiral_line_front": "Spiral Line (front arm)",
        "lateral_line": "Lateral Line",
        "deep_front_line": "Deep Front Line",
        "superficial_front_line": "Superficial Front Line",
    }
)


class LineEvidence(NamedTuple):
    grade: LineGrade
    citation: str  # id in core.evidence


#: Wilke 2016 reviewed dissection studies of six lines: SBL all transitions
#: verified (strong), spiral and lateral lines only in parts (moderate), SFL none.
#: The deep front line was not reviewed: it rests on Myers' description alone.
LINE_EVIDENCE: Mapping[str, LineEvidence] = MappingProxyType(
    {
        "superficial_back_line": LineEvidence("strong", "wilke2016"),
        "spiral_line_back": LineEvidence("moderate", "wilke2016"),
        "spiral_line_front": LineEvidence("moderate", "wilke2016"),
        "lateral_line": LineEvidence("moderate", "wilke2016"),
        "deep_front_line": LineEvidence("limited", "myers2014"),
        "superficial_front_line": LineEvidence("none", "wilke2016"),
    }
)

#: How much of an ache's weight a line carries, by its evidence grade.  An
#: unsupported line still carries a little so that its regions show, ranked last.
GRADE_WEIGHT: Mapping[LineGrade, float] = MappingProxyType(
    {"strong": 1.0, "moderate": 0.7, "limited": 0.5, "none": 0.2}
)

#: Share of the weight kept at each station up the line (0.7 ** 3 ≈ 0.34).
STEP_DECAY = 0.7
#: An ache counts half as much every this many days before "as of".
RECENCY_HALF_LIFE_DAYS = 14.0
#: A fully restricted region (severity 1) counts (1 + gain) times as much.
RESTRICTION_GAIN = 1.0
#: Aching places named in a link's reasons, strongest first, per side.
MAX_ACHE_REASONS = 3
#: Raw score at which the 0..1 score reaches 1 − 1/e ≈ 0.63.
SCORE_SCALE = 1.0


def lines_through(region: str) -> tuple[str, ...]:
    """Ids of the lines that have ``region`` as a station, in ``LINES`` order."""
    return tuple(line for line, stations in LINES.items() if region in stations)


@dataclass(frozen=True)
class AcheSite:
    """The aches of one region on one side within the window, summarised."""

    region: str
    side: str  # "left" or "right"
    weight: float  # sum over days of worst NRS/10 × recency
    days: int
    worst: int

    def describe(self) -> str:
        days = "1 day" if self.days == 1 else f"{self.days} days"
        return f"{self.side} {_label(self.region)} ache up to {self.worst}/10 on {days}"


@dataclass(frozen=True)
class _Push:
    """Weight one ache site sends to one station up one line."""

    site: AcheSite
    line: str
    steps: int
    weight: float


def rank_chain(
    data: RunnerData, as_of: date, *, window_days: int = 56
) -> tuple[ChainLink, ...]:
    """Regions upstream of the runner's aches, most likely contributor first."""
    sites = ache_sites(data, as_of, window_days=window_days)
    if not sites:
        return ()
    found = restrictions(data, as_of)
    pushes: dict[tuple[str, str], list[_Push]] = defaultdict(list)
    for site in sites:
        for region, push in _pushes(site):
            pushes[region, site.side].append(push)
    per_side = [
        _side_link(region, side, found.get((region, side)), group, sites)
        for (region, side), group in pushes.items()
    ]
    return _merge_sides(per_side)


def ache_sites(
    data: RunnerData, as_of: date, *, window_days: int = 56
) -> tuple[AcheSite, ...]:
    """Aches within ``window_days`` up to ``as_of``, per region and side.

    Several entries on one day count once, at their worst, so that logging often
    does not weigh more than aching often.  "both" counts on each side.
    """
    tz = _zone(data.profile.time_zone)
    worst: dict[tuple[str, str], dict[date, int]] = defaultdict(dict)
    for ache in data.aches:
        day = ache.at.astimezone(tz).date()
        if ache.intensity <= 0 or not 0 <= (as_of - day).days < window_days:
            continue
        for side in _sides(ache.side):
            by_day = worst[ache.region, side]
            by_day[day] = max(by_day.get(day, 0), ache.intensity)
    return tuple(
        AcheSite(
            region,
            side,
            weight=sum(
                _ache_weight(n, (as_of - d).days) for d, n in sorted(days.items())
            ),
            days=len(days),
            worst=max(days.values()),
        )
        for (region, side), days in sorted(worst.items())
    )


def _ache_weight(intensity: int, age_days: int) -> float:
    return intensity / 10.0 * math.exp2(-age_days / RECENCY_HALF_LIFE_DAYS)


def _pushes(site: AcheSite) -> Iterable[tuple[str, _Push]]:
    """Every station above the site on every line through it, with its weight."""
    for line in lines_through(site.region):
        stations = LINES[line]
        start = stations.index(site.region)
        carry = GRADE_WEIGHT[LINE_EVIDENCE[line].grade]
        for steps, region in enumerate(stations[start + 1 :], start=1):
            # Only stations above: an ache never points at its own region.
            weight = site.weight * carry * STEP_DECAY**steps
            yield region, _Push(site, line, steps, weight)


@dataclass(frozen=True)
class _SideLink:
    region: str
    side: str
    raw: float
    line: str
    path: tuple[str, ...]
    reasons: tuple[str, ...]


def _side_link(
    region: str,
    side: str,
    restriction: Restriction | None,
    pushes: list[_Push],
    sites: tuple[AcheSite, ...],
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
    raw = by_line[line] * (1.0 + RESTRICTION_GAIN * severity)
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


def _merge_sides(per_side: list[_SideLink]) -> tuple[ChainLink, ...]:
    """One link per region, from its stronger side; the other side's reasons follow."""
    by_region: dict[str, list[_SideLink]] = defaultdict(list)
    for link in per_side:
        by_region[link.region].append(link)
    links = []
    for region, sides in by_region.items():
        sides.sort(key=lambda s: (-s.raw, s.side))
        best = sides[0]
        grade, citation = LINE_EVIDENCE[best.line]
        reasons = [r for s in sides for r in s.reasons]
        reasons.append(f"on the {LINE_NAMES[best.line]} ({grade} evidence, {citation})")
        score = _score(best.raw)
        links.append(
            ChainLink(region, score, best.line, grade, best.path, tuple(reasons))
        )
    return tuple(sorted(links, key=lambda c: (-c.score, c.region)))


def _score(raw: float) -> float:
    """Saturating 0..1 score: keeps its meaning from one week to the next, unlike
    dividing by the week's maximum, so a falling score means the aches came down."""
    return -math.expm1(-raw / SCORE_SCALE)


# --- measured restrictions -----------------------------------------------------

#: Which regions each screening test speaks for (docs/fascial-web.md).
SCREENING_REGIONS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "knee_to_wall_cm": ("calf", "achilles"),
        "ankle_df_deg": ("calf", "achilles"),
        "heel_raise_reps": ("calf",),
        "slr_deg": ("hamstrings",),
        "thomas": ("hip_flexors",),
    }
)
#: Distance below the norm at which a test counts as fully restricted (severity 1).
KNEE_TO_WALL_SPAN_CM = 5.0
SLR_SPAN_DEG = 30.0
HEEL_RAISE_SPAN_REPS = 15.0
#: A positive Thomas test counts half: its validity is poor (Vigotsky 2016).
THOMAS_SEVERITY = 0.5


@dataclass(frozen=True)
class Restriction:
    """What was measured at one region and side, strongest first."""

    severity: float  # 0..1
    reasons: tuple[str, ...]


def restrictions(
    data: RunnerData, as_of: date, *, thresholds: Thresholds = DEFAULTS
) -> Mapping[tuple[str, str], Restriction]:
    """Restrictions by (region, side) from the latest screenings and session findings.

    Only the latest value of each test or finding counts, so a restriction the
    therapist later found released (0/3) stops boosting its region.
    """
    found: dict[tuple[str, str], list[tuple[float, str]]] = defaultdict(list)
    for key, item in _screening_deficits(data, as_of, thresholds):
        found[key].append(item)
    for key, item in _finding_deficits(data, as_of, thresholds):
        found[key].append(item)
    return {
        key: Restriction(
            severity=max(sev for sev, _ in items),
            reasons=tuple(
                text for _, text in sorted(items, key=lambda i: (-i[0], i[1]))
            ),
        )
        for key, items in sorted(found.items())
    }


def _screening_deficits(
    data: RunnerData, as_of: date, t: Thresholds
) -> Iterable[tuple[tuple[str, str], tuple[float, str]]]:
    latest: dict[tuple[str, str], Screening] = {}
    for s in sorted(data.screenings, key=lambda s: s.date):
        if 0 <= (as_of - s.date).days <= t.screening_max_age_days:
            for side in _sides(s.side):
                latest[s.test, side] = s
    for (test, side), s in sorted(latest.items()):
        other = latest.get((test, _other(side)))
        deficit = _deficit(test, s.value, other.value if other else None, t)
        if deficit is not None:
            severity, text = deficit
            reason = text.format(side=side, other=_other(side))
            for region in SCREENING_REGIONS.get(test, ()):
                yield (region, side), (severity, reason)


def _deficit(
    test: str, value: float, other: float | None, t: Thresholds
) -> tuple[float, str] | None:
    """Severity 0..1 and a reason template, or None when within norms."""
    if test == "knee_to_wall_cm":
        return _knee_to_wall(value, other, t)
    if test == "ankle_df_deg" and value < t.ankle_df_min_deg:
        span = t.ankle_df_min_deg - t.ankle_df_severe_deg
        return (
            _clip((t.ankle_df_min_deg - value) / span),
            f"ankle dorsiflexion {value:g}° {{side}} (under {t.ankle_df_min_deg:g}°)",
        )
    if test == "slr_deg" and value < t.slr_min_deg:
        return (
            _clip((t.slr_min_deg - value) / SLR_SPAN_DEG),
            f"straight-leg raise {value:g}° {{side}} (under {t.slr_min_deg:g}°)",
        )
    if test == "thomas" and value > t.thomas_positive_above:
        return (
            THOMAS_SEVERITY,
            "modified Thomas test positive {side} (a screening sign only)",
        )
    if test == "heel_raise_reps" and value < t.heel_raise_min_reps:
        return (
            _clip((t.heel_raise_min_reps - value) / HEEL_RAISE_SPAN_REPS),
            f"{value:g} single-leg heel raises {{side}} (under {t.heel_raise_min_reps:g})",
        )
    return None


def _knee_to_wall(
    value: float, other: float | None, t: Thresholds
) -> tuple[float, str] | None:
    """Below the soft norm, or short of the other side by more than measurement error."""
    below = t.knee_to_wall_soft_norm_cm - value
    gap = other - value if other is not None else 0.0
    if below <= 0 and gap < t.knee_to_wall_side_diff_cm:
        return None
    text = f"knee-to-wall {value:g} cm {{side}}"
    if other is not None and gap > 0:
        text += f" vs {other:g} cm {{other}}"
    if below > 0:
        text += f" (under {t.knee_to_wall_soft_norm_cm:g} cm)"
    return _clip(max(below, gap) / KNEE_TO_WALL_SPAN_CM), text


def _finding_deficits(
    data: RunnerData, as_of: date, t: Thresholds
) -> Iterable[tuple[tuple[str, str], tuple[float, str]]]:
    latest: dict[tuple[str, str], tuple[date, int]] = {}
    for session in sorted(data.sessions, key=lambda s: s.date):
        if 0 <= (as_of - session.date).days <= t.finding_max_age_days:
            for f in session.findings:
                for side in _sides(f.side):
                    latest[f.region, side] = (session.date, f.restriction)
    for (region, side), (day, level) in sorted(latest.items()):
        if level > 0:
            text = f"therapist found restriction {level}/3 in the {side} {_label(region)} on {day.isoformat()}"
            yield (region, side), (_clip(level / 3.0), text)


def _clip(x: float) -> float:
    return min(1.0, max(0.0, x))


def _other(side: str) -> str:
    return "right" if side == "left" else "left"


def _sides(side: str) -> tuple[str, ...]:
    return ("left", "right") if side == "both" else (side,)


def _label(region: str) -> str:
    return region.replace("_", " ")


def _zone(name: str) -> ZoneInfo:
    """The runner's zone; an unknown name falls back to UTC rather than failing."""
    try:
        return ZoneInfo(name)
    except (KeyError, ValueError):
        return ZoneInfo("UTC")
