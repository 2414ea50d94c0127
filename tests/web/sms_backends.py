"""Text-message backends for the worker tests (named by dotted path in SMS_BACKEND)."""

from __future__ import annotations

import time

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
