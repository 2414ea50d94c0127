from __future__ import annotations

from django.apps import AppConfig


class ClinicConfig(AppConfig):
    name = "stridelight.clinic"
    label = "clinic"
