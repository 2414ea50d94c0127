"""The signed-in runner's pages, under /me/ (DESIGN §4)."""

from __future__ import annotations

from django.urls import URLPattern

app_name = "runners"

urlpatterns: list[URLPattern] = []
