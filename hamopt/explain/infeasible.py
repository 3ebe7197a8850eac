"""Why a scenario has no program: the minimal conflict, in words, and the cheapest fix."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from hamopt.domain.models import Catalog, ConflictItem, RelaxationItem, Scenario
from hamopt.explain.conflict import ConflictSearch
from hamopt.explain.relax import about_schedule, cheapest_relaxation
from hamopt.explain.wording import conflict_items, diagnose
from hamopt.rules.contract import ActiveRule

if TYPE_CHECKING:
    from hamopt.engine.solve import SolveOptions


# What the answer says when the time limit cut the search short (exit 1 all the same).
CONFLICT_NOT_FOUND = (
    "the conflict could not be found within the time limit (a larger --time-limit may find it)"
)
NOT_MINIMAL = (
    "the time limit cut the conflict search short: this conflict may not be minimal (a "
    "larger --time-limit may find a smaller one)"
)
NO_TIME_TO_RELAX = (
    "the time limit left no time to search for the cheapest fix (a larger --time-limit may "
    "find one)"
)
RELAX_CUT = (
    "the time limit cut the search for the cheapest fix short: the fix given is verified "
    "but may not be the cheapest"
)


@dataclass
class Explanation:
    """Everything said about an infeasible scenario, ready for the Program contract."""

    conflict: list[ConflictItem]
    diagnosis: list[str]
    relaxation: list[RelaxationItem] = field(default_factory=list)
    solves: int = 0  # CP-SAT calls the conflict search made (benchmarks report it)


def explain_infeasible(
    scenario: Scenario,
    catalog: Catalog,
    rules: list[ActiveRule],
    options: SolveOptions,
    *,
    relax: bool = True,
) -> Explanation:
    """The minimal conflict in words, the data behind it and the cheapest verified fix.

    When no rule cares which slot is which, the conflict is searched on the slots a solve
    would pick (hamopt/engine/slot_choice.py): any allowed slot set is as infeasible as any
    other, and identical empty slots made each check search them all (1 session over 7
    slots: `hamopt solve` 7.6 s, 1.6 s pinned, the same conflict and fix). The fix is
    searched on the pinned slots too unless the conflict is about the schedule, where the
    offered new slots must be the days the user's file lacks.
    """
    from hamopt.engine.slot_choice import pinned_scenario

    pinned = (
        pinned_scenario(scenario, catalog, rules, options.budget)
        if options.choose_slots_first
        else None
    )
    search = ConflictSearch.build(pinned or scenario, catalog, rules, options)
    guards = search.minimal_conflict()
    items = conflict_items(search, guards, rules)
    diagnosis = diagnose(items, catalog)
    if not guards and search.verdict is False:
        diagnosis.append(
            "infeasible with every rule's requirements off: a constraint outside the rules' "
            "guards (a bug in a rule module, not the scenario)"
        )
    elif search.verdict is None:
        diagnosis.append(CONFLICT_NOT_FOUND)
    elif not search.minimal:
        diagnosis.append(NOT_MINIMAL)
    explanation = Explanation(items, diagnosis, solves=search.solves)
    budget = options.budget
    if relax and guards:
        if budget is not None and budget.exhausted:
            diagnosis.append(NO_TIME_TO_RELAX)
            return explanation
        on = pinned if pinned is not None and not about_schedule(guards, scenario) else scenario
        explanation.relaxation = cheapest_relaxation(on, catalog, rules, guards, options)
        if budget is not None and budget.exhausted and budget.cut:
            diagnosis.append(
                RELAX_CUT if explanation.relaxation else NO_TIME_TO_RELAX
            )
    return explanation
