"""The signed-in runner's pages, under /me/ (DESIGN §4)."""

from __future__ import annotations

from django.urls import URLPattern, path

from stridelight.runners import views_sharing

app_name = "runners"

urlpatterns: list[URLPattern] = [
    path("sharing/", views_sharing.sharing_page, name="sharing"),
]
