"""Pure readers: bytes, a path or a binary stream in, a core Activity out.

``read(source)`` is the public entry point (DESIGN §4); ``iter_activities(path)``
walks folders and archives.  No Django, no settings, no network, no clock.
"""

from stridelight.importers.archives import ImportItem, iter_activities
from stridelight.importers.errors import (
    BundleError,
    CorruptFileError,
    LimitExceededError,
    NotAnActivityError,
    ReadError,
    UnsupportedFormatError,
)
from stridelight.importers.limits import DEFAULT_LIMITS, Limits
from stridelight.importers.registry import FORMATS, Format, sniff
from stridelight.importers.source import read

__all__ = [
    "DEFAULT_LIMITS",
    "FORMATS",
    "BundleError",
    "CorruptFileError",
    "Format",
    "ImportItem",
    "LimitExceededError",
    "Limits",
    "NotAnActivityError",
    "ReadError",
    "UnsupportedFormatError",
    "iter_activities",
    "read",
    "sniff",
]
