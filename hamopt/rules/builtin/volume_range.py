"""volume_range: weekly and per-session hamstring volume, sets per exercise and reps.

003_95a5fdc3819596de.txt: "at least 12 dedicated sets for hamstrings each week" and "up to
10 sets spread over 3 exercises ... a rep range of 6 to 20". The IUSCA position stand
(Schoenfeld et al. 2021) gives ~10 sets/muscle/session as a cap too. Sets per exercise and
reps apply to every prescription in the program (the seeds' examples run 2-4 sets); the
exercise's own rep range always applies on top. ``own_rep_floor`` names exercises whose own
range may take them below ``min_reps`` (the accentuated-eccentric curl, 4-8: seed 000's
Workout 2 prescribes it at 4-5 reps). By default the Nordic family: Petersen et al. 2011 start
at 2 x 5 (nordic_safety's start).

In a deload week (volume_ramp's ``deload_every``, its ``DELOAD`` mark on the week's template
and ``deload`` on the program's week) the weekly floor gives way and a line may drop to
``deload_min_sets_per_exercise`` (1): the deload cuts sets by 30-50 % (Bell et al. 2023), which
12 sets a week and 2 sets a line would forbid. The caps still hold.

Instances: "weekly sets" and one per session (its caps, sets per exercise and reps). Goal:
each set above ``preferred_max_sets_per_exercise`` on a line (the seeds' 2-4), weighted by the
rule's weight, so the hard cap is reached only when nothing else keeps the rules.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import Field, model_validator

from hamopt.domain.metrics import (
    by_weeks,
    entries,
    hamstring_sets,
    session_label,
    week_prefix,
)
from hamopt.domain.models import Exercise, Program, ProgramWeek
from hamopt.domain.words import plural
from hamopt.rules.builtin.volume_ramp import DELOAD
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
from hamopt.rules.model_context import MAX_SETS_PER_EXERCISE, ModelContext, zero, zone_reps

if TYPE_CHECKING:
    from ortools.sat.python import cp_model


class VolumeParams(Params):
    weekly_min_sets: int = Field(default=12, ge=0, le=200)  # 003_95a5fdc3819596de.txt
    weekly_max_sets: int | None = Field(default=None, ge=0, le=200)
    session_max_sets: int = Field(default=10, ge=1, le=100)  # 003; IUSCA 2021
    session_max_exercises: int = Field(default=3, ge=1, le=7)  # 003_95a5fdc3819596de.txt
    min_sets_per_exercise: int = Field(default=2, ge=1, le=10)  # seeds' workouts: 2-4 sets
    max_sets_per_exercise: int = Field(default=5, ge=1, le=10)
    # Goal: sets above this on one line cost the rule's weight each. The seeds' lines run
    # 2-4 sets (000: 3 x 6, 2-3 x 10-15; 001: 4/3/2; 003: "2 to 3 sets"), so a fifth set is
    # allowed (a 30-minute bodyweight week may need it) but a coach's last resort.
    preferred_max_sets_per_exercise: int = Field(default=4, ge=1, le=10)
    # A deload week halves 2 sets to 1 (volume_ramp; Bell et al. 2023).
    deload_min_sets_per_exercise: int = Field(default=1, ge=1, le=10)
    min_reps: int = Field(default=6, ge=1, le=50)  # 003_95a5fdc3819596de.txt
    max_reps: int = Field(default=20, ge=1, le=50)  # 003_95a5fdc3819596de.txt
    # Exercises (ids) whose own rep range may take them below min_reps, down to its floor
    # (000_dd2db63edd4a1a04.txt, Workout 2: "Lying Leg Curl – Accentuated Eccentric 3 x 4-5");
    # every other exercise keeps min_reps. A list, not a switch: the catalog's deadlift,
    # squats and glute-ham raise start below 6 too and keep the floor.
    own_rep_floor: tuple[str, ...] = Field(
        # Petersen et al. 2011 start the Nordic at 2 x 5 (nordic_safety): below seed 003's 6.
        default=("nordic_hamstring_curl", "eccentric_nordic", "band_assisted_nordic"),
        max_length=200,
    )

    @model_validator(mode="after")
    def _ordered(self) -> VolumeParams:
        if self.min_sets_per_exercise > self.max_sets_per_exercise:
            raise ValueError("min_sets_per_exercise must not exceed max_sets_per_exercise")
        if self.min_reps > self.max_reps:
            raise ValueError("min_reps must not exceed max_reps")
        if self.weekly_max_sets is not None and self.weekly_max_sets < self.weekly_min_sets:
            raise ValueError("weekly_max_sets must not be below weekly_min_sets")
        return self


EVERY_SESSION = "every session"  # the guard of the per-session limits


def floors(params: VolumeParams, deload: bool) -> tuple[int, int]:
    """(weekly hamstring sets, sets a line) at least: both give way in a deload week."""
    if deload:
        return 0, min(params.deload_min_sets_per_exercise, params.min_sets_per_exercise)
    return params.weekly_min_sets, params.min_sets_per_exercise


def rep_floor(params: VolumeParams, exercise: Exercise) -> int:
    """The fewest reps a line of this exercise may ask for."""
    if exercise.id in params.own_rep_floor:
        return min(params.min_reps, exercise.rep_range[0])
    return params.min_reps


def encode(ctx: ModelContext, params: VolumeParams) -> None:
    over: list[cp_model.LinearExprT] = []  # sets above the preferred maximum, per line
    weekly_min, line_min = floors(params, ctx.segment is not None and DELOAD in ctx.segment.marks)
    weekly = ctx.guard("weekly sets")
    ham_week = ctx.total_sets(ctx.where(lambda c: c.exercise.is_hamstring))
    ctx.model.add(ham_week >= weekly_min).only_enforce_if(weekly)
    if params.weekly_max_sets is not None:
        ctx.model.add(ham_week <= params.weekly_max_sets).only_enforce_if(weekly)
    # One guard for the session limits of every slot, not one per slot: the limits are the
    # same in each, and per-slot guards made an infeasible week's explanation list every slot
    # (1 session over 7 slots: 8 requirements, found in 12 s, as the search had to show each
    # slot's cap necessary in turn).
    lit = ctx.guard(EVERY_SESSION)
    for s in range(len(ctx.slots)):
        session = ctx.in_slot(s)
        ham = [c for c in session if c.exercise.is_hamstring]
        # Times used[s], the same limit for a program (an unused slot holds nothing) but a
        # tighter LP: summed over the week it bounds the weekly sets by the sessions held, so
        # "12 sets in 1 session of at most 10" is infeasible at the root, not after a search.
        used = ctx.used[s]
        ctx.model.add(ctx.total_sets(ham) <= params.session_max_sets * used).only_enforce_if(lit)
        ctx.model.add(ctx.count(ham) <= params.session_max_exercises * used).only_enforce_if(lit)
        for c in session:
            ctx.model.add(c.sets >= line_min).only_enforce_if([c.present, lit])
            ctx.model.add(c.sets <= params.max_sets_per_exercise).only_enforce_if(lit)
            if params.preferred_max_sets_per_exercise < params.max_sets_per_exercise:
                over.append(c.sets - params.preferred_max_sets_per_exercise)
            for zone, zlit in c.zones.items():
                lo, hi = zone_reps(zone, c.exercise)  # type: ignore[misc]  # zones exist only when reps do
                if lo < rep_floor(params, c.exercise) or hi > params.max_reps:
                    ctx.model.add(zlit == 0).only_enforce_if(lit)
    if over:
        excess = []
        for n, diff in enumerate(over):
            extra = ctx.model.new_int_var(0, MAX_SETS_PER_EXERCISE, f"sets_over[{n}]")
            ctx.model.add(extra >= diff)
            excess.append(extra)
        ctx.add_goal(sum(excess, start=zero()))


def goal(program: Program, ctx: CheckContext, params: VolumeParams) -> int:
    """Sets above the preferred maximum, over every line of every week."""
    cap = params.preferred_max_sets_per_exercise
    if cap >= params.max_sets_per_exercise:
        return 0  # no price below the hard cap (as the encoder: no goal at all)
    return sum(
        max(0, e.line.sets - cap) for week in program.weeks for e in entries(week, ctx.by_id)
    )


def check(program: Program, ctx: CheckContext, params: VolumeParams) -> list[Violation]:
    violations: list[Violation] = []
    for week in program.weeks:
        prefix = week_prefix(week, len(program.weeks))
        total = hamstring_sets(week, ctx.by_id)
        weekly_min, line_min = floors(params, week.extra(DELOAD))
        if total < weekly_min or (
            params.weekly_max_sets is not None and total > params.weekly_max_sets
        ):
            want = f"at least {params.weekly_min_sets}"
            if params.weekly_max_sets is not None:
                want = f"{params.weekly_min_sets}-{params.weekly_max_sets}"
            violations.append(
                Violation(
                    RULE.id,
                    f"{prefix}weekly sets",
                    f"{prefix}{total} hamstring sets a week; {want}",
                )
            )
        for session in week.sessions:
            label = session_label(session)

            def broke(message: str, label: str = label, prefix: str = prefix) -> None:
                violations.append(
                    Violation(RULE.id, f"{prefix}{label}", f"{prefix}{label}: {message}")
                )

            lines = [e for e in entries(week, ctx.by_id) if e.session is session]
            ham = [e for e in lines if e.exercise.is_hamstring]
            if sum(e.line.sets for e in ham) > params.session_max_sets:
                broke(
                    f"{sum(e.line.sets for e in ham)} hamstring sets; at most "
                    f"{params.session_max_sets} a session"
                )
            if len(ham) > params.session_max_exercises:
                broke(
                    f"{len(ham)} hamstring exercises; at most "
                    f"{params.session_max_exercises} a session"
                )
            for e in lines:
                name, (lo, hi) = e.exercise.name, e.line.reps
                if not line_min <= e.line.sets <= params.max_sets_per_exercise:
                    broke(
                        f"{name} has {e.line.sets} sets; {line_min}-"
                        f"{params.max_sets_per_exercise} per exercise"
                        + (" in a deload week" if week.extra(DELOAD) else "")
                    )
                if lo < rep_floor(params, e.exercise) or hi > params.max_reps:
                    broke(
                        f"{name} at {lo}-{hi} reps; reps stay within "
                        f"{rep_floor(params, e.exercise)}-{params.max_reps}"
                    )
                elo, ehi = e.exercise.rep_range
                if lo < elo or hi > ehi:
                    broke(f"{name} at {lo}-{hi} reps; the exercise's own range is {elo}-{ehi}")
    return violations


def describe(instance: str, dctx: DescribeContext, params: VolumeParams) -> str:
    if instance == "weekly sets":
        want = f"at least {params.weekly_min_sets}"
        if params.weekly_max_sets is not None:
            want += f" and at most {params.weekly_max_sets}"
        n = dctx.scenario.schedule.sessions_per_week
        room = n * params.session_max_sets
        hold = "holds" if n == 1 else "hold"
        return (
            f"{want} hamstring sets a week ({plural(n, 'session')} of at most "
            f"{params.session_max_sets} sets {hold} at most {room})"
        )
    return (
        f"{instance} holds at most {params.session_max_sets} hamstring sets over "
        f"at most {plural(params.session_max_exercises, 'hamstring exercise')}, "
        f"{params.min_sets_per_exercise}-{params.max_sets_per_exercise} sets per exercise, "
        f"reps {params.min_reps}-{params.max_reps}"
    )


def relax(dctx: DescribeContext, params: VolumeParams) -> list[Relaxation]:
    """One parameter at a time, a few steps each, inside the parameters' own bounds.

    Few steps on purpose: each step is the rule encoded once more in the relaxation model.
    Steps past a parameter's bounds are dropped there too (the params are re-validated).
    """
    p = params
    steps: list[tuple[str, int, tuple[int, ...], str]] = [
        (
            "weekly_min_sets",
            p.weekly_min_sets,
            (-1, -2, -4),
            "accept {v} weekly hamstring sets instead of {old}",
        ),
        (
            "session_max_sets",
            p.session_max_sets,
            (2, 4),
            "allow {v} hamstring sets a session instead of {old}",
        ),
        (
            "session_max_exercises",
            p.session_max_exercises,
            (1,),
            "allow {v} hamstring exercises a session instead of {old}",
        ),
        (
            "max_sets_per_exercise",
            p.max_sets_per_exercise,
            (1, 3),
            "allow {v} sets of one exercise instead of {old}",
        ),
        (
            "min_sets_per_exercise",
            p.min_sets_per_exercise,
            (1 - p.min_sets_per_exercise,),
            "allow {v} set(s) of an exercise instead of at least {old}",
        ),
        ("min_reps", p.min_reps, (-2,), "allow sets of {v} reps (now at least {old})"),
        ("max_reps", p.max_reps, (5,), "allow sets of up to {v} reps instead of {old}"),
    ]
    if p.weekly_max_sets is not None:
        steps.append(
            (
                "weekly_max_sets",
                p.weekly_max_sets,
                (2, 4),
                "allow {v} weekly hamstring sets instead of at most {old}",
            )
        )
    out = []
    for param, old, deltas, text in steps:
        for d in deltas:
            v = old + d
            if d and v >= 0:
                out.append(
                    Relaxation(
                        change=text.format(v=v, old=old),
                        cost=relative_cost(old, v),
                        param=param,
                        value=v,
                    )
                )
    return out


def justify(program: Program, ctx: CheckContext, params: VolumeParams) -> str:
    def say(week: ProgramWeek) -> str:
        total = hamstring_sets(week, ctx.by_id)
        sessions = []
        for session in week.sessions:
            ham = [
                e
                for e in entries(week, ctx.by_id)
                if e.session is session and e.exercise.is_hamstring
            ]
            sessions.append(
                f"{session_label(session)} {sum(e.line.sets for e in ham)} over {len(ham)}"
            )
        lines = [e.line for e in entries(week, ctx.by_id)]
        reps = (
            f"reps {min(ln.reps[0] for ln in lines)}-{max(ln.reps[1] for ln in lines)}"
            if lines
            else "no reps"
        )
        floor = "a deload week" if week.extra(DELOAD) else f"at least {params.weekly_min_sets}"
        return (
            f"{total} hamstring sets a week ({floor}): "
            f"{', '.join(sessions) or 'no sessions'} (at most {params.session_max_sets} over "
            f"{params.session_max_exercises} a session); {reps} "
            f"(allowed {params.min_reps}-{params.max_reps})"
        )

    return "; ".join(by_weeks(program.weeks, say))


RULE = Rule(
    id="volume_range",
    description="At least {weekly_min_sets} hamstring sets a week; at most {session_max_sets} "
    "sets over {session_max_exercises} exercises a session; reps {min_reps}-{max_reps}.",
    params=VolumeParams,
    encode=encode,
    check=check,
    goal=goal,
    sources=("003_95a5fdc3819596de.txt", "IUSCA position stand, Schoenfeld et al. 2021"),
    describe=describe,
    relax=relax,
    justify=justify,
    slot_use=SlotUse.none,
)
