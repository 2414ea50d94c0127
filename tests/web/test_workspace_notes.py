"""Session notes: drafts, signing (locked, findings into the store), addenda."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.test import Client

from stridelight.accounts.models import User
from stridelight.clinic.models import Status
from stridelight.clinic.models_notes import SessionNote
from stridelight.clinic.services_notes import (
    FoundRestriction,
    NoteLocked,
    Soap,
    note_save,
)
from stridelight.runners.analysis import analysis
from stridelight.runners.models import TherapySession
from tests.web.staff import sign_in
from tests.web.workspace_setup import NOW, VISIT_DAY, Clinic, make_workspace

pytestmark = pytest.mark.django_db


@pytest.fixture
def clinic() -> Clinic:
    return make_workspace()


def note_form(action: str, **rows: str) -> dict[str, str]:
    form = {
        "action": action,
        "subjective": "Left heel aches after runs for two weeks.",
        "objective": "Hamstrings tight on the left.",
        "assessment": "",
        "plan": "Weekly MFR for four weeks.",
        "f-TOTAL_FORMS": "8",
        "f-INITIAL_FORMS": "0",
        "f-MIN_NUM_FORMS": "0",
        "f-MAX_NUM_FORMS": "8",
    }
    for n in range(8):
        form.update({f"f-{n}-region": "", f"f-{n}-side": "", f"f-{n}-restriction": ""})
    form.update(rows)
    return form


#: A few minutes after NOW (the staff session lasts 30 minutes).
LATER = NOW + timedelta(minutes=20)
HAMSTRINGS = {"f-0-region": "hamstrings", "f-0-side": "left", "f-0-restriction": "3"}


def rank_of(clinic: Clinic, region: str) -> int | None:
    chain = analysis(user=clinic.sharing, as_of=VISIT_DAY).chain
    regions = [link.region for link in chain]
    return regions.index(region) if region in regions else None


@time_machine.travel(NOW, tick=False)
def test_a_signed_finding_on_the_hamstrings_moves_them_up_the_runners_chain(
    clinic: Clinic,
) -> None:
    before = rank_of(clinic, "hamstrings")
    assert before is not None and before > 0  # ranked, below other regions
    tight_before = _tight_chain_score(clinic)
    ann = Client()
    sign_in(ann, clinic.ann.user)
    url = f"/clinic/appointments/{clinic.shared_visit.pk}/notes/"
    answer = ann.post(url, note_form("sign", **HAMSTRINGS))
    assert answer.status_code == 302
    after = rank_of(clinic, "hamstrings")
    assert after is not None and after < before
    assert _tight_chain_score(clinic) > tight_before


def _tight_chain_score(clinic: Clinic) -> float:
    causes = analysis(user=clinic.sharing, as_of=VISIT_DAY).causes
    found = next(c for c in causes if c.id == "tight_chain")
    return found.score or 0.0


@time_machine.travel(NOW, tick=False)
def test_a_draft_keeps_its_findings_out_of_the_store_until_signed(
    clinic: Clinic,
) -> None:
    ann = Client()
    sign_in(ann, clinic.ann.user)
    url = f"/clinic/appointments/{clinic.shared_visit.pk}/notes/"
    ann.post(url, note_form("save", **HAMSTRINGS))
    note = SessionNote.objects.get(appointment=clinic.shared_visit)
    assert not note.locked
    assert [f.region for f in note.findings.all()] == ["hamstrings"]
    assert not TherapySession.objects.filter(runner__user=clinic.sharing).exists()
    page = ann.get(url).content.decode()
    assert 'value="hamstrings" selected' in page


@time_machine.travel(NOW, tick=False)
def test_signing_locks_the_note_and_completes_the_appointment(
    clinic: Clinic,
) -> None:
    ann = Client()
    sign_in(ann, clinic.ann.user)
    url = f"/clinic/appointments/{clinic.shared_visit.pk}/notes/"
    ann.post(url, note_form("sign", **HAMSTRINGS))
    ann.post(url, note_form("save", **{"f-0-region": "calf"}))  # ignored: locked
    note = SessionNote.objects.get(appointment=clinic.shared_visit)
    assert note.signed_by == clinic.ann.user and note.signed_at == NOW
    assert note.subjective.startswith("Left heel")
    assert [f.region for f in note.findings.all()] == ["hamstrings"]
    clinic.shared_visit.refresh_from_db()
    assert clinic.shared_visit.status == Status.COMPLETED
    with pytest.raises(NoteLocked):
        note_save(
            appointment=clinic.shared_visit,
            author=clinic.ann.user,
            soap=Soap(),
            findings=[FoundRestriction("calf", "left", 1)],
            at=NOW,
        )


@time_machine.travel(NOW, tick=False)
def test_a_correction_is_an_addendum_with_its_own_author_and_time(
    clinic: Clinic,
) -> None:
    ann, admin = Client(), Client()
    sign_in(ann, clinic.ann.user)
    grant_notes(clinic.admin)
    sign_in(admin, clinic.admin)
    url = f"/clinic/appointments/{clinic.shared_visit.pk}/notes/"
    ann.post(url, note_form("sign", **HAMSTRINGS))
    with time_machine.travel(LATER, tick=False):
        admin.post(url, {"text": "Right side also checked: no restriction."})
    note = SessionNote.objects.get(appointment=clinic.shared_visit)
    (added,) = note.addenda.all()
    assert added.author == clinic.admin
    assert added.written_at == LATER
    assert note.objective == "Hamstrings tight on the left."
    assert "Right side also checked" in ann.get(url).content.decode()


@time_machine.travel(NOW, tick=False)
def test_a_half_filled_finding_row_is_refused_and_nothing_is_saved(
    clinic: Clinic,
) -> None:
    ann = Client()
    sign_in(ann, clinic.ann.user)
    url = f"/clinic/appointments/{clinic.shared_visit.pk}/notes/"
    answer = ann.post(url, note_form("sign", **{"f-0-region": "calf"}))
    assert answer.status_code == 200
    assert "Give the region, the side and the restriction" in answer.content.decode()
    assert not SessionNote.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_the_same_region_and_side_twice_is_refused(clinic: Clinic) -> None:
    ann = Client()
    sign_in(ann, clinic.ann.user)
    url = f"/clinic/appointments/{clinic.shared_visit.pk}/notes/"
    twice = {
        **HAMSTRINGS,
        "f-1-region": "hamstrings",
        "f-1-side": "left",
        "f-1-restriction": "1",
    }
    answer = ann.post(url, note_form("save", **twice))
    assert "is listed twice" in answer.content.decode()
    assert not SessionNote.objects.exists()


def grant_notes(user: User) -> None:
    """The grant that lets a clinic admin read notes they did not write."""
    user.user_permissions.add(
        Permission.objects.get(
            codename="view_sessionnote", content_type__app_label="clinic"
        )
    )


@time_machine.travel(NOW, tick=False)
def test_a_clinic_admin_reads_another_therapists_notes_only_when_granted(
    clinic: Clinic,
) -> None:
    url = f"/clinic/appointments/{clinic.shared_visit.pk}/notes/"
    admin = Client()
    sign_in(admin, clinic.admin)
    assert admin.get(url).status_code == 404
    assert (
        admin.get(f"/clinic/appointments/{clinic.shared_visit.pk}/brief/").status_code
        == 200
    )
    grant_notes(clinic.admin)
    clinic.admin.refresh_from_db()  # permissions are cached on the instance
    granted = Client()
    sign_in(granted, User.objects.get(pk=clinic.admin.pk))
    assert granted.get(url).status_code == 200
