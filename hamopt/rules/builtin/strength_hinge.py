"""strength_hinge: a strength goal gets a heavy loaded hinge every week.

ACSM's progression stand (2009) trains strength with heavier loads (1-8 RM for trained
lifters), and seed 001 opens its workout with the Romanian deadlift at 4 x 8 "for strength
and size". An athlete whose goals include ``strength`` therefore gets, each week, at least one
hip-extension hamstring exercise loaded with a bar or dumbbells (hamopt/domain/fit.py's
``is_heavy_hinge``) in a rep zone of ``max_reps`` (8) or fewer: the heavy zone, 6-8. A zone
that only starts at 8 (8-12) once counted, and a sprinter's "heavy hinge" became a back
extension at 8-12 with the Romanian deadlift at 6-8 dropped; a load a lifter can move 12 times
is not the 1-8 RM the stand means for trained lifters. A beginner's strength work is 8-12 RM
(ACSM 2009's novice loading), so for them ``novice_max_reps`` (12) is heavy enough: a
dumbbell RDL at 8-12, not a single-leg RDL above their level at 6-8. Where the equipment
holds no such exercise (bands, body weight), the rule has nothing to ask.

One instance, "heavy hinge". Mode **soft**, weight 400: a strength block without a heavy
hinge is a poor program, not an impossible one (a client with back pain may have every loaded
hinge excluded), and 400 outweighs the soft shape rules so it is given up last.
"""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import Field

from hamopt.domain.fit import is_heavy_hinge, usable
from hamopt.domain.metrics import by_weeks, entries, session_label, week_prefix
from hamopt.domain.models import (
    Catalog,
    Exercise,
    Goal,
    Level,
    Mode,
    Program,
    ProgramWeek,
    Scenario,
)
from hamopt.domain.words import names_list
from hamopt.rules.builtin.volume_ramp import DELOAD
from hamopt.rules.check_context import CheckContext
from hamopt.rules.contract import Params, Rule, SlotUse, Violation
from hamopt.rules.model_context import REP_ZONES, ModelContext, zone_reps


class HingeParams(Params):
    # The most reps of the line's zone: ACSM 2009's 1-8 RM; seed 001's RDL 4 x 8.
    max_reps: int = Field(default=8, ge=1, le=30)
    # A beginner's: ACSM 2009 loads novices at 8-12 RM.
    novice_max_reps: int = Field(default=12, ge=1, le=30)
    # The least sets of a heavy hinge line (seed 001's RDL 4 x 8). None: any line of the zone
    # counts. None by default, as it slowed the 10-week plan's proof
    # (notes/sprinter_10_weeks_profile.md); the packaged `coach_plus` rule set asks for 3.
    min_sets: int | None = Field(default=None, ge=1, le=10)


def most_reps(scenario: Scenario, params: HingeParams) -> int:
    """The most reps a heavy hinge line's zone may hold for this athlete."""
    novice = scenario.athlete.experience is Level.beginner
    return params.novice_max_reps if novice else params.max_reps


def applies(scenario: Scenario) -> bool:
    return Goal.strength in scenario.athlete.goals


def heavy_zones(exercise: Exercise, most: int) -> list[str]:
    """The rep zones that make the exercise a heavy hinge at ``most`` reps (none: it is not
    one, or its own range never comes down that far, e.g. a back extension for 8-15 only)."""
    if not is_heavy_hinge(exercise):
        return []
    return [z for z in REP_ZONES if (r := zone_reps(z, exercise)) is not None and r[1] <= most]


def heavy_hinges(scenario: Scenario, catalog: Catalog, params: HingeParams) -> list[Exercise]:
    """The athlete's possible heavy hinges: usable, with a heavy zone."""
    most = most_reps(scenario, params)
    return [e for e in catalog.exercises if usable(e, scenario) and heavy_zones(e, most)]


