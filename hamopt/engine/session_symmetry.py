"""Interchangeable sessions in a fixed order: each session's exercises are lexicographically
no less than the next session's.

When no rule cares which slot is which (slot_choice.slots_are_interchangeable) and every slot
of the model holds a session, the sessions of a weekly template are places, nothing more:
swapping the contents of Monday's and Thursday's sessions gives a program every rule rates
the same. A model of ``k`` such sessions then holds every program ``k!`` times, and the
search visits the copies: CP-SAT's presolve finds the orbits (3 sessions: orbits of size 6)
but uses them only to fix a few literals.

So the sessions are ordered: read as vectors of ``present`` literals over the same exercise
order, session ``s`` is lexicographically at least session ``s + 1``. Any program can be put
in that order by sorting its sessions, so the constraint keeps one copy of every program, the
optimum included. The order is on the ``present`` literals alone: two sessions with the same
exercises and different sets or reps stay free to swap (rare, and harmless).

Only a plan of one weekly template: with several (a plan's phases), swapping sessions is a
symmetry only when done in every template at once, and ordering the first template alone made
the 10-week sprinter plan slower (seeds 0-2: 5.4 / 3.4 / 3.3 -> 8.4 / 4.3 / 9.8
deterministic s). A plan's proof uses the symmetry instead: CP-SAT keeps it through presolve
and folds the LP by it (engine/solve._plan_search). Not in an explanation's model either: its
guards are free, so a session may be empty there and the sessions-per-week demand is not a
fact.

Measured (one worker, deterministic s, seeds 0 / 1 / 2, same optima):
quad_dominant_three_sessions 0.46 / 0.73 / 0.50 -> 0.32 / 0.24 / 0.39;
home_dumbbells_kettlebell 0.15 / 0.20 / 0.11 -> 0.06 / 0.08 / 0.06;
balanced_lifter 0.15 / 0.12 / 0.03 -> 0.08 / 0.05 / 0.06.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from hamopt.engine.slot_choice import slots_are_interchangeable
from hamopt.rules.contract import ActiveRule
from hamopt.rules.model_context import ModelContext

if TYPE_CHECKING:
    from ortools.sat.python import cp_model


def sessions_are_interchangeable(
    templates: Sequence[ModelContext], rules: Sequence[ActiveRule], explain: bool
) -> bool:
    """True when swapping two sessions' contents changes nothing any rule says, and every
    slot of the model holds a session (see the module docstring)."""
    if explain or len(templates) != 1:
        return False
    ctx = templates[0]
    # The sessions-per-week demand is hard outside an explanation (compile._sessions_per_week).
    every_slot_used = len(ctx.slots) == ctx.scenario.schedule.sessions_per_week
    return every_slot_used and slots_are_interchangeable(rules, ctx.scenario)


def order_sessions(
    templates: Sequence[ModelContext], rules: Sequence[ActiveRule], explain: bool
) -> bool:
    """Add the order between interchangeable sessions; False (and nothing added) when they
    are not interchangeable."""
    if not sessions_are_interchangeable(templates, rules, explain):
        return False
    ctx = templates[0]
    slots = [ctx.in_slot(s) for s in range(len(ctx.slots))]
    # One exercise order in every session, or the vectors do not compare like with like (every
    # slot gets the same candidates today, compile._core; a model that did not would be wrongly
    # cut, so it gets no order instead).
    if len({tuple(c.exercise.id for c in slot) for slot in slots}) > 1:
        return False
    sessions = [[c.present for c in slot] for slot in slots]
    for s in range(len(sessions) - 1):
        lex_at_least(ctx.model, sessions[s], sessions[s + 1], f"session_order[{s}]")
    return True


def lex_at_least(
    model: cp_model.CpModel,
    xs: Sequence[cp_model.IntVar],
    ys: Sequence[cp_model.IntVar],
    name: str,
) -> None:
    """Boolean vectors ``xs >= ys`` lexicographically, as clauses.

    ``equal[i]``: the first ``i`` positions are equal. Where they are, ``x[i] >= y[i]``; and
    ``equal[i + 1]`` is exactly ``equal[i] and x[i] == y[i]``, so the order binds position
    ``i + 1`` only after a tie at every earlier one.
    """
    if len(xs) != len(ys):
        raise ValueError("lexicographic order needs two vectors of one length")
    equal: cp_model.IntVar | None = None  # None: the empty prefix, equal by definition
    for i, (x, y) in enumerate(zip(xs, ys, strict=True)):
        not_equal = [] if equal is None else [equal.Not()]
        model.add_bool_or([*not_equal, x, y.Not()])  # x >= y where the prefix ties
        if i == len(xs) - 1:
            break
        following = model.new_bool_var(f"{name}.equal[{i + 1}]")
        # following <=> equal and x == y
        model.add_bool_or([*not_equal, x, y, following])
        model.add_bool_or([*not_equal, x.Not(), y.Not(), following])
        if equal is not None:
            model.add_implication(following, equal)
        model.add_bool_or([following.Not(), x, y.Not()])
        model.add_bool_or([following.Not(), x.Not(), y])
        equal = following
