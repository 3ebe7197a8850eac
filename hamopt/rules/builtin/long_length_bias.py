"""long_length_bias: prefer hamstring exercises that load the muscle long, keep the variety.

Maeo et al., MSSE 2021 (research/evidence.md): the seated leg curl, hip flexed so the
hamstrings work long, grew them more than the lying curl (+14% vs +9% in 12 weeks). The catalog
rates every exercise's ``long_length_bias`` (0..1: seated curl 0.8, lying curl 0.45, RDL 0.8,
glute bridge 0.15). Goal, part 1: each hamstring set of an exercise whose bias is below
``long_from`` costs the shortfall in hundredths, so a lying curl set costs 5, a glute bridge
set 35, and a seated curl, an RDL or a Nordic nothing.

Why a threshold and not "the longer the better": the preference has to leave room for
variety. 001_b9350566f70ab695.txt combines the seated and the lying curl because they train
the muscle "at a slightly different position", and a price on every set of every exercise
turned the rule into a knapsack against head_coverage and the tie-break (measured: the
sprinter scenario needed 2.8-5 deterministic seconds instead of 0.005). With the threshold
the goal is zero whenever a week can be built from long-length work, and both curls may
still appear (the lying curl costs a little; it is not forbidden).

Variety: the same hamstring movement family (``Exercise.family``: the seated and the
single-leg seated curl are one) in at most ``max_sessions_per_exercise`` sessions a week, so
that the long-length favourite cannot fill every session under another name; a rule set
allows repeats by raising it. Counted by family, not by exercise (issue 19, "week-level
variety counted by family"): by exercise, a week of seated curl on Tuesday and single-leg
seated curl on Saturday passed as variety in 7 of the 13 shipped one-week scenarios, where
seed 001 pairs the seated and the *lying* curl for their different muscle lengths. The
allowance for few options counts families too (domain/fit.py's ``good_options``): a gym
whose only loadable curls are lying curls may repeat that movement. One
guarded instance per family ("Seated leg curl (any variant) once a week"; a family of one
exercise goes by its name). Exercises in ``repeatable`` are exempt: the Nordic family's
proven dose is a weekly frequency (Petersen et al. 2011: two to three sessions a week), so
repeating it is the prescription, not a lack of variety.

``repeat_cost`` turns the limit into a price: each session beyond it costs that much in the
goal, so a repeat happens only when it buys more elsewhere. 300 is a useful value: 0.3
weighted sets of the least-covered head under head_coverage (10 per hundredth) and more than
any one line can gain on length (5 sets x at most 50), so a home gym whose only real
knee-flexion exercise is the dumbbell curl repeats it rather than leave the short head of
biceps femoris below target, and a full gym never repeats. It is not the default because issue 6
asks for repeats "only when the rule set allows it", and because it is slower where it does
not help: a priced repeat no longer propagates (one session of an exercise no longer rules
out the others), and the 10-week sprinter plan went from 0.6-1.8 deterministic s to no proof
in 30, while home_dumbbells_kettlebell went from 1.3-2.3 s to 0.13-0.26 s.

Mode **hard** for the variety instances: where a scenario offers fewer movement families for
a job than it has sessions, the allowance grows (a hotel room's floor curl and bridge repeat
over two sessions), so the limit shapes programs without making any of them infeasible;
where it would, the explanation names the family and the fix is a parameter.

A quality rule (``Rule.quality``): its goal ranks programs that keep the rules equally well,
beside exercise_fit, head_coverage's shortfall and the head stimulus. As a penalty it
outranked the fit, and a home gym got a band seated curl (bias 0.8) over its dumbbell lying
curl (0.45). Weight **20** per hundredth of bias short per set: a lying-curl set costs 100,
more than the 40 hundredths of head stimulus it gives over a seated curl (head_stimulus,
weight 1), so a gym with both takes the seated curl; less than exercise_fit's 1000 a set for
a band or bodyweight exercise where a loadable one does the job, so loadable work comes
first; and less than head_coverage's 10 per hundredth of a set of the least-covered head times
the 0.8-0.9 a curl set adds, so length never leaves a head short. A family may repeat
when the athlete has fewer good options (families) for its job than sessions (domain/fit.py's
``weekly_sessions_allowed``): a coach repeats a home gym's one loadable curl rather than swap
it for a band curl, and alternates a hotel gym's two curls over three sessions.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from pydantic import Field

from hamopt.domain.fit import family_of, weekly_sessions_allowed
from hamopt.domain.metrics import by_weeks, entries, week_prefix
from hamopt.domain.models import Exercise, Program, ProgramWeek, Scenario
from hamopt.domain.words import names_list
from hamopt.rules.check_context import CheckContext
from hamopt.rules.contract import Params, Rule, SlotUse, Violation
from hamopt.rules.model_context import Candidate, ModelContext


class LengthParams(Params):
    # Below this bias a set counts as short-length work (Maeo 2021: seated 0.8 vs lying 0.45).
    long_from: float = Field(default=0.5, ge=0, le=1)
    # 1 = each hamstring movement family in one session a week (hamopt's reading of "without
    # losing variety"); raise it to allow repeats.
    max_sessions_per_exercise: int = Field(default=1, ge=1, le=21)
    # null (the default): no repeats, one guarded instance per exercise. A number: each
    # session beyond the limit costs that much in the goal instead (see the docstring).
    repeat_cost: int | None = Field(default=None, ge=0, le=1_000_000)
    # Petersen et al., AJSM 2011: the Nordic protocol is 2-3 sessions a week.
    repeatable: tuple[str, ...] = Field(
        default=("nordic_hamstring_curl", "eccentric_nordic", "band_assisted_nordic"),
        max_length=200,
    )


def shortness(exercise: Exercise, params: LengthParams) -> int:
    """What one set costs: its bias's shortfall below ``long_from``, in hundredths."""
    return max(0, round(100 * params.long_from) - round(100 * exercise.long_length_bias))


