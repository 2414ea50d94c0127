"""Shared test fixtures: where the real activity files live."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("STRIDELIGHT_SHARED", ROOT.parent / "shared"))
REAL = SHARED / "data" / "real"


def real_files(folder: str, *suffixes: str) -> list[Path]:
    """Every file of ``../shared/data/real/<folder>``; fails loudly when it is missing."""
    where = REAL / folder
    if not where.is_dir():
        raise RuntimeError(
            f"{where} is missing: the tests need ../shared beside the repo"
        )
    files = sorted(p for p in where.iterdir() if p.name.lower().endswith(suffixes))
    if not files:
        raise RuntimeError(f"no {suffixes} files in {where}")
    return files


@pytest.fixture(scope="session")
def real_dir() -> Path:
    return REAL
