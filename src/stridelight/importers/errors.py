"""The one family of errors importers raise.  Anything else escaping is a bug."""

from __future__ import annotations


class ReadError(Exception):
    """A file or archive entry could not be read; ``str()`` is one line for a person."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class UnsupportedFormatError(ReadError):
    """Not a FIT, GPX or TCX file (nor a compressed one)."""


class CorruptFileError(ReadError):
    """The bytes break the format's rules (bad header, CRC, XML syntax…)."""


class NotAnActivityError(ReadError):
    """A valid file that holds no activity (settings, workout, course, no points)."""


class LimitExceededError(ReadError):
    """A size, ratio or count limit was hit (zip bombs, huge files)."""


class BundleError(ReadError):
    """A malformed runner bundle; names the file, the entry and the field."""

    def __init__(self, source: str, entry: str, field: str, problem: str) -> None:
        super().__init__(source, f"{entry}: field {field!r}: {problem}")
        self.entry = entry
        self.field = field
        self.problem = problem
