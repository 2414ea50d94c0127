"""The OpenAPI document says what the booking API does: schemathesis checks it.

Generated requests (valid and invalid) go through the WSGI app in process, on
this run's database with the demo clinic; every answer must be one the
document lists, match its schema, and none may be a server error.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import Case, GenerationMode
from schemathesis.specs.openapi.checks import positive_data_acceptance

from tests.web.clinic_setup import make_clinic

#: Per mode (valid, invalid requests), over the three operations.
EXAMPLES = 150


@pytest.fixture
def connections_kept() -> Iterator[None]:
    """As Django's test client does: a request's end must not close the test's
    connection (and with it the transaction holding the test's rows)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


# The schemathesis pytest plugin's lazy fixture does not run on pytest 9 (it
# reads Function._nodeid); a hypothesis test over the schema's strategy does.
@pytest.mark.django_db
@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_every_answer_is_one_the_document_describes(
    mode: GenerationMode, connections_kept: None
) -> None:
    make_clinic()
    schema = schemathesis.openapi.from_wsgi(
        "/api/v1/openapi.json", get_wsgi_application()
    )

    @given(case=schema.as_strategy(generation_mode=mode))
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def answer_conforms(case: Case[Any]) -> None:
        # Every other check runs.  A schema-valid request may still be refused
        # with 400: whether a slug is bookable or a time is offered is data
        # (the admin edits it), not something a schema can list.
        case.call_and_validate(excluded_checks=[positive_data_acceptance])

    answer_conforms()


SLUGS = ("discovery-visit", "mfr-session", "follow-up")
NY = ZoneInfo("America/New_York")


@st.composite
def realistic_booking(draw: st.DrawFn, therapists: list[int]) -> dict[str, Any]:
    """Requests a person would send: near days, half-hour starts, few e-mails."""
    day = timezone.now().astimezone(NY).date() + timedelta(
        days=draw(st.integers(0, 40))
    )
    clock = time(draw(st.integers(7, 17)), draw(st.sampled_from((0, 30))))
    start = datetime.combine(day, clock, NY)
    body: dict[str, Any] = {
        "service": draw(st.sampled_from(SLUGS)),
        "start": start.isoformat(),
        "name": "Ann Lee",
        "email": draw(st.sampled_from(("ann@example.com", "bo@example.com"))),
        "phone": "718 555 0101",
    }
    if draw(st.booleans()):
        body["therapist"] = draw(st.sampled_from(therapists))
    return body


@pytest.mark.django_db
def test_realistic_requests_are_answered_as_documented(
    connections_kept: None,
) -> None:
    """Fuzzing rarely names a real service or an offered time; these do, so
    the 200, 201 and 409 answers are checked against the document too."""
    therapists = [t.pk for t in make_clinic()]
    schema = schemathesis.openapi.from_wsgi(
        "/api/v1/openapi.json", get_wsgi_application()
    )
    slots = schema["/api/v1/slots"]["GET"]
    bookings = schema["/api/v1/bookings"]["POST"]
    seen: set[tuple[str, int]] = set()

    @given(body=realistic_booking(therapists))
    @settings(max_examples=EXAMPLES, deadline=None, database=None)
    def answer_conforms(body: dict[str, Any]) -> None:
        day = body["start"][:10]
        query = {"service": body["service"], "date": day}
        listed = slots.Case(query=query).call_and_validate()
        booked = bookings.Case(body=body, media_type="application/json")
        answer = booked.call_and_validate(excluded_checks=[positive_data_acceptance])
        seen.update({("slots", listed.status_code), ("book", answer.status_code)})

    answer_conforms()
    assert {("slots", 200), ("book", 201), ("book", 400)} <= seen, seen


@pytest.mark.django_db
def test_the_document_lists_the_three_endpoints(client: Client) -> None:
    document = client.get("/api/v1/openapi.json").json()
    assert document["openapi"].startswith("3.")
    assert sorted(document["paths"]) == [
        "/api/v1/bookings",
        "/api/v1/services",
        "/api/v1/slots",
    ]
    booking = document["paths"]["/api/v1/bookings"]["post"]["responses"]
    assert sorted(booking) == ["201", "400", "409", "429"]
