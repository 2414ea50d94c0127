"""Per-client rate limits on the public booking API, counted in Django's cache.

A fixed window per client IP and group of endpoints (``API_RATE_LIMITS`` in
the settings, the one place the numbers live): the first request of a window
creates its counter, each one adds one, and past the limit the answer is 429
with ``Retry-After`` (seconds to the next window).  The cache is the file cache
of the data folder on one machine, Redis when several share the work; a count
lost to a race between processes lets a request or two more through, never
fewer.
"""

from __future__ import annotations

import functools
import math
import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, JsonResponse

View = Callable[[HttpRequest], HttpResponse]


def client_ip(request: HttpRequest) -> str:
    """The client's address: REMOTE_ADDR, or behind ``CLIENT_IP_PROXY_HOPS``
    proxies of our own the address the outermost of them saw."""
    hops: int = settings.CLIENT_IP_PROXY_HOPS
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    chain = [part.strip() for part in forwarded.split(",") if part.strip()]
    if hops and len(chain) >= hops:
        return str(chain[-hops])
    return str(request.META.get("REMOTE_ADDR", "unknown"))


def retry_after(group: str, client: str, *, now: float) -> int | None:
    """Count one request; None when allowed, else seconds until the next window."""
    limit, window = settings.API_RATE_LIMITS[group]
    key = f"ratelimit:{group}:{client}:{int(now // window)}"
    if cache.add(key, 1, timeout=window + 1):
        count = 1
    else:
        try:
            count = cache.incr(key)
        except ValueError:  # expired between the two calls: a new window
            cache.set(key, 1, timeout=window + 1)
            count = 1
    if count <= limit:
        return None
    return max(1, math.ceil(window - now % window))


def rate_limited(group: str) -> Callable[[View], View]:
    """Answer 429 ``{"error": "rate_limited"}`` once a client passes the group's limit."""

    def decorate(view: View) -> View:
        @functools.wraps(view)
        def limited(request: HttpRequest) -> HttpResponse:
            # The clock is read here, at the edge.
            wait = retry_after(group, client_ip(request), now=time.time())
            if wait is None:
                return view(request)
            answer = JsonResponse(
                {"error": "rate_limited", "retry_after": wait}, status=429
            )
            answer["Retry-After"] = str(wait)
            return answer

        return limited

    return decorate
