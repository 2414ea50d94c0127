from __future__ import annotations

from django.apps import AppConfig


class RunnersConfig(AppConfig):
    name = "stridelight.runners"
    label = "runners"
