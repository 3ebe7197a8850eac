"""How well one exercise fits one athlete: a small cost with a coach's reasons.

Pure Python and deterministic, so the objective (hamopt/engine) can multiply it by sets or by
presence and `explain` can print the reasons unchanged. 0 is an ideal fit; each term below is
a named constant with the seed or study it comes from (research/evidence.md, seeds/). The hard
rules (equipment, contraindications, the Nordic level rule) already remove what must not
appear; the fit is the soft preference on top of them, so it never forbids anything.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from hamopt.domain.models import (
    LEVEL_RANK,
    Action,
    BackLoad,
    Contraindication,
    Exercise,
    Goal,
    Laterality,
    Level,
    Loading,
    Phase,
    Region,
    Scenario,
)
from hamopt.domain.words import article

MAX_COST = 100


# Per level the exercise's skill demand sits above the athlete's. Large, because novices start
# with simpler, stable movements and learn technique before harder variants (NSCA Essentials,
# Haff & Triplett 2016), and seed 001 warns most people cannot do a Nordic's concentric at all.
# Waived when the scenario's preferences include or favour the exercise: the coach asked.
ABOVE_LEVEL = 30

# A beginner on a barbell lift: the bar's technique comes after machines and basic lifts
# (NSCA Essentials, as above). Small: a beginner may deadlift, just not first.
BEGINNER_BARBELL = 5

# Loads that progress in small steps (ACSM 2009: raise load about 2-10 % once the reps are
# done). Bands jump a whole band at a time and bodyweight only by leverage, so an
# intermediate or advanced lifter outgrows them when something loadable would do the job.
LOADABLE: frozenset[Loading] = frozenset(
    {Loading.machine, Loading.barbell, Loading.dumbbell, Loading.kettlebell, Loading.cable}
)
# 20 (x exercise_fit's 50 = 1000 a set) is above volume_target's 600 for a set inside the
# athlete's band: measured, 15 (750) left 5 of 41 coach-benchmark programs with bodyweight
# squats, lunges, bridges and towel curls beside loadable options because the session's
# minutes or the length bias made a loadable set dearer by a few hundred.
HARD_TO_PROGRESS = 20
# A beginner may learn a movement with body weight, but their loads rise fastest of all (ACSM
# 2009: novices add load in 2-10 % steps too), so where a loadable version at their level is
# at hand (a goblet squat beside the bodyweight squat, a dumbbell curl beside the towel curl)
# it costs a little: 5 (x 50 = 250 a set) decides between lifts, below a set of volume (600),
# so it never costs a set. Without it a beginner in a full gym got bodyweight squats at 12-20
# among equal optima (beginner_full_gym, beginner_hotel_gym, beginner_home_gym_strength).
BEGINNER_HARD_TO_PROGRESS = 5
# Knee-flexion eccentrics over a long lever: near-maximal at body weight (the Nordic, Petersen
# 2011; seed 000 prescribes the glute-ham raise at 2-3 x 1-2 RIR for trained lifters).
MAXIMAL_LEVER_FAMILIES: frozenset[str] = frozenset({"nordic", "glute_ham_raise"})

# Recovery cost of a high-fatigue exercise (heavy barbell hinges, full and eccentric Nordics:
# semitendinosus swelling still +52 % at 72 h after heavy eccentric work, Maeo et al. 2021).
# Waived where the goal asks for exactly that exercise (see GOAL_WANTS below).
HIGH_FATIGUE = 4
# On top for a beginner, who recovers from and learns less on the heaviest work.
BEGINNER_HIGH_FATIGUE = 6

# Correction phase (seed 000: 2:1 hamstrings to quads while undoing quad dominance). Seed
# 000's own quad lifts are the dumbbell split squat, reverse-band hack squat and barbell
# step-up; lunges (split stance) and the leg press (a machine squat like the hack squat) are
# the same patterns. Its quad-dominant bad example is squats, lunges and leg extension.
SEED_QUAD_FAMILIES: frozenset[str] = frozenset(
    {"split_squat", "hack_squat", "step_up", "lunge", "leg_press"}
)
CORRECTION_LEG_EXTENSION = 15  # open-chain isolation from seed 000's bad example
CORRECTION_OTHER_QUAD = 5  # e.g. squats: fine, but not the seed's choice for a correction
# Outside a correction phase: a single-joint quad exercise (knee extension alone, the leg
# extension) where a multi-joint one (a squat, lunge, split squat, step-up or press) fits the
# athlete (spares their joints; loadable for a trained lifter). ACSM 2009 asks for single- and
# multiple-joint exercises "with emphasis on multiple-joint exercises"; a hamstring program's
# quad work is one or two lifts a session, so the emphasis decides it. 5 (x exercise_fit's
# 50 = 250 a set): below a set of volume (600) and below the hard-to-progress 1000, so it
# decides between lifts and never costs a set.
SINGLE_JOINT_QUAD = 5

# Joint care on top of the contraindications rule. Masters: 50 and over (the ACSM/AHA
# older-adult recommendation starts at 50 for adults with chronic conditions, Nelson et al.,
# MSSE 2007; notes/evidence_additions.md), so high knee stress costs a little more; knee_pain
# and low_back_pain cost more for the joint in question.
MASTERS_AGE = 50
KNEE_PAIN_COST: dict[BackLoad, int] = {BackLoad.low: 0, BackLoad.moderate: 4, BackLoad.high: 12}
MASTERS_KNEE_COST: dict[BackLoad, int] = {BackLoad.low: 0, BackLoad.moderate: 0, BackLoad.high: 8}
BACK_PAIN_COST: dict[BackLoad, int] = {BackLoad.low: 0, BackLoad.moderate: 4, BackLoad.high: 12}
# Kneeling with knee pain: the exercise rests the body on the front of the knee, around the
# patella, where patellofemoral pain is felt (Crossley et al., BJSM 2016's definition). A coach
# keeps a client with a sore knee off their knees where a seated or lying curl does the job;
# "cannot kneel" (the contraindications rule) is the hard version. Estimated: 8 on top of the
# exercise's knee stress, so a kneeling curl (moderate, 4) costs as much as high knee stress.
KNEELING_WITH_KNEE_PAIN = 8

# A heavy loaded hinge: hip extension with a bar or dumbbells in a range that reaches 8 reps or
# fewer. Seed 001 opens with RDL 4 x 8 "for strength and size".
HEAVY_HINGE_MAX_LOW_REPS = 8
HEAVY_HINGE_LOADING: frozenset[Loading] = frozenset({Loading.barbell, Loading.dumbbell})
# The Nordic family: the injury-prevention exercise (van Dyk, Behan & Whiteley, BJSM 2019).
NORDIC_FAMILY = "nordic"


@dataclass(frozen=True)
class Fit:
    """The fit of one exercise for one athlete: cost 0 is ideal, reasons say why."""

    cost: int
    reasons: tuple[str, ...] = ()


def is_heavy_hinge(exercise: Exercise) -> bool:
    return (
        exercise.is_hamstring
        and exercise.is_hip_extension
        and exercise.loading in HEAVY_HINGE_LOADING
        and exercise.rep_range[0] <= HEAVY_HINGE_MAX_LOW_REPS
    )


def goal_wants(exercise: Exercise, goals: Sequence[Goal]) -> str | None:
    """Why one of the athlete's goals asks for this exercise, or None."""
    if Goal.strength in goals and is_heavy_hinge(exercise):
        return "a heavy loaded hinge, as a strength goal asks (seed 001's RDL 4 x 8)"
    if Goal.injury_prevention in goals and exercise.family == NORDIC_FAMILY:
        return "a Nordic, as injury prevention asks (van Dyk, Behan & Whiteley, BJSM 2019)"
    return None


