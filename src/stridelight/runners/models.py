"""A runner's data as rows: one model per section of the runner bundle (DESIGN §4).

Every ``choices`` comes from ``core.vocabulary``, so the database, the bundle
reader and the analysis accept the same words.  Each row has ``extra``: the keys
of its bundle entry that Stridelight does not know, kept so an export gives them
back.  Rows keep the order they were written in (their ``id``), the bundle's
order; workouts are read in order of start.  Datetimes are stored in UTC.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Sequence
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q

from stridelight.core.vocabulary import (
    ACHE_TIMINGS,
    HABIT_KINDS,
    REGIONS,
    SCREENING_TESTS,
    SESSION_KINDS,
    SEXES,
    SIDES,
)


def choices_of(words: Iterable[str]) -> list[tuple[str, str]]:
    """A vocabulary as Django choices: the word, and its label in plain words."""
    return [(word, word.replace("_", " ")) for word in words]


def _longest(words: Iterable[str]) -> int:
    return max(len(w) for w in words)


def _word_field(words: Iterable[str]) -> models.CharField[str, str]:
    """A column that holds one word of a vocabulary."""
    choices = choices_of(words)
    return models.CharField(max_length=_longest(w for w, _ in choices), choices=choices)


def new_stamp() -> int:
    """A fresh ``Runner.base_stamp``: 62 random bits (a PostgreSQL bigint, >= 0)."""
    return secrets.randbits(62)


class Runner(models.Model):
    """The bundle's ``runner`` section, one per account that has runner data."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="runner"
    )
    sex = models.CharField(
        max_length=_longest(SEXES), choices=choices_of(SEXES), null=True, blank=True
    )
    birth_year = models.PositiveSmallIntegerField(null=True, blank=True)
    body_mass_kg = models.FloatField(null=True, blank=True)
    max_hr = models.FloatField(null=True, blank=True)
    rest_hr = models.FloatField(null=True, blank=True)
    time_zone = models.CharField(max_length=64, default="UTC")
    name = models.CharField(max_length=200, null=True, blank=True)
    extra = models.JSONField(default=dict, blank=True)
    #: Unknown top-level keys of runner.json (beside the known sections).
    bundle_extra = models.JSONField(default=dict, blank=True)
    #: Raised by every service that writes this runner's data, so an analysis
    #: cached under an older version is never read again (runners.analysis).
    data_version = models.PositiveBigIntegerField(default=0, editable=False)
    #: Drawn afresh with each raise of ``data_version``, except by a write of
    #: the daily diary alone (a check-in's aches and answers): the runner's
    #: workouts, shoes, habits, screenings and sessions kept in a process's
    #: memory under it are never read after any of them changed
    #: (runners.data_cache).  Random rather than counted, so a runner id used
    #: again (a test's rolled-back rows, a restored backup) never meets an old
    #: entry.
    base_stamp = models.PositiveBigIntegerField(default=new_stamp, editable=False)

    def __str__(self) -> str:
        return str(self.user)


class RunnerRow(models.Model):
    """What every row of a runner's data has: whose it is, and unknown keys."""

    runner = models.ForeignKey(Runner, on_delete=models.CASCADE)
    extra = models.JSONField(default=dict, blank=True)

    class Meta:
        abstract = True
        ordering: ClassVar[Sequence[str]] = ("id",)


class Shoe(RunnerRow):
    key = models.CharField(max_length=200, help_text="the shoe's id in the bundle")
    name = models.CharField(max_length=200)
    category = models.CharField(max_length=50, null=True, blank=True)
    started_on = models.DateField(null=True, blank=True)
    retired_on = models.DateField(null=True, blank=True)
    start_km = models.FloatField(default=0.0)
    limit_km = models.FloatField(null=True, blank=True)
    #: The distance before the first recorded run is not known (Strava's gear):
    #: the distance shown is a lower bound, "at least".
    start_km_unknown = models.BooleanField(null=True, blank=True, default=None)

    class Meta(RunnerRow.Meta):
        constraints = [
            models.UniqueConstraint(fields=("runner", "key"), name="shoe_key_once"),
        ]

    def __str__(self) -> str:
        return self.name


class DefaultShoe(models.Model):
    """The pair a runner wears unless they say otherwise (set on /me/shoes/).

    Its own table rather than a column on ``Runner``: saving a runner's profile
    must never write back a stale choice, and a pair's removal removes it.
    """

    runner = models.OneToOneField(
        Runner, on_delete=models.CASCADE, related_name="default_shoe"
    )
    shoe = models.OneToOneField(Shoe, on_delete=models.CASCADE, related_name="+")

    def __str__(self) -> str:
        return f"{self.runner}: {self.shoe}"


