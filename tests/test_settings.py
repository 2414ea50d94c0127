"""Settings from the environment: defaults, values, and errors that name the variable."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from stridelight.cli import app
from stridelight.importers import LimitExceededError, read
from stridelight.importers.limits import MIB, Limits
from stridelight.report import ClinicInfo
from stridelight.settings import (
    SettingError,
    clinic_info,
    env_float,
    env_str,
    import_limits,
)
from tests.conftest import ROOT

DEMO = ROOT / "samples" / "demo-runner"
runner = CliRunner()


def test_an_empty_environment_gives_the_default_limits_and_clinic() -> None:
    limits = import_limits({})
    assert replace(limits, names=Limits().names) == Limits()
    assert limits.names.max_file_bytes == "STRIDELIGHT_MAX_FILE_MB"
    assert clinic_info({}) == ClinicInfo(
        name="Stridelight Clinic", phone="(718) 369-0505", address=None
    )


def test_the_limits_are_read_in_their_units() -> None:
    limits = import_limits(
        {
            "STRIDELIGHT_MAX_FILE_MB": "1.5",
            "STRIDELIGHT_MAX_ARCHIVE_MB": "64",
            "STRIDELIGHT_MAX_MEMBERS": "10",
            "STRIDELIGHT_MAX_RATIO": "50",
        }
    )
    assert (limits.max_file_bytes, limits.max_archive_bytes) == (
        int(1.5 * MIB),
        64 * MIB,
    )
    assert (limits.max_members, limits.max_ratio) == (10, 50.0)
    assert limits.max_nesting == Limits().max_nesting  # not a setting


def test_a_blank_variable_means_the_default() -> None:
    blank = {"STRIDELIGHT_MAX_RATIO": " ", "STRIDELIGHT_CLINIC_NAME": ""}
    assert import_limits(blank).max_ratio == Limits().max_ratio
    assert clinic_info(blank).name == "Stridelight Clinic"


def test_the_clinic_comes_from_its_three_variables() -> None:
    clinic = clinic_info(
        {
            "STRIDELIGHT_CLINIC_NAME": " Eastside MFR ",
            "STRIDELIGHT_CLINIC_PHONE": "555-0100",
            "STRIDELIGHT_CLINIC_ADDRESS": "1 Main St, Brooklyn",
        }
    )
    assert clinic == ClinicInfo("Eastside MFR", "555-0100", "1 Main St, Brooklyn")


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        ("lots", "is not a number"),
        ("0", "must be positive"),
        ("-5", "must be positive"),
        ("nan", "is not a finite number"),
        ("inf", "is not a finite number"),
    ],
)
def test_a_bad_limit_is_an_error_naming_the_variable(raw: str, problem: str) -> None:
    with pytest.raises(SettingError) as caught:
        import_limits({"STRIDELIGHT_MAX_MEMBERS": raw})
    assert caught.value.name == "STRIDELIGHT_MAX_MEMBERS"
    assert str(caught.value) == f"STRIDELIGHT_MAX_MEMBERS={raw!r} {problem}"


def test_a_number_above_a_bound_other_than_zero_says_the_bound() -> None:
    with pytest.raises(SettingError, match=r"^X='1' must be more than 2$"):
        env_float("X", 5.0, more_than=2, environ={"X": "1"})


def test_a_clinic_setting_must_be_one_line() -> None:
    with pytest.raises(SettingError, match=r"^STRIDELIGHT_CLINIC_PHONE=.*line break"):
        clinic_info({"STRIDELIGHT_CLINIC_PHONE": "555\n<b>0100</b>"})


def test_a_text_setting_falls_back_only_when_unset_or_blank() -> None:
    assert env_str("X", "fallback", environ={}) == "fallback"
    assert env_str("X", "fallback", environ={"X": "given"}) == "given"


@pytest.mark.parametrize(
    "args",
    [
        ["decode", str(ROOT / "README.md")],
        ["analyze", str(DEMO), "--json"],
        ["demo", "--out", "unused"],
    ],
)
def test_a_bad_variable_stops_a_command_with_one_line_naming_it(
    args: list[str],
) -> None:
    result = runner.invoke(app, args, env={"STRIDELIGHT_MAX_FILE_MB": "big"})
    assert result.exit_code == 2
    assert result.stderr == "error: STRIDELIGHT_MAX_FILE_MB='big' is not a number\n"
    assert result.stdout == ""


def test_analyze_puts_the_clinic_from_the_settings_on_the_report(
    tmp_path: Path,
) -> None:
    out = tmp_path / "report.html"
    env = {"STRIDELIGHT_CLINIC_NAME": "Eastside MFR", "STRIDELIGHT_CLINIC_PHONE": ""}
    result = runner.invoke(
        app,
        ["analyze", str(DEMO), "--on", "2026-11-18", "--report", str(out)],
        env=env,
    )
    assert result.exit_code == 0, result.output
    header = out.read_text(encoding="utf-8").split("</header>")[0]
    assert "Eastside MFR" in header and "(718) 369-0505" in header


def test_a_bad_clinic_variable_stops_analyze_before_any_work(tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    result = runner.invoke(
        app,
        ["analyze", str(DEMO), "--report", str(out)],
        env={"STRIDELIGHT_CLINIC_NAME": "Two\nlines"},
    )
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("error: STRIDELIGHT_CLINIC_NAME=")
    assert not out.exists()


def test_a_limit_error_names_the_variable_that_raises_it() -> None:
    limits = import_limits({"STRIDELIGHT_MAX_FILE_MB": "0.001"})
    with pytest.raises(LimitExceededError) as caught:
        read(b"\x0e\x10" + b"\0" * 6 + b".FIT" + b"\0" * 2000, limits=limits)
    assert "limit STRIDELIGHT_MAX_FILE_MB" in str(caught.value)


def test_quiet_hours_default_to_nine_at_night_until_eight_and_can_be_off() -> None:
    from datetime import time

    from stridelight.settings import quiet_hours

    assert quiet_hours({}) == (time(21), time(8))
    assert quiet_hours({"STRIDELIGHT_QUIET_HOURS": "22:30-07:00"}) == (
        time(22, 30),
        time(7),
    )
    assert quiet_hours({"STRIDELIGHT_QUIET_HOURS": "off"}) is None
    for bad in ("late", "21:00-21:00"):
        with pytest.raises(SettingError, match="STRIDELIGHT_QUIET_HOURS"):
            quiet_hours({"STRIDELIGHT_QUIET_HOURS": bad})


def test_a_whole_number_setting_names_its_variable_when_bad() -> None:
    from stridelight.settings import env_int

    assert env_int("N", 7, environ={}) == 7
    assert env_int("N", 7, environ={"N": "12"}) == 12
    for bad in ("1.5", "-1"):
        with pytest.raises(SettingError, match="N="):
            env_int("N", 7, environ={"N": bad})
