"""/clinic/appointments/<id>/notes/: the session note (SOAP and findings), signed once.

Until it is signed the note is a draft the therapist saves as often as they like;
signing locks it and hands its findings to the runner's store.  A signed note
shows read-only with its addenda and a form to add one.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from stridelight.accounts.models import User
from stridelight.clinic import access
from stridelight.clinic.forms_notes import (
    FINDING_ROWS,
    MAP_HINT,
    AddendumForm,
    SoapForm,
    finding_formset,
)
from stridelight.clinic.models import Appointment
from stridelight.clinic.models_notes import SessionNote
from stridelight.clinic.selectors import clinic_settings
from stridelight.clinic.services_notes import addendum_add, note_save


@login_required
@require_http_methods(["GET", "POST"])
def notes(request: HttpRequest, appointment_id: int) -> HttpResponse:
    user = access.staff_user(request)
    appointment, _ = access.appointment_for(request, user, appointment_id, notes=True)
    note = SessionNote.objects.filter(appointment=appointment).first()
    if note is not None and note.locked:
        return _signed(request, user, appointment, note)
    return _draft(request, user, appointment, note)


def _draft(
    request: HttpRequest,
    user: User,
    appointment: Appointment,
    note: SessionNote | None,
) -> HttpResponse:
    if request.method == "POST":
        soap, findings = SoapForm(request.POST), finding_formset(request.POST)
        if soap.is_valid() and findings.is_valid():
            sign = request.POST.get("action") == "sign"
            note_save(
                appointment=appointment,
                author=user,
                soap=soap.soap(),
                findings=findings.findings(),
                at=timezone.now(),
                sign=sign,
            )
            messages.success(
                request,
                "Note signed: its findings are in the client's data."
                if sign
                else "Draft saved.",
            )
            return redirect("clinic:notes", appointment_id=appointment.pk)
    else:
        soap, findings = _forms_of(note)
    return _page(request, appointment, note, soap=soap, findings=findings)


def _forms_of(note: SessionNote | None) -> tuple[SoapForm, Any]:
    rows: list[dict[str, Any]] = []
    soap = SoapForm()
    if note is not None:
        soap = SoapForm(
            initial={
                "subjective": note.subjective,
                "objective": note.objective,
                "assessment": note.assessment,
                "plan": note.plan,
                "ache_before": note.ache_before,
                "ache_after": note.ache_after,
            }
        )
        rows = [
            {"region": f.region, "side": f.side, "restriction": f.restriction}
            for f in note.findings.all()
        ]
    rows += [{}] * (FINDING_ROWS - len(rows))
    return soap, finding_formset(initial=rows)


def _signed(
    request: HttpRequest, user: User, appointment: Appointment, note: SessionNote
) -> HttpResponse:
    form = AddendumForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        addendum_add(
            note=note, author=user, text=form.cleaned_data["text"], at=timezone.now()
        )
        messages.success(request, "Addendum added.")
        return redirect("clinic:notes", appointment_id=appointment.pk)
    return _page(request, appointment, note, addendum=form)


def _page(
    request: HttpRequest,
    appointment: Appointment,
    note: SessionNote | None,
    **forms: Any,
) -> HttpResponse:
    return render(
        request,
        "clinic/notes.html",
        {
            "appointment": appointment,
            "note": note,
            "zone": clinic_settings().zone,
            "map_hint": MAP_HINT,
            **forms,
        },
    )
