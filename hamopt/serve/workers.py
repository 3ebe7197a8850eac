"""What the service's worker processes run: plain functions of picklable arguments.

Each returns JSON-ready data. They run in the warm pool (hamopt/serve/pools.py) for a request
that waits for its answer, or in a job's own process for long work (multi-week plans,
batches, comparisons), where a cancel ends the process.
"""

from __future__ import annotations

import json
import os
import signal
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hamopt.domain.models import Program, Scenario
from hamopt.rules.contract import ActiveRule

if TYPE_CHECKING:
    from hamopt.batch.output import ClientResult
    from hamopt.batch.run import ScenarioData

# The Program fields an explanation is made of (as `hamopt explain --format json`).
EXPLANATION_FIELDS = {
    "status", "scenario", "totals", "rules", "conflict", "diagnosis", "relaxation", "solver"
}


def _options(seed: int, time_limit: float, beside: bool = True) -> Any:
    from hamopt.engine.solve import SolveOptions

    # No SIGINT handler in a worker: Ctrl-C is the server's to handle.
    return SolveOptions(
        seed=seed, workers=1, time_limit=time_limit, catch_sigint=False, beside=beside
    )


def solve(
    scenario: Scenario,
    rules: list[ActiveRule],
    seed: int,
    time_limit: float,
    beside: bool = True,
) -> Program:
    """The program (with the explanation when infeasible), as `hamopt solve` gives it.
    ``beside``: the engine's work beside CP-SAT on a second thread (engine/beside.py), for
    a request that has a core to itself and a spare one (WarmPool.spare_core); the same
    program either way."""
    from hamopt.api.solving import solve_scenario

    return solve_scenario(scenario, rules, options=_options(seed, time_limit, beside))


def solve_json(
    scenario: Scenario,
    rules: list[ActiveRule],
    seed: int,
    time_limit: float,
    beside: bool = True,
) -> dict:
    return solve(scenario, rules, seed, time_limit, beside).model_dump(mode="json")


def explain_json(
    scenario: Scenario,
    rules: list[ActiveRule],
    seed: int,
    time_limit: float,
    beside: bool = True,
) -> dict[str, Any]:
    from hamopt.explain.report import explain_text

    program = solve(scenario, rules, seed, time_limit, beside)
    payload = program.model_dump(mode="json", include=EXPLANATION_FIELDS)
    payload["text"] = explain_text(program)
    return payload


def batch_json(
    items: list[tuple[Scenario, list[ActiveRule]]], seed: int, time_limit: float
) -> dict[str, Any]:
    """A roster solved by `hamopt batch`'s engine (hamopt.batch.run): each client's program as
    the command writes it (None for a client without one: its worker kept dying), each
    client's status and error as its summary has them, and the counts.
    """
    from hamopt.batch.run import ScenarioData

    clients = [
        ScenarioData(f"scenarios.{i}", scenario, tuple(rules))
        for i, (scenario, rules) in enumerate(items)
    ]
    results = _run_batch(clients, seed, time_limit)
    rows = [results[c.client_id] for c in clients]  # the engine loses no client
    solved = sum(r.status in ("optimal", "feasible") for r in rows)
    return {
        "solved": solved,
        "without_program": len(rows) - solved,
        "programs": [json.loads(r.outputs["json"]) if "json" in r.outputs else None for r in rows],
        "clients": [{"client": r.client_id, "status": r.status, "error": r.error} for r in rows],
    }


def _run_batch(
    clients: list[ScenarioData], seed: int, time_limit: float
) -> dict[str, ClientResult]:
    """Each client's result, by id, from run_batch on its local pool with one worker (the job
    has one core). That worker is a process apart from this one, so a client that kills it
    is retried, or given up on, by the batch engine while the rest go on. The files a batch
    writes go to a temporary folder: the results come back in memory."""
    from hamopt.batch.run import SolveSettings, given_input, run_batch

    settings = SolveSettings(formats=("json",), time_limit=time_limit, seed=seed)
    results: dict[str, ClientResult] = {}
    with _cancel_unwinds(), tempfile.TemporaryDirectory(prefix="hamopt-serve-batch-") as out:
        run_batch(
            given_input("the request's scenarios", clients),
            Path(out),
            settings,
            jobs=1,
            on_result=lambda result: results.__setitem__(result.client_id, result),
        )
    return results


@contextmanager
def _cancel_unwinds() -> Iterator[None]:
    """Cancelling a job ends its process with SIGTERM, whose default ends it on the spot. Here
    it unwinds instead, as Ctrl-C unwinds `hamopt batch`: the batch's pool is stopped and its
    temporary folders removed (a server lives long; each cancel would leave them behind)."""
    if threading.current_thread() is not threading.main_thread():
        yield  # signals are the main thread's; a caller elsewhere keeps its own handling
        return

    def unwind(signum: int, frame: Any) -> None:
        raise SystemExit(128 + signum)

    previous = signal.signal(signal.SIGTERM, unwind)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


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
