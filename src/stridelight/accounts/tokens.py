"""The signed link in the confirmation mail.

Django's password-reset token machinery (an HMAC of the user's id, a timestamp
and the state the link may change, with ``SECRET_KEY``), salted differently so a
reset link never confirms and a confirmation link never resets.  The state
includes ``email_confirmed_at`` and the address: once the address is confirmed,
or changed, the link stops working.  It expires after
``PASSWORD_RESET_TIMEOUT`` (three days by default).
"""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode


class EmailConfirmationTokens(PasswordResetTokenGenerator):
    key_salt = "stridelight.accounts.tokens.EmailConfirmationTokens"

    def _make_hash_value(self, user: AbstractBaseUser, timestamp: int) -> str:
        confirmed = getattr(user, "email_confirmed_at", None)
        email = getattr(user, "email", "")
        return f"{user.pk}{confirmed}{email}{timestamp}"


confirmation_tokens = EmailConfirmationTokens()


def uid_of(user: AbstractBaseUser) -> str:
    """The user's id as it travels in a link."""
    return urlsafe_base64_encode(force_bytes(user.pk))
