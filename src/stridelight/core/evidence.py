"""The registry of sources: every threshold, rule and plan action cites one of these ids.

``docs/evidence.md`` explains each rule in prose; this module is the machine-readable
side, so a test can check that nothing cites an id that does not exist.  The grade
says how far a source carries the rule that uses it, and it also sets how much a
signal built on it weighs in a cause's score (:func:`grade_weights`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from stridelight.core.thresholds import DEFAULTS, Thresholds
from stridelight.core.vocabulary import EvidenceGrade


@dataclass(frozen=True)
class Source:
    id: str
    reference: str  # short bibliographic reference
    supports: str  # what we use it for, in our words
    grade: EvidenceGrade


def _sources(*items: Source) -> Mapping[str, Source]:
    return MappingProxyType({s.id: s for s in items})


SOURCES: Mapping[str, Source] = _sources(
    # --- load -------------------------------------------------------------------
    Source(
        "banister1991",
        "Banister EW 1991; Morton RH et al. 1990, J Appl Physiol",
        "Exponential TRIMP from heart-rate reserve, sex-specific constants "
        "(men a=0.64 b=1.92, women a=0.86 b=1.67).",
        "moderate",
    ),
    Source(
        "runalyze_trimp",
        "Runalyze source, Calculation/Trimp (Calculator.php, Factor.php)",
        "TRIMP summed over the heart-rate trace, defaults HRmax 200 / HRrest 60, "
        "constants for unknown sex (a=0.725215, b=1.795).",
        "convention",
    ),
    Source(
        "tanaka2001",
        "Tanaka H, Monahan KD, Seals DR 2001, J Am Coll Cardiol 37:153-156",
        "Age-predicted maximal heart rate 208 − 0.7 × age when none is recorded "
        "(background knowledge, not re-checked in our notes).",
        "moderate",
    ),
    Source(
        "foster2001",
        "Foster C et al. 2001, J Strength Cond Res 15:109-115",
        "Session-RPE load: CR-10 rating × minutes, validated against HR-based load.",
        "strong",
    ),
    Source(
        "load_calibration",
        "Stridelight rule (research notes §1.2: never mix load units uncalibrated)",
        "sRPE and the pace estimate are put on the TRIMP scale with the runner's own "
        "ratio when enough workouts carry both, else with a fixed default.",
        "heuristic",
    ),
    Source(
        "pace_fallback",
        "Stridelight rule, after Runalyze's default-HR fallback and intervals.icu "
        "pace load",
        "Without HR or RPE, load is estimated from duration and speed relative to "
        "the runner's usual speed, and marked as estimated.",
        "heuristic",
    ),
    Source(
        "moving_time_rule",
        "Stridelight rule",
        "Moving time leaves out gaps between samples over a minute (a paused or "
        "stopped watch) and intervals slower than 0.5 m/s; such gaps add no TRIMP.",
        "convention",
    ),
    Source(
        "goldencheetah_pmc",
        "GoldenCheetah source, Metrics/PMCData.cpp",
        "Fitness/fatigue as exponential impulse-response, 42 and 7 days; "
        "session-RPE on moving time.",
        "convention",
    ),
    Source(
        "intervals_form",
        "intervals.icu fitness/fatigue/form bands (forum t/17702)",
        "Form below −30 is the 'high risk' band; a model needs some weeks of history "
        "before form means anything.",
        "convention",
    ),
    Source(
        "foster1998",
        "Foster C 1998, Med Sci Sports Exerc 30:1164-1168",
        "Monotony = mean / SD of daily load over 7 days; strain = weekly load × "
        "monotony; above 2.0 linked with illness and overtraining.",
        "moderate",
    ),
    Source(
        "runalyze_monotony",
        "Runalyze source, Calculation/Monotony.php",
        "Monotony capped at 10 when the SD is zero; warning 1.5, critical 2.0.",
        "convention",
    ),
    # --- repetitive strain ------------------------------------------------------
    Source(
        "frandsen2025",
        "Frandsen JSB, Nielsen RO et al. 2025, Br J Sports Med (Garmin-RUNSAFE)",
        "A run longer than 110 % of the longest run of the previous 30 days raises "
        "the hazard of overuse injury (tiers 10-30 %, 30-100 %, > 100 %); weekly "
        "ratios showed no such link.",
        "strong",
    ),
    Source(
        "comeback_rule",
        "Stridelight rule, after Frandsen 2025's 30-day reference",
        "After 30 days or more without a run, Frandsen's window holds no run: the "
        "first run back is compared with the longest run of the 30 days before the "
        "break, and the first four weeks back are watched, since the old longest "
        "overstates what the body is ready for after time off.",
        "heuristic",
    ),
    Source(
        "nielsen2014",
        "Nielsen RO et al. 2014, J Orthop Sports Phys Ther 44:739-747",
        "Week-to-week distance progression above 30 % over two weeks: a possible, "
        "not significant, rise in distance-related injuries.",
        "weak",
    ),
    Source(
        "variety_heuristic",
        "Stridelight rule, after Malisoux 2015 (varied load explains rotation's "
        "benefit)",
        "Very similar distances, paces and routes over four weeks repeat the same "
        "loading pattern.",
        "heuristic",
    ),
    # --- footwear ---------------------------------------------------------------
    Source(
        "cook1985",
        "Cook SD, Kester MA, Brunet ME 1985, Am J Sports Med 13:248-253",
        "Running shoes lose much of their shock absorption over 250-500 miles; "
        "common guidance retires them at 480-800 km.",
        "weak",
    ),
    Source(
        "malisoux2015",
        "Malisoux L et al. 2015, Scand J Med Sci Sports 25:110-115",
        "Runners alternating more than one pair had about 39 % lower injury risk "
        "(HR 0.61); single-pair runners did about 90 % of runs in one pair.",
        "moderate",
    ),
    Source(
        "shoe_change_heuristic",
        "Stridelight rule (research notes §1.6, heuristic)",
        "A sudden switch to another kind of shoe changes how the foot is loaded; "
        "introduce new kinds gradually.",
        "heuristic",
    ),
    Source(
        "shoe_ache_heuristic",
        "Stridelight rule (association in the runner's own diary)",
        "Aches that follow runs in one pair clearly more often than in another.",
        "heuristic",
    ),
    # --- tight chain ------------------------------------------------------------
    Source(
        "chisholm2012",
        "Chisholm MD et al. 2012, Physiother Can 64:347-355; Bennell KL et al. 1998",
        "Knee-to-wall test is reliable; a change of 1.0 cm on one side or a 1.5 cm "
        "side difference exceeds measurement error.",
        "moderate",
    ),
    Source(
        "kneetowall_norm",
        "Clinical rule of thumb (research notes §1.8: avoid one universal cut-off)",
        "Knee-to-wall under about 9 cm is commonly read as limited; used only as a "
        "soft norm.",
        "heuristic",
    ),
    Source(
        "riddle2003",
        "Riddle DL et al. 2003, J Bone Joint Surg Am 85:872-877",
        "Passive ankle dorsiflexion of 0° or less (vs > 10°) strongly associated "
        "with plantar heel pain (OR 23.3).",
        "moderate",
    ),
    Source(
        "ayala2013",
        "Ayala F et al. 2013, Phys Ther Sport 14:98-104",
        "Passive straight-leg raise of 80° or more is normal hamstring extensibility.",
        "moderate",
    ),
    Source(
        "vigotsky2016",
        "Vigotsky AD et al. 2016, PeerJ",
        "Modified Thomas test for short hip flexors; poor validity, a screening "
        "observation only.",
        "weak",
    ),
    Source(
        "heberlosier2009",
        "Hébert-Losier K et al. 2009, J Sci Med Sport 12:594-602; 2017 norms",
        "Single-leg heel raises: 25 repetitions is the classic target for calf "
        "endurance.",
        "moderate",
    ),
    Source(
        "therapist_finding",
        "Clinic protocol: restrictions graded 0-3 by the treating therapist",
        "A restriction of 2 or more found by hand in a region up the chain.",
        "convention",
    ),
    Source(
        "step_length_heuristic",
        "Stridelight rule, after Heiderscheit 2011 (step length and cadence)",
        "Step length falling over weeks at the same pace, with no change of intent, "
        "can reflect restricted motion.",
        "heuristic",
    ),
    Source(
        "wilke2016",
        "Wilke J et al. 2016, Arch Phys Med Rehabil 97:454-461; Myers 2014",
        "Dissection evidence for myofascial lines: strong for the superficial back "
        "line, partial for lateral and spiral, none for the superficial front line.",
        "moderate",
    ),
    Source(
        "myers2014",
        "Myers TW 2014, Anatomy Trains, 3rd ed.",
        "The myofascial lines and their stations; the deep front line rests on this "
        "description alone (not among the lines Wilke 2016 reviewed).",
        "weak",
    ),
    Source(
        "fascial_ranking",
        "Stridelight rule (docs/fascial-web.md), after Wilke 2016 and Vigotsky 2016",
        "How an ache's weight climbs a line to rank upstream regions: weight per "
        "line grade, share kept per station, recency half-life, boost per measured "
        "restriction and how far below a norm counts as fully restricted.",
        "heuristic",
    ),
    Source(
        "pattern_rule",
        "Stridelight rule (docs/patterns.md)",
        "What counts as an ache after a run (NRS 3 or more within 36 h of its end) "
        "and as a long, fast or hot run, over the last half year.",
        "heuristic",
    ),
    # --- under-recovery ---------------------------------------------------------
    Source(
        "rest_day_heuristic",
        "Stridelight rule (research notes §1.13, heuristic)",
        "Seven or more days in a row with training leaves no full rest day; the "
        "plan asks for one rest day in the coming week, two after two weeks "
        "without one.",
        "heuristic",
    ),
    Source(
        "habit_heuristic",
        "Clinic protocol: stretch 5 minutes after and warm up before each run",
        "Post-run stretching or warm-up skipped on most run days.",
        "heuristic",
    ),
    Source(
        "farrar2001",
        "Farrar JT et al. 2001, Pain 94:149-158",
        "A change of about 2 points (or 30 %) on the 0-10 pain scale is clinically "
        "important.",
        "strong",
    ),
    # --- hydration --------------------------------------------------------------
    Source(
        "sawka2007",
        "Sawka MN et al. 2007 (ACSM position stand), Med Sci Sports Exerc 39:377-390",
        "Drink 5-7 mL/kg some hours before; 0.4-0.8 L/h during long runs; avoid "
        "losing more than 2 % of body mass; sweat rate from body mass before/after.",
        "moderate",
    ),
    Source(
        "kenefick2018",
        "Kenefick RW 2018, Sports Med",
        "Planned drinking pays off for sessions over about 90 minutes or in heat; "
        "thirst suffices for shorter, cool runs.",
        "moderate",
    ),
    Source(
        "acsm_heat",
        "Armstrong LE et al. 2007, Med Sci Sports Exerc 39:556-572",
        "Heat raises fluid needs and risk; from about 18 °C WBGT caution, from 23 °C "
        "at-risk runners should not race.",
        "moderate",
    ),
    Source(
        "daily_fluid_heuristic",
        "Stridelight rule (30 mL per kg per day, a common clinical rule of thumb)",
        "Baseline daily drinking target when the runner set none.",
        "heuristic",
    ),
    Source(
        "hydration_caps",
        "Stridelight rule after Sawka 2007 and Hew-Butler 2015 (Clin J Sport Med "
        "25:303-320): never drink so much that body mass rises",
        "Ceilings on the plan's drinking targets: 1.0 L per hour during a run, 600 mL "
        "before it, 4 L across a rest day, so that neither a high body mass nor a big "
        "sweat test turns into advice to over-drink (exercise-associated "
        "hyponatraemia).",
        "heuristic",
    ),
    # --- plan and triage --------------------------------------------------------
    Source(
        "red_flags",
        "Research notes §1.10: Stiell 1993 (Ottawa rules), heel-pain CPG (Koc 2023), "
        "high-risk stress-fracture sites, diabetic-foot pathways",
        "Nerve signs, night pain, infection signs, focal bone pain, inability to "
        "bear weight or diabetic neuropathy need a physician before manual therapy.",
        "strong",
    ),
    Source(
        "lauersen2014",
        "Lauersen JB et al. 2014, Br J Sports Med 48:871-877",
        "Strength training cut sports injuries (RR 0.32); stretching did not "
        "(RR 0.96).",
        "strong",
    ),
    Source(
        "radford2006",
        "Radford JA et al. 2006, Br J Sports Med 40:870-875",
        "Calf stretching gains only a few degrees of dorsiflexion: a comfort and "
        "mobility tool, not prevention.",
        "moderate",
    ),
    Source(
        "warmup_protocol",
        "Clinic protocol (dynamic warm-up); Lauersen 2014 for exercise programmes",
        "A few minutes of leg swings, easy jogging and marching drills before runs.",
        "heuristic",
    ),
    Source(
        "clinic_protocol",
        "Clinic protocol; nearest trial dose Ajimsha 2014 (3×/week for 4 weeks)",
        "MFR weekly in heavy training and monthly otherwise is the clinic's choice, "
        "not a dose with published evidence.",
        "heuristic",
    ),
    Source(
        "heavy_training_rule",
        "Stridelight rule (runner's own load history)",
        "Heavy training: last 28 days' load at least 1.2 × the runner's own median "
        "28-day load over the previous six months, or a load-related flag at "
        "ordinary-or-higher load.",
        "heuristic",
    ),
    Source(
        "body_map_rule",
        "Stridelight rule",
        "The body map shows each region's mean ache over the last four weeks, the "
        "window the detectors judge recent aches over.",
        "convention",
    ),
    Source(
        "scoring_rule",
        "Stridelight rule",
        "A cause flags when a strong signal flags or three weaker signals agree; "
        "its score combines the signals weighted by the grade of their sources.",
        "convention",
    ),
    Source(
        "data_sufficiency",
        "Stridelight rule",
        "A signal is only assessed when there is enough data to compute it; "
        "otherwise the finding says what is missing.",
        "convention",
    ),
    # --- import -----------------------------------------------------------------
    Source(
        "duplicate_rule",
        "Stridelight rule (DESIGN §2: one recording once)",
        "Recordings of one runner overlapping by more than half of the shorter one's "
        "duration are one activity (two files of one run, a watch and a phone, a cut "
        "copy): the richer is kept, the other linked to it, so no run counts twice.",
        "convention",
    ),
    Source(
        "gait_transition",
        "Hreljac A 1993, Med Sci Sports Exerc 25:1158-1162; Stridelight rule",
        "People change from walking to running at about 2.0 m/s (7.2 km/h), so a "
        "recording that names no sport is counted as a run only when its average "
        "speed lies between just under that and 5 m/s, and only where the rule "
        "applies (a cut file, a folder of phone recordings with no sport at all).",
        "heuristic",
    ),
)


def source(source_id: str) -> Source:
    """The source for an id; a KeyError names the unknown id."""
    try:
        return SOURCES[source_id]
    except KeyError:
        raise KeyError(f"unknown evidence id {source_id!r}") from None


def grade_weights(thresholds: Thresholds = DEFAULTS) -> Mapping[EvidenceGrade, float]:
    """How much one signal of each grade weighs in a cause's score (noisy-OR, see
    ``detectors.base``)."""
    t = thresholds
    return {
        "strong": t.grade_weight_strong,
        "moderate": t.grade_weight_moderate,
        "weak": t.grade_weight_weak,
        "convention": t.grade_weight_convention,
        "heuristic": t.grade_weight_heuristic,
    }


def weight(source_id: str, thresholds: Thresholds = DEFAULTS) -> float:
    """How much a signal citing this source weighs in a score."""
    return grade_weights(thresholds)[source(source_id).grade]