def usable(exercise: Exercise, scenario: Scenario) -> bool:
    """Could this scenario use it at all: equipment there, not excluded, and not ruled out by
    the athlete's conditions as the contraindications rule does by default (a high lower-back
    load with low back pain, high knee stress with knee pain, kneeling when they cannot
    kneel). Without the conditions, a low-back-pain client's only loadable hip extension,
    the hip thrust, had the excluded deadlifts for "alternatives", lost its repeat allowance
    and gave way to a bodyweight bridge."""
    if not set(exercise.equipment) <= scenario.equipment_set():
        return False
    if exercise.id in scenario.preferences.exclude:
        return False
    return not ruled_out_by_condition(exercise, scenario)


def ruled_out_by_condition(exercise: Exercise, scenario: Scenario) -> bool:
    """The contraindications rule's default exclusions (rules/builtin/contraindications.py)."""
    found = set(scenario.athlete.contraindications)
    return (
        (Contraindication.cannot_kneel in found and exercise.kneeling)
        or (Contraindication.low_back_pain in found and exercise.lower_back_load is BackLoad.high)
        or (Contraindication.knee_pain in found and exercise.knee_stress is BackLoad.high)
    )


# A job (_job): region, knee flexion (or any quad work), single-leg knee flexion for a weaker side.
Job = tuple[Region, bool, bool]


