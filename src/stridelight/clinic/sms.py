"""Sending a text message through a small interface, chosen by ``SMS_BACKEND``.

Real providers (Twilio, Vonage…) are out of reach here; each would be one more
class with ``send``.  ``console`` prints the message, ``file`` writes each one to
its own file in ``SMS_FILE_PATH`` (what the tests and a laptop read back); a
dotted path names any other class taking no arguments.
"""

from __future__ import annotations

import sys
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class TextMessage:
    to: str
    body: str
    #: Stable for one reminder, so a provider that de-duplicates can use it.
    key: str = ""


class SmsBackend(Protocol):
    def send(self, message: TextMessage) -> None:
        """Hand the message over, or raise (the reminder is then retried)."""


class ConsoleBackend:
    def send(self, message: TextMessage) -> None:
        sys.stdout.write(f"SMS to {message.to} [{message.key}]\n{message.body}\n\n")
        sys.stdout.flush()


class FileBackend:
    def __init__(self, folder: Path | None = None) -> None:
        self.folder = Path(folder or settings.SMS_FILE_PATH)

    def send(self, message: TextMessage) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        name = f"{message.key or 'sms'}-{uuid.uuid4().hex}.txt"
        # Written whole under a temporary name, then renamed: a reader never sees half.
        part = self.folder / f".{name}.part"
        part.write_text(f"To: {message.to}\nKey: {message.key}\n\n{message.body}\n")
        part.rename(self.folder / name)


BACKENDS = {"console": ConsoleBackend, "file": FileBackend}


def backend() -> SmsBackend:
    """The backend ``SMS_BACKEND`` names: ``console``, ``file`` or a dotted path."""
    name: str = settings.SMS_BACKEND
    chosen = BACKENDS.get(name) or import_string(name)
    made: SmsBackend = chosen()
    return made


def send(message: TextMessage) -> None:
    backend().send(message)
