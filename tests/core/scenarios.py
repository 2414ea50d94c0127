"""In-memory runners for the analysis tests: one per cause, a red-flag case, a
healthy runner, a heavy build and an empty journal.

Each builder starts from the same healthy base (six months of varied running in
two rotated pairs, habits logged, normal screenings) and changes only what its
cause is about, so a test that expects "only this cause" really tests one thing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import strategies as st

from stridelight.core.journal import (
    Ache,
    Checkin,
    Finding,
    Habit,
    RunnerData,
    RunnerProfile,
    Screening,
    Shoe,
    TherapySession,
    Workout,
)
from stridelight.core.vocabulary import SCREENING_TESTS, Region

TZ = ZoneInfo("America/New_York")
AS_OF = date(2024, 6, 30)  # a Sunday
PROFILE = RunnerProfile(
    sex="female", birth_year=1990, body_mass_kg=60.0, max_hr=190, rest_hr=50,
    time_zone="America/New_York",
)  # fmt: skip
HOME = (40.6782, -73.9442)
PARK = (40.6602, -73.9690)
RIVER = (40.7003, -73.9967)
#: Weekly template (Monday first): km, pace in min/km, start place.  Distances,
#: paces and routes vary, runs fall on four days, the long run on Sunday.
WEEK: tuple[tuple[float, float, tuple[float, float]] | None, ...] = (
    None,
    (6.0, 5.6, HOME),
    None,
    (9.0, 5.2, PARK),
    None,
    (5.0, 6.4, RIVER),
    (14.0, 6.1, HOME),
)
#: TRIMP per minute at an easy-to-steady effort (about HR reserve 0.6).
TRIMP_PER_MIN = 1.2


def at(day: date, hour: int = 7, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=TZ)


def run(
    day: date,
    km: float,
    *,
    pace: float = 6.0,
    place: tuple[float, float] = HOME,
    shoe: str | None = None,
    hour: int = 7,
    trimp: float | None = -1.0,
    rpe: float | None = None,
    step: float | None = 1.0,
    temperature: float | None = None,
) -> Workout:
    """A run; ``trimp`` -1 means "from duration at an easy effort", None none."""
    seconds = km * pace * 60.0
    return Workout(
        id=f"{day.isoformat()}-{hour:02d}-{km:g}.fit",
        start=at(day, hour),
        sport="running",
        duration_s=seconds,
        distance_m=km * 1000.0,
        moving_time_s=seconds,
        trimp=seconds / 60.0 * TRIMP_PER_MIN if trimp == -1.0 else trimp,
        rpe=rpe,
        shoe=shoe,
        step_length_m=step,
        avg_speed_mps=1000.0 / (pace * 60.0),
        start_lat=place[0],
        start_lon=place[1],
        temperature_c=temperature,
    )


def days_back(n: int, end: date = AS_OF) -> list[date]:
    """The ``n`` days ending on ``end``, oldest first."""
    return [end - timedelta(days=i) for i in range(n - 1, -1, -1)]


def weekly_runs(
    days: Iterable[date], shoes: Sequence[str] = ("a", "b"), scale: float = 1.0
) -> list[Workout]:
    """The weekly template over ``days`` in the given pairs."""
    out: list[Workout] = []
    for day in days:
        slot = WEEK[day.weekday()]
        if slot is not None:
            km, pace, place = slot
            # Alternate run by run, shifted each week, so both pairs get long runs.
            turn = len(out) + day.isocalendar().week
            shoe = shoes[turn % len(shoes)] if shoes else None
            out.append(run(day, km * scale, pace=pace, place=place, shoe=shoe))
    return out


def routine_habits(workouts: Iterable[Workout]) -> list[Habit]:
    """Warm-up before and stretching after every run; enough to drink that day."""
    out: list[Habit] = []
    for w in workouts:
        day = w.start.astimezone(TZ).date()
        out += [Habit(day, "warmup", minutes=5), Habit(day, "stretch", minutes=5),
                Habit(day, "hydration", liters=3.0)]  # fmt: skip
    return out


def normal_screenings(day: date) -> list[Screening]:
    return [
        Screening(day, "knee_to_wall_cm", "left", 12.0),
        Screening(day, "knee_to_wall_cm", "right", 12.5),
        Screening(day, "ankle_df_deg", "both", 15.0),
        Screening(day, "slr_deg", "both", 85.0),
        Screening(day, "thomas", "both", 0.0),
        Screening(day, "heel_raise_reps", "both", 30.0),
    ]


def occasional_aches(workouts: Sequence[Workout]) -> list[Ache]:
    """A mild heel ache after every eighth run, so each pair gets its share."""
    return [
        Ache(
            w.start + timedelta(hours=3), "heel", "left", 2, "after_run", ("tightness",)
        )
        for w in workouts[3::8]
    ]


def healthy(as_of: date = AS_OF) -> RunnerData:
    workouts = weekly_runs(days_back(182, as_of))
    return RunnerData(
        profile=PROFILE,
        shoes=(Shoe("a", "Road pair A", "road", as_of - timedelta(days=200)),
               Shoe("b", "Road pair B", "road", as_of - timedelta(days=200))),
        workouts=tuple(workouts),
        aches=tuple(occasional_aches(workouts)),
        habits=tuple(routine_habits(workouts)),
        screenings=tuple(normal_screenings(as_of - timedelta(days=60))),
        sessions=(TherapySession(as_of - timedelta(days=30), "discovery",
                                 (Finding("calf", "left", 1),)),),
        checkins=tuple(Checkin(d, ()) for d in days_back(182, as_of)[::7]),
    )  # fmt: skip


def replace_last_days(
    data: RunnerData, days: int, new: Iterable[Workout]
) -> RunnerData:
    """The runner's workouts with the last ``days`` days swapped for ``new``."""
    cut = at(AS_OF - timedelta(days=days - 1), 0)
    kept = tuple(w for w in data.workouts if w.start < cut)
    return replace(data, workouts=(*kept, *new))


