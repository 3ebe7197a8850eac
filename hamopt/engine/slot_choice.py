"""Choose the week's slots before the exercises, when no rule cares which slot is which.

Most rules read a session as a place ("each session ..."), never as Monday or Thursday; only
the schedule rules (recovery_spacing) decide which of the offered slots may hold sessions,
and they look at nothing inside a session. Then every slot set those rules allow leads to
the same best program, yet a model over all offered slots searches each set separately:
home_dumbbells_kettlebell spent 1.6 of its 1.64 deterministic seconds there, and 0.003
with the slots pinned.

So, when every active rule declares :class:`SlotUse` ``none``, or is a hard ``schedule``
rule, the solver first picks one slot set here, in a model of the ``used`` literals alone,
and builds the full model on a copy of the scenario that offers only those slots. The
choice is the one a coach makes by hand: sessions spread as evenly as the slots allow (the
largest shortest gap between two sessions, around the week), then the earliest slots.

A plugin rule without a declaration is ``any``, and the model keeps every slot open.
A soft schedule rule keeps them open too: its penalty depends on the slots.
"""

from __future__ import annotations

from collections.abc import Sequence

from ortools.sat.python import cp_model

from hamopt.domain.metrics import circular_gap
from hamopt.domain.models import Catalog, Mode, Scenario, Slot
from hamopt.engine.acyclic_model import AcyclicModel
from hamopt.engine.budget import Budget
from hamopt.rules.contract import ActiveRule, SlotUse
from hamopt.rules.model_context import ModelContext

MINUTES_PER_WEEK = 7 * 24 * 60


def slots_are_interchangeable(rules: Sequence[ActiveRule], scenario: Scenario) -> bool:
    """True when the best program does not depend on which allowed slot set holds it."""
    for active in rules:
        if active.mode is Mode.off:
            continue
        use = active.rule.slot_use_in(active.params, scenario)
        if use is SlotUse.any or (use is SlotUse.schedule and active.mode is not Mode.hard):
            return False
    return True


def _minutes(gap_hours: float) -> int:
    return round(gap_hours * 60)


CHOICE_TIME_LIMIT = 5.0  # deterministic seconds; a choice takes milliseconds


def choose_slots(
    scenario: Scenario,
    catalog: Catalog,
    rules: Sequence[ActiveRule],
    budget: Budget | None = None,
) -> list[Slot] | None:
    """The slots the sessions go in, or None when the schedule rules allow no slot set.

    Deterministic: one worker, and the earliest slots break ties between equal spreads.
    """
    slots = sorted(scenario.schedule.slots, key=lambda s: s.hour_of_week)
    model = AcyclicModel()
    used = [model.new_bool_var(f"used[{slot.label}]") for slot in slots]
    model.add(sum(used) == scenario.schedule.sessions_per_week)
    # The schedule rules' own encoders, on a context with no exercises: they read only
    # `slots` and `used` (that is what SlotUse.schedule promises).
    ctx = ModelContext(model, scenario, catalog, slots, used, candidates=[])
    ctx.rules = {active.id: active for active in rules}
    for active in rules:
        if active.mode is Mode.hard and active.rule.slot_use is SlotUse.schedule:
            ctx.active = active
            active.rule.encode(ctx, active.params)
            ctx.active = None
    # The shortest gap between two chosen slots, around the week; with one session there is
    # no gap and it stays at its cap.
    shortest = model.new_int_var(0, MINUTES_PER_WEEK, "shortest_gap")
    for i, a in enumerate(slots):
        for j in range(i + 1, len(slots)):
            gap = _minutes(circular_gap(a.hour_of_week, slots[j].hour_of_week))
            model.add(shortest <= gap).only_enforce_if([used[i], used[j]])
    # Largest shortest gap first; among equal spreads, the earliest slots (an index sum
    # below `earliest`'s range never outweighs one minute of gap).
    earliest = sum(i * u for i, u in enumerate(used))
    width = len(slots) * len(slots) + 1
    model.maximize(width * shortest - earliest)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_deterministic_time = CHOICE_TIME_LIMIT
    if budget is not None:
        solver.parameters.max_deterministic_time = budget.limit(CHOICE_TIME_LIMIT)
        solver.parameters.max_time_in_seconds = max(budget.wall_left(), 0.001)
    code = solver.solve(model)
    if budget is not None:
        budget.charge(solver)
    if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    return [slot for slot, u in zip(slots, used, strict=True) if solver.boolean_value(u)]


def pinned_scenario(
    scenario: Scenario,
    catalog: Catalog,
    rules: Sequence[ActiveRule],
    budget: Budget | None = None,
) -> Scenario | None:
    """The scenario offering only the chosen slots, or None when the model needs them all.

    None when a rule may care which slot is which, when the schedule rules allow no slot set
    (the full model then finds and explains the infeasibility), or when the choice is no
    choice (exactly as many slots as sessions).
    """
    schedule = scenario.schedule
    if len(schedule.slots) <= schedule.sessions_per_week or not slots_are_interchangeable(
        rules, scenario
    ):
        return None
    chosen = choose_slots(scenario, catalog, rules, budget)
    if chosen is None:
        return None
    return scenario.model_copy(update={"schedule": schedule.model_copy(update={"slots": chosen})})
