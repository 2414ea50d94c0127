"""What every page's template may use, beyond Django's own context processors."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject


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
