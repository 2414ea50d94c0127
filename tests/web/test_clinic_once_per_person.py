"""One Discovery Visit per person (per e-mail), even when the requests race."""

from __future__ import annotations

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from stridelight.clinic.models import Appointment
from stridelight.clinic.services import book
from tests.web.clinic_setup import NOW, at, make_clinic, service

RACERS = 8
CLOCKS = ("09:00", "09:30", "10:00", "10:30", "11:00", "11:30", "12:00", "12:30")


@pytest.mark.django_db(transaction=True)
def test_racing_discovery_visits_of_one_email_book_exactly_one() -> None:
    """Eight tabs, eight different free times, two therapists, one e-mail."""
    first, second = make_clinic()
    visit = service("discovery-visit")
    barrier = threading.Barrier(RACERS)
    results: list[str] = []

    def race(n: int) -> None:
        barrier.wait()
        try:
            book(
                service=visit,
                start=at(CLOCKS[n]),
                therapist=(first, second)[n % 2],
                name="Ann",
                email="ANN@example.com " if n % 2 else "ann@example.com",
                phone="718 555 0101",
                now=NOW,
            )
            results.append("won")
        except ValidationError as error:
            results.append("email" if "email" in error.message_dict else repr(error))
        except Exception as error:
            results.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=race, args=(n,)) for n in range(RACERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == ["email"] * (RACERS - 1) + ["won"]
    assert Appointment.objects.filter(service=visit).count() == 1
