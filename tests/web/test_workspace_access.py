"""Who sees what in the workspace (clinic.access): consent, roles, other people's."""

from __future__ import annotations

import pytest
import time_machine
from django.test import Client

from stridelight.accounts.models import User
from stridelight.runners import services as runner_services
from tests.web.staff import sign_in
from tests.web.workspace_setup import NOW, Clinic, make_workspace

pytestmark = pytest.mark.django_db


@pytest.fixture
def clinic() -> Clinic:
    return make_workspace()


def signed_in(user: User) -> Client:
    client = Client()
    sign_in(client, user)
    return client


def pages_of(clinic: Clinic, visit_id: int, runner_id: int) -> list[str]:
    return [
        f"/clinic/appointments/{visit_id}/brief/",
        f"/clinic/appointments/{visit_id}/notes/",
        f"/clinic/clients/{runner_id}/",
    ]


@time_machine.travel(NOW, tick=False)
def test_a_therapist_without_the_runners_consent_gets_404_on_the_brief(
    clinic: Clinic,
) -> None:
    visit = clinic.private_visit
    answer = signed_in(clinic.ann.user).get(f"/clinic/appointments/{visit.pk}/brief/")
    assert answer.status_code == 404


@time_machine.travel(NOW, tick=False)
def test_a_therapist_without_the_runners_consent_gets_404_on_the_notes(
    clinic: Clinic,
) -> None:
    visit = clinic.private_visit
    ann = signed_in(clinic.ann.user)
    assert ann.get(f"/clinic/appointments/{visit.pk}/notes/").status_code == 404
    posted = ann.post(f"/clinic/appointments/{visit.pk}/notes/", {"action": "sign"})
    assert posted.status_code == 404


@time_machine.travel(NOW, tick=False)
def test_a_therapist_without_the_runners_consent_gets_404_on_the_client_page(
    clinic: Clinic,
) -> None:
    answer = signed_in(clinic.ann.user).get(f"/clinic/clients/{clinic.private.pk}/")
    assert answer.status_code == 404


@time_machine.travel(NOW, tick=False)
def test_with_consent_the_therapist_opens_the_brief_the_notes_and_the_client(
    clinic: Clinic,
) -> None:
    ann = signed_in(clinic.ann.user)
    for url in pages_of(clinic, clinic.shared_visit.pk, clinic.sharing.pk):
        assert ann.get(url).status_code == 200, url


@time_machine.travel(NOW, tick=False)
def test_withdrawn_consent_closes_the_pages_at_once(clinic: Clinic) -> None:
    ann = signed_in(clinic.ann.user)
    brief = f"/clinic/appointments/{clinic.shared_visit.pk}/brief/"
    assert ann.get(brief).status_code == 200
    runner_services.sharing_revoke(
        runner=runner_services.runner_for(clinic.sharing), at=NOW
    )
    for url in pages_of(clinic, clinic.shared_visit.pk, clinic.sharing.pk):
        assert ann.get(url).status_code == 404, url


@time_machine.travel(NOW, tick=False)
def test_a_colleague_without_the_appointment_gets_404_even_with_consent(
    clinic: Clinic,
) -> None:
    bo = signed_in(clinic.bo.user)
    for url in pages_of(clinic, clinic.shared_visit.pk, clinic.sharing.pk):
        assert bo.get(url).status_code == 404, url


@time_machine.travel(NOW, tick=False)
def test_a_clinic_admin_opens_any_consenting_clients_pages_but_not_the_others(
    clinic: Clinic,
) -> None:
    admin = signed_in(clinic.admin)
    for url in pages_of(clinic, clinic.shared_visit.pk, clinic.sharing.pk):
        # The clinical notes are the treating therapist's (test_workspace_notes).
        expected = 404 if url.endswith("/notes/") else 200
        assert admin.get(url).status_code == expected, url
    for url in pages_of(clinic, clinic.private_visit.pk, clinic.private.pk):
        assert admin.get(url).status_code == 404, url


@time_machine.travel(NOW, tick=False)
def test_a_runner_gets_404_on_every_workspace_page(clinic: Clinic) -> None:
    runner = signed_in(clinic.sharing)
    urls = ["/clinic/", *pages_of(clinic, clinic.shared_visit.pk, clinic.sharing.pk)]
    for url in urls:
        assert runner.get(url).status_code == 404, url


def test_someone_signed_out_is_sent_to_log_in(clinic: Clinic) -> None:
    answer = Client().get("/clinic/")
    assert answer.status_code == 302
    assert answer["Location"].startswith("/accounts/login/")


@time_machine.travel(NOW, tick=False)
def test_the_schedule_shows_the_therapists_day_and_links_only_consenting_briefs(
    clinic: Clinic,
) -> None:
    page = signed_in(clinic.ann.user).get("/clinic/?day=2027-05-04").content.decode()
    assert "Sam" in page and "Pat" in page
    assert f"/clinic/appointments/{clinic.shared_visit.pk}/brief/" in page
    assert f"/clinic/appointments/{clinic.private_visit.pk}/brief/" not in page
    assert "does not share their Stridelight data" in page


@time_machine.travel(NOW, tick=False)
def test_a_therapist_sees_only_their_own_appointments_and_an_admin_sees_all(
    clinic: Clinic,
) -> None:
    bo_day = signed_in(clinic.bo.user).get("/clinic/?day=2027-05-04").content.decode()
    assert "Sam" not in bo_day
    week = signed_in(clinic.admin).get("/clinic/?day=2027-05-06&view=week")
    text = week.content.decode()
    assert "Sam" in text and "with Ann" in text


@time_machine.travel(NOW, tick=False)
def test_every_look_at_a_clients_data_is_audited_and_a_refused_one_is_not(
    clinic: Clinic,
) -> None:
    from stridelight.audit.models import AuditEntry

    ann = signed_in(clinic.ann.user)
    for url in pages_of(clinic, clinic.shared_visit.pk, clinic.sharing.pk):
        ann.get(url)
    for url in pages_of(clinic, clinic.private_visit.pk, clinic.private.pk):
        ann.get(url)  # 404: no consent, nothing was shown
    entries = AuditEntry.objects.filter(actor_id=clinic.ann.user.pk)
    runner = runner_services.runner_for(clinic.sharing)
    assert [(e.action, e.client_id) for e in entries] == [("view", runner.pk)] * 3
    assert {e.object_type for e in entries} == {"clinic.appointment", ""}
