"""exercise_fit: the exercises a coach would pick for this athlete (a quality rule).

Every exercise the rules allow is legal; not every one is what a coach would hand over. The
fit of an exercise for the athlete (hamopt/domain/fit.py: skill above the athlete's level,
bands or body weight where something loadable would progress, a barbell for a beginner,
recovery cost, leg extension in a correction phase where seed 000 uses split squats, hack
squats and step-ups, knee or back stress with pain or past 50) is a cost per set, each term
with its source. This rule's goal is the sum of cost x sets over the week, so a poor fit gets
fewer sets or none at all when a better exercise does the job.

A quality rule (``Rule.quality``): it orders programs that keep the rules equally well and
never outweighs a rule penalty. Weight 50 per cost unit per set: an exercise above the
athlete's level (cost 30) costs 1500 a set and a band or bodyweight exercise where a
loadable one is available (20) 1000, more than volume_target's price of a set inside the
athlete's band (600), so time short for both gives fewer sets of loadable work, and more
than the most one set can add to the least-covered head in head_coverage's quality term
(about 60 hundredths x 10) or to the head stimulus (400). No instances: it never makes a
program infeasible.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from hamopt.domain.fit import Fit, exercise_fit, fit_table, usable
from hamopt.domain.metrics import entries
from hamopt.domain.models import Exercise, Mode, Phase, Program, Scenario
from hamopt.domain.words import names_list
from hamopt.rules.check_context import CheckContext
from hamopt.rules.contract import Params, Rule, SlotUse, Violation
from hamopt.rules.model_context import ModelContext, zero


class FitParams(Params):
    pass


def encode(ctx: ModelContext, params: FitParams) -> None:
    # The template's own phase: a correction template prefers the seeds' quad lifts. Only the
    # candidates' fits: a narrow model of a 1,000-exercise library has a few dozen.
    exercises = {c.exercise.id: c.exercise for c in ctx.candidates}
    cost = {
        ex_id: fit.cost
        for ex_id, fit in fits(ctx.scenario, ctx.catalog.exercises, exercises.values(),
                               ctx.scenario.phase)
    }  # fmt: skip
    terms = [cost[c.exercise.id] * c.sets for c in ctx.candidates if cost.get(c.exercise.id)]
    ctx.add_goal(sum(terms, start=zero()))


def fits(
    scenario: Scenario,
    available: Sequence[Exercise],
    exercises: Iterable[Exercise],
    phase: Phase | None = None,
) -> Iterator[tuple[str, Fit]]:
    """(id, fit) of each usable exercise of ``exercises``, as fit_table has them."""
    for e in exercises:
        if usable(e, scenario):
            yield e.id, exercise_fit(e, scenario, available, phase)


def _week_fits(program: Program, ctx: CheckContext) -> Iterator[tuple[int, Exercise, Fit]]:
    """(sets, exercise, fit) for every line of every week, at that week's phase."""
    tables: dict[Phase, dict[str, Fit]] = {}
    for week in program.weeks:
        phase = week.phase or ctx.scenario.phase
        if phase not in tables:
            used = {e.exercise.id: e.exercise for w in program.weeks for e in entries(w, ctx.by_id)}
            tables[phase] = dict(fits(ctx.scenario, ctx.catalog.exercises, used.values(), phase))
        for e in entries(week, ctx.by_id):
            fit = tables[phase].get(e.exercise.id)
            if fit is not None:
                yield e.line.sets, e.exercise, fit


def goal(program: Program, ctx: CheckContext, params: FitParams) -> int:
    return sum(sets * fit.cost for sets, _exercise, fit in _week_fits(program, ctx))


def check(program: Program, ctx: CheckContext, params: FitParams) -> list[Violation]:
    return []  # a preference, never a violation: its goal is the whole of it


def _passed_over(scenario: Scenario, ctx: CheckContext, chosen: set[str]) -> list[Exercise]:
    """Usable exercises the program left out that fit worse than nothing it chose."""
    table = fit_table(scenario, ctx.catalog.exercises)
    return sorted(
        (e for e in ctx.catalog.exercises if e.id not in chosen and usable(e, scenario)
         and table[e.id].cost > 0),
        key=lambda e: (-table[e.id].cost, e.id),
    )  # fmt: skip


def justify(program: Program, ctx: CheckContext, params: FitParams) -> str:
    """The chosen exercises' fit with its reasons, and the poor fits left out."""
    seen: dict[str, tuple[Exercise, Fit]] = {}
    for _sets, exercise, fit in _week_fits(program, ctx):
        seen.setdefault(exercise.id, (exercise, fit))
    parts = []
    for exercise, fit in sorted(seen.values(), key=lambda pair: (-pair[1].cost, pair[0].id)):
        why = "; ".join(fit.reasons)
        cost = f"cost {fit.cost}" if fit.cost else "fits"
        parts.append(f"{exercise.name} ({cost}{': ' + why if why else ''})")
    skipped = _passed_over(ctx.scenario, ctx, set(seen))[:3]
    tail = f"; passed over {names_list([e.name for e in skipped])} (poorer fit)" if skipped else ""
    return "; ".join(parts) + tail


RULE = Rule(
    id="exercise_fit",
    description="Exercises fit the athlete: within their level, loadable where the equipment "
    "allows, the seeds' quad lifts in a correction phase, easy on sore joints.",
    params=FitParams,
    encode=encode,
    check=check,
    goal=goal,
    justify=justify,
    default_mode=Mode.soft,
    default_weight=50,
    quality=True,
    sources=(
        "NSCA Essentials (Haff & Triplett 2016)",
        "ACSM position stand 2009",
        "000_dd2db63edd4a1a04.txt",
        "Maeo et al. 2021",
    ),
    slot_use=SlotUse.none,
)
