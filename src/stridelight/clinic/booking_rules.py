"""What a booking must satisfy before it is written: the client's details, the
red-flag answers and consent, once per person, and a time that is offered.

Each failure is a ValidationError naming the field (the API's 400, the form's
error); the booking services call these before taking their lock.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import CharField

from stridelight.clinic import intake, selectors
from stridelight.clinic.models import Appointment, Service, Therapist, blocking
from stridelight.core.vocabulary import RedFlagId


@dataclass(frozen=True)
class IntakeAnswers:
    """What the client answered online: red flags (True = yes), intake, consent."""

    red_flags: Mapping[RedFlagId, bool]
    answers: Mapping[str, list[str]]
    consent_version: str
    consent_text: str


def _column_size(name: str) -> int:
    field = Appointment._meta.get_field(name)
    assert isinstance(field, CharField)
    return field.max_length or 0


#: The longest name, e-mail and phone a booking takes (the columns' sizes).
CLIENT_MAX_LENGTHS = {
    field: _column_size(f"client_{field}") for field in ("name", "email", "phone")
}


def client(*, name: str, email: str, phone: str) -> dict[str, str]:
    name, email, phone = name.strip(), email.strip().lower(), phone.strip()
    errors = _too_long_or_unprintable(name=name, email=email, phone=phone)
    if not name:
        errors.setdefault("name", "give your name")
    try:
        validate_email(email)
    except ValidationError:
        errors.setdefault("email", "give an e-mail address such as ann@example.com")
    if sum(ch.isdigit() for ch in phone) < 7:
        errors.setdefault("phone", "give a phone number with at least 7 digits")
    if errors:
        raise ValidationError(errors)
    return {"client_name": name, "client_email": email, "client_phone": phone}


def _too_long_or_unprintable(**texts: str) -> dict[str, str]:
    """Texts that would not fit their column, or hold control characters (a NUL
    is refused by PostgreSQL; a line break would forge an e-mail header)."""
    errors = {}
    for field, text in texts.items():
        if len(text) > CLIENT_MAX_LENGTHS[field]:
            errors[field] = f"use at most {CLIENT_MAX_LENGTHS[field]} characters"
        elif not text.isprintable():
            errors[field] = "use printable characters only"
    return errors


def answered(answers: IntakeAnswers) -> None:
    """Online booking needs all six red-flag answers and none that raises a flag."""
    if set(answers.red_flags) != set(intake.RED_FLAG_IDS):
        raise ValidationError({"red_flags": "answer each of the six questions"})
    if intake.raised(answers.red_flags):
        raise ValidationError(
            {"red_flags": "please see a physician first, or call the clinic"}
        )
    if not answers.consent_version or not answers.consent_text:
        raise ValidationError({"consent": "agree to the clinic's terms"})


def once_per_person(service: Service, email: str, now: datetime) -> None:
    if (
        service.one_per_person
        and (
            Appointment.objects.filter(
                blocking(now), service=service, client_email=email
            )
        ).exists()
    ):
        raise ValidationError(
            {"email": f"{service.name} is once per person; you already have one booked"}
        )


def offered(
    service: Service, start: datetime, now: datetime, therapist: Therapist | None
) -> list[Therapist]:
    """The therapists for whom ``start`` is on the grid, or ValidationError."""
    if start.tzinfo is None:
        raise ValidationError({"start": "give the start with its UTC offset"})
    candidates = list(selectors.therapists_for(service))
    if therapist is not None:
        if therapist not in candidates:
            raise ValidationError(
                {"therapist": f"{therapist} does not offer {service}"}
            )
        candidates = [therapist]
    offered = [who for who in candidates if on_grid(who, service, start, now)]
    if not offered:
        raise ValidationError({"start": f"{start.isoformat()} is not an offered time"})
    return offered


def on_grid(
    therapist: Therapist, service: Service, start: datetime, now: datetime
) -> bool:
    """Is ``start`` one of the therapist's slots, ignoring other appointments?"""
    day = start.astimezone(selectors.clinic_settings().zone).date()
    rules = selectors.rules_for(service)
    return any(
        span.start == start
        for span in selectors.therapist_slots(
            therapist,
            service=service,
            day=day,
            now=now,
            rules=rules,
            ignore_appointments=True,
        )
    )
