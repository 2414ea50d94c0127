"""Slow and broken senders for the worker tests, named by dotted path in
STRIDELIGHT_SMS_BACKEND and STRIDELIGHT_EMAIL_BACKEND."""

from __future__ import annotations

import time
from collections.abc import Sequence

from django.core.mail import EmailMessage
from django.core.mail.backends import filebased

from stridelight.clinic.sms import FileBackend, TextMessage


class SlowFileBackend(FileBackend):
    """Takes a tenth of a second, as a provider's API call would: two workers overlap."""

    def send(self, message: TextMessage) -> None:
        time.sleep(0.1)
        super().send(message)


class HangingBackend:
    """Never returns: a worker stuck mid-send until it is killed."""

    def send(self, message: TextMessage) -> None:
        time.sleep(3600)


class BrokenBackend:
    def send(self, message: TextMessage) -> None:
        raise ConnectionError("provider unreachable")


class SlowEmailBackend(filebased.EmailBackend):
    """Django's file backend taking a tenth of a second a message, as SMTP would."""

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        time.sleep(0.1)
        sent: int = super().send_messages(email_messages)
        return sent