def _job(exercise: Exercise, scenario: Scenario) -> Job:
    """What the exercise does in a program: its region and, for the hamstrings, the kind of
    work (a band curl is replaced by a loadable curl, not by a barbell hinge). For an athlete
    with a weaker side, single-leg hamstring work is a job of its own, knee flexion and hip
    extension each: every session needs a single-leg curl, or at least a single-leg hinge
    where none fits (rules/builtin/unilateral_for_imbalance.py), and two-leg work does not do
    it, so it is neither the single-leg exercise's loadable alternative nor one of its options
    for variety. A home gym's one loadable single-leg hinge (the dumbbell single-leg Romanian
    deadlift) may then come twice a week, as a coach repeats it for the weaker side, instead
    of a bodyweight single-leg bridge on the second day."""
    knee_flexion = exercise.region is Region.quads or exercise.is_knee_flexion
    single_leg = (
        scenario.athlete.weaker_side is not None
        and exercise.region is Region.hamstrings
        and exercise.laterality is Laterality.unilateral
    )
    return exercise.region, knee_flexion, single_leg


# The quads' one job (every quad exercise's _job).
_QUADS_JOB: Job = (Region.quads, True, False)


@dataclass(frozen=True)
class _JobOptions:
    """One athlete's options in one catalog, per job (``_job``), each list sorted by id:
    ``within`` usable at their level, ``fitting`` those that also spare their joints, and how
    many of those are loadable (``good_options`` asks once per exercise: counting the job's
    list each time was quadratic, a quarter of a 1,000-exercise model's build)."""

    within: dict[Job, list[Exercise]]
    fitting: dict[Job, list[Exercise]]
    fitting_ids: frozenset[str]
    loadable_fitting: dict[Job, int]
    # The movement families (Exercise.family) of ``fitting`` and of its loadable members.
    fitting_families: dict[Job, frozenset[str]]
    loadable_families: dict[Job, frozenset[str]]


# The last athlete and catalog asked about, and their options. A model build asks for every
# exercise's options in turn; scanning the catalog each time made a 1,000-exercise build spend
# 8 of its 14 s here. Held by identity (strong references, so no id is reused while cached).
_last_options: tuple[Scenario, Sequence[Exercise], int, _JobOptions] | None = None


def _options(scenario: Scenario, available: Sequence[Exercise]) -> _JobOptions:
    global _last_options
    last = _last_options
    if last is not None and last[0] is scenario and last[1] is available and last[2] == len(
        available
    ):
        return last[3]
    level = LEVEL_RANK[scenario.athlete.experience]
    within: dict[Job, list[Exercise]] = {}
    fitting: dict[Job, list[Exercise]] = {}
    for e in sorted(available, key=lambda e: e.id):
        if LEVEL_RANK[e.difficulty] > level or not usable(e, scenario):
            continue
        within.setdefault(_job(e, scenario), []).append(e)
        if not _joint_terms(e, scenario):
            fitting.setdefault(_job(e, scenario), []).append(e)
    loadable = {
        job: sum(e.loading in LOADABLE for e in exercises) for job, exercises in fitting.items()
    }
    ids = frozenset(e.id for exercises in fitting.values() for e in exercises)
    families = {
        job: frozenset(family_of(e) for e in exercises) for job, exercises in fitting.items()
    }
    loadable_families = {
        job: frozenset(family_of(e) for e in exercises if e.loading in LOADABLE)
        for job, exercises in fitting.items()
    }
    options = _JobOptions(within, fitting, ids, loadable, families, loadable_families)
    _last_options = (scenario, available, len(available), options)
    return options


def loadable_alternative(
    exercise: Exercise, scenario: Scenario, available: Sequence[Exercise]
) -> Exercise | None:
    """The first (by id) usable loadable exercise doing the same job at the athlete's level."""
    for e in _options(scenario, available).within.get(_job(exercise, scenario), []):
        if e.id != exercise.id and e.loading in LOADABLE:
            return e
    return None


def family_of(exercise: Exercise) -> str:
    """The exercise's movement family (variants of one movement share it; its id without)."""
    return exercise.family or exercise.id


