"""The people and objects of the authorization matrix (test_authorization_matrix).

Six roles, each on a client of their own, signed in as a real one is (staff past
the two-step check), and runner A's objects to fill every address's parameters:
the matrix asks each role for A's upload, activity, shoe, habit, screening,
appointment, client page, booking link and admin rows.

Consent to share is given by a runner to the clinic, not to one therapist, so
"a therapist without A's consent" is a therapist A has no appointment with (Bo):
the workspace lets a therapist see a client only through their own appointment
and that client's consent in force (clinic.access).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from stridelight import audit
from stridelight.accounts.models import User
from stridelight.clinic.models import ClinicSettings, token_hash
from stridelight.runners import journal_services as journal
from stridelight.runners import models as m
from stridelight.runners.imports import import_sources
from stridelight.runners.services import runner_for
from stridelight.web.learn import PAGES as LEARN_PAGES
from tests.conftest import REAL
from tests.web.staff import sign_in
from tests.web.workspace_setup import VISIT_DAY, make_workspace

#: The roles, in the order of each row of the expectation table.
ROLES = (
    "anonymous",
    "runner_a",
    "runner_b",
    "therapist_with",
    "therapist_without",
    "admin",
)
#: One real recording for A, so the activity pages have a file to read back.
FIT = REAL / "fit" / "fitparse__2013-02-06-12-11-14.fit"


@dataclass
class Matrix:
    """Every role's client and the ids that fill the addresses' parameters."""

    clients: dict[str, Client]
    ids: dict[str, object] = field(default_factory=dict)

    def pk(self, key: str) -> int:
        """The id of one of A's rows."""
        value = self.ids[key]
        assert isinstance(value, int)
        return value


def make_matrix() -> Matrix:
    clinic = make_workspace()
    a, b = clinic.sharing, clinic.private
    runner = runner_for(a)
    day = VISIT_DAY
    ids: dict[str, object] = {
        "runner_a": a.pk,
        "runner_a_row": runner.pk,
        "appointment": clinic.shared_visit.pk,
        "therapist": clinic.ann.pk,
        "service": clinic.shared_visit.service.pk,
        "service_slug": clinic.shared_visit.service.slug,
        "visit_day": day.isoformat(),
        "learn_slug": LEARN_PAGES[0].slug,
        "shoe": journal.shoe_add(runner=runner, name="A's pair").pk,
        "habit": journal.habit_add(runner=runner, day=day, kind="warmup", minutes=5).pk,
        "screening": journal.screening_add(
            runner=runner, day=day, test="slr_deg", side="left", value=70
        ).pk,
        "upload": m.Upload.objects.create(
            runner=runner, folder=secrets.token_hex(16)
        ).pk,
        **_recording(a),
        **_booking_link(clinic.shared_visit),
        **_account_links(a),
    }
    clients = {"anonymous": Client()}
    people = {
        "runner_a": a,
        "runner_b": b,
        "therapist_with": clinic.ann.user,
        "therapist_without": clinic.bo.user,
        "admin": clinic.admin,
    }
    for role, user in people.items():
        clients[role] = Client()
        sign_in(clients[role], user)
    ids.update(_admin_rows(a, clinic.admin))
    return Matrix(clients=clients, ids=ids)


def _recording(a: User) -> dict[str, object]:
    import_sources(user=a, sources=[FIT], workers=0)
    activity = m.Activity.objects.get(runner__user=a)
    return {"activity": activity.pk, "import_run": m.ImportRun.objects.get().pk}


def _booking_link(appointment: object) -> dict[str, object]:
    """A's appointment with a token we know (the page holds only its hash)."""
    token = secrets.token_urlsafe(16)
    appointment.manage_token_hash = token_hash(token)  # type: ignore[attr-defined]
    appointment.save()  # type: ignore[attr-defined]
    return {"token": token}


def _account_links(a: User) -> dict[str, object]:
    """A's id in a link, with a token that is not valid (a GET never confirms)."""
    return {"uid": urlsafe_base64_encode(force_bytes(a.pk)), "bad_token": "abc-def"}


def _admin_rows(a: User, admin: User) -> dict[str, object]:
    """Rows for the admin's object pages: A's own where the model is A's."""
    runner = runner_for(a)
    ache = m.Ache.objects.filter(runner=runner).first()
    assert ache is not None  # make_workspace gave A aches
    m.TherapySession.objects.create(runner=runner, date=date(2027, 5, 1), kind="mfr")
    m.Checkin.objects.create(runner=runner, date=date(2027, 5, 1))
    settings_row = ClinicSettings.objects.get()
    entry = audit.record(
        actor=admin, action="view", client=runner, obj=None, request=None
    )
    return {
        "ache": ache.pk,
        "therapysession": m.TherapySession.objects.get(runner=runner).pk,
        "checkin": m.Checkin.objects.get(runner=runner).pk,
        "clinicsettings": settings_row.pk,
        "auditentry": entry.pk,
        "totpdevice": TOTPDevice.objects.filter(user=admin).get().pk,
        "staticdevice": StaticDevice.objects.create(user=admin, name="codes").pk,
        "group": Group.objects.create(name="front desk").pk,
        "user_ct": ContentType.objects.get_for_model(User).pk,
        "missing": 999_999,
    }
