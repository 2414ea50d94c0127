"""When a reminder goes out (pure: no Django, no clock; ``now`` is an argument).

A reminder is due its lead time before the appointment (24 h for the e-mail,
2 h for the text).  Quiet hours are on the clinic's wall clock (default
21:00–08:00, clinic.md §5.2): a reminder that would fall inside them is sent
*earlier*, ``MARGIN`` before they begin that evening, never later, so it still
arrives before the appointment and nobody is woken.  When even that earlier
time has passed (booked late in the evening for early next morning), the
reminder is skipped.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

#: Kind of reminder → how long before the appointment it is due.
LEADS = {"email_24h": timedelta(hours=24), "sms_2h": timedelta(hours=2)}
#: Sent this long before quiet hours start, so a worker polling each minute or
#: a retry still gets it out before they begin.
MARGIN = timedelta(minutes=15)

QuietHours = tuple[time, time] | None


def in_quiet_hours(instant: datetime, zone: ZoneInfo, quiet: QuietHours) -> bool:
    """Is ``instant`` inside ``[start, end)`` of quiet hours on the wall clock?"""
    if quiet is None:
        return False
    start, end = quiet
    clock = instant.astimezone(zone).time()
    if start < end:
        return start <= clock < end
    return clock >= start or clock < end  # across midnight, e.g. 21:00–08:00


def send_time(
    *, appointment_start: datetime, kind: str, zone: ZoneInfo, quiet: QuietHours
) -> datetime:
    """The instant (UTC) to send a ``kind`` reminder of an appointment."""
    # In UTC: Python subtracts from a zoned datetime on the wall clock (an hour
    # off across a DST change).
    due = appointment_start.astimezone(UTC) - LEADS[kind]
    if quiet is None or not in_quiet_hours(due, zone, quiet):
        return due
    return _quiet_began(due, zone, quiet[0]) - MARGIN


def quiet_hours_end(instant: datetime, zone: ZoneInfo, quiet: QuietHours) -> datetime:
    """The first instant at or after ``instant`` outside quiet hours."""
    if quiet is None or not in_quiet_hours(instant, zone, quiet):
        return instant
    local = instant.astimezone(zone)
    end = datetime.combine(local.date(), quiet[1], zone)
    if end <= local:
        end = datetime.combine(local.date() + timedelta(days=1), quiet[1], zone)
    return end.astimezone(UTC)


def _quiet_began(instant: datetime, zone: ZoneInfo, start: time) -> datetime:
    """When the quiet hours holding ``instant`` began (that evening or the one before)."""
    local = instant.astimezone(zone)
    began = datetime.combine(local.date(), start, zone)
    if began > local:
        began = datetime.combine(local.date() - timedelta(days=1), start, zone)
    return began.astimezone(UTC)
