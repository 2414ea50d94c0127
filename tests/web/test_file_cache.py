"""The embedded setup's file cache: Django's, compressing at zlib's fastest level."""

from __future__ import annotations

import pickle
from pathlib import Path

from django.core.cache.backends.filebased import FileBasedCache

from stridelight.web.cache import FastFileCache

VALUE = {"series": tuple(float(i % 97) for i in range(20_000))}


def test_a_value_written_comes_back_equal_from_a_compressed_file(
    tmp_path: Path,
) -> None:
    cache = FastFileCache(str(tmp_path), {})
    cache.set("k", VALUE, 60)
    assert cache.get("k") == VALUE
    (written,) = tmp_path.glob("*.djcache")
    assert written.stat().st_size < len(pickle.dumps(VALUE)) / 2


def test_files_written_by_djangos_own_file_cache_are_still_read(
    tmp_path: Path,
) -> None:
    FileBasedCache(str(tmp_path), {}).set("k", VALUE, 60)
    assert FastFileCache(str(tmp_path), {}).get("k") == VALUE
