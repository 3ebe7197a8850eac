"""volume_target: weekly hamstring sets at the athlete's target, by experience and goal
(quality rule).

The seeds set the floor and the caps (003_95a5fdc3819596de.txt: at least 12 sets a week, up
to 10 a session), and volume_range keeps them. Within them the dose follows experience:
Schoenfeld, Ogborn & Krieger 2017's dose-response (10+ weekly sets beat fewer) and Pelland et
al. 2024's diminishing returns per extra set, as the IUSCA position stand (Schoenfeld et al.
2021) puts it: beginners respond to the minimum, trained lifters need more. Targets: beginner
12, intermediate 14, advanced 16 weekly hamstring sets, capped by what the sessions hold
(``session_cap`` a session, seed 003's 10). The goal is the distance from the target in sets,
so the week lands on it unless a rule forbids.

A deload week (volume_ramp's ``deload_every``, its ``DELOAD`` mark) has no goal: it is the
week before with every line's sets cut (by default halved; Bell et al. 2023), below the target
on purpose, as head_coverage leaves its heads short. Priced like a normal week it was the
target's largest term, and it pulled the weeks before it up to make the cut week less short:
a 4-week plan with a deload got 15 hamstring sets a week for an intermediate target of 14,
and the 8-week deload persona's proof took 2.5-3.0 deterministic s instead of 0.2.

A goal of strength without hypertrophy lowers the target and the band's low end by
``strength_only_fewer`` sets (2), not below ``floor`` (seed 003's 12): Pelland et al. 2024
found diminishing returns of weekly sets for both size and strength, "considerably more
pronounced" for strength, so a lifter after strength alone gains little from the sets a
hypertrophy goal asks for, and a coach spends the session's minutes on heavier work instead.
Advanced 16 (14-20) becomes 14 (12-20), intermediate 14 becomes 12, a beginner stays at 12.

Each level also has a band a coach accepts (beginner 12-14, intermediate 12-16, advanced
14-20: the same bands the coach benchmark judges by). A set away from the target costs the
rule's weight inside the band and ``outside_factor`` times it beyond. Why two prices: with
one price of 3000 a set, a 45-minute home session kept 14 hamstring and (by the 1:1 ratio)
12 quad sets by filling the last minutes with bodyweight lunges, because a loadable lunge's
longer rest no longer fitted and one hamstring set less cost more than two bodyweight sets
(exercise_fit: 750 a set then). A coach gives 13 sets of work that can progress instead.

A quality rule. Weight 600 a set inside the band: more than one set's unused head stimulus
(head_stimulus: at most 400), so the week still lands on its target when only stimulus is at
stake; less than a bodyweight set where a loadable one does the job (exercise_fit: 1000).
Outside the band 5 x 600 = 3000 a set, more than one set of the poorest fit a coach would
still use (an exercise above the athlete's level costs 1500 a set in exercise_fit). Rule
penalties come first: head_coverage's goal (lift the least-covered head to 6 weighted sets)
may ask for more sets than the target where the target's sets cannot cover every head that
well.
"""

from __future__ import annotations

from pydantic import Field

from hamopt.domain.metrics import by_weeks, hamstring_sets
from hamopt.domain.models import Goal, Level, Mode, Program, Scenario
from hamopt.domain.words import article, plural
from hamopt.rules.builtin.volume_ramp import DELOAD
from hamopt.rules.check_context import CheckContext
from hamopt.rules.contract import Params, Rule, SlotUse, Violation
from hamopt.rules.model_context import ModelContext


class TargetParams(Params):
    # Schoenfeld 2017; Pelland 2024; seed 003's 12 as the beginner's (module docstring).
    targets: dict[Level, int] = Field(
        default_factory=lambda: {Level.beginner: 12, Level.intermediate: 14, Level.advanced: 16}
    )
    # The sets a coach accepts around the target (module docstring); capped like the target.
    bands: dict[Level, tuple[int, int]] = Field(
        default_factory=lambda: {
            Level.beginner: (12, 14),
            Level.intermediate: (12, 16),
            Level.advanced: (14, 20),
        }
    )
    # A set beyond the band costs this many times a set inside it.
    outside_factor: int = Field(default=5, ge=1, le=1000)
    session_cap: int = Field(default=10, ge=1, le=100)  # 003_95a5fdc3819596de.txt
    # Strength without hypertrophy: the target and the band's low end this many sets lower,
    # not below ``floor`` (Pelland 2024, module docstring).
    strength_only_fewer: int = Field(default=2, ge=0, le=100)
    floor: int = Field(default=12, ge=0, le=200)  # 003_95a5fdc3819596de.txt: 12 a week


