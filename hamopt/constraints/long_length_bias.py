"""long_length_bias: prefer hamstring exercises that load the muscle long, keep the variety.

Maeo et al., MSSE 2021 (research/evidence.md): the seated leg curl, hip flexed so the
hamstrings work long, grew them more than the lying curl (+14% vs +9% in 12 weeks). The catalog
rates every exercise's ``long_length_bias`` (0..1: seated curl 0.8, lying curl 0.45, RDL 0.8,
glute bridge 0.15). Goal (always on): each hamstring set of an exercise whose bias is below
``long_from`` costs the shortfall in hundredths, so a lying curl set costs 5, a glute bridge
set 35, and a seated curl, an RDL or a Nordic nothing.

Why a threshold and not "the longer the better": the preference has to leave room for
variety. 001_b9350566f70ab695.txt combines the seated and the lying curl because they train
the muscle "at a slightly different position", and a per-set price on every exercise turned
the rule into a knapsack against head_coverage and the tie-break (measured: the sprinter
scenario needed 2.8-5 deterministic seconds instead of 0.005). With the threshold the goal is
zero whenever the week can be built from long-length work, and both curls may still appear
(the lying curl costs a little, it is not forbidden).

Variety: the same hamstring exercise in at most ``max_sessions_per_exercise`` sessions a week
(a rule set allows repeats by raising it), so that the long-length favourite cannot fill every
session. Exercises in ``repeatable`` are exempt: the Nordic family's proven dose is a weekly
frequency (Petersen et al. 2011: two to three sessions a week), so repeating it is the
prescription, not a lack of variety. One instance per exercise ("Seated leg curl once a week").

Mode **hard** for the variety instances: every shipped scenario offers enough distinct
hamstring exercises for its sessions (a hotel room has a floor curl and two bridges for two
sessions), so the limit shapes programs without making any of them infeasible; where it
would, the explanation names the exercise and the fix is a parameter. Weight **1** for the
goal: one unit per hundredth of bias per set, against head_coverage's 10 per hundredth of a
set of its least-covered head, so length is a preference among programs that cover the heads
equally well, never a reason to under-train one.
"""

from __future__ import annotations

from pydantic import Field

from hamopt.check import CheckContext
from hamopt.compile import ModelContext
from hamopt.constraints.base import Params, Rule, Violation
from hamopt.metrics import entries, week_prefix
from hamopt.models import Exercise, Program


class LengthParams(Params):
    # 1 = the same hamstring exercise in one session a week only (hamopt's reading of
    # "without losing variety"); raise it to allow repeats.
    max_sessions_per_exercise: int = Field(default=1, ge=1, le=21)
    # Below this bias a set counts as short-length work (Maeo 2021: seated 0.8 vs lying 0.45).
    long_from: float = Field(default=0.5, ge=0, le=1)
    # Petersen et al., AJSM 2011: the Nordic protocol is 2-3 sessions a week.
    repeatable: tuple[str, ...] = Field(
        default=("nordic_hamstring_curl", "eccentric_nordic", "band_assisted_nordic"),
        max_length=200,
    )


def shortness(exercise: Exercise, params: LengthParams) -> int:
    """What one set costs: its bias's shortfall below ``long_from``, in hundredths."""
    return max(0, round(100 * params.long_from) - round(100 * exercise.long_length_bias))


def instance(exercise: Exercise, limit: int) -> str:
    times = {1: "once", 2: "twice"}.get(limit, f"{limit} times")
    return f"{exercise.name} {times} a week"


def encode(ctx: ModelContext, params: LengthParams) -> None:
    ham = ctx.where(lambda c: c.exercise.is_hamstring)
    ctx.add_goal(sum((shortness(c.exercise, params) * c.sets for c in ham), start=0))
    if params.max_sessions_per_exercise >= len(ctx.slots):
        return  # no week can break it
    for exercise in ctx.catalog.exercises:
        if not exercise.is_hamstring or exercise.id in params.repeatable:
            continue
        same = ctx.where(lambda c, ex=exercise: c.exercise.id == ex.id)
        lit = ctx.guard(instance(exercise, params.max_sessions_per_exercise))
        ctx.model.add(ctx.count(same) <= params.max_sessions_per_exercise).only_enforce_if(lit)


def check(program: Program, ctx: CheckContext, params: LengthParams) -> list[Violation]:
    violations = []
    for week in program.weeks:
        sessions: dict[str, set[int]] = {}
        for e in entries(week, ctx.by_id):
            if e.exercise.is_hamstring and e.exercise.id not in params.repeatable:
                sessions.setdefault(e.exercise.id, set()).add(id(e.session))
        for ex_id, where in sessions.items():
            if len(where) > params.max_sessions_per_exercise:
                exercise = ctx.by_id[ex_id]
                violations.append(
                    Violation(
                        RULE.id,
                        week_prefix(week, len(program.weeks))
                        + instance(exercise, params.max_sessions_per_exercise),
                        f"{week_prefix(week, len(program.weeks))}{exercise.name} in "
                        f"{len(where)} sessions; at most {params.max_sessions_per_exercise} "
                        "a week, for variety",
                    )
                )
    return violations


def goal(program: Program, ctx: CheckContext, params: LengthParams) -> int:
    return sum(
        shortness(e.exercise, params) * e.line.sets
        for week in program.weeks
        for e in entries(week, ctx.by_id)
        if e.exercise.is_hamstring
    )


RULE = Rule(
    id="long_length_bias",
    description="Prefer hamstring exercises that load the muscle long (seated over lying "
    "curl); the same hamstring exercise in one session a week.",
    params=LengthParams,
    encode=encode,
    check=check,
    goal=goal,
    default_weight=1,
    sources=(
        "Maeo et al., MSSE 2021",
        "001_b9350566f70ab695.txt",
        "Petersen et al., AJSM 2011 (Nordic frequency)",
    ),
)
