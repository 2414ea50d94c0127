"""FIT importer: exact (same records as Garmin's FIT SDK) and vectorised.

``read_fit(data)`` walks the file once in Python to find messages
(:mod:`.scan`), decodes fields a column at a time with NumPy (:mod:`.fields`,
:mod:`.components`, :mod:`.records`) and builds the core activity
(:mod:`.to_activity`).  Record power missing from the native field comes from a
developer field standing in for it, e.g. a Stryd foot pod's (:mod:`.developer`).
The profile comes from the ``garmin_fit_sdk`` package.
"""

from __future__ import annotations

from stridelight.core.activity import Activity
from stridelight.importers.fit.scan import scan
from stridelight.importers.fit.to_activity import to_activity

__all__ = ["read_fit"]


def read_fit(data: bytes, *, source: str = "<bytes>") -> Activity:
    """Decode an (uncompressed) FIT file.

    Raises a :class:`~stridelight.importers.errors.ReadError` subclass naming
    ``source`` when the bytes are not FIT, fail a CRC, or hold no records.
    A truncated file gives the records before the break and a warning.
    """
    return to_activity(scan(bytes(data), source), source)
