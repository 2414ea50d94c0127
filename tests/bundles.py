"""Write real runner bundles for end-to-end tests, from a compact spec.

A :class:`RunnerSpec` says who the runner is, which shoes they own, what they ran
(local date and time, km, minutes, heart rate, cadence, shoe, RPE) and what they
wrote in their diary.  :func:`write_runner_bundle` turns it into a bundle folder as
a watch and the app would leave it: ``runner.json`` plus one activity file per
run, so the whole pipeline runs: decoding, distance, load from the heart-rate
trace, step length from cadence, local days in the runner's time zone.  A run is
written as GPX 1.1 (``trkpt`` lat/lon/ele/time with ``gpxtpx:hr``/``gpxtpx:cad``)
or as FIT through Garmin's FIT SDK Encoder (records, a lap, a session), plain or
gzipped.

Each run is an out-and-back along a meridian from its start place, sampled every
``POINT_EVERY_S`` seconds at an even pace, with a point on the turn.  Along a
meridian the haversine distance is exact, so the decoded distance and pace are the
ones specified (to a few cm).
Diary entries are the JSON of docs/bundle.md; an ache's ``at`` may be a naive local
datetime, which is given the runner's offset for that day.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
from garmin_fit_sdk import Encoder, Profile

#: Start places (lat, lon) in Brooklyn; a route is its start cell plus its km.
PLACES: Mapping[str, tuple[float, float]] = {
    "home": (40.6782, -73.9442),
    "park": (40.6602, -73.9690),
    "river": (40.7003, -73.9967),
    "track": (40.6553, -73.9510),
}
POINT_EVERY_S = 20
EARTH_RADIUS_M = 6_371_008.8  # the importers' mean radius
GPX_NS = "http://www.topografix.com/GPX/1/1"
TPX_NS = "http://www.garmin.com/xmlschemas/TrackPointExtension/v1"

HeartRate = float | Sequence[float] | None


@dataclass(frozen=True)
class Run:
    """One recorded run.  ``hr`` is an average (a small wobble is added around it)
    or a trace spread evenly over the run; ``cadence`` is in steps/min (both feet)
    and is written as Garmin does, per foot."""

    when: datetime  # local wall-clock time (naive) or aware
    km: float
    minutes: float
    hr: HeartRate = 145.0
    shoe: str | None = None
    rpe: float | None = None
    place: str = "home"
    cadence: float | None = 170.0
    sport: str = "running"
    notes: str | None = None
    #: ``gpx``, ``fit`` (through Garmin's FIT SDK Encoder), either with ``.gz``.
    fmt: str = "gpx"

    @property
    def file(self) -> str:
        return f"activities/{self.when:%Y-%m-%d-%H%M}-{self.sport}.{self.fmt}"


@dataclass(frozen=True)
class RunnerSpec:
    runner: Mapping[str, Any]
    shoes: Sequence[Mapping[str, Any]] = ()
    runs: Sequence[Run] = ()
    aches: Sequence[Mapping[str, Any]] = ()
    habits: Sequence[Mapping[str, Any]] = ()
    screenings: Sequence[Mapping[str, Any]] = ()
    sessions: Sequence[Mapping[str, Any]] = ()
    checkins: Sequence[Mapping[str, Any]] = ()

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(str(self.runner.get("time_zone", "UTC")))


# --- diary entries, as runner.json writes them ------------------------------------


def ache(
    at: datetime,
    region: str,
    intensity: int,
    timing: str,
    *quality: str,
    side: str = "left",
) -> dict[str, Any]:
    return {"at": at, "region": region, "side": side, "intensity": intensity,
            "timing": timing, "quality": list(quality)}  # fmt: skip


def habit(day: date, kind: str, **values: Any) -> dict[str, Any]:
    return {"date": day, "kind": kind, **values}


def screening(day: date, test: str, side: str, value: float) -> dict[str, Any]:
    return {"date": day, "test": test, "side": side, "value": value}


def session(day: date, kind: str, *findings: tuple[str, str, int]) -> dict[str, Any]:
    return {
        "date": day,
        "kind": kind,
        "findings": [
            {"region": r, "side": s, "restriction": g} for r, s, g in findings
        ],
    }


def checkin(day: date, *red_flags: str) -> dict[str, Any]:
    return {"date": day, "red_flags": list(red_flags)}


# --- writing ------------------------------------------------------------------------


def write_runner_bundle(spec: RunnerSpec, folder: Path) -> Path:
    """Write ``spec`` as a bundle folder (created; must not hold a runner.json)."""
    folder.mkdir(parents=True, exist_ok=True)
    if (folder / "runner.json").exists():
        raise FileExistsError(f"{folder} already holds a bundle")
    files = [run.file for run in spec.runs]
    if len(set(files)) != len(files):
        raise ValueError("two runs start in the same minute")
    for run in spec.runs:
        _write(folder / run.file, activity_bytes(run, spec.tz))
    document = runner_document(spec)
    text = json.dumps(document, indent=2, ensure_ascii=False, default=_jsonable(spec))
    (folder / "runner.json").write_text(text + "\n", encoding="utf-8")
    return folder


def runner_document(spec: RunnerSpec) -> dict[str, Any]:
    """runner.json as a dict; dates and datetimes are converted when dumped."""
    activities = []
    for run in spec.runs:
        entry: dict[str, Any] = {"file": run.file}
        for key in ("shoe", "rpe", "notes"):
            if getattr(run, key) is not None:
                entry[key] = getattr(run, key)
        activities.append(entry)
    return {
        "format": "stridelight-bundle",
        "version": 1,
        "runner": dict(spec.runner),
        "shoes": [dict(s) for s in spec.shoes],
        "activities": activities,
        "aches": [dict(a) for a in spec.aches],
        "habits": [dict(h) for h in spec.habits],
        "screenings": [dict(s) for s in spec.screenings],
        "sessions": [dict(s) for s in spec.sessions],
        "checkins": [dict(c) for c in spec.checkins],
    }


def _jsonable(spec: RunnerSpec) -> Any:
    def convert(value: object) -> str:
        if isinstance(value, datetime):
            return local(value, spec.tz).isoformat()
        if isinstance(value, date):
            return value.isoformat()
        raise TypeError(f"{value!r} is not JSON")

    return convert


def local(moment: datetime, tz: ZoneInfo) -> datetime:
    """An aware datetime; a naive one is wall-clock time in ``tz``."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=tz)


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


