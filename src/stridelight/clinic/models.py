"""The clinic's setup (settings, services, therapists, hours) and its appointments.

Hours and time off are local wall-clock times in the clinic's zone; appointments
are instants (UTC in the database).  No two active appointments of a therapist
overlap, buffers included: on PostgreSQL an exclusion constraint says so
(migration 0002, clinic.md §3.2); on SQLite the booking service re-checks inside
an IMMEDIATE transaction (clinic.md §3.3).
"""

from __future__ import annotations

import hashlib
import zoneinfo
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from stridelight import settings as env

DEFAULT_TIME_ZONE = "America/New_York"


def token_hash(token: str) -> str:
    """What is stored of a manage link's secret: its SHA-256 (the secret never is)."""
    return hashlib.sha256(token.encode()).hexdigest()


def validate_time_zone(name: str) -> None:
    if name not in zoneinfo.available_timezones():
        raise ValidationError(
            f"{name!r} is not an IANA time zone such as America/New_York"
        )


class ClinicSettings(models.Model):
    """The one row of the clinic's details, shown on every booking page and message.

    Its defaults come from ``stridelight.settings`` (where the reports read the
    clinic's name and phone), so there is one source for them.
    """

    name = models.CharField(max_length=120, default=env.CLINIC_NAME)
    phone = models.CharField(max_length=40, default=env.CLINIC_PHONE)
    address = models.CharField(max_length=250, blank=True)
    time_zone = models.CharField(
        max_length=64, default=DEFAULT_TIME_ZONE, validators=[validate_time_zone]
    )

    class Meta:
        verbose_name = verbose_name_plural = "clinic settings"

    def __str__(self) -> str:
        return self.name

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)


class Service(models.Model):
    """Something a client books: its length, price, buffers and booking window."""

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=120)
    minutes = models.PositiveIntegerField()
    price = models.DecimalField(max_digits=8, decimal_places=2, default=Decimal(0))
    buffer_before_minutes = models.PositiveIntegerField(default=0)
    buffer_after_minutes = models.PositiveIntegerField(default=0)
    min_notice_minutes = models.PositiveIntegerField(default=12 * 60)
    horizon_days = models.PositiveIntegerField(default=60)
    one_per_person = models.BooleanField(
        default=False, help_text="A client may hold one active booking of it."
    )
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ("minutes", "slug")
        constraints = [
            models.CheckConstraint(
                condition=Q(minutes__gt=0), name="clinic_service_minutes_positive"
            ),
            models.CheckConstraint(
                condition=Q(price__gte=0), name="clinic_service_price_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def length(self) -> timedelta:
        return timedelta(minutes=self.minutes)


class Therapist(models.Model):
    """A clinic user who sees clients, and the services they offer."""

    user = models.OneToOneField(
        django_settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="therapist",
    )
    display_name = models.CharField(max_length=120)
    services = models.ManyToManyField(Service, related_name="therapists", blank=True)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ("display_name",)

    def __str__(self) -> str:
        return self.display_name


class Weekday(models.IntegerChoices):
    MONDAY = 0, "Monday"
    TUESDAY = 1, "Tuesday"
    WEDNESDAY = 2, "Wednesday"
    THURSDAY = 3, "Thursday"
    FRIDAY = 4, "Friday"
    SATURDAY = 5, "Saturday"
    SUNDAY = 6, "Sunday"


class WeeklyHours(models.Model):
    """A therapist is in from ``start`` to ``end`` (clinic's wall clock) on a weekday."""

    therapist = models.ForeignKey(
        Therapist, on_delete=models.CASCADE, related_name="hours"
    )
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices)
    start = models.TimeField()
    end = models.TimeField()

    class Meta:
        verbose_name_plural = "weekly hours"
        ordering = ("therapist", "weekday", "start")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=F("start")), name="clinic_hours_end_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.start:%H:%M}–{self.end:%H:%M}"


