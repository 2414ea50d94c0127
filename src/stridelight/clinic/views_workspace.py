"""The therapists' workspace: /clinic/ (schedule), the pre-visit brief, the client.

Every view starts with ``access.staff_user`` and reads runners' data only through
``access.appointment_for`` / ``access.client_for``, which answer 404 without the
runner's consent to share (``clinic.access``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from stridelight.clinic import access
from stridelight.clinic.brief import (
    brief_for,
    brief_warm,
    intake_in_words,
    red_flags_in_words,
)
from stridelight.clinic.models import ACTIVE_STATUSES, Appointment, Status, Therapist
from stridelight.clinic.selectors import clinic_settings

#: Statuses the schedule shows: what is or was on the day, not what was called off.
SHOWN = (*ACTIVE_STATUSES, Status.COMPLETED, Status.NO_SHOW)


@dataclass(frozen=True)
class Row:
    appointment: Appointment
    shares: bool  # the runner shares their data: the brief and notes open
    intake: tuple[tuple[str, str], ...] = ()  # shown when the data is not shared
    red_flags: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Day:
    day: date
    rows: tuple[Row, ...]


def _chosen_day(raw: str | None, today: date) -> date:
    try:
        return date.fromisoformat(raw) if raw else today
    except ValueError:
        return today


@login_required
def schedule(request: HttpRequest) -> HttpResponse:
    """The day (default) or the week, for the signed-in therapist; a clinic admin
    sees every therapist, or one chosen with ``?therapist=``."""
    user = access.staff_user(request)
    zone = clinic_settings().zone
    now = timezone.now()
    today = now.astimezone(zone).date()
    day = _chosen_day(request.GET.get("day"), today)
    week = request.GET.get("view") == "week"
    first = day - timedelta(days=day.weekday()) if week else day
    days = 7 if week else 1
    found = access.appointments_visible_to(user).filter(
        status__in=SHOWN,
        start__gte=datetime.combine(first, time(), zone),
        start__lt=datetime.combine(first + timedelta(days=days), time(), zone),
    )
    therapists = Therapist.objects.none()
    chosen = request.GET.get("therapist", "")
    if access.is_clinic_admin(user):
        therapists = Therapist.objects.filter(active=True)
        if chosen.isdigit():
            found = found.filter(therapist_id=int(chosen))
    by_day: dict[date, list[Row]] = {first + timedelta(days=n): [] for n in range(days)}
    for appointment in found.order_by("start"):
        local = appointment.start.astimezone(zone).date()
        by_day[local].append(_row(appointment))
    brief_warm((r.appointment for d in by_day.values() for r in d if r.shares), now=now)
    step = timedelta(days=7 if week else 1)
    return render(
        request,
        "clinic/schedule.html",
        {
            "days": [Day(d, tuple(r)) for d, r in by_day.items()],
            "day": day,
            "week": week,
            "today": today,
            "previous": first - step,
            "next": first + step,
            "zone": zone,
            "therapists": therapists,
            "chosen": chosen,
            "is_admin": access.is_clinic_admin(user),
        },
    )


def _row(appointment: Appointment) -> Row:
    if access.shares_data(appointment.runner):
        return Row(appointment, shares=True)
    return Row(
        appointment,
        shares=False,
        intake=intake_in_words(appointment),
        red_flags=red_flags_in_words(appointment),
    )


@login_required
def brief(request: HttpRequest, appointment_id: int) -> HttpResponse:
    user = access.staff_user(request)
    appointment, runner = access.appointment_for(request, user, appointment_id)
    zone = clinic_settings().zone  # read once: the brief's day needs it too
    context: dict[str, Any] = {
        "brief": brief_for(appointment, runner, now=timezone.now(), zone=zone),
        "zone": zone,
    }
    return render(request, "clinic/brief.html", context)
