"""Booking: the one place appointments are written (DESIGN §3).

No double booking (clinic.md §0, §3): the overlap check runs inside the
transaction that inserts, after taking a lock that serialises bookings of one
therapist: the therapist's row (``SELECT … FOR UPDATE``) on PostgreSQL, the
database's write lock on SQLite (``transaction_mode=IMMEDIATE`` takes it at
BEGIN, see ``stridelight.settings.sqlite_database``).  On PostgreSQL the
exclusion constraint (migration 0002) is the backstop for any other path; its
violation is turned into :class:`SlotTaken` too.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, connection, transaction
from django.db.models import CharField

from stridelight.accounts.models import User
from stridelight.clinic import reminders, selectors
from stridelight.clinic.models import (
    ACTIVE_STATUSES,
    Appointment,
    Service,
    Status,
    Therapist,
)

NO_OVERLAP = "clinic_appointment_no_overlap"


def _column_size(name: str) -> int:
    field = Appointment._meta.get_field(name)
    assert isinstance(field, CharField)
    return field.max_length or 0


#: The longest name, e-mail and phone a booking takes (the columns' sizes).
CLIENT_MAX_LENGTHS = {
    field: _column_size(f"client_{field}") for field in ("name", "email", "phone")
}


class SlotTaken(Exception):
    """Someone else booked an overlapping time first."""

    def __init__(self) -> None:
        super().__init__("that time is no longer available")


@dataclass(frozen=True)
class Booked:
    """A new appointment and the secret of its manage link (only its hash is stored)."""

    appointment: Appointment
    manage_token: str


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def book(
    *,
    service: Service,
    start: datetime,
    name: str,
    email: str,
    phone: str,
    now: datetime,
    therapist: Therapist | None = None,
    runner: User | None = None,
) -> Booked:
    """Book ``service`` at ``start`` with ``therapist`` (or the first one free).

    Raises ValidationError naming the field for bad input or a time that is not
    offered, and SlotTaken when the time was free but someone got there first.
    """
    client = _client(name=name, email=email, phone=phone)
    if start.tzinfo is None:
        raise ValidationError({"start": "give the start with its UTC offset"})
    candidates = list(selectors.therapists_for(service))
    if therapist is not None:
        if therapist not in candidates:
            raise ValidationError(
                {"therapist": f"{therapist} does not offer {service}"}
            )
        candidates = [therapist]
    offered = [who for who in candidates if _on_grid(who, service, start, now)]
    if not offered:
        raise ValidationError({"start": f"{start.isoformat()} is not an offered time"})
    for who in offered:
        try:
            return _book_with(who, service, start, client, runner, now)
        except SlotTaken:
            continue
    raise SlotTaken


def _client(*, name: str, email: str, phone: str) -> dict[str, str]:
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


def _lock(service: Service, therapist: Therapist) -> None:
    """Serialise the bookings this one could conflict with, until commit.

    The therapist's row guards their time; a once-per-person service's row
    guards "one each" across therapists (two tabs booking the free visit with
    two therapists at once).  Always service first, then therapist: one order,
    no deadlock.  SQLite's IMMEDIATE transaction already holds the one write lock.
    """
    if not connection.features.has_select_for_update:
        return
    if service.one_per_person:
        Service.objects.select_for_update().get(pk=service.pk)
    Therapist.objects.select_for_update().get(pk=therapist.pk)


def _has_active(service: Service, email: str) -> bool:
    return Appointment.objects.filter(
        service=service, client_email=email, status__in=ACTIVE_STATUSES
    ).exists()


def _on_grid(
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


def _book_with(
    therapist: Therapist,
    service: Service,
    start: datetime,
    client: dict[str, str],
    runner: User | None,
    now: datetime,
) -> Booked:
    rules = selectors.rules_for(service)
    blocked = rules.blocked(start)
    token = secrets.token_urlsafe(32)
    try:
        with transaction.atomic():
            _lock(service, therapist)
            if service.one_per_person and _has_active(service, client["client_email"]):
                raise ValidationError(
                    {"email": f"{service.name} is once per person; one is booked"}
                )
            if Appointment.objects.filter(
                therapist=therapist,
                status__in=ACTIVE_STATUSES,
                blocked_start__lt=blocked.end,
                blocked_end__gt=blocked.start,
            ).exists():
                raise SlotTaken
            appointment = Appointment.objects.create(
                service=service,
                therapist=therapist,
                start=start,
                end=start + rules.length,
                blocked_start=blocked.start,
                blocked_end=blocked.end,
                runner=runner,
                status=Status.BOOKED,
                manage_token_hash=token_hash(token),
                **client,
            )
            reminders.schedule(appointment=appointment, now=now)
    except IntegrityError as error:
        if NO_OVERLAP in str(error):
            raise SlotTaken from error
        raise
    return Booked(appointment, token)
