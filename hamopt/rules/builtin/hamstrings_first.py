"""hamstrings_first: hamstring work comes before quad work in every session.

000_dd2db63edd4a1a04.txt, on correcting quad dominance: "That means placing hamstring work
first in the session, increasing their training volume, and scaling back quad work
temporarily." Every hamstring exercise of a session comes before every quad exercise, in the
phases listed in ``phases``. The seed asks it of the correction phase; the default extends it to
every phase because in a hamstring program the hamstrings are the priority muscle, and the
priority goes first while the athlete is fresh (NSCA Essentials, Haff & Triplett 2016; ACSM
position stand 2009, exercise order); seed 000's own workouts all put the curl first. A rule
set lists ``phases: [correction]`` for the seed's narrower reading. One instance per session.

Mode: **hard**. Order within a session is free in the core model, so the rule can never make a
scenario infeasible on its own, and a soft version would only let the solver trade the
seed's explicit instruction for something else. Weight 1000 (the contract's default) matters
only when a rule set makes it soft.
"""

from __future__ import annotations

from pydantic import Field

from hamopt.domain.metrics import by_weeks, session_label, week_prefix
from hamopt.domain.models import Phase, Program, ProgramSession, ProgramWeek
from hamopt.rules.check_context import CheckContext
from hamopt.rules.contract import Params, Rule, SlotUse, Violation
from hamopt.rules.model_context import MAX_EXERCISES_PER_SESSION, ModelContext


class HamstringsFirstParams(Params):
    # 000_dd2db63edd4a1a04.txt (correction); NSCA 2016 and ACSM 2009 (priority muscle first).
    phases: tuple[Phase, ...] = Field(default=tuple(Phase), max_length=len(Phase))


def encode(ctx: ModelContext, params: HamstringsFirstParams) -> None:
    if ctx.scenario.phase not in params.phases:
        return
    # One boundary per session instead of a constraint per (hamstring, quad) pair: hamstring
    # exercises sit at places <= ham_end, quad exercises after it. O(n) constraints.
    for s, slot in enumerate(ctx.slots):
        session = ctx.in_slot(s)
        ham = [c for c in session if c.exercise.is_hamstring]
        quad = [c for c in session if c.exercise.is_quad]
        if not ham or not quad:
            continue
        lit = ctx.guard(slot.label)
        ham_end = ctx.model.new_int_var(-1, MAX_EXERCISES_PER_SESSION - 1, f"ham_end[{slot.label}]")
        with ctx.order():  # places only: a one-week relaxation leaves them to the completion
            for c in ham:
                ctx.model.add(c.pos <= ham_end).only_enforce_if([c.present, lit])
            for c in quad:
                ctx.model.add(c.pos >= ham_end + 1).only_enforce_if([c.present, lit])


def check(program: Program, ctx: CheckContext, params: HamstringsFirstParams) -> list[Violation]:
    violations = []
    for week in program.weeks:
        phase = week.phase or ctx.scenario.phase
        if phase not in params.phases:
            continue
        for session in week.sessions:
            lines = [line for line in session.ordered() if line.id in ctx.by_id]
            seen_quad = None
            for line in lines:
                exercise = ctx.by_id[line.id]
                if exercise.is_quad and seen_quad is None:
                    seen_quad = exercise
                elif exercise.is_hamstring and seen_quad is not None:
                    label = session_label(session)
                    violations.append(
                        Violation(
                            RULE.id,
                            f"{week_prefix(week, len(program.weeks))}{label}",
                            f"{week_prefix(week, len(program.weeks))}{label}: {exercise.name} "
                            f"(hamstrings) comes after {seen_quad.name} (quads); in the "
                            f"{phase} phase hamstring work comes first",
                        )
                    )
                    break  # one message per session is enough for a coach
    return violations


def _first(session: ProgramSession, ctx: CheckContext) -> bool:
    """No hamstring line after a quad line."""
    quads = False
    for line in session.ordered():
        exercise = ctx.by_id.get(line.id)
        if exercise is not None and exercise.is_quad:
            quads = True
        elif exercise is not None and exercise.is_hamstring and quads:
            return False
    return True


def justify(program: Program, ctx: CheckContext, params: HamstringsFirstParams) -> str:
    """How many sessions put hamstring work first, in the phases that ask it (weeks alike
    once); a phase the rule set leaves free says so."""

    def say(week: ProgramWeek) -> str:
        phase = week.phase or ctx.scenario.phase
        if phase not in params.phases:
            return f"any order in the {phase} phase (the rule set asks it of {_listed(params)})"
        first = sum(_first(session, ctx) for session in week.sessions)
        return f"{first} of {len(week.sessions)} sessions put hamstring work before quad work"

    return "; ".join(by_weeks(program.weeks, say))


def _listed(params: HamstringsFirstParams) -> str:
    return " and ".join(f"the {phase} phase" for phase in params.phases) or "no phase"


RULE = Rule(
    id="hamstrings_first",
    description="Every hamstring exercise comes before any quad exercise in its session.",
    params=HamstringsFirstParams,
    encode=encode,
    check=check,
    justify=justify,
    sources=("000_dd2db63edd4a1a04.txt", "NSCA Essentials (Haff & Triplett 2016)", "ACSM 2009"),
    orders_by_kind=True,  # by kind alone (hamopt/domain/line_order.py)
    slot_use=SlotUse.none,
)
