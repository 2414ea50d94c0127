"""Outcome answers (clinic.outcomes): raw answers, the instrument's version, the
score computed on the server, when, and for which session if any."""

from __future__ import annotations

from django.conf import settings as django_settings
from django.db import models

from stridelight.clinic.models import Appointment


class OutcomeResponse(models.Model):
    class Timing(models.TextChoices):
        BEFORE = "before", "Before the session"
        AFTER = "after", "After the session"
        CHECK = "check", "Check (not tied to a session)"

    runner = models.ForeignKey(
        django_settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="outcome_responses",
    )
    instrument = models.CharField(max_length=10)
    version = models.CharField(max_length=20)
    answers = models.JSONField()
    score = models.FloatField()
    answered_at = models.DateTimeField()
    appointment = models.ForeignKey(
        Appointment,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="outcomes",
    )
    timing = models.CharField(max_length=10, choices=Timing.choices)

    class Meta:
        ordering = ("answered_at", "id")
        indexes = [models.Index(fields=["runner", "instrument", "answered_at"])]


class PsfsInvitation(models.Model):
    """An e-mail asking a client for the PSFS, as sent: one every four weeks at
    most (``clinic.psfs_ask.psfs_invitations_send`` reads the newest)."""

    runner = models.ForeignKey(
        django_settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="psfs_invitations",
    )
    sent_at = models.DateTimeField()

    class Meta:
        ordering = ("sent_at", "id")
        indexes = [models.Index(fields=["runner", "sent_at"])]