# --- one run as a watch file -------------------------------------------------------


def activity_bytes(run: Run, tz: ZoneInfo) -> bytes:
    """The run's file as a watch or a service would write it."""
    kind, _, packed = run.fmt.partition(".")
    if kind not in WRITERS or packed not in ("", "gz"):
        raise ValueError(f"unknown format {run.fmt!r}: use gpx, fit, tcx (or .gz)")
    data = WRITERS[kind](track(run, tz))
    return gzip.compress(data, mtime=0) if packed else data


@dataclass(frozen=True)
class Track:
    """A run's samples: POSIX seconds, position, distance, elevation, HR, cadence."""

    run: Run
    start: datetime  # UTC
    t: np.ndarray
    lat: np.ndarray
    lon: np.ndarray
    dist: np.ndarray
    ele: np.ndarray
    hr: np.ndarray | None
    strides: float | None  # per foot, as Garmin records it


def track(run: Run, tz: ZoneInfo, every_s: int = POINT_EVERY_S) -> Track:
    """Out along the meridian for half the distance and back, at an even pace."""
    total = round(run.minutes * 60.0)
    if total < 2 * every_s or run.km <= 0:
        raise ValueError("a run needs a distance and at least a few points")
    # A point sits on the turn, so that no corner is cut.
    turn = total // 2
    t = np.unique(np.append(np.arange(0, total, every_s), (turn, total)))
    t = t.astype(float)
    half = run.km * 500.0
    north = np.where(t <= turn, half * t / turn, half * (total - t) / (total - turn))
    lat0, lon0 = PLACES[run.place]
    dist = np.where(t <= turn, north, 2 * half - north)
    return Track(
        run=run,
        start=local(run.when, tz).astimezone(UTC),
        t=t,
        lat=lat0 + np.degrees(north / EARTH_RADIUS_M),
        lon=np.full(t.size, lon0),
        dist=dist,
        ele=12.0 + 6.0 * np.sin(dist / 900.0),
        hr=heart_rate(run.hr, t / total),
        strides=None if run.cadence is None else round(run.cadence / 2.0),
    )


