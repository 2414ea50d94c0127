"""Reading a runner's rows as core objects: the only place rows become core types.

No file is decoded here: every figure the analysis needs was computed at import
and kept on the row.  Copies of a recording (``duplicate_of`` set) are left
out, as ``core.duplicates.keep_once`` leaves them out of a bundle's analysis.

``runner_data`` is on the path of every page that shows an analysis (a
ten-year runner is some 20,000 rows), so it reads plain tuples of the columns
the core objects need (``values_list``), one query per section, the shoe's key
joined in SQL: no model instance is built and no ``extra`` (the unknown bundle
keys, for exports only) is decoded.  ``profile_of``, ``shoe_of`` and
``workout_of`` read a model instance the same way, for code that holds rows.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from datetime import UTC, date, datetime
from functools import lru_cache
from typing import Any, cast

import psycopg
from django.db import connections
from django.db.models import QuerySet, TextField
from django.db.models.functions import Cast

from stridelight.accounts.models import User
from stridelight.core import journal as core
from stridelight.core.vocabulary import (
    ACHE_TIMINGS,
    HABIT_KINDS,
    RED_FLAG_IDS,
    REGIONS,
    SCREENING_TESTS,
    SESSION_KINDS,
    SEXES,
    SIDES,
    Word,
)
from stridelight.runners import models as m
from stridelight.runners import sharing

Row = tuple[Any, ...]
Column = str | Cast


def runner_data(user: User) -> core.RunnerData:
    """Everything stored for ``user``; an account without runner data is empty."""
    runner = m.Runner.objects.filter(user=user).only(*PROFILE_COLUMNS).first()
    return core.RunnerData() if runner is None else data_of(runner)


def data_of(runner: m.Runner) -> core.RunnerData:
    """Everything stored for a runner row read with at least ``PROFILE_COLUMNS``."""
    rid = runner.pk
    shoe_rows = tuple(_rows(m.Shoe, rid, ("id", *_SHOE_COLUMNS)))
    journal = core.Journal(
        profile=profile_of(runner),
        shoes=tuple(_shoe(r[1:]) for r in shoe_rows),
        aches=aches_of(rid),
        habits=_habits(rid),
        screenings=tuple(
            _screening(r) for r in _rows(m.Screening, rid, _SCREENING_COLUMNS)
        ),
        sessions=_sessions(rid),
        checkins=checkins_of(rid),
    )
    shoe_keys = {r[0]: r[1] for r in shoe_rows}
    return core.RunnerData.from_journal(journal, _workouts(rid, shoe_keys))


def aches_of(runner_id: int) -> tuple[core.Ache, ...]:
    """The runner's aches (the diary part a check-in adds to)."""
    return tuple(_ache(r) for r in _fetched(_rows(m.Ache, runner_id, _ACHE_COLUMNS)))


def checkins_of(runner_id: int) -> tuple[core.Checkin, ...]:
    """The runner's check-ins' red-flag answers (the other diary part)."""
    return tuple(_checkin(r) for r in _rows(m.Checkin, runner_id, _CHECKIN_COLUMNS))


def _rows(model: type[m.RunnerRow], runner_id: int, columns: tuple[Column, ...]) -> Any:
    """One section's rows as tuples of ``columns``, in the model's order."""
    return model._default_manager.filter(runner_id=runner_id).values_list(*columns)


def _fetched(rows: QuerySet[Any, Row]) -> Iterable[Row]:
    """The tuples of a ``values_list`` query, on PostgreSQL in the binary format.

    PostgreSQL writes a float as text with its shortest round-trip digits, and
    that costs: 5,000 activities of 11 floats came back in 32 ms as text and 15
    in binary (psycopg, this machine).  Django asks for text and has no switch,
    so the query Django compiled runs on a binary cursor of the same connection,
    wrapped as Django wraps its own (query logging, ``execute_wrapper``).  Only
    queries whose columns Django would not convert take this way (text casts,
    numbers, dates, booleans; ``tests/web/test_selectors_binary.py``).
    """
    connection = connections[rows.db]
    if connection.vendor != "postgresql":
        return rows
    compiler = rows.query.get_compiler(using=rows.db)
    sql, params = compiler.as_sql()
    if compiler.get_converters([column for column, _, _ in compiler.select]):
        return rows
    connection.ensure_connection()
    # Django's connections make client-side-binding cursors, which cannot ask
    # for binary results: this one binds on the server (the parameters are ids).
    raw: Any = psycopg.Cursor(connection.connection)
    raw.format = psycopg.pq.Format.BINARY
    cursor = (
        connection.make_debug_cursor(raw)
        if connection.queries_logged
        else connection.make_cursor(raw)
    )
    with cursor:
        cursor.execute(sql, params)
        return cast(list[Row], cursor.fetchall())


