"""contraindications: what the athlete's conditions rule out or cap, and why.

Read from the catalog's data, so a scenario's own exercises are judged the same way:

* ``low_back_pain``: exercises with ``lower_back_load: high`` (conventional deadlift, good
  morning, Romanian and stiff-leg deadlift) are excluded: good mornings and deadlifts put the
  same moment on L4/L5 (Schellenberg et al. 2013) and the seeds list lower back pain among
  the costs of poor hinge mechanics (000_dd2db63edd4a1a04.txt). ``moderate`` ones (dumbbell
  and single-leg RDLs, back extensions, swings) stay, but never heavy (6-8 reps): the load is
  capped, not the movement, which rehab keeps. And the week prefers supported alternatives
  (machines, bridges, hip thrusts, ball curls: ``lower_back_load: low``): each weekly set that
  loads the lower back costs the goal term (``back_load_set_cost``).
* ``knee_pain``: ``knee_stress: high`` (deep loaded squats and lunges, hack squat, leg
  extension to lockout) is excluded and ``moderate`` is kept out of the heavy zone.
  Patellofemoral stress rises with depth in the squat and towards lockout in the leg
  extension (Powers et al., JOSPT 2014), so these are the exercises to swap first.
* ``cannot_kneel``: every exercise done kneeling (``kneeling: true``: the Nordic family, the
  kneeling leg curl) is excluded.

Each handling is a parameter (``exclude`` | ``light_only`` | ``no_heavy`` | ``allow``), so a
rule set can, say, allow light RDLs for low back pain. One instance per condition and
exercise ("low_back_pain: good_morning"), shared by all sessions, so an explanation names the
exercise and the reason.

Mode **hard**: a contraindication is a medical constraint the athlete told us about; trading
it for volume or coverage is exactly what a coach must not do. The weight (200) prices the
low-back-pain goal: one weekly set of back-loading work costs as much as 0.2 weighted sets
missing from the least-covered head (head_coverage: 10 per hundredth), so a supported
alternative wins whenever it trains the heads about as well, and back extensions stay when
they are what keeps the coverage.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from pydantic import Field

from hamopt.domain.metrics import entries, session_label, week_prefix
from hamopt.domain.models import BackLoad, Catalog, Contraindication, Exercise, Program, Scenario
from hamopt.domain.prescribe import intensity
from hamopt.domain.words import names_list, plural
from hamopt.rules.check_context import CheckContext
from hamopt.rules.contract import DescribeContext, Params, Rule, SlotUse, Violation
from hamopt.rules.model_context import ModelContext, zone_reps

if TYPE_CHECKING:
    from ortools.sat.python import cp_model

Handling = Literal["exclude", "light_only", "no_heavy", "allow"]


class ContraindicationParams(Params):
    # Schellenberg et al. 2013 (good morning = deadlift at L4/L5); 000_dd2db63edd4a1a04.txt.
    back_pain_high: Handling = "exclude"
    back_pain_moderate: Handling = "no_heavy"
    # Weekly sets that load the lower back cost this much in the goal (sets x cost; see
    # the module docstring for the weight). 0 switches the preference off.
    back_load_set_cost: int = Field(default=1, ge=0, le=100)
    # Powers et al., JOSPT 2014 (patellofemoral stress by exercise and knee angle).
    knee_pain_high: Handling = "exclude"
    knee_pain_moderate: Handling = "no_heavy"
    cannot_kneel: Literal["exclude", "allow"] = "exclude"


_WHY = {
    ("low_back_pain", BackLoad.high): "loads the lower back heavily (good mornings and "
    "deadlifts load L4/L5 alike, Schellenberg et al. 2013)",
    ("low_back_pain", BackLoad.moderate): "loads the lower back",
    ("knee_pain", BackLoad.high): "loads the knee heavily (deep loaded knee flexion or "
    "extension to lockout; Powers et al., JOSPT 2014)",
    ("knee_pain", BackLoad.moderate): "loads the knee",
}
_HANDLED = {
    "exclude": "is excluded",
    "light_only": "is kept to light sets (12+ reps)",
    "no_heavy": "is kept out of heavy sets (at least 8 reps)",
}
_LABEL = {
    "low_back_pain": "low back pain",
    "knee_pain": "knee pain",
    "cannot_kneel": "cannot kneel",
}


def restrictions(
    exercise: Exercise, conditions: set[str], params: ContraindicationParams
) -> list[tuple[str, Handling, str]]:
    """(condition, handling, why) for every condition that restricts this exercise."""
    out: list[tuple[str, Handling, str]] = []
    if "low_back_pain" in conditions and exercise.lower_back_load is not BackLoad.low:
        handling = (
            params.back_pain_high
            if exercise.lower_back_load is BackLoad.high
            else params.back_pain_moderate
        )
        out.append(("low_back_pain", handling, _WHY[("low_back_pain", exercise.lower_back_load)]))
    if "knee_pain" in conditions and exercise.knee_stress is not BackLoad.low:
        handling = (
            params.knee_pain_high
            if exercise.knee_stress is BackLoad.high
            else params.knee_pain_moderate
        )
        out.append(("knee_pain", handling, _WHY[("knee_pain", exercise.knee_stress)]))
    if "cannot_kneel" in conditions and exercise.kneeling:
        out.append(("cannot_kneel", params.cannot_kneel, "is done kneeling"))
    return [r for r in out if r[1] != "allow"]


def allowed(handling: Handling, reps: tuple[int, int]) -> bool:
    """Whether a prescription at ``reps`` keeps the handling."""
    if handling == "exclude":
        return False
    zone = intensity(reps)
    if handling == "light_only":
        return zone == "light"
    if handling == "no_heavy":
        return zone != "heavy"
    return True


def instance_name(condition: str, exercise: Exercise) -> str:
    return f"{condition}: {exercise.id}"


def _conditions(scenario_conditions: list[Contraindication]) -> set[str]:
    return {str(c) for c in scenario_conditions}


def forbids(params: ContraindicationParams, scenario: Scenario, catalog: Catalog) -> list[str]:
    """What a condition excludes outright (handling ``exclude``): Rule.forbids."""
    conditions = _conditions(scenario.athlete.contraindications)
    return [
        e.id
        for e in catalog.exercises
        if any(handling == "exclude" for _, handling, _ in restrictions(e, conditions, params))
    ]


def encode(ctx: ModelContext, params: ContraindicationParams) -> None:
    conditions = _conditions(ctx.scenario.athlete.contraindications)
    if not conditions:
        return
    guards: dict[str, cp_model.IntVar] = {}
    for c in ctx.candidates:
        for condition, handling, _ in restrictions(c.exercise, conditions, params):
            name = instance_name(condition, c.exercise)
            lit = guards.get(name)
            if lit is None:
                lit = guards[name] = ctx.guard(name)
            if handling == "exclude":
                ctx.model.add(c.present == 0).only_enforce_if(lit)
                continue
            for zone, zlit in c.zones.items():
                reps = zone_reps(zone, c.exercise)
                assert reps is not None  # a zone literal exists only where reps do
                if not allowed(handling, reps):
                    ctx.model.add(zlit == 0).only_enforce_if(lit)
    if "low_back_pain" in conditions and params.back_load_set_cost:
        loading = ctx.where(lambda c: c.exercise.lower_back_load is not BackLoad.low)
        ctx.add_goal(params.back_load_set_cost * ctx.total_sets(loading))


def check(program: Program, ctx: CheckContext, params: ContraindicationParams) -> list[Violation]:
    conditions = _conditions(ctx.scenario.athlete.contraindications)
    violations = []
    for week in program.weeks:
        for e in entries(week, ctx.by_id):
            for condition, handling, why in restrictions(e.exercise, conditions, params):
                if allowed(handling, e.line.reps):
                    continue
                lo, hi = e.line.reps
                at = "" if handling == "exclude" else f" at {lo}-{hi} reps"
                violations.append(
                    Violation(
                        RULE.id,
                        instance_name(condition, e.exercise),
                        f"{week_prefix(week, len(program.weeks))}{session_label(e.session)}: "
                        f"{e.exercise.name}{at}: with {_LABEL[condition]} it "
                        f"{_HANDLED[handling]}, because it {why}",
                    )
                )
    return violations


def goal(program: Program, ctx: CheckContext, params: ContraindicationParams) -> int:
    """Weekly sets that load the lower back, times their cost (low back pain only)."""
    if "low_back_pain" not in _conditions(ctx.scenario.athlete.contraindications):
        return 0
    return params.back_load_set_cost * sum(
        e.line.sets
        for week in program.weeks
        for e in entries(week, ctx.by_id)
        if e.exercise.lower_back_load is not BackLoad.low
    )


def describe(instance: str, dctx: DescribeContext, params: ContraindicationParams) -> str:
    condition, _, ex_id = instance.partition(": ")
    exercise = dctx.catalog.by_id().get(ex_id)
    if exercise is None:
        return f"{_LABEL.get(condition, condition)} rules out {ex_id}"
    for cond, handling, why in restrictions(exercise, {condition}, params):
        if cond == condition:
            return f"with {_LABEL[cond]}, {exercise.name} {_HANDLED[handling]}: it {why}"
    return f"{_LABEL.get(condition, condition)} restricts {exercise.name}"


def justify(program: Program, ctx: CheckContext, params: ContraindicationParams) -> str:
    conditions = _conditions(ctx.scenario.athlete.contraindications)
    if not conditions:
        return "no contraindications given"
    parts = []
    for condition in sorted(conditions):
        by_handling: dict[str, list[str]] = {}
        for exercise in ctx.catalog.exercises:
            for _, handling, _ in restrictions(exercise, {condition}, params):
                by_handling.setdefault(handling, []).append(exercise.name)
        said = [
            f"{_HANDLED[h].removeprefix('is ')}: {names_list(names, limit=3)}"
            for h, names in sorted(by_handling.items())
        ]
        parts.append(f"{_LABEL[condition]}: {'; '.join(said) or 'nothing to restrict'}")
    if "low_back_pain" in conditions and params.back_load_set_cost:
        loading = goal(program, ctx, params) // params.back_load_set_cost
        parts.append(f"{plural(loading, 'weekly set')} load the lower back")
    return "; ".join(parts)


def not_applicable(ctx: CheckContext, params: ContraindicationParams) -> str | None:
    if not ctx.scenario.athlete.contraindications:
        return "the athlete has no contraindications"
    return None


RULE = Rule(
    id="contraindications",
    not_applicable=not_applicable,
    description="Low back pain, knee pain and not kneeling exclude or cap the exercises that "
    "load those joints, and low back pain prefers supported alternatives.",
    params=ContraindicationParams,
    encode=encode,
    check=check,
    goal=goal,
    describe=describe,
    justify=justify,
    forbids=forbids,
    # A medical restriction is never traded for volume or coverage in an explanation.
    relaxable=False,
    default_weight=200,
    sources=(
        "Schellenberg et al. 2013",
        "Powers et al., JOSPT 2014 (not yet in research/evidence.md)",
        "000_dd2db63edd4a1a04.txt",
    ),
    slot_use=SlotUse.none,
)
