"""within_level: exercises at the athlete's level, unless the scenario asks for a harder one.

Novices start with simpler, stable movements and learn technique before harder variants (NSCA
Essentials, Haff & Triplett 2016; ACSM 2009's novice progression), and seed 001 warns that
most people cannot do a Nordic's concentric at all. The catalog rates each exercise's skill
(``difficulty``: beginner, intermediate, advanced); an exercise rated above the athlete's
``experience`` is left out unless the scenario's preferences include or favour it (the coach
asked). Nordic variants have their own hard limit in nordic_safety; this rule covers every
exercise.

Why a rule and not only exercise_fit's cost. exercise_fit prices an above-level exercise in
the quality tier, which never outweighs a rule penalty; rep_spectrum (soft, 500 a missing
zone) then bought a beginner a single-leg Romanian deadlift because it was the hotel gym's
only hamstring exercise that goes down to 6-8 reps, and a single-leg glute bridge for the
8-12 zone in a bodyweight week (coach benchmark, `within_level`). A coach drops the zone,
not the beginner's level.

One instance per above-level exercise ("<name>"). Mode **soft**, weight **600**: more than a
missing rep zone (500) and a strength goal's heavy hinge (400), so the level is given up
last among the shape rules, but a soft rule all the same: where the equipment holds nothing
else for a job the rules require (a knee-flexion exercise for the short head, say), the
program uses the harder exercise and says so.
"""

from __future__ import annotations

from hamopt.domain.metrics import entries, week_prefix
from hamopt.domain.models import LEVEL_RANK, Exercise, Mode, Program, Scenario
from hamopt.domain.words import article, names_list
from hamopt.rules.check_context import CheckContext
from hamopt.rules.contract import Params, Rule, SlotUse, Violation
from hamopt.rules.model_context import Candidate, ModelContext


class LevelParams(Params):
    pass


def above_level(exercise: Exercise, scenario: Scenario) -> bool:
    """Rated above the athlete's experience, and not asked for by the scenario."""
    prefs = scenario.preferences
    asked = exercise.id in prefs.include or exercise.id in prefs.favour
    return LEVEL_RANK[exercise.difficulty] > LEVEL_RANK[scenario.athlete.experience] and not asked


def encode(ctx: ModelContext, params: LevelParams) -> None:
    # The candidates by exercise, once: a scan of them all for each catalog exercise was
    # 167,000 calls a compile with a 1,000-exercise library.
    by_id: dict[str, list[Candidate]] = {}
    for cand in ctx.candidates:
        by_id.setdefault(cand.exercise.id, []).append(cand)
    for exercise in ctx.catalog.exercises:
        same = by_id.get(exercise.id)
        if same and above_level(exercise, ctx.scenario):
            ctx.model.add(ctx.count(same) == 0).only_enforce_if(ctx.guard(exercise.name))


def check(program: Program, ctx: CheckContext, params: LevelParams) -> list[Violation]:
    found: list[Violation] = []
    level = ctx.scenario.athlete.experience
    for week in program.weeks:
        prefix = week_prefix(week, len(program.weeks))
        named: set[str] = set()
        for e in entries(week, ctx.by_id):
            if above_level(e.exercise, ctx.scenario) and e.exercise.id not in named:
                named.add(e.exercise.id)
                found.append(
                    Violation(
                        RULE.id,
                        e.exercise.name,
                        f"{prefix}{e.exercise.name} is rated {e.exercise.difficulty}, above "
                        f"{article(level)} athlete's level, and the scenario did not ask for it",
                    )
                )
    return found


def justify(program: Program, ctx: CheckContext, params: LevelParams) -> str:
    """Whether every exercise is within the level, else which are not; and the harder ones
    the scenario asked for."""
    level = ctx.scenario.athlete.experience
    used = {e.exercise.id: e.exercise for w in program.weeks for e in entries(w, ctx.by_id)}
    harder = [x for x in used.values() if LEVEL_RANK[x.difficulty] > LEVEL_RANK[level]]
    above = [x for x in harder if above_level(x, ctx.scenario)]
    asked = [x for x in harder if not above_level(x, ctx.scenario)]

    def rated(exercises: list[Exercise]) -> str:
        return names_list([f"{x.name} ({x.difficulty})" for x in exercises])

    said = (
        f"above {article(level)} athlete's level: {rated(above)}"
        if above
        else f"every exercise at or below {article(level)} athlete's level"
    )
    return said + (f"; harder, as the scenario asks: {rated(asked)}" if asked else "")


def not_applicable(ctx: CheckContext, params: LevelParams) -> str | None:
    if not any(above_level(e, ctx.scenario) for e in ctx.catalog.exercises):
        level = ctx.scenario.athlete.experience
        return f"no exercise in the catalog is rated above {article(level)}"
    return None


RULE = Rule(
    id="within_level",
    description="Exercises at the athlete's level (skill rating), unless the scenario asks "
    "for a harder one.",
    params=LevelParams,
    encode=encode,
    check=check,
    justify=justify,
    not_applicable=not_applicable,
    default_mode=Mode.soft,
    default_weight=600,
    sources=("NSCA Essentials (Haff & Triplett 2016)", "ACSM position stand 2009",
             "001_b9350566f70ab695.txt"),
    slot_use=SlotUse.none,
)