def _json(column: str) -> Cast:
    """A JSON column read as its text, for ``_decoded``: most of a diary's lists
    and targets are empty, and Django's own decoder parses every one of them
    (half the time of reading the habits)."""
    return Cast(column, output_field=TextField())


def _text(column: str) -> Cast:
    """A date column read as its ISO text (PostgreSQL's DateStyle ISO, as
    ``_aware`` needs), for ``date.fromisoformat``."""
    return Cast(column, output_field=TextField())


def _instant(column: str) -> Cast:
    """A datetime column read as its ISO text, for ``_aware``: Django's own
    conversion parses each value in Python (a regular expression per value on
    PostgreSQL, 4 µs; half the time of reading the activities)."""
    return Cast(column, output_field=TextField())


def _aware(text: str) -> datetime:
    """A stored datetime's text as an aware datetime in UTC (``datetime.UTC``,
    which core's comparisons with UTC bounds take the fast way).

    SQLite holds UTC without an offset ("2024-05-01 06:30:00", with or without
    microseconds): it is given one before parsing, 8x faster than parsing it
    naive and ``replace(tzinfo=UTC)`` (whose keyword parsing costs 3 µs).
    PostgreSQL writes the offset of the session's zone, in ISO form under its
    default ``DateStyle``.
    """
    if len(text) in _WITHOUT_OFFSET:
        text += "+00:00"
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(
            f"the database wrote the datetime {text!r}, not in ISO 8601: "
            "PostgreSQL's DateStyle must be ISO"
        ) from None
    if parsed.tzinfo is UTC:
        return parsed
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


#: The lengths of "YYYY-MM-DD HH:MM:SS" and "YYYY-MM-DD HH:MM:SS.ffffff": no
#: offset ("+00" makes PostgreSQL's 22 or 29, "+05:30" 25 or 32).
_WITHOUT_OFFSET = (19, 26)


@lru_cache(maxsize=1024)
def _strings(text: str) -> tuple[str, ...]:
    """A JSON list of words as a tuple, each distinct text parsed once: a diary
    repeats the same few lists (an ache's qualities, a stretch's regions)."""
    return tuple(_decoded(text))


def _decoded(text: str) -> Any:
    """A JSON column's text as a value; the empty list and object without parsing."""
    if text == "[]":
        return ()
    if text == "{}":
        return {}
    return json.loads(text)


def _index(vocabulary: tuple[Word, ...]) -> dict[str, Word]:
    return {word: word for word in vocabulary}


# Each vocabulary as a lookup: a stored word becomes its Literal type in one step.
_SEX = _index(SEXES)
_REGION = _index(REGIONS)
_SIDE = _index(SIDES)
_TIMING = _index(ACHE_TIMINGS)
_HABIT_KIND = _index(HABIT_KINDS)
_TEST = _index(SCREENING_TESTS)
_SESSION_KIND = _index(SESSION_KINDS)
_RED_FLAG = _index(RED_FLAG_IDS)


def _words(words: Mapping[str, Word], values: Iterable[str]) -> Iterator[Word]:
    return (_word(words, value) for value in values)


def _word(words: Mapping[str, Word], value: str) -> Word:
    """A stored word as its vocabulary's type; the column's choices made it one."""
    try:
        return words[value]
    except KeyError:
        raise ValueError(f"{value!r} is not one of {tuple(words)}") from None


# --- model instances (for code that already holds rows) ------------------------

