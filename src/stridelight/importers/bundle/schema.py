"""runner.json, checked: the raw JSON document in, the core journal types out.

Every problem is a :class:`BundleError` naming the file, the entry and the field,
e.g. ``runner.json: aches[3]: field 'region': 'heal' is not a body region (did
you mean 'heel'?)``; the field-by-field checks are in ``fields``.  Unknown
keys are not errors: the bundle keeps the raw document so that they survive a
round trip (docs/bundle.md).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, fields, is_dataclass
from datetime import date
from typing import TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from stridelight.core.journal import (
    Ache,
    ActivityNote,
    Checkin,
    Finding,
    Habit,
    Journal,
    RunnerProfile,
    Screening,
    Shoe,
    TherapySession,
)
from stridelight.core.vocabulary import (
    ACHE_TIMINGS,
    HABIT_KINDS,
    RED_FLAG_IDS,
    REGIONS,
    SCREENING_TESTS,
    SESSION_KINDS,
    SEXES,
    SIDES,
    SPORTS,
    Region,
    Word,
    word_in,
)
from stridelight.importers.bundle import plausible
from stridelight.importers.bundle.fields import SOURCE, Fields, json_kind, suggest
from stridelight.importers.errors import BundleError

__all__ = [
    "FORMAT",
    "SECTIONS",
    "SOURCE",
    "VERSION",
    "Fields",
    "RunnerJson",
    "journal_document",
    "parse_journal",
]

FORMAT = "stridelight-bundle"
VERSION = 1
SECTIONS = (
    "runner", "shoes", "activities", "aches", "habits",
    "screenings", "sessions", "checkins",
)  # fmt: skip

#: The runner.json key of each journal section whose key is not its field name.
SECTION_KEYS = {"profile": "runner"}

T = TypeVar("T")


@dataclass(frozen=True)
class RunnerJson:
    """One runner.json, typed: the journal, and the activity notes keyed by file."""

    journal: Journal
    notes: Mapping[str, ActivityNote]
    #: Values used as written but worth a second look, e.g. a mass that may be
    #: pounds; each a line naming the entry and the field, like an error.
    warnings: tuple[str, ...] = ()


# --- sections ---------------------------------------------------------------


def _profile(raw: object) -> RunnerProfile:
    f = Fields({} if raw is None else raw, "runner")
    sex = _optional_vocab(f, "sex", SEXES, "a recorded sex")
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
        sex=sex,
        birth_year=None if birth_year is None else int(birth_year),
        body_mass_kg=f.within("body_mass_kg", plausible.BODY_MASS),
        max_hr=f.number("max_hr", 100, 250),
        rest_hr=f.number("rest_hr", 20, 120),
        time_zone=zone,
        name=_optional_name(f),
    )


def _optional_name(f: Fields) -> str | None:
    """The runner's name for the report: one line, surrounding spaces dropped."""
    name = (f.text("name", max_chars=plausible.NAME_CHARS) or "").strip()
    if "\n" in name or "\r" in name:
        raise f.error("name", "must be one line")
    return name or None


def _profile_warnings(profile: RunnerProfile) -> tuple[str, ...]:
    mass = profile.body_mass_kg
    question = None if mass is None else plausible.pounds_question(mass)
    if question is None:
        return ()
    return (str(BundleError(SOURCE, "runner", "body_mass_kg", question)),)


def _category(f: Fields) -> str | None:
    """Kinds of shoe compare case-insensitively: "Trail" and "trail" are one kind."""
    category = f.text("category", max_chars=plausible.CATEGORY_CHARS)
    return (category.strip().lower() or None) if category else None


def _shoe(f: Fields) -> Shoe:
    started = f.day("started_on", required=False)
    retired = f.day("retired_on", required=False)
    if started and retired and retired < started:
        raise f.error("retired_on", f"{retired} is before started_on {started}")
    return Shoe(
        id=_required_text(f, "id", plausible.NAME_CHARS),
        name=_required_text(f, "name", plausible.NAME_CHARS),
        category=_category(f),
        started_on=started,
        retired_on=retired,
        start_km=f.within("start_km", plausible.SHOE_START_KM) or 0.0,
        limit_km=f.within("limit_km", plausible.SHOE_LIMIT_KM),
        start_km_unknown=f.flag("start_km_unknown"),
    )


def _required_text(f: Fields, name: str, max_chars: int | None = None) -> str:
    value = f.text(name, required=True, max_chars=max_chars)
    assert value is not None
    return value


def _ache(f: Fields) -> Ache:
    return Ache(
        at=f.moment("at"),
        region=_vocab(f, "region", REGIONS, "a body region"),
        side=_vocab(f, "side", SIDES, "a side"),
        intensity=f.whole("intensity", 0, 10),
        timing=_optional_vocab(f, "timing", ACHE_TIMINGS, "an ache timing"),
        quality=tuple(f.texts("quality")),
        notes=f.text("notes"),
    )


