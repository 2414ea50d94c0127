"""Bounds on what reading may cost.  The CLI fills them from settings (env vars)."""

from __future__ import annotations

import os
from dataclasses import dataclass

MIB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    max_file_bytes: int = 512 * MIB  # one file after decompression
    max_archive_bytes: int = 8 * 1024 * MIB  # all members of one archive, decompressed
    max_members: int = 200_000  # entries in one archive
    max_ratio: float = 200.0  # decompressed/compressed; bombs go far beyond
    max_nesting: int = 2  # zip inside zip (Garmin exports nest once)

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Limits:
        """Read ``STRIDELIGHT_MAX_FILE_MB`` and friends; unset means the default."""
        env = os.environ if environ is None else environ
        default = cls()

        def number(name: str, fallback: float, scale: float = 1) -> float:
            raw = env.get(name)
            if raw is None or raw == "":
                return fallback
            try:
                value = float(raw)
            except ValueError:
                raise ValueError(f"{name}={raw!r} is not a number") from None
            if value <= 0:
                raise ValueError(f"{name}={raw!r} must be positive")
            return value * scale

        return cls(
            max_file_bytes=int(
                number("STRIDELIGHT_MAX_FILE_MB", default.max_file_bytes, MIB)
            ),
            max_archive_bytes=int(
                number("STRIDELIGHT_MAX_ARCHIVE_MB", default.max_archive_bytes, MIB)
            ),
            max_members=int(number("STRIDELIGHT_MAX_MEMBERS", default.max_members)),
            max_ratio=number("STRIDELIGHT_MAX_RATIO", default.max_ratio),
        )


DEFAULT_LIMITS = Limits()
