"""Writing accounts: the one place a user is created (CLI, web sign-up, demo)."""

from __future__ import annotations

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from stridelight.accounts.models import Role, User


def create_user(*, email: str, password: str, role: Role | str) -> User:
    """A new account, its password checked by every configured validator.

    Raises ValidationError naming what is wrong: a bad or taken e-mail address,
    an unknown role, or the validators' reasons for refusing the password.
    """
    email = User.objects.normalize_email(email.strip()).lower()
    validate_email(email)
    if role not in Role.values:
        raise ValidationError(
            f"unknown role {role!r}: use one of {', '.join(Role.values)}", code="role"
        )
    user = User(email=email, role=Role(role))
    password_validation.validate_password(password, user)
    with transaction.atomic():
        if User.objects.filter(email=email).exists():
            raise ValidationError(f"{email} already has an account", code="taken")
        user.set_password(password)
        user.save()
    return user
