"""volume_target: weekly hamstring sets at the athlete's target, by experience (quality rule).

The seeds set the floor and the caps (003_95a5fdc3819596de.txt: at least 12 sets a week, up
to 10 a session), and volume_range keeps them. Within them the dose follows experience:
Schoenfeld, Ogborn & Krieger 2017's dose-response (10+ weekly sets beat fewer) and Pelland et
al. 2024's diminishing returns per extra set, as the IUSCA position stand (Schoenfeld et al.
2021) puts it: beginners respond to the minimum, trained lifters need more. Targets: beginner
12, intermediate 14, advanced 16 weekly hamstring sets, capped by what the sessions hold
(``session_cap`` a session, seed 003's 10). The goal is the distance from the target in sets,
so the week lands on it unless a rule forbids.

A quality rule. Weight 3000 a set: more than one set's head stimulus (400) and more than one
set of the poorest fit a coach would still use (an exercise above the athlete's level costs
1500 a set in exercise_fit), so neither pulls the week off its target. Rule penalties come
first: head_coverage's goal (lift the least-covered head to 8 weighted sets) may ask for more
sets than the target where the target's sets cannot cover every head that well.
"""

from __future__ import annotations

from pydantic import Field

from hamopt.domain.metrics import distinct_weeks, hamstring_sets
from hamopt.domain.models import Level, Mode, Program, Scenario
from hamopt.domain.words import plural
from hamopt.rules.check_context import CheckContext
from hamopt.rules.contract import Params, Rule, SlotUse, Violation
from hamopt.rules.model_context import ModelContext


class TargetParams(Params):
    # Schoenfeld 2017; Pelland 2024; seed 003's 12 as the beginner's (module docstring).
    targets: dict[Level, int] = Field(
        default_factory=lambda: {Level.beginner: 12, Level.intermediate: 14, Level.advanced: 16}
    )
    session_cap: int = Field(default=10, ge=1, le=100)  # 003_95a5fdc3819596de.txt


def target(scenario: Scenario, params: TargetParams) -> int:
    wanted = params.targets.get(scenario.athlete.experience, 12)
    return min(wanted, params.session_cap * scenario.schedule.sessions_per_week)


def encode(ctx: ModelContext, params: TargetParams) -> None:
    want = target(ctx.scenario, params)
    total = ctx.total_sets(ctx.where(lambda c: c.exercise.is_hamstring))
    # No week holds more than 200 sets (the weekly caps of any sensible rule set).
    dist = ctx.model.new_int_var(0, 200, "volume_target_distance")
    ctx.model.add(dist >= total - want)
    ctx.model.add(dist >= want - total)
    ctx.add_goal(dist)


def goal(program: Program, ctx: CheckContext, params: TargetParams) -> int:
    want = target(ctx.scenario, params)
    return sum(abs(hamstring_sets(week, ctx.by_id) - want) for week in program.weeks)


def check(program: Program, ctx: CheckContext, params: TargetParams) -> list[Violation]:
    return []  # a preference: its goal is the whole of it


def justify(program: Program, ctx: CheckContext, params: TargetParams) -> str:
    want = target(ctx.scenario, params)
    level = ctx.scenario.athlete.experience
    done = "; ".join(
        f"{prefix}{plural(hamstring_sets(week, ctx.by_id), 'hamstring set')}"
        for prefix, week in distinct_weeks(program)
    )
    return f"{done} a week; the target for {_a(level)} lifter is {want}"


def _a(word: str) -> str:
    return ("an " if word[0] in "aeiou" else "a ") + word


RULE = Rule(
    id="volume_target",
    description="Weekly hamstring sets at the target for the athlete's experience "
    "(beginner 12, intermediate 14, advanced 16).",
    params=TargetParams,
    encode=encode,
    check=check,
    goal=goal,
    justify=justify,
    default_mode=Mode.soft,
    default_weight=3000,
    quality=True,
    sources=(
        "Schoenfeld, Ogborn & Krieger 2017",
        "Pelland et al. 2024",
        "Schoenfeld et al., IUSCA position stand 2021",
        "003_95a5fdc3819596de.txt",
    ),
    slot_use=SlotUse.none,
)
