"""What the service's worker processes run: plain functions of picklable arguments.

Each returns JSON-ready data. They run in the warm pool (hamopt/serve/pools.py) for a request
that waits for its answer, or in a job's own process for long work (multi-week plans,
batches, comparisons), where a cancel ends the process.
"""

from __future__ import annotations

import os
from dataclasses import asdict
from typing import Any

from hamopt.domain.models import Program, Scenario
from hamopt.rules.contract import ActiveRule

# The Program fields an explanation is made of (as `hamopt explain --format json`).
EXPLANATION_FIELDS = {
    "status", "scenario", "totals", "rules", "conflict", "diagnosis", "relaxation", "solver"
}


def _options(seed: int, time_limit: float) -> Any:
    from hamopt.engine.solve import SolveOptions

    # No SIGINT handler in a worker: Ctrl-C is the server's to handle.
    return SolveOptions(seed=seed, workers=1, time_limit=time_limit, catch_sigint=False)


def solve(scenario: Scenario, rules: list[ActiveRule], seed: int, time_limit: float) -> Program:
    """The program (with the explanation when infeasible), as `hamopt solve` gives it."""
    from hamopt.api.solving import solve_scenario

    return solve_scenario(scenario, rules, options=_options(seed, time_limit))


def solve_json(scenario: Scenario, rules: list[ActiveRule], seed: int, time_limit: float) -> dict:
    return solve(scenario, rules, seed, time_limit).model_dump(mode="json")


def explain_json(
    scenario: Scenario, rules: list[ActiveRule], seed: int, time_limit: float
) -> dict[str, Any]:
    from hamopt.explain.report import explain_text

    program = solve(scenario, rules, seed, time_limit)
    payload = program.model_dump(mode="json", include=EXPLANATION_FIELDS)
    payload["text"] = explain_text(program)
    return payload


def batch_json(
    items: list[tuple[Scenario, list[ActiveRule]]], seed: int, time_limit: float
) -> dict[str, Any]:
    """A roster's programs, one after another, with the counts `hamopt batch` reports."""
    programs = [solve(sc, rules, seed, time_limit).model_dump(mode="json") for sc, rules in items]
    solved = sum(p["status"] in ("optimal", "feasible") for p in programs)
    return {"solved": solved, "without_program": len(programs) - solved, "programs": programs}


def compare_json(study: Any) -> dict[str, Any]:
    """A comparison (hamopt.study.compare): every run, and the summary per configuration."""
    from hamopt.study.compare import run_study, summary

    comparison = run_study(study, jobs=1)
    runs = []
    for result in comparison.results:
        row = asdict(result)
        row["scenario"] = comparison.scenario(result).label
        row["configuration"] = comparison.configuration(result).label
        runs.append(row)
    rows = []
    for s in summary(comparison):
        row = {k: v for k, v in vars(s).items() if k != "configuration"}
        rows.append({"configuration": s.configuration.label, **row})
    return {"runs": runs, "summary": rows}


def warm() -> int:
    """Run once in each new worker, before any request: a small solve loads the catalog, the
    rules and the renderers a first request would otherwise wait for."""
    from hamopt.render.formats import render
    from hamopt.rules.ruleset import default_rules

    scenario = Scenario.model_validate(
        {"name": "warm-up", "schedule": {"sessions_per_week": 1, "slots": [{"day": "mon"}]}}
    )
    render("html", solve(scenario, default_rules(), 0, 2.0))
    return os.getpid()
