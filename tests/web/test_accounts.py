"""Accounts: e-mail as the login, argon2, the validators' reasons, roles and staff."""

from __future__ import annotations

import pytest
from django.contrib.auth import authenticate
from django.core.exceptions import ValidationError
from pytest_django import Settings

from stridelight.accounts.models import Role, User
from stridelight.accounts.services import create_user
from stridelight.cli_store import RoleName

pytestmark = pytest.mark.django_db

GOOD = "long and unusual phrase"


def test_a_user_signs_in_with_their_email_and_password() -> None:
    create_user(email="Ann@Example.com ", password=GOOD, role="runner")
    user = authenticate(username="ann@example.com", password=GOOD)
    assert isinstance(user, User)
    assert user.email == "ann@example.com"
    assert authenticate(username="ann@example.com", password=GOOD + "!") is None


def test_passwords_are_hashed_with_argon2(settings: Settings) -> None:
    settings.PASSWORD_HASHERS = settings.PROJECT_PASSWORD_HASHERS
    assert settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    user = create_user(email="ann@example.com", password=GOOD, role="runner")
    assert user.password.startswith("argon2$")


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("short", "too short"),
        ("password123", "too common"),
        ("8301957264", "entirely numeric"),
        ("ann.runner@example.com", "too similar"),
    ],
)
def test_a_weak_password_is_refused_with_the_validators_reason(
    password: str, reason: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        create_user(email="ann.runner@example.com", password=password, role="runner")
    assert any(reason in message for message in caught.value.messages)
    assert not User.objects.exists()


def test_an_email_is_one_account() -> None:
    create_user(email="ann@example.com", password=GOOD, role="runner")
    with pytest.raises(ValidationError, match="already has an account"):
        create_user(email="ANN@example.com", password=GOOD, role="therapist")


@pytest.mark.parametrize(
    ("email", "role"), [("not-an-email", "runner"), ("a@b.org", "coach")]
)
def test_a_bad_email_or_an_unknown_role_is_refused(email: str, role: str) -> None:
    with pytest.raises(ValidationError):
        create_user(email=email, password=GOOD, role=role)


@pytest.mark.parametrize(
    ("role", "staff"),
    [(Role.RUNNER, False), (Role.THERAPIST, True), (Role.CLINIC_ADMIN, True)],
)
def test_staff_access_follows_the_role(role: Role, staff: bool) -> None:
    user = create_user(email="x@example.com", password=GOOD, role=role)
    assert user.is_staff is staff
    user.role = Role.RUNNER
    user.save()
    user.refresh_from_db()
    assert user.is_staff is False


def test_the_commands_roles_are_the_models_roles() -> None:
    assert [r.value for r in RoleName] == list(Role.values)
