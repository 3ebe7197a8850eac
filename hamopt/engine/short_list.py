"""The short list a first solve runs on: for each job, the exercises the objective prices
cheapest, as many as the week has sessions.

A one-week solve spends most of its time finding the optimum, not proving it. Measured on
the shipped one-week scenarios (one worker, deterministic s): quad_dominant_three_sessions
took 0.28 to solve, 0.054 to prove that nothing is below the optimum once it is known;
tight_schedule_early_late 0.22 and 0.003. The search wanders among the 50-odd exercises of
a full gym, each a candidate in every session, while the optimum uses six to ten of them,
nearly always the ones whose sets the objective charges least for their job.

So the narrow first solve (hamopt/engine/narrow.py) runs on a short list. Its program is one
of the full model's, so its cost bounds the full solve as before, and the full solve still
proves the optimum over every exercise: the short list decides how fast, never what.

**Price.** What the objective charges for one set of the exercise, read off the compiled
objective itself (the coefficient of the candidate's ``sets``, then of its ``present``):
exercise_fit's cost, long_length_bias's shortfall, the head stimulus a set leaves unused and
the tie-break's unit, weighted as the rule set weights them. The engine names no rule: a
researcher's rule set, or a plugin's goal, prices the list the same way.

**Jobs.** A session needs a knee-flexion and a hip-extension hamstring exercise and quad work
(head_coverage, correction_ratio), so the list keeps, per job (region, knee flexion, hip
extension), usable exercises of each weekly template (hamopt/domain/fit.usable: equipment
there, not excluded, not ruled out by a condition), ranked by price, then by the seconds a
set takes, then by id:

* the ``sessions_per_week`` first (one per session: long_length_bias's variety keeps an
  exercise out of a second session);
* the first of each of the ``sessions_per_week`` first families (``Exercise.family``): a
  session holds one exercise per family (session_shape), so two lines of one job in a
  session, or the same job every session, need more than the seated curl's family. Families
  a rule groups (``Rule.movement_groups``: coach_plus's one bilateral squat a session, squat,
  leg press and hack squat) count as one: without it, under coach_plus the quad job of
  tight_schedule_early_late kept the goblet squat and the leg press alone, the short list's
  optimum broke rules (1.56e9 against the full optimum's 1,860) and the bounded full solve
  found every line itself. With it, the 43 benchmark programs under coach_plus, seeds 0 / 1,
  deterministic s: 8.36 / 6.89 -> 7.57 / 7.08, the same objective in all 86; nine programs
  5-30x faster (masters_knee_pain 0.312 / 0.131 -> 0.011 / 0.010, beginner_full_gym 0.072 /
  0.050 -> 0.008 / 0.006), but tight_schedule_early_late 0.56 / 0.70 -> 1.07 / 1.36: its proof
  is slow either way (session_time's knapsack: root bound 1,587 against 1,860) and the tighter
  bound sends it down a longer path;
* for a hamstring job, the exercise that gives each head the most stimulus: head_coverage's
  goal lifts the least-covered head, a minimum over the heads that no per-set price shows.

Exercises the scenario or a rule names by id (dominated.named_by_id: an included exercise,
the Nordic a prevention rule asks for) are always on it, and so is the cheapest of each group a
rule asks a program to hold one of (``Rule.needs_one_of``: strength_hinge's heavy hinges; a
strength goal's Romanian deadlift at 6-8 is priced like any hinge; without it, once the rule
asked for a 6-8 zone, the short list's optimum was worse than the full one and the bounded
full solve found the rest: balanced_lifter, seeds 0 / 1, 0.083 / 0.143 -> 0.015 / 0.023
deterministic s, weaker_left_leg 0.056 / 0.050 -> 0.009 / 0.010).

**Why those three.** With the cheapest ``sessions_per_week`` alone (ties by id), three of
the 13 one-week scenarios had a short-list optimum worse than the full one, and the bounded
full solve spent its time finding the better program (seed 0, deterministic s: narrow +
bounded full): quad_dominant_three_sessions 0.059 + 0.17 (head_coverage 48 against 28: the
full optimum's accentuated-eccentric lying curl gives the short head 0.9 a set, the
kneeling curl 0.85), tight_schedule_early_late 0.084 + 0.139 (45-minute sessions: the quad
ties went by id to a step-up and a split squat, both unilateral, 290 s a set against the leg
press's 190, which cost a hamstring set and volume_target's 600), beginner_full_gym 0.008 +
0.15 (band and bodyweight squat, one family: one quad line a session, 5 sets of it, and
volume_range's preferred maximum broken twice). With the three, every short-list optimum is
the full one; one-week sums, seeds 0 / 1, whole solve: 0.895 / 0.980 -> 0.501 / 0.564
(each alone: set time 0.72 / 0.73, families 0.73 / 0.85, heads with set time 0.58 / 0.67).

**One weekly template only.** On the plans of several (phases, deloads) the bound made the
full solve slower as often as faster, same run, seeds 0 / 1, deterministic s:
quad_dominant_12_week_correction_then_balance 0.17 / 0.22 -> 0.61 / 0.46,
sprinter_nordic_10_weeks 6.2 / 5.4 -> 4.2 / 7.9, advanced_12_weeks_strength 0.55 / 0.60 ->
0.85 / 0.55; such a plan keeps the narrow model of dominance groups alone.

Measured with the sessions' order (session_symmetry.py) in place, one worker, seed 0,
deterministic s of the narrow and the bounded full solve against the full solve alone:
quad_dominant_three_sessions 0.275 -> 0.029 + 0.110; sprinter_injury_prevention 0.289 ->
0.014 + 0.082; tight_schedule_early_late 0.218 -> 0.061 + 0.030; the 13 one-week scenarios
1.31 -> 0.56 in all, every optimum the same. Two exercises per session and job instead of one
gave 0.86: the first solve grows faster than the second shrinks. Passing the short program as
a solution hint as well as a bound was slower too (0.65 -> 0.84 on 10 of them), and breaking
ties in price by the seconds a set takes changed nothing in all (0.68 over the whole solve
path either way).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING

from hamopt.domain.fit import usable
from hamopt.domain.line_order import kind
from hamopt.domain.models import HEADS, Catalog, Exercise, Mode, Scenario
from hamopt.domain.prescribe import set_seconds
from hamopt.engine.dominated import named_by_id
from hamopt.rules.contract import ActiveRule
from hamopt.rules.model_context import REP_ZONES, zone_reps

if TYPE_CHECKING:
    from hamopt.engine.compile import CompiledModel

Job = tuple[object, ...]

# What an exercise does in a session: its region and, for the hamstrings, which of the two
# functions it trains; the kinds the order rules sort a session's lines by.
job = kind


def set_prices(compiled: CompiledModel) -> list[dict[str, tuple[int, int]]]:
    """Per weekly template, each exercise's (price of a set, price of a line) in the
    objective: the coefficients of its candidate's ``sets`` and ``present``."""
    from ortools.sat.python import cp_model_helper

    flat = cp_model_helper.FlatIntExpr(compiled.objective)
    coeff: dict[int, int] = defaultdict(int)
    for var, c in zip(flat.vars, flat.coeffs, strict=True):
        coeff[var.index] += c
    prices: list[dict[str, tuple[int, int]]] = []
    for ctx in compiled.templates:
        own: dict[str, tuple[int, int]] = {}
        for cand in ctx.candidates:  # the same coefficients in every slot: the first will do
            if cand.exercise.id not in own:
                own[cand.exercise.id] = (coeff[cand.sets.index], coeff[cand.present.index])
        prices.append(own)
    return prices


