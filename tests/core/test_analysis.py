"""``analyze``: the whole answer, per scenario, and the document's shape."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, timedelta

import pytest
from hypothesis import HealthCheck, given, settings

from stridelight.core.analysis import analyze
from stridelight.core.journal import Ache, RunnerData
from stridelight.core.results import Analysis
from stridelight.core.vocabulary import CAUSE_IDS
from tests.core import scenarios as sc
from tests.core.scenarios import AS_OF, at, journals, run


def levels(result: Analysis) -> dict[str, str]:
    return {c.id: c.level for c in result.causes}


def test_an_empty_journal_gives_a_complete_document_that_claims_nothing() -> None:
    result = analyze(RunnerData(), as_of=AS_OF)
    doc = json.loads(json.dumps(result.to_json()))
    assert doc["as_of"] == "2024-06-30" and doc["red_flags"] == []
    assert doc["red_flag_screening"] == {"answered_on": None}
    assert [c["id"] for c in doc["causes"]] == list(CAUSE_IDS)
    assert {c["level"] for c in doc["causes"]} == {"not_assessed"}
    assert {c["score"] for c in doc["causes"]} == {None}
    assert doc["plan"]["mfr_cadence"] == "monthly"
    assert doc["plan"]["actions"][0]["kind"] == "screen"
    assert any("No workouts" in n for n in result.notes)


@pytest.mark.parametrize(
    ("build", "cause"),
    [
        (sc.repetitive_strain, "repetitive_strain"),
        (sc.same_loop_every_day, "repetitive_strain"),
        (sc.footwear, "footwear"),
        (sc.tight_chain, "tight_chain"),
        (sc.under_recovery, "under_recovery"),
    ],
)
def test_each_scenario_flags_its_cause(build: object, cause: str) -> None:
    assert callable(build)
    assert levels(analyze(build(), as_of=AS_OF))[cause] == "flag"


def test_one_cause_scenarios_leave_unrelated_causes_clear() -> None:
    assert levels(analyze(sc.footwear(), as_of=AS_OF)) == {
        "repetitive_strain": "clear", "footwear": "flag",
        "tight_chain": "clear", "under_recovery": "clear",
    }  # fmt: skip
    assert levels(analyze(sc.tight_chain(), as_of=AS_OF))["footwear"] == "clear"


def test_the_healthy_runner_gets_maintenance_and_no_flags() -> None:
    result = analyze(sc.healthy(), as_of=AS_OF)
    assert set(levels(result).values()) == {"clear"}
    assert result.red_flags == () and result.plan.mfr_cadence == "monthly"


def test_red_flags_come_first_with_their_reasons() -> None:
    result = analyze(sc.red_flag(), as_of=AS_OF)
    assert result.red_flags == ("numbness_tingling",)
    assert result.plan.mfr_cadence == "refer_first"
    assert result.notes[0].startswith("Red flag numbness tingling")


def test_the_heavy_build_gets_weekly_sessions() -> None:
    assert analyze(sc.heavy_build(), as_of=AS_OF).plan.mfr_cadence == "weekly"


def test_data_after_as_of_is_ignored() -> None:
    base = sc.healthy()
    later = AS_OF + timedelta(days=1)
    future = replace(
        base,
        workouts=(*base.workouts, run(later, 40.0, shoe="a")),
        aches=(
            *base.aches,
            Ache(at(later), "heel", "left", 9, "at_rest", ("numbness",)),
        ),
    )
    assert (
        analyze(future, as_of=AS_OF).to_json() == analyze(base, as_of=AS_OF).to_json()
    )


def test_a_late_evening_run_belongs_to_its_local_day() -> None:
    # 23:30 in New York on "as of" is already the next day in UTC.
    late = run(AS_OF, 10.0, shoe="a", hour=23)
    assert late.start.astimezone(UTC).date() > AS_OF
    result = analyze(RunnerData(profile=sc.PROFILE, workouts=(late,)), as_of=AS_OF)
    assert result.series is not None
    assert result.series.distance_km[-1] == 10.0


def test_the_series_covers_every_day_up_to_as_of() -> None:
    data = sc.healthy()
    series = analyze(data, as_of=AS_OF).series
    assert series is not None
    first = min(w.start for w in data.workouts).date()
    assert (series.days[0], series.days[-1]) == (first, AS_OF)
    assert len(series.days) == (AS_OF - first).days + 1
    assert (
        len(
            {len(series.days), len(series.load), len(series.form), len(series.ache_max)}
        )
        == 1
    )
    assert series.monotony[:6] == (None,) * 6
    assert max(v for v in series.ache_max if v is not None) == 2


def test_shoe_distance_adds_assigned_runs_to_the_starting_distance() -> None:
    base = sc.footwear()
    status = {s.id: s for s in analyze(base, as_of=AS_OF).shoes}
    assigned = sum(w.distance_m for w in base.workouts if w.shoe == "a") / 1000
    assert status["a"].km == pytest.approx(50.0 + assigned)
    assert status["a"].share_28d == 1.0 and status["b"].runs_28d == 0
    earlier = {s.id: s for s in analyze(base, as_of=AS_OF - timedelta(days=7)).shoes}
    assert earlier["a"].km < status["a"].km


def test_the_body_map_averages_recent_aches_by_region_and_side() -> None:
    result = analyze(sc.tight_chain(), as_of=AS_OF)
    assert result.ache_by_region["calf:left"] == 4.0
    assert set(result.ache_by_region) <= {"heel:left", "calf:left"}


def test_the_load_note_says_where_load_came_from() -> None:
    mixed = (run(AS_OF, 5.0), run(AS_OF - timedelta(days=1), 5.0, trimp=None, rpe=4.0),
             run(AS_OF - timedelta(days=2), 5.0, trimp=None))  # fmt: skip
    notes = analyze(RunnerData(workouts=mixed), as_of=AS_OF).notes
    assert any("1 from heart rate" in n and "1 from your effort" in n and "estimated" in n
               for n in notes)  # fmt: skip


def test_the_document_is_plain_json() -> None:
    doc = analyze(sc.tight_chain(), as_of=AS_OF).to_json()
    text = json.dumps(doc)
    assert json.loads(text)["chain"] and json.loads(text)["patterns"] is not None


def test_the_benchmarks_ten_year_runner_analyses_whole() -> None:
    """The speed is the benchmark's (docs/benchmarks.md), never a timed test:
    here only that its runner is what it says and analyses to four causes."""
    from bench.analysis import bench_analysis

    result = bench_analysis(repeat=1)
    assert result["runs"] == 5_000 and result["aches"] == 3_000
    assert result["days"] > 3_000  # ten years of days in the load series


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(journals())
def test_any_journal_gives_a_json_document_with_the_four_causes(
    data: RunnerData,
) -> None:
    result = analyze(data, as_of=AS_OF)
    doc = json.loads(json.dumps(result.to_json()))
    assert [c["id"] for c in doc["causes"]] == list(CAUSE_IDS)
    assert doc["plan"]["mfr_cadence"] in ("weekly", "monthly", "refer_first")
    for cause in doc["causes"]:
        if cause["level"] == "not_assessed":
            assert cause["score"] is None and cause["needs"]
        else:
            assert 0.0 <= cause["score"] <= 1.0
