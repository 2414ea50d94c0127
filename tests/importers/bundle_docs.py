"""Small runner documents and folders the bundle tests build on."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

import pytest

from stridelight.importers.bundle import read_bundle
from stridelight.importers.errors import ReadError

FIT = (
    b"\x0e\x10\x00\x00\x00\x00\x00\x00.FIT"  # a header is enough: nothing decodes here
)


def minimal_document() -> dict[str, Any]:
    return {
        "format": "stridelight-bundle",
        "version": 1,
        "runner": {"sex": "female", "birth_year": 1992, "time_zone": "Europe/Oslo"},
        "shoes": [{"id": "a", "name": "Pair A"}, {"id": "b", "name": "Pair B"}],
        "activities": [{"file": "activities/one.fit", "shoe": "a", "rpe": 4}],
        "aches": [
            {
                "at": f"2024-03-0{i + 1}T07:30:00+01:00",
                "region": "heel",
                "side": "left",
                "intensity": 3,
                "timing": "next_morning",
            }
            for i in range(4)
        ],
        "habits": [{"date": "2024-03-01", "kind": "hydration", "liters": 1.5}],
        "screenings": [
            {
                "date": "2024-03-01",
                "test": "knee_to_wall_cm",
                "side": "left",
                "value": 8,
            }
        ],
        "sessions": [
            {
                "date": "2024-03-02",
                "kind": "discovery",
                "findings": [{"region": "calf", "side": "left", "restriction": 2}],
            }
        ],
        "checkins": [{"date": "2024-03-01", "red_flags": []}],
    }


def make_folder(
    where: Path, document: object, files: dict[str, bytes] | None = None
) -> Path:
    where.mkdir(parents=True, exist_ok=True)
    (where / "runner.json").write_text(json.dumps(document), encoding="utf-8")
    for name, data in ({"activities/one.fit": FIT} if files is None else files).items():
        (where / name).parent.mkdir(parents=True, exist_ok=True)
        (where / name).write_bytes(data)
    return where


def make_zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def error_for(tmp_path: Path, document: object) -> str:
    """The error's text from runner.json on: the bundle's path before it is cut."""
    folder = make_folder(tmp_path / "b", document)
    with pytest.raises(ReadError) as caught:
        read_bundle(folder)
    text = str(caught.value)
    assert text.startswith(f"{folder}/runner.json: "), text
    return text.removeprefix(f"{folder}/")
