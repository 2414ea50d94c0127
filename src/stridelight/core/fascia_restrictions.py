"""Measured restrictions: what screening tests and a therapist's findings say
about each region and side, as a severity 0..1 with its reasons
(docs/fascial-web.md).  ``fascia`` boosts a region's rank by its severity.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType

from stridelight.core.journal import RunnerData, Screening
from stridelight.core.thresholds import DEFAULTS, Thresholds
from stridelight.core.vocabulary import Region, ScreeningTest, Side

#: Where one restriction was measured: a region on one side.
Place = tuple[Region, Side]

#: Which regions each screening test speaks for (docs/fascial-web.md).
SCREENING_REGIONS: Mapping[ScreeningTest, tuple[Region, ...]] = MappingProxyType(
    {
        "knee_to_wall_cm": ("calf", "achilles"),
        "ankle_df_deg": ("calf", "achilles"),
        "heel_raise_reps": ("calf",),
        "slr_deg": ("hamstrings",),
        "thomas": ("hip_flexors",),
    }
)


@dataclass(frozen=True)
class Restriction:
    """What was measured at one region and side, strongest first."""

    severity: float  # 0..1
    reasons: tuple[str, ...]


def restrictions(
    data: RunnerData, as_of: date, *, thresholds: Thresholds = DEFAULTS
) -> Mapping[Place, Restriction]:
    """Restrictions by (region, side) from the latest screenings and session findings.

    Only the latest value of each test or finding counts, so a restriction the
    therapist later found released (0/3) stops boosting its region.
    """
    found: dict[Place, list[tuple[float, str]]] = defaultdict(list)
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
) -> Iterable[tuple[Place, tuple[float, str]]]:
    latest: dict[tuple[ScreeningTest, Side], Screening] = {}
    for s in sorted(data.screenings, key=lambda s: s.date):
        if 0 <= (as_of - s.date).days <= t.screening_max_age_days:
            for side in sides_of(s.side):
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
    test: ScreeningTest, value: float, other: float | None, t: Thresholds
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
            _clip((t.slr_min_deg - value) / t.slr_severity_span_deg),
            f"straight-leg raise {value:g}° {{side}} (under {t.slr_min_deg:g}°)",
        )
    if test == "thomas" and value > t.thomas_positive_above:
        return (
            t.thomas_severity,
            "modified Thomas test positive {side} (a screening sign only)",
        )
    if test == "heel_raise_reps" and value < t.heel_raise_min_reps:
        return (
            _clip((t.heel_raise_min_reps - value) / t.heel_raise_severity_span_reps),
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
    return _clip(max(below, gap) / t.knee_to_wall_severity_span_cm), text


def _finding_deficits(
    data: RunnerData, as_of: date, t: Thresholds
) -> Iterable[tuple[Place, tuple[float, str]]]:
    latest: dict[Place, tuple[date, int]] = {}
    for session in sorted(data.sessions, key=lambda s: s.date):
        if 0 <= (as_of - session.date).days <= t.finding_max_age_days:
            for f in session.findings:
                for side in sides_of(f.side):
                    latest[f.region, side] = (session.date, f.restriction)
    for (region, side), (day, level) in sorted(latest.items()):
        if level > 0:
            text = f"therapist found restriction {level}/3 in the {side} {region_label(region)} on {day.isoformat()}"
            yield (region, side), (_clip(level / 3.0), text)


def _clip(x: float) -> float:
    return min(1.0, max(0.0, x))


def _other(side: Side) -> Side:
    return "right" if side == "left" else "left"


def sides_of(side: Side) -> tuple[Side, ...]:
    return ("left", "right") if side == "both" else (side,)


def region_label(region: str) -> str:
    return region.replace("_", " ")
