"""/manage/<token>/: the link in every message, to cancel or move an appointment.

The token is a random 256-bit secret; only its SHA-256 is stored, so the
database cannot give it away.  It expires when the appointment starts, and is
replaced (the old link stops working) whenever the appointment moves.  Until 24
hours before the start the client cancels or moves it here; later the page gives
the clinic's phone number, and staff record a cancellation as late.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from stridelight.clinic import selectors, services
from stridelight.clinic.models import Appointment
from stridelight.clinic.timefmt import slot_choices
from stridelight.clinic.views import DAYS_SHOWN, first_day, posted_start


def _page(
    request: HttpRequest,
    template: str,
    appointment: Appointment,
    status: int = 200,
    **context: object,
) -> HttpResponse:
    clinic = selectors.clinic_settings()
    now = timezone.now()
    context.update(
        clinic=clinic,
        appointment=appointment,
        can_change=appointment.can_change(at=now),
        expired=appointment.link_expired(at=now),
    )
    return render(request, f"clinic/{template}", context, status=status)


def manage(request: HttpRequest, token: str) -> HttpResponse:
    appointment = selectors.appointment_for_token(token)
    expired = appointment.link_expired(at=timezone.now())
    return _page(
        request, "manage.html", appointment, status=410 if expired else 200, token=token
    )


@require_http_methods(["GET", "POST"])
def manage_cancel(request: HttpRequest, token: str) -> HttpResponse:
    """A page that asks once more (WCAG 3.3.4), then cancels."""
    appointment = selectors.appointment_for_token(token)
    now = timezone.now()
    if not appointment.can_change(at=now):
        return redirect("clinic:manage", token=token)
    if request.method == "POST":
        services.appointment_cancel(appointment=appointment, now=now)
        messages.success(
            request, "Your appointment is cancelled. We sent you an e-mail."
        )
        return redirect("clinic:manage", token=token)
    return _page(request, "manage_cancel.html", appointment, token=token)


@require_http_methods(["GET", "POST"])
def manage_reschedule(request: HttpRequest, token: str) -> HttpResponse:
    """Days with free times, a day's times, and the move itself."""
    appointment = selectors.appointment_for_token(token)
    now = timezone.now()
    if not appointment.can_change(at=now):
        return redirect("clinic:manage", token=token)
    problem = None
    if request.method == "POST":
        try:
            moved = services.appointment_reschedule(
                appointment=appointment,
                start=posted_start(request.POST.get("start")),
                now=now,
                site_url=request.build_absolute_uri("/"),
            )
        except (ValidationError, services.SlotTaken):
            problem = "Sorry, that time was just taken. Please choose another."
        else:
            messages.success(
                request,
                "Your appointment has moved. We sent you an e-mail with the new "
                "time and a new link; this page's old link no longer works.",
            )
            return redirect("clinic:manage", token=moved.manage_token)
    return _reschedule_page(request, appointment, token, problem)


def _reschedule_page(
    request: HttpRequest, appointment: Appointment, token: str, problem: str | None
) -> HttpResponse:
    service = appointment.service
    now = timezone.now()
    zone = selectors.clinic_settings().zone
    today = now.astimezone(zone).date()
    chosen = _day(request.GET.get("day"))
    context: dict[str, object] = {"token": token, "problem": problem, "day": chosen}
    if chosen is not None:
        slots = selectors.free_slots(service=service, day=chosen, now=now)
        context["choices"] = slot_choices(slots, service, zone)
    else:
        first = first_day(request.GET.get("from"), today)
        context["days"] = selectors.days_with_slots(
            service=service, first=first, days=DAYS_SHOWN, now=now
        )
        context["later"] = first + timedelta(days=DAYS_SHOWN)
    return _page(
        request,
        "manage_reschedule.html",
        appointment,
        status=409 if problem else 200,
        **context,
    )


def _day(raw: str | None) -> date | None:
    try:
        return date.fromisoformat(raw) if raw else None
    except ValueError:
        return None
