"""The signed-in runner's pages, under /me/ (DESIGN §4)."""

from __future__ import annotations

from django.urls import URLPattern, path

from stridelight.runners.views_checkin import checkin

app_name = "runners"

urlpatterns: list[URLPattern] = [
    path("check-in/", checkin, name="checkin"),
]
