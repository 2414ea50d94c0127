"""The signed links in account mail: confirming an address, and moving an
account to a new one.

Django's password-reset token machinery (an HMAC of the user's id, a timestamp
and the state the link may change, with ``SECRET_KEY``), salted differently for
each kind, so a reset link never confirms or moves an account and no other link
resets.  The confirmation's state includes ``email_confirmed_at`` and the
address: once the address is confirmed, or changed, the link stops working.
Each expires after ``PASSWORD_RESET_TIMEOUT`` (three days by default).
"""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.utils.encoding import force_bytes, force_str
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode

from stridelight.accounts.models import User


class EmailConfirmationTokens(PasswordResetTokenGenerator):
    key_salt = "stridelight.accounts.tokens.EmailConfirmationTokens"

    def _make_hash_value(self, user: AbstractBaseUser, timestamp: int) -> str:
        confirmed = getattr(user, "email_confirmed_at", None)
        email = getattr(user, "email", "")
        return f"{user.pk}{confirmed}{email}{timestamp}"


confirmation_tokens = EmailConfirmationTokens()


class EmailChangeTokens(PasswordResetTokenGenerator):
    """The link mailed to a new address: it moves the account to the address
    the person asked for (``User.pending_email``).

    The state signed is the account's id, its password hash, its current
    address and the one asked for: the link works until the address changes
    (so once), dies when a newer request replaces the address asked for, and
    dies when the password is changed (the owner's way to cancel a change they
    did not ask for).
    """

    key_salt = "stridelight.accounts.tokens.EmailChangeTokens"

    def _make_hash_value(self, user: AbstractBaseUser, timestamp: int) -> str:
        email = getattr(user, "email", "")
        asked = getattr(user, "pending_email", "")
        # A newline keeps the two addresses apart (no address holds one).
        return f"{user.pk}{user.password}{email}\n{asked}{timestamp}"


email_change_tokens = EmailChangeTokens()


def uid_of(user: AbstractBaseUser) -> str:
    """The user's id as it travels in a link."""
    return urlsafe_base64_encode(force_bytes(user.pk))


def user_of(uidb64: str) -> User | None:
    """The user whose id :func:`uid_of` put in a link, or None."""
    try:
        pk = int(force_str(urlsafe_base64_decode(uidb64)))
    except (TypeError, ValueError, OverflowError):
        return None
    return User.objects.filter(pk=pk).first()
