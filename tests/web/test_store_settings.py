"""The store's settings from the environment: database, data folder, secret key."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from stridelight.settings import (
    SQLITE_FILE,
    SettingError,
    database,
    env_bool,
    env_list,
    secret_key,
    stored_secret_key,
)


def test_without_a_database_url_the_store_is_an_sqlite_file_in_the_data_folder(
    tmp_path: Path,
) -> None:
    db = database({"STRIDELIGHT_DATA_DIR": str(tmp_path)})
    assert db["ENGINE"] == "django.db.backends.sqlite3"
    assert db["NAME"] == str(tmp_path / SQLITE_FILE)


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout_foreign_keys_and_immediate_writes() -> (
    None
):
    options = database({})["OPTIONS"]
    pragmas = options["init_command"].lower()
    assert "journal_mode=wal" in pragmas
    assert "busy_timeout=" in pragmas
    assert "foreign_keys=on" in pragmas
    assert options["transaction_mode"] == "IMMEDIATE"


def test_a_sqlite_url_names_the_file(tmp_path: Path) -> None:
    relative = database({"DATABASE_URL": "sqlite:///data/store.sqlite3"})
    absolute = database({"DATABASE_URL": f"sqlite:///{tmp_path}/s.sqlite3"})
    assert relative["NAME"] == str(Path("data/store.sqlite3").absolute())
    assert absolute["NAME"] == str(tmp_path / "s.sqlite3")


def test_a_postgres_url_gives_each_part_to_psycopg() -> None:
    db = database(
        {
            "DATABASE_URL": "postgres://ann:s%40cret@db.example:6543/store?sslmode=require"
        }
    )
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["NAME"], db["USER"], db["PASSWORD"]) == ("store", "ann", "s@cret")
    assert (db["HOST"], db["PORT"]) == ("db.example", "6543")
    assert db["OPTIONS"] == {"sslmode": "require"}


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("mysql://localhost/db", "is not a sqlite:/// or postgres://"),
        ("postgres://localhost", "names no database"),
        ("postgres://localhost:port/db", "port that is not a number"),
        ("sqlite://", "names no database file"),
    ],
)
def test_a_bad_database_url_is_an_error_naming_the_variable(
    url: str, problem: str
) -> None:
    with pytest.raises(SettingError, match="DATABASE_URL") as caught:
        database({"DATABASE_URL": url})
    assert problem in str(caught.value)


def test_the_embedded_secret_key_is_created_once_readable_by_its_owner_only(
    tmp_path: Path,
) -> None:
    environ = {"STRIDELIGHT_DATA_DIR": str(tmp_path / "var")}
    first = secret_key(production=False, environ=environ)
    again = secret_key(production=False, environ=environ)
    (key_file,) = (tmp_path / "var").iterdir()
    assert first == again
    assert len(first) >= 50
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600


def test_a_set_secret_key_wins_and_production_requires_one(tmp_path: Path) -> None:
    environ = {"STRIDELIGHT_DATA_DIR": str(tmp_path), "SECRET_KEY": "x" * 60}
    assert secret_key(production=True, environ=environ) == "x" * 60
    with pytest.raises(SettingError, match="SECRET_KEY"):
        secret_key(production=True, environ={"STRIDELIGHT_DATA_DIR": str(tmp_path)})
    assert not list(tmp_path.iterdir())  # production never writes a key file


def test_a_key_file_too_short_to_be_a_key_is_refused(tmp_path: Path) -> None:
    (tmp_path / "secret_key").write_text("short")
    with pytest.raises(SettingError, match="50"):
        stored_secret_key(tmp_path / "secret_key")


@pytest.mark.parametrize(
    ("raw", "expected"), [("1", True), ("Yes", True), ("off", False)]
)
def test_yes_and_no_are_read_in_their_usual_spellings(raw: str, expected: bool) -> None:
    assert env_bool("DEBUG", not expected, environ={"DEBUG": raw}) is expected


def test_a_word_that_is_not_yes_or_no_is_an_error() -> None:
    with pytest.raises(SettingError, match="DEBUG='maybe'"):
        env_bool("DEBUG", False, environ={"DEBUG": "maybe"})


def test_a_list_drops_blanks_and_spaces() -> None:
    hosts = env_list("ALLOWED_HOSTS", (), environ={"ALLOWED_HOSTS": " a.org, ,b.org"})
    assert hosts == ("a.org", "b.org")
    assert env_list("ALLOWED_HOSTS", ("localhost",), environ={}) == ("localhost",)
