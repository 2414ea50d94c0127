"""Writing a runner's data: the one place rows are written (DESIGN §3).

Phase 1 holds the building blocks the import service stands on: the runner's
row, the journal's sections, and one activity row from a workout and the facts
kept about its original file.  Each is atomic.  ``import_sources`` and
``export_bundle`` (the issue's import/export services) build on them;
``import_sources`` lives in ``runners.imports`` and is re-exported here, as is
the daily check-in's ``checkin_record`` (``runners.checkins``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from django.db import models, transaction
from django.db.models import F

from stridelight.accounts.models import User
from stridelight.core import journal as core
from stridelight.runners import models as m
from stridelight.runners import originals, sharing
from stridelight.runners.checkins import checkin_record
from stridelight.runners.deletion import account_delete
from stridelight.runners.extras import BY_POSITION, unknown_keys
from stridelight.runners.imports import ImportReport, Rejected, import_sources
from stridelight.runners.rows import OriginalFile, ache_row, activity_row

__all__ = [
    "ImportReport",
    "OriginalFile",
    "Rejected",
    "account_delete",
    "activity_create",
    "activity_shoe_set",
    "checkin_record",
    "data_changed",
    "extras_save",
    "import_sources",
    "journal_replace",
    "original_store",
    "runner_for",
    "sharing_give",
    "sharing_revoke",
    "therapist_session_record",
]


def runner_for(user: User) -> m.Runner:
    """The user's runner row, created empty on first use."""
    runner, _ = m.Runner.objects.get_or_create(user=user)
    return runner


@transaction.atomic
def journal_replace(*, runner: m.Runner, journal: core.Journal) -> None:
    """The journal's sections replace the stored ones (activities stay).

    Shoes are updated in place by id, so activities keep their pair; a pair no
    longer listed is removed and its activities lose their shoe.
    """
    _profile_save(runner, journal.profile)
    _shoes_replace(runner, journal.shoes)
    for model in (m.Ache, m.Habit, m.Screening, m.TherapySession, m.Checkin):
        model.objects.filter(runner=runner).delete()
    m.Ache.objects.bulk_create(ache_row(runner, a) for a in journal.aches)
    m.Habit.objects.bulk_create(_habit(runner, h) for h in journal.habits)
    m.Screening.objects.bulk_create(
        m.Screening(runner=runner, date=s.date, test=s.test, side=s.side, value=s.value)
        for s in journal.screenings
    )
    for session in journal.sessions:
        _session_create(runner, session)
    m.Checkin.objects.bulk_create(
        m.Checkin(runner=runner, date=c.date, red_flags=list(c.red_flags))
        for c in journal.checkins
    )
    data_changed(runner)


@transaction.atomic
def activity_create(
    *,
    runner: m.Runner,
    workout: core.Workout,
    original: OriginalFile,
    notes: str | None = None,
) -> m.Activity:
    """One activity row; its shoe must already be one of the runner's."""
    shoe_id = None
    if workout.shoe is not None:
        shoe_id = m.Shoe.objects.get(runner=runner, key=workout.shoe).pk
    row = activity_row(
        runner=runner, workout=workout, original=original, shoe_id=shoe_id, notes=notes
    )
    row.save(force_insert=True)
    data_changed(runner)
    return row


@transaction.atomic
def activity_shoe_set(
    *, runner: m.Runner, activity_id: int, shoe_id: int | None
) -> m.Activity:
    """The pair an activity was run in (None: none), so the shoe's distance and
    the analysis follow.  Another runner's activity or shoe raises DoesNotExist."""
    activity = m.Activity.objects.select_for_update().get(runner=runner, pk=activity_id)
    shoe = None if shoe_id is None else m.Shoe.objects.get(runner=runner, pk=shoe_id)
    if activity.shoe_id != (None if shoe is None else shoe.pk):
        activity.shoe = shoe
        activity.save(update_fields=["shoe"])
        data_changed(runner)
    return activity


def data_changed(runner: m.Runner, *, diary_only: bool = False) -> None:
    """Raise the runner's data version: analyses cached before are not read again.

    Every service that writes a runner's data calls it.  Raised in the database
    (not from the row in memory), so two writers never end on the same version.
    The base stamp (workouts, shoes, habits, screenings, sessions kept in
    memory, ``runners.data_cache``) is drawn afresh too, unless the caller wrote only
    the daily diary (aches and check-ins) and says so: forgetting to say so
    costs a read, never a stale result.
    """
    raised: dict[str, Any] = {"data_version": F("data_version") + 1}
    if not diary_only:
        raised["base_stamp"] = m.new_stamp()
    m.Runner.objects.filter(pk=runner.pk).update(**raised)
    runner.refresh_from_db(fields=["data_version", "base_stamp"])


def original_store(*, data: bytes, name: str) -> str:
    """Keep an original file once, by its content; its name in the default storage
    (``originals/<sha[:2]>/<sha256>.fit.gz``, see ``runners.originals``)."""
    return originals.keep(data, sha256=originals.sha256_of(data), entry=name)


