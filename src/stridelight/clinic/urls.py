"""The clinic's public pages: /book/ and /manage/<token>/ (DESIGN §4)."""

from __future__ import annotations

from django.urls import URLPattern

app_name = "clinic"

urlpatterns: list[URLPattern] = []