def gpx_bytes(tr: Track) -> bytes:
    """GPX 1.1 with Garmin's TrackPointExtension (hr, cad per foot)."""
    base = tr.start.timestamp()
    points = []
    for i in range(tr.t.size):
        stamp = datetime.fromtimestamp(base + tr.t[i], tz=UTC)
        ext = []
        if tr.hr is not None:
            ext.append(f"<gpxtpx:hr>{tr.hr[i]:.0f}</gpxtpx:hr>")
        if tr.strides is not None:
            ext.append(f"<gpxtpx:cad>{tr.strides:.0f}</gpxtpx:cad>")
        extensions = (
            "<extensions><gpxtpx:TrackPointExtension>"
            + "".join(ext)
            + "</gpxtpx:TrackPointExtension></extensions>"
            if ext
            else ""
        )
        points.append(
            f'<trkpt lat="{tr.lat[i]:.7f}" lon="{tr.lon[i]:.7f}">'
            f"<ele>{tr.ele[i]:.1f}</ele>"
            f"<time>{stamp:%Y-%m-%dT%H:%M:%SZ}</time>{extensions}</trkpt>"
        )
    run = tr.run
    head = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<gpx version="1.1" creator="Stridelight test bundles" xmlns="{GPX_NS}" '
        f'xmlns:gpxtpx="{TPX_NS}">'
        f"<metadata><time>{tr.start:%Y-%m-%dT%H:%M:%SZ}</time></metadata>"
        f"<trk><name>{run.place} {run.km:g} km</name><type>{run.sport}</type><trkseg>"
    )
    return (head + "\n".join(points) + "</trkseg></trk></gpx>\n").encode()


def fit_bytes(tr: Track) -> bytes:
    """A FIT activity as a watch writes it: file id, records, a lap, a session."""
    start = tr.start
    elapsed = float(tr.t[-1])
    speed = np.gradient(tr.dist, tr.t)
    encoder = Encoder()
    encoder.write_mesg({"mesg_num": Profile["mesg_num"]["FILE_ID"], "type": "activity",
                        "manufacturer": "development", "product": 1,
                        "time_created": start})  # fmt: skip
    encoder.write_mesg({"mesg_num": Profile["mesg_num"]["EVENT"], "timestamp": start,
                        "event": "timer", "event_type": "start"})  # fmt: skip
    for i in range(tr.t.size):
        record: dict[str, Any] = {
            "mesg_num": Profile["mesg_num"]["RECORD"],
            "timestamp": start + timedelta(seconds=float(tr.t[i])),
            "position_lat": _semicircles(tr.lat[i]),
            "position_long": _semicircles(tr.lon[i]),
            "distance": round(float(tr.dist[i]), 2),
            "enhanced_speed": round(float(speed[i]), 3),
            "enhanced_altitude": round(float(tr.ele[i]), 1),
        }
        if tr.hr is not None:
            record["heart_rate"] = round(float(tr.hr[i]))
        if tr.strides is not None:
            record["cadence"] = tr.strides
        encoder.write_mesg(record)
    end = start + timedelta(seconds=elapsed)
    totals = {"start_time": start, "timestamp": end, "total_elapsed_time": elapsed,
              "total_timer_time": elapsed,
              "total_distance": round(float(tr.dist[-1]), 2)}  # fmt: skip
    encoder.write_mesg({"mesg_num": Profile["mesg_num"]["EVENT"], "timestamp": end,
                        "event": "timer", "event_type": "stop_all"})  # fmt: skip
    encoder.write_mesg({"mesg_num": Profile["mesg_num"]["LAP"], **totals})
    encoder.write_mesg({"mesg_num": Profile["mesg_num"]["SESSION"], **totals,
                        "sport": tr.run.sport, "sub_sport": "generic"})  # fmt: skip
    encoder.write_mesg({"mesg_num": Profile["mesg_num"]["ACTIVITY"], "timestamp": end,
                        "num_sessions": 1, "total_timer_time": elapsed})  # fmt: skip
    return bytes(encoder.close())


