"""What every page's template may use, beyond Django's own context processors."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from django.http import HttpRequest
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from stridelight.accounts.models import Role, User


@dataclass(frozen=True)
class ClinicContact:
    """The clinic's name and phone as the clinic's settings row has them."""

    name: str
    phone: str

    @property
    def tel(self) -> str:
        """The phone for a ``tel:`` address: its digits and a leading +."""
        return re.sub(r"[^\d+]", "", self.phone)


def _contact() -> ClinicContact:
    # The runners app may not import the clinic (import-linter), yet a red flag
    # on its check-in must show the clinic's number: the web project reads it.
    from stridelight.clinic.selectors import clinic_settings

    row = clinic_settings()
    return ClinicContact(name=row.name, phone=row.phone)


def clinic(request: HttpRequest) -> dict[str, object]:
    """``clinic_contact``: read from the database only by a page that shows it."""
    return {"clinic_contact": SimpleLazyObject(_contact)}


@dataclass(frozen=True)
class PsfsPrompt:
    """The PSFS is due: where to answer it, and when it was last answered."""

    url: str
    last_answered: datetime | None


def _psfs_prompt(user: User) -> PsfsPrompt | None:
    # The seam for the runner's dashboard: the runners app may not import the
    # clinic (import-linter), the web project may; the dashboard only reads
    # ``psfs_prompt``.  Lazy: only a page that shows it asks the database.
    from django.urls import reverse

    from stridelight.clinic.psfs_ask import last_psfs, psfs_asked

    now = timezone.now()
    if not psfs_asked(user, now=now):
        return None
    last = last_psfs(user)
    return PsfsPrompt(reverse("clinic:psfs"), last.answered_at if last else None)


def psfs(request: HttpRequest) -> dict[str, object]:
    """``psfs_prompt``: a :class:`PsfsPrompt` for a runner who is asked, else None."""
    user = request.user
    if not isinstance(user, User) or user.role != Role.RUNNER:
        return {"psfs_prompt": None}
    return {"psfs_prompt": SimpleLazyObject(lambda: _psfs_prompt(user))}