def _vocab(f: Fields, name: str, vocabulary: tuple[Word, ...], what: str) -> Word:
    word = _optional_vocab(f, name, vocabulary, what, required=True)
    assert word is not None
    return word


def _optional_vocab(
    f: Fields,
    name: str,
    vocabulary: tuple[Word, ...],
    what: str,
    *,
    required: bool = False,
) -> Word | None:
    """The field's word, checked (a clear error names a bad one), typed as its Literal."""
    value = f.choice(name, vocabulary, what, required=required)
    return None if value is None else word_in(vocabulary, value)


def _habit(f: Fields) -> Habit:
    day = f.day("date")
    assert day is not None
    return Habit(
        date=day,
        kind=_vocab(f, "kind", HABIT_KINDS, "a habit kind"),
        minutes=f.within("minutes", plausible.HABIT_MINUTES),
        liters=f.within("liters", plausible.HYDRATION_LITERS),
        hours=f.within("hours", plausible.SLEEP_HOURS),
        targets=f.numbers("targets", plausible.TARGETS),
        regions=_habit_regions(f),
    )


#: Habits that work on body regions (DESIGN §4: "regions: the body regions worked").
REGION_HABITS = ("stretch", "strength", "foam_roll")


def _habit_regions(f: Fields) -> tuple[Region, ...]:
    """The habit's ``regions``, each a body region, on a kind that works regions."""
    if f.raw.get("regions") and f.raw.get("kind") not in REGION_HABITS:
        raise f.error(
            "regions", f"only {', '.join(REGION_HABITS)} entries name body regions"
        )
    words = f.texts("regions")
    for i, word in enumerate(words):
        if word not in REGIONS:
            raise f.error(
                f"regions[{i}]",
                f"{word!r} is not a body region{suggest(word, REGIONS)}",
            )
    return tuple(r for r in (word_in(REGIONS, w) for w in words) if r)


def _screening(f: Fields) -> Screening:
    day = f.day("date")
    assert day is not None
    test = _vocab(f, "test", SCREENING_TESTS, "a screening test")
    value = f.number("value", -math.inf, math.inf, required=True)
    assert value is not None
    allowed = plausible.SCREENINGS[test]
    if not allowed.low <= value <= allowed.high:
        raise f.error(
            "value",
            f"{test} of {day}: {value:g} is outside the human range "
            f"{allowed.describe()} ({allowed.what})",
        )
    if test in plausible.COUNTED and not value.is_integer():
        raise f.error("value", f"{test} of {day}: {value:g} is not a whole number")
    return Screening(
        date=day, test=test, side=_vocab(f, "side", SIDES, "a side"), value=value
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
    # Every answer is a known id by now (texts() names an unknown one).
    answers = (word_in(RED_FLAG_IDS, a) for a in f.texts("red_flags", RED_FLAG_IDS))
    return Checkin(date=day, red_flags=tuple(flag for flag in answers if flag))


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
        name = _required_text(f, "file", plausible.FILE_CHARS)
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
            sport=_optional_vocab(f, "sport", SPORTS, "a sport"),
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


def parse_journal(document: object, files: Collection[str]) -> RunnerJson:
    """Check a parsed runner.json against the files present; raise BundleError."""
    top = Fields(document, "top level")
    _header(top)
    profile = _profile(top.raw.get("runner"))
    shoes, shoe_entries = _section(top, "shoes", _shoe)
    _unique_shoes(shoes, shoe_entries)
    journal = Journal(
        profile=profile,
        shoes=shoes,
        aches=_section(top, "aches", _ache)[0],
        habits=_section(top, "habits", _habit)[0],
        screenings=_section(top, "screenings", _screening)[0],
        sessions=_section(top, "sessions", _session)[0],
        checkins=_section(top, "checkins", _checkin)[0],
    )
    warnings = _profile_warnings(profile)
    return RunnerJson(journal, _notes(top, files, shoes), warnings)


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


def _without_empty_regions(habit: Habit) -> object:
    entry = _plain(habit)
    if isinstance(entry, dict) and not habit.regions:
        entry.pop("regions", None)
    return entry


def journal_document(
    journal: Journal, notes: Iterable[ActivityNote] = ()
) -> dict[str, object]:
    """The runner.json document for a journal; ``parse_journal`` reads it back.

    Every field of ``Journal`` is written (a RunnerData's workouts are not: the
    activity files are the record of what was run).
    """
    said = [n for n in notes if (n.shoe, n.rpe, n.notes, n.sport) != (None,) * 4]
    document: dict[str, object] = {"format": FORMAT, "version": VERSION}
    for f in fields(Journal):
        document[SECTION_KEYS.get(f.name, f.name)] = _plain(getattr(journal, f.name))
        if f.name == "habits":  # regions are written only where some were logged
            document["habits"] = [_without_empty_regions(h) for h in journal.habits]
        if f.name == "shoes":  # the notes name shoes: they come right after them
            document["activities"] = _plain(said)
    return document