PROFILE_COLUMNS = (
    "id",
    "sex",
    "birth_year",
    "body_mass_kg",
    "max_hr",
    "rest_hr",
    "time_zone",
    "name",
)


def profile_of(r: m.Runner) -> core.RunnerProfile:
    return core.RunnerProfile(
        sex=None if r.sex is None else _word(_SEX, r.sex),
        birth_year=r.birth_year,
        body_mass_kg=r.body_mass_kg,
        max_hr=r.max_hr,
        rest_hr=r.rest_hr,
        time_zone=r.time_zone,
        name=r.name,
    )


def shoe_of(s: m.Shoe) -> core.Shoe:
    return core.Shoe(
        id=s.key,
        name=s.name,
        category=s.category,
        started_on=s.started_on,
        retired_on=s.retired_on,
        start_km=s.start_km,
        limit_km=s.limit_km,
        start_km_unknown=s.start_km_unknown,
    )


def workout_of(a: m.Activity) -> core.Workout:
    """An activity row as core's Workout (reads ``a.shoe``: select it along)."""
    return _workout(
        tuple(
            (None if a.shoe is None else a.shoe.key)
            if column == "shoe__key"
            else getattr(a, column)
            for column in _WORKOUT_FIELDS
        ),
        start=a.start,
    )


# --- tuples of columns (runner_data) --------------------------------------------

_SHOE_COLUMNS = (
    "key",
    "name",
    "category",
    "started_on",
    "retired_on",
    "start_km",
    "limit_km",
    "start_km_unknown",
)


def _shoe(row: Row) -> core.Shoe:
    key, name, category, started_on, retired_on, start_km, limit_km, unknown = row
    return core.Shoe(
        id=key,
        name=name,
        category=category,
        started_on=started_on,
        retired_on=retired_on,
        start_km=start_km,
        limit_km=limit_km,
        start_km_unknown=unknown,
    )


_ACHE_COLUMNS = (
    _instant("at"),
    "region",
    "side",
    "intensity",
    "timing",
    _json("quality"),
    "notes",
)


def _ache(row: Row) -> core.Ache:
    at, region, side, intensity, timing, quality, notes = row
    # Positional (the field order of ``Ache``): a check-in's refresh reads them all.
    return core.Ache(
        _aware(at),
        _word(_REGION, region),
        _word(_SIDE, side),
        intensity,
        None if timing is None else _word(_TIMING, timing),
        _strings(quality),
        notes,
    )


_HABIT_COLUMNS = (
    _text("date"),
    "kind",
    "minutes",
    "liters",
    "hours",
    _json("targets"),
    _json("regions"),
)


def _habits(runner_id: int) -> tuple[core.Habit, ...]:
    """The habit entries (8,000 for ten years, the most rows after none), each
    built in one positional call, the date parsed from its ISO text (Django's
    converter per value took a third of reading them on SQLite)."""
    habit, day = core.Habit, date.fromisoformat
    return tuple(
        habit(day(on), _word(_HABIT_KIND, kind), minutes, liters, hours,
              cast(dict[str, float], _decoded(targets)),
              # Most entries name no region: no generator built for them.
              () if regions == "[]" else tuple(_words(_REGION, _strings(regions))))
        for on, kind, minutes, liters, hours, targets, regions in _fetched(
            _rows(m.Habit, runner_id, _HABIT_COLUMNS)
        )
    )  # fmt: skip


_SCREENING_COLUMNS = ("date", "test", "side", "value")


def _screening(row: Row) -> core.Screening:
    day, test, side, value = row
    return core.Screening(
        date=day, test=_word(_TEST, test), side=_word(_SIDE, side), value=value
    )


def _sessions(runner_id: int) -> tuple[core.TherapySession, ...]:
    """The sessions with their findings: two queries, however many sessions."""
    findings: defaultdict[int, list[core.Finding]] = defaultdict(list)
    for session_id, region, side, restriction in (
        m.Finding.objects.filter(session__runner_id=runner_id)
        .order_by("id")
        .values_list("session_id", "region", "side", "restriction")
    ):
        findings[session_id].append(
            core.Finding(
                region=_word(_REGION, region),
                side=_word(_SIDE, side),
                restriction=restriction,
            )
        )
    return tuple(
        core.TherapySession(
            date=day,
            kind=_word(_SESSION_KIND, kind),
            findings=tuple(findings.get(session_id, ())),
        )
        for session_id, day, kind in _rows(
            m.TherapySession, runner_id, ("id", "date", "kind")
        )
    )


