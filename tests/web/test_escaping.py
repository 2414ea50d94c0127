"""Every text field of Stridelight's models is either proven to be shown as text
(a test stores hostile markup in it through the form, upload, API or service a
person uses, and opens every page, message and export that shows it back), or
listed here with the reason no person types it.

A new CharField, TextField or JSONField without an entry fails
:func:`test_every_text_field_of_the_models_is_tested_or_said_to_be_typed_by_no_one`:
give it a payload test (tests/web/test_escaping_*.py), or say why no one types it.
"""

from __future__ import annotations

from collections.abc import Callable

from django.apps import apps
from django.db import models

from tests.web import test_escaping_accounts as accounts
from tests.web import test_escaping_booking as booking
from tests.web import test_escaping_clinic as clinic
from tests.web import test_escaping_runner as runner

BUNDLE = runner.test_every_text_of_an_uploaded_bundle_is_text_wherever_it_is_shown
CHECK_IN = (
    runner.test_an_aches_note_from_the_check_in_is_text_where_its_words_are_quoted
)
BOOKING = (
    booking.test_a_booking_made_on_the_book_pages_shows_the_clients_details_as_text
)
SETUP = (
    clinic.test_the_clinics_setup_typed_in_the_admin_is_text_on_every_page_and_message
)
NOTES = clinic.test_session_notes_and_addenda_are_text_in_the_draft_the_signed_note_and_after
AUDIT = (
    accounts.test_addresses_and_user_agents_are_text_in_the_workspace_and_the_audit_log
)

#: Free text a person types (or sends in a file), and the test that proves it is
#: shown as text.  A field shown on no page (a bundle's unknown keys, a watch's
#: name) is stored hostile by the bundle test, which finds no markup on any page.
TYPED: dict[str, Callable[..., None]] = {
    "accounts.User.email": AUDIT,
    "accounts.User.pending_email": (
        accounts.test_a_new_address_asked_for_is_text_on_every_page_that_names_it
    ),
    "audit.AuditEntry.actor_email": AUDIT,
    "audit.AuditEntry.client_label": AUDIT,
    "audit.AuditEntry.user_agent": AUDIT,
    "runners.Runner.name": BUNDLE,
    "runners.Runner.extra": BUNDLE,
    "runners.Runner.bundle_extra": BUNDLE,
    "runners.Shoe.name": runner.test_a_shoe_name_typed_on_the_shoes_page_is_text_wherever_the_pair_is_named,
    "runners.Shoe.key": BUNDLE,
    "runners.Shoe.category": BUNDLE,
    "runners.Shoe.extra": BUNDLE,
    "runners.Activity.path": BUNDLE,
    "runners.Activity.name": BUNDLE,
    "runners.Activity.notes": BUNDLE,
    "runners.Activity.device": BUNDLE,
    "runners.Activity.extra": BUNDLE,
    "runners.Ache.notes": CHECK_IN,
    "runners.Ache.quality": BUNDLE,
    "runners.Ache.extra": BUNDLE,
    "runners.Habit.targets": BUNDLE,
    "runners.Habit.extra": BUNDLE,
    "runners.Screening.extra": BUNDLE,
    "runners.TherapySession.extra": BUNDLE,
    "runners.Finding.extra": BUNDLE,
    "runners.Checkin.extra": BUNDLE,
    "runners.UploadedFile.name": runner.test_an_uploaded_files_own_name_is_text_on_its_upload_page_and_in_the_admin,
    "runners.RejectedFile.path": BUNDLE,
    "runners.RejectedFile.reason": BUNDLE,
    "clinic.ClinicSettings.name": SETUP,
    "clinic.ClinicSettings.phone": SETUP,
    "clinic.ClinicSettings.address": SETUP,
    "clinic.Service.name": SETUP,
    "clinic.Therapist.display_name": SETUP,
    "clinic.TimeOff.reason": SETUP,
    "clinic.Appointment.client_name": BOOKING,
    "clinic.Appointment.client_email": BOOKING,
    "clinic.Appointment.client_phone": BOOKING,
    "clinic.Reminder.last_error": booking.test_a_mail_servers_refusal_quoting_the_address_is_text_in_the_admin,
    "clinic.SessionNote.subjective": NOTES,
    "clinic.SessionNote.objective": NOTES,
    "clinic.SessionNote.assessment": NOTES,
    "clinic.SessionNote.plan": NOTES,
    "clinic.Addendum.text": NOTES,
    # The suggestion's reason quotes the note a red flag was read from.
    "clinic.CarePlan.suggested_why": CHECK_IN,
    "clinic.OutcomeResponse.answers": clinic.test_psfs_activities_a_client_names_are_text_when_offered_again,
}

