"""session_balance: the week's sessions are of a size, not one long and one short.

Seed 003 spreads the week's hamstring work evenly ("twice a week, up to 10 sets over 3
exercises" each), and the IUSCA position stand (Schoenfeld et al. 2021) spreads a muscle's
weekly volume over its sessions. The rules before this one let the cheapest week put 14 sets
in one session and 6 in the other (39 against 20 minutes). Here the sessions of a week differ
by at most ``max_set_gap`` sets in all (hamstring and quad) and ``max_exercise_gap``
exercises, and the longest takes at most ``max_time_ratio`` (1.35) times the shortest's
minutes (warm-up included, by session_time's default time model, in whole minutes rounded up:
what the program prints).
Sets and exercises alone let a week of 12 and 10 sets run 39 against 27 minutes (heavy zones
rest longer, unilateral work counts each side); a coach reads the minutes. Measured on the
coach benchmark (benchmarks/results/coach.md): uneven weeks went from 5 programs to 0. The
ratio couples every session's exact time, so it cost proofs: over the shipped one-week
scenarios and the personas it multiplied deterministic time by about 1-4. It is deferred
(ModelContext.deferred): the engine proves the optimum without it and then finds a program at
that cost that keeps it, which gave back most of that time (quad_dominant_three_sessions
0.18 / 0.22 -> 0.094 / 0.070 deterministic s, the 10-week sprinter plan 11.6 / 20.0 -> 3.2 /
4.7, the same programs; README's speed figures). ``max_time_ratio: null`` keeps sets and
exercises only.

A week with a match (``schedule.matches``) tapers into it (match_proximity: the last two days
before a match hold at most three quarters of the sets of a session farther away). A session
in that taper may be smaller than the others by any amount, never bigger: it bounds the
largest session but not the smallest, unless every session of the week is in a taper; in a
week with two matches, a session in more matches' tapers (Thursday morning, after Wednesday
evening's match and two days before Saturday's) may be smaller than one in fewer. Which
sessions are in a taper is read from match_proximity as the rule set has it (``params_of``:
its ``taper_days`` and ``hours_after``; no taper where that rule is off). Before this the
two rules pulled against each other at the same weight, and the in-season centre-back kept a
Thursday of 14 sets, 53 h before kick-off, to Monday's 12; while the window was
match_proximity's default, a rule set with ``taper_days: 3`` had them pull again (a
Wednesday of 14 sets before a Saturday match).

One instance, "sessions". Mode **soft**, weight 300: an even week is a coach's habit, not a
physiological limit, so it never makes a scenario infeasible (an odd number of sets may not
split), and 300 outweighs session_structure's 200 for a missing part only a little: a coach
would rather drop a quad exercise from one session than make it twice the length.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any, Literal

from pydantic import Field

from hamopt.domain.metrics import by_weeks, entries, hour_of_week, session_label, week_prefix
from hamopt.domain.models import Mode, Program, ProgramWeek, Scenario
from hamopt.domain.prescribe import TimeModel, session_seconds
from hamopt.domain.words import plural
from hamopt.rules.builtin.match_proximity import ProximityParams, taper_level
from hamopt.rules.builtin.session_time import zone_seconds
from hamopt.rules.check_context import CheckContext
from hamopt.rules.contract import Params, Rule, SlotUse, Violation
from hamopt.rules.model_context import (
    MAX_EXERCISES_PER_SESSION,
    MAX_SETS_PER_EXERCISE,
    Candidate,
    ModelContext,
)

if TYPE_CHECKING:
    from ortools.sat.python.cp_model import LinearExprT


class BalanceParams(Params):
    max_set_gap: int = Field(default=2, ge=0, le=100)  # 003: the same workout twice a week
    max_exercise_gap: int = Field(default=1, ge=0, le=MAX_EXERCISES_PER_SESSION)
    # Longest session over shortest, in minutes (27 against 37 is about the most a coach
    # calls "of a size"); None: sets and exercises only (faster; see the module docstring).
    max_time_ratio: float | None = Field(default=1.35, ge=1, le=10)
    # A session in a match's last two days (match_proximity's taper) may be smaller than the
    # others by any margin, never bigger.
    taper_apart: bool = True


def _level(at: float, ctx: ModelContext | CheckContext, params: BalanceParams) -> int:
    """How many matches' tapers hold a session at ``at`` hours into the week (match_proximity's
    windows, as the rule set has it): a session of a higher level than another of its week
    bounds the largest session but not the smallest."""
    if not params.taper_apart:
        return 0
    proximity = ctx.params_of("match_proximity")
    if not isinstance(proximity, ProximityParams):  # off: nothing tapers the week
        return 0
    return taper_level(at, ctx.scenario, proximity)


def _ratio_pct(params: BalanceParams) -> int | None:
    return None if params.max_time_ratio is None else round(params.max_time_ratio * 100)


def encode(ctx: ModelContext, params: BalanceParams) -> None:
    if len(ctx.slots) < 2:
        return
    most_sets = MAX_SETS_PER_EXERCISE * MAX_EXERCISES_PER_SESSION
    spans = (
        ("sets", params.max_set_gap, ctx.total_sets, most_sets),
        ("exercises", params.max_exercise_gap, ctx.count, MAX_EXERCISES_PER_SESSION),
    )
    lit = ctx.guard("sessions")
    lower = _lower_bound_literals(ctx, params)
    for name, gap, measure, top in spans:
        # The largest and smallest held session bound every held one: O(sessions) constraints.
        hi = ctx.model.new_int_var(0, top, f"balance_{name}_hi")
        lo = ctx.model.new_int_var(0, top, f"balance_{name}_lo")
        for s in range(len(ctx.slots)):
            size = measure(ctx.in_slot(s))
            ctx.model.add(hi >= size).only_enforce_if(ctx.used[s])
            ctx.model.add(lo <= size).only_enforce_if(lower[s])
        ctx.model.add(hi - lo <= gap).only_enforce_if(lit)
    ratio = _ratio_pct(params)
    if ratio is None:
        return
    # Deferred (ModelContext.deferred): the minutes couple every session's exact time and
    # cost most of the proof, yet on every shipped scenario the optimum without them is
    # the optimum with them (same objective, seeds 0 / 1). The engine proves the optimum
    # without them, then finds a program at that cost that keeps them.
    with ctx.deferred():
        time = TimeModel()
        warmup = time.warmup_minutes * 60
        budget = ctx.scenario.schedule.minutes_per_session * 60
        # Seconds of training (the warm-up is added below), bounded by what no session passes.
        hi = ctx.model.new_int_var(0, 4 * budget, "balance_seconds_hi")
        lo = ctx.model.new_int_var(0, 4 * budget, "balance_seconds_lo")
        for s in range(len(ctx.slots)):
            size = sum(_exact_seconds(ctx, c, time) for c in ctx.in_slot(s))
            ctx.model.add(hi >= size).only_enforce_if(ctx.used[s])
            ctx.model.add(lo <= size).only_enforce_if(lower[s])
        # On the printed minutes, rounded up, as the program shows them and a coach reads them:
        # on seconds, weeks printed 46 against 34 (1.353x) and 37 against 27 (1.37x) kept the
        # rule. hi_m is at least the longest session's minutes and lo_m at most the shortest's
        # (60 m >= seconds, 60 m <= seconds + 59), so the ratio binds exactly the printed ones.
        # Tried earlier on 2026-12-05 it cost the 10-week plan 4.4 -> 6.2 deterministic s;
        # measured again that night after the short list (13 one-week scenarios, seeds 0 / 1,
        # with the multi-joint fit term that made it needed): sum 0.68 / 0.71 -> 0.97 / 1.09 s,
        # median 0.026 / 0.025 -> 0.022 / 0.031, the 10-week plan 6.2 / 5.4 -> 9.0 / 4.4.
        top = (4 * budget + warmup) // 60 + 1
        hi_m = ctx.model.new_int_var(0, top, "balance_minutes_hi")
        lo_m = ctx.model.new_int_var(0, top, "balance_minutes_lo")
        ctx.model.add(60 * hi_m >= hi + warmup)
        ctx.model.add(60 * lo_m <= lo + warmup + 59)
        ctx.model.add(100 * hi_m <= ratio * lo_m).only_enforce_if(lit)


def _lower_bound_literals(ctx: ModelContext, params: BalanceParams) -> list[Any]:
    """Per slot, the literals under which its session bounds the smallest: held, and (for a
    session in a match's taper) no session of a lower taper level held that week."""
    level = [_level(slot.hour_of_week, ctx, params) for slot in ctx.slots]
    any_lower: dict[int, Any] = {}  # a level -> "a session of a lower level is held"
    for lv in sorted(set(level)):
        lower = [ctx.used[o] for o in range(len(ctx.slots)) if level[o] < lv]
        if lower:
            any_lower[lv] = ctx.model.new_bool_var(f"balance_session_below_level_{lv}_held")
            ctx.model.add_max_equality(any_lower[lv], lower)
    return [
        [ctx.used[s], ~any_lower[level[s]]] if level[s] in any_lower else [ctx.used[s]]
        for s in range(len(ctx.slots))
    ]


def _exact_seconds(ctx: ModelContext, cand: Candidate, time: TimeModel) -> LinearExprT:
    """The candidate's seconds, exactly (0 when absent).

    session_time's ``candidate_seconds`` is only an upper bound's friend: its per-zone set
    counts may exceed the chosen zone's, which is harmless under a time limit but would let a
    short session look longer here. So the cheapest zone's seconds go on every set and each
    dearer zone's extra on a set count pinned to ``sets`` when that zone is chosen, else 0;
    a candidate with one zone, or zones of one length, needs no pinned count at all.
    """
    seconds = zone_seconds(cand)
    cheapest = min(seconds.values())
    expr: LinearExprT = time.changeover(cand.exercise) * cand.present + cheapest * cand.sets
    for zone, zone_time in seconds.items():
        if zone_time == cheapest:
            continue
        lit = cand.zones[zone]
        zone_sets = ctx.model.new_int_var(
            0, MAX_SETS_PER_EXERCISE, f"balance_sets[{cand.exercise.id}@{cand.slot},{zone}]"
        )
        ctx.model.add(zone_sets == cand.sets).only_enforce_if(lit)
        ctx.model.add(zone_sets == 0).only_enforce_if(~lit)
        expr += (zone_time - cheapest) * zone_sets
    return expr


def _sizes(week: ProgramWeek, ctx: CheckContext) -> list[tuple[str, int, int, int]]:
    """(label, sets, exercises, seconds with the warm-up) per session: the encoder's units."""
    out = []
    for session in week.sessions:
        held = [e for e in entries(week, ctx.by_id) if e.session is session]
        seconds = session_seconds([(e.line, e.exercise) for e in held], TimeModel())
        lines = [e.line for e in held]
        out.append((session_label(session), sum(ln.sets for ln in lines), len(lines), seconds))
    return out


def _smallest_candidates(
    week: ProgramWeek, ctx: CheckContext, params: BalanceParams
) -> list[tuple[str, int, int, int]]:
    """The sessions that may be the week's smallest: those of the lowest taper level of the
    week (all of them without a match)."""
    sizes = _sizes(week, ctx)
    level = [_level(hour_of_week(session), ctx, params) for session in week.sessions]
    lowest = min(level, default=0)
    return [row for row, lv in zip(sizes, level, strict=True) if lv == lowest]


def check(program: Program, ctx: CheckContext, params: BalanceParams) -> list[Violation]:
    found = []
    for week in program.weeks:
        sizes = _sizes(week, ctx)
        if len(sizes) < 2:
            continue
        smallest = _smallest_candidates(week, ctx, params)
        prefix = week_prefix(week, len(program.weeks))
        checks: tuple[tuple[Literal[1, 2], str, int], ...] = (
            (1, "set", params.max_set_gap),
            (2, "exercise", params.max_exercise_gap),
        )
        for index, unit, gap in checks:
            big = max(sizes, key=lambda row: row[index])
            small = min(smallest, key=lambda row: row[index])
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
        ratio = _ratio_pct(params)
        longest = max(sizes, key=lambda row: row[3])
        shortest = min(smallest, key=lambda row: row[3])
        long_m, short_m = math.ceil(longest[3] / 60), math.ceil(shortest[3] / 60)
        if ratio is not None and 100 * long_m > ratio * short_m:
            found.append(
                Violation(
                    RULE.id,
                    f"{prefix}sessions",
                    f"{prefix}{longest[0]} takes {math.ceil(longest[3] / 60)} min, "
                    f"{shortest[0]} {math.ceil(shortest[3] / 60)} min; the longest at most "
                    f"{params.max_time_ratio:g}x the shortest",
                )
            )
    return found


def justify(program: Program, ctx: CheckContext, params: BalanceParams) -> str:

    tapered: list[str] = []  # sessions set apart by a match's taper, in order, once each

    def say(week: ProgramWeek) -> str:
        sizes = _sizes(week, ctx)
        for (label, *_), taper in zip(sizes, _tapers(week, ctx, params), strict=True):
            if taper and label not in tapered:
                tapered.append(label)
        return ", ".join(
            f"{label} {sets} sets, {math.ceil(sec / 60)} min" for label, sets, _n, sec in sizes
        )

    said = "; ".join(by_weeks(program.weeks, say))
    if not said:
        return "no sessions"
    apart = f"; {', '.join(tapered)} in a match's taper may be smaller" if tapered else ""
    return f"{said} (within {params.max_set_gap} of each other{apart})"


def _tapers(week: ProgramWeek, ctx: CheckContext, params: BalanceParams) -> list[bool]:
    """Per session, whether a match's taper sets it apart: a taper level above the lowest of
    its week."""
    level = [_level(hour_of_week(session), ctx, params) for session in week.sessions]
    lowest = min(level, default=0)
    return [lv > lowest for lv in level]


def slot_use_for(params: BalanceParams, scenario: Scenario) -> SlotUse:
    """Reads a slot's day and time only where the week has a match (its sessions may be in
    match_proximity's taper; which ones depends on that rule's window, which this hook cannot
    see, so any match counts: match_proximity itself reads the slots then anyway)."""
    return SlotUse.any if params.taper_apart and scenario.schedule.matches else SlotUse.none


RULE = Rule(
    id="session_balance",
    description="The week's sessions differ by at most 2 sets and 1 exercise, and the longest "
    "takes at most 1.35x the shortest's minutes.",
    params=BalanceParams,
    encode=encode,
    check=check,
    justify=justify,
    default_mode=Mode.soft,
    default_weight=300,
    sources=("003_95a5fdc3819596de.txt", "Schoenfeld et al., IUSCA position stand 2021"),
    slot_use=SlotUse.none,
    slot_use_for=slot_use_for,
)
