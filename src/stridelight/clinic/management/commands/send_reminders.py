"""``manage.py send_reminders``: the reminder worker (run one or several).

Every ``--interval`` seconds it claims the reminders that are due and sends
them (stridelight.clinic.reminders); ``--batch`` sends what is due now and
exits (cron, tests).  Any number may run at once, on any machine sharing the
database: a reminder is claimed by one of them only.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from stridelight.clinic import reminders


class Command(BaseCommand):
    help = "Send due appointment reminders (e-mail 24 h, text 2 h before)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch", action="store_true", help="Send, then exit.")
        parser.add_argument("--interval", type=float, default=30.0)
        parser.add_argument("--limit", type=int, default=10, help="Rows per claim.")

    def handle(self, *args: Any, **options: Any) -> None:
        reminders.run(
            batch=options["batch"],
            write=self.stdout.write,
            interval=options["interval"],
            limit=options["limit"],
        )