class Activity(RunnerRow):
    """One recording: its summary, every figure of core's ``Workout``, and where
    its original file is.  Computed once at import; the file is not decoded again
    for the analysis.

    ``sha256`` identifies the original's bytes: the same file again is the same
    row.  ``duplicate_of`` links a copy of a recording to the kept one
    (``core.duplicates``); ``samples``, ``channels`` and ``format`` are what that
    rule weighs, so it can run again without the files.
    """

    # core.journal.Workout
    path = models.CharField(
        max_length=500, help_text="the file's path in the bundle: the workout's id"
    )
    start = models.DateTimeField()
    sport = models.CharField(max_length=50)
    duration_s = models.FloatField()
    distance_m = models.FloatField()
    moving_time_s = models.FloatField(null=True, blank=True)
    avg_hr = models.FloatField(null=True, blank=True)
    trimp = models.FloatField(null=True, blank=True)
    rpe = models.FloatField(null=True, blank=True)
    shoe = models.ForeignKey(
        Shoe,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="activities",
    )
    step_length_m = models.FloatField(null=True, blank=True)
    avg_speed_mps = models.FloatField(null=True, blank=True)
    start_lat = models.FloatField(null=True, blank=True)
    start_lon = models.FloatField(null=True, blank=True)
    temperature_c = models.FloatField(null=True, blank=True)
    # the bundle's activity note beyond the workout
    notes = models.TextField(null=True, blank=True)
    # the summary and the original
    sub_sport = models.CharField(max_length=50, null=True, blank=True)
    name = models.CharField(max_length=300, null=True, blank=True)
    device = models.CharField(max_length=200, null=True, blank=True)
    format = models.CharField(max_length=10)
    samples = models.PositiveIntegerField(default=0)
    channels = models.JSONField(default=list, blank=True)
    sha256 = models.CharField(max_length=64)
    original = models.FileField(max_length=300, blank=True)
    duplicate_of = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="copies"
    )
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta(RunnerRow.Meta):
        verbose_name_plural = "activities"
        ordering = ("start", "path")
        constraints = [
            models.UniqueConstraint(
                fields=("runner", "sha256"), name="activity_file_once"
            ),
            models.UniqueConstraint(
                fields=("runner", "path"), name="activity_path_once"
            ),
            models.CheckConstraint(
                condition=Q(rpe__isnull=True) | Q(rpe__gte=0, rpe__lte=10),
                name="activity_rpe_0_10",
            ),
        ]
        indexes = [models.Index(fields=("runner", "start"), name="activity_by_start")]

    def __str__(self) -> str:
        return f"{self.path} ({self.start:%Y-%m-%d})"


class Ache(RunnerRow):
    at = models.DateTimeField()
    region = _word_field(REGIONS)
    side = _word_field(SIDES)
    intensity = models.PositiveSmallIntegerField()
    timing = models.CharField(
        max_length=_longest(ACHE_TIMINGS),
        choices=choices_of(ACHE_TIMINGS),
        null=True,
        blank=True,
    )
    quality = models.JSONField(default=list, blank=True)
    notes = models.TextField(null=True, blank=True)

    class Meta(RunnerRow.Meta):
        constraints = [
            models.CheckConstraint(
                condition=Q(intensity__lte=10), name="ache_intensity_0_10"
            ),
        ]
        # A page asks for the runner's newest entry of each section
        # (``analysis_day``): an index's last entry, not a sort of them all.
        indexes = [models.Index(fields=("runner", "at"), name="ache_by_time")]


class Habit(RunnerRow):
    date = models.DateField()
    kind = _word_field(HABIT_KINDS)
    minutes = models.FloatField(null=True, blank=True)
    liters = models.FloatField(null=True, blank=True)
    hours = models.FloatField(null=True, blank=True)
    targets = models.JSONField(default=dict, blank=True)
    #: Body regions worked (stretch, strength, foam_roll); DESIGN §4.
    regions = models.JSONField(default=list, blank=True)

    class Meta(RunnerRow.Meta):
        indexes = [models.Index(fields=("runner", "date"), name="habit_by_date")]


class Screening(RunnerRow):
    date = models.DateField()
    test = _word_field(SCREENING_TESTS)
    side = _word_field(SIDES)
    value = models.FloatField()

    class Meta(RunnerRow.Meta):
        indexes = [models.Index(fields=("runner", "date"), name="screening_by_date")]


