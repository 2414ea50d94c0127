"""Addresses (DESIGN §4: stable, so bookmarks, e-mails and checks keep working)."""

from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

from stridelight.clinic import api as clinic_api
from stridelight.clinic.openapi import openapi_document
from stridelight.web.views import healthz, home, learn_index, learn_page, manifest

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
