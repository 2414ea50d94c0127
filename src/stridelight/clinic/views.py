"""/book/: red flags → service → day → time (a ten-minute hold) → details → done.

Plain forms, one step per page, so it works without JavaScript; ``hold.js`` adds
the warning before a hold ends and extends it in place.  What the steps carry is
kept in the session (no account needed): the red-flag answers, the hold's id and,
for the confirmation page, the new booking's manage link.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    JsonResponse,
)
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from stridelight.clinic import intake, selectors, services
from stridelight.clinic.forms import DetailsForm, RedFlagForm
from stridelight.clinic.models import Appointment, Service, Status
from stridelight.clinic.timefmt import slot_choices
from stridelight.core.vocabulary import RedFlagId
from stridelight.runners.selectors import runner_data

SESSION = "clinic_booking"
#: How many days one page of the day list shows.
DAYS_SHOWN = 14


def _state(request: HttpRequest) -> dict[str, Any]:
    state = request.session.get(SESSION)
    return state if isinstance(state, dict) else {}


def _save(request: HttpRequest, **changes: Any) -> None:
    request.session[SESSION] = {**_state(request), **changes}


def _cleared_flags(request: HttpRequest) -> dict[RedFlagId, bool] | None:
    """This browser's red-flag answers when all six were answered and none raised."""
    answers = _state(request).get("red_flags")
    if not isinstance(answers, dict) or set(answers) != set(intake.RED_FLAG_IDS):
        return None
    flags: dict[RedFlagId, bool] = {f: bool(answers[f]) for f in intake.RED_FLAG_IDS}
    return None if intake.raised(flags) else flags


def _page(
    request: HttpRequest, template: str, status: int = 200, **context: Any
) -> HttpResponse:
    context.setdefault("clinic", selectors.clinic_settings())
    return render(request, f"clinic/{template}", context, status=status)


@require_http_methods(["GET", "POST"])
def book_start(request: HttpRequest) -> HttpResponse:
    """The six red-flag questions, before anything else (DESIGN §1)."""
    form = RedFlagForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        answers = form.answers()
        _save(request, red_flags=answers, hold=None)
        if intake.raised(answers):
            return redirect("clinic:book-physician")
        return redirect("clinic:book-service")
    return _page(request, "book_start.html", form=form)


def book_physician(request: HttpRequest) -> HttpResponse:
    return _page(request, "book_physician.html")


def book_service(request: HttpRequest) -> HttpResponse:
    if _cleared_flags(request) is None:
        return redirect("clinic:book")
    return _page(request, "book_service.html", services=selectors.bookable_services())


def _service_or_404(slug: str) -> Service:
    found = selectors.bookable_services().filter(slug=slug).first()
    if found is None:
        raise Http404("no such service")
    return found


def first_day(raw: str | None, today: date) -> date:
    try:
        chosen = date.fromisoformat(raw) if raw else today
    except ValueError:
        chosen = today
    return max(chosen, today)


def book_day(request: HttpRequest, slug: str) -> HttpResponse:
    if _cleared_flags(request) is None:
        return redirect("clinic:book")
    service = _service_or_404(slug)
    now = timezone.now()
    today = now.astimezone(selectors.clinic_settings().zone).date()
    first = first_day(request.GET.get("from"), today)
    days = selectors.days_with_slots(
        service=service, first=first, days=DAYS_SHOWN, now=now
    )
    later = first + timedelta(days=DAYS_SHOWN)
    horizon_end = today + timedelta(days=service.horizon_days)
    return _page(
        request,
        "book_day.html",
        service=service,
        days=days,
        first=first,
        last=later - timedelta(days=1),
        later=later if later <= horizon_end else None,
        earlier=first - timedelta(days=DAYS_SHOWN) if first > today else None,
    )


@require_http_methods(["GET", "POST"])
def book_time(request: HttpRequest, slug: str, day: str) -> HttpResponse:
    if _cleared_flags(request) is None:
        return redirect("clinic:book")
    service = _service_or_404(slug)
    try:
        chosen_day = date.fromisoformat(day)
    except ValueError:
        raise Http404("not a day") from None
    now = timezone.now()
    problem = None
    if request.method == "POST":
        try:
            hold = services.hold_place(
                service=service, start=posted_start(request.POST.get("start")), now=now
            )
        except (ValidationError, services.SlotTaken):
            problem = "Sorry, that time was just taken. Please choose another."
        else:
            _release(request, now)
            _save(request, hold=hold.pk)
            return redirect("clinic:book-details")
    slots = selectors.free_slots(service=service, day=chosen_day, now=now)
    return _page(
        request,
        "book_time.html",
        service=service,
        day=chosen_day,
        choices=slot_choices(slots, service, selectors.clinic_settings().zone),
        problem=problem,
        status=409 if problem else 200,
    )


def posted_start(raw: str | None) -> datetime:
    try:
        start = datetime.fromisoformat(raw or "")
    except ValueError:
        raise ValidationError({"start": "choose a time"}) from None
    if start.tzinfo is None:
        raise ValidationError({"start": "choose a time"})
    return start


