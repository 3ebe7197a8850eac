"""strength_hinge: a strength goal gets a heavy loaded hinge every week.

ACSM's progression stand (2009) trains strength with heavier loads (1-8 RM for trained
lifters), and seed 001 opens its workout with the Romanian deadlift at 4 x 8 "for strength
and size". An athlete whose goals include ``strength`` therefore gets, each week, at least one
hip-extension hamstring exercise loaded with a bar or dumbbells (hamopt/domain/fit.py's
``is_heavy_hinge``) in a rep zone that starts at ``max_low_reps`` (8) or fewer. Where the
equipment holds no such exercise (bands, body weight), the rule has nothing to ask.

One instance, "heavy hinge". Mode **soft**, weight 400: a strength block without a heavy
hinge is a poor program, not an impossible one (a client with back pain may have every loaded
hinge excluded), and 400 outweighs the soft shape rules so it is given up last.
"""

from __future__ import annotations

from pydantic import Field

from hamopt.domain.fit import is_heavy_hinge, usable
from hamopt.domain.metrics import entries, week_prefix
from hamopt.domain.models import Goal, Mode, Program, Scenario
from hamopt.rules.check_context import CheckContext
from hamopt.rules.contract import Params, Rule, SlotUse, Violation
from hamopt.rules.model_context import ModelContext, zone_reps


class HingeParams(Params):
    max_low_reps: int = Field(default=8, ge=1, le=30)  # ACSM 2009: 1-8 RM; seed 001: RDL 4 x 8


def applies(scenario: Scenario) -> bool:
    return Goal.strength in scenario.athlete.goals


def encode(ctx: ModelContext, params: HingeParams) -> None:
    if not applies(ctx.scenario):
        return
    heavy = [
        zlit
        for c in ctx.candidates
        if is_heavy_hinge(c.exercise) and usable(c.exercise, ctx.scenario)
        for zone, zlit in c.zones.items()
        if (reps := zone_reps(zone, c.exercise)) is not None and reps[0] <= params.max_low_reps
    ]
    if heavy:
        ctx.model.add_bool_or(heavy).only_enforce_if(ctx.guard("heavy hinge"))


def check(program: Program, ctx: CheckContext, params: HingeParams) -> list[Violation]:
    scenario = ctx.scenario
    possible = any(is_heavy_hinge(e) and usable(e, scenario) for e in ctx.catalog.exercises)
    if not applies(scenario) or not possible:
        return []
    found = []
    for week in program.weeks:
        if not any(
            is_heavy_hinge(e.exercise) and e.line.reps[0] <= params.max_low_reps
            for e in entries(week, ctx.by_id)
        ):
            prefix = week_prefix(week, len(program.weeks))
            found.append(
                Violation(
                    RULE.id,
                    f"{prefix}heavy hinge",
                    f"{prefix}a strength goal but no loaded hinge at {params.max_low_reps} reps "
                    "or fewer (ACSM 2009; seed 001's RDL 4 x 8)",
                )
            )
    return found


def not_applicable(ctx: CheckContext, params: HingeParams) -> str | None:
    if not applies(ctx.scenario):
        return "no strength goal"
    if not any(is_heavy_hinge(e) and usable(e, ctx.scenario) for e in ctx.catalog.exercises):
        return "no loaded hinge in the equipment"
    return None


RULE = Rule(
    id="strength_hinge",
    description="A strength goal gets a heavy loaded hinge (8 reps or fewer) every week.",
    params=HingeParams,
    encode=encode,
    check=check,
    not_applicable=not_applicable,
    default_mode=Mode.soft,
    default_weight=400,
    sources=("ACSM position stand 2009", "001_b9350566f70ab695.txt"),
    slot_use=SlotUse.none,
)
