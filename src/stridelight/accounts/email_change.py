"""Moving an account to a new e-mail address (``/accounts/email/``).

The person gives the new address and their password; the address is kept as
asked for (``User.pending_email``) and nothing else changes until a link mailed
to it is opened, which proves they read mail there.  The current address is
told at once (with how to cancel: choose a new password, which kills the link)
and again when the change is made.

The page answers the same whether or not the new address already has an
account, so it cannot be used to find out who has one: a taken address gets a
mail saying so instead of a link, and a link whose address was taken since
fails like a forged one.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from stridelight.accounts.models import User
from stridelight.accounts.services import mail_links, normalized_email
from stridelight.accounts.tasks import queue_account_mail
from stridelight.accounts.tokens import email_change_tokens, uid_of, user_of


def email_change_request(*, user: User, new_email: str, site_url: str) -> None:
    """Keep ``new_email`` as asked for, mail it a link (or, if it has an
    account, a note that it does) and tell the current address.  The caller
    has checked the password.

    ``site_url`` is where the links in the mail point (``https://host``).
    """
    user.pending_email = normalized_email(new_email)
    user.save(update_fields=["pending_email"])
    context = {
        "new_email": user.pending_email,
        "old_email": user.email,
        **mail_links(site_url),
    }
    if _taken(user.pending_email, by_other_than=user):
        _mail("email_change_taken", context, to=user.pending_email)
    else:
        link = {"confirm_url": email_change_link(user, site_url)}
        _mail("email_change_confirm", {**context, **link}, to=user.pending_email)
    _mail("email_change_requested", context, to=user.email)


def email_change_link(user: User, site_url: str) -> str:
    """The link that moves ``user`` to the address they asked for."""
    path = reverse(
        "email_change_confirm",
        kwargs={"uidb64": uid_of(user), "token": email_change_tokens.make_token(user)},
    )
    return site_url.rstrip("/") + path


def pending_change(uidb64: str, token: str) -> User | None:
    """The account a link moves, or None: forged, expired, used, replaced by a
    newer request, cancelled by a new password, or for an address another
    account has taken since."""
    user = user_of(uidb64)
    if user is None or not user.is_active or not user.pending_email:
        return None
    if not email_change_tokens.check_token(user, token):
        return None
    if _taken(user.pending_email, by_other_than=user):
        return None
    return user


def email_change_apply(*, user: User, site_url: str) -> bool:
    """Move the account to the address asked for, now confirmed, and tell the
    old one.  False (nothing changed) if another account took it first."""
    old_email, new_email = user.email, user.pending_email
    try:
        with transaction.atomic():
            User.objects.filter(pk=user.pk).update(
                email=new_email, pending_email="", email_confirmed_at=timezone.now()
            )
    except IntegrityError:  # taken between the check and the write
        return False
    user.refresh_from_db()
    context = {"new_email": new_email, "old_email": old_email, **mail_links(site_url)}
    _mail("email_changed", context, to=old_email)
    return True


def _taken(email: str, *, by_other_than: User) -> bool:
    return User.objects.filter(email=email).exclude(pk=by_other_than.pk).exists()


def _mail(kind: str, context: dict[str, str], *, to: str) -> None:
    queue_account_mail(
        f"accounts/email/{kind}_subject.txt", f"accounts/email/{kind}.txt", context, to
    )
