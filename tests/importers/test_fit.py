"""The FIT importer: the shared contract, then what it makes of whole files.

FIT's own quirks (hand-built files, compressed timestamps, chains, developer
fields, truncation, the CRC) are in ``test_fit_quirks.py``.  Exactness against
Garmin's SDK on every real file is in ``test_fit_exact.py``; random and mutated
input in ``test_fit_fuzz.py``.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import ClassVar

import numpy as np
import pytest

from stridelight.importers.errors import NotAnActivityError, ReadError
from stridelight.importers.fit import read_fit
from tests.conftest import real_files
from tests.importers.contract import ImporterContract
from tests.importers.fit_files import FIT_EPOCH, column, real, sdk_messages

_RUNS_AND_RIDES = [
    "fitparse__activity-small-fenix2-run.fit",  # first: the contract truncates it
    "fitparse__2013-02-06-12-11-14.fit",
    "fitparse__garmin-edge-500-activity.fit",
    "fitparse__sample-activity.fit",
    "fitparse__Edge810-Vector-2013-08-16-15-35-10.fit",
    "fitparse__developer-types-sample.fit",
    "goldencheetah__10kUNLP2014-Garmin15.fit",
    "goldencheetah__Fr955v19.28andStryd.fit",
    "goldencheetah__Move_2020_01_15_19_27_16_Running.fit",
    "sports-lib__OutdoorRun20200314145229.fit",
    "sports-lib__suunto-uphill.fit",
    "sport-activities-features__fit_format_test_File.FIT",
    "tormoder-fit__garmin.fit",
    "muktihari-fit__activity_lowbattery.fit",
]


class TestFitContract(ImporterContract):
    reader = read_fit
    valid_files: ClassVar[list[Path]] = sorted(
        (p for p in real_files("fit", ".fit") if p.name in _RUNS_AND_RIDES),
        key=lambda p: _RUNS_AND_RIDES.index(p.name),
    )

    def test_it_covers_a_dozen_runs_and_rides(self) -> None:
        assert len(self.valid_files) == len(_RUNS_AND_RIDES)


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("fitparse__Settings.fit", "settings"),
        ("fitparse__MonitoringFile.fit", "monitoring_b"),
        ("fitparse__WorkoutIndividualSteps.fit", "workout"),
    ],
)
def test_it_says_a_file_without_records_is_not_an_activity(
    name: str, kind: str
) -> None:
    with pytest.raises(
        NotAnActivityError, match=f"no record messages \\(a {kind} file\\)"
    ):
        read_fit(real(name), source=name)


def test_it_says_empty_input_is_empty() -> None:
    with pytest.raises(ReadError, match="empty"):
        read_fit(b"", source="x.fit")


def test_it_doubles_running_cadence_into_steps() -> None:
    name = "fitparse__activity-small-fenix2-run.fit"
    records = sdk_messages(real(name))["record_mesgs"]
    expected = [
        2 * (r["cadence"] + r.get("fractional_cadence", 0))
        if "cadence" in r
        else np.nan
        for r in records
    ]
    cadence = read_fit(real(name)).samples["cadence_spm"]
    np.testing.assert_allclose(cadence, expected, rtol=1e-12)
    assert 150 < np.nanmedian(cadence) < 200


def test_it_keeps_cycling_cadence_in_rpm() -> None:
    name = "fitparse__sample-activity.fit"
    records = sdk_messages(real(name))["record_mesgs"]
    cadence = read_fit(real(name)).samples["cadence_spm"]
    np.testing.assert_array_equal(cadence, column(records, "cadence"))


def test_it_counts_steps_only_in_the_run_of_a_triathlon() -> None:
    activity = read_fit(real("muktihari-fit__triathlon_summary_last.fit"))
    sdk = sdk_messages(real("muktihari-fit__triathlon_summary_last.fit"))
    run = next(s for s in sdk["session_mesgs"] if s["sport"] == "running")
    bike = next(s for s in sdk["session_mesgs"] if s["sport"] == "cycling")
    t = activity.samples["t"] - FIT_EPOCH
    raw = column(sdk["record_mesgs"], "cadence")
    in_run = (t >= run["start_time"]) & (
        t < run["start_time"] + run["total_elapsed_time"]
    )
    in_bike = (t >= bike["start_time"]) & (
        t < bike["start_time"] + bike["total_elapsed_time"]
    )
    cadence = activity.samples["cadence_spm"]
    assert np.nanmedian(cadence[in_run]) > 140
    np.testing.assert_array_equal(cadence[in_bike], raw[in_bike])


def test_it_summarises_the_fenix2_run_as_its_session_says() -> None:
    name = "fitparse__activity-small-fenix2-run.fit"
    sdk = sdk_messages(real(name))
    (session,) = sdk["session_mesgs"]
    activity = read_fit(real(name))
    assert activity.sport == session["sport"] == "running"
    assert activity.start == datetime(2015, 8, 15, 14, 45, 8, tzinfo=UTC)
    assert activity.start.timestamp() == session["start_time"] + FIT_EPOCH
    assert activity.duration_s == session["total_elapsed_time"] == 2832.0
    assert activity.moving_time_s == session["total_timer_time"]
    assert activity.distance_m == session["total_distance"] == 9008.22
    assert activity.device == "garmin fenix2"
    assert len(activity.laps) == len(sdk["lap_mesgs"])
    assert activity.laps[0].distance_m == sdk["lap_mesgs"][0]["total_distance"]
    assert activity.warnings == ()
