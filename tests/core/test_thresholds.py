"""Settings reach every rule: a replaced threshold changes every part of one analysis
that reads it, and core keeps no tunable number outside ``Thresholds``."""

from __future__ import annotations

import ast
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

from stridelight.core.analysis import analyze
from stridelight.core.journal import Ache, RunnerData, Screening, Shoe
from stridelight.core.results import Analysis, Evidence
from stridelight.core.thresholds import DEFAULTS
from tests.core.scenarios import AS_OF, PROFILE, at, run

CORE = Path(__file__).resolve().parents[2] / "src" / "stridelight" / "core"

#: Module-level numbers core may keep, each with the reason it is not a setting.
ALLOWED_CONSTANTS = {
    ("track.py", "EARTH_RADIUS_M"): "a physical fact (the IUGG mean radius)",
    ("load.py", "TRIMP_CONSTANTS"): "the coefficients of Banister's published formula",
    ("patterns.py", "Z95"): "the normal quantile of the 95 % interval the texts name",
    ("patterns.py", "CONTINUITY"): "part of the Haldane–Anscombe correction itself",
    ("fascia.py", "MAX_ACHE_REASONS"): "how many reasons a link lists; ranks nothing",
    ("duplicates.py", "_FORMAT_RANK"): "an order of preference, not a quantity",
    # Drawing a route or a run's charts: sizes of a picture, they judge nothing.
    ("route.py", "BOX"): "the route picture's size in SVG units",
    ("route.py", "MARGIN"): "the route picture's margin in SVG units",
    ("route.py", "MAX_POINTS"): "how many points a drawn route keeps",
    ("route.py", "MAX_INPUT"): "how many points the simplifier reads at most",
    (
        "route.py",
        "FIRST_TOLERANCE",
    ): "the simplifier's first tolerance, in picture units",
    ("run_series.py", "MAX_POINTS"): "how many slices a run's chart draws",
    ("run_series.py", "SPLIT_M"): "a kilometre, the splits' length",
}


def evidence(result: Analysis, cause: str, signal: str) -> Evidence:
    finding = next(c for c in result.causes if c.id == cause)
    return next(e for e in finding.evidence if e.signal == signal)


# --- a replaced straight-leg-raise norm -----------------------------------------------


def tight_hamstrings(degrees: float) -> RunnerData:
    """A heel that aches, and a straight-leg raise of ``degrees`` on both sides."""
    aches = tuple(
        Ache(at(AS_OF - timedelta(days=d)), "heel", "left", 5, "after_run")
        for d in (1, 3, 5)
    )
    test = Screening(AS_OF - timedelta(days=10), "slr_deg", "both", degrees)
    return RunnerData(profile=PROFILE, aches=aches, screenings=(test,))


def hamstring_reasons(result: Analysis) -> tuple[str, ...]:
    link = next(c for c in result.chain if c.region == "hamstrings")
    return link.reasons


def test_a_replaced_slr_norm_changes_the_evidence_and_the_chain_alike() -> None:
    data = tight_hamstrings(75.0)
    default = analyze(data, as_of=AS_OF)
    lenient = analyze(data, as_of=AS_OF, thresholds=replace(DEFAULTS, slr_min_deg=70))

    assert evidence(default, "tight_chain", "straight_leg_raise").level == "watch"
    assert any("under 80°" in r for r in hamstring_reasons(default))

    assert evidence(lenient, "tight_chain", "straight_leg_raise").level == "clear"
    assert not any("straight-leg raise" in r for r in hamstring_reasons(lenient))


def test_a_stricter_slr_norm_reaches_the_chain_reason_too() -> None:
    data = tight_hamstrings(85.0)
    strict = analyze(data, as_of=AS_OF, thresholds=replace(DEFAULTS, slr_min_deg=90))
    assert evidence(strict, "tight_chain", "straight_leg_raise").level == "watch"
    assert any("under 90°" in r for r in hamstring_reasons(strict))


# --- a replaced shoe limit --------------------------------------------------------------


def worn_pair(limit_km: float | None) -> RunnerData:
    """One pair at 500 km, run in lately, with or without its own limit."""
    shoe = Shoe("a", "Pair A", "road", start_km=480.0, limit_km=limit_km)
    runs = tuple(run(AS_OF - timedelta(days=d), 5.0, shoe="a") for d in (2, 6))
    return RunnerData(profile=PROFILE, shoes=(shoe,), workouts=runs)


def test_the_shoe_limit_setting_reaches_a_pair_without_its_own_limit() -> None:
    data = worn_pair(None)
    default = analyze(data, as_of=AS_OF)
    tighter = analyze(
        data, as_of=AS_OF, thresholds=replace(DEFAULTS, shoe_limit_km=600)
    )
    assert default.shoes[0].limit_km == DEFAULTS.shoe_limit_km
    assert evidence(default, "footwear", "shoe_distance").level == "clear"
    assert tighter.shoes[0].limit_km == 600
    wear = evidence(tighter, "footwear", "shoe_distance")
    assert wear.level == "watch" and "600 km limit" in wear.text


def test_a_pair_with_its_own_limit_keeps_it_whatever_the_setting() -> None:
    data = worn_pair(700.0)
    tighter = analyze(
        data, as_of=AS_OF, thresholds=replace(DEFAULTS, shoe_limit_km=600)
    )
    assert tighter.shoes[0].limit_km == 700
    assert evidence(tighter, "footwear", "shoe_distance").level == "clear"


# --- no tunable number outside Thresholds ---------------------------------------------


def module_numbers(path: Path) -> list[str]:
    """Names assigned at module level to a value holding a numeric literal."""
    found: list[str] = []
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign):
            targets, value = node.targets, node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            targets, value = [node.target], node.value
        else:
            continue
        if any(_is_number(n) for n in ast.walk(value)):
            found.extend(ast.unparse(t) for t in targets)
    return found


def _is_number(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Constant)
        and isinstance(node.value, int | float | complex)
        and not isinstance(node.value, bool)
    )


def test_core_keeps_no_tunable_number_outside_thresholds() -> None:
    found = {
        (str(path.relative_to(CORE)), name)
        for path in sorted(CORE.rglob("*.py"))
        for name in module_numbers(path)
    }
    assert found - ALLOWED_CONSTANTS.keys() == set(), "make these Thresholds fields"


def test_the_allow_list_names_only_constants_that_exist() -> None:
    found = {
        (str(path.relative_to(CORE)), name)
        for path in sorted(CORE.rglob("*.py"))
        for name in module_numbers(path)
    }
    assert set(ALLOWED_CONSTANTS) <= found
    assert all(reason for reason in ALLOWED_CONSTANTS.values())


def test_the_guard_sees_a_number_however_it_is_written(tmp_path: Path) -> None:
    source = tmp_path / "m.py"
    source.write_text(
        "A = 3\nB: float = 0.5\nC = timedelta(hours=36)\nD = {'x': (1, 2)}\n"
        "E = 'text'\nF = True\n"
    )
    assert module_numbers(source) == ["A", "B", "C", "D"]
