"""Reading the clinic: its settings, bookable services and free slots."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TypeVar
from zoneinfo import ZoneInfo

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from stridelight.clinic import links, slots
from stridelight.clinic.models import (
    Appointment,
    ClinicSettings,
    Service,
    Status,
    Therapist,
    TimeOff,
    WeeklyHours,
    blocking,
    token_hash,
)

Row = TypeVar("Row")
Item = TypeVar("Item")


@dataclass(frozen=True)
class FreeSlot:
    start: datetime
    end: datetime
    therapist: Therapist


def clinic_settings() -> ClinicSettings:
    """The clinic's one settings row, made with the defaults the first time."""
    found, _ = ClinicSettings.objects.get_or_create(pk=1)
    return found


def bookable_services() -> QuerySet[Service]:
    return Service.objects.filter(active=True)


def rules_for(service: Service) -> slots.Rules:
    return slots.Rules(
        length=service.length,
        buffer_before=timedelta(minutes=service.buffer_before_minutes),
        buffer_after=timedelta(minutes=service.buffer_after_minutes),
        min_notice=timedelta(minutes=service.min_notice_minutes),
        horizon=timedelta(days=service.horizon_days),
    )


def therapists_for(service: Service) -> QuerySet[Therapist]:
    return service.therapists.filter(active=True).order_by("display_name", "pk")


def free_slots(
    *,
    service: Service,
    day: date,
    now: datetime,
    therapist: Therapist | None = None,
    zone: ZoneInfo | None = None,
) -> list[FreeSlot]:
    """Free slots of ``service`` on the clinic's local ``day``, earliest first.

    One entry per therapist and start; with ``therapist`` only theirs.  ``zone``
    is the clinic's (read from its settings when not given).  Three queries
    whatever the number of therapists (the API's speed bar: 10 therapists in
    under 30 ms): the day's hours with their therapists, then time off and
    appointments of them all at once, grouped here.
    """
    rules = rules_for(service)
    zone = zone or clinic_settings().zone  # given by a caller that has read it
    # Only therapists with hours that day can offer a slot: found with their hours.
    open_hours = WeeklyHours.objects.filter(weekday=day.weekday()).select_related(
        "therapist"
    )
    if therapist is not None:
        open_hours = open_hours.filter(therapist=therapist)
    else:
        open_hours = open_hours.filter(therapist__in=therapists_for(service))
    by_id: dict[int, Therapist] = {}
    hours: dict[int, list[slots.LocalHours]] = defaultdict(list)
    for h in open_hours:
        by_id[h.therapist_id] = h.therapist
        hours[h.therapist_id].append(slots.LocalHours(h.weekday, h.start, h.end))
    chosen = list(by_id.values())
    if not chosen:
        return []
    away = _grouped(
        TimeOff.objects.filter(therapist__in=chosen, day=day),
        lambda off: (off.therapist_id, slots.LocalTimeOff(off.day, off.start, off.end)),
    )
    busy = _grouped(
        _busy(chosen, _around(day, zone), now).values_list(
            "therapist_id", "blocked_start", "blocked_end"
        ),
        lambda row: (row[0], slots.Span(row[1], row[2])),
    )
    found = [
        FreeSlot(span.start, span.end, who)
        for who in chosen
        for span in slots.free_slots(
            day=day,
            zone=zone,
            hours=hours[who.pk],
            time_off=away.get(who.pk, []),
            busy=busy.get(who.pk, []),
            rules=rules,
            now=now,
        )
    ]
    return sorted(found, key=lambda slot: (slot.start, slot.therapist.display_name))


def _around(day: date, zone: ZoneInfo) -> slots.Span:
    """A day's blocked ranges can reach a day either side (buffers, zone offsets)."""
    return slots.Span(
        datetime.combine(day - timedelta(days=1), datetime.min.time(), zone),
        datetime.combine(day + timedelta(days=2), datetime.min.time(), zone),
    )


def _busy(
    therapists: Iterable[Therapist], around: slots.Span, now: datetime
) -> QuerySet[Appointment]:
    """What keeps their time at ``now`` (bookings and live holds) near ``around``."""
    return Appointment.objects.filter(
        blocking(now),
        therapist__in=therapists,
        blocked_start__lt=around.end,
        blocked_end__gt=around.start,
    )