def instance(label: str, limit: int) -> str:
    times = {1: "once", 2: "twice"}.get(limit, f"{limit} times")
    return f"{label} {times} a week"


def weekly_limit(
    exercise: Exercise, params: LengthParams, scenario: Scenario, available: Sequence[Exercise]
) -> int | None:
    """In how many sessions a week the exercise's family may appear, by this exercise's
    options, or None when it is not limited (not a hamstring exercise, or a repeatable
    Nordic)."""
    if not exercise.is_hamstring or exercise.id in params.repeatable:
        return None
    return weekly_sessions_allowed(
        exercise, scenario, available, params.max_sessions_per_exercise
    )


@dataclass(frozen=True)
class Family:
    """A movement family's weekly limit and the words for it: the most sessions any of its
    limited members allows (a band variant that is a step down allows fewer than the
    loadable one; the family may go as far as the loadable one)."""

    limit: int
    label: str


def families(
    params: LengthParams, scenario: Scenario, available: Sequence[Exercise]
) -> dict[str, Family]:
    """The limited families of the catalog, read the same way by the encoder and the checker."""
    limits: dict[str, int] = {}
    members: dict[str, list[Exercise]] = defaultdict(list)
    for exercise in available:
        limit = weekly_limit(exercise, params, scenario, available)
        if limit is None:
            continue
        family = family_of(exercise)
        limits[family] = max(limit, limits.get(family, 0))
        members[family].append(exercise)
    return {
        family: Family(limits[family], _label(family, members[family])) for family in limits
    }


def _label(family: str, members: list[Exercise]) -> str:
    if len(members) == 1:
        return members[0].name
    return f"{family.replace('_', ' ').capitalize()} (any variant)"


def encode(ctx: ModelContext, params: LengthParams) -> None:
    ham = ctx.where(lambda c: c.exercise.is_hamstring)
    goal = sum((shortness(c.exercise, params) * c.sets for c in ham), start=0)
    limited = families(params, ctx.scenario, ctx.catalog.exercises)
    by_family: dict[str, list[Candidate]] = defaultdict(list)
    for c in ctx.candidates:  # one pass: a gym's 1,000-exercise library has 1,000 lists
        if c.exercise.is_hamstring and c.exercise.id not in params.repeatable:
            by_family[family_of(c.exercise)].append(c)
    for family, same in by_family.items():
        limit = limited[family].limit
        if len(same) <= limit:
            continue  # no week could break the limit
        if params.repeat_cost is None:
            lit = ctx.guard(instance(limited[family].label, limit))
            ctx.model.add(ctx.count(same) <= limit).only_enforce_if(lit)
            continue
        extra = ctx.model.new_int_var(0, len(same) - limit, f"repeats[{family}]")
        ctx.model.add(extra >= ctx.count(same) - limit)  # minimised: the sessions over it
        goal += params.repeat_cost * extra
    ctx.add_goal(goal)


