"""The upload limits read from the environment, each error naming its variable."""

from __future__ import annotations

import pytest

from stridelight import settings as env

MIB = 1024 * 1024


def test_the_defaults_take_a_whole_export() -> None:
    assert env.upload_max_bytes({}) == 2048 * MIB
    assert env.upload_max_files({}) == 500


def test_set_values_are_read() -> None:
    assert env.upload_max_bytes({"STRIDELIGHT_UPLOAD_MAX_MB": "0.5"}) == MIB // 2
    assert env.upload_max_files({"STRIDELIGHT_UPLOAD_MAX_FILES": "20"}) == 20


@pytest.mark.parametrize(
    ("name", "raw"),
    [
        ("STRIDELIGHT_UPLOAD_MAX_MB", "lots"),
        ("STRIDELIGHT_UPLOAD_MAX_MB", "0"),
        ("STRIDELIGHT_UPLOAD_MAX_FILES", "-3"),
        ("STRIDELIGHT_UPLOAD_MAX_FILES", "2.5"),
    ],
)
def test_a_bad_value_names_its_variable(name: str, raw: str) -> None:
    read = env.upload_max_bytes if name.endswith("_MB") else env.upload_max_files
    with pytest.raises(env.SettingError, match=name):
        read({name: raw})
