"""Who in the clinic may see what: the one policy every workspace view goes through.

- The workspace is for staff (role therapist or clinic admin); anyone else gets
  404, as if it were not there (a runner learns nothing from trying).
- A therapist sees their own appointments; a clinic admin sees every one.
- A runner's data (the brief, the notes, the client page) needs their consent to
  share in force *now* (``runners.selectors.sharing_in_force``): withdrawn, it
  stops at once.  Without it, staff see the booking and the intake answers only,
  on the schedule.  Another person's object, or one without consent, is 404.
- Clinical notes are the treating therapist's: a clinic admin runs the clinic
  but reads (and adds to) notes they did not write only when granted the
  ``clinic.view_sessionnote`` permission (issue 12; superusers have it).
- Every look through this gate is written to the audit log (who, which client,
  what, from where): a view on GET, a change on any other method.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404, HttpRequest

from stridelight import audit
from stridelight.accounts.models import Role, User
from stridelight.clinic.models import Appointment
from stridelight.runners.models import Runner
from stridelight.runners.selectors import sharing_in_force

__all__ = [
    "Client",
    "appointment_for",
    "appointments_visible_to",
    "client_for",
    "is_clinic_admin",
    "reads_notes_of",
    "shares_data",
    "staff_user",
]


@dataclass(frozen=True)
class Client:
    """A runner whose data this staff member may see now."""

    user: User
    name: str


def staff_user(request: HttpRequest) -> User:
    """The signed-in therapist or clinic admin; 404 for anyone else."""
    user = request.user
    if not isinstance(user, User) or user.role not in (
        Role.THERAPIST,
        Role.CLINIC_ADMIN,
    ):
        raise Http404("no such page")
    return user


def is_clinic_admin(user: User) -> bool:
    return user.role == Role.CLINIC_ADMIN


def appointments_visible_to(user: User) -> QuerySet[Appointment]:
    """Every appointment for a clinic admin; a therapist's own for a therapist."""
    found = Appointment.objects.select_related("service", "therapist", "runner")
    if is_clinic_admin(user):
        return found
    return found.filter(therapist__user=user)


def shares_data(runner: User | None) -> bool:
    """Has this runner's consent to share their data with the clinic, now?"""
    return runner is not None and sharing_in_force(runner) is not None


def appointment_for(
    request: HttpRequest, user: User, appointment_id: int, *, notes: bool = False
) -> tuple[Appointment, User]:
    """An appointment whose runner's data ``user`` may see, and that runner.

    404 when it is not theirs to see, has no runner account, or the runner does
    not share their data; with ``notes``, also when ``user`` may not read its
    clinical notes (:func:`reads_notes_of`).  The look is audited.
    """
    appointment = appointments_visible_to(user).filter(pk=appointment_id).first()
    if appointment is None or not shares_data(appointment.runner):
        raise Http404("no such appointment")
    if notes and not reads_notes_of(user, appointment):
        raise Http404("no such appointment")
    assert appointment.runner is not None  # shares_data said so
    _audited(request, user, appointment.runner, appointment)
    return appointment, appointment.runner


def reads_notes_of(user: User, appointment: Appointment) -> bool:
    """The treating therapist, or staff granted the notes (not every admin)."""
    treating = appointment.therapist.user_id == user.pk
    return treating or user.has_perm("clinic.view_sessionnote")


def client_for(request: HttpRequest, user: User, runner_id: int) -> Client:
    """A runner (their user id) whose data ``user`` may see, or 404.

    A therapist must have an appointment with them; a clinic admin may open any
    client of the clinic (one with an appointment).  Consent is needed either way.
    """
    mine = appointments_visible_to(user).filter(runner_id=runner_id)
    appointment = mine.order_by("-start").first()
    if appointment is None or not shares_data(appointment.runner):
        raise Http404("no such client")
    runner = appointment.runner
    assert runner is not None
    _audited(request, user, runner, None)
    return Client(user=runner, name=appointment.client_name)


def _audited(
    request: HttpRequest, user: User, runner: User, obj: Appointment | None
) -> None:
    action = "view" if request.method in ("GET", "HEAD") else "change"
    audit.record(
        actor=user,
        action=action,
        client=Runner.objects.filter(user=runner).first(),
        obj=obj,
        request=request,
    )
