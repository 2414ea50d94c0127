"""The runner bundle: runner.json plus activities/, as a folder or a zip (DESIGN §4).

``read_bundle`` checks runner.json (:mod:`.schema`, field by field in
:mod:`.fields`) and lists the activity files without reading them
(:mod:`.files`); ``Bundle.iter_activity_files`` reads them one at a time.
``write_bundle`` (:mod:`.write`) writes the raw document back, so unknown keys
survive a round trip, and copies activity files byte for byte.  Decoding the
activity files into a runner's data is not a format's business: see
``stridelight.ingest``.
"""

from __future__ import annotations

from stridelight.importers.bundle.files import ACTIVITIES, RUNNER_JSON
from stridelight.importers.bundle.read import Bundle, make_bundle, read_bundle
from stridelight.importers.bundle.write import ActivitySource, write_bundle

__all__ = [
    "ACTIVITIES",
    "RUNNER_JSON",
    "ActivitySource",
    "Bundle",
    "make_bundle",
    "read_bundle",
    "write_bundle",
]
