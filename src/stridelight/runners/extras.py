"""The keys of a runner.json that Stridelight does not know, kept for the export.

DESIGN §4: unknown keys survive a round trip.  On import they are taken out of
the document (:func:`unknown_keys`) and kept on the rows (``extra``,
``Runner.bundle_extra``); on export they are put back into the freshly written
document (:func:`with_unknown`).  Entries are matched as the store keeps them:
shoes by id, activities by file, the other sections by position (rows keep the
bundle's order), findings by position within their session.

Pure: no Django here, so both directions are plain data in, plain data out.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields
from typing import Any

from stridelight.core import journal as core
from stridelight.importers.bundle.schema import SECTIONS

Keys = dict[str, Any]

#: The keys a reader knows: the bundle's header and sections, and each entry's
#: fields (the core types' field names are the runner.json keys).
TOP_KEYS = frozenset({"format", "version", *SECTIONS})


def _names(kind: type) -> frozenset[str]:
    return frozenset(f.name for f in fields(kind))


KNOWN = {
    "runner": _names(core.RunnerProfile),
    "shoes": _names(core.Shoe),
    "activities": _names(core.ActivityNote),
    "aches": _names(core.Ache),
    "habits": _names(core.Habit),
    "screenings": _names(core.Screening),
    "sessions": _names(core.TherapySession),
    "findings": _names(core.Finding),
    "checkins": _names(core.Checkin),
}
#: Sections whose entries are matched by position.
BY_POSITION = ("aches", "habits", "screenings", "checkins")


@dataclass(frozen=True)
class Unknown:
    """Every unknown key of one runner.json, where the store keeps it."""

    top: Keys = field(default_factory=dict)
    runner: Keys = field(default_factory=dict)
    shoes: Mapping[str, Keys] = field(default_factory=dict)  # by shoe id
    activities: Mapping[str, Keys] = field(default_factory=dict)  # by file
    #: aches, habits, screenings, checkins: one dict per entry, in order.
    entries: Mapping[str, tuple[Keys, ...]] = field(default_factory=dict)
    sessions: tuple[Keys, ...] = ()
    findings: tuple[tuple[Keys, ...], ...] = ()  # per session, per finding


def unknown_keys(document: Mapping[str, object]) -> Unknown:
    """The unknown keys of a checked runner.json (``Bundle.document``)."""
    sessions = _entries(document, "sessions")
    return Unknown(
        top={k: v for k, v in document.items() if k not in TOP_KEYS},
        runner=_unknown(_object(document.get("runner")), KNOWN["runner"]),
        shoes=_keyed(document, "shoes", "id"),
        activities=_keyed(document, "activities", "file"),
        entries={
            name: tuple(_unknown(e, KNOWN[name]) for e in _entries(document, name))
            for name in BY_POSITION
        },
        sessions=tuple(_unknown(s, KNOWN["sessions"]) for s in sessions),
        findings=tuple(
            tuple(
                _unknown(f, KNOWN["findings"]) for f in _object_list(s.get("findings"))
            )
            for s in sessions
        ),
    )


def with_unknown(document: Mapping[str, object], unknown: Unknown) -> dict[str, Any]:
    """``document`` with the unknown keys put back; a known key is never replaced."""
    out: dict[str, Any] = dict(document)
    _merge(out, unknown.top)
    out["runner"] = _merged(_object(out.get("runner")), unknown.runner)
    out["shoes"] = [
        _merged(s, unknown.shoes.get(str(s.get("id")), {}))
        for s in _entries(out, "shoes")
    ]
    out["activities"] = [
        _merged(a, unknown.activities.get(str(a.get("file")), {}))
        for a in _entries(out, "activities")
    ]
    for name in BY_POSITION:
        extras = unknown.entries.get(name, ())
        out[name] = [
            _merged(e, extras[i] if i < len(extras) else {})
            for i, e in enumerate(_entries(out, name))
        ]
    out["sessions"] = [
        _session(s, i, unknown) for i, s in enumerate(_entries(out, "sessions"))
    ]
    return out


def _session(entry: Keys, i: int, unknown: Unknown) -> Keys:
    session = _merged(entry, unknown.sessions[i] if i < len(unknown.sessions) else {})
    found = unknown.findings[i] if i < len(unknown.findings) else ()
    session["findings"] = [
        _merged(f, found[j] if j < len(found) else {})
        for j, f in enumerate(_object_list(session.get("findings")))
    ]
    return session


def _keyed(document: Mapping[str, object], section: str, key: str) -> dict[str, Keys]:
    """Unknown keys of the entries of ``section`` by their ``key``, where any."""
    out: dict[str, Keys] = {}
    for entry in _entries(document, section):
        unknown = _unknown(entry, KNOWN[section])
        if unknown:
            out[str(entry.get(key))] = unknown
    return out


def _unknown(entry: Mapping[str, object], known: frozenset[str]) -> Keys:
    return {k: v for k, v in entry.items() if k not in known}


def _merged(entry: Mapping[str, object], extra: Mapping[str, object]) -> Keys:
    out = dict(entry)
    _merge(out, extra)
    return out


def _merge(out: Keys, extra: Mapping[str, object]) -> None:
    for key, value in extra.items():
        out.setdefault(key, value)


def _entries(document: Mapping[str, object], section: str) -> list[Keys]:
    return _object_list(document.get(section))


def _object_list(value: object) -> list[Keys]:
    return [dict(e) for e in _list(value) if isinstance(e, dict)]


def _list(value: object) -> Iterable[Any]:
    return value if isinstance(value, list) else ()


def _object(value: object) -> Keys:
    return dict(value) if isinstance(value, dict) else {}
