"""The project's own pages: the health check and the home page."""

from __future__ import annotations

import logging

from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

log = logging.getLogger(__name__)


@never_cache
@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """200 when the database answers a query, 503 when it does not.

    A load balancer or a monitor polls it; the body says which, nothing more.
    """
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        log.exception("healthz: the database did not answer")
        return HttpResponse(
            "database unavailable\n", status=503, content_type="text/plain"
        )
    return HttpResponse("ok\n", content_type="text/plain")


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """What Stridelight does for runners whose feet ache, and the way to book."""
    return render(request, "web/home.html")
