"""Pure domain model and analysis: no Django, no file reading, no clock inside."""

from stridelight.core.activity import COLUMNS, Activity, Lap

__all__ = ["COLUMNS", "Activity", "Lap"]
