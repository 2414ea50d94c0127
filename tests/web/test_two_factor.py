"""Staff need a second factor before the admin and the clinic's pages (HIPAA 164.312(d))."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from stridelight.accounts.models import Role, User
from tests.web.staff import PASSWORD, authenticator, code_for, verified_staff

pytestmark = pytest.mark.django_db


def a_user(role: Role, email: str = "staff@example.com") -> User:
    return User.objects.create_user(email, PASSWORD, role=role)


@pytest.mark.parametrize("role", [Role.THERAPIST, Role.CLINIC_ADMIN])
@pytest.mark.parametrize("page", ["/admin/", "/clinic/", "/admin/accounts/user/"])
def test_staff_without_a_device_are_sent_to_enrol_one(
    client: Client, role: Role, page: str
) -> None:
    client.force_login(a_user(role))
    response = client.get(page)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/two-factor/?next=")
    assert client.get(response["Location"])["Location"].startswith(
        "/accounts/two-factor/setup/"
    )


def test_staff_with_a_device_must_verify_before_the_admin(client: Client) -> None:
    user = a_user(Role.THERAPIST)
    authenticator(user)
    client.force_login(user)
    assert client.get("/admin/")["Location"] == "/accounts/two-factor/?next=%2Fadmin%2F"
    page = client.get("/accounts/two-factor/?next=%2Fadmin%2F")
    assert page.status_code == 200
    assert b'name="code"' in page.content


def test_a_wrong_code_is_refused_with_an_error_tied_to_the_field(
    client: Client,
) -> None:
    user = a_user(Role.THERAPIST)
    device = authenticator(user)
    client.force_login(user)
    wrong = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"
    response = client.post("/accounts/two-factor/", {"code": wrong, "next": "/admin/"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'role="alert" id="code-error"' in html
    assert 'aria-describedby="code-hint code-error"' in html
    assert client.get("/admin/").status_code == 302


def test_the_right_code_opens_the_admin_and_leads_back_to_it(client: Client) -> None:
    user = a_user(Role.CLINIC_ADMIN)
    device = authenticator(user)
    client.force_login(user)
    response = client.post(
        "/accounts/two-factor/", {"code": code_for(device), "next": "/admin/"}
    )
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_an_authenticator_code_works_only_once(client: Client) -> None:
    user = a_user(Role.THERAPIST)
    device = authenticator(user)
    code = code_for(device)
    first, second = Client(), Client()
    first.force_login(user)
    second.force_login(user)
    assert first.post("/accounts/two-factor/", {"code": code}).status_code == 302
    assert second.post("/accounts/two-factor/", {"code": code}).status_code == 200


def test_next_pointing_elsewhere_goes_home_instead(client: Client) -> None:
    user = a_user(Role.THERAPIST)
    device = authenticator(user)
    client.force_login(user)
    response = client.post(
        "/accounts/two-factor/",
        {"code": code_for(device), "next": "https://evil.example/admin/"},
    )
    assert response["Location"] == "/"


def test_enrolment_confirms_the_app_and_hands_out_ten_recovery_codes(
    client: Client,
) -> None:
    user = a_user(Role.THERAPIST)
    client.force_login(user)
    page = client.get("/accounts/two-factor/setup/?next=%2Fadmin%2F")
    assert page.status_code == 200
    assert b"otpauth://totp/" in page.content
    pending = TOTPDevice.objects.get(user=user, confirmed=False)
    done = client.post(
        "/accounts/two-factor/setup/", {"code": code_for(pending), "next": "/admin/"}
    )
    codes = re.findall(r"<li><code>(\w+)</code></li>", done.content.decode())
    assert len(codes) == 10
    assert TOTPDevice.objects.get(user=user).confirmed
    assert client.get("/admin/").status_code == 200
    # A recovery code lets its holder in once, on another day.
    with time_machine.travel(timezone.now() + timedelta(days=1)):
        other = Client()
        other.force_login(user)
        assert (
            other.post("/accounts/two-factor/", {"code": codes[0]}).status_code == 302
        )
        again = Client()
        again.force_login(user)
        assert (
            again.post("/accounts/two-factor/", {"code": codes[0]}).status_code == 200
        )
    assert StaticToken.objects.filter(device__user=user).count() == 9


def test_a_stolen_password_cannot_enrol_another_phone(client: Client) -> None:
    user = a_user(Role.THERAPIST)
    authenticator(user)
    client.force_login(user)
    response = client.get("/accounts/two-factor/setup/")
    assert response["Location"].startswith("/accounts/two-factor/?")
    assert not TOTPDevice.objects.filter(user=user, confirmed=False).exists()


def test_runners_are_not_asked_for_a_second_factor(client: Client) -> None:
    client.force_login(a_user(Role.RUNNER, "ann@example.com"))
    assert client.get("/").status_code == 200
    # The admin turns runners away at its own login, as before.
    assert client.get("/admin/")["Location"].startswith("/admin/login/")


def test_verified_staff_reach_the_admin(client: Client) -> None:
    verified_staff(client)
    assert client.get("/admin/").status_code == 200


def test_the_two_factor_pages_need_a_signed_in_user(client: Client) -> None:
    for page in ("/accounts/two-factor/", "/accounts/two-factor/setup/"):
        assert client.get(page)["Location"].startswith("/accounts/login/")
