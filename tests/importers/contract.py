"""The contract every format's importer passes (a mixin, as Django's session tests).

A subclass sets ``reader`` (bytes -> Activity) and ``valid_files`` (real files of
that format) and inherits every test below.  Format quirks go in the subclass.
Tests that take ``valid_file`` run once per file, with the file's name as the test
id, so a failure names its file.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import ClassVar

import numpy as np
import pytest

from stridelight.core.activity import COLUMNS, Activity
from stridelight.importers.errors import ReadError

Reader = Callable[..., Activity]


class ImporterContract:
    reader: ClassVar[Reader]
    valid_files: ClassVar[list[Path]]

    def pytest_generate_tests(self, metafunc: pytest.Metafunc) -> None:
        if "valid_file" in metafunc.fixturenames:
            files = type(self).valid_files
            metafunc.parametrize("valid_file", files, ids=[p.name for p in files])

    def read_bytes(self, data: bytes, name: str = "test") -> Activity:
        return type(self).reader(data, source=name)

    def test_every_valid_file_gives_all_columns_of_equal_length(
        self, valid_file: Path
    ) -> None:
        path = valid_file
        activity = self.read_bytes(path.read_bytes(), path.name)
        lengths = {activity.samples[c].shape for c in COLUMNS}
        assert len(lengths) == 1, path.name
        assert all(activity.samples[c].dtype == np.float64 for c in COLUMNS)
        assert activity.records > 0, path.name

    def test_times_never_go_backwards(self, valid_file: Path) -> None:
        path = valid_file
        t = self.read_bytes(path.read_bytes(), path.name).samples["t"]
        t = t[~np.isnan(t)]
        assert (np.diff(t) >= 0).all(), path.name

    def test_start_is_aware_and_matches_the_first_sample(
        self, valid_file: Path
    ) -> None:
        path = valid_file
        activity = self.read_bytes(path.read_bytes(), path.name)
        t = activity.samples["t"]
        if activity.start is None:
            assert np.isnan(t).all(), path.name
            return
        assert activity.start.utcoffset() is not None
        first = t[~np.isnan(t)]
        if first.size:
            assert activity.start.timestamp() <= first[0] + 1, path.name

    def test_positions_are_degrees_and_distances_non_negative(
        self, valid_file: Path
    ) -> None:
        path = valid_file
        s = self.read_bytes(path.read_bytes(), path.name).samples
        lat, lon = s["lat"][~np.isnan(s["lat"])], s["lon"][~np.isnan(s["lon"])]
        assert ((lat >= -90) & (lat <= 90)).all(), path.name
        assert ((lon >= -180) & (lon <= 180)).all(), path.name
        dist = s["dist_m"][~np.isnan(s["dist_m"])]
        assert (dist >= 0).all(), path.name

    def test_empty_input_is_our_error(self) -> None:
        with pytest.raises(ReadError, match="empty"):
            self.read_bytes(b"", "empty.file")

    def test_garbage_is_our_error_naming_the_source(self) -> None:
        with pytest.raises(ReadError) as caught:
            self.read_bytes(b"\x00garbage\xff" * 50, "garbage.bin")
        assert "garbage.bin" in str(caught.value)

    def test_a_truncated_file_gives_records_before_the_break_or_our_error(self) -> None:
        path = self.valid_files[0]
        data = path.read_bytes()
        try:
            activity = self.read_bytes(data[: len(data) * 2 // 3], path.name)
        except ReadError:
            return
        whole = self.read_bytes(data, path.name)
        assert 0 < activity.records <= whole.records
        assert activity.warnings, "a truncated file must say so"
