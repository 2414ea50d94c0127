"""The web project: health check, login page, admin for staff, system checks.

Staff reach the admin only past the two-step check (test_two_factor.py).
"""

from __future__ import annotations

from unittest import mock

import pytest
from django.core.management import call_command
from django.db import OperationalError
from django.test import Client
from pytest_django import Settings

from stridelight.accounts.models import STAFF_ROLES, Role, User
from stridelight.web import checks
from tests.web.staff import verified_staff

pytestmark = pytest.mark.django_db
PASSWORD = "long and unusual phrase"


def test_healthz_answers_200_when_the_database_answers(client: Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert "no-cache" in response["Cache-Control"]


def test_healthz_answers_503_when_the_database_does_not(client: Client) -> None:
    failing = mock.patch(
        "django.db.backends.utils.CursorWrapper.execute",
        side_effect=OperationalError("connection refused"),
    )
    with failing, mock.patch("stridelight.web.views.log"):
        response = client.get("/healthz")
    assert response.status_code == 503


def test_the_login_page_signs_a_user_in_by_email(client: Client) -> None:
    User.objects.create_user("ann@example.com", PASSWORD, role=Role.RUNNER)
    assert client.get("/accounts/login/").status_code == 200
    response = client.post(
        "/accounts/login/", {"username": "ann@example.com", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


@pytest.mark.parametrize(
    ("role", "admitted"), [(Role.THERAPIST, True), (Role.RUNNER, False)]
)
def test_the_admin_opens_for_staff_only(
    client: Client, role: Role, admitted: bool
) -> None:
    if role in STAFF_ROLES:
        verified_staff(client, email="x@example.com", role=role)
    else:
        client.force_login(
            User.objects.create_user("x@example.com", PASSWORD, role=role)
        )
    response = client.get("/admin/")
    assert (response.status_code == 200) is admitted
    if not admitted:
        assert response.status_code == 302
        assert "/admin/login/" in response["Location"]


def test_debug_in_production_is_a_system_check_error(
    settings: Settings,
) -> None:
    settings.PRODUCTION = True
    settings.DEBUG = True
    (error,) = checks.debug_off_in_production(None)
    assert error.id == "stridelight.E001"
    settings.DEBUG = False
    assert checks.debug_off_in_production(None) == []


def test_the_models_match_their_migrations() -> None:
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)
