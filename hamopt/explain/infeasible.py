"""Why a scenario has no program: the minimal conflict, in words, and the cheapest fix."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from hamopt.domain.models import Catalog, ConflictItem, RelaxationItem, Scenario
from hamopt.explain.conflict import ConflictSearch
from hamopt.explain.relax import cheapest_relaxation
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
    """The minimal conflict in words, the data behind it and the cheapest verified fix."""
    search = ConflictSearch.build(scenario, catalog, rules, options)
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
        explanation.relaxation = cheapest_relaxation(scenario, catalog, rules, guards, options)
        if budget is not None and budget.exhausted and budget.cut:
            diagnosis.append(
                RELAX_CUT if explanation.relaxation else NO_TIME_TO_RELAX
            )
    return explanation
