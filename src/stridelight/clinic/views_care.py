"""/clinic/clients/<id>/: a client's appointments, their care plan, and booking a
series of sessions at the plan's cadence (all or nothing)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from stridelight.accounts.models import User
from stridelight.clinic import access, services
from stridelight.clinic.care import (
    care_plan_of,
    care_plan_set,
    series_starts,
    suggestion_of,
)
from stridelight.clinic.forms_notes import CarePlanForm, SeriesForm
from stridelight.clinic.models import Appointment
from stridelight.clinic.models_notes import Cadence
from stridelight.clinic.selectors import clinic_settings
from stridelight.runners.analysis import analysis


@login_required
@require_http_methods(["GET", "POST"])
def client(request: HttpRequest, runner_id: int) -> HttpResponse:
    user = access.staff_user(request)
    found = access.client_for(request, user, runner_id)
    appointments = (
        access.appointments_visible_to(user)
        .filter(runner=found.user)
        .select_related("note")
        .order_by("-start")
    )
    zone = clinic_settings().zone
    now = timezone.now()
    suggestion = suggestion_of(
        analysis(user=found.user, as_of=now.astimezone(zone).date())
    )
    plan = care_plan_of(found.user)
    plan_form = CarePlanForm(
        request.POST if request.POST.get("action") == "plan" else None,
        initial={"cadence": plan.cadence if plan else _default(suggestion.cadence)},
    )
    series_form = SeriesForm(
        request.POST if request.POST.get("action") == "series" else None,
        prefix="series",
    )
    if request.method == "POST":
        if plan_form.is_bound and plan_form.is_valid():
            care_plan_set(
                runner=found.user,
                by=user,
                cadence=Cadence(plan_form.cleaned_data["cadence"]),
                suggestion=suggestion,
                at=now,
            )
            messages.success(request, "Care plan set.")
            return redirect("clinic:client", runner_id=runner_id)
        series_ok = series_form.is_bound and series_form.is_valid()
        if (
            series_ok
            and plan is not None
            and _book_series(
                request, series_form, plan.cadence, appointments.first(), found.user
            )
        ):
            return redirect("clinic:client", runner_id=runner_id)
    context: dict[str, Any] = {
        "client": found,
        "appointments": appointments,
        "zone": zone,
        "plan": plan,
        "suggestion": suggestion,
        "plan_form": plan_form,
        "series_form": series_form,
    }
    return render(request, "clinic/client.html", context)


def _default(suggested: str) -> str:
    return suggested if suggested in Cadence.values else Cadence.MONTHLY


def _book_series(
    request: HttpRequest,
    form: SeriesForm,
    cadence: str,
    latest: Appointment | None,
    runner: User,
) -> bool:
    """Book the series with the client's therapist; on a refusal, say which
    session could not be booked (nothing was) and keep the form."""
    assert latest is not None  # client_for found an appointment
    data = form.cleaned_data
    starts = series_starts(
        data["first"],
        data["at"],
        data["count"],
        Cadence(cadence),
        clinic_settings().zone,
    )
    try:
        services.series_book(
            service=data["service"],
            therapist=latest.therapist,
            starts=starts,
            name=latest.client_name,
            email=latest.client_email,
            phone=latest.client_phone,
            now=timezone.now(),
            runner=runner,
        )
    except (ValidationError, services.SlotTaken) as refused:
        form.add_error(None, f"Nothing was booked: {_reason(refused)}")
        return False
    messages.success(request, f"{len(starts)} sessions booked.")
    return True


def _reason(refused: Exception) -> str:
    if isinstance(refused, ValidationError) and hasattr(refused, "message_dict"):
        return "; ".join(m for ms in refused.message_dict.values() for m in ms)
    return str(refused)