_CHECKIN_COLUMNS = ("date", _json("red_flags"))


def _checkin(row: Row) -> core.Checkin:
    day, flags = row
    return core.Checkin(date=day, red_flags=tuple(_words(_RED_FLAG, _strings(flags))))


_WORKOUT_FIELDS = (
    "path",
    "start",
    "sport",
    "duration_s",
    "distance_m",
    "moving_time_s",
    "avg_hr",
    "trimp",
    "rpe",
    "shoe__key",
    "step_length_m",
    "avg_speed_mps",
    "start_lat",
    "start_lon",
    "temperature_c",
    "notes",
)


#: What ``runner_data`` reads of an activity: the shoe as its id (the runner's
#: shoes are read anyway, so their keys come from there rather than a join of
#: every activity row), the start as its text (``_aware``).
_WORKOUT_COLUMNS = tuple(
    "shoe_id" if f == "shoe__key" else _instant(f) if f == "start" else f
    for f in _WORKOUT_FIELDS
)


def _workouts(runner_id: int, shoe_keys: Mapping[int, str]) -> tuple[core.Workout, ...]:
    """The kept recordings in order of start, each built from one tuple (the
    columns are in the field order of ``Workout``; ``core.journal.maker``, a
    third faster than the positional call for its 16 fields): 5,000 of them are
    on the path of a page."""
    rows = _fetched(
        m.Activity.objects.filter(runner_id=runner_id, duplicate_of__isnull=True)
        .order_by("start", "path")
        .values_list(*_WORKOUT_COLUMNS)
    )
    keys = shoe_keys.get
    workout = core.maker(core.Workout)
    return tuple(
        workout((path, _aware(start), sport, duration_s, distance_m, moving_time_s,
                 avg_hr, trimp, rpe, keys(shoe), step_length_m, avg_speed_mps,
                 start_lat, start_lon, temperature_c, notes))
        for (path, start, sport, duration_s, distance_m, moving_time_s, avg_hr,
             trimp, rpe, shoe, step_length_m, avg_speed_mps, start_lat, start_lon,
             temperature_c, notes) in rows
    )  # fmt: skip


def _workout(row: Row, *, start: datetime) -> core.Workout:
    """The row's columns in ``_WORKOUT_FIELDS`` order; ``start`` already read."""
    (path, _, sport, duration_s, distance_m, moving_time_s, avg_hr, trimp, rpe,
     shoe, step_length_m, avg_speed_mps, start_lat, start_lon, temperature_c,
     notes) = row  # fmt: skip
    return core.Workout(
        id=path,
        start=start,
        sport=sport,
        duration_s=duration_s,
        distance_m=distance_m,
        moving_time_s=moving_time_s,
        avg_hr=avg_hr,
        trimp=trimp,
        rpe=rpe,
        shoe=shoe,
        step_length_m=step_length_m,
        avg_speed_mps=avg_speed_mps,
        start_lat=start_lat,
        start_lon=start_lon,
        temperature_c=temperature_c,
        notes=notes,
    )


def aches_between(
    runner: m.Runner, start: datetime, end: datetime
) -> tuple[core.Ache, ...]:
    """The runner's aches with ``start <= at < end``, as core objects (a day's)."""
    rows = _rows(m.Ache, runner.pk, _ACHE_COLUMNS).filter(at__gte=start, at__lt=end)
    return tuple(_ache(r) for r in rows)


def sharing_in_force(
    user: User, scope: str = sharing.CLINIC_CARE
) -> m.SharingConsent | None:
    """The runner's consent to share that is in force now, if any (revoking
    sets ``revoked_at``, so a withdrawn consent is never returned)."""
    return (
        m.SharingConsent.objects.filter(
            runner__user=user, scope=scope, revoked_at__isnull=True
        )
        .order_by("-given_at")
        .first()
    )