def _semicircles(degrees: float) -> int:
    return round(degrees * 2**31 / 180.0)


TCX_NS = "http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"
AX_NS = "http://www.garmin.com/xmlschemas/ActivityExtension/v2"
TCX_SPORTS = {"running": "Running", "cycling": "Biking"}


def tcx_bytes(tr: Track) -> bytes:
    """TCX v2 as Garmin Connect exports it: one lap, HR and RunCadence per point."""
    base = tr.start.timestamp()
    points = []
    for i in range(tr.t.size):
        stamp = datetime.fromtimestamp(base + tr.t[i], tz=UTC)
        hr = (
            ""
            if tr.hr is None
            else f"<HeartRateBpm><Value>{tr.hr[i]:.0f}</Value></HeartRateBpm>"
        )
        cad = (
            ""
            if tr.strides is None
            else f"<Extensions><ax:TPX><ax:RunCadence>{tr.strides:.0f}</ax:RunCadence></ax:TPX></Extensions>"
        )
        points.append(
            f"<Trackpoint><Time>{stamp:%Y-%m-%dT%H:%M:%SZ}</Time><Position>"
            f"<LatitudeDegrees>{tr.lat[i]:.7f}</LatitudeDegrees>"
            f"<LongitudeDegrees>{tr.lon[i]:.7f}</LongitudeDegrees></Position>"
            f"<AltitudeMeters>{tr.ele[i]:.1f}</AltitudeMeters>"
            f"<DistanceMeters>{tr.dist[i]:.2f}</DistanceMeters>{hr}{cad}</Trackpoint>"
        )
    sport = TCX_SPORTS.get(tr.run.sport, "Other")
    start = f"{tr.start:%Y-%m-%dT%H:%M:%SZ}"
    head = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<TrainingCenterDatabase xmlns="{TCX_NS}" xmlns:ax="{AX_NS}">'
        f'<Activities><Activity Sport="{sport}"><Id>{start}</Id>'
        f'<Lap StartTime="{start}"><TotalTimeSeconds>{tr.t[-1]:.0f}</TotalTimeSeconds>'
        f"<DistanceMeters>{tr.dist[-1]:.2f}</DistanceMeters><Intensity>Active</Intensity>"
        "<TriggerMethod>Manual</TriggerMethod><Track>"
    )
    tail = "</Track></Lap></Activity></Activities></TrainingCenterDatabase>\n"
    return (head + "\n".join(points) + tail).encode()


WRITERS = {"gpx": gpx_bytes, "fit": fit_bytes, "tcx": tcx_bytes}


def heart_rate(hr: HeartRate, position: np.ndarray) -> np.ndarray | None:
    """Beats per minute at each point (``position`` 0..1 through the run)."""
    if hr is None:
        return None
    if isinstance(hr, int | float):
        # A few beats of drift and wobble around the average, as a strap shows.
        wobble = 2.0 * np.sin(position * 40.0) + 3.0 * (position - 0.5)
        return float(hr) + wobble
    trace = np.asarray(hr, dtype=float)
    out: np.ndarray = np.interp(position, np.linspace(0.0, 1.0, trace.size), trace)
    return out


def paced(when: datetime, km: float, pace: float, **kw: Any) -> Run:
    """A run of ``km`` at ``pace`` minutes per km."""
    return Run(when, km, km * pace, **kw)
