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
        diagnosis.append("the conflict could not be found within the time limit")
    explanation = Explanation(items, diagnosis, solves=search.solves)
    if relax and guards:
        explanation.relaxation = cheapest_relaxation(scenario, catalog, rules, guards, options)
    return explanation