def _release(request: HttpRequest, now: datetime) -> None:
    """Let go of this browser's earlier hold when it picks another time."""
    earlier = selectors.hold_by_id(_state(request).get("hold"))
    if earlier is not None:
        Appointment.objects.filter(pk=earlier.pk, status=Status.HELD).delete()


def _current_hold(request: HttpRequest) -> Appointment | None:
    return selectors.hold_by_id(_state(request).get("hold"))


@require_http_methods(["GET", "POST"])
def book_details(request: HttpRequest) -> HttpResponse:
    flags = _cleared_flags(request)
    hold = _current_hold(request)
    if flags is None or hold is None:
        messages.info(request, "Your chosen time was not kept: please start again.")
        return redirect("clinic:book")
    now = timezone.now()
    if request.method == "POST" and "extend" in request.POST:
        return _extend_and_refill(request, hold, now)
    form = (
        DetailsForm(request.POST)
        if request.method == "POST"
        else DetailsForm(initial=_prefill(request, now))
    )
    if request.method == "POST" and form.is_valid():
        try:
            booked = services.booking_confirm(
                hold=hold,
                name=form.cleaned_data["name"],
                email=form.cleaned_data["email"],
                phone=form.cleaned_data["phone"],
                answers=form.intake_answers(flags),
                now=now,
                site_url=request.build_absolute_uri("/"),
                runner=request.user if request.user.is_authenticated else None,
            )
        except services.SlotTaken:
            messages.error(request, "Sorry, your held time ended and was taken.")
            return redirect("clinic:book-day", slug=hold.service.slug)
        except ValidationError as error:
            _errors_onto(form, error)
        else:
            _save(
                request, hold=None, booked=[booked.appointment.pk, booked.manage_token]
            )
            return redirect("clinic:book-confirmed")
    return _details_page(request, form, hold)


def _errors_onto(form: DetailsForm, error: ValidationError) -> None:
    for field, problems in error.message_dict.items():
        form.add_error(field if field in form.fields else None, " ".join(problems))


def _details_page(
    request: HttpRequest, form: DetailsForm, hold: Appointment, **extra: Any
) -> HttpResponse:
    return _page(
        request,
        "book_details.html",
        form=form,
        hold=hold,
        terms=intake.TERMS,
        status=400 if form.is_bound and form.errors else 200,
        **extra,
    )


def _extend_and_refill(
    request: HttpRequest, hold: Appointment, now: datetime
) -> HttpResponse:
    """The no-JS "keep it longer" button: extend, then show what was typed, unjudged."""
    try:
        hold = services.hold_extend(hold=hold, now=now)
    except services.SlotTaken:
        messages.error(request, "Sorry, your held time ended and was taken.")
        return redirect("clinic:book-day", slug=hold.service.slug)
    form = DetailsForm(initial=_typed(request))
    return _details_page(request, form, hold, extended=True)


def _typed(request: HttpRequest) -> dict[str, Any]:
    typed: dict[str, Any] = {
        k: request.POST.get(k, "") for k in ("name", "email", "phone")
    }
    typed["consent"] = bool(request.POST.get("consent"))
    for question in intake.QUESTIONS:
        values = request.POST.getlist(question.id)
        typed[question.id] = values if question.many else (values or [""])[0]
    return typed


def _prefill(request: HttpRequest, now: datetime) -> dict[str, Any]:
    """A signed-in runner's name, e-mail and intake answers from their own log."""
    initial: dict[str, Any] = {"terms_version": intake.TERMS.version}
    user = request.user
    if not user.is_authenticated:
        return initial
    data = runner_data(user)
    initial["email"] = user.email
    if data.profile.name:
        initial["name"] = data.profile.name
    for question, answers in intake.prefill(data, now=now).items():
        many = next(q.many for q in intake.QUESTIONS if q.id == question)
        initial[question] = answers if many else answers[0]
    return initial


@require_POST
def book_extend(request: HttpRequest) -> HttpResponse:
    """hold.js: ten more minutes, answered in JSON (the form's own button without JS)."""
    hold = _current_hold(request)
    if hold is None:
        return JsonResponse({"error": "no_hold"}, status=404)
    try:
        hold = services.hold_extend(hold=hold, now=timezone.now())
    except services.SlotTaken:
        return JsonResponse({"error": "slot_taken"}, status=409)
    zone = selectors.clinic_settings().zone
    expires = (hold.hold_expires_at or hold.start).astimezone(zone)
    return JsonResponse(
        {"expires": expires.isoformat(), "expires_text": f"{expires:%-I:%M %p}"}
    )


def book_confirmed(request: HttpRequest) -> HttpResponse | HttpResponseRedirect:
    booked = _state(request).get("booked")
    if not isinstance(booked, list) or len(booked) != 2:
        return redirect("clinic:book")
    pk, token = booked
    appointment = selectors.appointment_for_token(str(token))
    if appointment.pk != pk:
        raise Http404("not this browser's booking")
    return _page(
        request,
        "book_confirmed.html",
        appointment=appointment,
        manage_url=reverse("clinic:manage", args=[token]),
    )
