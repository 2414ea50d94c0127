"""Booking (clinic.services.book) and the demo clinic: conflicts, buffers, bad input."""

from __future__ import annotations

from datetime import datetime

import pytest
from django.core.exceptions import ValidationError

from stridelight.clinic.demo import ensure_demo_clinic
from stridelight.clinic.models import Appointment, Service, Therapist, WeeklyHours
from stridelight.clinic.selectors import clinic_settings, free_slots
from stridelight.clinic.services import Booked, SlotTaken, book, token_hash
from tests.web.clinic_setup import NOW, TUESDAY, at, make_clinic, service

pytestmark = pytest.mark.django_db

CLIENT = {"name": "Ann Runner", "email": "ann@example.com", "phone": "718 555 0101"}


def reserve(
    service: Service,
    start: datetime,
    therapist: Therapist | None = None,
    **change: str,
) -> Booked:
    """Book as CLIENT, with ``change`` to some of the client's details."""
    who = {**CLIENT, **change}
    return book(
        service=service,
        start=start,
        therapist=therapist,
        now=NOW,
        name=who["name"],
        email=who["email"],
        phone=who["phone"],
    )


def test_the_clinic_settings_default_to_the_clinics_phone_and_new_york() -> None:
    found = clinic_settings()
    assert found.phone == "(718) 369-0505"
    assert found.time_zone == "America/New_York"


def test_a_booking_is_stored_in_utc_with_its_buffers_and_a_hashed_token() -> None:
    first, _ = make_clinic()
    mfr = service("mfr-session")
    booked = reserve(mfr, at("10:00"), first)
    row = Appointment.objects.get(pk=booked.appointment.pk)
    assert row.start == at("10:00") and row.end == at("11:00")
    assert row.blocked_start == at("09:50") and row.blocked_end == at("11:15")
    assert row.manage_token_hash == token_hash(booked.manage_token)
    assert booked.manage_token not in row.manage_token_hash


def test_a_booked_time_and_its_buffers_are_no_longer_offered() -> None:
    first, _ = make_clinic()
    mfr = service("mfr-session")
    offered = {
        s.start for s in free_slots(service=mfr, day=TUESDAY, now=NOW, therapist=first)
    }
    assert {at("10:00"), at("11:30")} <= offered
    reserve(mfr, at("10:00"), first)
    left = {
        s.start for s in free_slots(service=mfr, day=TUESDAY, now=NOW, therapist=first)
    }
    # 11:00 would start inside the 15-minute buffer after 10:00–11:00.
    assert at("10:00") not in left and at("11:00") not in left
    assert at("11:30") in left


def test_booking_a_taken_time_raises_slot_taken() -> None:
    first, _ = make_clinic()
    mfr = service("mfr-session")
    reserve(mfr, at("10:00"), first)
    with pytest.raises(SlotTaken):
        reserve(mfr, at("10:00"), first, email="bo@example.com")
    assert Appointment.objects.count() == 1


def test_without_a_chosen_therapist_the_next_free_one_is_booked() -> None:
    first, second = make_clinic()
    mfr = service("mfr-session")
    one = reserve(mfr, at("10:00"))
    two = reserve(mfr, at("10:00"), email="b@x.org")
    assert {one.appointment.therapist, two.appointment.therapist} == {first, second}
    with pytest.raises(SlotTaken):
        reserve(mfr, at("10:00"), email="c@x.org")


def test_a_discovery_visit_is_once_per_person() -> None:
    make_clinic()
    visit = service("discovery-visit")
    reserve(visit, at("10:00"))
    with pytest.raises(ValidationError) as caught:
        reserve(visit, at("13:00"), email="ANN@example.com")
    assert "email" in caught.value.message_dict


@pytest.mark.parametrize(
    ("field", "change"),
    [
        ("name", {"name": "  "}),
        ("email", {"email": "not-an-address"}),
        ("phone", {"phone": "12"}),
    ],
)
def test_bad_client_details_name_the_field(field: str, change: dict[str, str]) -> None:
    make_clinic()
    with pytest.raises(ValidationError) as caught:
        reserve(service("mfr-session"), at("10:00"), None, **change)
    assert set(caught.value.message_dict) == {field}
    assert not Appointment.objects.exists()


@pytest.mark.parametrize("clock", ["10:10", "07:00", "16:30"])
def test_a_time_that_is_not_offered_is_refused_naming_start(clock: str) -> None:
    make_clinic()
    with pytest.raises(ValidationError) as caught:
        reserve(service("mfr-session"), at(clock))
    assert "start" in caught.value.message_dict


def test_a_therapist_who_does_not_offer_the_service_is_refused() -> None:
    first, _ = make_clinic()
    lone = Service.objects.create(slug="gait", name="Gait analysis", minutes=30)
    with pytest.raises(ValidationError) as caught:
        reserve(lone, at("10:00"), first)
    assert "therapist" in caught.value.message_dict


def test_setting_up_the_demo_clinic_twice_changes_nothing() -> None:
    first, second = make_clinic()
    counts = (
        Service.objects.count(),
        Therapist.objects.count(),
        WeeklyHours.objects.count(),
    )
    ensure_demo_clinic([(first.user, "Ann"), (second.user, "Bo")])
    again = (
        Service.objects.count(),
        Therapist.objects.count(),
        WeeklyHours.objects.count(),
    )
    assert again == counts == (3, 2, 8)