def good_options(exercise: Exercise, scenario: Scenario, available: Sequence[Exercise]) -> int:
    """How many movement families, this exercise's included, do its job well for this athlete:
    exercises usable, at their level, sparing the joints their conditions name (no
    _joint_terms cost: a hip thrust, not a back extension, for low back pain) and, with
    something loadable for the job, loadable (HARD_TO_PROGRESS, BEGINNER_HARD_TO_PROGRESS: a
    band or bodyweight version is then a step down, for a beginner too; with nothing loadable
    at hand, the band and bodyweight options are the good ones). 0 when the exercise is not
    one of them itself. Families, not exercises: the seated and the single-leg seated curl
    are one movement, so a week of both is no variety (issue 19, "week-level variety counted
    by family")."""
    level = LEVEL_RANK[scenario.athlete.experience]
    fits = (
        LEVEL_RANK[exercise.difficulty] <= level
        and usable(exercise, scenario)
        and not _joint_terms(exercise, scenario)
    )
    if not fits:
        return 0
    options = _options(scenario, available)
    job = _job(exercise, scenario)
    is_loadable = exercise.loading in LOADABLE
    if options.loadable_families.get(job) or is_loadable:
        if not is_loadable:
            return 0
        return len(options.loadable_families.get(job, frozenset()) | {family_of(exercise)})
    return len(options.fitting_families.get(job, frozenset()) | {family_of(exercise)})


