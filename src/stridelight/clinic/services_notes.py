"""Writing session notes: save a draft, sign it (locked; findings to the store),
add an addendum.  Views call these; each is atomic and keyword-only."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import cast

from django.db import transaction

from stridelight.accounts.models import User
from stridelight.clinic import outcomes
from stridelight.clinic.models import Appointment, Status
from stridelight.clinic.models_notes import Addendum, NoteFinding, SessionNote
from stridelight.clinic.selectors import clinic_settings
from stridelight.clinic.services_outcomes import outcome_record
from stridelight.core import journal as core
from stridelight.core.vocabulary import Region, SessionKind, Side
from stridelight.runners import services as runner_services


class NoteLocked(Exception):
    """The note is signed: it no longer changes (write an addendum instead)."""


@dataclass(frozen=True)
class FoundRestriction:
    region: Region
    side: Side
    restriction: int  # 0..3


@dataclass(frozen=True)
class Soap:
    subjective: str = ""
    objective: str = ""
    assessment: str = ""
    plan: str = ""
    ache_before: int | None = None  # NRS 0..10, asked at the session
    ache_after: int | None = None


@transaction.atomic
def note_save(
    *,
    appointment: Appointment,
    author: User,
    soap: Soap,
    findings: Sequence[FoundRestriction],
    at: datetime,
    sign: bool = False,
) -> SessionNote:
    """Write the note's draft (its SOAP sections and findings replace the old);
    with ``sign``, sign it too, in the same transaction (``note_sign``)."""
    note = _note_locked_for_update(appointment, author, at)
    if note.locked:
        raise NoteLocked
    note.subjective, note.objective = soap.subjective, soap.objective
    note.assessment, note.plan = soap.assessment, soap.plan
    note.ache_before, note.ache_after = soap.ache_before, soap.ache_after
    note.updated_at = at
    note.save()
    note.findings.all().delete()
    NoteFinding.objects.bulk_create(
        NoteFinding(note=note, region=f.region, side=f.side, restriction=f.restriction)
        for f in findings
    )
    if sign:
        return note_sign(note=note, by=author, at=at)
    return note


@transaction.atomic
def note_sign(*, note: SessionNote, by: User, at: datetime) -> SessionNote:
    """Sign the note: it is locked from now on, the appointment counts as
    completed, and its findings become the runner's therapist findings."""
    note = SessionNote.objects.select_for_update().get(pk=note.pk)
    if note.locked:
        raise NoteLocked
    note.signed_at, note.signed_by = at, by
    note.save(update_fields=["signed_at", "signed_by"])
    appointment = note.appointment
    if appointment.status == Status.BOOKED:
        appointment.status = Status.COMPLETED
        appointment.save(update_fields=["status"])
    if appointment.runner is not None:
        _findings_to_store(note, appointment)
        _aches_to_outcomes(note, appointment.runner, at)
    return note


def addendum_add(
    *, note: SessionNote, author: User, text: str, at: datetime
) -> Addendum:
    """A correction to a signed note, kept beside it with its own author and time."""
    if not note.locked:
        raise ValueError("a draft is edited, not amended")
    return Addendum.objects.create(note=note, author=author, text=text, written_at=at)


def _aches_to_outcomes(note: SessionNote, runner: User, at: datetime) -> None:
    for timing, ache in (("before", note.ache_before), ("after", note.ache_after)):
        if ache is not None:
            outcome_record(
                runner=runner,
                instrument=outcomes.NRS,
                answers={"ache": ache},
                at=at,
                timing=timing,
                appointment=note.appointment,
            )


def _note_locked_for_update(
    appointment: Appointment, author: User, at: datetime
) -> SessionNote:
    note, _ = SessionNote.objects.select_for_update().get_or_create(
        appointment=appointment, defaults={"author": author, "updated_at": at}
    )
    return note


def _findings_to_store(note: SessionNote, appointment: Appointment) -> None:
    assert appointment.runner is not None
    zone = clinic_settings().zone
    kind: SessionKind = (
        "discovery" if appointment.service.slug == "discovery-visit" else "mfr"
    )
    session = core.TherapySession(
        date=appointment.start.astimezone(zone).date(),
        kind=kind,
        findings=tuple(
            core.Finding(
                region=cast(Region, f.region),
                side=cast(Side, f.side),
                restriction=f.restriction,
            )
            for f in note.findings.all()
        ),
    )
    runner = runner_services.runner_for(appointment.runner)
    runner_services.therapist_session_record(
        runner=runner, session=session, source=f"clinic-note-{note.pk}"
    )
