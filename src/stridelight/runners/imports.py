"""``import_sources``: activity files, folders, exports and bundles into a runner's store.

The rules (issue "The store", DESIGN §2):

- **Idempotent.**  A file is known by the sha256 of its bytes as received.  The
  same bytes again (in this import or a later one) add nothing and are not
  decoded: a re-import only reads and hashes.
- **One recording once.**  After the files are written, ``recordings.settle_
  duplicates`` runs core's rule over all the runner's rows, old and new: the
  richer file is kept, the other linked to it with ``duplicate_of``.
- **Atomic per activity.**  A file is decoded first (in worker processes), then
  stored under its content name (``originals``), then its row is inserted, in
  transactions of :data:`BATCH` rows; the insert is the commit point.  A file
  that fails leaves nothing; a kill leaves at most stored files without rows,
  which the rerun adopts (the bytes checked) as it imports those files again.
- **One bad file never stops the rest**: each rejected file comes back with
  a path to paste and the reason.

Sources: an activity file (FIT, GPX, TCX, their .gz), a folder of them, a
Strava or Garmin account export, a plain zip, or a runner bundle (zip or
folder with runner.json).  Bundles are read first, whatever the order given,
so that every file is summarised with the runner's profile (heart-rate bounds,
sex for the load).

**A bundle's journal replaces the stored one** (profile, shoes, aches, habits,
screenings, sessions, check-ins): a bundle is the runner's whole journal, as
``export`` writes it, and its entries carry no ids to merge by.  Activities are
never removed by it; a stored pair the bundle does not list stays while a
stored activity was run in it (Strava's gear, say), so no run loses its shoe.
The bundle's note on a file (shoe, rpe, notes, sport) applies to that file.

From a Strava export, the gear worn on runs becomes the runner's shoes (distance
before the first recorded run unknown: ``start_km_unknown``), and each
activity keeps Strava's name (as its name), type and perceived exertion (in
``extra["strava"]``).  As in ``ingest``, when no file of a journal-less source
names its sport, the ones at running speed count as runs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from django.db import DatabaseError, IntegrityError, transaction

from stridelight.accounts.models import User
from stridelight.core.journal import (
    ActivityNote,
    Journal,
    RunnerData,
    RunnerProfile,
    Workout,
)
from stridelight.core.thresholds import DEFAULTS, Thresholds
from stridelight.importers import DEFAULT_LIMITS, Limits, ReadError
from stridelight.importers.bundle import Bundle, read_bundle
from stridelight.importers.limits import MAX_PATH_CHARS
from stridelight.importers.raw_files import iter_files
from stridelight.ingest import Progress, check_retired_pairs, is_bundle, runs_by_pace
from stridelight.runners import models as m
from stridelight.runners import originals
from stridelight.runners.import_files import (
    WORKERS,
    Decoder,
    FileFacts,
    FileRefused,
    FileTask,
)
from stridelight.runners.recordings import settle_duplicates
from stridelight.runners.rows import OriginalFile, activity_row
from stridelight.runners.selectors import profile_of, shoe_of

#: Rows inserted per transaction.
BATCH = 100
#: Strava's columns an activity keeps beside its name.
STRAVA_KEPT = ("type", "perceived_exertion")


@dataclass(frozen=True)
class Rejected:
    """A file (or a whole source) that was not imported: where it is, and why."""

    path: str  # a path to paste: the source, then the entry inside it
    reason: str

    @property
    def text(self) -> str:
        return f"{self.path}: {self.reason}"


@dataclass(frozen=True)
class ImportReport:
    """What an import did, file by file.

    ``new`` files became activities of their own, ``duplicates`` were stored as
    copies of another recording (counted once), ``already_there`` were files
    the store already held (the same bytes), ``rejected`` could not be read.
    ``lines`` says, in the user's words, what else happened to single files.
    """

    new: int = 0
    already_there: int = 0
    duplicates: int = 0
    rejected: tuple[Rejected, ...] = ()
    lines: tuple[str, ...] = ()
    run_id: int | None = None  # the ImportRun row that keeps these counts

    @property
    def summary(self) -> str:
        return (
            f"{self.new} new, {self.already_there} already there, "
            f"{self.duplicates} duplicates, {len(self.rejected)} rejected"
        )


def import_sources(
    *,
    user: User,
    sources: Sequence[Path],
    progress: Progress | None = None,
    limits: Limits = DEFAULT_LIMITS,
    thresholds: Thresholds = DEFAULTS,
    workers: int = WORKERS,
    on_source: Callable[[Path], None] | None = None,
) -> ImportReport:
    """Import every source into ``user``'s store; see the module's rules.

    ``progress`` is told (file number, None) as each file starts to be read,
    ``on_source`` each source as its reading starts (bundles come first);
    ``workers`` decoding processes (0: decode in this process).
    """
    # services re-exports this module, so it is imported here, not at the top.
    from stridelight.runners.services import runner_for

    run = _Import(runner_for(user), progress, limits, thresholds)
    with Decoder(workers) as decoder:
        for source in sorted(sources, key=lambda s: not is_bundle(s)):
            if on_source is not None:
                on_source(Path(source))
            run.source(Path(source), decoder)
    return run.finish()


@dataclass(frozen=True)
class _New:
    """A decoded file, stored, waiting for its row."""

    facts: FileFacts
    sha256: str
    stored_as: str
    extra: Mapping[str, object]


@dataclass
class _Import:
    """One import's state (mutable while it walks the sources)."""

    runner: m.Runner
    progress: Progress | None
    limits: Limits
    thresholds: Thresholds
    files: int = 0
    already_there: int = 0
    added: list[str] = field(default_factory=list)  # paths of the new rows
    rejected: list[Rejected] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)
    known: set[str] = field(default_factory=set)  # sha256 of the stored files
    # Byte-identical copies met while their first is still being decoded share
    # its fate: stored ("already there") or refused with its reason.
    waiting: dict[str, list[tuple[Path, str]]] = field(default_factory=dict)
    refused: dict[str, str] = field(default_factory=dict)  # sha256 -> reason
    paths: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        stored = m.Activity.objects.filter(runner=self.runner)
        for sha256, path in stored.values_list("sha256", "path"):
            self.known.add(sha256)
            self.paths.add(path)

    # --- sources -------------------------------------------------------------

    def source(self, source: Path, decoder: Decoder) -> None:
        try:
            if is_bundle(source):
                self._bundle(source, decoder)
            else:
                self._files(source, decoder)
        except ReadError as exc:
            where = exc.source
            if not where.startswith(str(source)):
                where = f"{source}/{where}"
            self.rejected.append(Rejected(where, exc.reason))

    def _bundle(self, source: Path, decoder: Decoder) -> None:
        bundle = read_bundle(source, limits=self.limits)
        for entry, reason in bundle.skipped:
            self.rejected.append(Rejected(f"{source}/{entry}", reason))
        reads = zip(bundle.iter_activity_reads(), bundle.notes, strict=True)
        no_metadata: Mapping[str, str] = {}
        items = ((name, data, note, no_metadata) for (name, data), note in reads)
        news = self._decode(source, items, bundle.journal.profile, decoder)
        try:
            _check_pairs(bundle, news)
        except ReadError:
            originals.forget(n.stored_as for n in news)
            raise
        from stridelight.runners.services import extras_save, journal_replace

        journal_replace(runner=self.runner, journal=self._merged(bundle.journal))
        self._write(source, news)
        # The bundle's unknown keys ride on the rows, so an export gives them back.
        extras_save(runner=self.runner, document=bundle.document)

    def _files(self, source: Path, decoder: Decoder) -> None:
        items = (
            (f.entry, f.error or f.data, ActivityNote(f.entry), f.metadata)
            for f in iter_files(source, limits=self.limits)
            if not self._skipped(source, f.entry, f.skipped)
        )
        news = self._decode(source, items, profile_of(self.runner), decoder)
        news = self._by_pace(news)
        self._add_worn_shoes(news)
        self._write(source, news)

    def _skipped(self, source: Path, entry: str, why: str | None) -> bool:
        if why is not None:
            self.lines.append(f"{source}/{entry}: {why}")
        return why is not None

    # --- decoding --------------------------------------------------------------

    def _decode(
        self,
        source: Path,
        items: Iterable[
            tuple[str, bytes | ReadError | None, ActivityNote, Mapping[str, str]]
        ],
        profile: RunnerProfile,
        decoder: Decoder,
    ) -> list[_New]:
        """The source's files not stored yet, decoded and stored (no rows yet)."""
        news: list[_New] = []
        tasks = self._tasks(source, items, profile)
        for decoded, (sha256, data, metadata) in decoder.decode_all(tasks):
            copies = self.waiting.pop(sha256, [])
            if isinstance(decoded, FileRefused):
                self.refused[sha256] = decoded.reason
                self._reject(source, decoded.entry, decoded.reason)
                for copy_source, entry in copies:
                    self._reject(copy_source, entry, decoded.reason)
                continue
            self.known.add(sha256)
            self.already_there += len(copies)
            stored_as = originals.keep(data, sha256=sha256, entry=decoded.entry)
            news.append(_New(decoded, sha256, stored_as, _strava_extra(metadata)))
        return news

    def _tasks(
        self,
        source: Path,
        items: Iterable[
            tuple[str, bytes | ReadError | None, ActivityNote, Mapping[str, str]]
        ],
        profile: RunnerProfile,
    ) -> Iterator[tuple[FileTask, tuple[str, bytes, Mapping[str, str]]]]:
        """Each file's decoding task; known bytes and unreadable files stop here."""
        for entry, data, note, metadata in items:
            self.files += 1
            if self.progress is not None:
                self.progress(self.files, None)
            if not isinstance(data, bytes):
                reason = data.reason if data is not None else "could not be read"
                self._reject(source, entry, reason)
                continue
            sha256 = originals.sha256_of(data)
            if sha256 in self.refused:
                self._reject(source, entry, self.refused[sha256])
                continue
            if sha256 in self.waiting:
                self.waiting[sha256].append((source, entry))
                continue
            if sha256 in self.known:
                self.already_there += 1
                continue
            self.waiting[sha256] = []
            task = FileTask(
                entry, data, note, profile, metadata, self.limits, self.thresholds
            )
            yield task, (sha256, data, metadata)

    def _reject(self, source: Path, entry: str, reason: str) -> None:
        path = str(source) if source.is_file() and entry == source.name else None
        self.rejected.append(Rejected(path or f"{source}/{entry}", reason))

    # --- what a source adds to the journal ------------------------------------

    def _merged(self, journal: Journal) -> Journal:
        """The bundle's journal plus the stored pairs it does not list that are worn."""
        listed = {s.id for s in journal.shoes}
        worn = m.Shoe.objects.filter(
            runner=self.runner, activities__isnull=False
        ).exclude(key__in=listed)
        kept = tuple(shoe_of(s) for s in worn.distinct().order_by("id"))
        return replace(journal, shoes=(*journal.shoes, *kept))

    def _by_pace(self, news: list[_New]) -> list[_New]:
        """No file of the source names a sport: the ones at running speed are runs."""
        workouts, note = runs_by_pace(tuple(n.facts.workout for n in news))
        if note is None:
            return news
        self.lines.append(note)
        return [
            replace(n, facts=replace(n.facts, workout=w))
            for n, w in zip(news, workouts, strict=True)
        ]

    def _add_worn_shoes(self, news: list[_New]) -> None:
        """Strava's gear worn on runs: one pair per name, distance before unknown."""
        for key in sorted({n.facts.workout.shoe for n in news if n.facts.workout.shoe}):
            m.Shoe.objects.get_or_create(
                runner=self.runner,
                key=key,
                defaults={"name": key, "start_km_unknown": True},
            )

    # --- rows ------------------------------------------------------------------

    def _write(self, source: Path, news: list[_New]) -> None:
        """Rows in transactions of BATCH; a batch that fails is retried row by row."""
        for n in news:
            for line in n.facts.warnings:
                self.lines.append(f"{source}/{n.facts.entry}: {line}")
            if n.facts.by_pace:
                self.lines.append(
                    f"{source}/{n.facts.entry} was cut short before it said its "
                    "sport; counted as a run from its pace"
                )
        shoes = dict(m.Shoe.objects.filter(runner=self.runner).values_list("key", "id"))
        rows = [(n, self._row(n, shoes)) for n in news]
        for start in range(0, len(rows), BATCH):
            batch = rows[start : start + BATCH]
            try:
                with transaction.atomic():
                    m.Activity.objects.bulk_create(row for _, row in batch)
            except (IntegrityError, DatabaseError):
                self._write_one_by_one(source, batch)
                continue
            self.added.extend(row.path for _, row in batch)

    def _write_one_by_one(
        self, source: Path, batch: list[tuple[_New, m.Activity]]
    ) -> None:
        for n, row in batch:
            try:
                with transaction.atomic():
                    row.pk = None
                    row.save(force_insert=True)
            except (IntegrityError, DatabaseError) as exc:
                self._reject(source, n.facts.entry, f"could not be stored: {exc}")
                originals.forget([n.stored_as])
                continue
            self.added.append(row.path)

    def _row(self, n: _New, shoes: Mapping[str, int]) -> m.Activity:
        w = n.facts.workout
        path = self._free_path(w.id, n.sha256)
        facts = n.facts
        original = OriginalFile(
            sha256=n.sha256,
            format=facts.format,
            samples=facts.samples,
            channels=facts.channels,
            storage_name=n.stored_as,
            sub_sport=facts.sub_sport,
            name=facts.name,
            device=facts.device,
        )
        return activity_row(
            runner=self.runner,
            workout=w,
            original=original,
            shoe_id=None if w.shoe is None else shoes[w.shoe],
            path=path,
            extra=n.extra,
        )

    def _free_path(self, path: str, sha256: str) -> str:
        """The file's path, unless another file of the runner has it: then marked
        with its hash, cut first where it would not fit its column."""
        if path in self.paths:
            mark = f"#{sha256[:12]}"
            path = path[: MAX_PATH_CHARS - len(mark)] + mark
        self.paths.add(path)
        return path

    # --- the end ---------------------------------------------------------------

    def finish(self) -> ImportReport:
        from stridelight.runners.services import data_changed

        copies = settle_duplicates(self.runner, thresholds=self.thresholds)
        data_changed(self.runner)  # analyses cached before this import are stale
        added = set(self.added)
        duplicates = 0
        for copy in copies:
            if copy.path in added:
                duplicates += 1
                self.lines.append(
                    f"{copy.path} is the same recording as {copy.original}: "
                    "stored, counted once"
                )
            else:
                self.lines.append(
                    f"{copy.path} is now a copy of the richer {copy.original}: "
                    "counted once"
                )
        report = ImportReport(
            new=len(added) - duplicates,
            already_there=self.already_there,
            duplicates=duplicates,
            rejected=tuple(self.rejected),
            lines=tuple(self.lines),
        )
        return replace(report, run_id=_record(self.runner, report))


@transaction.atomic
def _record(runner: m.Runner, report: ImportReport) -> int:
    """Keep the import's counts and every rejected file's reason for the pages."""
    run = m.ImportRun.objects.create(
        runner=runner,
        new=report.new,
        already_there=report.already_there,
        duplicates=report.duplicates,
    )
    m.RejectedFile.objects.bulk_create(
        m.RejectedFile(run=run, path=r.path, reason=r.reason) for r in report.rejected
    )
    return run.pk


def _check_pairs(bundle: Bundle, news: list[_New]) -> None:
    """A run logged in a pair after its retirement refuses the bundle, as in ingest."""
    workouts: tuple[Workout, ...] = tuple(n.facts.workout for n in news)
    check_retired_pairs(RunnerData.from_journal(bundle.journal, workouts), bundle)


def _strava_extra(metadata: Mapping[str, str]) -> dict[str, object]:
    kept = {k: metadata[k] for k in STRAVA_KEPT if metadata.get(k)}
    return {"strava": kept} if kept else {}
