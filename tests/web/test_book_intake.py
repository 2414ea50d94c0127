"""The intake questions and what a runner's own log fills in (clinic.intake, pure)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from stridelight.clinic import intake
from stridelight.core.journal import Ache, Journal, RunnerData, Workout
from stridelight.core.vocabulary import REGIONS
from tests.conftest import ROOT

NOW = datetime(2027, 4, 20, 12, tzinfo=UTC)


def ache(days_ago: int, region: str = "heel", *quality: str) -> Ache:
    return Ache(
        at=NOW - timedelta(days=days_ago),
        region=region,  # type: ignore[arg-type]
        side="left",
        intensity=4,
        timing="after_run",
        quality=quality,
    )


def run(days_ago: int, km: float, sport: str = "running") -> Workout:
    return Workout(
        id=f"{sport}-{days_ago}",
        start=NOW - timedelta(days=days_ago),
        sport=sport,
        duration_s=3600,
        distance_m=km * 1000,
    )


def data(aches: tuple[Ache, ...] = (), runs: tuple[Workout, ...] = ()) -> RunnerData:
    return RunnerData.from_journal(Journal(aches=aches), runs)


def test_option_ids_are_unique_within_each_question() -> None:
    for question in intake.QUESTIONS:
        ids = [o.id for o in question.options]
        assert len(ids) == len(set(ids)), question.id


def test_where_offers_every_body_region_foot_first() -> None:
    where = next(q for q in intake.QUESTIONS if q.id == "where")
    assert sorted(o.id for o in where.options) == sorted(REGIONS)
    assert where.options[0].id == "toes"


def test_an_empty_log_fills_in_nothing() -> None:
    assert intake.prefill(data(), now=NOW) == {}


def test_recent_aches_fill_in_what_where_and_since_when() -> None:
    found = intake.prefill(
        data(aches=(ache(3, "arch", "tight", "burning"), ache(50, "heel"))), now=NOW
    )
    assert found["feel"] == ["tightness"]  # "burning" has no option of its own
    assert found["where"] == ["arch"]  # the heel ache is older than 28 days
    assert found["since"] == ["6_weeks_to_3_months"]  # the episode began 50 days ago


def test_weekly_running_counts_runs_only_over_four_weeks() -> None:
    runs = (run(2, 30), run(9, 30), run(16, 30), run(5, 200, "cycling"), run(40, 99))
    assert intake.prefill(data(runs=runs), now=NOW)["running"] == ["20_to_40_km"]


def test_no_recent_aches_leave_the_ache_questions_unanswered() -> None:
    found = intake.prefill(data(aches=(ache(60),), runs=(run(1, 5),)), now=NOW)
    assert "feel" not in found and "where" not in found and "since" not in found
    assert found["running"] == ["under_20_km"]


def test_docs_booking_lists_every_option_id_of_the_intake() -> None:
    page = (ROOT / "docs" / "booking.md").read_text(encoding="utf-8")
    for question in intake.QUESTIONS:
        row = next(line for line in page.splitlines() if f"| `{question.id}` |" in line)
        if question.id == "where":
            assert "body-regions.md" in row
            continue
        listed = re.findall(r"`([a-z0-9_]+)`", row.split(f"`{question.id}`")[1])
        assert listed == [o.id for o in question.options]
