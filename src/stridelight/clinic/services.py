"""Booking: the one place appointments are written (DESIGN §3).

No double booking (clinic.md §0, §3): the overlap check runs inside the
transaction that writes, after taking a lock that serialises bookings of one
therapist: the therapist's row (``SELECT … FOR UPDATE``) on PostgreSQL, the
database's write lock on SQLite (``transaction_mode=IMMEDIATE`` takes it at
BEGIN, see ``stridelight.settings.sqlite_database``).  On PostgreSQL the
exclusion constraint (migration 0002) is the backstop for any other path; its
violation is turned into :class:`SlotTaken` too.

Online booking holds a time first (:func:`hold_place`, ten minutes, status
``held``) and books it with the client's details (:func:`booking_confirm`); the
JSON API books in one step (:func:`book`).  An expired hold keeps nothing: the
slot computation and the overlap check ignore it, and a write that meets one
deletes it under the lock (the exclusion constraint would still count it).
Every booking, move and cancellation sends its calendar message once the
transaction commits (``clinic.notifications``), and writes its reminders
(``clinic.reminders``) in the same transaction.

"Once per person" (the free Discovery Visit) is checked inside the locked
transaction too, under a lock on the service's row taken before the
therapist's: two tabs booking the free visit with two therapists at once
are serialised, and only one wins.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from stridelight.accounts.models import User
from stridelight.clinic import booking_rules as rules
from stridelight.clinic import intake, notifications, reminders, selectors
from stridelight.clinic.booking_rules import CLIENT_MAX_LENGTHS, IntakeAnswers
from stridelight.clinic.models import (
    HOLD_LENGTH,
    Appointment,
    Intake,
    Service,
    Status,
    Therapist,
    blocking,
    token_hash,
)

__all__ = [
    "CLIENT_MAX_LENGTHS",
    "Booked",
    "IntakeAnswers",
    "SlotTaken",
    "appointment_cancel",
    "appointment_reschedule",
    "book",
    "booking_confirm",
    "hold_extend",
    "hold_place",
    "series_book",
    "token_hash",
]

NO_OVERLAP = "clinic_appointment_no_overlap"
#: An expired hold is deleted this long after it ended (longer than a session
#: lasts, so no page still hopes to book it).
ABANDONED_AFTER = timedelta(hours=1)


class SlotTaken(Exception):
    """Someone else booked an overlapping time first."""

    def __init__(self) -> None:
        super().__init__("that time is no longer available")


@dataclass(frozen=True)
class Booked:
    """An appointment and the secret of its manage link (only its hash is stored)."""

    appointment: Appointment
    manage_token: str


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
    site_url: str | None = None,
) -> Booked:
    """Book ``service`` at ``start`` with ``therapist`` (or the first one free).

    Raises ValidationError naming the field for bad input or a time that is not
    offered, and SlotTaken when the time was free but someone got there first.
    """
    client = rules.client(name=name, email=email, phone=phone)
    for who in rules.offered(service, start, now, therapist):
        try:
            with transaction.atomic():
                appointment = _take(
                    who, service, start, now, status=Status.BOOKED, runner=runner
                )
                rules.once_per_person(service, client["client_email"], now)
                return _booked(appointment, client, site_url, runner, now)
        except SlotTaken:
            continue
    raise SlotTaken


@transaction.atomic
def series_book(
    *,
    service: Service,
    therapist: Therapist,
    starts: Sequence[datetime],
    name: str,
    email: str,
    phone: str,
    now: datetime,
    runner: User | None = None,
    site_url: str | None = None,
) -> list[Booked]:
    """Book every start of a care plan's series with one therapist, all or nothing.

    Each occurrence passes the same rules as a single booking (on the grid, no
    overlap, buffers included); the first that fails raises (ValidationError
    naming it, or SlotTaken) and none is booked.
    """
    client = rules.client(name=name, email=email, phone=phone)
    booked = []
    for start in starts:
        rules.offered(service, start, now, therapist)
        appointment = _take(
            therapist, service, start, now, status=Status.BOOKED, runner=runner
        )
        booked.append(_booked(appointment, client, site_url, runner, now))
    return booked


def hold_place(
    *,
    service: Service,
    start: datetime,
    now: datetime,
    therapist: Therapist | None = None,
) -> Appointment:
    """Keep ``start`` for ten minutes while the client fills in their details."""
    expires = now + HOLD_LENGTH
    # Holds abandoned long ago keep nothing but a row; their sessions are over.
    Appointment.objects.filter(
        status=Status.HELD, hold_expires_at__lt=now - ABANDONED_AFTER
    ).delete()
    for who in rules.offered(service, start, now, therapist):
        try:
            with transaction.atomic():
                return _take(
                    who,
                    service,
                    start,
                    now,
                    status=Status.HELD,
                    hold_expires_at=expires,
                )
        except SlotTaken:
            continue
    raise SlotTaken


def hold_extend(*, hold: Appointment, now: datetime) -> Appointment:
    """Ten more minutes from ``now`` (WCAG 2.2.1); an expired hold is taken again
    if nobody else took its time meanwhile, else SlotTaken."""
    with transaction.atomic():
        held = _still_held(hold, now)
        held.hold_expires_at = now + HOLD_LENGTH
        held.save(update_fields=["hold_expires_at"])
        return held


def booking_confirm(
    *,
    hold: Appointment,
    name: str,
    email: str,
    phone: str,
    answers: IntakeAnswers,
    now: datetime,
    site_url: str | None = None,
    runner: User | None = None,
) -> Booked:
    """Book a held time with the client's details, red-flag answers, intake and
    consent, all in one transaction; SlotTaken when the hold expired and its time
    was taken."""
    client = rules.client(name=name, email=email, phone=phone)
    rules.answered(answers)
    with transaction.atomic():
        held = _still_held(hold, now)
        rules.once_per_person(held.service, client["client_email"], now)
        booked = _booked(held, client, site_url, runner, now)
        Intake.objects.create(
            appointment=held,
            red_flag_answers={
                f: "yes" if answers.red_flags[f] else "no" for f in intake.RED_FLAG_IDS
            },
            answers=dict(answers.answers),
            consent_version=answers.consent_version,
            consent_text=answers.consent_text,
            consent_given_at=now,
        )
        return booked


def appointment_cancel(*, appointment: Appointment, now: datetime) -> Appointment:
    """Cancel it; inside 24 hours of the start it counts as a late cancellation."""
    with transaction.atomic():
        row = Appointment.objects.select_for_update().get(pk=appointment.pk)
        if row.status != Status.BOOKED:
            raise ValidationError({"status": f"it is {row.get_status_display()}"})
        late = not row.can_change(at=now)
        row.status = Status.LATE_CANCELLED if late else Status.CANCELLED
        row.cancelled_at = now
        row.ical_sequence += 1
        row.save(update_fields=["status", "cancelled_at", "ical_sequence"])
        transaction.on_commit(partial(notifications.send_cancellation, row.pk))
        return row


def appointment_reschedule(
    *,
    appointment: Appointment,
    start: datetime,
    now: datetime,
    site_url: str | None = None,
) -> Booked:
    """Move it to ``start`` (same service, its therapist first, else another free
    one); the calendar event keeps its UID with a higher SEQUENCE, and the manage
    link is renewed (the old one stops working)."""
    if appointment.status != Status.BOOKED:
        raise ValidationError({"status": f"it is {appointment.get_status_display()}"})
    offered = rules.offered(appointment.service, start, now, None)
    offered.sort(key=lambda who: who.pk != appointment.therapist_id)
    for who in offered:
        try:
            with transaction.atomic():
                return _move(appointment, who, start, now, site_url)
        except SlotTaken:
            continue
    raise SlotTaken


# --- the parts --------------------------------------------------------------


def _lock_and_clear(
    therapist: Therapist,
    service: Service,
    start: datetime,
    now: datetime,
    moving: Appointment | None = None,
) -> None:
    """Serialise writes for ``therapist`` (and for a once-per-person service);
    SlotTaken if the blocked range of ``service`` at ``start`` meets a booking or
    a live hold (``moving`` aside).  Expired holds in the way are deleted: they
    keep nothing.  Locks in one order, service then therapist: no deadlock.
    SQLite's IMMEDIATE transaction already holds the one write lock."""
    if connection.features.has_select_for_update:
        if service.one_per_person:
            Service.objects.select_for_update().get(pk=service.pk)
        Therapist.objects.select_for_update().get(pk=therapist.pk)
    blocked = selectors.rules_for(service).blocked(start)
    overlapping = Appointment.objects.filter(
        therapist=therapist,
        blocked_start__lt=blocked.end,
        blocked_end__gt=blocked.start,
    )
    if moving is not None:
        overlapping = overlapping.exclude(pk=moving.pk)
    if overlapping.filter(blocking(now)).exists():
        raise SlotTaken
    overlapping.filter(status=Status.HELD, hold_expires_at__lte=now).delete()


