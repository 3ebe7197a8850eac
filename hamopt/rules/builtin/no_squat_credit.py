"""no_squat_credit: squat patterns never count as hamstring work, whatever a catalog says.

001_b9350566f70ab695.txt: the hamstrings are "not very active in the squat" and "after ten
weeks of two squat training sessions per week, the hamstrings [did not] show any muscle
growth at all" (Kubo et al., EJAP 2019). The shipped catalog gives every squat-pattern
exercise zero hamstring stimulus and the quads region, but a scenario or a custom catalog may
add one that claims hamstring credit (``region: hamstrings`` or a head stimulus above 0),
and every volume, ratio and coverage count would then take a squat for hamstring work.

How the encoder neutralises it: such an exercise may not be chosen at all (one instance per
exercise: "credit: <id>"). Zeroing its stimulus in the head totals instead would need every
reader of hamstring volume (five rules, the metrics and the totals block) to share a
rewritten catalog, and a checker reading the real catalog would then disagree with the
solver; forbidding it keeps one catalog and makes the mistake visible. The checker flags a
program that counts a squat pattern as hamstring work: a line whose catalog entry claims the
credit, or whose own ``region``/``heads`` say hamstrings (a hand-written program's totals).
The message says how to fix the entry (region quads, stimulus 0) so it can be used as quad
work.

Mode **hard**: counting squats as hamstring work is the very error the seeds write against,
and the rule costs nothing with an honest catalog (no shipped exercise is affected).
"""

from __future__ import annotations

from hamopt.domain.metrics import entries, session_label, week_prefix
from hamopt.domain.models import HEADS, Exercise, Program, ProgramExercise, Region
from hamopt.domain.words import names_list
from hamopt.rules.check_context import CheckContext
from hamopt.rules.contract import DescribeContext, Params, Rule, SlotUse, Violation
from hamopt.rules.model_context import ModelContext


class NoSquatCreditParams(Params):
    """No parameters: Kubo et al. (EJAP 2019) found no hamstring growth at any squat depth."""


def claimed_credit(exercise: Exercise) -> list[str]:
    """What a squat-pattern exercise claims for the hamstrings (empty when nothing)."""
    if not exercise.is_squat_pattern:
        return []
    claims = [f"{h} {exercise.stimulus.get(h):g}" for h in HEADS if exercise.stimulus.get(h) > 0]
    if exercise.region is Region.hamstrings:
        claims.insert(0, "region hamstrings")
    return claims


def line_claims(line: ProgramExercise) -> list[str]:
    """What a program line itself counts for the hamstrings."""
    claims = []
    if line.region is Region.hamstrings:
        claims.append("region hamstrings")
    if line.heads:
        claims.append(f"heads {', '.join(line.heads)}")
    return claims


def instance_name(exercise: Exercise) -> str:
    return f"credit: {exercise.id}"


def encode(ctx: ModelContext, params: NoSquatCreditParams) -> None:
    guards = {}
    for c in ctx.candidates:
        if not claimed_credit(c.exercise):
            continue
        name = instance_name(c.exercise)
        if name not in guards:
            guards[name] = ctx.guard(name)
        ctx.model.add(c.present == 0).only_enforce_if(guards[name])


def check(program: Program, ctx: CheckContext, params: NoSquatCreditParams) -> list[Violation]:
    violations = []
    for week in program.weeks:
        for e in entries(week, ctx.by_id):
            if not e.exercise.is_squat_pattern:
                continue
            from_catalog = claimed_credit(e.exercise)
            claims = from_catalog or line_claims(e.line)
            if not claims:
                continue
            where = "the catalog gives it" if from_catalog else "the program counts it with"
            violations.append(
                Violation(
                    RULE.id,
                    instance_name(e.exercise),
                    f"{week_prefix(week, len(program.weeks))}{session_label(e.session)}: "
                    f"{e.exercise.name} is a squat pattern, but {where} "
                    f"{'; '.join(claims)}; squats do not grow the hamstrings (Kubo et al., "
                    "EJAP 2019), so make it region quads with zero hamstring stimulus",
                )
            )
    return violations


def describe(instance: str, dctx: DescribeContext, params: NoSquatCreditParams) -> str:
    ex_id = instance.removeprefix("credit: ")
    exercise = dctx.catalog.by_id().get(ex_id)
    name = exercise.name if exercise else ex_id
    claims = "; ".join(claimed_credit(exercise)) if exercise else "hamstring credit"
    return (
        f"{name} is a squat pattern its catalog entry credits with {claims}; squats do not "
        "grow the hamstrings (Kubo et al., EJAP 2019), so it stays out until the entry says "
        "region quads with zero hamstring stimulus"
    )


def justify(program: Program, ctx: CheckContext, params: NoSquatCreditParams) -> str:
    squats = sorted(
        {
            e.exercise.name
            for week in program.weeks
            for e in entries(week, ctx.by_id)
            if e.exercise.is_squat_pattern
        }
    )
    claiming = [e.name for e in ctx.catalog.exercises if claimed_credit(e)]
    kept_out = f"; kept out: {names_list(claiming)}" if claiming else ""
    if not squats:
        return f"no squat pattern in the week{kept_out}"
    verb = "counts" if len(squats) == 1 else "count"
    return f"{names_list(squats)} {verb} as quad work only{kept_out}"


RULE = Rule(
    id="no_squat_credit",
    description="Squat-pattern exercises never count toward hamstring volume or coverage.",
    params=NoSquatCreditParams,
    encode=encode,
    check=check,
    describe=describe,
    justify=justify,
    # Loosening it would mean counting squats as hamstring work: the fix is the catalog entry.
    relaxable=False,
    sources=("001_b9350566f70ab695.txt", "Kubo et al., EJAP 2019"),
    slot_use=SlotUse.none,
)
