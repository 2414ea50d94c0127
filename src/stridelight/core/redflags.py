"""Red flags: the answers and diary entries that mean "see a physician first".

Two sources, both as of a day:

1. The latest check-in on or before "as of" stands: its list is the runner's
   current answer (an empty list means they answered no to all).  An older
   check-in's flag is cleared by a newer "no".
2. Aches logged in the last ``red_flag_ache_days`` days whose timing or words
   imply a flag, whatever the check-in said (safety first: a symptom written in
   the diary is not unsaid by a tick box):

   - quality ``numbness``, ``tingling``, ``pins_and_needles`` or ``electric`` →
     ``numbness_tingling`` (nerve signs).  "Burning" alone is left out: it is common
     in ordinary plantar heel pain and would refer too many runners.
   - timing ``at_rest`` at night (local 22:00-06:00), or quality ``night_pain`` →
     ``night_pain``.
   - quality ``fever``, or ``swelling`` with ``redness``, ``warmth`` or ``hot`` →
     ``swelling_redness_fever`` (infection or inflammation).
   - quality ``pinpoint``, ``bone`` or ``bony`` → ``focal_bone_pain`` (possible bone
     stress injury).
   - quality ``cannot_bear_weight`` or ``unable_to_bear_weight`` →
     ``cannot_bear_weight`` (Ottawa rules).

Qualities are compared lower-case with spaces and hyphens read as underscores.
Source: [red_flags] (research notes §1.10).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from stridelight.core.journal import Ache, Checkin
from stridelight.core.thresholds import DEFAULTS, Thresholds
from stridelight.core.vocabulary import RED_FLAG_IDS, RedFlagId

NERVE = frozenset({"numbness", "tingling", "pins_and_needles", "electric"})
BONE = frozenset({"pinpoint", "bone", "bony"})
INFLAMED = frozenset({"redness", "warmth", "hot"})
NO_WEIGHT = frozenset({"cannot_bear_weight", "unable_to_bear_weight"})


@dataclass(frozen=True)
class RedFlag:
    id: RedFlagId
    reason: str  # where it came from, for the notes and the brief


def red_flags(
    checkins: Iterable[Checkin],
    aches: Iterable[Ache],
    as_of: date,
    tz: ZoneInfo,
    thresholds: Thresholds = DEFAULTS,
) -> tuple[RedFlag, ...]:
    """Every red flag in force, one per id (first reason kept), in RED_FLAG_IDS order."""
    found: dict[RedFlagId, RedFlag] = {}
    for flag in (
        *from_checkin(checkins, as_of),
        *from_aches(aches, as_of, tz, thresholds),
    ):
        found.setdefault(flag.id, flag)
    return tuple(found[f] for f in RED_FLAG_IDS if f in found)


def from_checkin(checkins: Iterable[Checkin], as_of: date) -> tuple[RedFlag, ...]:
    known = [c for c in checkins if c.date <= as_of]
    if not known:
        return ()
    latest = max(known, key=lambda c: c.date)
    return tuple(
        RedFlag(f, f"answered yes on the check-in of {latest.date.isoformat()}")
        for f in latest.red_flags
        if f in RED_FLAG_IDS
    )


def from_aches(
    aches: Iterable[Ache], as_of: date, tz: ZoneInfo, thresholds: Thresholds = DEFAULTS
) -> tuple[RedFlag, ...]:
    since = as_of - timedelta(days=thresholds.red_flag_ache_days - 1)
    out: list[RedFlag] = []
    for ache in aches:
        local = ache.at.astimezone(tz)
        if since <= local.date() <= as_of:
            where = f"{ache.region.replace('_', ' ')} ache of {local:%Y-%m-%d %H:%M}"
            out.extend(
                RedFlag(f, f"{where}: {why}")
                for f, why in implied(ache, local.hour, thresholds)
            )
    return tuple(out)


def implied(
    ache: Ache, local_hour: int, thresholds: Thresholds = DEFAULTS
) -> list[tuple[RedFlagId, str]]:
    """(flag id, why) for each red flag one ache implies."""
    words = {
        q.strip().lower().replace(" ", "_").replace("-", "_") for q in ache.quality
    }
    out: list[tuple[RedFlagId, str]] = []
    if words & NERVE:
        out.append(("numbness_tingling", "felt as " + ", ".join(sorted(words & NERVE))))
    if "night_pain" in words or (
        ache.timing == "at_rest" and _at_night(local_hour, thresholds)
    ):
        out.append(("night_pain", "pain at rest during the night"))
    if "fever" in words or ("swelling" in words and words & INFLAMED):
        out.append(("swelling_redness_fever", "swelling with redness, warmth or fever"))
    if words & BONE:
        out.append(("focal_bone_pain", "pinpoint pain on the bone"))
    if words & NO_WEIGHT:
        out.append(("cannot_bear_weight", "could not bear weight"))
    return out


def _at_night(hour: int, thresholds: Thresholds) -> bool:
    return hour >= thresholds.night_start_hour or hour < thresholds.night_end_hour
