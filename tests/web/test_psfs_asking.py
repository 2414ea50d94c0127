"""The PSFS asked every four weeks: a prompt on the runner's dashboard and an
e-mail whose signed link opens the form once, without signing in."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from io import StringIO

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.test import Client

from stridelight.accounts.models import Role, User
from stridelight.clinic import outcomes
from stridelight.clinic.models import Status
from stridelight.clinic.models_outcomes import OutcomeResponse, PsfsInvitation
from stridelight.clinic.psfs_ask import psfs_invitations_send, psfs_token
from stridelight.clinic.services_outcomes import outcome_record
from stridelight.clinic.tasks import send_psfs_invitations
from tests.web.workspace_setup import NOW, Clinic, make_workspace

pytestmark = pytest.mark.django_db

ANSWERS = {
    "activity_1": "first steps in the morning",
    "rating_1": "3",
    "activity_2": "running 10 km",
    "rating_2": "4",
    "activity_3": "stairs",
    "rating_3": "8",
}


@pytest.fixture
def clinic() -> Clinic:
    return make_workspace()


def answer(runner: User, at: datetime = NOW) -> None:
    outcome_record(
        runner=runner,
        instrument=outcomes.PSFS,
        answers={"items": [{"activity": "stairs", "rating": 5}] * 3},
        at=at,
    )


def dashboard(runner: User) -> str:
    client = Client()
    client.force_login(runner)
    response = client.get("/me/")
    assert response.status_code == 200
    return response.content.decode()


def link_in(message: mail.EmailMessage) -> str:
    found = re.search(r"https?://\S+/psfs/(\S+)/", str(message.body))
    assert found, message.body
    return f"/psfs/{found.group(1)}/"


@time_machine.travel(NOW, tick=False)
def test_the_dashboard_asks_a_client_who_never_answered(clinic: Clinic) -> None:
    page = dashboard(clinic.sharing)
    assert "how are the hard activities going?" in page
    assert 'href="/me/psfs/"' in page


@time_machine.travel(NOW, tick=False)
def test_the_dashboard_does_not_ask_within_four_weeks_of_an_answer(
    clinic: Clinic,
) -> None:
    answer(clinic.sharing, NOW - timedelta(weeks=3))
    assert "hard activities going" not in dashboard(clinic.sharing)
    with time_machine.travel(NOW + timedelta(weeks=1, minutes=1), tick=False):
        page = dashboard(clinic.sharing)
    assert "time to rate them again" in page


@time_machine.travel(NOW, tick=False)
def test_a_runner_who_is_not_a_client_is_not_asked(clinic: Clinic) -> None:
    loner = User.objects.create_user("lee@example.com", "x", role=Role.RUNNER)
    assert "hard activities going" not in dashboard(loner)
    assert psfs_invitations_send(now=NOW).asked == 2  # Sam and Pat, not Lee
    assert {m.to[0] for m in mail.outbox} == {"sam@example.com", "pat@example.com"}


def test_the_email_goes_once_every_four_weeks_while_unanswered(
    clinic: Clinic,
) -> None:
    clinic.private_visit.status = Status.CANCELLED
    clinic.private_visit.save()
    assert psfs_invitations_send(now=NOW).asked == 1
    assert psfs_invitations_send(now=NOW + timedelta(days=1)).asked == 0
    assert psfs_invitations_send(now=NOW + timedelta(weeks=4, minutes=1)).asked == 1
    assert PsfsInvitation.objects.filter(runner=clinic.sharing).count() == 2


def test_a_client_who_answered_lately_gets_no_email(clinic: Clinic) -> None:
    answer(clinic.sharing, NOW - timedelta(days=2))
    answer(clinic.private, NOW - timedelta(weeks=5))
    assert psfs_invitations_send(now=NOW).asked == 1
    assert mail.outbox[0].to == ["pat@example.com"]


def test_the_link_opens_the_form_once_without_signing_in(clinic: Clinic) -> None:
    with time_machine.travel(NOW, tick=False):
        psfs_invitations_send(now=NOW)
        (message,) = [m for m in mail.outbox if m.to == ["sam@example.com"]]
        url = link_in(message)
        visitor = Client()
        assert visitor.get(url).status_code == 200
        done = visitor.post(url, ANSWERS)
        assert done.status_code == 200
        assert b"Your answers are saved" in done.content
    (saved,) = OutcomeResponse.objects.filter(runner=clinic.sharing)
    assert saved.score == 5.0 and saved.version == "psfs-1995"
    assert not OutcomeResponse.objects.filter(runner=clinic.private).exists()
    with time_machine.travel(NOW + timedelta(minutes=5), tick=False):
        assert visitor.get(url).status_code == 410  # spent
        assert visitor.post(url, ANSWERS).status_code == 410
    assert OutcomeResponse.objects.filter(runner=clinic.sharing).count() == 1


def test_an_old_or_forged_link_does_not_open_the_form(clinic: Clinic) -> None:
    token = psfs_token(clinic.sharing, now=NOW)
    with time_machine.travel(NOW + timedelta(days=15), tick=False):
        assert Client().get(f"/psfs/{token}/").status_code == 410
    with time_machine.travel(NOW, tick=False):
        assert Client().get(f"/psfs/{token[:-2]}xx/").status_code == 410
        assert Client().get(f"/psfs/{token}/").status_code == 200


def test_a_refused_answer_by_link_says_why_and_saves_nothing(clinic: Clinic) -> None:
    token = psfs_token(clinic.sharing, now=NOW)
    with time_machine.travel(NOW, tick=False):
        page = Client().post(f"/psfs/{token}/", {"activity_1": "stairs"})
    assert page.status_code == 200
    assert b"3 to 5 activities" in page.content
    assert not OutcomeResponse.objects.exists()


def test_the_command_sends_the_due_invitations(clinic: Clinic) -> None:
    out = StringIO()
    with time_machine.travel(NOW, tick=False):
        call_command("send_psfs_invitations", stdout=out)
    assert out.getvalue().startswith("2 asked")
    assert len(mail.outbox) == 2


def test_the_task_sends_the_due_invitations(clinic: Clinic) -> None:
    with time_machine.travel(NOW, tick=False):
        result = send_psfs_invitations.enqueue()
    assert result.return_value == {"asked": 2, "failed": 0}
    assert PsfsInvitation.objects.count() == 2
