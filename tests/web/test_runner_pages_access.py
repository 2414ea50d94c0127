"""One rule for every /me/ address (runners.access): a runner's own pages; a
stranger is asked to log in; staff get 404, and are never led there."""

from __future__ import annotations

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.urls import include, path
from pytest_django import Settings

from stridelight.accounts.models import Role, User
from stridelight.runners.models import Runner
from tests.web.matrix_setup import ROLES
from tests.web.staff import PASSWORD, verified_staff
from tests.web.store import a_runner
from tests.web.test_authorization_matrix import EXPECTED

pytestmark = pytest.mark.django_db
STAFF_ROLES = ("therapist_with", "therapist_without", "admin")


def _added_page(request: HttpRequest) -> HttpResponse:
    """A page someone adds under /me/ and guards with nothing of its own."""
    return HttpResponse("the added page")


#: The project's addresses plus one page under /me/ that no decorator guards.
urlpatterns = [
    path("me/added-by-another-app/", _added_page),
    path("", include("stridelight.web.urls")),
]


def test_the_matrix_records_404_for_staff_at_every_me_address() -> None:
    rows = {p: a for p, a in EXPECTED.items() if p.startswith("me/")}
    assert len(rows) >= 20  # every runner page, the clinic's /me/psfs/ included
    for pattern, answers in rows.items():
        by_role = dict(zip(ROLES, answers, strict=True))
        assert [by_role[r] for r in STAFF_ROLES] == ["404"] * 3, pattern
        assert by_role["anonymous"] == "login", pattern


@pytest.mark.parametrize("role", [Role.THERAPIST, Role.CLINIC_ADMIN])
def test_a_page_added_under_me_without_a_guard_is_still_runners_only(
    client: Client, settings: Settings, role: Role
) -> None:
    settings.ROOT_URLCONF = __name__
    address = "/me/added-by-another-app/"
    stranger = client.get(address)
    assert stranger.status_code == 302
    assert stranger["Location"].startswith("/accounts/login/?next=/me/added")
    verified_staff(client, role=role)
    assert client.get(address).status_code == 404
    assert client.post(address).status_code == 404
    client.force_login(a_runner())
    assert client.get(address).content == b"the added page"


@pytest.mark.parametrize(
    "address",
    ["/me/", "/me/uploads/", "/me/activities/", "/me/shoes/", "/me/check-in/"],
)
def test_staff_opening_a_runner_page_get_404_and_no_journal(
    client: Client, address: str
) -> None:
    staff = verified_staff(client, role=Role.CLINIC_ADMIN)
    assert client.get(address).status_code == 404
    assert not Runner.objects.filter(user=staff).exists()


def test_log_in_takes_a_runner_to_me_and_staff_to_the_workspace(
    client: Client,
) -> None:
    a_runner("ann@example.com")
    User.objects.create_user("tess@example.com", PASSWORD, role=Role.THERAPIST)
    landed = {}
    for email in ("ann@example.com", "tess@example.com"):
        answer = Client().post(
            "/accounts/login/", {"username": email, "password": PASSWORD}
        )
        assert answer.status_code == 302
        landed[email] = answer["Location"]
    assert landed == {"ann@example.com": "/me/", "tess@example.com": "/clinic/"}


def test_log_in_still_follows_next(client: Client) -> None:
    User.objects.create_user("tess@example.com", PASSWORD, role=Role.THERAPIST)
    answer = client.post(
        "/accounts/login/?next=/learn/",
        {"username": "tess@example.com", "password": PASSWORD},
    )
    assert answer["Location"] == "/learn/"


def test_the_menu_leads_runners_to_me_and_staff_to_the_clinic(client: Client) -> None:
    client.force_login(a_runner())
    runner_home = client.get("/").content.decode()
    assert 'href="/me/"' in runner_home
    assert 'href="/clinic/"' not in runner_home
    staff = Client()
    verified_staff(staff)
    for page in ("/", "/learn/", "/clinic/"):
        shown = staff.get(page).content.decode()
        assert 'href="/clinic/"' in shown, page
        assert 'href="/me/' not in shown, page
