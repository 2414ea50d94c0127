"""Personas for the workspace tests (style.md §6): a therapist with a consenting
client, a therapist without, a clinic admin, and runners with and without consent."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from django.core.cache import cache

from stridelight.accounts.models import Role, User
from stridelight.clinic.models import Appointment, Service, Therapist, token_hash
from stridelight.core import journal as core
from stridelight.runners import services as runner_services
from tests.web.clinic_setup import at, make_clinic, service
from tests.web.store import save_runner_data

#: The day of the visits (a Tuesday both demo therapists work) and "now" then.
VISIT_DAY = date(2027, 5, 4)
NOW = datetime(2027, 5, 4, 12, tzinfo=UTC)


@dataclass(frozen=True)
class Clinic:
    ann: Therapist  # sees the sharing runner (and the one who does not share)
    bo: Therapist  # a colleague with no appointment with either
    admin: User
    sharing: User  # a runner who shares their data
    private: User  # a runner who does not
    shared_visit: Appointment  # Ann with the sharing runner, 10:00
    private_visit: Appointment  # Ann with the private runner, 11:00


def heel_aches(until: date, days: int = 14) -> tuple[core.Ache, ...]:
    """A left heel that ached after most runs over the last fortnight."""
    return tuple(
        core.Ache(
            at=datetime(d.year, d.month, d.day, 19, tzinfo=UTC),
            region="heel",
            side="left",
            intensity=5,
            timing="after_run",
        )
        for d in (until - timedelta(days=n) for n in range(1, days, 2))
    )


def appointment(
    svc: Service, therapist: Therapist, start: datetime, runner: User | None, name: str
) -> Appointment:
    return Appointment.objects.create(
        service=svc,
        therapist=therapist,
        start=start,
        end=start + svc.length,
        client_name=name,
        client_email=runner.email if runner else "walk-in@example.com",
        client_phone="718 555 0101",
        runner=runner,
        manage_token_hash=token_hash(secrets.token_urlsafe(16)),
    )


def make_workspace(day: date = VISIT_DAY) -> Clinic:
    """The personas, with the visits at 10:00 and 11:00 (clinic time) on ``day``."""
    # Runner ids repeat from one test to the next, and the analysis is cached
    # under the id and data version: start from an empty cache.
    cache.clear()
    ann, bo = make_clinic()
    admin = User.objects.create_user(
        "admin@clinic.example", "x", role=Role.CLINIC_ADMIN
    )
    sharing = User.objects.create_user("sam@example.com", "x", role=Role.RUNNER)
    private = User.objects.create_user("pat@example.com", "x", role=Role.RUNNER)
    data = core.RunnerData(aches=heel_aches(day))
    save_runner_data(sharing, data)
    save_runner_data(private, data)
    given = datetime.combine(day, datetime.min.time(), UTC) - timedelta(days=3)
    runner_services.sharing_give(runner=runner_services.runner_for(sharing), at=given)
    mfr = service("discovery-visit")
    return Clinic(
        ann=ann,
        bo=bo,
        admin=admin,
        sharing=sharing,
        private=private,
        shared_visit=appointment(mfr, ann, at("10:00", day), sharing, "Sam"),
        private_visit=appointment(mfr, ann, at("11:00", day), private, "Pat"),
    )
