"""System checks for settings Stridelight cannot run well with (ids stridelight.E/W…)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.apps import AppConfig
from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security, deploy=True)
def debug_off_in_production(
    app_configs: Sequence[AppConfig] | None, **kwargs: Any
) -> list[checks.CheckMessage]:
    if settings.PRODUCTION and settings.DEBUG:
        return [
            checks.Error(
                "DEBUG is on while STRIDELIGHT_PRODUCTION is on: error pages "
                "would show health data and settings.",
                hint="Unset DEBUG.",
                id="stridelight.E001",
            )
        ]
    return []


@checks.register(checks.Tags.database)
def production_database(
    app_configs: Sequence[AppConfig] | None, **kwargs: Any
) -> list[checks.CheckMessage]:
    engine = settings.DATABASES["default"]["ENGINE"]
    if settings.PRODUCTION and engine.endswith("sqlite3"):
        return [
            checks.Warning(
                "STRIDELIGHT_PRODUCTION is on with the embedded SQLite database: "
                "one machine only, and one writer at a time.",
                hint="Set DATABASE_URL=postgres://… for a deployment.",
                id="stridelight.W001",
            )
        ]
    return []
