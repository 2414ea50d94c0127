"""Every environment variable the code reads is in .env.example and docs/settings.md."""

from __future__ import annotations

import re

from tests.conftest import ROOT

#: A variable's name as the first argument of a settings helper, a constant
#: ending in _ENV that names one (demo.BUNDLE_ENV), or a limit's variable
#: (settings.LIMIT_VARIABLES: max_file_bytes="STRIDELIGHT_MAX_FILE_MB").
READ = re.compile(
    r"""(?:env_\w+\(|positive\(|_ENV = |max_\w+=)\s*"([A-Z][A-Z0-9_]+)\""""
)


def variables_read() -> set[str]:
    source = ROOT / "src" / "stridelight"
    return {
        name
        for path in source.rglob("*.py")
        for name in READ.findall(path.read_text(encoding="utf-8"))
    }


def test_the_code_reads_the_store_variables() -> None:
    assert {"DATABASE_URL", "SECRET_KEY", "STRIDELIGHT_DATA_DIR", "DEBUG"} <= (
        variables_read()
    )


def test_env_example_lists_every_variable_with_its_default() -> None:
    listed = re.findall(
        r"^([A-Z][A-Z0-9_]+)=", (ROOT / ".env.example").read_text(), re.M
    )
    assert sorted(listed) == sorted(variables_read())


def test_the_settings_page_names_every_variable() -> None:
    page = (ROOT / "docs" / "settings.md").read_text(encoding="utf-8")
    assert [v for v in sorted(variables_read()) if f"`{v}`" not in page] == []
