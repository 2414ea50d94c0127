"""Outcome measures: scores computed on the server from the raw answers, the
change that matters, and the ache before/after recorded when a note is signed."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.test import Client

from stridelight.clinic import outcomes
from stridelight.clinic.models_outcomes import OutcomeResponse
from stridelight.clinic.services_outcomes import outcome_record
from tests.web.test_workspace_notes import note_form
from tests.web.workspace_setup import NOW, Clinic, make_workspace

PSFS = {
    "items": [
        {"activity": "first steps in the morning", "rating": 3},
        {"activity": "running 10 km", "rating": 4},
        {"activity": "stairs", "rating": 8},
    ]
}


def test_the_psfs_score_is_the_mean_of_the_activities_ratings() -> None:
    assert outcomes.score(outcomes.PSFS, PSFS) == 5.0


@pytest.mark.parametrize(
    ("answers", "says"),
    [
        ({"items": PSFS["items"][:2]}, "3 to 5 activities"),
        ({"items": [*PSFS["items"][:2], {"activity": " ", "rating": 2}]}, "item 3"),
        ({"items": [*PSFS["items"][:2], {"activity": "hop", "rating": 11}]}, "0 to 10"),
    ],
)
def test_psfs_answers_that_do_not_fit_are_refused_by_name(
    answers: dict[str, object], says: str
) -> None:
    with pytest.raises(outcomes.BadAnswers, match=says):
        outcomes.score(outcomes.PSFS, answers)


@pytest.mark.parametrize(
    ("baseline", "now", "matters"),
    [(6, 4, True), (6, 5, False), (3, 2, True), (0, 1, False), (2, 4, True)],
)
def test_an_nrs_change_matters_at_2_points_or_30_percent(
    baseline: int, now: int, matters: bool
) -> None:
    assert outcomes.change(outcomes.NRS, baseline, now).matters is matters


def test_a_psfs_change_matters_at_2_points_and_higher_is_better() -> None:
    found = outcomes.change(outcomes.PSFS, 4.0, 6.0)
    assert found.matters and found.better
    assert not outcomes.change(outcomes.PSFS, 4.0, 5.5).matters


@pytest.fixture
def clinic() -> Clinic:
    return make_workspace()


@pytest.mark.django_db
@time_machine.travel(NOW, tick=False)
def test_signing_records_the_ache_before_and_after_as_nrs_answers(
    clinic: Clinic,
) -> None:
    ann = Client()
    ann.force_login(clinic.ann.user)
    url = f"/clinic/appointments/{clinic.shared_visit.pk}/notes/"
    ann.post(url, note_form("sign", ache_before="6", ache_after="3"))
    found = OutcomeResponse.objects.filter(runner=clinic.sharing).order_by("timing")
    assert [(r.timing, r.score, r.version) for r in found] == [
        ("after", 3.0, "nrs-11"),
        ("before", 6.0, "nrs-11"),
    ]
    assert found[0].answers == {"ache": 3}
    brief = ann.get(f"/clinic/appointments/{clinic.shared_visit.pk}/brief/")
    assert "better: a change that matters" in brief.content.decode()


@pytest.mark.django_db
@time_machine.travel(NOW, tick=False)
def test_the_brief_says_outcomes_were_not_asked_rather_than_showing_nothing(
    clinic: Clinic,
) -> None:
    outcome_record(
        runner=clinic.sharing,
        instrument=outcomes.PSFS,
        answers=PSFS,
        at=NOW - timedelta(days=28),
    )
    ann = Client()
    ann.force_login(clinic.ann.user)
    page = ann.get(f"/clinic/appointments/{clinic.shared_visit.pk}/brief/")
    text = page.content.decode()
    assert "Not asked yet." in text  # the NRS
    assert "baseline" in text  # the PSFS's first answer
