"""The pre-visit brief's content, and the runner's consent page and services."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client

from stridelight.clinic.models import Intake, Status
from stridelight.clinic.services_notes import FoundRestriction, Soap, note_save
from stridelight.core.thresholds import DEFAULTS
from stridelight.runners import services as runner_services
from stridelight.runners import sharing
from stridelight.runners.analysis import cache_key
from stridelight.runners.models import Runner, SharingConsent
from stridelight.runners.selectors import sharing_in_force
from tests.web.clinic_setup import at, service
from tests.web.staff import sign_in
from tests.web.workspace_setup import (
    NOW,
    VISIT_DAY,
    Clinic,
    appointment,
    make_workspace,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def clinic() -> Clinic:
    return make_workspace()


def brief_of(clinic: Clinic, visit_id: int) -> str:
    ann = Client()
    sign_in(ann, clinic.ann.user)
    answer = ann.get(f"/clinic/appointments/{visit_id}/brief/")
    assert answer.status_code == 200
    return answer.content.decode()


@time_machine.travel(NOW, tick=False)
def test_the_brief_says_red_flags_were_not_asked_rather_than_none(
    clinic: Clinic,
) -> None:
    page = brief_of(clinic, clinic.shared_visit.pk)
    assert "Not asked" in page
    assert "None reported" not in page


@time_machine.travel(NOW, tick=False)
def test_the_brief_shows_the_four_causes_the_chain_and_the_aches(
    clinic: Clinic,
) -> None:
    page = brief_of(clinic, clinic.shared_visit.pk)
    for cause in ("Repetitive strain", "Footwear", "Tight chain", "Under-recovery"):
        assert cause in page
    assert "Achilles (left)" in page  # first up the chain from the left heel
    assert "Heel (left) 5/10" in page  # the latest aches, one by one
    assert "First visit: nothing to compare with yet." in page


@time_machine.travel(NOW, tick=False)
def test_the_brief_shows_the_intake_answers_in_words(clinic: Clinic) -> None:
    Intake.objects.create(
        appointment=clinic.shared_visit,
        red_flag_answers={"night_pain": "no"},
        answers={"since": ["2_to_6_weeks"], "where": ["heel"]},
        consent_version="v",
        consent_text="t",
        consent_given_at=NOW,
    )
    page = brief_of(clinic, clinic.shared_visit.pk)
    assert "Since when?" in page and "2 to 6 weeks" in page
    assert "Does the pain wake you at night?" in page


@time_machine.travel(NOW, tick=False)
def test_the_brief_says_what_changed_since_the_last_visit(clinic: Clinic) -> None:
    earlier = appointment(
        service("discovery-visit"),
        clinic.ann,
        at("10:00", VISIT_DAY - timedelta(days=7)),
        clinic.sharing,
        "Sam",
    )
    earlier.status = Status.COMPLETED
    earlier.save()
    note_save(
        appointment=earlier,
        author=clinic.ann.user,
        soap=Soap(),
        findings=[FoundRestriction("calf", "left", 2)],
        at=NOW - timedelta(days=7),
        sign=True,
    )
    page = brief_of(clinic, clinic.shared_visit.pk)
    assert "Last visit" in page
    assert "ache" in page and "logged" in page
    assert "calf (left): 2 moderate" in page


def test_giving_consent_keeps_the_text_and_version_and_revoking_is_immediate(
    clinic: Clinic,
) -> None:
    runner = runner_services.runner_for(clinic.private)
    given = runner_services.sharing_give(runner=runner, at=NOW)
    again = runner_services.sharing_give(runner=runner, at=NOW + timedelta(hours=1))
    assert again.pk == given.pk
    assert (given.text, given.text_version) == (sharing.TEXT, sharing.TEXT_VERSION)
    assert sharing_in_force(clinic.private) == given
    assert runner_services.sharing_revoke(runner=runner, at=NOW) == 1
    assert sharing_in_force(clinic.private) is None
    runner_services.sharing_give(runner=runner, at=NOW + timedelta(days=1))
    assert SharingConsent.objects.filter(runner=runner).count() == 2  # history kept


def test_the_runner_gives_and_withdraws_consent_on_me_sharing(clinic: Clinic) -> None:
    client = Client()
    sign_in(client, clinic.private)
    page = client.get("/me/sharing/").content.decode()
    assert "You do not share your data" in page
    client.post("/me/sharing/", {"action": "give"})
    assert sharing_in_force(clinic.private) is not None
    assert "You share your data" in client.get("/me/sharing/").content.decode()
    client.post("/me/sharing/", {"action": "revoke"})
    assert sharing_in_force(clinic.private) is None


def test_staff_get_404_on_the_runners_sharing_page(clinic: Clinic) -> None:
    client = Client()
    sign_in(client, clinic.ann.user)
    assert client.get("/me/sharing/").status_code == 404


@time_machine.travel(NOW, tick=False)
def test_opening_the_schedule_prepares_the_briefs_analysis_in_the_background(
    clinic: Clinic,
) -> None:
    runner = Runner.objects.get(user=clinic.sharing)
    key = cache_key(runner, VISIT_DAY, DEFAULTS, None)
    assert cache.get(key) is None
    ann = Client()
    sign_in(ann, clinic.ann.user)
    ann.get("/clinic/?day=2027-05-04")  # the immediate task backend in tests
    assert cache.get(key) is not None
    private = Runner.objects.get(user=clinic.private)
    assert cache.get(cache_key(private, VISIT_DAY, DEFAULTS, None)) is None