def repetitive_strain() -> RunnerData:
    """A 26 km run on Saturday where the longest of the month was 14 km."""
    base = healthy()
    saturday = AS_OF - timedelta(days=1)
    week = [w for w in weekly_runs(days_back(7)) if w.start.date() != AS_OF]
    spike = run(saturday, 26.0, pace=6.2, shoe="a", hour=8)
    return replace_last_days(base, 7, [*week, spike])


def same_loop_every_day() -> RunnerData:
    """Four weeks of the same 8 km loop at the same pace, every day."""
    base = healthy()
    loop = [
        run(d, 8.0, pace=5.5, shoe="ab"[i % 2]) for i, d in enumerate(days_back(28))
    ]
    return replace(
        replace_last_days(base, 28, loop), habits=tuple(routine_habits(loop))
    )


def footwear() -> RunnerData:
    """Every run of the last two months in one pair, now near 90 % of its limit."""
    base = healthy()
    recent = weekly_runs(days_back(56), shoes=("a",))
    shoes = (replace(base.shoes[0], start_km=50.0), base.shoes[1])
    return replace(replace_last_days(base, 56, recent), shoes=shoes)


def tight_chain() -> RunnerData:
    """Tests below norms, restrictions found by the therapist, aches foot to calf."""
    base = healthy()
    day = AS_OF - timedelta(days=10)
    tests = [
        Screening(day, "knee_to_wall_cm", "left", 7.0),
        Screening(day, "knee_to_wall_cm", "right", 9.5),
        Screening(day, "ankle_df_deg", "left", 6.0),
        Screening(day, "slr_deg", "both", 68.0),
        Screening(day, "heel_raise_reps", "left", 17.0),
    ]
    session = TherapySession(
        day, "mfr", (Finding("calf", "left", 3), Finding("hamstrings", "left", 2))
    )
    aches = [
        Ache(at(d, 19), region, "left", 4, "after_run", ("tightness",))
        for d in days_back(14)[::3]
        for region in ("heel", "calf")
    ]
    return replace(
        base,
        screenings=(*base.screenings, *tests),
        sessions=(*base.sessions, session),
        aches=(*base.aches, *aches),
    )


def under_recovery() -> RunnerData:
    """Twelve days in a row at double load, stretching dropped, mornings worse."""
    base = healthy()
    block = [run(d, 12.0, pace=5.4, place=(PARK, RIVER, HOME)[i % 3], shoe="ab"[i % 2])
             for i, d in enumerate(days_back(12))]  # fmt: skip
    data = replace_last_days(base, 12, block)
    mornings = [
        Ache(at(d, 7), "arch", "right", 2, "next_morning") for d in days_back(14)[:7:2]
    ]
    mornings += [
        Ache(at(d, 7), "arch", "right", 5, "next_morning") for d in days_back(7)[::2]
    ]
    # Stretching dropped, as the post-run check-in records it: 0 minutes.
    habits = [
        replace(h, minutes=0.0)
        if h.kind == "stretch" and h.date >= AS_OF - timedelta(days=14)
        else h
        for h in data.habits
    ]
    return replace(data, aches=(*data.aches, *mornings), habits=tuple(habits))


