"""Pure readers: bytes, a path or a binary stream in, a core Activity out.

``read(source)`` is the public entry point (DESIGN §4).  No Django, no settings,
no network, no clock.
"""

from stridelight.importers.errors import (
    BundleError,
    CorruptFileError,
    LimitExceededError,
    NotAnActivityError,
    ReadError,
    UnsupportedFormatError,
)
from stridelight.importers.limits import DEFAULT_LIMITS, Limits

__all__ = [
    "DEFAULT_LIMITS",
    "BundleError",
    "CorruptFileError",
    "LimitExceededError",
    "Limits",
    "NotAnActivityError",
    "ReadError",
    "UnsupportedFormatError",
]
