"""recovery_spacing: at least 48 hours between any two hamstring sessions.

Clock time from the slots' times, and the week wraps around: Sun 18:00 -> Mon 18:00 is 24 h.
One instance per pair of slots that are too close, named by both slots.
"""

from __future__ import annotations

from pydantic import Field

from hamopt.domain.metrics import (
    by_weeks,
    circular_gap,
    consecutive_gaps,
    hour_of_week,
    session_gaps,
    session_label,
    week_prefix,
)
from hamopt.domain.models import Program, ProgramWeek
from hamopt.domain.words import num
from hamopt.rules.check_context import CheckContext
from hamopt.rules.contract import (
    DescribeContext,
    Params,
    Relaxation,
    Rule,
    SlotUse,
    Violation,
    relative_cost,
)
from hamopt.rules.model_context import ModelContext


class SpacingParams(Params):
    # 003_95a5fdc3819596de.txt ("at least 48 hours between sessions"); ACSM (Garber 2011).
    min_hours: float = Field(default=48.0, ge=0, le=168)


def pair_instance(label_a: str, label_b: str) -> str:
    return f"between {label_a} and {label_b}"


def encode(ctx: ModelContext, params: SpacingParams) -> None:
    slots = ctx.slots  # sorted by hour of week
    for i, a in enumerate(slots):
        for j in range(i + 1, len(slots)):
            b = slots[j]
            if circular_gap(a.hour_of_week, b.hour_of_week) < params.min_hours:
                lit = ctx.guard(pair_instance(a.label, b.label))
                ctx.model.add_bool_or([ctx.used[i].Not(), ctx.used[j].Not()]).only_enforce_if(lit)


def check(program: Program, ctx: CheckContext, params: SpacingParams) -> list[Violation]:
    violations = []
    for week in program.weeks:
        for a, b, gap in session_gaps(week):
            if gap < params.min_hours:
                first, second = sorted((a, b), key=hour_of_week)
                la, lb = session_label(first), session_label(second)
                violations.append(
                    Violation(
                        RULE.id,
                        f"{week_prefix(week, len(program.weeks))}{pair_instance(la, lb)}",
                        f"{week_prefix(week, len(program.weeks))}{la} and {lb} are "
                        f"{gap:g} h apart; at least {params.min_hours:g} h needed",
                    )
                )
    return violations


def _slot_gaps(dctx: DescribeContext) -> list[tuple[str, str, float]]:
    slots = dctx.slots
    return [
        (a.label, b.label, circular_gap(a.hour_of_week, b.hour_of_week))
        for i, a in enumerate(slots)
        for b in slots[i + 1 :]
    ]


def describe(instance: str, dctx: DescribeContext, params: SpacingParams) -> str:
    for a, b, gap in _slot_gaps(dctx):
        if pair_instance(a, b) == instance:
            return (
                f"sessions on {a} and {b} would be only {num(gap)} h apart; hamstring sessions "
                f"need at least {num(params.min_hours)} h between them"
            )
    return f"at least {num(params.min_hours)} h between hamstring sessions ({instance})"


# Gaps below this are not offered as a relaxation: two sessions a few hours apart are one
# long session, not a recovery question.
_FLOOR_HOURS = 12.0
_MAX_STEPS = 6


def relax(dctx: DescribeContext, params: SpacingParams) -> list[Relaxation]:
    """The slot gaps below the minimum: any value between two gaps acts as the lower one."""
    cur = params.min_hours
    gaps = sorted(
        {round(gap, 2) for _, _, gap in _slot_gaps(dctx) if _FLOOR_HOURS <= gap < cur},
        reverse=True,
    )
    return [
        Relaxation(
            change=f"allow {num(gap)} h between sessions instead of {num(cur)} h",
            cost=relative_cost(cur, gap),
            param="min_hours",
            value=gap,
        )
        for gap in gaps[:_MAX_STEPS]
    ]


def justify(program: Program, ctx: CheckContext, params: SpacingParams) -> str:

    def say(week: ProgramWeek) -> str:
        gaps = [
            f"{session_label(a)} -> {session_label(b)} {num(gap)} h"
            for a, b, gap in consecutive_gaps(week)
        ]
        body = ", ".join(gaps) if gaps else f"{len(week.sessions)} session(s), no gap to keep"
        return f"{body} (at least {num(params.min_hours)} h)"

    return "; ".join(by_weeks(program.weeks, say))


def describe_slots(dctx: DescribeContext, params: SpacingParams) -> str | None:
    """What the rule asks of the slots sessions take, for the session count's own words."""
    return f"at least {num(params.min_hours)} h apart" if params.min_hours else None


def not_applicable(ctx: CheckContext, params: SpacingParams) -> str | None:
    if ctx.scenario.schedule.sessions_per_week < 2:
        return "one session a week: no two sessions to space"
    return None


RULE = Rule(
    id="recovery_spacing",
    not_applicable=not_applicable,
    description="At least {min_hours} hours between any two hamstring sessions (the week wraps "
    "around).",
    params=SpacingParams,
    encode=encode,
    check=check,
    sources=("003_95a5fdc3819596de.txt", "ACSM, Garber et al. 2011 (secondary)"),
    describe=describe,
    relax=relax,
    justify=justify,
    describe_slots=describe_slots,
    slot_use=SlotUse.schedule,
)
