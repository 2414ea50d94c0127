"""Mail about an account, sent by the background worker (``stridelight worker``).

Queued rather than sent in the request, so a page answers as fast whether or not
it had a mail to send: the time a sign-up or a reset takes does not tell who has
an account (a mail server can take hundreds of milliseconds).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django_tasks import task


@task()
def send_account_mail(subject: str, body: str, to: str) -> None:
    """One plain-text mail from ``DEFAULT_FROM_EMAIL``."""
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to])


def queue_account_mail(
    subject_template: str, body_template: str, context: dict[str, Any], to: str
) -> None:
    """Render the mail now (the request's context) and queue its sending."""
    subject = render_to_string(subject_template, context)
    body = render_to_string(body_template, context)
    send_account_mail.enqueue(" ".join(subject.split()), body, to)
