"""phase_ratio: over a multi-week plan, each week's hamstring:quad ratio follows its phase.

000_dd2db63edd4a1a04.txt: "initially shift towards a deliberate 2:1 ratio favoring hamstrings
... then return to a more balanced 1:1 ratio". A plan with phases (``phases:`` in the
scenario) runs the correction weeks at 2:1 and the balanced weeks at 1:1. The seed says
"then return", not "switch overnight"; a rule set that wants the return eased in asks for
``transition_weeks`` (default 0: the seed names no transition). The first of those weeks of
each balanced phase that follows a correction phase step the ratio down evenly: with one
transition week from 2:1 to 1:1 the target is 1.5:1, with two 1.67:1 then 1.33:1, each within
+-``tolerance``. The bands never overlap the phases' own ones (at least 2:1 before, at most
1.2:1 after), so a transition week really sits between them. Each transition week is its own
weekly template (hamopt/engine/horizon.py), which is what lets the ratio step.

How it shares the work with ``correction_ratio`` (one owner per week, so no ratio is counted
twice when a rule set makes both soft): ``correction_ratio`` keeps the weeks *in* a phase
(at least 2:1 correcting, 1:1 +-20% balanced; that is also the whole story of a one-week
plan) and skips transition weeks; ``phase_ratio`` owns the transition weeks. Without
``transition_weeks`` the rule adds no constraint: correction_ratio already reads each week's
own phase. Quads stay trained in every week (correction_ratio's "quads trained").

``from_ratio`` and ``to_ratio`` default to correction_ratio's 2:1 and 1:1; a rule set that
changes those should change these with them. Instances: "week <n> ratio" per transition week.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from hamopt.domain.fields import OutputField
from hamopt.domain.models import Phase, Program, Scenario
from hamopt.domain.words import num
from hamopt.rules.builtin.correction_ratio import TRANSITION, amounts
from hamopt.rules.check_context import CheckContext
from hamopt.rules.contract import (
    DescribeContext,
    Params,
    PlanContext,
    PlanMarks,
    Relaxation,
    Rule,
    SlotUse,
    Violation,
    relative_cost,
)
from hamopt.rules.model_context import ModelContext

# The week field this rule owns: a week between the correction and balanced ratios.
FIELD = OutputField(
    name=TRANSITION,
    type=bool,
    on="week",
    default=False,
    after="phase",
    description="A week between the correction and balanced ratios (rule phase_ratio).",
)


class PhaseRatioParams(Params):
    transition_weeks: int = Field(default=0, ge=0, le=12)  # the seed names none
    from_ratio: float = Field(default=2.0, ge=0.1, le=10)  # 000_dd2db63edd4a1a04.txt: 2:1
    to_ratio: float = Field(default=1.0, ge=0.1, le=10)  # 000_dd2db63edd4a1a04.txt: 1:1
    # hamopt's choice: as wide as correction_ratio's +-20% around 1:1; narrower than the
    # step (0.5 for one week), so a transition band touches neither phase's band.
    tolerance: float = Field(default=0.2, ge=0, le=5)
    basis: Literal["sets", "exercises"] = "sets"  # as correction_ratio's `basis`

    @model_validator(mode="after")
    def _downward(self) -> PhaseRatioParams:
        if self.to_ratio > self.from_ratio:
            raise ValueError("to_ratio must not be above from_ratio (the ratio steps down)")
        return self


def transition_weeks(scenario: Scenario, asked: int) -> dict[int, tuple[int, int]]:
    """The transition weeks of a plan: week -> (k, n), the k-th of n after a correction.

    ``asked`` weeks open each balanced phase that follows a correction phase; a transition
    never takes the whole balanced phase (at least one week stays at 1:1).
    """
    out: dict[int, tuple[int, int]] = {}
    week = 1
    previous: Phase | None = None
    for phase, n in scenario.phase_plan():
        if previous is Phase.correction and phase is Phase.balanced:
            lead = max(0, min(asked, n - 1))
            out.update({week + k: (k + 1, lead) for k in range(lead)})
        week += n
        previous = phase
    return out


def plan_weeks(pctx: PlanContext, params: PhaseRatioParams) -> PlanMarks:
    """Each transition week is a template of its own, marked so, which lets the ratio step."""
    weeks = transition_weeks(pctx.scenario, params.transition_weeks)
    return PlanMarks(
        starts=frozenset(weeks) | frozenset(w + 1 for w in weeks),
        marks={w: frozenset({TRANSITION}) for w in weeks},
    )


def annotate(program: Program, ctx: CheckContext, params: PhaseRatioParams) -> None:
    """The plan's transition weeks say so (the week field ``transition``)."""
    weeks = transition_weeks(ctx.scenario, params.transition_weeks)
    for week in program.weeks:
        if week.week in weeks:
            week.set_extra(TRANSITION, True)


def target(k: int, n: int, params: PhaseRatioParams) -> tuple[int, int]:
    """The k-th of n transition weeks: (lowest, highest) ratio in hundredths."""
    mid = params.from_ratio - (params.from_ratio - params.to_ratio) * k / (n + 1)
    return max(0, round((mid - params.tolerance) * 100)), round((mid + params.tolerance) * 100)


