"""Writing accounts: the one place a user is created (CLI, web sign-up, demo).

Sign-up never says whether an address already has an account: the page answers
the same either way and the mail tells the address's owner what happened (a
link to confirm a new account, or a note that they already have one).
"""

from __future__ import annotations

from django.contrib.auth import password_validation
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from stridelight.accounts.models import Role, User
from stridelight.accounts.tasks import queue_account_mail
from stridelight.accounts.tokens import confirmation_tokens, uid_of
from stridelight.runners.services import runner_for


def create_user(*, email: str, password: str, role: Role | str) -> User:
    """A new account, its password checked by every configured validator.

    Raises ValidationError naming what is wrong: a bad or taken e-mail address,
    an unknown role, or the validators' reasons for refusing the password.
    """
    email = normalized_email(email)
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


def normalized_email(email: str) -> str:
    """How an address is stored and compared: trimmed, in lower case."""
    return User.objects.normalize_email(email.strip()).lower()


def runner_signup(*, email: str, password: str, site_url: str) -> User | None:
    """Sign-up of a runner: an unconfirmed account, its (empty) runner data, and
    a mail with the link.

    The password must pass the validators (ValidationError otherwise, checked
    before the address is looked up, so the answer is the same for every
    address).  When the address already has an account, nothing is created: its
    owner is told by mail, and the caller gets None, which it must not show.
    ``site_url`` is where the links in the mail point (``https://host``).
    """
    email = normalized_email(email)
    validate_email(email)
    password_validation.validate_password(password, User(email=email))
    existing = User.objects.filter(email=email).first()
    if existing is not None:
        make_password(password)  # the same work as a new account: no timing tell
        kind = "already_registered" if existing.email_confirmed else "confirm"
        _mail(existing, kind, site_url)
        return None
    with transaction.atomic():
        user = create_user(email=email, password=password, role=Role.RUNNER)
        user.email_confirmed_at = None
        user.save(update_fields=["email_confirmed_at"])
        runner_for(user)
    confirmation_send(user=user, site_url=site_url)
    return user


def confirmation_send(*, user: User, site_url: str) -> None:
    """Mail a fresh link that confirms the user's address."""
    _mail(user, "confirm", site_url)


def email_confirm(*, user: User) -> None:
    """The user showed they read mail at their address (a link or a reset)."""
    if user.email_confirmed_at is None:
        user.email_confirmed_at = timezone.now()
        user.save(update_fields=["email_confirmed_at"])


def confirmation_link(user: User, site_url: str) -> str:
    path = reverse(
        "email_confirm",
        kwargs={"uidb64": uid_of(user), "token": confirmation_tokens.make_token(user)},
    )
    return site_url.rstrip("/") + path


def mail_links(site_url: str) -> dict[str, str]:
    """The links every account mail may give: the site, log-in and reset."""
    site = site_url.rstrip("/")
    return {
        "site_url": site,
        "login_url": site + reverse("login"),
        "reset_url": site + reverse("password_reset"),
    }


def _mail(user: User, kind: str, site_url: str) -> None:
    context = {
        "user": user,
        "confirm_url": confirmation_link(user, site_url) if kind == "confirm" else "",
        **mail_links(site_url),
    }
    queue_account_mail(
        f"accounts/email/{kind}_subject.txt",
        f"accounts/email/{kind}.txt",
        context,
        user.email,
    )
