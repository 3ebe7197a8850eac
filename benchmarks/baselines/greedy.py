"""A greedy program generator written the way simple training apps do it: the baseline.

1. Sessions go on the first free slots (the scenario's slots in order), as many as
   `sessions_per_week`; no look at the hours between them.
2. Exercises: every catalog exercise the athlete's equipment allows, ranked by its total
   hamstring stimulus (the app's "best exercise" list).
3. Fill the largest per-head deficit first: while some head is short of its weekly target
   (head_coverage's 8 weighted sets), take the best-ranked unused exercise that trains that
   head and still fits (session length at a flat 3 minutes a set, at most 3 exercises a
   session), give it 3 sets of 8-12 reps (clipped to its rep range) and put it in the
   emptiest session.

What it does not know about (on purpose: it is what such an app does not know) is every other
rule: the correction phase's quad work and ratio, the order in a session, contraindications,
preferences, Nordic dosing, recovery spacing. hamopt's checkers then score what it wrote.
"""

from __future__ import annotations

from hamopt.domain.models import (
    HEADS,
    Catalog,
    Exercise,
    Program,
    ProgramExercise,
    ProgramSession,
    Region,
    Scenario,
)
from hamopt.engine.solve import HEAD_SERVED, build_program
from hamopt.rules.contract import ActiveRule
from hamopt.rules.model_context import zone_reps

TARGET_WEIGHTED_SETS = 8.0  # head_coverage's default target, per head and week
SETS = 3
MINUTES_PER_SET = 3.0  # a set and its rest, the flat figure such apps use
MAX_EXERCISES = 3


def _available(scenario: Scenario, catalog: Catalog) -> list[Exercise]:
    kit = scenario.equipment_set()
    usable = [
        ex
        for ex in catalog.exercises
        if ex.region is Region.hamstrings and set(ex.equipment) <= kit
    ]
    # Best first by total stimulus; id breaks ties so the baseline is deterministic.
    return sorted(usable, key=lambda ex: (-sum(ex.stimulus.get(h) for h in HEADS), ex.id))


def _reps(ex: Exercise) -> tuple[int, int]:
    return zone_reps("moderate", ex) or ex.rep_range


def greedy_sessions(scenario: Scenario, catalog: Catalog) -> list[ProgramSession]:
    """One weekly template, filled greedily (see the module docstring)."""
    slots = scenario.schedule.slots[: scenario.schedule.sessions_per_week]
    sessions = [ProgramSession(day=s.day, time=s.time, exercises=[]) for s in slots]
    room = [float(scenario.schedule.minutes_per_session)] * len(sessions)
    have = dict.fromkeys(HEADS, 0.0)
    pool = _available(scenario, catalog)
    used: set[str] = set()
    while sessions:
        short = {h: TARGET_WEIGHTED_SETS - v for h, v in have.items() if v < TARGET_WEIGHTED_SETS}
        if not short:
            break
        placed = False
        for head in sorted(short, key=lambda h: (-short[h], h)):
            # Best-ranked for *this* head among the exercises not yet used.
            for ex in sorted(pool, key=lambda e: -e.stimulus.get(head)):
                if ex.id in used or ex.stimulus.get(head) <= 0:
                    continue
                s = min(range(len(sessions)), key=lambda i: (len(sessions[i].exercises), i))
                if len(sessions[s].exercises) >= MAX_EXERCISES or room[s] < SETS * MINUTES_PER_SET:
                    continue
                sessions[s].exercises.append(
                    ProgramExercise(
                        id=ex.id,
                        name=ex.name,
                        sets=SETS,
                        reps=_reps(ex),
                        order=len(sessions[s].exercises) + 1,
                        region=ex.region,
                        actions=list(ex.actions),
                        heads=[h for h in HEADS if ex.stimulus.get(h) >= HEAD_SERVED],
                    )
                )
                room[s] -= SETS * MINUTES_PER_SET
                used.add(ex.id)
                for h in HEADS:
                    have[h] += SETS * ex.stimulus.get(h)
                placed = True
                break
            if placed:
                break
        if not placed:
            break  # nothing fits any more: the app stops where it is
    return sessions


def greedy_program(scenario: Scenario, catalog: Catalog, rules: list[ActiveRule]) -> Program:
    """The greedy template over the scenario's horizon, checked by hamopt's checkers."""
    return build_program("manual", scenario, catalog, rules, greedy_sessions(scenario, catalog))
