"""Addresses (DESIGN §4: stable, so bookmarks, e-mails and checks keep working)."""

from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

from stridelight.clinic import api as clinic_api
from stridelight.clinic.openapi import openapi_document
from stridelight.web.ratelimit import form_rate_limited
from stridelight.web.views import healthz, home, learn_index, learn_page, manifest

# The admin's own log-in form counts with /accounts/login/ (web.ratelimit); set
# before admin.site.urls below builds the admin's addresses from it.
admin.site.login = form_rate_limited("login")(admin.site.login)  # type: ignore[method-assign,assignment]

urlpatterns = [
    path("", home, name="home"),
    path("healthz", healthz, name="healthz"),
    path("manifest.webmanifest", manifest, name="manifest"),
    path("learn/", learn_index, name="learn"),
    path("learn/<slug:slug>/", learn_page, name="learn-page"),
    path("accounts/", include("stridelight.accounts.urls")),
    path("me/", include("stridelight.runners.urls")),
    path("", include("stridelight.clinic.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/services", clinic_api.service_list, name="api-services"),
    path("api/v1/slots", clinic_api.slot_list, name="api-slots"),
    path("api/v1/bookings", clinic_api.booking_create, name="api-bookings"),
    path("api/v1/openapi.json", openapi_document, name="api-openapi"),
]
