"""runner.json, checked: the raw JSON document in, the core journal types out.

Every problem is a :class:`BundleError` naming the file, the entry and the field,
e.g. ``runner.json: aches[3]: field 'region': 'heal' is not a body region (did
you mean 'heel'?)``; the field-by-field checks are in ``bundle_fields``.  Unknown
keys are not errors: the bundle keeps the raw document so that they survive a
round trip (docs/bundle.md).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, fields, is_dataclass
from datetime import date
from typing import TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from stridelight.core.journal import (
    ACHE_TIMINGS,
    HABIT_KINDS,
    RED_FLAGS,
    REGIONS,
    SCREENING_TESTS,
    SESSION_KINDS,
    SIDES,
    Ache,
    ActivityNote,
    Checkin,
    Finding,
    Habit,
    RunnerProfile,
    Screening,
    Sex,
    Shoe,
    TherapySession,
)
from stridelight.importers.bundle_fields import SOURCE, Fields, json_kind, suggest

__all__ = [
    "FORMAT",
    "SECTIONS",
    "SOURCE",
    "VERSION",
    "Fields",
    "Journal",
    "journal_document",
    "parse_journal",
]

FORMAT = "stridelight-bundle"
VERSION = 1
SECTIONS = (
    "runner", "shoes", "activities", "aches", "habits",
    "screenings", "sessions", "checkins",
)  # fmt: skip

T = TypeVar("T")


@dataclass(frozen=True)
class Journal:
    """The typed sections of one runner.json (activity notes keyed by file)."""

    profile: RunnerProfile
    shoes: tuple[Shoe, ...]
    notes: Mapping[str, ActivityNote]
    aches: tuple[Ache, ...]
    habits: tuple[Habit, ...]
    screenings: tuple[Screening, ...]
    sessions: tuple[TherapySession, ...]
    checkins: tuple[Checkin, ...]


# --- sections ---------------------------------------------------------------


def _profile(raw: object) -> RunnerProfile:
    f = Fields({} if raw is None else raw, "runner")
    sex = f.choice("sex", ("female", "male"), "a recorded sex", required=False)
    birth_year = f.number("birth_year", 1900, 2100)
    if birth_year is not None and not birth_year.is_integer():
        raise f.error("birth_year", f"{birth_year} is not a whole year")
    zone = f.text("time_zone") or "UTC"
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        raise f.error(
            "time_zone", f"{zone!r} is not an IANA time zone like America/New_York"
        ) from None
    return RunnerProfile(
        sex=_as_sex(sex),
        birth_year=None if birth_year is None else int(birth_year),
        body_mass_kg=f.number("body_mass_kg", 20, 300),
        max_hr=f.number("max_hr", 100, 250),
        rest_hr=f.number("rest_hr", 20, 120),
        time_zone=zone,
    )


def _as_sex(value: str | None) -> Sex | None:
    if value == "female":
        return "female"
    return "male" if value == "male" else None


def _shoe(f: Fields) -> Shoe:
    started = f.day("started_on", required=False)
    retired = f.day("retired_on", required=False)
    if started and retired and retired < started:
        raise f.error("retired_on", f"{retired} is before started_on {started}")
    return Shoe(
        id=_required_text(f, "id"),
        name=_required_text(f, "name"),
        category=f.text("category"),
        started_on=started,
        retired_on=retired,
        start_km=f.number("start_km", 0, 100_000) or 0.0,
        limit_km=f.number("limit_km", 1, 100_000),
    )


def _required_text(f: Fields, name: str) -> str:
    value = f.text(name, required=True)
    assert value is not None
    return value


def _ache(f: Fields) -> Ache:
    return Ache(
        at=f.moment("at"),
        region=_vocab(f, "region", REGIONS, "a body region"),
        side=_vocab(f, "side", SIDES, "a side"),
        intensity=f.whole("intensity", 0, 10),
        timing=f.choice("timing", ACHE_TIMINGS, "an ache timing", required=False),
        quality=tuple(f.texts("quality")),
        notes=f.text("notes"),
    )


def _vocab(f: Fields, name: str, vocabulary: Sequence[str], what: str) -> str:
    value = f.choice(name, vocabulary, what)
    assert value is not None
    return value


def _habit(f: Fields) -> Habit:
    day = f.day("date")
    assert day is not None
    return Habit(
        date=day,
        kind=_vocab(f, "kind", HABIT_KINDS, "a habit kind"),
        minutes=f.number("minutes", 0, 24 * 60),
        liters=f.number("liters", 0, 30),
        hours=f.number("hours", 0, 24),
        targets=f.numbers("targets"),
    )


def _screening(f: Fields) -> Screening:
    day = f.day("date")
    assert day is not None
    value = f.number("value", -360, 1000, required=True)
    assert value is not None
    return Screening(
        date=day,
        test=_vocab(f, "test", SCREENING_TESTS, "a screening test"),
        side=_vocab(f, "side", SIDES, "a side"),
        value=value,
    )


def _session(f: Fields) -> TherapySession:
    day = f.day("date")
    assert day is not None
    findings = []
    for i, raw in enumerate(f.items("findings")):
        g = Fields(raw, f"{f.entry}.findings[{i}]")
        findings.append(
            Finding(
                region=_vocab(g, "region", REGIONS, "a body region"),
                side=_vocab(g, "side", SIDES, "a side"),
                restriction=g.whole("restriction", 0, 3),
            )
        )
    return TherapySession(
        date=day,
        kind=_vocab(f, "kind", SESSION_KINDS, "a session kind"),
        findings=tuple(findings),
    )


def _checkin(f: Fields) -> Checkin:
    day = f.day("date")
    assert day is not None
    if "red_flags" not in f.raw or f.raw["red_flags"] is None:
        # An empty list is an answer ("no to all"); a missing one is not.
        raise f.error("red_flags", "is missing (use [] when the answer was no to all)")
    return Checkin(date=day, red_flags=tuple(f.texts("red_flags", RED_FLAGS)))


def _section(
    top: Fields, name: str, build: Callable[[Fields], T]
) -> tuple[tuple[T, ...], list[Fields]]:
    entries = [Fields(raw, f"{name}[{i}]") for i, raw in enumerate(top.items(name))]
    return tuple(build(f) for f in entries), entries


def _notes(
    top: Fields, files: Collection[str], shoes: Sequence[Shoe]
) -> dict[str, ActivityNote]:
    notes: dict[str, ActivityNote] = {}
    for i, raw in enumerate(top.items("activities")):
        f = Fields(raw, f"activities[{i}]")
        name = _required_text(f, "file")
        if name not in files:
            hint = suggest(name, files) or " (paths start with activities/)"
            raise f.error("file", f"{name!r} is not in activities/{hint}")
        if name in notes:
            raise f.error("file", f"{name!r} is listed twice")
        notes[name] = ActivityNote(
            file=name,
            shoe=_shoe_ref(f, shoes),
            rpe=f.number("rpe", 0, 10),
            notes=f.text("notes"),
        )
    return notes


def _shoe_ref(f: Fields, shoes: Sequence[Shoe]) -> str | None:
    """A shoe id, or a pair's exact name as Strava's gear column gives it."""
    shoe = f.text("shoe")
    ids = [s.id for s in shoes]
    if shoe is None or shoe in ids:
        return shoe
    named = [s.id for s in shoes if s.name == shoe]
    if len(named) == 1:
        return named[0]
    hint = suggest(shoe, ids) or " (shoe ids are listed under shoes)"
    raise f.error("shoe", f"{shoe!r} is not a shoe id{hint}")


def _unique_shoes(shoes: tuple[Shoe, ...], entries: list[Fields]) -> None:
    seen: set[str] = set()
    for shoe, f in zip(shoes, entries, strict=True):
        if shoe.id in seen:
            raise f.error("id", f"{shoe.id!r} is used by an earlier shoe")
        seen.add(shoe.id)


def _header(top: Fields) -> None:
    fmt = top.raw.get("format")
    if fmt is None:
        raise top.error(
            "format", f'is missing: runner.json starts with "format": "{FORMAT}"'
        )
    if fmt != FORMAT:
        raise top.error("format", f"{fmt!r} is not {FORMAT!r}")
    version = top.raw.get("version")
    if isinstance(version, bool) or not isinstance(version, int):
        raise top.error(
            "version", f"must be the number {VERSION}, not {json_kind(version)}"
        )
    if version != VERSION:
        raise top.error(
            "version",
            f"version {version} is not supported (this Stridelight reads {VERSION})",
        )


def parse_journal(document: object, files: Collection[str]) -> Journal:
    """Check a parsed runner.json against the files present; raise BundleError."""
    top = Fields(document, "top level")
    _header(top)
    profile = _profile(top.raw.get("runner"))
    shoes, shoe_entries = _section(top, "shoes", _shoe)
    _unique_shoes(shoes, shoe_entries)
    notes = _notes(top, files, shoes)
    return Journal(
        profile=profile,
        shoes=shoes,
        notes=notes,
        aches=_section(top, "aches", _ache)[0],
        habits=_section(top, "habits", _habit)[0],
        screenings=_section(top, "screenings", _screening)[0],
        sessions=_section(top, "sessions", _session)[0],
        checkins=_section(top, "checkins", _checkin)[0],
    )


# --- the other way: typed journal to a runner.json document -----------------


def _plain(value: object) -> object:
    """JSON for a journal value: the dataclass fields are the runner.json keys."""
    if is_dataclass(value) and not isinstance(value, type):
        pairs = ((f.name, getattr(value, f.name)) for f in fields(value))
        return {name: _plain(v) for name, v in pairs if v is not None}
    if isinstance(value, date):  # datetime too
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


def journal_document(journal: Journal) -> dict[str, object]:
    """The runner.json document for a journal; ``parse_journal`` reads it back."""
    notes = [
        n for n in journal.notes.values() if (n.shoe, n.rpe, n.notes) != (None,) * 3
    ]
    return {
        "format": FORMAT,
        "version": VERSION,
        "runner": _plain(journal.profile),
        "shoes": _plain(journal.shoes),
        "activities": _plain(notes),
        "aches": _plain(journal.aches),
        "habits": _plain(journal.habits),
        "screenings": _plain(journal.screenings),
        "sessions": _plain(journal.sessions),
        "checkins": _plain(journal.checkins),
    }
