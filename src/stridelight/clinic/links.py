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


def signed(payload: dict[str, object], *, until: datetime, salt: str) -> str:
    """``payload`` signed with SECRET_KEY, valid until ``until`` (:func:`unsigned`)."""
    return signing.dumps({**payload, "until": int(until.timestamp())}, salt=salt)


def unsigned(token: str, *, now: datetime, salt: str) -> dict[str, object] | None:
    """What :func:`signed` put in ``token``, or None if forged or expired."""
    try:
        found = signing.loads(token, salt=salt)
    except signing.BadSignature:
        return None
    if not isinstance(found, dict) or found.get("until", 0) <= now.timestamp():
        return None
    return found


def manage_token(appointment: Appointment) -> str:
    return signed({"a": appointment.pk}, until=appointment.start, salt=SALT)


def manage_url(appointment: Appointment) -> str:
    return f"{settings.SITE_URL.rstrip('/')}/manage/{manage_token(appointment)}/"


def appointment_id(token: str, *, now: datetime) -> int | None:
    """The appointment a signed token names, or None if forged or expired."""
    found = unsigned(token, now=now, salt=SALT)
    pk = None if found is None else found.get("a")
    return pk if isinstance(pk, int) else None