def _grouped(
    rows: Iterable[Row], split: Callable[[Row], tuple[int, Item]]
) -> dict[int, list[Item]]:
    """``rows`` as lists by therapist id."""
    found: dict[int, list[Item]] = defaultdict(list)
    for row in rows:
        key, item = split(row)
        found[key].append(item)
    return found


def therapist_slots(
    therapist: Therapist,
    *,
    service: Service,
    day: date,
    now: datetime,
    rules: slots.Rules | None = None,
    ignore_appointments: bool = False,
) -> list[slots.Span]:
    """The therapist's free spans; with ``ignore_appointments`` the whole grid of
    their hours less time off, notice and horizon (is a time offered at all?)."""
    zone = clinic_settings().zone
    busy = _busy([therapist], _around(day, zone), now).values_list(
        "blocked_start", "blocked_end"
    )
    if ignore_appointments:
        busy = busy.none()
    return slots.free_slots(
        day=day,
        zone=zone,
        hours=[
            slots.LocalHours(h.weekday, h.start, h.end)
            for h in therapist.hours.filter(weekday=day.weekday())
        ],
        time_off=[
            slots.LocalTimeOff(off.day, off.start, off.end)
            for off in therapist.time_off.filter(day=day)
        ],
        busy=[slots.Span(start, end) for start, end in busy],
        rules=rules or rules_for(service),
        now=now,
    )


def appointment_for_token(token: str) -> Appointment:
    """The appointment a manage link opens (any status but held), or 404.

    Two kinds of link open it: the booking's own secret (sent at once, stored
    hashed, renewed on every move) and a signed token (``clinic.links``) that
    reminders carry, since the secret itself is no longer known when they go.
    """
    appointments = Appointment.objects.select_related("service", "therapist").exclude(
        status=Status.HELD
    )
    found = appointments.filter(manage_token_hash=token_hash(token)).first()
    if found is None:
        signed = links.appointment_id(token, now=timezone.now())
        found = None if signed is None else appointments.filter(pk=signed).first()
    if found is None:
        raise Http404("no appointment has this link")
    return found


def hold_by_id(pk: object) -> Appointment | None:
    """A hold this browser placed (its id kept in the session), if it is still one."""
    if not isinstance(pk, int):
        return None
    return (
        Appointment.objects.select_related("service", "therapist")
        .filter(pk=pk, status=Status.HELD)
        .first()
    )


def days_with_slots(
    *, service: Service, first: date, days: int, now: datetime
) -> list[tuple[date, int]]:
    """Each local day from ``first`` on, for ``days`` days, that has free slots,
    with how many distinct start times it offers.

    The day list of /book/: one query per therapist and table for the whole
    range, then the pure slot computation day by day (not free_slots per day).
    """
    zone = clinic_settings().zone
    rules = rules_for(service)
    last = first + timedelta(days=days - 1)
    around = slots.Span(
        datetime.combine(first - timedelta(days=1), datetime.min.time(), zone),
        datetime.combine(last + timedelta(days=2), datetime.min.time(), zone),
    )
    starts: dict[date, set[datetime]] = {}
    for therapist in therapists_for(service).prefetch_related("hours"):
        hours = [
            slots.LocalHours(h.weekday, h.start, h.end) for h in therapist.hours.all()
        ]
        away = [
            slots.LocalTimeOff(off.day, off.start, off.end)
            for off in therapist.time_off.filter(day__gte=first, day__lte=last)
        ]
        busy = [
            slots.Span(start, end)
            for start, end in _busy([therapist], around, now).values_list(
                "blocked_start", "blocked_end"
            )
        ]
        for offset in range(days):
            day = first + timedelta(days=offset)
            found = slots.free_slots(
                day=day,
                zone=zone,
                hours=hours,
                time_off=away,
                busy=busy,
                rules=rules,
                now=now,
            )
            starts.setdefault(day, set()).update(span.start for span in found)
    return [(day, len(starts[day])) for day in sorted(starts) if starts[day]]
