"""Reminders: written when an appointment is booked, sent once by the workers.

Each appointment has one row per kind (a unique constraint).  A worker *claims*
due rows before sending, in one short transaction: on PostgreSQL
``SELECT … FOR UPDATE SKIP LOCKED`` so two workers take different rows; on
SQLite the claim is an ``UPDATE … WHERE state='due'`` inside an IMMEDIATE
transaction (one writer at a time).  A row stays ``sending`` while its worker
sends; if the worker dies, the row is claimed again once its lease has run out
(``REMINDER_LEASE_SECONDS``).  Marking a row sent checks the claim it was taken
with, so a worker that outlived its lease cannot overwrite a newer claim.

At send time the appointment is read again: cancelled → skipped; moved → the
reminder waits for its new time.  Messages carry the clinic's name, the time,
the service and the manage link only: no health details (clinic.md §0.4).
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from stridelight.clinic import links, reminder_times, sms
from stridelight.clinic.models import (
    ACTIVE_STATUSES,
    Appointment,
    ClinicSettings,
    Reminder,
    ReminderKind,
)
from stridelight.clinic.models import ReminderState as State
from stridelight.clinic.selectors import clinic_settings


def schedule(*, appointment: Appointment, now: datetime) -> None:
    """Write (or move) the appointment's reminders; booking and rescheduling call it.

    A reminder whose send time has already passed (booked at short notice) is
    written as skipped, so the table says why nothing was sent.
    """
    zone = clinic_settings().zone
    for kind in ReminderKind:
        due = reminder_times.send_time(
            appointment_start=appointment.start,
            kind=kind.value,
            zone=zone,
            quiet=settings.REMINDER_QUIET_HOURS,
        )
        late = due < now
        Reminder.objects.update_or_create(
            appointment=appointment,
            kind=kind.value,
            defaults={
                "due_at": due,
                "state": State.SKIPPED if late else State.DUE,
                "attempts": 0,
                "claim": "",
                "claimed_at": None,
                "sent_at": None,
                "last_error": "booked after its send time" if late else "",
            },
        )


def claim(*, now: datetime, limit: int = 10) -> list[Reminder]:
    """Take up to ``limit`` due rows (and stale claims) for this worker."""
    lease = timedelta(seconds=settings.REMINDER_LEASE_SECONDS)
    ready = Q(state=State.DUE, due_at__lte=now) | Q(
        state=State.SENDING, claimed_at__lt=now - lease
    )
    token = uuid.uuid4().hex
    with transaction.atomic():
        rows = Reminder.objects.filter(ready).order_by("due_at")
        if connection.features.has_select_for_update_skip_locked:
            rows = rows.select_for_update(skip_locked=True)
        ids = list(rows.values_list("pk", flat=True)[:limit])
        # ``ready`` again in the UPDATE: a row someone claimed meanwhile is left.
        Reminder.objects.filter(ready, pk__in=ids).update(
            state=State.SENDING, claim=token, claimed_at=now, attempts=F("attempts") + 1
        )
    return list(
        Reminder.objects.filter(claim=token, state=State.SENDING).select_related(
            "appointment__service"
        )
    )


@dataclass(frozen=True)
class Outcome:
    reminder: int
    state: str
    detail: str = ""


def deliver(reminder: Reminder, *, now: datetime) -> Outcome:
    """Send one claimed reminder, or skip, postpone or retry it; say which."""
    appointment = (
        Appointment.objects.select_related("service")
        .filter(pk=reminder.appointment_id)
        .first()
    )
    if appointment is None:  # deleted meanwhile (its reminders with it)
        return _finish(reminder, State.SKIPPED, error="appointment deleted")
    place = clinic_settings()
    reason = _not_now(reminder, appointment, place, now)
    if reason is not None:
        return reason
    try:
        _send(reminder, appointment, place)
    except Exception as error:  # any provider failure: retried, never lost
        return _failed(reminder, now, f"{type(error).__name__}: {error}")
    return _finish(reminder, State.SENT, sent_at=now)


def send_due(*, now: datetime, limit: int = 10) -> list[Outcome]:
    """Claim due reminders and deliver each; what the worker command repeats."""
    return [deliver(reminder, now=now) for reminder in claim(now=now, limit=limit)]


def run(
    *,
    batch: bool,
    write: Callable[[str], object],
    interval: float = 30.0,
    limit: int = 10,
    stop: threading.Event | None = None,
) -> None:
    """The reminder worker's loop: send what is due, wait ``interval`` when
    nothing was; with ``batch``, return once nothing is due.  ``stop`` ends it
    between rounds (the worker command's thread)."""
    stop = stop or threading.Event()
    while not stop.is_set():
        # The clock is read here, at the worker's edge: the services take ``now``.
        outcomes = send_due(now=timezone.now(), limit=limit)
        for outcome in outcomes:
            detail = f" ({outcome.detail})" if outcome.detail else ""
            write(f"reminder {outcome.reminder}: {outcome.state}{detail}")
        if batch and not outcomes:
            return
        if not outcomes:  # after a full claim, go again at once
            stop.wait(interval)


def _not_now(
    reminder: Reminder, appointment: Appointment, place: ClinicSettings, now: datetime
) -> Outcome | None:
    quiet = settings.REMINDER_QUIET_HOURS
    if appointment.status not in ACTIVE_STATUSES:
        return _finish(reminder, State.SKIPPED, error="appointment cancelled")
    if now >= appointment.start:
        return _finish(reminder, State.SKIPPED, error="appointment already begun")
    due = reminder_times.send_time(
        appointment_start=appointment.start,
        kind=reminder.kind,
        zone=place.zone,
        quiet=quiet,
    )
    if due > now:  # the appointment moved later: wait for its new time
        return _finish(reminder, State.DUE, due_at=due, undo_attempt=True)
    if reminder_times.in_quiet_hours(now, place.zone, quiet):
        # A worker late into quiet hours: send when they end, if still before.
        after = reminder_times.quiet_hours_end(now, place.zone, quiet)
        if after < appointment.start:
            return _finish(reminder, State.DUE, due_at=after, undo_attempt=True)
        return _finish(reminder, State.SKIPPED, error="only quiet hours were left")
    return None


def _failed(reminder: Reminder, now: datetime, error: str) -> Outcome:
    if reminder.attempts >= settings.REMINDER_MAX_ATTEMPTS:
        return _finish(reminder, State.FAILED, error=error)
    wait = settings.REMINDER_RETRY_SECONDS * 2 ** (reminder.attempts - 1)
    return _finish(
        reminder, State.DUE, due_at=now + timedelta(seconds=wait), error=error
    )


def _finish(
    reminder: Reminder,
    state: str,
    *,
    error: str = "",
    due_at: datetime | None = None,
    sent_at: datetime | None = None,
    undo_attempt: bool = False,
) -> Outcome:
    """Record what became of a claimed row, if this worker's claim still holds it."""
    changes: dict[str, object] = {
        "state": state,
        "claim": "",
        "last_error": error[:500],
    }
    if due_at is not None:
        changes["due_at"] = due_at
    if sent_at is not None:
        changes["sent_at"] = sent_at
    if undo_attempt:  # postponed, not tried: the attempt does not count
        changes["attempts"] = F("attempts") - 1
    Reminder.objects.filter(pk=reminder.pk, claim=reminder.claim).update(**changes)
    return Outcome(reminder.pk, state, error)


def _send(reminder: Reminder, appointment: Appointment, place: ClinicSettings) -> None:
    local = appointment.start.astimezone(place.zone)
    when = f"{local:%A %-d %B at %-I:%M %p} ({place.time_zone})"
    service = appointment.service.name
    link = links.manage_url(appointment)
    key = f"reminder-{reminder.pk}"
    if reminder.kind == ReminderKind.SMS_2H:
        body = f"{place.name}: your {service} is {when}. Change or cancel: {link}"
        sms.send(sms.TextMessage(to=appointment.client_phone, body=body, key=key))
        return
    message = EmailMessage(
        subject=f"Reminder: your appointment at {place.name}",
        body=(
            f"Hello,\n\nThis is a reminder of your {service} at {place.name} on {when}.\n\n"
            f"To change or cancel it: {link}\n"
            f"Questions? Call us on {place.phone}.\n\n{place.name}\n"
        ),
        to=[appointment.client_email],
        headers={"X-Stridelight-Reminder": key},
    )
    message.send()
