"""Figures of a run in a runner's words: 10.02 km, 52:07, 5:12 /km.

Unknown stays visibly unknown ("not recorded"), never 0 (DESIGN §1).
"""

from __future__ import annotations

from django import template

from stridelight.core.vocabulary import is_on_foot
from stridelight.runners.models import Activity

register = template.Library()

UNKNOWN = "not recorded"


@register.filter
def km(metres: float | None) -> str:
    if metres is None:
        return UNKNOWN
    return f"{metres / 1000:.2f} km"


@register.filter
def clock(seconds: float | None) -> str:
    """1:02:03 for an hour and more, 52:07 below."""
    if seconds is None:
        return UNKNOWN
    whole = round(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


@register.filter
def pace(seconds_per_km: float | None) -> str:
    if seconds_per_km is None:
        return UNKNOWN
    return f"{clock(seconds_per_km)} /km"


@register.filter
def speed_or_pace(activity: Activity) -> str:
    """Pace for a sport on foot, speed for the others; from the moving time."""
    seconds = activity.moving_time_s or activity.duration_s
    if not activity.distance_m or not seconds:
        return UNKNOWN
    if is_on_foot(activity.sport):
        return pace(seconds / (activity.distance_m / 1000))
    return f"{activity.distance_m / seconds * 3.6:.1f} km/h"


@register.filter
def pace_or_speed_label(activity: Activity) -> str:
    """What ``speed_or_pace`` gives for this activity, as a heading."""
    return "Pace" if is_on_foot(activity.sport) else "Speed"


@register.filter
def bpm(value: float | None) -> str:
    return UNKNOWN if value is None else f"{value:.0f} bpm"


@register.filter
def spm(value: float | None) -> str:
    return UNKNOWN if value is None else f"{value:.0f} spm"


@register.filter
def words(value: str | None) -> str:
    """A vocabulary word as text: trail_running as trail running."""
    return "" if value is None else value.replace("_", " ")
