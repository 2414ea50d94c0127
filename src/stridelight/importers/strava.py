"""Strava's bulk export: the ``activities.csv`` that joins each file to its metadata.

The export holds ``activities.csv`` and ``activities/``; each CSV row names the
activity's file (none for a manual entry), its type and the gear it was done in.
The export is localized and repeats some column names, so columns are found by
their known titles, else by their position.  Zips and folders share this module.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping
from datetime import UTC, datetime

from stridelight.core.activity import Activity
from stridelight.importers.errors import CorruptFileError
from stridelight.importers.sports import with_sport

STRAVA_CSV = "activities.csv"

#: Metadata key -> (position in a current export, header names we know).  Exports
#: are localized and repeat some names, so a column is found by the first
#: occurrence of a known name, else by its position (the same in every language).
STRAVA_COLUMNS: dict[str, tuple[int, tuple[str, ...]]] = {
    "activity_id": (0, ("Activity ID", "Aktivitäts-ID")),
    "date": (1, ("Activity Date", "Aktivitätsdatum")),
    "name": (2, ("Activity Name", "Name der Aktivität")),
    "type": (3, ("Activity Type", "Aktivitätsart")),
    "description": (4, ("Activity Description", "Aktivitätsbeschreibung")),
    "commute": (9, ("Commute", "Pendeln")),
    "gear": (11, ("Activity Gear", "Aktivitätsausrüstung")),
    "filename": (12, ("Filename", "Dateiname")),
    "perceived_exertion": (43, ("Perceived Exertion", "Empfundene Anstrengung")),
}


def parse_strava_csv(data: bytes, entry: str) -> list[dict[str, str]]:
    """The metadata of every row; an unreadable CSV raises CorruptFileError."""
    try:
        reader = csv.reader(io.StringIO(data.decode("utf-8-sig", errors="replace")))
        header = next(reader, [])
        where = strava_columns(header)
        return [strava_meta(row, where) for row in reader if any(row)]
    except csv.Error as exc:
        raise CorruptFileError(entry, f"unreadable CSV ({exc})") from None


def listed_file(meta: Mapping[str, str]) -> str:
    """The row's file inside the export ("" for a manual entry)."""
    return meta.get("filename", "").removeprefix("./")


# Strava's activity types for the files that do not name their sport (a GPX
# without <type>, a TCX with Sport="Other").
_STRAVA_SPORTS = {
    "run": "running", "trail run": "running", "virtual run": "running",
    "walk": "walking", "hike": "hiking", "ride": "cycling",
    "virtual ride": "cycling", "swim": "swimming",
}  # fmt: skip


def with_strava_sport(activity: Activity, metadata: Mapping[str, str]) -> Activity:
    """The activity with Strava's type as its sport, when the file names none."""
    sport = _STRAVA_SPORTS.get(metadata.get("type", "").strip().lower())
    if sport is None or activity.sport != "generic":
        return activity
    return with_sport(activity, sport)


def strava_columns(header: list[str]) -> dict[str, int]:
    """Where each metadata column sits in this export's header."""
    first: dict[str, int] = {}
    for index, title in enumerate(header):
        first.setdefault(title.strip(), index)
    where: dict[str, int] = {}
    for key, (position, titles) in STRAVA_COLUMNS.items():
        found = next((first[t] for t in titles if t in first), None)
        if found is None and position < len(header):
            found = position
        if found is not None:
            where[key] = found
    return where


def strava_meta(row: list[str], where: Mapping[str, int]) -> dict[str, str]:
    meta = {
        key: row[index].strip()
        for key, index in where.items()
        if index < len(row) and row[index].strip()
    }
    if "date" in meta:
        meta["date_text"] = meta["date"]
        parsed = parse_strava_date(meta["date"])
        if parsed is None:
            del meta["date"]
        else:
            meta["date"] = parsed
    meta["export"] = "strava"
    return meta


_MONTH_ABBREVIATIONS = "jan feb mar apr may jun jul aug sep oct nov dec"
_MONTHS = {name: n for n, name in enumerate(_MONTH_ABBREVIATIONS.split(" "), 1)}
_EN_DATE = re.compile(
    r"(?P<mon>[A-Za-z]{3})[a-z]* (?P<d>\d{1,2}), (?P<y>\d{4}),? "
    r"(?P<H>\d{1,2}):(?P<M>\d{2}):(?P<S>\d{2}) ?(?P<ampm>[AaPp][Mm])?$"
)
_DE_DATE = re.compile(
    r"(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{4}),? "
    r"(?P<H>\d{1,2}):(?P<M>\d{2}):(?P<S>\d{2})$"
)


def parse_strava_date(text: str) -> str | None:
    """Strava's UTC "Oct 6, 2022, 11:19:20 PM" or "06.10.2022, 23:19:20" as ISO 8601.

    Parsed by hand: strptime's month names follow the process locale.
    """
    if match := _EN_DATE.match(text):
        month = _MONTHS.get(match["mon"].lower())
        hour = int(match["H"])
        if match["ampm"]:
            hour = hour % 12 + (12 if match["ampm"].lower() == "pm" else 0)
    elif match := _DE_DATE.match(text):
        month, hour = int(match["m"]), int(match["H"])
    else:
        return None
    try:
        when = datetime(
            int(match["y"]), month or 0, int(match["d"]), hour,
            int(match["M"]), int(match["S"]), tzinfo=UTC,
        )  # fmt: skip
    except ValueError:
        return None
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")
