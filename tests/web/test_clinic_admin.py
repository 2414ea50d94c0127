"""The Django admin for clinic staff: the clinic's setup, appointments, care plans
read-only, consents and reminders read-only, and no clinical notes anywhere."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.test import Client

from stridelight.clinic.care import Suggestion, care_plan_set
from stridelight.clinic.models import Reminder, ReminderKind
from stridelight.clinic.models_notes import Addendum, Cadence, NoteFinding, SessionNote
from stridelight.runners.models import SharingConsent
from tests.web.staff import sign_in
from tests.web.workspace_setup import NOW, make_workspace

pytestmark = pytest.mark.django_db


def test_no_clinical_note_is_registered_in_the_admin() -> None:
    for model in (SessionNote, NoteFinding, Addendum):
        assert not admin.site.is_registered(model), model
    listing = [m.__name__ for m in admin.site._registry]
    assert "CarePlan" in listing and "SharingConsent" in listing


def test_a_clinic_admin_edits_the_clinics_setup(client: Client) -> None:
    clinic = make_workspace()
    sign_in(client, clinic.admin)
    index = client.get("/admin/").content.decode()
    for name in ("Services", "Therapists", "Appointments", "Care plans"):
        assert name in index
    assert "Session notes" not in index
    therapist = client.get(f"/admin/clinic/therapist/{clinic.ann.pk}/change/")
    assert therapist.status_code == 200
    assert b'name="_save"' in therapist.content  # hours and time off edited here
    assert client.get("/admin/clinic/service/add/").status_code == 200


def test_care_plans_are_listed_but_not_edited_in_the_admin(client: Client) -> None:
    clinic = make_workspace()
    plan = care_plan_set(
        runner=clinic.sharing,
        cadence=Cadence.WEEKLY,
        suggestion=Suggestion("weekly", "heavy training"),
        by=clinic.ann.user,
        at=NOW,
    )
    sign_in(client, clinic.admin)
    listing = client.get("/admin/clinic/careplan/")
    assert listing.status_code == 200
    assert b"sam@example.com" in listing.content
    assert b"Add care plan" not in listing.content
    detail = client.get(f"/admin/clinic/careplan/{plan.pk}/change/")
    assert detail.status_code == 200
    assert b'name="_save"' not in detail.content
    assert client.post(f"/admin/clinic/careplan/{plan.pk}/delete/").status_code == 403


def test_consents_are_read_only_in_the_admin(client: Client) -> None:
    clinic = make_workspace()
    consent = SharingConsent.objects.get(runner__user=clinic.sharing)
    sign_in(client, clinic.admin)
    listing = client.get("/admin/runners/sharingconsent/")
    assert listing.status_code == 200
    assert b"Add sharing consent" not in listing.content
    detail = client.get(f"/admin/runners/sharingconsent/{consent.pk}/change/")
    assert detail.status_code == 200
    assert b'name="_save"' not in detail.content
    url = f"/admin/runners/sharingconsent/{consent.pk}/delete/"
    assert client.post(url).status_code == 403
    assert SharingConsent.objects.filter(pk=consent.pk, revoked_at=None).exists()


def test_therapists_do_not_get_the_clinics_admin(client: Client) -> None:
    clinic = make_workspace()
    sign_in(client, clinic.ann.user)
    assert client.get("/admin/clinic/careplan/").status_code == 403
    assert client.get("/admin/clinic/service/").status_code == 403


def test_appointments_are_booked_and_cancelled_through_the_service_not_the_admin(
    client: Client,
) -> None:
    clinic = make_workspace()
    sign_in(client, clinic.admin)
    visit = clinic.shared_visit.pk
    assert client.get(f"/admin/clinic/appointment/{visit}/change/").status_code == 200
    assert client.get("/admin/clinic/appointment/add/").status_code == 403
    assert client.post(f"/admin/clinic/appointment/{visit}/delete/").status_code == 403


def test_reminders_are_read_only_in_the_admin(client: Client) -> None:
    clinic = make_workspace()
    reminder = Reminder.objects.create(
        appointment=clinic.shared_visit, kind=ReminderKind.EMAIL_24H, due_at=NOW
    )
    sign_in(client, clinic.admin)
    listing = client.get("/admin/clinic/reminder/")
    assert listing.status_code == 200
    assert b"E-mail 24 hours before" in listing.content
    assert b"Add reminder" not in listing.content
    assert b'value="delete_selected"' not in listing.content  # no bulk delete
    detail = client.get(f"/admin/clinic/reminder/{reminder.pk}/change/")
    assert detail.status_code == 200
    assert b'name="_save"' not in detail.content
    assert b"/delete/" not in detail.content
    assert client.get("/admin/clinic/reminder/add/").status_code == 403
    url = f"/admin/clinic/reminder/{reminder.pk}/delete/"
    assert client.get(url).status_code == 403
    assert client.post(url, {"post": "yes"}).status_code == 403
    change = f"/admin/clinic/reminder/{reminder.pk}/change/"
    assert client.post(change, {"state": "skipped"}).status_code == 403
    bulk = {
        "action": "delete_selected",
        "_selected_action": [reminder.pk],
        "post": "yes",
    }
    client.post("/admin/clinic/reminder/", bulk)
    assert Reminder.objects.filter(pk=reminder.pk, state="due").exists()
