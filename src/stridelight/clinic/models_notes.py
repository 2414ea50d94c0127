"""Session notes: SOAP sections and findings by region and side, signed once.

A signed note is locked (``SessionNote.signed_at``): nothing on it changes, and a
correction is an :class:`Addendum` with its own author and time.  Signing hands
the findings to the runner's store (``clinic.services_notes.note_sign``).
"""

from __future__ import annotations

from django.conf import settings as django_settings
from django.db import models
from django.db.models import Q

from stridelight.clinic.models import Appointment
from stridelight.core.vocabulary import REGIONS, SIDES
from stridelight.runners.models import choices_of

#: Restriction found by hand: 0 none, 1 mild, 2 moderate, 3 severe (DESIGN §4).
RESTRICTION_LABELS = ((0, "0 none"), (1, "1 mild"), (2, "2 moderate"), (3, "3 severe"))


class SessionNote(models.Model):
    """The therapist's note of one appointment (SOAP)."""

    appointment = models.OneToOneField(
        Appointment, on_delete=models.PROTECT, related_name="note"
    )
    author = models.ForeignKey(
        django_settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    subjective = models.TextField(blank=True)
    objective = models.TextField(blank=True)
    assessment = models.TextField(blank=True)
    plan = models.TextField(blank=True)
    #: The client's ache (NRS 0–10) before and after the session; recorded as
    #: outcome answers when the note is signed (clinic.outcomes).
    ache_before = models.PositiveSmallIntegerField(null=True, blank=True)
    ache_after = models.PositiveSmallIntegerField(null=True, blank=True)
    updated_at = models.DateTimeField()
    signed_at = models.DateTimeField(null=True, blank=True)
    signed_by = models.ForeignKey(
        django_settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(signed_at__isnull=True, signed_by__isnull=True)
                | Q(signed_at__isnull=False, signed_by__isnull=False),
                name="clinic_note_signed_with_signer",
            ),
        ]

    def __str__(self) -> str:
        return f"note of {self.appointment}"

    @property
    def locked(self) -> bool:
        return self.signed_at is not None


class NoteFinding(models.Model):
    """A restriction found in the session, in core's region vocabulary."""

    note = models.ForeignKey(
        SessionNote, on_delete=models.CASCADE, related_name="findings"
    )
    region = models.CharField(
        max_length=max(len(r) for r in REGIONS), choices=choices_of(REGIONS)
    )
    side = models.CharField(
        max_length=max(len(s) for s in SIDES), choices=choices_of(SIDES)
    )
    restriction = models.PositiveSmallIntegerField(choices=RESTRICTION_LABELS)

    class Meta:
        ordering = ("id",)
        constraints = [
            models.CheckConstraint(
                condition=Q(restriction__lte=3), name="clinic_finding_restriction_0_3"
            ),
            models.UniqueConstraint(
                fields=("note", "region", "side"), name="clinic_finding_once_per_note"
            ),
        ]


class Addendum(models.Model):
    """A correction or addition to a signed note, by its own author at its time."""

    note = models.ForeignKey(
        SessionNote, on_delete=models.PROTECT, related_name="addenda"
    )
    author = models.ForeignKey(
        django_settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    written_at = models.DateTimeField()
    text = models.TextField()

    class Meta:
        ordering = ("written_at", "id")
        verbose_name_plural = "addenda"


class Cadence(models.TextChoices):
    """How often MFR sessions are planned (DESIGN §1: weekly in heavy training,
    monthly for maintenance)."""

    WEEKLY = "weekly", "Weekly"
    MONTHLY = "monthly", "Monthly"


class CarePlan(models.Model):
    """A care plan as a therapist set it, beside what the analysis suggested then.

    Each change is a new row (the latest is the plan in force), so the history of
    who set what, when, and against which suggestion is kept.
    """

    runner = models.ForeignKey(
        django_settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="care_plans",
    )
    cadence = models.CharField(max_length=10, choices=Cadence.choices)
    #: The analysis' ``plan.mfr_cadence`` then (``weekly``, ``monthly`` or
    #: ``refer_first``), and its reason in words.
    suggested = models.CharField(max_length=20)
    suggested_why = models.TextField(blank=True)
    set_by = models.ForeignKey(
        django_settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    set_at = models.DateTimeField()

    class Meta:
        ordering = ("-set_at", "-id")
