"""``iter_activities``: folders, Strava and Garmin exports, plain zips."""

from __future__ import annotations

import csv
import io
import shutil
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest

from stridelight.importers import (
    CorruptFileError,
    ImportItem,
    ReadError,
    UnsupportedFormatError,
    iter_activities,
)
from stridelight.importers.strava import parse_strava_date, strava_columns
from tests.conftest import REAL

STRAVA = REAL / "strava_export_sample.zip"
FIT = REAL / "fit" / "fitparse__activity-small-fenix2-run.fit"
FIT_2 = REAL / "fit" / "sports-lib__20171011_run_2088390344.fit"
GPX = REAL / "gpx" / "togeojson__run.gpx"
TCX = REAL / "tcx" / "togeojson__sample.tcx"

GERMAN_HEAD = [
    "Aktivitäts-ID",
    "Aktivitätsdatum",
    "Name der Aktivität",
    "Aktivitätsart",
    "Aktivitätsbeschreibung",
    "Verstrichene Zeit",
    "Distanz",
    "Max. Herzfrequenz",
    "Relative Leistung",
    "Pendeln",
    "Private Notiz zur Aktivität",
    "Aktivitätsausrüstung",
    "Dateiname",
]


def build_zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def strava_members() -> dict[str, bytes]:
    with zipfile.ZipFile(STRAVA) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def strava_rows() -> list[list[str]]:
    text = strava_members()["activities.csv"].decode("utf-8")
    return list(csv.reader(io.StringIO(text)))


