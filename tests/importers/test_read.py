"""``read(source)``: sources, compression layers, sniffing and limits (DESIGN §4)."""

from __future__ import annotations

import gzip
import io
import tracemalloc
import zipfile
from pathlib import Path

import numpy as np
import pytest

from stridelight.core.activity import COLUMNS, Activity
from stridelight.importers import (
    FORMATS,
    CorruptFileError,
    LimitExceededError,
    Limits,
    ReadError,
    UnsupportedFormatError,
    read,
    sniff,
)
from stridelight.importers.registry import ACTIVITY_SUFFIXES, xml_root
from tests.conftest import REAL

SAMPLES = {
    "fit": REAL / "fit" / "fitparse__activity-small-fenix2-run.fit",
    "gpx": REAL / "gpx" / "togeojson__run.gpx",
    "tcx": REAL / "tcx" / "togeojson__sample.tcx",
}


def same_samples(a: Activity, b: Activity) -> bool:
    return all(
        np.array_equal(a.samples[c], b.samples[c], equal_nan=True) for c in COLUMNS
    )


def zipped(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


# --- sources and layers -----------------------------------------------------------


@pytest.mark.parametrize("fmt", sorted(SAMPLES))
def test_it_reads_each_format_plain_gzipped_and_zipped_alike(fmt: str) -> None:
    data = SAMPLES[fmt].read_bytes()
    plain = read(data)
    assert plain.format == fmt
    assert plain.records > 0
    for wrapped in (gzip.compress(data), zipped({f"x.{fmt}": data})):
        assert same_samples(read(wrapped), plain)


@pytest.mark.parametrize("fmt", sorted(SAMPLES))
def test_it_reads_a_path_bytes_and_a_stream_alike(fmt: str) -> None:
    path = SAMPLES[fmt]
    from_path = read(path)
    assert same_samples(read(str(path)), from_path)
    assert same_samples(read(path.read_bytes()), from_path)
    with path.open("rb") as stream:
        assert same_samples(read(stream), from_path)


def test_it_reads_the_real_gz_and_zip_files() -> None:
    assert read(REAL / "fit" / "goldencheetah__14582164182.fit.gz").format == "fit"
    assert read(REAL / "fit" / "goldencheetah__TacxNeo.fit.zip").format == "fit"
    assert read(REAL / "gpx" / "gpxgo__graphhopper.gpx.gz").format == "gpx"


def test_it_reads_a_gzip_of_concatenated_members() -> None:
    data = SAMPLES["gpx"].read_bytes()
    half = len(data) // 2
    joined = gzip.compress(data[:half]) + gzip.compress(data[half:])
    assert same_samples(read(joined), read(data))


def test_it_warns_about_a_truncated_gzip_and_keeps_what_was_there() -> None:
    data = gzip.compress(SAMPLES["fit"].read_bytes())
    try:
        activity = read(data[: len(data) * 3 // 4])
    except ReadError:
        return  # the reader may refuse a cut FIT outright; it must be our error
    assert any("gzip" in w for w in activity.warnings)


def test_it_turns_a_missing_path_into_our_error(tmp_path: Path) -> None:
    missing = tmp_path / "nope.fit"
    with pytest.raises(ReadError, match=r"nope\.fit"):
        read(missing)
    with pytest.raises(ReadError, match="folder"):
        read(tmp_path)


# --- sniffing ---------------------------------------------------------------------


def test_it_sniffs_the_content_not_the_extension(tmp_path: Path) -> None:
    for fmt, real in SAMPLES.items():
        wrong = "gpx" if fmt != "gpx" else "fit"
        misnamed = tmp_path / f"activity.{wrong}"
        misnamed.write_bytes(real.read_bytes())
        assert read(misnamed).format == fmt


def test_it_reads_xml_after_leading_whitespace_and_a_bom() -> None:
    data = SAMPLES["tcx"].read_bytes()
    assert read(b" " * 10 + data).format == "tcx"  # Strava's padded TCX
    assert read(b"\xef\xbb\xbf" + data).format == "tcx"


def test_it_finds_the_xml_root_past_prolog_comments_and_doctype() -> None:
    head = (
        b'\n  <?xml version="1.0"?>\n<!-- made by hand -->\n'
        b'<!DOCTYPE gpx [ <!ENTITY a "b"> ]>\n<gpx version="1.1">'
    )
    assert xml_root(head) == "gpx"
    assert xml_root(b"<ns:TrainingCenterDatabase xmlns:ns='x'>") == (
        "TrainingCenterDatabase"
    )
    assert xml_root("\ufeff<gpx/>".encode("utf-16")) == "gpx"
    assert xml_root(b"<html><body>") == "html"
    assert xml_root(b"\x0e\x10garbage") is None


def test_it_knows_each_format_by_its_content() -> None:
    for fmt, real in SAMPLES.items():
        found = sniff(real.read_bytes())
        assert found is not None and found.name == fmt
    assert sniff(b"<kml></kml>") is None
    assert {f.name for f in FORMATS} == {"fit", "gpx", "tcx"}
    assert ".fit.gz" in ACTIVITY_SUFFIXES


@pytest.mark.parametrize(
    "data",
    [b"\x00garbage\xff" * 50, b"<kml><Document/></kml>", b"PK\x05\x06" + bytes(18)],
)
def test_it_rejects_unknown_content_naming_the_source(
    data: bytes, tmp_path: Path
) -> None:
    path = tmp_path / "mystery.bin"
    path.write_bytes(data)
    with pytest.raises(UnsupportedFormatError) as caught:
        read(path)
    assert "mystery.bin" in str(caught.value)


def test_it_rejects_an_empty_file() -> None:
    with pytest.raises(UnsupportedFormatError, match="empty"):
        read(b"")


def test_it_rejects_a_zip_holding_several_activity_files() -> None:
    data = SAMPLES["gpx"].read_bytes()
    with pytest.raises(UnsupportedFormatError) as caught:
        read(zipped({"a.gpx": data, "b.gpx": data}))
    assert "2 activity files, not one" in str(caught.value)
    assert "()" not in str(caught.value)  # the user's words, not a Python call


def test_it_rejects_bad_gzip_as_corrupt() -> None:
    with pytest.raises(CorruptFileError, match="gzip"):
        read(b"\x1f\x8b\x08\x00" + b"\xff" * 40)


# --- limits -----------------------------------------------------------------------


def test_it_refuses_a_file_over_max_file_bytes_from_any_source(tmp_path: Path) -> None:
    data = SAMPLES["fit"].read_bytes()
    path = tmp_path / "big.fit"
    path.write_bytes(data)
    tiny = Limits(max_file_bytes=1000)
    for source in (data, path, io.BytesIO(data)):
        with pytest.raises(LimitExceededError, match="max_file_bytes"):
            read(source, limits=tiny)


def test_it_stops_a_gzip_bomb_without_inflating_it() -> None:
    bomb = gzip.compress(b"\0" * 50_000_000)
    tracemalloc.start()
    try:
        with pytest.raises(LimitExceededError, match="max_ratio") as caught:
            read(bomb)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "bomb" in str(caught.value)
    assert peak < 20_000_000, "the bomb was inflated far past the ratio limit"


def test_it_stops_a_gzip_that_inflates_past_max_file_bytes() -> None:
    data = gzip.compress(SAMPLES["gpx"].read_bytes())
    with pytest.raises(LimitExceededError, match="max_file_bytes"):
        read(data, limits=Limits(max_file_bytes=len(data) + 10))


def test_it_stops_a_zip_bomb_inside_a_one_file_zip() -> None:
    bomb = zipped({"ride.fit": b"\0" * 20_000_000})
    with pytest.raises(LimitExceededError, match="max_ratio"):
        read(bomb)


def test_it_limits_how_deep_compression_nests() -> None:
    data = SAMPLES["fit"].read_bytes()
    twice = gzip.compress(gzip.compress(data))
    assert read(twice).format == "fit"
    with pytest.raises(LimitExceededError, match="more than 2 levels deep"):
        read(gzip.compress(twice))
    with pytest.raises(LimitExceededError, match="more than 1 levels deep"):
        read(twice, limits=Limits(max_nesting=1))


def test_it_still_reads_normally_after_a_limit_was_hit() -> None:
    with pytest.raises(LimitExceededError):
        read(gzip.compress(b"\0" * 5_000_000), limits=Limits(max_file_bytes=10_000))
    assert read(SAMPLES["gpx"]).records > 0
