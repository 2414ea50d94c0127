"""An activity given the sport someone else names: Strava's type, a bundle's word.

A file that names no sport is read as ``generic`` and its cadence kept as
recorded; once it is known to be on foot, the cadence must count steps (both
feet) like every other foot activity, or step length would come out doubled.
"""

from __future__ import annotations

from dataclasses import replace

from stridelight.core.activity import Activity
from stridelight.core.vocabulary import is_on_foot
from stridelight.importers.xml_activity import steps_per_minute


def with_sport(activity: Activity, sport: str) -> Activity:
    """``activity`` as ``sport``; a cadence newly on foot is put in steps/min."""
    if sport == activity.sport:
        return activity
    samples = activity.samples
    if is_on_foot(sport) and not activity.is_on_foot:
        # Files count one foot or both; a median under 120/min is one foot.
        cadence = steps_per_minute(samples["cadence_spm"])
        samples = {**samples, "cadence_spm": cadence}
    return replace(activity, sport=sport, samples=samples)
