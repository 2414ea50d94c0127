"""``manage.py send_psfs_invitations``: e-mail the PSFS link to the clients it is
due for (``clinic.psfs_ask``); run it once a day (cron), or queue the
``send_psfs_invitations`` task."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from stridelight.clinic.psfs_ask import psfs_invitations_send


class Command(BaseCommand):
    help = "E-mail the four-weekly PSFS link to the clients it is due for."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--limit", type=int, default=200, help="Most to send.")

    def handle(self, *args: Any, **options: Any) -> None:
        sent = psfs_invitations_send(now=timezone.now(), limit=options["limit"])
        self.stdout.write(f"{sent.asked} asked, {sent.failed} not sent (mail refused)")