class TimeOff(models.Model):
    """A dated absence in the clinic's zone: the whole day, or from ``start`` to ``end``."""

    therapist = models.ForeignKey(
        Therapist, on_delete=models.CASCADE, related_name="time_off"
    )
    day = models.DateField()
    start = models.TimeField(null=True, blank=True)
    end = models.TimeField(null=True, blank=True)
    reason = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name_plural = "time off"
        ordering = ("day", "start")
        constraints = [
            models.CheckConstraint(
                condition=Q(start__isnull=True, end__isnull=True)
                | Q(start__isnull=False, end__isnull=False, end__gt=F("start")),
                name="clinic_time_off_whole_day_or_a_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.therapist} off {self.day}"


class Status(models.TextChoices):
    HELD = "held", "Held"
    BOOKED = "booked", "Booked"
    COMPLETED = "completed", "Completed"
    CANCELLED = "cancelled", "Cancelled"
    LATE_CANCELLED = "late_cancelled", "Cancelled late"
    NO_SHOW = "no_show", "No-show"


#: Statuses that keep the therapist's time: the exclusion constraint covers these.
ACTIVE_STATUSES = (Status.HELD, Status.BOOKED)
#: How long choosing a time keeps it while the details are filled in.
HOLD_LENGTH = timedelta(minutes=10)
#: Until this long before the start, the client cancels or moves it themselves.
SELF_SERVICE_CUTOFF = timedelta(hours=24)


def blocking(now: datetime) -> Q:
    """Appointments that keep their time at ``now``: booked, or held and not expired.

    An expired hold keeps nothing; the booking service deletes one that stands
    in the way (the PostgreSQL exclusion constraint still counts it until then).
    """
    return Q(status=Status.BOOKED) | Q(status=Status.HELD, hold_expires_at__gt=now)


class Appointment(models.Model):
    """One booked time.  ``blocked_*`` add the service's buffers around ``start``–``end``."""

    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="+")
    therapist = models.ForeignKey(
        Therapist, on_delete=models.PROTECT, related_name="appointments"
    )
    start = models.DateTimeField()
    end = models.DateTimeField()
    blocked_start = models.DateTimeField(editable=False)
    blocked_end = models.DateTimeField(editable=False)
    client_name = models.CharField(max_length=120)
    client_email = models.EmailField()
    client_phone = models.CharField(max_length=40)
    runner = models.ForeignKey(
        django_settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="appointments",
    )
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.BOOKED
    )
    # SHA-256 of the secret in the client's manage link; the secret is never stored.
    manage_token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    # A held time is free again from this instant (None once booked).
    hold_expires_at = models.DateTimeField(null=True, blank=True)
    # RFC 5545 SEQUENCE of the calendar invitations sent: raised on every change.
    ical_sequence = models.PositiveIntegerField(default=0, editable=False)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("start",)
        indexes = [models.Index(fields=["therapist", "blocked_start"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=F("start")),
                name="clinic_appointment_end_after_start",
            ),
            models.CheckConstraint(
                condition=Q(blocked_start__lte=F("start"), blocked_end__gte=F("end")),
                name="clinic_appointment_blocked_covers_it",
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.service} with {self.therapist} at {self.start:%Y-%m-%d %H:%M} UTC"
        )

    @property
    def ical_uid(self) -> str:
        """Stable for the appointment's life, so calendars update one event."""
        return f"appointment-{self.pk}@stridelight"

    def can_change(self, *, at: datetime) -> bool:
        """May the client cancel or move it themselves at ``at``? (until 24 h before)"""
        return self.status == Status.BOOKED and at < self.start - SELF_SERVICE_CUTOFF

    def link_expired(self, *, at: datetime) -> bool:
        """The manage link works until the appointment starts."""
        return at >= self.start

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Every path (the booking service, the admin, the shell) blocks the buffers.
        before = timedelta(minutes=self.service.buffer_before_minutes)
        after = timedelta(minutes=self.service.buffer_after_minutes)
        self.blocked_start, self.blocked_end = self.start - before, self.end + after
        super().save(*args, **kwargs)


class Intake(models.Model):
    """What the client told us when booking online: the red-flag answers, the intake
    answers (stable option ids, ``clinic.intake``) and the consent to the terms.

    The consent keeps the exact text and version shown, and when it was given, so a
    later edit of the terms never changes what this client agreed to.
    """

    appointment = models.OneToOneField(
        Appointment, on_delete=models.CASCADE, related_name="intake"
    )
    # {red flag id: "yes" | "no"}, as answered (core.redflag_words.QUESTIONS).
    red_flag_answers = models.JSONField(default=dict)
    # {question id: [option id, ...]}; a question left out was not answered.
    answers = models.JSONField(default=dict, blank=True)
    consent_version = models.CharField(max_length=40)
    consent_text = models.TextField()
    consent_given_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"intake for {self.appointment}"


class ReminderKind(models.TextChoices):
    EMAIL_24H = "email_24h", "E-mail 24 hours before"
    SMS_2H = "sms_2h", "Text message 2 hours before"


class ReminderState(models.TextChoices):
    DUE = "due", "Due"
    SENDING = "sending", "Being sent"
    SENT = "sent", "Sent"
    SKIPPED = "skipped", "Skipped"
    FAILED = "failed", "Failed"


class Reminder(models.Model):
    """One reminder of one appointment, sent once by whichever worker claims it.

    ``due_at`` (UTC) is when to send; ``claimed_at`` starts a worker's lease
    (``REMINDER_LEASE_SECONDS``): a row still ``sending`` after it is claimed
    again, so a worker killed mid-send does not lose the reminder.
    """

    appointment = models.ForeignKey(
        Appointment, on_delete=models.CASCADE, related_name="reminders"
    )
    kind = models.CharField(max_length=20, choices=ReminderKind.choices)
    due_at = models.DateTimeField()
    state = models.CharField(
        max_length=10, choices=ReminderState.choices, default=ReminderState.DUE
    )
    attempts = models.PositiveIntegerField(default=0)
    claimed_at = models.DateTimeField(null=True, blank=True)
    # Which claim owns the row: a late worker whose lease ran out cannot mark it.
    claim = models.CharField(max_length=32, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ("due_at",)
        indexes = [models.Index(fields=["state", "due_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["appointment", "kind"], name="clinic_reminder_once_per_kind"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.appointment} ({self.state})"


# The session notes' models live in their own module (this one is long enough);
# imported here so Django registers them with the app.
from stridelight.clinic.models_notes import (  # noqa: E402
    Addendum,
    CarePlan,
    NoteFinding,
    SessionNote,
)
from stridelight.clinic.models_outcomes import OutcomeResponse  # noqa: E402

__all__ = ["Addendum", "CarePlan", "NoteFinding", "OutcomeResponse", "SessionNote"]