def _sessions_per_family(
    week: ProgramWeek, ctx: CheckContext, params: LengthParams
) -> dict[str, tuple[int, Family]]:
    """Family -> (how many of the week's lines it holds: one a session under session_shape's
    one variation of each family, so the sessions it is in; its limit and words), for the
    limited families."""
    limited = families(params, ctx.scenario, ctx.catalog.exercises)
    lines: dict[str, int] = {}
    for e in entries(week, ctx.by_id):
        if e.exercise.is_hamstring and e.exercise.id not in params.repeatable:
            family = family_of(e.exercise)
            if family in limited:
                lines[family] = lines.get(family, 0) + 1
    return {family: (n, limited[family]) for family, n in lines.items()}


def check(program: Program, ctx: CheckContext, params: LengthParams) -> list[Violation]:
    if params.repeat_cost is not None:
        return []  # a repeat is allowed at its price, which the goal reports
    violations = []
    for week in program.weeks:
        prefix = week_prefix(week, len(program.weeks))
        for count, family in _sessions_per_family(week, ctx, params).values():
            if count > family.limit:
                violations.append(
                    Violation(
                        RULE.id,
                        prefix + instance(family.label, family.limit),
                        f"{prefix}{family.label} in {count} sessions; at most {family.limit} "
                        "a week, for variety",
                    )
                )
    return violations


def justify(program: Program, ctx: CheckContext, params: LengthParams) -> str:
    """The hamstring sets below the long-length mark and the exercises repeated within their
    allowance (weeks alike once)."""

    def say(week: ProgramWeek) -> str:
        short: dict[str, int] = {}
        for e in entries(week, ctx.by_id):
            if e.exercise.is_hamstring and shortness(e.exercise, params):
                key = f"{e.exercise.name} (bias {e.exercise.long_length_bias:g})"
                short[key] = short.get(key, 0) + e.line.sets
        said = (
            f"short-length work: {names_list([f'{k} {n} sets' for k, n in short.items()])}"
            if short
            else "every hamstring set loads the muscle long"
        )
        counts = _sessions_per_family(week, ctx, params).values()
        allowed = [
            f"{family.label} in {n} sessions"
            for n, family in counts
            if params.max_sessions_per_exercise < n <= family.limit
        ]
        if allowed:
            said += f"; {names_list(allowed)} (fewer good options for its job than sessions)"
        for n, family in counts:
            if n > family.limit:
                cost = "" if params.repeat_cost is None else f" at {params.repeat_cost} each"
                said += f"; {family.label} in {n} sessions, {n - family.limit} beyond "
                said += f"{family.limit}{cost}"
        return said

    said = "; ".join(by_weeks(program.weeks, say))
    return f"{said} (long from a bias of {params.long_from:g}: Maeo et al. 2021)"


def goal(program: Program, ctx: CheckContext, params: LengthParams) -> int:
    total = 0
    for week in program.weeks:
        total += sum(
            shortness(e.exercise, params) * e.line.sets
            for e in entries(week, ctx.by_id)
            if e.exercise.is_hamstring
        )
        if params.repeat_cost is not None:
            over = _sessions_per_family(week, ctx, params).values()
            total += params.repeat_cost * sum(max(0, n - f.limit) for n, f in over)
    return total


RULE = Rule(
    id="long_length_bias",
    description="Prefer hamstring exercises that load the muscle long (seated over lying "
    "curl); each hamstring movement (family) in one session a week.",
    params=LengthParams,
    encode=encode,
    check=check,
    justify=justify,
    goal=goal,
    default_weight=20,
    quality=True,
    sources=(
        "Maeo et al., MSSE 2021",
        "001_b9350566f70ab695.txt",
        "Petersen et al., AJSM 2011 (Nordic frequency)",
    ),
    slot_use=SlotUse.none,
)
