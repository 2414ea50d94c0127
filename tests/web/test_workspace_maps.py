"""The body map in the workspace: the note's findings are entered on the
check-in's map (with the lists as its no-script equivalent), and the brief draws
the runner's aches as a heat map."""

from __future__ import annotations

import pytest
import time_machine
from django.test import Client

from tests.web.staff import sign_in
from tests.web.test_workspace_brief import brief_of
from tests.web.workspace_setup import NOW, Clinic, make_workspace

pytestmark = pytest.mark.django_db


@pytest.fixture
def clinic() -> Clinic:
    return make_workspace()


def notes_page(clinic: Clinic) -> str:
    ann = Client()
    sign_in(ann, clinic.ann.user)
    response = ann.get(f"/clinic/appointments/{clinic.shared_visit.pk}/notes/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_draft_notes_page_draws_the_map_for_the_findings(clinic: Clinic) -> None:
    with time_machine.travel(NOW, tick=False):
        page = notes_page(clinic)
    assert 'data-body-map data-for="f" hidden' in page  # shown by its script
    assert 'aria-label="Body map: findings"' in page
    assert 'aria-label="Left hamstrings"' in page
    assert "runners/body_map.js" in page and "clinic/findings.js" in page
    # The lists stay, each row labelled: the map's equivalent without a script.
    assert 'name="f-0-region"' in page and 'name="f-7-restriction"' in page


def test_the_brief_draws_the_aches_as_a_heat_map_with_its_table(
    clinic: Clinic,
) -> None:
    with time_machine.travel(NOW, tick=False):
        page = brief_of(clinic, clinic.shared_visit.pk)
    assert 'class="body-map heat"' in page
    assert "<title>Left heel: 5.0 of 10</title>" in page
    assert "<title>Right heel: none logged</title>" in page  # not "no ache"
    assert "Mean ache, 0 to 10, by side" in page
