"""Asking a client for the PSFS every four weeks: on the runner's dashboard and
by an e-mail whose signed link opens the form without signing in.

Who is asked: a runner with a booked or completed appointment (a client of the
clinic), whose last PSFS answer is four weeks old or more, or who never gave one
(the baseline, at the Discovery Visit).  The e-mail goes at most once every four
weeks; its link names the runner and the answer it follows, so it opens the form
once: after an answer (by the link or at /me/psfs/) it is spent.  It lasts 14 days.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db.models import Exists, Max, OuterRef, Q, QuerySet

from stridelight.accounts.models import Role, User
from stridelight.clinic import links, outcomes
from stridelight.clinic.models import Appointment, Status
from stridelight.clinic.models_outcomes import OutcomeResponse, PsfsInvitation
from stridelight.clinic.selectors import clinic_settings

log = logging.getLogger(__name__)

#: The PSFS is asked again this long after the last answer.
PSFS_EVERY = timedelta(weeks=4)
#: How long an e-mailed link opens the form.
LINK_LASTS = timedelta(days=14)
SALT = "stridelight.clinic.psfs"
#: Appointments that make a runner a client to ask.
CLIENT_STATUSES = (Status.BOOKED, Status.COMPLETED)


def last_psfs(runner: User) -> OutcomeResponse | None:
    return OutcomeResponse.objects.filter(
        runner=runner, instrument=outcomes.PSFS
    ).last()


def psfs_due(runner: User, *, now: datetime) -> bool:
    """Never answered, or last answered four weeks ago or more."""
    last = last_psfs(runner)
    return last is None or now - last.answered_at >= PSFS_EVERY


def is_client(runner: User) -> bool:
    return Appointment.objects.filter(
        runner=runner, status__in=CLIENT_STATUSES
    ).exists()


def psfs_asked(runner: User, *, now: datetime) -> bool:
    """Should the dashboard ask this runner for the PSFS now?"""
    return (
        runner.role == Role.RUNNER and is_client(runner) and psfs_due(runner, now=now)
    )


def psfs_token(runner: User, *, now: datetime) -> str:
    last = last_psfs(runner)
    return links.signed(
        {"u": runner.pk, "after": last.pk if last else 0},
        until=now + LINK_LASTS,
        salt=SALT,
    )


def psfs_url(runner: User, *, now: datetime) -> str:
    token = psfs_token(runner, now=now)
    return f"{settings.SITE_URL.rstrip('/')}/psfs/{token}/"


def runner_of_link(token: str, *, now: datetime) -> User | None:
    """The runner an e-mailed link asks, or None: forged, expired, or spent (an
    answer has been given since it was sent)."""
    found = links.unsigned(token, now=now, salt=SALT)
    pk = None if found is None else found.get("u")
    if found is None or not isinstance(pk, int):
        return None
    runner = User.objects.filter(pk=pk, role=Role.RUNNER, is_active=True).first()
    if runner is None:
        return None
    last = last_psfs(runner)
    return runner if (last.pk if last else 0) == found.get("after") else None


@dataclass(frozen=True)
class Sent:
    asked: int
    failed: int


def psfs_invitations_send(*, now: datetime, limit: int = 200) -> Sent:
    """E-mail the clients who are due and were not e-mailed in four weeks.

    Recorded only once sent: a mail server that refuses leaves the runner to
    the next run.  Meant for once a day (``manage.py send_psfs_invitations``, or
    the ``send_psfs_invitations`` task).
    """
    asked = failed = 0
    for runner in _due_clients(now=now)[:limit]:
        if _send(runner, now=now):
            PsfsInvitation.objects.create(runner=runner, sent_at=now)
            asked += 1
        else:
            failed += 1
    return Sent(asked=asked, failed=failed)


def _due_clients(*, now: datetime) -> QuerySet[User]:
    since = now - PSFS_EVERY
    client = Appointment.objects.filter(
        runner=OuterRef("pk"), status__in=CLIENT_STATUSES
    )
    mailed = PsfsInvitation.objects.filter(runner=OuterRef("pk"), sent_at__gt=since)
    runners = (
        User.objects.filter(role=Role.RUNNER, is_active=True)
        .filter(Exists(client))
        .exclude(Exists(mailed))
        .annotate(
            last=Max(
                "outcome_responses__answered_at",
                filter=Q(outcome_responses__instrument=outcomes.PSFS),
            )
        )
        .filter(Q(last__isnull=True) | Q(last__lte=since))
        .order_by("pk")
    )
    return runners


def _send(runner: User, *, now: datetime) -> bool:
    clinic = clinic_settings()
    lines = [
        f"{clinic.name} asks, every four weeks, how your feet and legs let you "
        "do the activities that are hard for you (the Patient-Specific Functional "
        "Scale: 3 to 5 activities, each rated 0 to 10; about a minute).",
        "",
        f"Answer here (the link works for 14 days, once): {psfs_url(runner, now=now)}",
        "",
        "Or sign in and open My Stridelight: your dashboard asks the same.",
        f"Questions: {clinic.name}, {clinic.phone}.",
    ]
    message = EmailMessage(
        subject=f"{clinic.name}: how are the hard activities going?",
        body="\n".join(lines),
        to=[runner.email],
    )
    try:
        message.send()
    except OSError:
        log.exception("could not send the PSFS invitation of runner %s", runner.pk)
        return False
    return True
