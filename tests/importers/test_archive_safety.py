"""Hostile archives: bombs, floods, deep nesting, path escapes, encryption, noise.

Every archive is built here from real files with zipfile; no binary fixtures.
"""

from __future__ import annotations

import gzip
import io
import os
import struct
import tracemalloc
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stridelight.importers import (
    ImportItem,
    LimitExceededError,
    Limits,
    ReadError,
    UnsupportedFormatError,
    iter_activities,
    read,
)
from stridelight.importers.limits import MAX_PATH_CHARS
from tests.conftest import REAL

FIT = (REAL / "fit" / "fitparse__activity-small-fenix2-run.fit").read_bytes()
SMALL_FIT = (REAL / "fit" / "fitparse__garmin-fenix-5-walk.fit").read_bytes()
GPX = (REAL / "gpx" / "togeojson__Friday-Evening-Run.gpx").read_bytes()
CENTRAL = b"PK\x01\x02"


def build_zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(zipfile.ZipInfo(name), data, zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def central_records(data: bytes) -> Iterator[tuple[int, str]]:
    at = data.find(CENTRAL)
    while at >= 0:
        (name_len,) = struct.unpack_from("<H", data, at + 28)
        yield at, data[at + 46 : at + 46 + name_len].decode()
        at = data.find(CENTRAL, at + 46 + name_len)


def patch_central(data: bytes, name: str, offset: int, fmt: str, value: int) -> bytes:
    """Rewrite one field of ``name``'s central-directory record (what zipfile trusts)."""
    out = bytearray(data)
    for at, found in central_records(data):
        if found == name:
            struct.pack_into(fmt, out, at + offset, value)
            return bytes(out)
    raise AssertionError(f"{name} not in the zip")


def by_entry(items: list[ImportItem]) -> dict[str, ImportItem]:
    return {item.entry: item for item in items}


def traced_peak(run: Callable[[], object]) -> int:
    """Peak Python memory while ``run`` runs: proof that a bomb stayed unexploded."""
    for warm_up in (FIT, GPX):  # the readers' first use imports their tables
        read(warm_up)
    tracemalloc.start()
    try:
        run()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


# --- bombs ------------------------------------------------------------------------


def test_a_zip_bomb_member_is_refused_unread_and_the_rest_still_read() -> None:
    data = build_zip({"a.fit": FIT, "bomb.fit": b"\0" * 50_000_000, "c.gpx": GPX})
    items: list[ImportItem] = []
    peak = traced_peak(lambda: items.extend(iter_activities(data)))
    found = by_entry(items)
    assert found["a.fit"].ok and found["c.gpx"].ok
    error = found["bomb.fit"].error
    assert isinstance(error, LimitExceededError)
    assert "max_ratio" in str(error) and "bomb.fit" in str(error)
    assert peak < 20_000_000


def test_a_member_lying_about_its_size_is_never_inflated_past_the_lie() -> None:
    data = build_zip({"a.fit": FIT, "liar.fit": b"\0" * 50_000_000})
    data = patch_central(data, "liar.fit", 24, "<I", 5_000)  # uncompressed size field
    items: list[ImportItem] = []
    peak = traced_peak(lambda: items.extend(iter_activities(data)))
    found = by_entry(items)
    assert found["a.fit"].ok
    assert isinstance(found["liar.fit"].error, ReadError)
    assert peak < 20_000_000


def test_a_gzip_bomb_inside_a_zip_is_refused_per_member() -> None:
    bomb = gzip.compress(b"\0" * 50_000_000)
    data = build_zip({"a.fit": FIT, "b.fit.gz": bomb})
    found = by_entry(list(iter_activities(data)))
    assert found["a.fit"].ok
    error = found["b.fit.gz"].error
    assert isinstance(error, LimitExceededError) and "max_ratio" in str(error)


def test_a_member_over_max_file_bytes_is_refused_and_small_ones_read() -> None:
    data = build_zip({"big.fit": FIT, "small.fit": SMALL_FIT})
    limits = Limits(max_file_bytes=len(SMALL_FIT) + 100)
    found = by_entry(list(iter_activities(data, limits=limits)))
    assert found["small.fit"].ok
    error = found["big.fit"].error
    assert isinstance(error, LimitExceededError) and "max_file_bytes" in str(error)


def test_the_archive_total_stops_members_once_spent() -> None:
    data = build_zip({"1.fit": SMALL_FIT, "2.fit": SMALL_FIT, "3.fit": FIT})
    limits = Limits(max_archive_bytes=len(SMALL_FIT) * 2 + 1000)
    found = by_entry(list(iter_activities(data, limits=limits)))
    assert found["1.fit"].ok and found["2.fit"].ok
    error = found["3.fit"].error
    assert isinstance(error, LimitExceededError)
    assert "max_archive_bytes" in str(error)


def test_a_gzipped_members_inflated_size_counts_towards_the_archive_total() -> None:
    """The walk charges a .gz member as stored; decoding it charges what it
    inflates to, so the member after it no longer fits."""
    packed = gzip.compress(FIT)
    data = build_zip({"1.fit.gz": packed, "2.fit": SMALL_FIT})
    room = len(packed) + len(FIT) + len(SMALL_FIT) - 1
    found = by_entry(list(iter_activities(data, limits=Limits(max_archive_bytes=room))))
    assert found["1.fit.gz"].ok
    error = found["2.fit"].error
    assert isinstance(error, LimitExceededError)
    assert "max_archive_bytes" in str(error)
    roomy = Limits(max_archive_bytes=room + 1)
    assert by_entry(list(iter_activities(data, limits=roomy)))["2.fit"].ok


# --- floods and nesting -------------------------------------------------------------


def test_an_archive_with_too_many_members_is_refused_as_a_whole() -> None:
    data = build_zip({f"{i}.fit": SMALL_FIT for i in range(30)})
    with pytest.raises(LimitExceededError, match="max_members") as caught:
        list(iter_activities(data, limits=Limits(max_members=10)))
    assert "30" in str(caught.value)


def test_a_flooded_inner_zip_is_one_error_and_its_siblings_read() -> None:
    flood = build_zip({f"{i}.fit": SMALL_FIT for i in range(30)})
    data = build_zip({"a.fit": FIT, "inner.zip": flood})
    found = by_entry(list(iter_activities(data, limits=Limits(max_members=10))))
    assert found["a.fit"].ok
    assert isinstance(found["inner.zip"].error, LimitExceededError)


def test_zips_nested_deeper_than_max_nesting_are_not_opened() -> None:
    level3 = build_zip({"deep.fit": SMALL_FIT})
    level2 = build_zip({"l3.zip": level3, "two.fit": SMALL_FIT})
    level1 = build_zip({"l2.zip": level2})
    data = build_zip({"l1.zip": level1, "top.fit": FIT})
    found = by_entry(list(iter_activities(data, limits=Limits(max_nesting=2))))
    assert found["top.fit"].ok
    assert found["l1.zip/l2.zip/two.fit"].ok
    error = found["l1.zip/l2.zip/l3.zip"].error
    assert isinstance(error, LimitExceededError) and "2 levels deep" in str(error)
    deeper = by_entry(list(iter_activities(data, limits=Limits(max_nesting=3))))
    assert deeper["l1.zip/l2.zip/l3.zip/deep.fit"].ok


# --- names and encryption -----------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["../evil.fit", "a/../../evil.fit", "/etc/evil.fit", "C:\\evil.fit"]
)
def test_a_member_escaping_the_archive_is_rejected_and_nothing_is_written(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    data = build_zip({name: FIT, "fine.fit": SMALL_FIT})
    found = by_entry(list(iter_activities(data)))
    assert found["fine.fit"].ok
    error = found[name].error
    assert error is not None and "unsafe" in str(error)
    assert os.listdir(tmp_path) == []
    assert not (tmp_path.parent / "evil.fit").exists()


def test_a_strava_row_pointing_outside_the_export_is_rejected() -> None:
    csv_text = (
        "Activity ID,Activity Date,Filename\n1,,../../evil.fit\n2,,activities/a.fit\n"
    )
    data = build_zip(
        {
            "activities.csv": csv_text.encode(),
            "activities/a.fit": SMALL_FIT,
            "../../evil.fit": FIT,
        }
    )
    found = by_entry(list(iter_activities(data)))
    assert "unsafe" in str(found["../../evil.fit"].error)
    assert found["activities/a.fit"].ok
    assert found["activities/a.fit"].metadata["activity_id"] == "2"


#: Paths the store cannot keep as an activity's id (its column holds 500).
LONG_DIR = "d" * 250 + "/" + "e" * 250
TOO_LONG = "path longer than 500 characters"


def test_a_member_whose_path_is_longer_than_the_store_keeps_is_refused_by_name() -> (
    None
):
    at_limit = "f" * (MAX_PATH_CHARS - len(".fit")) + ".fit"
    inner = build_zip({f"{LONG_DIR}/inner.fit": FIT})
    data = build_zip({f"{LONG_DIR}/run.fit": FIT, at_limit: SMALL_FIT, "in.zip": inner})
    found = by_entry(list(iter_activities(data)))
    assert found[at_limit].ok
    for entry in (f"{LONG_DIR}/run.fit", f"in.zip/{LONG_DIR}/inner.fit"):
        error = found[entry].error
        assert error is not None and error.source == entry
        assert error.reason.startswith(TOO_LONG), error


def test_a_file_in_a_folder_whose_path_is_longer_than_the_store_keeps_is_refused(
    tmp_path: Path,
) -> None:
    (tmp_path / LONG_DIR).mkdir(parents=True)
    (tmp_path / LONG_DIR / "run.fit").write_bytes(FIT)
    (tmp_path / "fine.fit").write_bytes(SMALL_FIT)
    found = by_entry(list(iter_activities(tmp_path)))
    assert found["fine.fit"].ok
    assert str(found[f"{LONG_DIR}/run.fit"].error).endswith(
        f"{TOO_LONG} (509); rejected, not read"
    )


def test_an_encrypted_member_is_an_error_of_its_own() -> None:
    data = build_zip({"a.fit": FIT, "secret.fit": SMALL_FIT})
    data = patch_central(data, "secret.fit", 8, "<H", 0x1)  # general-purpose flags
    found = by_entry(list(iter_activities(data)))
    assert found["a.fit"].ok
    error = found["secret.fit"].error
    assert isinstance(error, UnsupportedFormatError) and "encrypted" in str(error)


# --- noise ----------------------------------------------------------------------------

SEED_ZIP = build_zip(
    {"a.fit": SMALL_FIT, "b.gpx.gz": gzip.compress(GPX), "sub/c.gpx": GPX}
)


def only_items_or_read_error(data: bytes) -> None:
    try:
        items = list(iter_activities(data))
    except ReadError:
        return
    for item in items:
        assert isinstance(item, ImportItem)
        assert (item.activity is None) != (item.error is None) or item.skipped
        if item.error is not None:
            assert "internal error" not in str(item.error), item.error


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2048))
def test_random_bytes_give_items_or_our_error(data: bytes) -> None:
    only_items_or_read_error(data)
    only_items_or_read_error(b"PK\x03\x04" + data)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(st.integers(0, len(SEED_ZIP) - 1), st.integers(0, 255)),
        min_size=1,
        max_size=8,
    ),
    st.integers(1, len(SEED_ZIP)),
)
def test_mutated_zips_give_items_or_our_error(
    flips: list[tuple[int, int]], keep: int
) -> None:
    data = bytearray(SEED_ZIP)
    for at, value in flips:
        data[at] = value
    only_items_or_read_error(bytes(data))
    only_items_or_read_error(bytes(data[:keep]))


def link_entry(name: str, target: str) -> zipfile.ZipInfo:
    """A member as ``zip --symlinks`` stores a link: Unix mode S_IFLNK."""
    info = zipfile.ZipInfo(name)
    info.create_system = 3
    info.external_attr = (0o120777) << 16
    return info


def test_a_link_member_is_refused_by_name_and_the_rest_still_read() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(link_entry("passwd.gpx", "/etc/passwd"), "/etc/passwd")
        archive.writestr("fine.fit", SMALL_FIT)
    found = by_entry(list(iter_activities(buffer.getvalue())))
    assert found["fine.fit"].ok
    error = found["passwd.gpx"].error
    assert error is not None and "a link" in str(error)


def test_a_member_from_windows_with_the_same_bits_is_not_taken_for_a_link() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        info = link_entry("run.fit", "")
        info.create_system = 0  # DOS/Windows: the high bits mean nothing
        archive.writestr(info, SMALL_FIT)
    (item,) = iter_activities(buffer.getvalue())
    assert item.ok
