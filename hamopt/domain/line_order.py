"""The order of a session's lines where the rules leave it open: a coach's convention.

The order rules sort a session's lines by kind (flexion_before_extension: knee flexion, then
hip extension; hamstrings_first: the hamstrings before the quads). Within one kind no rule
prefers an order and no goal reads a place, so the solver's order there was whichever it found
first; since 1674463 that is the completion's first find (engine/solve._keeps_deferred). Over
the shipped one-week scenarios and personas (79 sessions), 28 pairs of adjacent lines of one
kind put a unilateral lift before a bilateral one (14 before 1674463), among them a band leg
extension before the band squat and a single-leg curl at 12-15 before the
accentuated-eccentric lying curl at 6-8. In this order 13 remain, each a Bulgarian split squat
at 6-8 before a goblet squat at 8-12: the heavier zone first.

Here each run of consecutive lines of one kind is put in the order the evidence gives (ACSM
position stand 2009; Simao et al., Sports Med 2012, research/evidence.md): multi-joint before
single-joint, and what comes first is done with more load, so the heavier rep zone (fewer
reps) first; then the more demanding lift (the catalog's systemic ``fatigue``) while the
athlete is fresh, as NSCA's core-before-assistance order has it (Haff & Triplett 2016); then
bilateral before unilateral (hamopt's own convention, the more stable and more loadable lift
first: no source here ranks them); then by id, so the same lines come in the
same order whatever the search found. Only lines of one kind move, and only among
themselves: every rule that orders by kind holds as before, and a deload week, the week
before with fewer sets, keeps its order (volume_ramp).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from hamopt.domain.models import Action, BackLoad, Exercise, Laterality

T = TypeVar("T")


def kind(exercise: Exercise) -> tuple[object, ...]:
    """What the order rules tell apart: the region and, for the hamstrings, which of the two
    functions the exercise trains."""
    if not exercise.is_hamstring:
        return (exercise.region,)
    return (exercise.region, exercise.is_knee_flexion, exercise.is_hip_extension)


_DEMAND = {BackLoad.high: 0, BackLoad.moderate: 1, BackLoad.low: 2}  # the most demanding first


def _coach_key(exercise: Exercise, reps: tuple[int, int]) -> tuple[object, ...]:
    single_joint = exercise.is_quad and Action.squat not in exercise.actions
    unilateral = exercise.laterality is Laterality.unilateral
    return (single_joint, reps[0], _DEMAND[exercise.fatigue], unilateral, exercise.id)


def in_coach_order(
    lines: Sequence[T],
    exercise_of: Callable[[T], Exercise],
    reps_of: Callable[[T], tuple[int, int]],
) -> list[T]:
    """``lines`` (a session's, in the solver's order) with each run of consecutive lines of
    one kind sorted by the convention above; the runs stay where they are."""
    ordered: list[T] = []
    run: list[T] = []
    for line in lines:
        if run and kind(exercise_of(run[0])) != kind(exercise_of(line)):
            ordered.extend(sorted(run, key=lambda x: _coach_key(exercise_of(x), reps_of(x))))
            run = []
        run.append(line)
    ordered.extend(sorted(run, key=lambda x: _coach_key(exercise_of(x), reps_of(x))))
    return ordered