def with_csv(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    members = strava_members()
    members["activities.csv"] = out.getvalue().encode("utf-8")
    return build_zip(members)


def by_entry(items: list[ImportItem]) -> dict[str, ImportItem]:
    return {item.entry: item for item in items}


# --- Strava -----------------------------------------------------------------------


def test_it_reads_the_strava_sample_as_12_activities_and_one_manual_entry() -> None:
    items = list(iter_activities(STRAVA))
    read = [i for i in items if i.ok]
    skipped = [i for i in items if i.skipped]
    assert len(items) == 13
    assert [i.entry for i in items if i.error] == []
    assert len(read) == 12
    assert all(i.entry.startswith("activities/") for i in read)
    (manual,) = skipped
    assert manual.activity is None and manual.error is None
    assert manual.metadata["name"] == "Treadmill 5k"
    assert manual.metadata["type"] == "Run"
    assert "manual" in (manual.skipped or "")


def test_it_carries_strava_metadata_with_gear_into_each_item() -> None:
    first = next(iter(iter_activities(STRAVA)))
    assert first.entry == "activities/2300000000.fit.gz"
    assert first.metadata["activity_id"] == "2100000000"
    assert first.metadata["gear"] == "Shoe A"
    assert first.metadata["type"] == "Run"
    assert first.metadata["date"] == "1990-07-18T06:44:24Z"
    assert first.metadata["date_text"] == "Jul 18, 1990, 6:44:24 AM"
    gears = {i.metadata.get("gear") for i in iter_activities(STRAVA)}
    assert {"Shoe A", "Shoe B", "Road bike"} <= gears


def test_it_reads_a_german_strava_export(tmp_path: Path) -> None:
    rows = strava_rows()
    english = [r[1] for r in rows[1:]]
    rows[0][: len(GERMAN_HEAD)] = GERMAN_HEAD
    for row in rows[1:]:
        when = datetime.strptime(row[1], "%b %d, %Y, %I:%M:%S %p").replace(tzinfo=UTC)
        row[1] = when.strftime("%d.%m.%Y, %H:%M:%S")
    path = tmp_path / "export_de.zip"
    path.write_bytes(with_csv(rows))

    german = list(iter_activities(path))
    original = list(iter_activities(STRAVA))
    assert [i.entry for i in german] == [i.entry for i in original]
    assert sum(i.ok for i in german) == 12
    for de, en, text in zip(german, original, english, strict=True):
        assert de.metadata["date"] == en.metadata["date"], text
        assert de.metadata.get("gear") == en.metadata.get("gear")


def test_it_finds_the_file_column_by_its_first_name_not_a_later_repeat() -> None:
    header = [*strava_rows()[0]]
    header[50] = "Filename"  # a later column that repeats the name
    assert strava_columns(header)["filename"] == 12
    older = ["Activity ID", "Activity Date", "Activity Name", "Filename"]
    assert strava_columns(older)["filename"] == 3


def test_it_reports_a_listed_file_missing_from_the_export() -> None:
    rows = strava_rows()
    rows[1][12] = "activities/nowhere.fit.gz"
    items = by_entry(list(iter_activities(with_csv(rows))))
    missing = items["activities/nowhere.fit.gz"]
    assert isinstance(missing.error, CorruptFileError)
    assert "not in the zip" in str(missing.error)
    assert missing.metadata["gear"] == "Shoe A"
    # The file it used to point at is still read, without metadata.
    assert items["activities/2300000000.fit.gz"].ok
    assert sum(i.ok for i in items.values()) == 12


def unzip_strava(where: Path, rows: list[list[str]] | None = None) -> Path:
    with zipfile.ZipFile(STRAVA) as archive:
        archive.extractall(where)
    if rows is not None:
        with (where / "activities.csv").open("w", newline="", encoding="utf-8") as out:
            csv.writer(out, lineterminator="\n").writerows(rows)
    return where


def summary(items: list[ImportItem]) -> list[tuple[str, object, object, bool]]:
    return sorted(
        (i.entry, dict(i.metadata), i.activity and i.activity.sport, i.ok)
        for i in items
    )


def test_an_unzipped_strava_export_reads_as_the_zip_does(tmp_path: Path) -> None:
    folder = unzip_strava(tmp_path / "export")
    assert summary(list(iter_activities(folder))) == summary(
        list(iter_activities(STRAVA))
    )


def test_an_unzipped_export_reports_a_listed_file_that_is_missing(
    tmp_path: Path,
) -> None:
    rows = strava_rows()
    rows[1][12] = "activities/nowhere.fit.gz"
    items = by_entry(list(iter_activities(unzip_strava(tmp_path / "x", rows))))
    missing = items["activities/nowhere.fit.gz"]
    assert isinstance(missing.error, CorruptFileError)
    assert "not in the folder" in str(missing.error)
    assert items["activities/2300000000.fit.gz"].ok
    assert "gear" not in items["activities/2300000000.fit.gz"].metadata


def test_it_still_reads_the_files_when_activities_csv_is_unreadable() -> None:
    members = strava_members()
    members["activities.csv"] = b'"unterminated' + b"x" * 200_000
    items = list(iter_activities(build_zip(members)))
    assert items[0].entry == "activities.csv" and items[0].error is not None
    assert sum(i.ok for i in items) == 12


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("Oct 6, 2022, 11:19:20 PM", "2022-10-06T23:19:20Z"),
        ("Oct 6, 2022, 12:05:00 AM", "2022-10-06T00:05:00Z"),
        ("06.10.2022, 23:19:20", "2022-10-06T23:19:20Z"),
        ("Feb 30, 2022, 1:00:00 PM", None),
        ("yesterday", None),
    ],
)
def test_it_parses_strava_dates_in_english_and_german(
    text: str, iso: str | None
) -> None:
    assert parse_strava_date(text) == iso


# --- Garmin and plain zips --------------------------------------------------------


def test_it_reads_a_garmin_export_of_nested_zips() -> None:
    inner = build_zip({"a.fit": FIT.read_bytes(), "b.fit": FIT_2.read_bytes()})
    export = build_zip(
        {
            "DI_CONNECT/DI-Connect-User/user_profile.json": b"{}",
            "DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part1.zip": inner,
            "DI_CONNECT/DI-Connect-Fitness/summarizedActivities.json": b"[]",
        }
    )
    items = list(iter_activities(export))
    prefix = "DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part1.zip/"
    assert [i.entry for i in items] == [prefix + "a.fit", prefix + "b.fit"]
    assert all(i.ok for i in items)