class TherapySession(RunnerRow):
    date = models.DateField()
    kind = _word_field(SESSION_KINDS)

    class Meta(RunnerRow.Meta):
        indexes = [models.Index(fields=("runner", "date"), name="session_by_date")]


class Finding(models.Model):
    """A restriction a therapist found in one session, by region."""

    session = models.ForeignKey(
        TherapySession, on_delete=models.CASCADE, related_name="findings"
    )
    region = _word_field(REGIONS)
    side = _word_field(SIDES)
    restriction = models.PositiveSmallIntegerField()
    extra = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ("id",)
        constraints = [
            models.CheckConstraint(
                condition=Q(restriction__lte=3), name="finding_restriction_0_3"
            ),
        ]


class Checkin(RunnerRow):
    """The red-flag questions answered on one day; an empty list is "no" to all."""

    date = models.DateField()
    red_flags = models.JSONField(default=list, blank=True)

    class Meta(RunnerRow.Meta):
        indexes = [models.Index(fields=("runner", "date"), name="checkin_by_date")]


class ImportRun(models.Model):
    """One import into a runner's store, with its counts: what the uploads page
    and the command line report back, kept after the import is over."""

    runner = models.ForeignKey(Runner, on_delete=models.CASCADE)
    finished_at = models.DateTimeField(auto_now_add=True)
    new = models.PositiveIntegerField(default=0)
    already_there = models.PositiveIntegerField(default=0)
    duplicates = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ("-finished_at", "-id")


class RejectedFile(models.Model):
    """A file an import could not take, and why, in the user's words."""

    run = models.ForeignKey(
        ImportRun, on_delete=models.CASCADE, related_name="rejected"
    )
    path = models.TextField()
    reason = models.TextField()

    class Meta:
        ordering = ("id",)


class Upload(models.Model):
    """Files a runner sent on /me/uploads/, from the moment they arrive until the
    worker has imported them: the progress the page polls (runners.uploads)."""

    class State(models.TextChoices):
        WAITING = "waiting", "waiting for the worker"
        READING = "reading", "reading"
        DONE = "done", "done"
        FAILED = "failed", "failed"

    runner = models.ForeignKey(Runner, on_delete=models.CASCADE)
    #: The random name of the folder its files wait in (settings.UPLOAD_DIR).
    folder = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    state = models.CharField(
        max_length=10, choices=State.choices, default=State.WAITING
    )
    #: Activity files read so far, over all of the upload's files.
    entries_read = models.PositiveIntegerField(default=0)
    #: Set when the import is over: its counts and rejected files.
    run = models.OneToOneField(
        ImportRun, on_delete=models.SET_NULL, null=True, blank=True
    )
    error = models.TextField(blank=True, default="")

    class Meta:
        ordering = ("-created_at", "-id")


class UploadedFile(models.Model):
    """One file of an upload, as the runner named it, and how far its reading got."""

    class State(models.TextChoices):
        WAITING = "waiting", "waiting"
        READING = "reading", "reading"
        READ = "read", "read"

    upload = models.ForeignKey(Upload, on_delete=models.CASCADE, related_name="files")
    name = models.CharField(max_length=255, help_text="the name it was sent with")
    #: Where it waits, inside the upload's folder.
    stored_as = models.CharField(max_length=300)
    size = models.PositiveBigIntegerField()
    state = models.CharField(
        max_length=10, choices=State.choices, default=State.WAITING
    )
    #: Activity files read from it so far (one for a single file, many in a zip).
    entries_read = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ("id",)


class SharingConsent(models.Model):
    """A runner's consent to let the clinic's therapists see their data.

    It lives with the runner's data, not in the clinic: it is the runner's own
    decision about their own data, and the runners app imports no clinic code.
    Each row is one consent as given (the exact text and its version, and when);
    revoking sets ``revoked_at`` and giving again adds a new row, so the history
    of what was agreed to, and when, is kept.  At most one row per runner and
    scope is in force (``revoked_at`` null).
    """

    runner = models.ForeignKey(
        Runner, on_delete=models.CASCADE, related_name="sharing_consents"
    )
    scope = models.CharField(max_length=40)
    text_version = models.CharField(max_length=40)
    text = models.TextField()
    given_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("given_at", "id")
        constraints = [
            models.UniqueConstraint(
                fields=("runner", "scope"),
                condition=Q(revoked_at__isnull=True),
                name="sharing_consent_one_in_force",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.runner} shares {self.scope} (v{self.text_version})"
