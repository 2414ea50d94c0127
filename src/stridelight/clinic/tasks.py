"""Background work of the clinic (django-tasks; ``stridelight worker`` runs it)."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from stridelight.clinic import psfs_ask, reminders


@task()
def send_due_reminders(limit: int = 50) -> dict[str, str]:
    """Send the reminders due now; each reminder's id → what became of it."""
    outcomes = reminders.send_due(now=timezone.now(), limit=limit)
    return {str(outcome.reminder): outcome.state for outcome in outcomes}


@task()
def send_psfs_invitations(limit: int = 200) -> dict[str, int]:
    """E-mail the PSFS link to the clients it is due for (once a day is enough)."""
    sent = psfs_ask.psfs_invitations_send(now=timezone.now(), limit=limit)
    return {"asked": sent.asked, "failed": sent.failed}
