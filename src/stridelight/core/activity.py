"""The activity model every importer produces and every analysis reads.

An activity is a handful of summary fields plus ``samples``: one NumPy array per
column of :data:`COLUMNS`, all of equal length, NaN where the device recorded
nothing.  Times are POSIX seconds (UTC) so that arithmetic on them stays vectorised.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime

import numpy as np
import numpy.typing as npt

from stridelight.core.vocabulary import is_on_foot

FloatArray = npt.NDArray[np.float64]

#: The sample columns, in the order ``decode`` prints them.
COLUMNS: tuple[str, ...] = (
    "t",  # POSIX seconds, UTC
    "lat",  # degrees
    "lon",  # degrees
    "alt_m",
    "dist_m",  # cumulative distance from the start
    "speed_mps",
    "hr_bpm",
    "cadence_spm",  # steps/min (both feet) on foot; revolutions/min on a bike
    "power_w",
)


def empty_samples(n: int = 0) -> dict[str, FloatArray]:
    """All columns, ``n`` rows each, filled with NaN."""
    return {name: np.full(n, np.nan) for name in COLUMNS}


def freeze_samples(samples: Mapping[str, FloatArray]) -> Mapping[str, FloatArray]:
    """Check the columns and make every array read-only, so an Activity stays frozen."""
    lengths = {len(samples[name]) for name in COLUMNS}
    if len(lengths) > 1:
        raise ValueError(f"sample columns differ in length: {sorted(lengths)}")
    frozen: dict[str, FloatArray] = {}
    for name in COLUMNS:
        arr = np.asarray(samples[name], dtype=np.float64)
        arr.setflags(write=False)
        frozen[name] = arr
    return frozen


@dataclass(frozen=True, eq=False)
class Lap:
    start: datetime | None
    duration_s: float | None
    distance_m: float | None


@dataclass(frozen=True, eq=False)
class Activity:
    """One recorded activity, whatever file it came from.

    ``sport`` is a lower-case FIT-style name (``running``, ``cycling``,
    ``swimming``, ``walking``, ``hiking``, ``generic``…); ``sub_sport`` refines it
    (``trail``, ``treadmill``, ``indoor_cycling``…) when the file says.
    ``duration_s`` is elapsed time, ``moving_time_s`` excludes pauses.
    """

    format: str  # "fit", "gpx" or "tcx"
    sport: str
    start: datetime | None
    duration_s: float | None
    moving_time_s: float | None
    distance_m: float | None
    samples: Mapping[str, FloatArray]
    sub_sport: str | None = None
    device: str | None = None
    name: str | None = None
    laps: tuple[Lap, ...] = ()
    warnings: tuple[str, ...] = ()
    extra: Mapping[str, str] = field(default_factory=dict)
    #: The file broke off (a watch whose battery died): what came before the
    #: break was read, and ``warnings`` says where it broke.
    truncated: bool = False

    def __post_init__(self) -> None:
        if self.start is not None and self.start.utcoffset() is None:
            raise ValueError("Activity.start must be an aware datetime")
        object.__setattr__(self, "samples", freeze_samples(self.samples))

    @property
    def records(self) -> int:
        return len(self.samples["t"])

    @property
    def is_on_foot(self) -> bool:
        return is_on_foot(self.sport)

    @property
    def avg_hr_bpm(self) -> float | None:
        return _nanmean(self.samples["hr_bpm"])

    @property
    def avg_cadence_spm(self) -> float | None:
        cadence = self.samples["cadence_spm"]
        return _nanmean(np.where(cadence > 0, cadence, np.nan))

    @property
    def step_length_m(self) -> float | None:
        """Mean step length while moving: speed × 60 / cadence (one footfall to the next).

        Only on foot, and only where both speed and a non-zero cadence exist.
        """
        if not self.is_on_foot:
            return None
        speed = self.samples["speed_mps"]
        cadence = self.samples["cadence_spm"]
        ok = (speed > 0.5) & (cadence > 0)
        if not ok.any():
            return None
        return float(np.mean(speed[ok] * 60.0 / cadence[ok]))


def _nanmean(values: FloatArray) -> float | None:
    if values.size == 0 or np.isnan(values).all():
        return None
    return float(np.nanmean(values))


def utc_from_posix(seconds: float) -> datetime:
    return datetime.fromtimestamp(seconds, tz=UTC)
