"""flexion_before_extension: knee flexion first, hip extension after, in every session.

Knee flexion trains all four heads with little help from other muscles; hip extension brings
in the glutes and lower back, so it comes second (000_dd2db63edd4a1a04.txt). Exercises that do
both (glute-ham raise, ball curl) sit between. Quad exercises are not ordered by this rule.
One instance per session.

``first: hip_extension`` turns the order round for a rule set that follows seed 001
(001_b9350566f70ab695.txt: the workout "begins with four working sets of Romanian deadlift
... After training the hip extending function of the hamstrings, you'll move on to the knee
flexing function"): hip extension first, then both, then knee flexion. The default is seed
000's.
"""

from __future__ import annotations

from typing import Literal

from hamopt.domain.metrics import by_weeks, session_label, week_prefix
from hamopt.domain.models import Exercise, Program, ProgramWeek
from hamopt.rules.check_context import CheckContext
from hamopt.rules.contract import DescribeContext, Params, Relaxation, Rule, SlotUse, Violation
from hamopt.rules.model_context import MAX_EXERCISES_PER_SESSION, Candidate, ModelContext


class OrderParams(Params):
    # Where exercises doing both actions go; the seed names only the two pure kinds.
    dual_action_between: bool = True
    # Which pure kind opens the session: seed 000's knee flexion (the default) or seed 001's
    # hip extension (the module docstring).
    first: Literal["knee_flexion", "hip_extension"] = "knee_flexion"


def order_class(exercise: Exercise) -> int | None:
    """0 knee flexion only, 1 both, 2 hip extension only; None for non-hamstring work."""
    if not exercise.is_hamstring:
        return None
    flex, ext = exercise.is_knee_flexion, exercise.is_hip_extension
    if flex and ext:
        return 1
    return 0 if flex else 2


def rank(exercise: Exercise, params: OrderParams) -> int | None:
    """Place in the session's order: 0 the kind that comes first, 1 both, 2 the other kind."""
    k = order_class(exercise)
    if k is None or params.first == "knee_flexion":
        return k
    return 2 - k


def _unrank(r: int, params: OrderParams) -> int:
    """The order class (0 knee flexion, 1 both, 2 hip extension) of a rank."""
    return r if params.first == "knee_flexion" else 2 - r


def _must_precede(a: int, b: int, dual_between: bool) -> bool:
    if a == b:
        return False
    return (a, b) == (0, 2) or (dual_between and a < b)


def encode(ctx: ModelContext, params: OrderParams) -> None:
    # Two boundaries per session instead of a constraint per pair of exercises (O(n), not
    # O(n^2)): knee flexion sits at places <= flex_end, hip extension at places > ext_start,
    # and exercises doing both in between. Without `dual_action_between` the duals are free.
    places = MAX_EXERCISES_PER_SESSION
    for s, slot in enumerate(ctx.slots):
        classed: list[tuple[int, Candidate]] = [
            (k, c) for c in ctx.in_slot(s) if (k := rank(c.exercise, params)) is not None
        ]
        lit = ctx.guard(slot.label)
        flex_end = ctx.model.new_int_var(-1, places - 1, f"flex_end[{slot.label}]")
        ext_start = ctx.model.new_int_var(-1, places - 1, f"ext_start[{slot.label}]")
        with ctx.order():  # places only: a one-week relaxation leaves them to the completion
            ctx.model.add(flex_end <= ext_start).only_enforce_if(lit)
            for k, c in classed:
                if k == 0:
                    ctx.model.add(c.pos <= flex_end).only_enforce_if([c.present, lit])
                elif k == 2:
                    ctx.model.add(c.pos >= ext_start + 1).only_enforce_if([c.present, lit])
                elif params.dual_action_between:
                    ctx.model.add(c.pos >= flex_end + 1).only_enforce_if([c.present, lit])
                    ctx.model.add(c.pos <= ext_start).only_enforce_if([c.present, lit])


_KIND = {0: "knee flexion", 1: "knee flexion and hip extension", 2: "hip extension"}


def check(program: Program, ctx: CheckContext, params: OrderParams) -> list[Violation]:
    violations = []
    for week in program.weeks:
        for session in week.sessions:
            lines = [line for line in session.ordered() if line.id in ctx.by_id]
            ranks = [(rank(ctx.by_id[line.id], params), line) for line in lines]
            classed = [(k, line) for k, line in ranks if k is not None]
            for i, (ra, a) in enumerate(classed):
                for rb, b in classed[i + 1 :]:
                    if _must_precede(rb, ra, params.dual_action_between):
                        ka, kb = _unrank(ra, params), _unrank(rb, params)
                        label = session_label(session)
                        violations.append(
                            Violation(
                                RULE.id,
                                f"{week_prefix(week, len(program.weeks))}{label}",
                                f"{week_prefix(week, len(program.weeks))}{label}: "
                                f"{ctx.by_id[b.id].name} ({_KIND[kb]}) comes after "
                                f"{ctx.by_id[a.id].name} ({_KIND[ka]})",
                            )
                        )
    return violations


def describe(instance: str, dctx: DescribeContext, params: OrderParams) -> str:
    between = (
        ", with exercises doing both (glute-ham raise, ball curl) in between"
        if params.dual_action_between
        else ""
    )
    one, other = ("knee-flexion", "hip-extension")[:: 1 if params.first == "knee_flexion" else -1]
    return f"in the {instance} session, {one} exercises come before {other} exercises{between}"


def relax(dctx: DescribeContext, params: OrderParams) -> list[Relaxation]:
    if not params.dual_action_between:
        return []
    return [
        Relaxation(
            change="let exercises doing both knee flexion and hip extension go anywhere in "
            "the order",
            cost=25,  # the seed names only the two pure kinds; the dual placement is ours
            param="dual_action_between",
            value=False,
        )
    ]


def justify(program: Program, ctx: CheckContext, params: OrderParams) -> str:
    def say(week: ProgramWeek) -> str:
        parts = []
        for session in week.sessions:
            lines = [line for line in session.ordered() if line.id in ctx.by_id]
            ham = [
                f"{ctx.by_id[line.id].name} ({_SHORT[k]})"
                for line in lines
                if (k := order_class(ctx.by_id[line.id])) is not None
            ]
            parts.append(f"{session_label(session)}: {' -> '.join(ham) or 'no hamstrings'}")
        return "; ".join(parts) or "no sessions"

    return "; ".join(by_weeks(program.weeks, say)) or "no sessions"


_SHORT = {0: "flexion", 1: "both", 2: "extension"}


RULE = Rule(
    id="flexion_before_extension",
    description="In every session, knee-flexion exercises come before hip-extension exercises.",
    params=OrderParams,
    encode=encode,
    check=check,
    sources=("000_dd2db63edd4a1a04.txt",),
    describe=describe,
    orders_by_kind=True,  # by kind alone (hamopt/domain/line_order.py)
    relax=relax,
    justify=justify,
    slot_use=SlotUse.none,
)
