"""head_coverage: every hamstring head gets enough stimulus-weighted weekly sets.

Hard part, one instance per head: bf_long, bf_short, semitendinosus and semimembranosus each
reach ``min_weighted_sets`` a week, where a set counts by the exercise's stimulus for that head.
Because only knee flexion trains bf_short, this forces a knee-flexion exercise into every week.

A second hard instance, "hip extension": the week holds at least one hip-extension hamstring
exercise. Knee flexion alone can meet the numbers, but semimembranosus grew only with hip
extension (Bourne et al., BJSM 2017) and the seeds' workouts always train both functions
(001_b9350566f70ab695.txt: "their two main functions: hip extension and knee flexion").

Goal (always on, weighted): lift the least-covered head up to ``target_weighted_sets``; the
penalty is the shortfall in hundredths of a set. Capping at the target keeps the solver from
buying coverage with endless volume once the week is good enough.
"""

from __future__ import annotations

from pydantic import Field, model_validator

from hamopt.check import CheckContext
from hamopt.compile import MAX_SETS_PER_EXERCISE, ModelContext
from hamopt.constraints.base import Params, Rule, Violation
from hamopt.metrics import entries, head_load_pct, week_prefix
from hamopt.models import HEADS, Program


class CoverageParams(Params):
    # Four heads, bf_short by knee flexion only: all four seeds' anatomy sections.
    min_weighted_sets: float = Field(default=2.0, ge=0, le=50)
    # ~12 weekly sets (003_95a5fdc3819596de.txt) x ~0.7 average share of a set per head.
    target_weighted_sets: float = Field(default=8.0, ge=0, le=50)
    # Bourne et al., BJSM 2017; 001_b9350566f70ab695.txt (see the module docstring).
    require_hip_extension: bool = True

    @model_validator(mode="after")
    def _target_above_min(self) -> CoverageParams:
        if self.target_weighted_sets < self.min_weighted_sets:
            raise ValueError("target_weighted_sets must be at least min_weighted_sets")
        return self


def _pct(sets: float) -> int:
    return round(sets * 100)


def encode(ctx: ModelContext, params: CoverageParams) -> None:
    upper = len(ctx.candidates) * MAX_SETS_PER_EXERCISE * 100
    loads = []
    for head in HEADS:
        load = ctx.model.new_int_var(0, upper, f"load[{head}]")
        ctx.model.add(load == ctx.head_load(head))
        lit = ctx.guard(head)
        ctx.model.add(load >= _pct(params.min_weighted_sets)).only_enforce_if(lit)
        loads.append(load)
    if params.require_hip_extension:
        hinges = ctx.where(lambda c: c.exercise.is_hamstring and c.exercise.is_hip_extension)
        ctx.model.add(ctx.count(hinges) >= 1).only_enforce_if(ctx.guard("hip extension"))
    target = _pct(params.target_weighted_sets)
    least = ctx.model.new_int_var(0, upper, "least_covered_head")
    ctx.model.add_min_equality(least, loads)
    capped = ctx.model.new_int_var(0, target, "least_covered_head_capped")
    ctx.model.add(capped <= least)
    ctx.add_goal(target - capped)


def check(program: Program, ctx: CheckContext, params: CoverageParams) -> list[Violation]:
    violations = []
    for week in program.weeks:
        loads = head_load_pct(week, ctx.by_id)
        for head in HEADS:
            if loads[head] < _pct(params.min_weighted_sets):
                why = ""
                if head == "bf_short" and loads[head] == 0:
                    why = " (no knee-flexion exercise: only knee flexion trains the short head)"
                violations.append(
                    Violation(
                        RULE.id,
                        f"{week_prefix(week, len(program.weeks))}{head}",
                        f"{week_prefix(week, len(program.weeks))}{head}: "
                        f"{loads[head] / 100:.2f} weighted sets, below the minimum "
                        f"{params.min_weighted_sets:g}{why}",
                    )
                )
        if params.require_hip_extension and not any(
            e.exercise.is_hamstring and e.exercise.is_hip_extension
            for e in entries(week, ctx.by_id)
        ):
            violations.append(
                Violation(
                    RULE.id,
                    f"{week_prefix(week, len(program.weeks))}hip extension",
                    f"{week_prefix(week, len(program.weeks))}no hip-extension hamstring exercise "
                    "(semimembranosus grew only with hip extension, Bourne et al. 2017)",
                )
            )
    return violations


def goal(program: Program, ctx: CheckContext, params: CoverageParams) -> int:
    """Shortfall of the least-covered head below the target, summed over the weeks."""
    target = _pct(params.target_weighted_sets)
    return sum(
        target - min(min(head_load_pct(week, ctx.by_id).values()), target) for week in program.weeks
    )


RULE = Rule(
    id="head_coverage",
    description="Each of the four hamstring heads gets enough stimulus-weighted weekly sets.",
    params=CoverageParams,
    encode=encode,
    check=check,
    goal=goal,
    default_weight=10,
    sources=(
        "000_dd2db63edd4a1a04.txt",
        "001_b9350566f70ab695.txt",
        "002_e5f80c70dbe71d00.txt",
        "003_95a5fdc3819596de.txt",
    ),
)
