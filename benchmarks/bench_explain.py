"""Explanation time for the shipped infeasible scenarios (target: under 2 s each).

    .venv/bin/python benchmarks/bench_explain.py                # every shipped conflict, 3 runs
    .venv/bin/python benchmarks/bench_explain.py --baseline     # + the first version's search

For each infeasible scenario (scenarios/infeasible_spacing.yaml and scenarios/conflicts/*.yaml)
it times, in this process and after one warm-up run, what `hamopt solve` adds when a scenario
is infeasible: the minimal conflict (one explain-mode model re-solved under assumptions), its
words, the cheapest relaxation (the relaxation model's budget checks) and the verifying
re-solve of the changed scenario. Loading the scenario and the first infeasible solve are not
included: they are the same for every scenario, explained or not.

``--baseline`` also times the conflict search as first written (every check a solve with
CP-SAT's default parameters, guards left out of a check left free, plain deletion) to show
what the faster search buys. Wall times depend on the machine's load, which is recorded with
every run; CPU seconds (this process) hold up better on a shared machine. Results are
appended to ``benchmarks/results-local/explain.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import time
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path

from ortools.sat.python import cp_model

from benchmarks.fresh import commit
from benchmarks.results_dir import results_dir
from hamopt.domain.catalog import catalog_for
from hamopt.domain.models import Mode
from hamopt.engine.compile import compile_model
from hamopt.engine.solve import SolveOptions, solver_for
from hamopt.explain.infeasible import explain_infeasible
from hamopt.inputs.loading import load_scenario
from hamopt.rules.ruleset import active_rules

ROOT = Path(__file__).resolve().parents[1]
RESULTS = results_dir() / "explain.json"
SCENARIOS = [ROOT / "scenarios" / "infeasible_spacing.yaml"] + sorted(
    (ROOT / "scenarios" / "conflicts").glob("*.yaml")
)


def baseline_conflict(scenario, catalog, rules, options: SolveOptions) -> int:  # type: ignore[no-untyped-def]
    """The conflict search as first written (commit 09d7455): the conflict's size."""

    compiled = compile_model(scenario, catalog, rules, explain=True)
    hard = [g for g in compiled.ctx.guards if g.mode is Mode.hard]

    def feasible(keep):  # type: ignore[no-untyped-def]
        compiled.model.clear_assumptions()
        compiled.model.add_assumptions([g.literal for g in keep])
        solver = solver_for(options)
        code = solver.solve(compiled.model)
        core = solver.sufficient_assumptions_for_infeasibility()
        return code != cp_model.INFEASIBLE, list(core)

    ok, core_indices = feasible(hard)
    by_index = {g.literal.Index(): g for g in hard}
    core = [by_index[i] for i in core_indices if i in by_index] or hard
    i = 0
    while i < len(core):
        trial = core[:i] + core[i + 1 :]
        if not feasible(trial)[0]:
            core = trial
        else:
            i += 1
    return len(core)


def timed(fn):  # type: ignore[no-untyped-def]
    wall, cpu = time.perf_counter(), time.process_time()
    out = fn()
    return out, time.perf_counter() - wall, time.process_time() - cpu


def bench(path: Path, runs: int, baseline: bool) -> dict:
    scenario = load_scenario(path)
    catalog, rules = catalog_for(scenario), active_rules(scenario, base_dir=path.parent)
    options = SolveOptions()
    explain_infeasible(scenario, catalog, rules, options)  # warm-up: imports, caches
    walls, cpus, conflict_walls = [], [], []
    why = None
    for _ in range(runs):
        _, wall, _ = timed(
            lambda: explain_infeasible(scenario, catalog, rules, options, relax=False)
        )
        conflict_walls.append(wall)
        why, wall, cpu = timed(lambda: explain_infeasible(scenario, catalog, rules, options))
        walls.append(wall)
        cpus.append(cpu)
    assert why is not None
    row = {
        "scenario": path.stem,
        "rules": len(rules),
        "conflict_size": len(why.conflict),
        "checks": why.solves,
        "relaxation": "; ".join(r.change for r in why.relaxation),
        "relaxation_cost": sum(r.cost for r in why.relaxation),
        "conflict_s": round(statistics.median(conflict_walls), 3),
        "explain_s": round(statistics.median(walls), 3),
        "explain_min_s": round(min(walls), 3),
        "explain_cpu_s": round(statistics.median(cpus), 3),
    }
    if baseline:
        size, wall, _ = timed(lambda: baseline_conflict(scenario, catalog, rules, options))
        row["baseline_conflict_s"] = round(wall, 3)
        row["baseline_conflict_size"] = size
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--baseline", action="store_true")
    parser.add_argument("scenarios", nargs="*", type=Path, default=SCENARIOS)
    args = parser.parse_args()
    load_before = os.getloadavg()
    rows = [bench(p, args.runs, args.baseline) for p in args.scenarios]
    entry = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "commit": commit(),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores",
        "python": platform.python_version(),
        "ortools": version("ortools"),
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
        "runs": args.runs,
        "results": rows,
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    history = json.loads(RESULTS.read_text()) if RESULTS.exists() else []
    history.append(entry)
    tmp = RESULTS.with_suffix(".tmp")
    tmp.write_text(json.dumps(history, indent=2) + "\n")
    tmp.replace(RESULTS)
    cols = ["scenario", "conflict_size", "checks", "conflict_s", "explain_s", "explain_cpu_s"]
    if args.baseline:
        cols.append("baseline_conflict_s")
    cols.append("relaxation")
    print("| " + " | ".join(cols) + " |")
    print("|" + "---|" * len(cols))
    for row in rows:
        print("| " + " | ".join(str(row.get(c, "")) for c in cols) + " |")
    print(
        f"load average before/after: {entry['load_average_before']} / {entry['load_average_after']}"
    )


if __name__ == "__main__":
    main()
