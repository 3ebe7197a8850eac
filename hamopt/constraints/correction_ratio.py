"""correction_ratio: hamstring:quad work at 2:1 while correcting quad dominance, then 1:1.

000_dd2db63edd4a1a04.txt: "initially shift towards a deliberate 2:1 ratio favoring
hamstrings ... then return to a more balanced 1:1 ratio". The seed counts exercises; hamopt
counts weekly working sets by default (``basis: sets``) because sets are what volume studies
measure, and offers ``basis: exercises`` for the seed's literal reading. Quads are still
trained (``min_quad_sets``). Instances: "ratio" and "quads trained".
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from hamopt.check import CheckContext
from hamopt.compile import ModelContext
from hamopt.constraints.base import Params, Rule, Violation
from hamopt.metrics import entries, week_prefix
from hamopt.models import Phase, Program, ProgramWeek


class RatioParams(Params):
    correction_ratio: float = Field(default=2.0, ge=0.1, le=10)  # 000_dd2db63edd4a1a04.txt
    balanced_ratio: float = Field(default=1.0, ge=0.1, le=10)  # 000_dd2db63edd4a1a04.txt
    # "about 1:1": the balanced ratio may sit within +-20% (hamopt's choice, parameterised).
    tolerance: float = Field(default=0.2, ge=0, le=5)
    basis: Literal["sets", "exercises"] = "sets"
    min_quad_sets: int = Field(default=4, ge=0, le=100)  # quads are still trained


def bounds(phase: Phase, params: RatioParams) -> tuple[int, int | None]:
    """Ratio bounds in hundredths: (lowest, highest or None)."""
    if phase is Phase.correction:
        return round(params.correction_ratio * 100), None
    lo = round((params.balanced_ratio - params.tolerance) * 100)
    return max(lo, 0), round((params.balanced_ratio + params.tolerance) * 100)


def encode(ctx: ModelContext, params: RatioParams) -> None:
    ham = ctx.where(lambda c: c.exercise.is_hamstring)
    quad = ctx.where(lambda c: c.exercise.is_quad)
    if params.basis == "sets":
        h, q = ctx.total_sets(ham), ctx.total_sets(quad)
    else:
        h, q = ctx.count(ham), ctx.count(quad)
    lo, hi = bounds(ctx.scenario.phase, params)
    lit = ctx.guard("ratio")
    ctx.model.add(100 * h >= lo * q).only_enforce_if(lit)
    if hi is not None:
        ctx.model.add(100 * h <= hi * q).only_enforce_if(lit)
    trained = ctx.guard("quads trained")
    ctx.model.add(ctx.total_sets(quad) >= params.min_quad_sets).only_enforce_if(trained)


def amounts(week: ProgramWeek, ctx: CheckContext, basis: str) -> tuple[int, int]:
    """Hamstring and quad amounts of a week on the given basis."""
    lines = list(entries(week, ctx.by_id))
    if basis == "sets":
        return (
            sum(e.line.sets for e in lines if e.exercise.is_hamstring),
            sum(e.line.sets for e in lines if e.exercise.is_quad),
        )
    return (
        sum(1 for e in lines if e.exercise.is_hamstring),
        sum(1 for e in lines if e.exercise.is_quad),
    )


def check(program: Program, ctx: CheckContext, params: RatioParams) -> list[Violation]:
    violations = []
    for week in program.weeks:
        phase = week.phase or ctx.scenario.phase
        lo, hi = bounds(phase, params)
        h, q = amounts(week, ctx, params.basis)
        prefix = week_prefix(week, len(program.weeks))
        shown = f"{h}:{q} hamstring:quad {params.basis}"
        if 100 * h < lo * q or (hi is not None and 100 * h > hi * q):
            want = f"at least {lo / 100:g}:1" if hi is None else f"{lo / 100:g}-{hi / 100:g}:1"
            violations.append(
                Violation(
                    RULE.id, f"{prefix}ratio", f"{prefix}{shown}; the {phase} phase wants {want}"
                )
            )
        _, quad_sets = amounts(week, ctx, "sets")
        if quad_sets < params.min_quad_sets:
            violations.append(
                Violation(
                    RULE.id,
                    f"{prefix}quads trained",
                    f"{prefix}{quad_sets} quad sets; quads still need at least "
                    f"{params.min_quad_sets}",
                )
            )
    return violations


RULE = Rule(
    id="correction_ratio",
    description=(
        "Hamstring:quad work at least 2:1 in the correction phase, about 1:1 when balanced."
    ),
    params=RatioParams,
    encode=encode,
    check=check,
    sources=("000_dd2db63edd4a1a04.txt",),
)