def red_flag() -> RunnerData:
    """A healthy runner whose latest check-in reports numbness."""
    base = healthy()
    return replace(
        base, checkins=(*base.checkins, Checkin(AS_OF, ("numbness_tingling",)))
    )


def night_pain_ache() -> RunnerData:
    """No flag ticked, but an ache logged at rest at 2 a.m."""
    base = healthy()
    ache = Ache(at(AS_OF - timedelta(days=2), 2), "top_of_foot", "right", 6, "at_rest")
    return replace(base, aches=(*base.aches, ache))


def heavy_build() -> RunnerData:
    """Six months steady, then four weeks at 1.5 × the distance, built gradually."""
    base = healthy()
    build = weekly_runs(days_back(28), scale=1.0)
    bigger = [replace(w, distance_m=w.distance_m * 1.5, duration_s=w.duration_s * 1.5,
                      moving_time_s=(w.moving_time_s or 0) * 1.5, trimp=(w.trimp or 0) * 1.5)
              for w in build]  # fmt: skip
    extra = [run(d, 7.0, pace=5.9, place=RIVER, shoe="b") for d in days_back(28)
             if d.weekday() == 2]  # fmt: skip
    return replace_last_days(base, 28, [*bigger, *extra])


def new_runner(days: int = 10) -> RunnerData:
    """A few days of running and nothing else."""
    runs = [run(d, 5.0 + i % 3, shoe="a") for i, d in enumerate(days_back(days)[::2])]
    return RunnerData(
        profile=PROFILE, shoes=(Shoe("a", "First pair"),), workouts=tuple(runs)
    )


# --- random journals for property tests -------------------------------------------

REGION_CHOICES: st.SearchStrategy[Region] = st.sampled_from(
    ["heel", "arch", "calf", "hamstrings", "toes", "knee_front"]
)
TESTS = list(SCREENING_TESTS)


def _day(draw: st.DrawFn, most: int) -> date:
    return AS_OF - timedelta(days=draw(st.integers(0, most)))


@st.composite
def journals(draw: st.DrawFn) -> RunnerData:
    """Any small journal: runs, aches, tests and habits within a few months."""
    runs = [
        run(_day(draw, 120), draw(st.floats(1, 40)), pace=draw(st.floats(3.5, 9)),
            shoe=draw(st.sampled_from(["a", "b", None])),
            trimp=draw(st.one_of(st.none(), st.floats(0, 400))),
            rpe=draw(st.one_of(st.none(), st.floats(0, 10))),
            step=draw(st.one_of(st.none(), st.floats(0.6, 1.6))))
        for _ in range(draw(st.integers(0, 40)))
    ]  # fmt: skip
    aches = [
        Ache(at(_day(draw, 60)), draw(REGION_CHOICES), "left", draw(st.integers(0, 10)),
             draw(st.sampled_from(["during_run", "after_run", "next_morning", "at_rest", None])))
        for _ in range(draw(st.integers(0, 15)))
    ]  # fmt: skip
    tests = [
        Screening(_day(draw, 500), draw(st.sampled_from(TESTS)),
                  draw(st.sampled_from(["left", "right", "both"])), draw(st.floats(-10, 120)))
        for _ in range(draw(st.integers(0, 6)))
    ]  # fmt: skip
    habits = [
        Habit(_day(draw, 20), draw(st.sampled_from(["stretch", "warmup", "hydration"])),
              minutes=draw(st.floats(0, 30)), liters=draw(st.floats(0, 5)))
        for _ in range(draw(st.integers(0, 20)))
    ]  # fmt: skip
    shoes = (Shoe("a", "A", "road", start_km=draw(st.floats(0, 900))),
             Shoe("b", "B", draw(st.sampled_from(["road", "trail", None]))))  # fmt: skip
    return RunnerData(shoes=shoes, workouts=tuple(runs), aches=tuple(aches),
                      screenings=tuple(tests), habits=tuple(habits))  # fmt: skip
