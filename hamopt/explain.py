"""Why a scenario is infeasible: a minimal set of rule instances that cannot hold together.

The model is compiled with every hard guard left free, the guards are passed to CP-SAT as
assumptions, and the objective is dropped (CP-SAT does not combine assumptions with an
objective). CP-SAT's core (`sufficient_assumptions_for_infeasibility`) is then shrunk by
deletion until removing any one member makes the rest feasible.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ortools.sat.python import cp_model

from hamopt.compile import Guard, compile_model
from hamopt.constraints.base import ActiveRule
from hamopt.models import Catalog, ConflictItem, Mode, Scenario

if TYPE_CHECKING:
    from hamopt.solve import SolveOptions


def _feasible_with(
    model: cp_model.CpModel, keep: list[Guard], options: SolveOptions
) -> tuple[bool, list[int]]:
    from hamopt.solve import solver_for

    model.clear_assumptions()
    model.add_assumptions([g.literal for g in keep])
    solver = solver_for(options)
    code = solver.solve(model)
    if code == cp_model.INFEASIBLE:
        return False, list(solver.sufficient_assumptions_for_infeasibility())
    return True, []


def minimal_conflict(
    scenario: Scenario, catalog: Catalog, rules: list[ActiveRule], options: SolveOptions
) -> list[Guard]:
    """A minimal infeasible subset of the hard guards (empty when the scenario is feasible)."""
    compiled = compile_model(scenario, catalog, rules, explain=True)
    hard = [g for g in compiled.ctx.guards if g.mode is Mode.hard]
    feasible, core_indices = _feasible_with(compiled.model, hard, options)
    if feasible:
        return []
    by_index = {g.literal.Index(): g for g in hard}
    core = [by_index[i] for i in core_indices if i in by_index] or hard
    # Deletion: drop each member in turn; keep it out when the rest is still infeasible.
    i = 0
    while i < len(core):
        trial = core[:i] + core[i + 1 :]
        feasible_without, _ = _feasible_with(compiled.model, trial, options)
        if not feasible_without:
            core = trial
        else:
            i += 1
    return core


def conflict_for(
    scenario: Scenario, catalog: Catalog, rules: list[ActiveRule], options: SolveOptions
) -> list[ConflictItem]:
    guards = minimal_conflict(scenario, catalog, rules, options)
    return [
        ConflictItem(id=g.rule, instance=g.instance, message=f"{g.rule} ({g.instance})")
        for g in guards
    ]
