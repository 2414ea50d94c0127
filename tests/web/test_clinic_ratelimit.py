"""The public booking API is rate limited per client IP (429 with Retry-After)."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client, RequestFactory
from pytest_django.fixtures import Settings

from stridelight.web import ratelimit
from tests.web.clinic_setup import make_clinic


@pytest.fixture
def small_limits(settings: Settings) -> None:
    settings.API_RATE_LIMITS = {"read": (3, 60), "book": (2, 60)}
    cache.clear()


@pytest.mark.django_db
def test_a_client_past_the_limit_gets_429_with_retry_after(
    client: Client, small_limits: None
) -> None:
    make_clinic()
    codes = [client.get("/api/v1/services").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    last = client.get("/api/v1/slots?service=discovery-visit&date=2027-05-04")
    assert last.status_code == 429 and last.json()["error"] == "rate_limited"
    assert 1 <= int(last["Retry-After"]) <= 60
    # Another address has its own count.
    other = client.get("/api/v1/services", REMOTE_ADDR="203.0.113.9")
    assert other.status_code == 200


@pytest.mark.django_db
def test_bookings_have_their_own_smaller_limit(
    client: Client, small_limits: None
) -> None:
    make_clinic()
    codes = [
        client.post("/api/v1/bookings", "{}", content_type="application/json")
        for _ in range(3)
    ]
    assert [c.status_code for c in codes] == [400, 400, 429]
    assert client.get("/api/v1/services").status_code == 200


def test_a_new_window_starts_a_new_count(small_limits: None) -> None:
    waits = [ratelimit.retry_after("book", "198.51.100.1", now=120.5) for _ in "xyz"]
    assert waits == [None, None, 60]  # 59.5 s left, rounded up
    assert ratelimit.retry_after("book", "198.51.100.1", now=180.0) is None


@pytest.mark.parametrize(
    ("hops", "forwarded", "expected"),
    [
        (0, "198.51.100.7", "10.0.0.2"),  # no proxy trusted: the header is ignored
        (1, "203.0.113.5, 198.51.100.7", "198.51.100.7"),
        (1, "", "10.0.0.2"),
    ],
)
def test_the_client_ip_trusts_only_our_own_proxies(
    settings: Settings, hops: int, forwarded: str, expected: str
) -> None:
    settings.CLIENT_IP_PROXY_HOPS = hops
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded
    )
    assert ratelimit.client_ip(request) == expected
