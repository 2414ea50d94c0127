"""Care plans: the suggestion kept with the cadence set, series dates across DST,
and a series booked all or nothing."""

from __future__ import annotations

from datetime import UTC, date, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from stridelight.clinic.care import care_plan_of, series_starts
from stridelight.clinic.models import Appointment, Status
from stridelight.clinic.models_notes import Cadence
from tests.web.clinic_setup import at, service
from tests.web.staff import sign_in
from tests.web.workspace_setup import (
    NOW,
    VISIT_DAY,
    Clinic,
    appointment,
    make_workspace,
)

NY = ZoneInfo("America/New_York")


def test_a_weekly_series_keeps_its_wall_clock_time_across_the_dst_change() -> None:
    starts = series_starts(date(2027, 3, 9), time(10), 2, Cadence.WEEKLY, NY)
    assert [s.astimezone(NY).hour for s in starts] == [10, 10]
    utc = [s.astimezone(UTC) for s in starts]
    assert utc[1] - utc[0] == timedelta(days=7, hours=-1)  # the clocks went forward


def test_a_monthly_series_keeps_its_day_or_the_months_last() -> None:
    starts = series_starts(date(2027, 1, 31), time(9), 3, Cadence.MONTHLY, NY)
    assert [s.date() for s in starts] == [
        date(2027, 1, 31),
        date(2027, 2, 28),
        date(2027, 3, 31),
    ]


@pytest.fixture
def clinic() -> Clinic:
    return make_workspace()


def ann_client(clinic: Clinic) -> Client:
    ann = Client()
    sign_in(ann, clinic.ann.user)
    return ann


def series_form(first: date, count: int) -> dict[str, str]:
    return {
        "action": "series",
        "series-service": str(service("mfr-session").pk),
        "series-first": first.isoformat(),
        "series-at": "10:00",
        "series-count": str(count),
    }


@pytest.mark.django_db
@time_machine.travel(NOW, tick=False)
def test_the_care_plan_keeps_the_analysis_suggestion_it_answers(clinic: Clinic) -> None:
    url = f"/clinic/clients/{clinic.sharing.pk}/"
    page = ann_client(clinic).get(url).content.decode()
    assert "Suggested from the analysis" in page
    ann_client(clinic).post(url, {"action": "plan", "cadence": "weekly"})
    plan = care_plan_of(clinic.sharing)
    assert plan is not None and plan.cadence == "weekly"
    assert plan.set_by == clinic.ann.user
    assert plan.suggested in ("weekly", "monthly", "refer_first")


@pytest.mark.django_db
@time_machine.travel(NOW, tick=False)
def test_a_weekly_series_is_booked_whole(clinic: Clinic) -> None:
    url = f"/clinic/clients/{clinic.sharing.pk}/"
    ann = ann_client(clinic)
    ann.post(url, {"action": "plan", "cadence": "weekly"})
    answer = ann.post(url, series_form(VISIT_DAY + timedelta(days=7), 4))
    assert answer.status_code == 302, answer.content.decode()[-2000:]
    booked = Appointment.objects.filter(
        runner=clinic.sharing, service__slug="mfr-session", status=Status.BOOKED
    )
    assert [a.start for a in booked] == [
        at("10:00", VISIT_DAY + timedelta(days=7 * n)) for n in range(1, 5)
    ]


@pytest.mark.django_db
@time_machine.travel(NOW, tick=False)
def test_a_series_with_one_taken_session_books_nothing(clinic: Clinic) -> None:
    taken = VISIT_DAY + timedelta(days=21)
    appointment(service("mfr-session"), clinic.ann, at("10:00", taken), None, "Else")
    url = f"/clinic/clients/{clinic.sharing.pk}/"
    ann = ann_client(clinic)
    ann.post(url, {"action": "plan", "cadence": "weekly"})
    answer = ann.post(url, series_form(VISIT_DAY + timedelta(days=7), 4))
    assert answer.status_code == 200
    assert "Nothing was booked" in answer.content.decode()
    assert not Appointment.objects.filter(
        runner=clinic.sharing, service__slug="mfr-session"
    ).exists()
