"""The demo clinic: three services and two therapists with weekly hours (idempotent).

``stridelight demo`` calls :func:`ensure_demo_clinic` so ``/book/`` offers slots
right after ``make demo``; a second run finds everything there and changes nothing
(rows are looked up, never overwritten, so an admin's edits survive).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import time
from decimal import Decimal

from django.db import transaction

from stridelight.accounts.models import User
from stridelight.clinic.models import Service, Therapist, WeeklyHours
from stridelight.clinic.selectors import clinic_settings

#: slug, name, minutes, price, buffer before/after, notice (min), horizon (days), once.
SERVICES = (
    ("discovery-visit", "Discovery Visit", 30, Decimal(0), 0, 10, 120, 30, True),
    (
        "mfr-session",
        "Myofascial release session",
        60,
        Decimal(140),
        10,
        15,
        720,
        90,
        False,
    ),
    ("follow-up", "Follow-up session", 45, Decimal(110), 10, 15, 720, 90, False),
)
#: Weekdays (0 = Monday) and wall-clock hours of the first and second therapist.
HOURS = (
    ((0, 1, 2, 3, 4), time(9), time(17)),
    ((1, 3, 5), time(8), time(14)),
)


@transaction.atomic
def ensure_demo_clinic(therapists: Sequence[tuple[User, str]]) -> list[Therapist]:
    """Set up the clinic with ``therapists`` as (user, display name) pairs, once."""
    clinic_settings()
    services = [_service(*row) for row in SERVICES]
    made = []
    for (user, display_name), (days, start, end) in zip(
        therapists, HOURS, strict=False
    ):
        therapist, created = Therapist.objects.get_or_create(
            user=user, defaults={"display_name": display_name}
        )
        if created:
            therapist.services.set(services)
            for weekday in days:
                WeeklyHours.objects.create(
                    therapist=therapist, weekday=weekday, start=start, end=end
                )
        made.append(therapist)
    return made


def _service(
    slug: str,
    name: str,
    minutes: int,
    price: Decimal,
    before: int,
    after: int,
    notice: int,
    horizon: int,
    once: bool,
) -> Service:
    service, _ = Service.objects.get_or_create(
        slug=slug,
        defaults={
            "name": name,
            "minutes": minutes,
            "price": price,
            "buffer_before_minutes": before,
            "buffer_after_minutes": after,
            "min_notice_minutes": notice,
            "horizon_days": horizon,
            "one_per_person": once,
        },
    )
    return service
