"""Bounds on what reading may cost.

``stridelight.settings`` fills them from the environment (docs/settings.md).
"""

from __future__ import annotations

from dataclasses import dataclass

MIB = 1024 * 1024

#: The longest path of a file inside a folder or archive that is read: the path
#: is the activity's id, kept in a column this long (``Activity.path``, held to
#: it by a test).  A longer one is refused by name rather than cut: two paths
#: cut short could meet, and PostgreSQL would refuse the whole row.
MAX_PATH_CHARS = 500


@dataclass(frozen=True)
class LimitNames:
    """What each limit is called in error messages: the setting a person changes.

    The defaults are the field names; ``stridelight.settings`` puts its
    environment variables in their place, so a message names the variable to
    raise while the importers never read the environment themselves.
    """

    max_file_bytes: str = "max_file_bytes"
    max_archive_bytes: str = "max_archive_bytes"
    max_members: str = "max_members"
    max_ratio: str = "max_ratio"


@dataclass(frozen=True)
class Limits:
    max_file_bytes: int = 512 * MIB  # one file after decompression
    max_archive_bytes: int = 8 * 1024 * MIB  # all members of one archive, decompressed
    max_members: int = 200_000  # entries in one archive
    max_ratio: float = 200.0  # decompressed/compressed; bombs go far beyond
    max_nesting: int = 2  # zip inside zip (Garmin exports nest once)
    names: LimitNames = LimitNames()


DEFAULT_LIMITS = Limits()
