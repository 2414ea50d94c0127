"""The project's own pages: the health check, the home page, /learn/ and the manifest."""

from __future__ import annotations

import logging

from django.db import DatabaseError, connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET

from stridelight import settings as env
from stridelight.web import learn

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
    return render(request, "web/home.html", {"clinic": env.clinic_info()})


@require_GET
def learn_index(request: HttpRequest) -> HttpResponse:
    """The education pages, in reading order."""
    return render(request, "web/learn/index.html", {"pages": learn.PAGES})


@require_GET
def learn_page(request: HttpRequest, slug: str) -> HttpResponse:
    """One education page; its text is its template."""
    page = learn.BY_SLUG.get(slug)
    if page is None:
        raise Http404("no such page")
    before, after = learn.neighbours(slug)
    context = {
        "page": page,
        "before": before,
        "after": after,
        "clinic": env.clinic_info(),
    }
    return render(request, f"web/learn/{slug}.html", context)


#: The colour of the phone's bar around the installed app (site.css --accent).
THEME_COLOUR = "#0b5cad"


@cache_control(public=True, max_age=3600)
@require_GET
def manifest(request: HttpRequest) -> JsonResponse:
    """The web app manifest: Stridelight on a phone's home screen."""
    icons = [
        {"src": static("icons/icon.svg"), "sizes": "any", "type": "image/svg+xml"},
        {"src": static("icons/icon-192.png"), "sizes": "192x192", "type": "image/png"},
        {"src": static("icons/icon-512.png"), "sizes": "512x512", "type": "image/png"},
        {
            "src": static("icons/icon-maskable-512.png"),
            "sizes": "512x512",
            "type": "image/png",
            "purpose": "maskable",
        },
    ]
    document = {
        "name": "Stridelight",
        "short_name": "Stridelight",
        "description": "Why your feet ache after running, and what to do about it.",
        "id": "/",
        "start_url": "/me/",
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": THEME_COLOUR,
        "icons": icons,
    }
    return JsonResponse(document, content_type="application/manifest+json")
