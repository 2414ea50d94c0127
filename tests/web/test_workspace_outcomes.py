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
from tests.web.staff import sign_in
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
    sign_in(ann, clinic.ann.user)
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
    sign_in(ann, clinic.ann.user)
    page = ann.get(f"/clinic/appointments/{clinic.shared_visit.pk}/brief/")
    text = page.content.decode()
    assert "Not asked yet." in text  # the NRS
    assert "baseline" in text  # the PSFS's first answer


def psfs_post(*ratings: tuple[str, str]) -> dict[str, str]:
    form = {}
    for n, (activity, rating) in enumerate(ratings, 1):
        form[f"activity_{n}"], form[f"rating_{n}"] = activity, rating
    return form


@pytest.mark.django_db
@time_machine.travel(NOW, tick=False)
def test_the_runner_answers_the_psfs_and_the_server_scores_it(clinic: Clinic) -> None:
    runner = Client()
    sign_in(runner, clinic.sharing)
    assert runner.get("/me/psfs/").status_code == 200
    answer = runner.post(
        "/me/psfs/",
        psfs_post(
            ("first steps in the morning", "3"), ("running 10 km", "4"), ("stairs", "8")
        ),
    )
    assert answer.status_code == 302
    (saved,) = OutcomeResponse.objects.filter(runner=clinic.sharing)
    assert (saved.instrument, saved.version, saved.score) == ("psfs", "psfs-1995", 5.0)
    assert saved.answers["items"][1] == {"activity": "running 10 km", "rating": 4}
    again = runner.get("/me/psfs/").content.decode()
    assert 'value="first steps in the morning"' in again  # same activities offered


@pytest.mark.django_db
@time_machine.travel(NOW, tick=False)
def test_two_activities_are_not_enough_and_nothing_is_saved(clinic: Clinic) -> None:
    runner = Client()
    sign_in(runner, clinic.sharing)
    answer = runner.post("/me/psfs/", psfs_post(("stairs", "8"), ("hopping", "2")))
    assert "3 to 5 activities" in answer.content.decode()
    assert not OutcomeResponse.objects.exists()


@pytest.mark.django_db
def test_staff_get_404_on_the_runners_psfs_page(clinic: Clinic) -> None:
    ann = Client()
    sign_in(ann, clinic.ann.user)
    assert ann.get("/me/psfs/").status_code == 404


def test_the_chart_marks_the_change_that_matters_with_a_square() -> None:
    from stridelight.clinic.outcome_chart import outcome_svg
    from stridelight.clinic.services_outcomes import Point

    def answer(score: float) -> OutcomeResponse:
        return OutcomeResponse(score=score, answered_at=NOW, instrument="nrs")

    series = (
        Point(answer(6), None),
        Point(answer(5), outcomes.change("nrs", 6, 5)),
        Point(answer(3), outcomes.change("nrs", 6, 3)),
    )
    drawn = outcome_svg("nrs", series, "Ache <over> time")
    assert drawn.count("<circle") == 2  # the baseline and a change too small
    assert drawn.count("(a change that matters)") == 1
    assert "Ache &lt;over&gt; time" in drawn