def test_it_reads_a_plain_zip_of_mixed_files_in_name_order() -> None:
    data = build_zip(
        {
            "z/run.gpx": GPX.read_bytes(),
            "a.tcx": TCX.read_bytes(),
            "m.fit": FIT.read_bytes(),
            "notes.txt": b"not an activity",
            "__MACOSX/._m.fit": b"resource fork",
            ".hidden.fit": b"junk",
        }
    )
    items = list(iter_activities(data))
    assert [i.entry for i in items] == ["a.tcx", "m.fit", "z/run.gpx"]
    assert [i.activity.format for i in items if i.activity] == ["tcx", "fit", "gpx"]


def test_one_corrupt_member_is_reported_and_the_others_still_read() -> None:
    fit = FIT.read_bytes()
    data = build_zip(
        {
            "1.fit": fit,
            "2.fit": b"\x00garbage\xff" * 40,
            "3.gpx": b"<?xml version='1.0'?><kml/>",
            "4.fit": FIT_2.read_bytes(),
            "5.tcx": b"",
        }
    )
    items = by_entry(list(iter_activities(data)))
    assert items["1.fit"].ok and items["4.fit"].ok
    for bad in ("2.fit", "3.gpx", "5.tcx"):
        assert isinstance(items[bad].error, ReadError), bad
        assert bad in str(items[bad].error)
    assert isinstance(items["3.gpx"].error, UnsupportedFormatError)


# --- folders and single files -----------------------------------------------------


def test_it_walks_a_folder_recursively_sorted_skipping_hidden_and_other_files(
    tmp_path: Path,
) -> None:
    (tmp_path / "b" / "deeper").mkdir(parents=True)
    (tmp_path / ".git").mkdir()
    shutil.copy(FIT, tmp_path / "b" / "deeper" / "run.fit")
    shutil.copy(GPX, tmp_path / "a.gpx")
    shutil.copy(REAL / "gpx" / "gpxgo__graphhopper.gpx.gz", tmp_path / "c.gpx.gz")
    shutil.copy(REAL / "fit" / "goldencheetah__TacxNeo.fit.zip", tmp_path / "d.zip")
    shutil.copy(FIT, tmp_path / ".hidden.fit")
    shutil.copy(FIT, tmp_path / ".git" / "x.fit")
    (tmp_path / "readme.txt").write_text("hello")

    items = list(iter_activities(tmp_path))
    entries = [i.entry for i in items]
    assert entries[:3] == ["a.gpx", "b/deeper/run.fit", "c.gpx.gz"]
    assert entries[3].startswith("d.zip/")
    assert len(items) == 4 and all(i.ok for i in items)


def test_a_bad_file_in_a_folder_does_not_stop_the_rest(tmp_path: Path) -> None:
    shutil.copy(FIT, tmp_path / "1.fit")
    (tmp_path / "2.fit").write_bytes(b"broken")
    (tmp_path / "3.zip").write_bytes(b"PK\x03\x04 not really a zip")
    shutil.copy(GPX, tmp_path / "4.gpx")
    items = by_entry(list(iter_activities(tmp_path)))
    assert items["1.fit"].ok and items["4.gpx"].ok
    assert items["2.fit"].error is not None
    assert isinstance(items["3.zip"].error, CorruptFileError)


def test_it_gives_one_item_for_a_single_file() -> None:
    (item,) = iter_activities(GPX)
    assert item.entry == GPX.name and item.ok


def test_it_raises_for_a_broken_archive_as_a_whole() -> None:
    with pytest.raises(CorruptFileError):
        list(iter_activities(b"PK\x03\x04" + b"\x00" * 100))
