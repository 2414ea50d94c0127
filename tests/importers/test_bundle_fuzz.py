"""Whatever runner.json or zip it is given, read_bundle returns a Bundle or a ReadError."""

from __future__ import annotations

import io
import json
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stridelight.importers.bundle import Bundle, read_bundle
from stridelight.importers.errors import ReadError
from stridelight.importers.limits import Limits
from tests.importers.bundle_docs import FIT, minimal_document

JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats()
    | st.text(max_size=20)
    | st.sampled_from(["heel", "left", "2024-02-30", "2024-03-01T07:00:00", "a"]),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=20,
)
SMALL = Limits(max_file_bytes=64 * 1024, max_members=50, max_archive_bytes=512 * 1024)
FUZZ = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


def paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place in a JSON tree (keys and list indexes)."""
    found = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            found += paths(value, (*prefix, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            found += paths(value, (*prefix, i))
    return found


@st.composite
def mutated_documents(draw: Callable[..., Any]) -> Any:
    document = minimal_document()
    for _ in range(draw(st.integers(1, 3))):
        where = draw(st.sampled_from(paths(document)))
        if not where:
            return draw(JSON)
        parent = document
        for step in where[:-1]:
            parent = parent[step]
        if isinstance(parent, dict) and draw(st.booleans()):
            del parent[where[-1]]
        else:
            parent[where[-1]] = draw(JSON)
    return document


def outcome(path: Path) -> Bundle | ReadError:
    """read_bundle's result, after reading every activity file; any other error fails."""
    try:
        bundle = read_bundle(path, limits=SMALL)
        for name, data in bundle.iter_activity_files():
            assert name in bundle.activity_files and isinstance(data, bytes)
        assert len(bundle.notes) == len(bundle.activity_files)
        return bundle
    except ReadError as error:
        assert str(error)  # a line for a person
        return error


def folder_with(text: bytes) -> Callable[[Path], Path]:
    def make(where: Path) -> Path:
        (where / "activities").mkdir()
        (where / "activities" / "one.fit").write_bytes(FIT)
        (where / "runner.json").write_bytes(text)
        return where

    return make


def in_tmp(make: Callable[[Path], Path]) -> Bundle | ReadError:
    with tempfile.TemporaryDirectory() as tmp:
        return outcome(make(Path(tmp)))


@FUZZ
@given(JSON)
def test_any_json_document_gives_a_bundle_or_a_read_error(document: Any) -> None:
    result = in_tmp(folder_with(json.dumps(document).encode()))
    assert isinstance(result, ReadError)  # never format + version by chance


@FUZZ
@given(mutated_documents())
def test_a_mutated_document_gives_a_bundle_or_a_read_error(document: Any) -> None:
    in_tmp(folder_with(json.dumps(document).encode()))


@FUZZ
@given(st.binary(max_size=300))
def test_any_bytes_as_runner_json_give_a_read_error(text: bytes) -> None:
    assert isinstance(in_tmp(folder_with(text)), ReadError)


def good_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("runner.json", json.dumps(minimal_document()))
        archive.writestr("activities/one.fit", FIT * 20)
        archive.writestr("activities/two.gpx", b"<gpx>" * 50)
    return buffer.getvalue()


GOOD_ZIP = good_zip()


@st.composite
def mutated_zips(draw: Callable[..., Any]) -> bytes:
    data = bytearray(GOOD_ZIP)
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(data) - 1))
        action = draw(st.sampled_from(["flip", "cut", "insert"]))
        if action == "flip":
            data[at] ^= draw(st.integers(1, 255))
        elif action == "cut":
            del data[at : at + draw(st.integers(1, 64))]
        else:
            data[at:at] = draw(st.binary(min_size=1, max_size=8))
        if not data:
            break
    return bytes(data)


def zip_with(data: bytes) -> Callable[[Path], Path]:
    def make(where: Path) -> Path:
        (where / "b.zip").write_bytes(data)
        return where / "b.zip"

    return make


def test_the_unmutated_zip_is_a_bundle() -> None:
    assert isinstance(in_tmp(zip_with(GOOD_ZIP)), Bundle)


@FUZZ
@given(mutated_zips())
def test_a_damaged_zip_gives_a_bundle_or_a_read_error(data: bytes) -> None:
    in_tmp(zip_with(data))


@FUZZ
@given(st.binary(max_size=400))
def test_random_bytes_as_a_zip_give_a_read_error(data: bytes) -> None:
    assert isinstance(in_tmp(zip_with(b"PK\x03\x04" + data)), ReadError)
