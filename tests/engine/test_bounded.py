"""narrow.bounded: the full model (or its relaxation) kept to programs costing at most a bound,
the bound given as the objective's own domain rather than a constraint row."""

from __future__ import annotations

from pathlib import Path

import pytest
from ortools.sat.python import cp_model

from hamopt.domain.catalog import catalog_for
from hamopt.engine.compile import CompiledModel, compile_model, expr_bounds
from hamopt.engine.narrow import bounded
from hamopt.inputs.loading import load_scenario
from hamopt.rules.ruleset import active_rules

SCENARIO = Path(__file__).resolve().parents[2] / "scenarios" / "balanced_lifter.yaml"


@pytest.fixture(scope="module")
def compiled() -> CompiledModel:
    scenario = load_scenario(SCENARIO)
    return compile_model(scenario, catalog_for(scenario), active_rules(scenario, None))


def _solve(model: cp_model.CpModel) -> tuple[str, float]:
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_deterministic_time = 10.0
    code = solver.solve(model)
    objective = solver.objective_value if code == cp_model.OPTIMAL else float("nan")
    return solver.status_name(code), objective


@pytest.mark.parametrize("relaxed", [False, True])
def test_the_bound_keeps_the_optimum_and_nothing_below_it(
    compiled: CompiledModel, relaxed: bool
) -> None:
    status, optimum = _solve(bounded(compiled, 10**15, relaxed=relaxed))
    assert status == "OPTIMAL"
    assert _solve(bounded(compiled, round(optimum), relaxed=relaxed)) == ("OPTIMAL", optimum)
    assert _solve(bounded(compiled, round(optimum) - 1, relaxed=relaxed))[0] == "INFEASIBLE"
    # Below every program's cost the domain is one value, still a valid model.
    low, _ = expr_bounds(compiled.objective)
    assert _solve(bounded(compiled, low - 5, relaxed=relaxed))[0] == "INFEASIBLE"


def test_the_bound_is_the_objectives_domain_not_a_row(compiled: CompiledModel) -> None:
    # A row as long as the objective cost presolve and the LP more than the domain: the
    # bounded full relaxation of tight_schedule_early_late took 60-65 ms with the row, 41-44
    # with the domain (narrow.bounded's docstring).
    model = bounded(compiled, 10**6)
    assert len(model.proto.constraints) == len(compiled.model.proto.constraints)
    assert len(model.proto.objective.domain) == 2
    assert len(compiled.model.proto.objective.domain) == 0  # the copy, not the model, is bounded
