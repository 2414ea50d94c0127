"""Per-client rate limits, counted in Django's cache: the public booking API and
the forms a stranger can hammer (log-in, sign-up, password reset) or that fill
the disk (uploads).

A fixed window per client and group (``API_RATE_LIMITS`` and
``FORM_RATE_LIMITS`` in the settings, the one place the numbers live): the
first request of a window creates its counter, each one adds one, and past the
limit the answer is 429 with ``Retry-After`` (seconds to the next window): JSON
for the API, a page for the forms.  The forms count only what they are sent
(POST): showing the form costs nothing.  A client is its address; for uploads,
the signed-in person (people behind one clinic router share an address).  The cache is the file cache
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
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.template.loader import render_to_string

View = Callable[[HttpRequest], HttpResponse]
#: A page's view: the request, then the address's parameters.
PageView = Callable[..., HttpResponseBase]


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
    limit, window = _limits(group)
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


def form_rate_limited(
    group: str, *, per_user: bool = False
) -> Callable[[PageView], PageView]:
    """Answer a 429 page once a client has sent the group's form too often.

    ``per_user`` counts a signed-in person rather than their address.
    """

    def decorate(view: PageView) -> PageView:
        @functools.wraps(view)
        def limited(
            request: HttpRequest, *args: object, **kwargs: object
        ) -> HttpResponseBase:
            if request.method != "POST":
                return view(request, *args, **kwargs)
            who = client_ip(request)
            if per_user and request.user.is_authenticated:
                who = f"user-{request.user.pk}"
            wait = retry_after(group, who, now=time.time())  # the clock, at the edge
            if wait is None:
                return view(request, *args, **kwargs)
            return too_many(request, wait)

        return limited

    return decorate


def too_many(request: HttpRequest, wait: int) -> HttpResponse:
    minutes = math.ceil(wait / 60)
    page = render_to_string(
        "web/rate_limited.html", {"minutes": minutes}, request=request
    )
    answer = HttpResponse(page, status=429)
    answer["Retry-After"] = str(wait)
    return answer


def _limits(group: str) -> tuple[int, int]:
    """(requests, seconds) of ``group``: the API's groups, then the forms'."""
    found: tuple[int, int] | None = settings.API_RATE_LIMITS.get(group)
    if found is None:
        found = settings.FORM_RATE_LIMITS[group]
    return found
