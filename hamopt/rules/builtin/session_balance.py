"""session_balance: the week's sessions are of a size, not one long and one short.

Seed 003 spreads the week's hamstring work evenly ("twice a week, up to 10 sets over 3
exercises" each), and the IUSCA position stand (Schoenfeld et al. 2021) spreads a muscle's
weekly volume over its sessions. The rules before this one let the cheapest week put 14 sets
in one session and 6 in the other (39 against 20 minutes). Here the sessions of a week differ
by at most ``max_set_gap`` sets in all (hamstring and quad) and ``max_exercise_gap``
exercises; the time a session takes follows its sets and exercises (session_time).

One instance, "sessions". Mode **soft**, weight 300: an even week is a coach's habit, not a
physiological limit, so it never makes a scenario infeasible (an odd number of sets may not
split), and 300 outweighs session_structure's 200 for a missing part only a little: a coach
would rather drop a quad exercise from one session than make it twice the length.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from hamopt.domain.metrics import entries, session_label, week_prefix
from hamopt.domain.models import Mode, Program, ProgramWeek
from hamopt.domain.words import plural
from hamopt.rules.check_context import CheckContext
from hamopt.rules.contract import Params, Rule, SlotUse, Violation
from hamopt.rules.model_context import (
    MAX_EXERCISES_PER_SESSION,
    MAX_SETS_PER_EXERCISE,
    ModelContext,
)


class BalanceParams(Params):
    max_set_gap: int = Field(default=2, ge=0, le=100)  # 003: the same workout twice a week
    max_exercise_gap: int = Field(default=1, ge=0, le=MAX_EXERCISES_PER_SESSION)


def encode(ctx: ModelContext, params: BalanceParams) -> None:
    if len(ctx.slots) < 2:
        return
    most_sets = MAX_SETS_PER_EXERCISE * MAX_EXERCISES_PER_SESSION
    spans = (
        ("sets", params.max_set_gap, ctx.total_sets, most_sets),
        ("exercises", params.max_exercise_gap, ctx.count, MAX_EXERCISES_PER_SESSION),
    )
    lit = ctx.guard("sessions")
    for name, gap, measure, top in spans:
        # The largest and smallest held session bound every held one: O(sessions) constraints.
        hi = ctx.model.new_int_var(0, top, f"balance_{name}_hi")
        lo = ctx.model.new_int_var(0, top, f"balance_{name}_lo")
        for s in range(len(ctx.slots)):
            size = measure(ctx.in_slot(s))
            ctx.model.add(hi >= size).only_enforce_if(ctx.used[s])
            ctx.model.add(lo <= size).only_enforce_if(ctx.used[s])
        ctx.model.add(hi - lo <= gap).only_enforce_if(lit)


def _sizes(week: ProgramWeek, ctx: CheckContext) -> list[tuple[str, int, int]]:
    out = []
    for session in week.sessions:
        lines = [e.line for e in entries(week, ctx.by_id) if e.session is session]
        out.append((session_label(session), sum(ln.sets for ln in lines), len(lines)))
    return out


def check(program: Program, ctx: CheckContext, params: BalanceParams) -> list[Violation]:
    found = []
    for week in program.weeks:
        sizes = _sizes(week, ctx)
        if len(sizes) < 2:
            continue
        prefix = week_prefix(week, len(program.weeks))
        checks: tuple[tuple[Literal[1, 2], str, int], ...] = (
            (1, "set", params.max_set_gap),
            (2, "exercise", params.max_exercise_gap),
        )
        for index, unit, gap in checks:
            big = max(sizes, key=lambda row: row[index])
            small = min(sizes, key=lambda row: row[index])
            if big[index] - small[index] > gap:
                found.append(
                    Violation(
                        RULE.id,
                        f"{prefix}sessions",
                        f"{prefix}{big[0]} has {plural(big[index], unit)}, {small[0]} "
                        f"{plural(small[index], unit)}; sessions differ by at most "
                        f"{plural(gap, unit)}",
                    )
                )
    return found


def justify(program: Program, ctx: CheckContext, params: BalanceParams) -> str:
    week = program.weeks[0] if program.weeks else None
    if week is None:
        return "no sessions"
    sizes = ", ".join(f"{label} {sets} sets" for label, sets, _n in _sizes(week, ctx))
    return f"{sizes} (within {params.max_set_gap} of each other)"


RULE = Rule(
    id="session_balance",
    description="The week's sessions differ by at most 2 sets and 1 exercise.",
    params=BalanceParams,
    encode=encode,
    check=check,
    justify=justify,
    default_mode=Mode.soft,
    default_weight=300,
    sources=("003_95a5fdc3819596de.txt", "Schoenfeld et al., IUSCA position stand 2021"),
    slot_use=SlotUse.none,
)
