"""``stridelight demo``: the shipped demo runner, imported, analysed and reported.

No server to start: it reads ``samples/demo-runner`` (a runner bundle) and prints
its activities, then builds the embedded SQLite store (``demo_store``: a clinic
admin, a therapist and the runner, the bundle imported through the import
service), reads the analysis back from the store, prints the summary and how to
log in, and writes the HTML report.  The analysis date is the day after the last
activity (in the runner's time zone), so the demo prints the same thing whenever
it runs; a second run adds nothing to the store.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from rich import box
from rich.console import Console, JustifyMethod
from rich.markup import escape
from rich.table import Table

from stridelight import settings
from stridelight.cli_output import cannot_write
from stridelight.cli_summary import print_summary
from stridelight.core.activity import Activity
from stridelight.core.journal import RunnerData
from stridelight.core.results import Analysis
from stridelight.demo_store import DemoStore, build_demo_store
from stridelight.importers import DEFAULT_LIMITS, Limits, ReadError
from stridelight.ingest import Ingested, ingest

if TYPE_CHECKING:
    from stridelight.report import ClinicInfo

BUNDLE_ENV = "STRIDELIGHT_DEMO_BUNDLE"
BUNDLE_PARTS = ("samples", "demo-runner")
REPORT_NAME = "demo-report.html"


def find_demo_bundle(start: Path | None = None) -> Path:
    """The demo bundle: $STRIDELIGHT_DEMO_BUNDLE, else samples/demo-runner in a checkout.

    Walks up from this file (an editable install or a source tree) and then from
    the working directory, so both ``make demo`` and a copied tree find it.
    """
    override = settings.env_optional_str(BUNDLE_ENV)
    if override:
        return Path(override)
    here = (start or Path(__file__)).resolve()
    tried: list[Path] = []
    cwd = Path.cwd().resolve()
    for top in (*here.parents, cwd, *cwd.parents):
        candidate = top.joinpath(*BUNDLE_PARTS)
        if (candidate / "runner.json").is_file():
            return candidate
        tried.append(candidate)
    raise FileNotFoundError(
        "the demo runner (samples/demo-runner) was not found; run from a Stridelight "
        f"checkout or set {BUNDLE_ENV} to a runner bundle (looked in {tried[0]} and above)"
    )


def run_demo(
    console: Console,
    *,
    clinic: ClinicInfo,
    limits: Limits = DEFAULT_LIMITS,
    out_dir: Path = Path("out"),
) -> int:
    """Print the demo runner's activities, analysis and plan; write the report."""
    try:
        loaded = ingest(find_demo_bundle(), limits=limits, keep_activities=True)
    except (FileNotFoundError, ReadError) as exc:
        console.print(f"[bold red]error:[/] {exc}")
        return 1
    console.print(activity_table(loaded))
    for error in loaded.errors:
        console.print(f"[yellow]skipped[/] {error.file}: {error.reason}")
    if not loaded.data.workouts:
        console.print(
            "[bold red]error:[/] no activity of the demo runner could be read"
        )
        return 1
    as_of = day_after_last_run(loaded.data)
    try:
        store = build_demo_store(bundle=find_demo_bundle(), as_of=as_of)
    except ValueError as exc:
        console.print(f"[bold red]error:[/] {escape(str(exc))}")
        return 1
    print_summary(console, store.data, store.analysis)
    _print_store(console, store)
    target = out_dir / REPORT_NAME
    try:
        report = _write_report(store.analysis, target, clinic, store.data.profile.name)
    except OSError as exc:
        problem = escape(cannot_write("the report", target, exc))
        console.print(f"[bold red]error:[/] {problem}", soft_wrap=True)
        return 1
    console.print(f"\nReport written to [bold]{report}[/]")
    return 0


def _print_store(console: Console, store: DemoStore) -> None:
    added = f"{store.new} activities imported, {store.already_there} already there"
    console.print(f"\nThe embedded store ({settings.data_dir()}): {added}.")
    console.print(
        "Log in with [bold]stridelight serve[/] at http://127.0.0.1:8000/accounts/login/"
        f" (passwords also in {store.logins_file}):"
    )
    for email, role, password in store.logins:
        console.print(f"  {role:<12} {email}  {escape(password)}")


def day_after_last_run(data: RunnerData) -> date:
    zone = data.profile.zone
    return max(w.start.astimezone(zone).date() for w in data.workouts) + timedelta(1)


def _write_report(
    analysis: Analysis, path: Path, clinic: ClinicInfo, runner_name: str | None
) -> Path:
    # Imported here: the report pulls in the charting stack, which importing this
    # module should not.
    from stridelight.report import write_report

    path.parent.mkdir(parents=True, exist_ok=True)
    return write_report(analysis, path, runner_name=runner_name, clinic=clinic)


# --- the activities table --------------------------------------------------


COLUMNS = (  # header, right-aligned, (narrowest, widest) when space runs short
    ("date", False, (9, 9)), ("sport", False, (7, 12)), ("km", True, (4, 5)),
    ("time", True, (7, 8)), ("HR", True, (3, 3)), ("spm", True, (3, 3)),
    ("step m", True, (6, 6)), ("shoe", False, (12, 18)), ("file", False, (8, None)),
)  # fmt: skip


def activity_table(loaded: Ingested) -> Table:
    data = loaded.data
    zone = data.profile.zone
    shoes = {shoe.id: shoe.name for shoe in data.shoes}
    days = [w.start.astimezone(zone).date() for w in data.workouts]
    span = f"{min(days)} to {max(days)}" if days else "none"
    table = Table(
        title=f"Demo runner: {len(days)} activities, {span}",
        title_justify="left",
        box=box.SIMPLE_HEAD,
        padding=(0, 1),
        collapse_padding=True,
        pad_edge=False,
    )
    for name, right, (narrowest, widest) in COLUMNS:
        justify: JustifyMethod = "right" if right else "left"
        table.add_column(
            name,
            justify=justify,
            no_wrap=True,
            overflow="ellipsis",
            min_width=narrowest,
            max_width=widest,
        )
    for w, day in zip(data.workouts, days, strict=True):
        table.add_row(
            day.strftime("%a %m-%d"),
            w.sport,
            f"{w.distance_m / 1000:.1f}",
            _clock(w.duration_s),
            _whole(w.avg_hr),
            _whole(_cadence(loaded.activities.get(w.id))),
            "-" if w.step_length_m is None else f"{w.step_length_m:.2f}",
            shoes.get(w.shoe or "", "-"),
            Path(w.id).name,
        )
    return table


def _clock(seconds: float) -> str:
    whole = round(seconds)
    return f"{whole // 3600}:{whole % 3600 // 60:02d}:{whole % 60:02d}"


def _whole(value: float | None) -> str:
    return "-" if value is None else f"{value:.0f}"


def _cadence(activity: Activity | None) -> float | None:
    if activity is None or not activity.is_on_foot:
        return None
    return activity.avg_cadence_spm
