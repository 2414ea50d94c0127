"""Times as the booking pages say them: in the clinic's zone, in full words.

A slot's accessible name carries the whole date and the length in words
("10:00 AM, Tuesday 4 May 2027, 30 minutes"): screen readers read "30m" as
metres and a bare "4" as a number (clinic.md §5.4).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from stridelight.clinic.models import Service
from stridelight.clinic.selectors import FreeSlot


@dataclass(frozen=True)
class SlotChoice:
    value: str  # the start as ISO 8601 with its offset, what the form posts
    clock: str  # what the button shows
    rest: str  # the rest of its accessible name


def clock(moment: datetime) -> str:
    return f"{moment:%-I:%M %p}"


def day_words(day: date) -> str:
    return f"{day:%A %-d %B %Y}"


def slot_choices(
    slots: Iterable[FreeSlot], service: Service, zone: ZoneInfo
) -> list[SlotChoice]:
    """One choice per start time (whichever therapist is free), in order."""
    seen: dict[datetime, SlotChoice] = {}
    for slot in slots:
        local = slot.start.astimezone(zone)
        seen.setdefault(
            slot.start,
            SlotChoice(
                value=slot.start.isoformat(),
                clock=clock(local),
                rest=f", {day_words(local.date())}, {service.minutes} minutes",
            ),
        )
    return [seen[start] for start in sorted(seen)]