@transaction.atomic
def extras_save(*, runner: m.Runner, document: Mapping[str, object]) -> None:
    """Keep the unknown keys of a runner.json on the rows, so an export gives
    them back (``runners.extras``).  Call after the journal and the activities
    were written from the same document."""
    unknown = unknown_keys(document)
    m.Runner.objects.filter(pk=runner.pk).update(
        bundle_extra=unknown.top, extra=unknown.runner
    )
    for key, extra in unknown.shoes.items():
        m.Shoe.objects.filter(runner=runner, key=key).update(extra=extra)
    for path, extra in unknown.activities.items():
        m.Activity.objects.filter(runner=runner, path=path).update(extra=extra)
    in_order: dict[str, models.QuerySet[Any]] = {
        "aches": m.Ache.objects.filter(runner=runner),
        "habits": m.Habit.objects.filter(runner=runner),
        "screenings": m.Screening.objects.filter(runner=runner),
        "checkins": m.Checkin.objects.filter(runner=runner),
    }
    for name in BY_POSITION:
        _extras_by_position(in_order[name], unknown.entries[name])
    sessions = m.TherapySession.objects.filter(runner=runner)
    for session, extra, found in zip(
        sessions, unknown.sessions, unknown.findings, strict=False
    ):
        _extras_by_position(m.Finding.objects.filter(session=session), found)
        if extra:
            m.TherapySession.objects.filter(pk=session.pk).update(extra=extra)
    data_changed(runner)


def _extras_by_position(
    rows: models.QuerySet[Any], extras: tuple[dict[str, Any], ...]
) -> None:
    for row, extra in zip(rows.order_by("id"), extras, strict=False):
        if extra:
            type(row).objects.filter(pk=row.pk).update(extra=extra)


PROFILE_FIELDS = (
    "sex", "birth_year", "body_mass_kg", "max_hr", "rest_hr", "time_zone", "name",
)  # fmt: skip


def _profile_save(runner: m.Runner, profile: core.RunnerProfile) -> None:
    runner.sex = profile.sex
    runner.birth_year = profile.birth_year
    runner.body_mass_kg = profile.body_mass_kg
    runner.max_hr = profile.max_hr
    runner.rest_hr = profile.rest_hr
    runner.time_zone = profile.time_zone
    runner.name = profile.name
    # Only the profile: saving the whole row would write back a data_version
    # read before another writer raised it.
    runner.save(update_fields=[*PROFILE_FIELDS])


def _shoes_replace(runner: m.Runner, shoes: Iterable[core.Shoe]) -> None:
    keys = []
    for shoe in shoes:
        keys.append(shoe.id)
        m.Shoe.objects.update_or_create(
            runner=runner,
            key=shoe.id,
            defaults={
                "name": shoe.name,
                "category": shoe.category,
                "started_on": shoe.started_on,
                "retired_on": shoe.retired_on,
                "start_km": shoe.start_km,
                "limit_km": shoe.limit_km,
                "start_km_unknown": shoe.start_km_unknown,
            },
        )
    m.Shoe.objects.filter(runner=runner).exclude(key__in=keys).delete()


def _habit(runner: m.Runner, h: core.Habit) -> m.Habit:
    return m.Habit(
        runner=runner,
        date=h.date,
        kind=h.kind,
        minutes=h.minutes,
        liters=h.liters,
        hours=h.hours,
        targets=dict(h.targets),
        regions=list(h.regions),
    )


def _session_create(runner: m.Runner, session: core.TherapySession) -> None:
    row = m.TherapySession.objects.create(
        runner=runner, date=session.date, kind=session.kind
    )
    m.Finding.objects.bulk_create(
        m.Finding(session=row, region=f.region, side=f.side, restriction=f.restriction)
        for f in session.findings
    )


# --- consent to share and the therapists' findings ----------------------------


@transaction.atomic
def sharing_give(
    *,
    runner: m.Runner,
    at: datetime,
    scope: str = sharing.CLINIC_CARE,
    text_version: str = sharing.TEXT_VERSION,
    text: str = sharing.TEXT,
) -> m.SharingConsent:
    """The runner consents to share (the exact text and version kept); giving
    it again while one is in force keeps that one."""
    current = (
        m.SharingConsent.objects.select_for_update()
        .filter(runner=runner, scope=scope, revoked_at__isnull=True)
        .first()
    )
    if current is not None:
        return current
    return m.SharingConsent.objects.create(
        runner=runner, scope=scope, text_version=text_version, text=text, given_at=at
    )


def sharing_revoke(
    *, runner: m.Runner, at: datetime, scope: str = sharing.CLINIC_CARE
) -> int:
    """The runner withdraws consent, effective at once; how many were in force."""
    return m.SharingConsent.objects.filter(
        runner=runner, scope=scope, revoked_at__isnull=True
    ).update(revoked_at=at)


@transaction.atomic
def therapist_session_record(
    *, runner: m.Runner, session: core.TherapySession, source: str
) -> m.TherapySession:
    """A session's signed findings become the runner's therapist findings, so the
    chain ranking and ``tight_chain`` read them.  ``source`` says where they came
    from (e.g. ``clinic-note-12``), kept in the row's ``extra``; recording the
    same source again gives the row already there."""
    existing = m.TherapySession.objects.filter(
        runner=runner, extra__source=source
    ).first()
    if existing is not None:
        return existing
    row = m.TherapySession.objects.create(
        runner=runner, date=session.date, kind=session.kind, extra={"source": source}
    )
    m.Finding.objects.bulk_create(
        m.Finding(session=row, region=f.region, side=f.side, restriction=f.restriction)
        for f in session.findings
    )
    data_changed(runner)
    return row
