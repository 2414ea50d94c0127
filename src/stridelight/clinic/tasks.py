"""Background work of the clinic (django-tasks; ``stridelight worker`` runs it)."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from stridelight.clinic import reminders


@task()
def send_due_reminders(limit: int = 50) -> dict[str, str]:
    """Send the reminders due now; each reminder's id → what became of it."""
    outcomes = reminders.send_due(now=timezone.now(), limit=limit)
    return {str(outcome.reminder): outcome.state for outcome in outcomes}
