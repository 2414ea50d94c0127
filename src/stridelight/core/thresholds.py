"""Every threshold and setting of the analysis, with the source it rests on.

One frozen dataclass so that a clinic (or a test) can change a setting with
``dataclasses.replace(DEFAULTS, monotony_flag=2.5)`` and nothing else moves.  Each
field carries its citation id in ``metadata["cite"]``; ``citation(name)`` reads it
and a test checks that every id exists in :mod:`stridelight.core.evidence`.
"""

from __future__ import annotations

from dataclasses import Field, dataclass, field, fields
from typing import Any, TypeVar

T = TypeVar("T")


def _t(default: T, cite: str) -> T:
    """A field with a default and the id of the source it comes from."""
    made: Any = field(default=default, metadata={"cite": cite})
    return made  # type: ignore[no-any-return]


@dataclass(frozen=True)
class Thresholds:
    # --- load (core.load) -------------------------------------------------------
    #: HRmax when neither the profile nor the birth year gives one.
    hr_max_default: float = _t(200.0, "runalyze_trimp")
    #: HRrest when the profile has none.
    hr_rest_default: float = _t(60.0, "runalyze_trimp")
    #: TRIMP per sRPE unit until the runner's own ratio is known: CR-10 anchors
    #: 3/5/7 meet Banister's per-minute rate at HR reserve 0.5/0.7/0.8 near 1/3.
    srpe_to_trimp: float = _t(1.0 / 3.0, "load_calibration")
    #: Workouts carrying both measures before the runner's own ratio replaces a default.
    calibration_min_workouts: int = _t(5, "load_calibration")
    #: Speed assumed usual when the runner has no run with a speed (6:00 min/km).
    pace_ref_speed_mps: float = _t(2.78, "pace_fallback")
    #: HR reserve assumed at the runner's usual speed; the estimate scales with speed.
    pace_ref_hrr: float = _t(0.65, "pace_fallback")
    pace_hrr_min: float = _t(0.45, "pace_fallback")
    pace_hrr_max: float = _t(0.90, "pace_fallback")

    # --- moving time (core.track, core.load) ------------------------------------
    #: Slower than this over a sample interval counts as standing still.
    moving_speed_mps: float = _t(0.5, "moving_time_rule")
    #: A gap between samples longer than this is a pause (auto-pause, stopped
    #: watch): it counts neither as moving time nor towards TRIMP.
    pause_gap_s: float = _t(60.0, "moving_time_rule")

    # --- fitness / fatigue / form (core.training) -------------------------------
    ctl_days: int = _t(42, "goldencheetah_pmc")
    atl_days: int = _t(7, "goldencheetah_pmc")
    #: CTL and ATL start at the mean daily load of this many first days, so that a
    #: short history does not read as a sudden overload.
    seed_days: int = _t(28, "intervals_form")
    #: Form is not shown or judged with less history than this.
    form_min_history_days: int = _t(28, "intervals_form")
    form_flag: float = _t(-30.0, "intervals_form")

    # --- monotony and strain ----------------------------------------------------
    monotony_watch: float = _t(1.5, "runalyze_monotony")
    monotony_flag: float = _t(2.0, "foster1998")
    #: Value used when all seven days carry the same non-zero load (SD = 0).
    monotony_cap: float = _t(10.0, "runalyze_monotony")
    #: Fewer loaded days than this in the week: monotony is not judged.
    monotony_min_loaded_days: int = _t(3, "data_sufficiency")

    # --- single-run spike and progression ---------------------------------------
    spike_reference_days: int = _t(30, "frandsen2025")
    #: Runs this early in the recorded history have too little before them to judge.
    spike_min_history_days: int = _t(14, "data_sufficiency")
    spike_small: float = _t(0.10, "frandsen2025")  # > 10 % over the longest
    spike_moderate: float = _t(0.30, "frandsen2025")
    spike_large: float = _t(1.00, "frandsen2025")
    #: Runs within this many days of "as of" are checked for a spike.
    spike_recent_days: int = _t(7, "frandsen2025")
    #: How strongly each spike tier counts: the small and moderate tiers carried
    #: similar hazards (1.64 and 1.52), the large tier a clearly higher one (2.28).
    spike_strength_small: float = _t(0.7, "frandsen2025")
    spike_strength_moderate: float = _t(0.7, "frandsen2025")
    spike_strength_large: float = _t(1.0, "frandsen2025")
    #: This many days or more without a run is a break: the run after it has no
    #: run in Frandsen's 30-day window, so it is compared with the longest run of
    #: the 30 days before the break, and the weeks back are a signal of their own.
    comeback_gap_days: int = _t(30, "comeback_rule")
    #: A comeback is watched for this many days after the first run back.
    comeback_window_days: int = _t(28, "comeback_rule")
    #: Week-on-week distance increase over the last two weeks.
    progression_flag: float = _t(0.30, "nielsen2014")
    #: Below this many km in the earlier week a percentage means little.
    progression_min_base_km: float = _t(10.0, "data_sufficiency")

    # --- variety ----------------------------------------------------------------
    variety_days: int = _t(28, "variety_heuristic")
    variety_min_runs: int = _t(6, "data_sufficiency")
    #: Coefficient of variation of run distance below this is "all the same length".
    variety_distance_cv: float = _t(0.15, "variety_heuristic")
    variety_pace_cv: float = _t(0.05, "variety_heuristic")
    #: Share of runs on the most common route at or above this is "one route".
    variety_route_share: float = _t(0.75, "variety_heuristic")
    #: Start positions are grouped on a grid of this many degrees (about 200 m).
    route_cell_deg: float = _t(0.002, "variety_heuristic")

    # --- footwear ---------------------------------------------------------------
    shoe_limit_km: float = _t(700.0, "cook1985")
    shoe_warn_fraction: float = _t(0.80, "cook1985")
    shoe_retire_fraction: float = _t(1.00, "cook1985")
    rotation_days: int = _t(28, "malisoux2015")
    rotation_share: float = _t(0.90, "malisoux2015")
    rotation_min_runs: int = _t(4, "data_sufficiency")
    shoe_change_days: int = _t(14, "shoe_change_heuristic")
    shoe_change_baseline_days: int = _t(90, "shoe_change_heuristic")
    #: A category is "new" below this share of the baseline's runs …
    shoe_change_old_share: float = _t(0.10, "shoe_change_heuristic")
    #: … and the change is "sudden" at or above this share of recent runs.
    shoe_change_new_share: float = _t(0.50, "shoe_change_heuristic")
    shoe_change_min_runs: int = _t(3, "data_sufficiency")
    shoe_ache_min_runs: int = _t(5, "data_sufficiency")
    #: An ache within this many hours after a run's start counts as following it.
    shoe_ache_window_h: float = _t(36.0, "shoe_ache_heuristic")
    shoe_ache_ratio: float = _t(2.0, "shoe_ache_heuristic")
    shoe_ache_diff: float = _t(0.25, "shoe_ache_heuristic")

    # --- tight chain ------------------------------------------------------------
    knee_to_wall_side_diff_cm: float = _t(1.5, "chisholm2012")
    knee_to_wall_drop_cm: float = _t(1.0, "chisholm2012")
    knee_to_wall_soft_norm_cm: float = _t(9.0, "kneetowall_norm")
    ankle_df_min_deg: float = _t(10.0, "riddle2003")
    ankle_df_severe_deg: float = _t(0.0, "riddle2003")
    slr_min_deg: float = _t(80.0, "ayala2013")
    #: Thomas test: a value above this is positive (a hip angle in degrees above
    #: horizontal, or 1 for a yes/no record).
    thomas_positive_above: float = _t(0.0, "vigotsky2016")
    heel_raise_min_reps: float = _t(25.0, "heberlosier2009")
    #: A test short of its norm watches at strength 0.5, rising to 1 this far short.
    slr_strength_span_deg: float = _t(20.0, "scoring_rule")
    heel_raise_strength_span_reps: float = _t(15.0, "scoring_rule")
    screening_max_age_days: int = _t(365, "data_sufficiency")
    finding_restriction_min: int = _t(2, "therapist_finding")
    finding_max_age_days: int = _t(120, "therapist_finding")
    step_band_mps: float = _t(0.25, "step_length_heuristic")
    step_recent_days: int = _t(28, "step_length_heuristic")
    step_baseline_days: int = _t(84, "step_length_heuristic")
    step_min_runs: int = _t(3, "data_sufficiency")
    step_drop_fraction: float = _t(0.04, "step_length_heuristic")
    ache_line_days: int = _t(28, "wilke2016")
    #: How strongly aches lining up on one line count, by the line's evidence
    #: grade [wilke2016]; aches on a line without support do not count.
    ache_line_strength_strong: float = _t(1.0, "scoring_rule")
    ache_line_strength_moderate: float = _t(0.7, "scoring_rule")
    ache_line_strength_limited: float = _t(0.5, "scoring_rule")

    # --- fascial chain ranking (core.fascia, core.fascia_restrictions) ----------
    #: Aches of this many last days send weight up the lines.
    chain_window_days: int = _t(56, "fascial_ranking")
    #: How much of an ache's weight a line carries, by its evidence grade.  An
    #: unsupported line still carries a little so that its regions show, ranked last.
    chain_grade_weight_strong: float = _t(1.0, "fascial_ranking")
    chain_grade_weight_moderate: float = _t(0.7, "fascial_ranking")
    chain_grade_weight_limited: float = _t(0.5, "fascial_ranking")
    chain_grade_weight_none: float = _t(0.2, "fascial_ranking")
    #: Share of the weight kept at each station up the line (0.7 ** 3 ≈ 0.34).
    chain_step_decay: float = _t(0.7, "fascial_ranking")
    #: An ache counts half as much every this many days before "as of".
    chain_recency_half_life_days: float = _t(14.0, "fascial_ranking")
    #: A fully restricted region (severity 1) counts (1 + gain) times as much.
    chain_restriction_gain: float = _t(1.0, "fascial_ranking")
    #: Raw score at which the 0..1 score reaches 1 − 1/e ≈ 0.63.
    chain_score_scale: float = _t(1.0, "fascial_ranking")
    #: Distance below the norm at which a test counts as fully restricted
    #: (severity 1); ankle dorsiflexion uses ``ankle_df_severe_deg`` instead.
    knee_to_wall_severity_span_cm: float = _t(5.0, "fascial_ranking")
    slr_severity_span_deg: float = _t(30.0, "fascial_ranking")
    heel_raise_severity_span_reps: float = _t(15.0, "fascial_ranking")
    #: Severity of a positive Thomas test: half, as its validity is poor
    #: [vigotsky2016].
    thomas_severity: float = _t(0.5, "fascial_ranking")

    # --- under-recovery ---------------------------------------------------------
    streak_watch_days: int = _t(7, "rest_day_heuristic")
    streak_flag_days: int = _t(14, "rest_day_heuristic")
    streak_window_days: int = _t(14, "rest_day_heuristic")
    #: Full rest days the plan asks for in the coming week when the streak
    #: watches, and when it flags (two weeks without one).
    rest_days_streak_watch: int = _t(1, "rest_day_heuristic")
    rest_days_streak_flag: int = _t(2, "rest_day_heuristic")
    habit_window_days: int = _t(14, "habit_heuristic")
    habit_skip_share: float = _t(0.5, "habit_heuristic")
    habit_min_run_days: int = _t(4, "data_sufficiency")
    hydration_below_share: float = _t(0.5, "daily_fluid_heuristic")
    hydration_min_days: int = _t(4, "data_sufficiency")
    morning_ache_rise: float = _t(2.0, "farrar2001")
    morning_window_days: int = _t(7, "farrar2001")

    # --- patterns (core.patterns) -----------------------------------------------
    #: Run days of this many last days are compared.
    pattern_window_days: int = _t(180, "pattern_rule")
    #: NRS at or above which an ache counts; 1–2 is everyday stiffness for many runners.
    pattern_ache_min_nrs: int = _t(3, "pattern_rule")
    #: An ache between a run's start and this many hours after its end follows the run.
    pattern_follow_up_h: float = _t(36.0, "pattern_rule")
    #: No pattern is claimed below these counts (run days; days followed by an ache).
    pattern_min_exposed: int = _t(5, "data_sufficiency")
    pattern_min_unexposed: int = _t(5, "data_sufficiency")
    pattern_min_events: int = _t(3, "data_sufficiency")
    #: A run this many times the window's median distance is a long run.
    pattern_long_run_factor: float = _t(1.5, "pattern_rule")
    #: Runs faster than this percentile of the window's paces are fast runs.
    pattern_fast_percentile: float = _t(25.0, "pattern_rule")
    #: Air temperature at or above which a run is a hot run.
    pattern_heat_c: float = _t(25.0, "pattern_rule")
    # A spike is judged as in repetitive strain: spike_small, spike_reference_days.

    # --- hydration targets (core.plan) ------------------------------------------
    daily_fluid_ml_per_kg: float = _t(30.0, "daily_fluid_heuristic")
    daily_fluid_default_l: float = _t(2.0, "daily_fluid_heuristic")
    prehydrate_ml_per_kg: tuple[float, float] = _t((5.0, 7.0), "sawka2007")
    during_l_per_h: tuple[float, float] = _t((0.4, 0.8), "sawka2007")
    long_run_minutes: float = _t(90.0, "kenefick2018")
    #: Air temperature on recent runs at or above which the upper drinking rate applies.
    heat_temp_c: float = _t(20.0, "acsm_heat")
    #: Safe ceilings on what the plan tells anyone to drink, whatever the body mass
    #: or the logged sweat rate: drinking beyond what the kidneys clear risks
    #: hyponatraemia, so a heavy runner or a big sweat test never raises a target
    #: past these.
    during_max_l_per_h: float = _t(1.0, "hydration_caps")
    prehydrate_max_ml: float = _t(600.0, "hydration_caps")
    daily_fluid_max_l: float = _t(4.0, "hydration_caps")

    # --- red flags --------------------------------------------------------------
    red_flag_ache_days: int = _t(14, "red_flags")
    #: The six questions count as asked when a check-in answered them at most this
    #: many days before "as of"; older answers are shown with their date.
    red_flag_screening_days: int = _t(28, "red_flags")
    night_start_hour: int = _t(22, "red_flags")
    night_end_hour: int = _t(6, "red_flags")

    # --- plan -------------------------------------------------------------------
    #: Heavy training compares the load of this many last days …
    heavy_window_days: int = _t(28, "heavy_training_rule")
    #: … with the median of such windows over the half year before, times this.
    heavy_ratio: float = _t(1.2, "heavy_training_rule")
    heavy_baseline_days: int = _t(182, "heavy_training_rule")
    heavy_min_history_days: int = _t(56, "heavy_training_rule")
    spike_cap: float = _t(0.10, "frandsen2025")
    stretch_minutes: float = _t(5.0, "habit_heuristic")
    #: Stretching logged with its regions over this many last days is compared
    #: with the top-ranked chain regions the plan aims the stretching at.
    stretch_regions_days: int = _t(14, "habit_heuristic")

    # --- the analysis day (core.as_of) -------------------------------------------
    #: Without a day asked for, data whose newest day is more than this many days
    #: before today is analysed as of that newest day, not as of an empty today.
    stale_data_days: int = _t(28, "data_sufficiency")

    # --- report (core.analysis) -------------------------------------------------
    #: Aches of the last this many days make the body-map averages.
    ache_map_days: int = _t(28, "body_map_rule")

    # --- levels and scores (detectors.base) -------------------------------------
    score_watch: float = _t(0.2, "scoring_rule")
    score_flag: float = _t(0.6, "scoring_rule")
    #: This many separate signals at "watch" add up to a flag.
    converging_watches: int = _t(3, "scoring_rule")
    #: How much one signal weighs in a cause's score (noisy-OR, see
    #: ``detectors.base``), by the grade of its source.  Below 1 so that no single
    #: signal makes a score of exactly 1.
    grade_weight_strong: float = _t(0.9, "scoring_rule")
    grade_weight_moderate: float = _t(0.7, "scoring_rule")
    grade_weight_weak: float = _t(0.45, "scoring_rule")
    grade_weight_convention: float = _t(0.45, "scoring_rule")
    grade_weight_heuristic: float = _t(0.35, "scoring_rule")

    # --- duplicates (core.duplicates) -------------------------------------------
    #: Two recordings of one runner are one activity when they overlap by more than
    #: this share of the shorter one's duration ("most of", DESIGN §2).
    duplicate_overlap_share: float = _t(0.5, "duplicate_rule")

    # --- sport from pace (stridelight.ingest) -----------------------------------
    #: A recording that names no sport (``generic``) counts as a run, where the
    #: rule applies, when its average speed lies in this band: from the speed at
    #: which people stop walking and start running (about 2 m/s) to 5 m/s
    #: (3:20 min/km over a whole activity; faster is more likely a bike).
    run_speed_min_mps: float = _t(1.9, "gait_transition")
    run_speed_max_mps: float = _t(5.0, "gait_transition")


DEFAULTS = Thresholds()


def citation(name: str) -> str:
    """The evidence id a threshold rests on."""
    for f in _fields():
        if f.name == name:
            return str(f.metadata["cite"])
    raise KeyError(f"no threshold named {name!r}")


def _fields() -> tuple[Field[Any], ...]:
    return fields(Thresholds)
