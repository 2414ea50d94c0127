"""Sessions end by role (staff 30 idle minutes, runners two weeks) and logins lock out."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from stridelight.accounts.models import Role, User
from tests.web.staff import PASSWORD, verified_staff

pytestmark = pytest.mark.django_db


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def test_a_staff_session_slides_then_ends_after_30_idle_minutes(
    client: Client,
) -> None:
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        verified_staff(client)
        clock.shift(timedelta(minutes=29))
        assert client.get("/admin/").status_code == 200  # slides the session
        clock.shift(timedelta(minutes=29))
        assert client.get("/admin/").status_code == 200
        clock.shift(timedelta(minutes=31))
        response = client.get("/admin/")
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")
        assert not signed_in(client)


def test_a_staff_session_ends_after_12_hours_however_busy(client: Client) -> None:
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        verified_staff(client)
        for _ in range(26):  # 12 h 34 min, never 30 minutes idle
            clock.shift(timedelta(minutes=29))
            client.get("/")
        assert not signed_in(client)


def test_a_runner_stays_signed_in_for_two_weeks_idle_and_not_longer(
    client: Client,
) -> None:
    runner = User.objects.create_user("ann@example.com", PASSWORD, role=Role.RUNNER)
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        client.post(
            "/accounts/login/", {"username": runner.email, "password": PASSWORD}
        )
        assert signed_in(client)
        clock.shift(timedelta(days=13, hours=23))
        client.get("/")
        assert signed_in(client)
        clock.shift(timedelta(days=14, minutes=1))
        client.get("/")
        assert not signed_in(client)


def test_the_login_response_already_carries_the_runners_lifetime(
    client: Client,
) -> None:
    User.objects.create_user("ann@example.com", PASSWORD, role=Role.RUNNER)
    response = client.post(
        "/accounts/login/", {"username": "ann@example.com", "password": PASSWORD}
    )
    cookie = response.cookies["sessionid"]
    assert int(cookie["max-age"]) == 14 * 24 * 3600
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"


def login(client: Client, password: str, address: str = "10.0.0.1") -> int:
    response = client.post(
        "/accounts/login/",
        {"username": "ann@example.com", "password": password},
        REMOTE_ADDR=address,
    )
    return response.status_code


def test_five_wrong_passwords_lock_the_account_out_from_that_address(
    client: Client,
) -> None:
    User.objects.create_user("ann@example.com", PASSWORD, role=Role.RUNNER)
    assert [login(client, "wrong guess") for _ in range(4)] == [200] * 4
    assert login(client, "wrong guess") == 429
    locked = client.post(
        "/accounts/login/",
        {"username": "ann@example.com", "password": PASSWORD},
        REMOTE_ADDR="10.0.0.1",
    )
    assert locked.status_code == 429  # even the right password, for an hour
    assert b"Too many attempts" in locked.content
    assert not signed_in(client)
    # The owner, elsewhere, is not locked out by someone guessing.
    assert login(Client(), PASSWORD, address="10.0.0.2") == 302


def test_the_lockout_lifts_after_an_hour(client: Client) -> None:
    User.objects.create_user("ann@example.com", PASSWORD, role=Role.RUNNER)
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        for _ in range(5):
            login(client, "wrong guess")
        assert login(client, PASSWORD) == 429
        clock.shift(timedelta(hours=1, minutes=1))
        assert login(client, PASSWORD) == 302
