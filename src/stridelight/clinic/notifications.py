"""The messages a booking sends: confirmation, change and cancellation e-mails, each
with an RFC 5545 calendar part made with ``icalendar`` (clinic.md §5.3).

- METHOD:REQUEST for a new or moved appointment, METHOD:CANCEL with
  STATUS:CANCELLED when it is cancelled; the same UID for the appointment's whole
  life, SEQUENCE raised by every change, times in UTC.
- No health details: the summary is "Appointment at <clinic>", the body names the
  service, the time in the clinic's zone, the address and the phone.
- Sent after the booking commits (the services use ``transaction.on_commit``); a
  mail server that fails is logged and does not undo the booking.
"""

from __future__ import annotations

import logging
from datetime import datetime
from email.mime.text import MIMEText
from typing import Literal

import icalendar
from django.conf import settings
from django.core.mail import EmailMessage
from django.utils import timezone

from stridelight.clinic import selectors
from stridelight.clinic.models import Appointment, ClinicSettings

log = logging.getLogger(__name__)

Method = Literal["REQUEST", "CANCEL"]


def send_invitation(appointment_id: int, manage_url: str) -> None:
    """The confirmation of a new booking, or of its new time after a move."""
    appointment = Appointment.objects.select_related("service", "therapist").get(
        pk=appointment_id
    )
    clinic = selectors.clinic_settings()
    moved = appointment.ical_sequence > 0
    subject = (
        f"Your appointment at {clinic.name} has moved"
        if moved
        else f"Your appointment at {clinic.name} is booked"
    )
    lines = [
        f"Hello {appointment.client_name},",
        "",
        ("It is now:" if moved else "You are booked:"),
        *_what_and_when(appointment, clinic),
        "",
        "To cancel or change it (until 24 hours before it starts):",
        manage_url,
        f"Later than that, please call us on {clinic.phone}.",
    ]
    _send(appointment, subject, lines, "REQUEST", manage_url)


def send_cancellation(appointment_id: int) -> None:
    appointment = Appointment.objects.select_related("service", "therapist").get(
        pk=appointment_id
    )
    clinic = selectors.clinic_settings()
    lines = [
        f"Hello {appointment.client_name},",
        "",
        "This appointment is cancelled:",
        *_what_and_when(appointment, clinic),
        "",
        f"To book again, call us on {clinic.phone} or book on our website.",
    ]
    subject = f"Your appointment at {clinic.name} is cancelled"
    _send(appointment, subject, lines, "CANCEL", None)


def calendar(
    appointment: Appointment,
    clinic: ClinicSettings,
    method: Method,
    *,
    manage_url: str | None,
    stamp: datetime,
) -> bytes:
    """The iCalendar object for ``appointment`` (RFC 5545, iTIP RFC 5546)."""
    cal = icalendar.Calendar()
    cal.add("prodid", "-//Stridelight//Clinic booking//EN")
    cal.add("version", "2.0")
    cal.add("method", method)
    event = icalendar.Event()
    event.add("uid", appointment.ical_uid)
    event.add("dtstamp", stamp)
    event.add("sequence", appointment.ical_sequence)
    event.add("dtstart", appointment.start)
    event.add("dtend", appointment.end)
    event.add("summary", f"Appointment at {clinic.name}")
    event.add("status", "CANCELLED" if method == "CANCEL" else "CONFIRMED")
    if clinic.address:
        event.add("location", clinic.address)
    organizer = icalendar.vCalAddress(f"mailto:{settings.DEFAULT_FROM_EMAIL}")
    organizer.params["cn"] = icalendar.vText(clinic.name)
    event.add("organizer", organizer)
    attendee = icalendar.vCalAddress(f"mailto:{appointment.client_email}")
    attendee.params["cn"] = icalendar.vText(appointment.client_name)
    attendee.params["role"] = icalendar.vText("REQ-PARTICIPANT")
    attendee.params["partstat"] = icalendar.vText("ACCEPTED")
    event.add("attendee", attendee)
    if manage_url:
        event.add("url", manage_url)
    cal.add_component(event)
    ics: bytes = cal.to_ical()
    return ics


def _what_and_when(appointment: Appointment, clinic: ClinicSettings) -> list[str]:
    start = appointment.start.astimezone(clinic.zone)
    end = appointment.end.astimezone(clinic.zone)
    place = f", {clinic.address}" if clinic.address else ""
    free = ", free" if not appointment.service.price else ""
    return [
        f"{appointment.service.name} ({appointment.service.minutes} minutes{free})"
        f" with {appointment.therapist.display_name}",
        f"{start:%A %-d %B %Y, %-I:%M %p} to {end:%-I:%M %p} ({clinic.time_zone})",
        f"{clinic.name}{place}, phone {clinic.phone}",
    ]


def _send(
    appointment: Appointment,
    subject: str,
    lines: list[str],
    method: Method,
    manage_url: str | None,
) -> None:
    clinic = selectors.clinic_settings()
    ics = calendar(
        appointment, clinic, method, manage_url=manage_url, stamp=timezone.now()
    )
    message = EmailMessage(
        subject=subject, body="\n".join(lines), to=[appointment.client_email]
    )
    # Outlook and Gmail act on the part only with its method in the content type.
    part = MIMEText(ics.decode(), "calendar", "utf-8")
    part.set_param("method", method)
    part.add_header("Content-Disposition", "attachment", filename="appointment.ics")
    message.attach(part)
    try:
        message.send()
    except OSError:  # the booking stands; staff see the log
        log.exception("could not send the %s message of %s", method, appointment.pk)