def beyond_short_list(
    compiled: CompiledModel,
    scenario: Scenario,
    catalog: Catalog,
    rules: Sequence[ActiveRule],
) -> frozenset[str]:
    """The exercises with a candidate in ``compiled`` that are not on the short list; none
    for a plan of several weekly templates (see the module docstring)."""
    if len(compiled.templates) != 1:
        return frozenset()
    by_id = catalog.by_id()
    per = scenario.schedule.sessions_per_week
    keep = set(named_by_id(scenario, catalog, rules))
    groups = movement_groups(rules)
    present: set[str] = set()
    for prices in set_prices(compiled):
        present |= prices.keys()
        jobs: dict[Job, list[tuple[int, int, int, str]]] = defaultdict(list)
        for ex_id, (per_set, per_line) in prices.items():
            exercise = by_id[ex_id]
            if usable(exercise, scenario):
                jobs[job(exercise)].append((per_set, per_line, fastest_set(exercise), ex_id))
        for ranked in jobs.values():
            keep.update(kept_for_job([by_id[r[-1]] for r in sorted(ranked)], per, groups))
        for group in asked_for(scenario, catalog, rules):
            offered = [(*prices[i], fastest_set(by_id[i]), i) for i in group if i in prices]
            if offered:
                keep.add(min(offered)[-1])
    return frozenset(present - keep)


def asked_for(
    scenario: Scenario, catalog: Catalog, rules: Sequence[ActiveRule]
) -> list[frozenset[str]]:
    """The groups the active rules ask a program to hold one of (``Rule.needs_one_of``)."""
    return [
        group
        for active in rules
        if active.mode is not Mode.off and active.rule.needs_one_of is not None
        for group in active.rule.needs_one_of(active.params, scenario, catalog)
    ]


def movement_groups(rules: Sequence[ActiveRule]) -> dict[str, frozenset[str]]:
    """Each movement family the active rules group with others (``Rule.movement_groups``: a
    session holds one exercise of the whole group), mapped to its group."""
    grouped: dict[str, frozenset[str]] = {}
    for active in rules:
        if active.mode is Mode.off or active.rule.movement_groups is None:
            continue
        for group in active.rule.movement_groups(active.params):
            for family in group:
                grouped[family] = grouped.get(family, frozenset()) | group
    return grouped


def fastest_set(exercise: Exercise) -> int:
    """Seconds a set takes in the exercise's quickest rep zone, rest and both legs included
    (prescribe.set_seconds): of two exercises priced alike, the one that leaves a timed
    session room for more sets."""
    zones = (zone_reps(zone, exercise) for zone in REP_ZONES)
    return min((set_seconds(exercise, reps) for reps in zones if reps is not None), default=0)


def kept_for_job(
    ranked: Sequence[Exercise], per: int, groups: dict[str, frozenset[str]] | None = None
) -> set[str]:
    """The ids one job keeps from its exercises ``ranked`` best first (price, set time, id)
    in a week of ``per`` sessions: the ``per`` first, the first of each of the ``per`` first
    families (a family in one of ``groups``, movement_groups, counts as its whole group)
    and, for hamstring work, each head's best (see the module docstring)."""
    groups = groups or {}
    kept = {e.id for e in ranked[:per]}
    families: set[object] = set()
    for exercise in ranked:
        if len(families) == per:
            break
        movement = groups.get(exercise.family or "", exercise.family)
        if movement not in families:
            families.add(movement)
            kept.add(exercise.id)
    for head in HEADS if ranked and ranked[0].is_hamstring else ():
        most = max(e.stimulus.get(head) for e in ranked)
        if most > 0:  # max keeps the first of equals: the better ranked
            kept.add(max(ranked, key=lambda e: e.stimulus.get(head)).id)
    return kept