def strength_only(scenario: Scenario) -> bool:
    goals = scenario.athlete.goals
    return Goal.strength in goals and Goal.hypertrophy not in goals


def _fewer(sets: int, scenario: Scenario, params: TargetParams) -> int:
    """``sets`` lowered for a strength-only goal, not below the floor (nor raised to it)."""
    if not strength_only(scenario):
        return sets
    return min(sets, max(sets - params.strength_only_fewer, params.floor))


def target(scenario: Scenario, params: TargetParams) -> int:
    wanted = _fewer(params.targets.get(scenario.athlete.experience, 12), scenario, params)
    return min(wanted, params.session_cap * scenario.schedule.sessions_per_week)


def band(scenario: Scenario, params: TargetParams) -> tuple[int, int]:
    """The accepted weekly sets (lowest, highest), holding the target, within the sessions'
    cap."""
    want = target(scenario, params)
    lo, hi = params.bands.get(scenario.athlete.experience, (want, want))
    lo = _fewer(lo, scenario, params)
    cap = params.session_cap * scenario.schedule.sessions_per_week
    return min(lo, want), min(max(hi, want), cap)


def cost(total: int, scenario: Scenario, params: TargetParams) -> int:
    """The goal of one week of ``total`` hamstring sets (the checker's; the encoder's twin)."""
    want = target(scenario, params)
    lo, hi = band(scenario, params)
    outside = max(0, lo - total, total - hi)
    return abs(total - want) + (params.outside_factor - 1) * outside


def encode(ctx: ModelContext, params: TargetParams) -> None:
    if ctx.segment is not None and DELOAD in ctx.segment.marks:
        return  # below the target on purpose (the module docstring)
    want = target(ctx.scenario, params)
    lo, hi = band(ctx.scenario, params)
    total = ctx.total_sets(ctx.where(lambda c: c.exercise.is_hamstring))
    # No week holds more than 200 sets (the weekly caps of any sensible rule set).
    dist = ctx.model.new_int_var(0, 200, "volume_target_distance")
    ctx.model.add(dist >= total - want)
    ctx.model.add(dist >= want - total)
    outside = ctx.model.new_int_var(0, 200, "volume_target_outside")
    ctx.model.add(outside >= total - hi)
    ctx.model.add(outside >= lo - total)
    ctx.add_goal(dist + (params.outside_factor - 1) * outside)


def goal(program: Program, ctx: CheckContext, params: TargetParams) -> int:
    sets = (hamstring_sets(week, ctx.by_id) for week in program.weeks if not week.extra(DELOAD))
    return sum(cost(total, ctx.scenario, params) for total in sets)


def check(program: Program, ctx: CheckContext, params: TargetParams) -> list[Violation]:
    return []  # a preference: its goal is the whole of it


def justify(program: Program, ctx: CheckContext, params: TargetParams) -> str:
    want = target(ctx.scenario, params)
    level = ctx.scenario.athlete.experience
    done = "; ".join(
        by_weeks(
            [week for week in program.weeks if not week.extra(DELOAD)],
            lambda week: plural(hamstring_sets(week, ctx.by_id), "hamstring set"),
        )
    )
    lo, hi = band(ctx.scenario, params)
    aim = " after strength, not size" if strength_only(ctx.scenario) else ""
    who = f"{article(level)} lifter{aim}"
    said = f"{done} a week; the target for {who} is {want} (accepted {lo}-{hi})"
    deloads = [str(week.week) for week in program.weeks if week.extra(DELOAD)]
    if deloads:
        said += f"; deload weeks ({', '.join(deloads)}) are below it on purpose"
    return said


RULE = Rule(
    id="volume_target",
    description="Weekly hamstring sets at the target for the athlete's experience "
    "(beginner 12, intermediate 14, advanced 16; {strength_only_fewer} fewer, not below "
    "{floor}, for strength without hypertrophy); a set off it costs {outside_factor} times "
    "as much outside the accepted band (12-14, 12-16, 14-20; the low end lowered alike).",
    params=TargetParams,
    encode=encode,
    check=check,
    goal=goal,
    justify=justify,
    default_mode=Mode.soft,
    default_weight=600,
    quality=True,
    sources=(
        "Schoenfeld, Ogborn & Krieger 2017",
        "Pelland et al. 2024",
        "Schoenfeld et al., IUSCA position stand 2021",
        "003_95a5fdc3819596de.txt",
    ),
    slot_use=SlotUse.none,
)
