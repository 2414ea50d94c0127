"""Links to an appointment's manage page in messages sent without a request.

A reminder is written long after booking, when the booking's own manage secret
is gone (only its hash is kept), so its link carries a signed token instead:
the appointment's id signed with the project's SECRET_KEY, valid until the
appointment starts.  ``/manage/<token>/`` reads it with :func:`appointment_id`.
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.core import signing

from stridelight.clinic.models import Appointment

SALT = "stridelight.clinic.manage"


def manage_token(appointment: Appointment) -> str:
    return signing.dumps(
        {"a": appointment.pk, "until": int(appointment.start.timestamp())}, salt=SALT
    )


def manage_url(appointment: Appointment) -> str:
    return f"{settings.SITE_URL.rstrip('/')}/manage/{manage_token(appointment)}/"


def appointment_id(token: str, *, now: datetime) -> int | None:
    """The appointment a signed token names, or None if forged or expired."""
    try:
        found = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    if not isinstance(found, dict) or found.get("until", 0) <= now.timestamp():
        return None
    pk = found.get("a")
    return pk if isinstance(pk, int) else None
