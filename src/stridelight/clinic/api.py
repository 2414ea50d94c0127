"""The booking JSON API (DESIGN §4): services, free slots, and booking one.

Plain Django views returning JSON.  Bad input is a 400 whose body names the
field: ``{"error": "invalid", "fields": {"date": "..."}}``; a time someone else
just took is a 409 ``{"error": "slot_taken"}``.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from stridelight.clinic import selectors, services
from stridelight.clinic.models import Service, Therapist
from stridelight.web.ratelimit import rate_limited

#: The days the API answers for; beyond them a day is a 400 (and the date
#: arithmetic of a day either side never overflows).
EARLIEST_DAY, LATEST_DAY = date(2000, 1, 1), date(2999, 12, 31)
MAX_LENGTHS = services.CLIENT_MAX_LENGTHS
_BIGGEST_ID = 2**63 - 1
SLUG = re.compile(r"[-a-zA-Z0-9_]{1,50}")


def _invalid(fields: dict[str, str]) -> JsonResponse:
    return JsonResponse({"error": "invalid", "fields": fields}, status=400)


@rate_limited("read")
@require_GET
def service_list(request: HttpRequest) -> JsonResponse:
    return JsonResponse(
        {
            "services": [
                {
                    "slug": s.slug,
                    "name": s.name,
                    "minutes": s.minutes,
                    "price": str(s.price),
                    "one_per_person": s.one_per_person,
                }
                for s in selectors.bookable_services()
            ]
        }
    )


@rate_limited("read")
@require_GET
def slot_list(request: HttpRequest) -> JsonResponse:
    """``?service=SLUG&date=YYYY-MM-DD`` (the clinic's local day)."""
    errors: dict[str, str] = {}
    service = _service(request.GET.get("service", ""), errors)
    day = _day(request.GET.get("date", ""), errors)
    if errors or service is None or day is None:
        return _invalid(errors)
    place = selectors.clinic_settings()
    found = selectors.free_slots(
        service=service, day=day, now=timezone.now(), zone=place.zone
    )
    return JsonResponse(
        {
            "time_zone": place.time_zone,
            "slots": [
                {
                    "start": slot.start.isoformat(),
                    "end": slot.end.isoformat(),
                    "therapist": slot.therapist.pk,
                }
                for slot in found
            ],
        }
    )


# CSRF-exempt on purpose: CSRF abuses a browser's ambient credentials, and this
# endpoint uses none — it never reads the session or the signed-in user (anyone
# may book a Discovery Visit without an account; linking a signed-in runner is
# for the CSRF-protected /book/ form).  It also takes only application/json,
# which a cross-site HTML form cannot send without a CORS preflight.
@csrf_exempt
@rate_limited("book")
@require_POST
def booking_create(request: HttpRequest) -> JsonResponse:
    if request.content_type != "application/json":
        return _invalid({"body": "send application/json"})
    try:
        body = json.loads(request.body)
    except (ValueError, UnicodeDecodeError):
        return _invalid({"body": "is not valid JSON"})
    if not isinstance(body, dict):
        return _invalid({"body": "must be a JSON object"})
    errors: dict[str, str] = {}
    fields = _booking_fields(body, errors)
    if errors:
        return _invalid(errors)
    try:
        booked = services.book(
            now=timezone.now(), site_url=request.build_absolute_uri("/"), **fields
        )
    except ValidationError as error:
        return _invalid({k: " ".join(v) for k, v in error.message_dict.items()})
    except services.SlotTaken:
        return JsonResponse({"error": "slot_taken"}, status=409)
    appointment = booked.appointment
    return JsonResponse(
        {
            "id": appointment.pk,
            "start": appointment.start.isoformat(),
            "end": appointment.end.isoformat(),
            "therapist": appointment.therapist_id,
            "manage_url": request.build_absolute_uri(f"/manage/{booked.manage_token}/"),
        },
        status=201,
    )


def _booking_fields(body: dict[str, Any], errors: dict[str, str]) -> dict[str, Any]:
    service = _service(body.get("service"), errors)
    start = _start(body.get("start"), errors)
    therapist = _therapist(body.get("therapist"), errors)
    texts = {}
    for name in ("name", "email", "phone"):
        value = body.get(name)
        if not isinstance(value, str):
            errors[name] = f"give {name} as text"
        texts[name] = value if isinstance(value, str) else ""
    return {"service": service, "start": start, "therapist": therapist, **texts}


def _day(raw: str, errors: dict[str, str]) -> date | None:
    try:
        day = date.fromisoformat(raw)
    except ValueError:
        day = None
    if day is None or not EARLIEST_DAY <= day <= LATEST_DAY:
        errors["date"] = f"give a day from {EARLIEST_DAY} to {LATEST_DAY} as YYYY-MM-DD"
        return None
    return day


def _service(slug: object, errors: dict[str, str]) -> Service | None:
    found = (
        selectors.bookable_services().filter(slug=slug).first()
        if isinstance(slug, str) and SLUG.fullmatch(slug)
        else None
    )
    if found is None:
        errors["service"] = "give the slug of a bookable service"
    return found


def _start(raw: object, errors: dict[str, str]) -> datetime | None:
    try:
        start = datetime.fromisoformat(raw) if isinstance(raw, str) else None
    except ValueError:
        start = None
    if start is None or start.tzinfo is None:
        errors["start"] = "give an ISO 8601 time with its UTC offset"
        return None
    if not EARLIEST_DAY <= start.date() <= LATEST_DAY:
        errors["start"] = f"give a time from {EARLIEST_DAY} to {LATEST_DAY}"
        return None
    return start


def _therapist(raw: object, errors: dict[str, str]) -> Therapist | None:
    if raw is None:
        return None
    found = (
        Therapist.objects.filter(pk=raw, active=True).first()
        if isinstance(raw, int) and not isinstance(raw, bool) and 0 < raw <= _BIGGEST_ID
        else None
    )
    if found is None:
        errors["therapist"] = "give the id of an active therapist, or leave it out"
    return found