def encode(ctx: ModelContext, params: HingeParams) -> None:
    if not applies(ctx.scenario) or not heavy_hinges(ctx.scenario, ctx.catalog, params):
        return
    most = most_reps(ctx.scenario, params)
    heavy = [
        c.zones[zone]
        for c in ctx.candidates
        if usable(c.exercise, ctx.scenario)
        for zone in heavy_zones(c.exercise, most)
        if zone in c.zones
    ]
    # Kept only with a heavy line, even in a model with no heavy hinge among its candidates
    # (a narrow first solve's short list): the rule reads the catalog, as the checker does,
    # so a narrow program's cost is the full model's (hamopt/engine/narrow.py).
    guard = ctx.guard("heavy hinge")
    ctx.model.add_bool_or(heavy).only_enforce_if(guard)
    deload = ctx.segment is not None and DELOAD in ctx.segment.marks
    if params.min_sets is not None and not deload:  # a deload cuts every line's sets
        # Every line in a heavy zone holds the sets: a 2-set heavy line beside a 3-set one
        # would be a heavy line the rule does not count, so none is allowed.
        for c in ctx.candidates:
            for zone in heavy_zones(c.exercise, most):
                if zone in c.zones and usable(c.exercise, ctx.scenario):
                    ctx.model.add(c.sets >= params.min_sets).only_enforce_if(
                        [c.zones[zone], guard]
                    )


def check(program: Program, ctx: CheckContext, params: HingeParams) -> list[Violation]:
    scenario = ctx.scenario
    if not applies(scenario) or not heavy_hinges(scenario, ctx.catalog, params):
        return []
    found = []
    most = most_reps(scenario, params)
    for week in program.weeks:
        heavy = [
            e for e in entries(week, ctx.by_id)
            if is_heavy_hinge(e.exercise) and e.line.reps[1] <= most
        ]  # fmt: skip
        counted = params.min_sets is not None and not week.extra(DELOAD)
        short = [e for e in heavy if counted and e.line.sets < (params.min_sets or 0)]
        if heavy and not short:
            continue
        prefix = week_prefix(week, len(program.weeks))
        said = (
            f"{prefix}{short[0].exercise.name} is a heavy hinge at {short[0].line.sets} sets; "
            f"a strength goal's heavy hinge holds at least {params.min_sets} (seed 001's RDL "
            "4 x 8)"
            if short
            else f"{prefix}a strength goal but no loaded hinge at {most} reps "
            "or fewer (ACSM 2009; seed 001's RDL 4 x 8)"
        )
        found.append(Violation(RULE.id, f"{prefix}heavy hinge", said))
    return found


def justify(program: Program, ctx: CheckContext, params: HingeParams) -> str:
    """The lines that make each week's heavy hinge (weeks alike once)."""
    most = most_reps(ctx.scenario, params)

    def say(week: ProgramWeek) -> str:
        heavy = [
            f"{e.exercise.name} {e.line.sets} x {e.line.reps[0]}-{e.line.reps[1]} "
            f"({session_label(e.session)})"
            for e in entries(week, ctx.by_id)
            if is_heavy_hinge(e.exercise) and e.line.reps[1] <= most
        ]
        return names_list(heavy) or "none"

    said = "; ".join(by_weeks(program.weeks, say))
    sets = f", at least {params.min_sets} sets" if params.min_sets is not None else ""
    return (
        f"{said} (a loaded hinge at {most} reps or fewer{sets}, as a strength goal asks: "
        "ACSM 2009)"
    )


def not_applicable(ctx: CheckContext, params: HingeParams) -> str | None:
    if not applies(ctx.scenario):
        return "no strength goal"
    if not heavy_hinges(ctx.scenario, ctx.catalog, params):
        return "no loaded hinge in the equipment"
    return None


def needs_one_of(
    params: HingeParams, scenario: Scenario, catalog: Catalog
) -> Iterator[frozenset[str]]:
    """The heavy hinges this athlete can use: a program holds one (the short list's hint)."""
    if applies(scenario):
        yield frozenset(e.id for e in heavy_hinges(scenario, catalog, params))


RULE = Rule(
    id="strength_hinge",
    description="A strength goal gets a heavy loaded hinge (a zone of {max_reps} reps or fewer; "
    "{novice_max_reps} for a beginner) every week.",
    params=HingeParams,
    encode=encode,
    check=check,
    justify=justify,
    not_applicable=not_applicable,
    needs_one_of=needs_one_of,
    default_mode=Mode.soft,
    default_weight=400,
    sources=("ACSM position stand 2009", "001_b9350566f70ab695.txt"),
    slot_use=SlotUse.none,
)