def weekly_sessions_allowed(
    exercise: Exercise, scenario: Scenario, available: Sequence[Exercise], limit: int
) -> int:
    """In how many of the week's sessions the exercise's movement family may appear, for
    variety: ``limit``, or more when the athlete has fewer good options (families) for its job
    than sessions to fill.

    A coach alternates what the gym offers: a hotel gym's two loadable curls over three
    sessions go A, B, A rather than A, B and a towel curl; a home gym's one loadable curl is
    repeated rather than swapped for a band curl (ACSM 2009: progression in small load
    steps); a bodyweight-only beginner repeats the floor curl rather than do five sets of it
    once. So the allowance is the week's sessions shared over the good options, rounded up.
    """
    options = good_options(exercise, scenario, available)
    if options == 0:
        return limit
    sessions = scenario.schedule.sessions_per_week
    return max(limit, -(-sessions // options))


def _level_terms(exercise: Exercise, scenario: Scenario) -> list[tuple[int, str]]:
    level = scenario.athlete.experience
    prefs = scenario.preferences
    asked = exercise.id in prefs.include or exercise.id in prefs.favour
    above = LEVEL_RANK[exercise.difficulty] - LEVEL_RANK[level]
    out: list[tuple[int, str]] = []
    if above > 0 and not asked:
        out.append(
            (ABOVE_LEVEL * above, f"{exercise.difficulty} skill for {article(level)} lifter: learn "
             "the simpler pattern first (NSCA)")
        )
    if level is Level.beginner and exercise.loading is Loading.barbell and not asked:
        out.append((BEGINNER_BARBELL, "barbell technique for a beginner: machines first (NSCA)"))
    return out


def _progression_terms(
    exercise: Exercise, scenario: Scenario, available: Sequence[Exercise]
) -> list[tuple[int, str]]:
    level = scenario.athlete.experience
    if exercise.loading in LOADABLE:
        return []
    if exercise.family in MAXIMAL_LEVER_FAMILIES and (
        LEVEL_RANK[exercise.difficulty] >= LEVEL_RANK[level]
    ):
        # The Nordic and the glute-ham raise at the lifter's own level: body weight over a
        # long lever is already near maximal, and no plate would make them a better choice.
        return []
    alternative = loadable_alternative(exercise, scenario, available)
    if alternative is None:
        return []
    what = "band-loaded" if exercise.loading is Loading.band else "bodyweight"
    if level is Level.beginner:
        return [
            (
                BEGINNER_HARD_TO_PROGRESS,
                f"{what}: a beginner's load rises fastest in small steps, and "
                f"{alternative.loading} work ({alternative.name}) is at hand",
            )
        ]
    return [
        (
            HARD_TO_PROGRESS,
            f"{what}: hard to progress for {article(level)} lifter when {alternative.loading} work "
            f"({alternative.name}) is available",
        )
    ]


def _fatigue_terms(exercise: Exercise, scenario: Scenario) -> list[tuple[int, str]]:
    if exercise.fatigue is not BackLoad.high:
        return []
    out: list[tuple[int, str]] = []
    wanted = goal_wants(exercise, scenario.athlete.goals)
    if wanted is None:
        out.append((HIGH_FATIGUE, "high recovery cost for what it gives"))
    if scenario.athlete.experience is Level.beginner:
        out.append((BEGINNER_HIGH_FATIGUE, "high recovery cost for a beginner"))
    return out


def _phase_terms(exercise: Exercise, phase: Phase) -> list[tuple[int, str]]:
    if not exercise.is_quad or phase is not Phase.correction:
        return []
    if exercise.family in SEED_QUAD_FAMILIES:
        return [(0, "seed 000's quad lift for a correction phase")]
    if exercise.family == "leg_extension":
        return [
            (
                CORRECTION_LEG_EXTENSION,
                "leg extension in a correction phase: seed 000's quad-dominant example",
            )
        ]
    return [
        (
            CORRECTION_OTHER_QUAD,
            "not seed 000's quad choice for a correction phase (split squat, hack squat, "
            "step-up)",
        )
    ]


def _single_joint_terms(
    exercise: Exercise, scenario: Scenario, available: Sequence[Exercise], phase: Phase
) -> list[tuple[int, str]]:
    """A knee-extension-only quad exercise outside a correction phase (which prices it on its
    own, _phase_terms) when a multi-joint quad lift fits the athlete (SINGLE_JOINT_QUAD)."""
    if not exercise.is_quad or phase is Phase.correction or Action.squat in exercise.actions:
        return []
    # A multi-joint lift that is itself a good choice: one that spares the athlete's joints
    # and, for a trained lifter, one that loads (a bodyweight squat is no alternative for them).
    trained = scenario.athlete.experience is not Level.beginner
    quads = _options(scenario, available).fitting.get(_QUADS_JOB, [])
    compound = next(
        (
            e for e in quads
            if Action.squat in e.actions and (not trained or e.loading in LOADABLE)
        ),
        None,
    )  # fmt: skip
    if compound is None:
        return []
    return [
        (
            SINGLE_JOINT_QUAD,
            f"single-joint where a multi-joint lift ({compound.name}) is available "
            "(ACSM 2009: emphasis on multiple-joint exercises)",
        )
    ]


def _joint_terms(exercise: Exercise, scenario: Scenario) -> list[tuple[int, str]]:
    athlete = scenario.athlete
    out: list[tuple[int, str]] = []
    if Contraindication.knee_pain in athlete.contraindications:
        cost = KNEE_PAIN_COST[exercise.knee_stress]
        if cost:
            out.append((cost, f"{exercise.knee_stress} knee stress with knee pain"))
        if exercise.kneeling:
            out.append((KNEELING_WITH_KNEE_PAIN, "kneeling on a sore knee"))
    if athlete.age is not None and athlete.age >= MASTERS_AGE:
        cost = MASTERS_KNEE_COST[exercise.knee_stress]
        if cost:
            out.append((cost, f"{exercise.knee_stress} knee stress at {athlete.age} (masters)"))
    if Contraindication.low_back_pain in athlete.contraindications:
        cost = BACK_PAIN_COST[exercise.lower_back_load]
        if cost:
            out.append((cost, f"{exercise.lower_back_load} lower-back load with low-back pain"))
    return out


def exercise_fit(
    exercise: Exercise,
    scenario: Scenario,
    available: Sequence[Exercise],
    phase: Phase | None = None,
) -> Fit:
    """The fit of ``exercise`` for ``scenario``'s athlete.

    ``available`` is the catalog (or any superset of what the scenario could use; unusable
    entries are filtered here) and is only read to ask whether a loadable alternative exists.
    ``phase`` is the week's phase in a multi-phase plan; the scenario's first phase if omitted.
    """
    terms = [
        *_level_terms(exercise, scenario),
        *_progression_terms(exercise, scenario, available),
        *_fatigue_terms(exercise, scenario),
        *_phase_terms(exercise, phase or scenario.phase),
        *_single_joint_terms(exercise, scenario, available, phase or scenario.phase),
        *_joint_terms(exercise, scenario),
    ]
    wanted = goal_wants(exercise, scenario.athlete.goals)
    if wanted is not None:
        terms.append((0, wanted))
    cost = min(MAX_COST, sum(c for c, _ in terms))
    return Fit(cost=cost, reasons=tuple(reason for _, reason in terms))


def fit_table(
    scenario: Scenario, available: Sequence[Exercise], phase: Phase | None = None
) -> dict[str, Fit]:
    """Every usable exercise's fit, by id (the objective's lookup)."""
    return {
        e.id: exercise_fit(e, scenario, available, phase)
        for e in available
        if usable(e, scenario)
    }