VOCABULARY = "a word of core.vocabulary, checked by every form and the bundle reader"
CHOICE = "one of the field's choices, checked on the way in"
#: Text fields no person types, and why.
NOT_TYPED: dict[str, str] = {
    "accounts.User.password": "typed, but stored as an Argon2id hash no page shows",
    "accounts.User.role": CHOICE,
    "audit.AuditEntry.action": CHOICE,
    "audit.AuditEntry.object_type": "a model's label, written by the audit service",
    "audit.AuditEntry.object_id": "a primary key, written by the audit service",
    "runners.Runner.sex": VOCABULARY,
    "runners.Runner.time_zone": "an IANA zone name; the bundle reader refuses others",
    "runners.Activity.sport": "a word the readers choose (core's sports, the FIT profile's names)",
    "runners.Activity.sub_sport": "a word the readers choose (the FIT profile's names)",
    "runners.Activity.format": "fit, gpx or tcx: the reader that took the file",
    "runners.Activity.channels": "names of the recorded channels, from the reader",
    "runners.Activity.sha256": "the file's hash, in hex",
    "runners.Ache.region": VOCABULARY,
    "runners.Ache.side": VOCABULARY,
    "runners.Ache.timing": VOCABULARY,
    "runners.Habit.kind": VOCABULARY,
    "runners.Habit.regions": VOCABULARY,
    "runners.Screening.test": VOCABULARY,
    "runners.Screening.side": VOCABULARY,
    "runners.TherapySession.kind": VOCABULARY,
    "runners.Finding.region": VOCABULARY,
    "runners.Finding.side": VOCABULARY,
    "runners.Checkin.red_flags": "red-flag ids, checked against core.vocabulary",
    "runners.Upload.folder": "a random name the server draws",
    "runners.Upload.state": CHOICE,
    "runners.Upload.error": "the server's sentence, with an exception's class name",
    "runners.UploadedFile.stored_as": "the name made safe for a path (get_valid_filename)",
    "runners.UploadedFile.state": CHOICE,
    "runners.SharingConsent.scope": "Stridelight's own scope of the consent",
    "runners.SharingConsent.text_version": "the version of Stridelight's consent text",
    "runners.SharingConsent.text": "Stridelight's consent text, as shown",
    "clinic.ClinicSettings.time_zone": "an IANA zone name, validated",
    "clinic.Service.slug": "a slug: letters, digits, - and _ (validated)",
    "clinic.Appointment.status": CHOICE,
    "clinic.Appointment.manage_token_hash": "a SHA-256 in hex",
    "clinic.Intake.red_flag_answers": "yes or no for each red-flag id",
    "clinic.Intake.answers": "option ids of the intake questions, checked by the form",
    "clinic.Intake.consent_version": "the version of the clinic's terms",
    "clinic.Intake.consent_text": "the clinic's terms, as shown",
    "clinic.Reminder.kind": CHOICE,
    "clinic.Reminder.state": CHOICE,
    "clinic.Reminder.claim": "a random id the worker draws",
    "clinic.NoteFinding.region": CHOICE,
    "clinic.NoteFinding.side": CHOICE,
    "clinic.CarePlan.cadence": CHOICE,
    "clinic.CarePlan.suggested": "the analysis' cadence code",
    "clinic.OutcomeResponse.instrument": "the instrument's code (nrs, psfs)",
    "clinic.OutcomeResponse.version": "the instrument's version",
    "clinic.OutcomeResponse.timing": CHOICE,
}


def text_fields() -> set[str]:
    """``app.Model.field`` of every text column of Stridelight's own models."""
    kinds = (models.CharField, models.TextField, models.JSONField)
    return {
        f"{model._meta.app_label}.{model.__name__}.{field.name}"
        for model in apps.get_models()
        if model.__module__.startswith("stridelight.")
        for field in model._meta.get_fields()
        if isinstance(field, kinds)
    }


def test_every_text_field_of_the_models_is_tested_or_said_to_be_typed_by_no_one() -> (
    None
):
    found = text_fields()
    assert not TYPED.keys() & NOT_TYPED.keys()
    assert found - TYPED.keys() - NOT_TYPED.keys() == set(), "fields without an entry"
    assert (TYPED.keys() | NOT_TYPED.keys()) - found == set(), "entries without a field"
