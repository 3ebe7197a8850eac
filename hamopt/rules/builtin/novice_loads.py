"""novice_loads: a beginner's loaded lines are prescribed at 8 reps or more.

ACSM's progression stand (Ratamess et al., MSSE 2009) loads novices at 8-12 RM and keeps the
heavier 1-8 RM for trained lifters, who progress to it; NSCA Essentials (Haff & Triplett
2016) likewise starts novices on moderate loads while they learn the movements. So an athlete
whose ``experience`` is beginner gets no line on a bar, dumbbell, kettlebell, cable or machine
(the catalog's ``loading``, hamopt/domain/fit.py's ``LOADABLE``) whose rep range starts below
``min_reps``. Body-weight and band exercises are not loads in that sense: a beginner's
first Nordic is Petersen 2011's 2 x 5 (nordic_for_prevention), and a band's dose is set by the
band, not by a rep maximum.

Why a rule: rep_spectrum asked every week for a heavy zone (6-8), so the default beginner got
a single-leg seated leg curl at 4 x 6-8 in its first week, the very thing issue 19 quotes a
coach objecting to ("a true beginner gets ... a single-leg curl at 5 x 6-8 in week 1"). That
rule now asks the heavy zone of trained lifters only (its ``heavy_from``); this one makes sure
no other term picks a heavy load for a novice either.

One instance per exercise given too few reps ("<name>"). Mode **soft**, weight **600**, as
within_level (the level's other half): given up only where the scenario leaves nothing else,
e.g. the athlete asked for an exercise that is only done heavy, and then said.
"""

from __future__ import annotations

from pydantic import Field

from hamopt.domain.fit import LOADABLE
from hamopt.domain.metrics import by_weeks, entries, week_prefix
from hamopt.domain.models import Exercise, Level, Mode, Program, ProgramWeek, Scenario
from hamopt.domain.words import names_list
from hamopt.rules.check_context import CheckContext
from hamopt.rules.contract import Params, Rule, SlotUse, Violation
from hamopt.rules.model_context import ModelContext, zone_reps


class NoviceParams(Params):
    # ACSM 2009: novices train at 8-12 RM.
    min_reps: int = Field(default=8, ge=1, le=30)


def applies(scenario: Scenario) -> bool:
    return scenario.athlete.experience is Level.beginner


def loaded(exercise: Exercise) -> bool:
    return exercise.loading in LOADABLE


def too_heavy(exercise: Exercise, reps: tuple[int, int], params: NoviceParams) -> bool:
    """A loaded line whose rep range starts below the novice minimum."""
    return loaded(exercise) and reps[0] < params.min_reps


def encode(ctx: ModelContext, params: NoviceParams) -> None:
    if not applies(ctx.scenario):
        return
    heavy: dict[str, list] = {}  # exercise name -> its zone literals below the minimum
    for c in ctx.candidates:
        for zone, lit in c.zones.items():
            reps = zone_reps(zone, c.exercise)
            assert reps is not None  # a zone literal exists only where reps do
            if too_heavy(c.exercise, reps, params):
                heavy.setdefault(c.exercise.name, []).append(lit)
    for name, lits in heavy.items():
        guard = ctx.guard(name)
        for lit in lits:
            ctx.model.add(lit == 0).only_enforce_if(guard)


def check(program: Program, ctx: CheckContext, params: NoviceParams) -> list[Violation]:
    if not applies(ctx.scenario):
        return []
    found: list[Violation] = []
    for week in program.weeks:  # one break per exercise a week, as the model prices it
        prefix = week_prefix(week, len(program.weeks))
        named: set[str] = set()
        for e in entries(week, ctx.by_id):
            if e.exercise.name in named or not too_heavy(e.exercise, e.line.reps, params):
                continue
            named.add(e.exercise.name)
            lo, hi = e.line.reps
            found.append(
                Violation(
                    RULE.id,
                    e.exercise.name,
                    f"{prefix}{e.exercise.name} at {lo}-{hi} reps: a beginner's loaded lines "
                    f"start at {params.min_reps} reps (ACSM 2009: novices train at 8-12 RM)",
                )
            )
    return found


def justify(program: Program, ctx: CheckContext, params: NoviceParams) -> str:
    """The loaded lines with their reps, below the minimum first (weeks alike once)."""

    def say(week: ProgramWeek) -> str:
        lines: dict[str, tuple[int, int]] = {}  # exercise name -> its lowest rep range
        for e in entries(week, ctx.by_id):
            if loaded(e.exercise):
                lines[e.exercise.name] = min(lines.get(e.exercise.name, e.line.reps), e.line.reps)
        low = [f"{name} {lo}-{hi}" for name, (lo, hi) in lines.items() if lo < params.min_reps]
        rest = [f"{name} {lo}-{hi}" for name, (lo, hi) in lines.items() if lo >= params.min_reps]
        if not lines:
            return "no loaded line (body weight and bands only)"
        if not low:
            return f"every loaded line at {params.min_reps} reps or more: {names_list(rest)}"
        return (
            f"loaded lines below {params.min_reps} reps: {names_list(low)}; at "
            f"{params.min_reps} or more: {names_list(rest) or 'none'}"
        )

    said = "; ".join(by_weeks(program.weeks, say))
    return f"{said} (a beginner's loads start at 8-12 RM: ACSM 2009)"


def not_applicable(ctx: CheckContext, params: NoviceParams) -> str | None:
    if not applies(ctx.scenario):
        return f"the athlete is {ctx.scenario.athlete.experience}, not a beginner"
    return None


RULE = Rule(
    id="novice_loads",
    description="A beginner's loaded lines (bar, dumbbell, kettlebell, cable, machine) are "
    "prescribed at {min_reps} reps or more.",
    params=NoviceParams,
    encode=encode,
    check=check,
    justify=justify,
    not_applicable=not_applicable,
    default_mode=Mode.soft,
    default_weight=600,
    sources=("ACSM position stand 2009", "NSCA Essentials (Haff & Triplett 2016)"),
    slot_use=SlotUse.none,
)
