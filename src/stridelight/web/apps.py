from __future__ import annotations

from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "stridelight.web"
    label = "web"
    verbose_name = "Stridelight"

    def ready(self) -> None:
        from stridelight.web import checks  # noqa: F401  (registers the checks)
