"""The booking JSON API (DESIGN §4) and concurrent bookings of one slot."""

from __future__ import annotations

import json
import threading
from datetime import datetime
from typing import Any

import pytest
from django.db import connection
from django.test import Client

from stridelight.clinic.models import Appointment
from stridelight.clinic.services import SlotTaken, book
from tests.web.clinic_setup import NOW, TUESDAY, at, make_clinic, service


@pytest.fixture
def frozen(monkeypatch: pytest.MonkeyPatch) -> None:
    """The API reads the clock through django.utils.timezone.now: stand on NOW."""
    monkeypatch.setattr("django.utils.timezone.now", lambda: NOW)


def post(client: Client, **body: Any) -> Any:
    return client.post(
        "/api/v1/bookings", json.dumps(body), content_type="application/json"
    )


def booking(start: datetime, email: str = "ann@example.com") -> dict[str, Any]:
    return {
        "service": "mfr-session",
        "start": start.isoformat(),
        "name": "Ann",
        "email": email,
        "phone": "718 555 0101",
    }


@pytest.mark.django_db
def test_services_lists_the_bookable_services(client: Client) -> None:
    make_clinic()
    slugs = [s["slug"] for s in client.get("/api/v1/services").json()["services"]]
    assert sorted(slugs) == ["discovery-visit", "follow-up", "mfr-session"]


@pytest.mark.django_db
def test_a_booked_slot_leaves_the_slot_list_and_a_second_try_gets_409(
    client: Client, frozen: None
) -> None:
    make_clinic()
    url = f"/api/v1/slots?service=mfr-session&date={TUESDAY.isoformat()}"
    before = client.get(url).json()["slots"]
    made = post(client, **booking(at("10:00")), therapist=before[0]["therapist"])
    assert made.status_code == 201, made.content
    assert made.json()["manage_url"].startswith("http://testserver/manage/")
    again = post(
        client, **booking(at("10:00"), "bo@x.org"), therapist=before[0]["therapist"]
    )
    after = client.get(url).json()["slots"]
    assert again.status_code == 409 and again.json() == {"error": "slot_taken"}
    taken = {(s["start"], s["therapist"]) for s in before} - {
        (s["start"], s["therapist"]) for s in after
    }
    assert (at("10:00").isoformat(), before[0]["therapist"]) in taken


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("service=nope&date=2027-05-04", "service"),
        ("service=mfr-session&date=May", "date"),
    ],
)
def test_slots_with_bad_input_is_a_400_naming_the_field(
    client: Client, query: str, field: str
) -> None:
    make_clinic()
    answer = client.get(f"/api/v1/slots?{query}")
    assert answer.status_code == 400 and field in answer.json()["fields"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"start": "tomorrow"}, "start"),
        ({"start": "2027-05-04T10:00:00"}, "start"),
        ({"email": "nope"}, "email"),
        ({"service": "massage"}, "service"),
        ({"therapist": "one"}, "therapist"),
    ],
)
def test_a_bad_booking_is_a_400_naming_the_field(
    client: Client, change: dict[str, Any], field: str, frozen: None
) -> None:
    make_clinic()
    answer = post(client, **{**booking(at("10:00")), **change})
    assert answer.status_code == 400 and field in answer.json()["fields"]
    assert not Appointment.objects.exists()


RACERS = 8


@pytest.mark.django_db(transaction=True)
def test_concurrent_bookings_of_one_slot_exactly_one_wins() -> None:
    """Real threads, each on its own connection, on this run's database."""
    first, _ = make_clinic()
    mfr = service("mfr-session")
    start = at("10:00")
    barrier = threading.Barrier(RACERS)
    results: list[str] = []

    def race(n: int) -> None:
        barrier.wait()
        try:
            book(
                service=mfr,
                start=start,
                therapist=first,
                name="Racer",
                email=f"r{n}@example.com",
                phone="718 555 0101",
                now=NOW,
            )
            results.append("won")
        except SlotTaken:
            results.append("taken")
        except Exception as error:
            results.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=race, args=(n,)) for n in range(RACERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == ["taken"] * (RACERS - 1) + ["won"]
    assert Appointment.objects.filter(therapist=first).count() == 1
