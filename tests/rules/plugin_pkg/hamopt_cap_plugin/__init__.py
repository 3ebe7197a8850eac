"""exercise_cap: at most ``max_sets`` weekly sets of each exercise in ``exercises``.

A rule from outside hamopt, written to the rule contract (hamopt/rules/contract.py) and
registered through the ``hamopt.rules`` entry-point group. A gym might use it to keep a
machine that is always busy out of its programs. One instance per capped exercise.
"""

from __future__ import annotations

from pydantic import Field

from hamopt.domain.metrics import entries, week_prefix
from hamopt.domain.models import Mode, Program
from hamopt.rules.check_context import CheckContext
from hamopt.rules.contract import Params, Rule, Violation
from hamopt.rules.model_context import ModelContext


class CapParams(Params):
    exercises: tuple[str, ...] = Field(default=(), description="Exercise ids to cap.")
    max_sets: int = Field(default=0, ge=0, le=50)  # 0 keeps the exercises out


def instance(ex_id: str) -> str:
    return f"cap {ex_id}"


def encode(ctx: ModelContext, params: CapParams) -> None:
    for ex_id in params.exercises:
        capped = ctx.where(lambda c, ex_id=ex_id: c.exercise.id == ex_id)
        if capped:
            lit = ctx.guard(instance(ex_id))
            ctx.model.add(ctx.total_sets(capped) <= params.max_sets).only_enforce_if(lit)


def check(program: Program, ctx: CheckContext, params: CapParams) -> list[Violation]:
    violations = []
    for week in program.weeks:
        prefix = week_prefix(week, len(program.weeks))
        for ex_id in params.exercises:
            sets = sum(e.line.sets for e in entries(week, ctx.by_id) if e.exercise.id == ex_id)
            if sets > params.max_sets:
                violations.append(
                    Violation(
                        RULE.id,
                        f"{prefix}{instance(ex_id)}",
                        f"{prefix}{sets} weekly sets of {ex_id}; at most {params.max_sets}",
                    )
                )
    return violations


RULE = Rule(
    id="exercise_cap",
    description="At most max_sets weekly sets of each listed exercise.",
    params=CapParams,
    encode=encode,
    check=check,
    default_mode=Mode.hard,
    sources=("a gym's own policy (test plugin)",),
)
