"""Solve time of multi-week plans from 1 to 104 weeks (issue 8's speed targets).

    .venv/bin/python benchmarks/bench_horizon.py            # 1, 4, 12, 52, 104 weeks, 5 runs each
    .venv/bin/python benchmarks/bench_horizon.py --runs 3

Two plans, both with the full shipped catalog and the full default rule set:

* ``two_phase``: scenarios/quad_dominant_12_week_correction_then_balance.yaml with its weeks
  split half correction, half balanced (1 week is correction only), plus a transition week
  (phase_ratio ``transition_weeks: 1``) where the plan has room for one;
* ``nordic``: scenarios/sprinter_nordic_10_weeks.yaml at the same lengths (Petersen's
  build-up cuts weeks 1, 2, 3-10 and 11+ into their own templates).

Each (plan, weeks) is solved ``--runs`` times in this process after one warm-up; the
median/min/max of the end-to-end wall time (model build + solve + decode + checkers), the
solver's deterministic time, status, gap and number of weekly templates are recorded. The
log-log slope of median wall time against weeks shows how the weeks scale: 0 would be
"weeks are free", 1 linear. Targets (the issue): 12 weeks two-phase proven optimal under 5 s;
52 weeks feasible within the 30 s limit, gap reported. Results are written to
``benchmarks/results-local/horizon.json`` (machine load recorded: the machine is shared).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import statistics
import time
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path
from typing import Any

from benchmarks.results_dir import results_dir
from hamopt.api.solving import solve_scenario
from hamopt.domain.catalog import catalog_for
from hamopt.domain.models import RuleConfig, RuleSet, Scenario
from hamopt.engine.compile import compile_model
from hamopt.engine.solve import DEFAULT_TIME_LIMIT, SolveOptions
from hamopt.inputs.loading import load_scenario
from hamopt.rules.ruleset import resolve

ROOT = Path(__file__).resolve().parents[1]
RESULTS = results_dir() / "horizon.json"
WEEKS = (1, 4, 12, 52, 104)


def two_phase(weeks: int) -> Scenario:
    base = load_scenario(ROOT / "scenarios" / "quad_dominant_12_week_correction_then_balance.yaml")
    half = weeks // 2
    phases = [{"phase": "correction", "weeks": weeks - half}]
    if half:
        phases.append({"phase": "balanced", "weeks": half})
    data = base.model_dump(mode="json", exclude_unset=True)
    data.update(phases=phases, name=f"two-phase {weeks} weeks")
    data.pop("weeks", None)
    return Scenario.model_validate(data)


def nordic(weeks: int) -> Scenario:
    base = load_scenario(ROOT / "scenarios" / "sprinter_nordic_10_weeks.yaml")
    return base.model_copy(update={"weeks": weeks, "name": f"nordic {weeks} weeks"})


PLANS = {"two_phase": two_phase, "nordic": nordic}


def rules_for(plan: str):  # type: ignore[no-untyped-def]
    layer = (
        {"phase_ratio": RuleConfig(params={"transition_weeks": 1})} if plan == "two_phase" else {}
    )
    return resolve(RuleSet(name="bench", extends="default", rules=layer))


def one_run(scenario: Scenario, rules: Any) -> dict[str, Any]:
    catalog = catalog_for(scenario)
    started = time.perf_counter()
    program = solve_scenario(scenario, rules, catalog=catalog, options=SolveOptions())
    wall = time.perf_counter() - started
    info = program.solver
    assert info is not None
    return {
        "wall": wall,
        "det": info.deterministic_time,
        "status": program.status,
        "gap": info.gap,
        "quality_gap": info.quality_gap,
        "objective": info.objective,
        "hard_ok": all(r.satisfied for r in program.rules if r.mode == "hard"),
    }


def slope(points: list[tuple[int, float]]) -> float:
    """Least-squares slope of log(time) against log(weeks)."""
    xs = [math.log(w) for w, _ in points]
    ys = [math.log(t) for _, t in points]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum(
        (x - mx) ** 2 for x in xs
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--weeks", type=int, nargs="*", default=list(WEEKS))
    args = parser.parse_args()
    report: dict[str, Any] = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.machine()} {os.cpu_count()} cpus",
        "load_before": os.getloadavg()[0],
        "versions": {"hamopt": version("hamopt"), "ortools": version("ortools")},
        "time_limit_det_s": DEFAULT_TIME_LIMIT,
        "runs": args.runs,
        "plans": {},
    }
    for plan, make in PLANS.items():
        rows = []
        rules = rules_for(plan)
        for weeks in args.weeks:
            scenario = make(weeks)
            templates = len(compile_model(scenario, catalog_for(scenario), rules).templates)
            one_run(scenario, rules)  # warm-up
            runs = [one_run(scenario, rules) for _ in range(args.runs)]
            walls = [r["wall"] for r in runs]
            row = {
                "weeks": weeks,
                "templates": templates,
                "status": sorted({r["status"] for r in runs}),
                "gap": max(r["gap"] or 0.0 for r in runs),
                "quality_gap": max(r["quality_gap"] or 0.0 for r in runs),
                "objective": runs[0]["objective"],
                "hard_rules_kept": all(r["hard_ok"] for r in runs),
                "wall_median_s": round(statistics.median(walls), 3),
                "wall_min_s": round(min(walls), 3),
                "wall_max_s": round(max(walls), 3),
                "det_median_s": round(statistics.median(r["det"] or 0.0 for r in runs), 3),
            }
            rows.append(row)
            print(plan, json.dumps(row), flush=True)
        fit = [(r["weeks"], r["wall_median_s"]) for r in rows if r["wall_median_s"] > 0]
        report["plans"][plan] = {
            "rows": rows,
            "loglog_slope": round(slope(fit), 3) if len(fit) > 1 else None,
        }
    by_weeks = {r["weeks"]: r for r in report["plans"]["two_phase"]["rows"]}
    if 12 in by_weeks:
        r = by_weeks[12]
        report["target_12_weeks_optimal_under_5s"] = (
            r["status"] == ["optimal"] and r["wall_max_s"] < 5.0
        )
    if 52 in by_weeks:
        r = by_weeks[52]
        report["target_52_weeks_feasible_within_30s"] = (
            set(r["status"]) <= {"optimal", "feasible"} and r["wall_max_s"] < 30.0
        )
    report["load_after"] = os.getloadavg()[0]
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(json.dumps({k: v for k, v in report.items() if k != "plans"}, indent=2))
    for plan, data in report["plans"].items():
        print(f"{plan}: log-log slope {data['loglog_slope']}")


if __name__ == "__main__":
    main()
