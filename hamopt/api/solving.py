"""solve: the engine's best program, and when there is none, why (hamopt/explain).

The engine (hamopt/engine/solve.py) builds and solves the model and decodes the program; it
knows nothing of explanations. An infeasible answer is completed here with the minimal
conflict in words and the cheapest verified fix, so every interface (CLI, batch, study,
Python) gives the same answer.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from hamopt.api.sources import ScenarioSource, as_scenario
from hamopt.domain.catalog import catalog_for, in_canonical_order
from hamopt.domain.models import Catalog, Program, RuleSet, Scenario
from hamopt.engine.budget import Budget
from hamopt.engine.horizon import segments
from hamopt.engine.solve import DEFAULT_TIME_LIMIT, SolveOptions, optimize
from hamopt.explain.infeasible import explain_infeasible
from hamopt.rules.contract import ActiveRule
from hamopt.rules.ruleset import active_rules


def solve_scenario(
    scenario: Scenario,
    rules: list[ActiveRule],
    *,
    catalog: Catalog | None = None,
    options: SolveOptions | None = None,
) -> Program:
    """Solve one scenario under already-resolved rules; explain it when infeasible.

    The options' ``time_limit`` bounds the whole call, explanation included (one Budget,
    hamopt/engine/budget.py, unless the caller gives its own).
    """
    options = options or SolveOptions()
    if options.budget is None:
        options = replace(options, budget=Budget(options.time_limit))
    # One order for the same exercises, so a reordered library file gives the same program
    # (domain/catalog.in_canonical_order); the explanation below reads the same catalog.
    catalog = in_canonical_order(catalog or catalog_for(scenario))
    program = optimize(scenario, rules, catalog=catalog, options=options)
    if program.status == "infeasible":
        # The relaxation search re-encodes rules on one weekly template (explain/relax.py);
        # a plan of several templates gets its minimal conflict without it.
        relax = options.relax and len(segments(scenario, rules)) <= 1
        why = explain_infeasible(scenario, catalog, rules, options, relax=relax)
        program.conflict, program.diagnosis = why.conflict, why.diagnosis
        program.relaxation = why.relaxation
    return program


def solve(
    scenario: ScenarioSource,
    ruleset: RuleSet | str | None = None,
    *,
    catalog: Catalog | None = None,
    seed: int = 0,
    workers: int = 1,
    time_limit: float = DEFAULT_TIME_LIMIT,
    base_dir: Path | None = None,
) -> Program:
    """The Python API: the best program the rules allow for a scenario.

    ``scenario`` is a Scenario, a scenario file's path, or the file's content as a dict;
    a path or a dict is checked as `hamopt validate` checks a file (an InputError naming
    the field otherwise). A rule set given as a path is found from ``base_dir``, else from
    the scenario file's folder, else from the working directory."""
    scenario, base_dir = as_scenario(scenario, base_dir)
    rules = active_rules(scenario, ruleset, base_dir=base_dir)
    return solve_scenario(
        scenario,
        rules,
        catalog=catalog,
        options=SolveOptions(seed=seed, workers=workers, time_limit=time_limit),
    )
