from datetime import UTC, datetime

import numpy as np
import pytest

from stridelight.core.activity import COLUMNS, Activity, empty_samples


def make(sport: str = "running", **columns: list[float]) -> Activity:
    n = len(next(iter(columns.values()))) if columns else 0
    samples = empty_samples(n)
    for name, values in columns.items():
        samples[name] = np.array(values, dtype=float)
    return Activity(
        format="fit",
        sport=sport,
        start=datetime(2024, 5, 1, 7, tzinfo=UTC),
        duration_s=None,
        moving_time_s=None,
        distance_m=None,
        samples=samples,
    )


def test_it_freezes_sample_arrays() -> None:
    activity = make(t=[0.0, 1.0])
    with pytest.raises(ValueError):
        activity.samples["t"][0] = 5.0


def test_it_rejects_naive_start() -> None:
    with pytest.raises(ValueError, match="aware"):
        Activity(
            "fit", "running", datetime(2024, 1, 1), None, None, None, empty_samples()
        )


def test_it_rejects_columns_of_unequal_length() -> None:
    samples = empty_samples(3)
    samples["hr_bpm"] = np.zeros(2)
    with pytest.raises(ValueError, match="differ in length"):
        Activity("fit", "running", None, None, None, None, samples)


def test_step_length_is_speed_times_sixty_over_cadence() -> None:
    activity = make(speed_mps=[3.0, 3.0, 0.1], cadence_spm=[180.0, 180.0, 180.0])
    assert activity.step_length_m == pytest.approx(1.0)


def test_step_length_is_none_off_foot() -> None:
    activity = make("cycling", speed_mps=[8.0], cadence_spm=[90.0])
    assert activity.step_length_m is None


def test_every_column_is_present() -> None:
    assert set(make().samples) == set(COLUMNS)
