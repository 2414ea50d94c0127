"""Staff in the tests: signed in and past the two-step check, as a real one is."""

from __future__ import annotations

from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from stridelight.accounts.models import Role, User

PASSWORD = "long and unusual phrase"


def code_for(device: TOTPDevice) -> str:
    """The code the authenticator app shows now for ``device``."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def authenticator(user: User) -> TOTPDevice:
    """A confirmed authenticator for ``user`` (as after enrolment)."""
    return TOTPDevice.objects.create(user=user, name="phone", confirmed=True)


def verified_staff(
    client: Client, *, email: str = "staff@example.com", role: Role = Role.THERAPIST
) -> User:
    """A staff member signed in on ``client`` and verified through /accounts/two-factor/."""
    user = User.objects.create_user(email, PASSWORD, role=role)
    client.force_login(user)
    device = authenticator(user)
    response = client.post("/accounts/two-factor/", {"code": code_for(device)})
    assert response.status_code == 302, response.content
    return user


def sign_in(client: Client, user: User) -> None:
    """``user`` signed in on ``client``; staff past the two-step check as well
    (the workspace and the admin refuse staff who are not)."""
    client.force_login(user)
    if user.is_staff:
        device = authenticator(user)
        response = client.post("/accounts/two-factor/", {"code": code_for(device)})
        assert response.status_code == 302, response.content