def plan(scenario: Scenario, params: PhaseRatioParams) -> dict[int, tuple[int, int]]:
    """Transition week -> its ratio band (hundredths)."""
    return {
        week: target(k, n, params)
        for week, (k, n) in transition_weeks(scenario, params.transition_weeks).items()
    }


def encode(ctx: ModelContext, params: PhaseRatioParams) -> None:
    bands = plan(ctx.scenario, params)
    for tpl in ctx.templates:
        seg = tpl.segment
        if seg is None or TRANSITION not in seg.marks:
            continue
        lo, hi = bands[seg.first_week]  # a transition segment is one week (horizon.py)
        ham = tpl.where(lambda c: c.exercise.is_hamstring)
        quad = tpl.where(lambda c: c.exercise.is_quad)
        if params.basis == "sets":
            h, q = tpl.total_sets(ham), tpl.total_sets(quad)
        else:
            h, q = tpl.count(ham), tpl.count(quad)
        lit = ctx.guard(f"week {seg.first_week} ratio")
        ctx.model.add(100 * h >= lo * q).only_enforce_if(lit)
        ctx.model.add(100 * h <= hi * q).only_enforce_if(lit)


def _band(lo: int, hi: int) -> str:
    return f"{num(lo / 100)}-{num(hi / 100)}:1"


def check(program: Program, ctx: CheckContext, params: PhaseRatioParams) -> list[Violation]:
    bands = plan(ctx.scenario, params)
    found = []
    for week in program.weeks:
        if week.week not in bands:
            if week.extra(TRANSITION):
                found.append(Violation(
                    RULE.id, f"week {week.week} ratio",
                    f"week {week.week} is marked a transition week; the plan has "
                    f"{len(bands) or 'no'} transition weeks, not this one",
                ))  # fmt: skip
            continue
        lo, hi = bands[week.week]
        h, q = amounts(week, ctx, params.basis)
        if not week.extra(TRANSITION) or 100 * h < lo * q or 100 * h > hi * q:
            found.append(Violation(
                RULE.id, f"week {week.week} ratio",
                f"week {week.week}: {h}:{q} hamstring:quad {params.basis}; a transition "
                f"week from {num(params.from_ratio)}:1 to {num(params.to_ratio)}:1 wants "
                f"{_band(lo, hi)}" + ("" if week.extra(TRANSITION) else " (and is not marked one)"),
            ))  # fmt: skip
    return found


def describe(instance: str, dctx: DescribeContext, params: PhaseRatioParams) -> str:
    week = int(instance.split()[1]) if instance.startswith("week ") else 0
    lo, hi = plan(dctx.scenario, params).get(week, (0, 0))
    return (
        f"week {week} eases the return from {num(params.from_ratio)}:1 to "
        f"{num(params.to_ratio)}:1: hamstring:quad {params.basis} {_band(lo, hi)}"
    )


def relax(dctx: DescribeContext, params: PhaseRatioParams) -> list[Relaxation]:
    out = [
        Relaxation(
            change=f"let transition weeks sit within +-{num(v)} of their step",
            cost=relative_cost(params.from_ratio, params.from_ratio + v - params.tolerance),
            param="tolerance",
            value=v,
        )
        for v in (round(params.tolerance + d, 2) for d in (0.1, 0.2, 0.3))
    ]
    if params.transition_weeks:
        out.append(Relaxation(
            change="return straight to the balanced ratio (no transition week)",
            cost=50, param="transition_weeks", value=0,
        ))  # fmt: skip
    return out


def justify(program: Program, ctx: CheckContext, params: PhaseRatioParams) -> str:
    bands = plan(ctx.scenario, params)
    if not bands:
        return "no transition weeks asked for (correction_ratio keeps each phase's ratio)"
    parts = []
    for week in program.weeks:
        if week.week in bands:
            h, q = amounts(week, ctx, params.basis)
            ratio = f"{num(h / q)}:1" if q else "no quad work"
            parts.append(f"week {week.week}: {h}:{q} = {ratio} (wants {_band(*bands[week.week])})")
    return "; ".join(parts)


def not_applicable(ctx: CheckContext, params: PhaseRatioParams) -> str | None:
    if params.transition_weeks == 0:
        return "no transition weeks asked for (correction_ratio keeps each phase's ratio)"
    if not transition_weeks(ctx.scenario, params.transition_weeks):
        return "no balanced phase follows a correction phase"
    return None


RULE = Rule(
    id="phase_ratio",
    not_applicable=not_applicable,
    description="Over a multi-week plan the ratio follows the phases ({from_ratio}:1, then "
    "{to_ratio}:1), "
    "stepping down through transition weeks where the rule set asks for them.",
    params=PhaseRatioParams,
    encode=encode,
    check=check,
    describe=describe,
    relax=relax,
    justify=justify,
    plan=plan_weeks,
    annotate=annotate,
    fields=(FIELD,),
    horizon=True,
    sources=("000_dd2db63edd4a1a04.txt",),
    slot_use=SlotUse.none,
)