def _take(
    therapist: Therapist,
    service: Service,
    start: datetime,
    now: datetime,
    **fields: object,
) -> Appointment:
    """Insert an appointment (inside the caller's transaction), or SlotTaken."""
    _lock_and_clear(therapist, service, start, now)
    try:
        with transaction.atomic():
            return Appointment.objects.create(
                service=service,
                therapist=therapist,
                start=start,
                end=start + service.length,
                # Never handed out: a hold's link is made when it is booked.
                manage_token_hash=token_hash(secrets.token_urlsafe(32)),
                **fields,
            )
    except IntegrityError as error:
        if NO_OVERLAP in str(error):
            raise SlotTaken from error
        raise


def _still_held(hold: Appointment, now: datetime) -> Appointment:
    """The hold, locked and live; an expired one re-taken if its time is free."""
    try:
        row = Appointment.objects.select_related("service", "therapist").get(
            pk=hold.pk, status=Status.HELD
        )
    except Appointment.DoesNotExist:  # booked already, or deleted once expired
        raise SlotTaken from None
    _lock_and_clear(row.therapist, row.service, row.start, now, moving=row)
    return row


def _booked(
    appointment: Appointment,
    client: dict[str, str],
    site_url: str | None,
    runner: User | None,
    now: datetime,
) -> Booked:
    """Turn ``appointment`` into a booking of ``client`` with a fresh manage link
    and its reminders, and send the confirmation once the transaction commits."""
    token = secrets.token_urlsafe(32)
    for field, value in client.items():
        setattr(appointment, field, value)
    appointment.runner = runner
    appointment.status = Status.BOOKED
    appointment.hold_expires_at = None
    appointment.manage_token_hash = token_hash(token)
    appointment.save()
    reminders.schedule(appointment=appointment, now=now)
    _send_invitation(appointment, token, site_url)
    return Booked(appointment, token)


def _move(
    appointment: Appointment,
    therapist: Therapist,
    start: datetime,
    now: datetime,
    site_url: str | None,
) -> Booked:
    row = Appointment.objects.get(pk=appointment.pk, status=Status.BOOKED)
    _lock_and_clear(therapist, row.service, start, now, moving=row)
    token = secrets.token_urlsafe(32)
    row.therapist, row.start, row.end = therapist, start, start + row.service.length
    row.ical_sequence += 1
    row.manage_token_hash = token_hash(token)
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError as error:
        if NO_OVERLAP in str(error):
            raise SlotTaken from error
        raise
    reminders.schedule(appointment=row, now=now)
    _send_invitation(row, token, site_url)
    return Booked(row, token)


def _send_invitation(
    appointment: Appointment, token: str, site_url: str | None
) -> None:
    """``site_url``: the address the client used (a request's), else SITE_URL."""
    base = (site_url or settings.SITE_URL).rstrip("/")
    url = f"{base}/manage/{token}/"
    transaction.on_commit(partial(notifications.send_invitation, appointment.pk, url))
