"""`make bench`: hamopt's speed, scaling and quality figures in one run.

    .venv/bin/python -m benchmarks.harness --quick     # a few minutes: small N, fewer repeats
    .venv/bin/python -m benchmarks.harness             # the full run (quiet machine: ~1 h)

Sections (benchmarks/README.md says what each figure means):
1. latency: per shipped scenario, model-build time, solver time to proven optimum and
   `hamopt solve` end to end (a fresh process), next to the import floor measured in the same
   run (`python -c "import ortools.sat.python.cp_model"`);
2. growth: solver time as the catalog (40..500 exercises) and the horizon (1..52 weeks) grow,
   with the log-log slope;
3. quality: hamopt against the greedy baseline (benchmarks/baselines/greedy.py) and the seeds'
   example workouts (scenarios/programs/), all scored by hamopt's checkers;
4. batch: programs per second on the local pool and a Dask LocalCluster (bench_batch.py);
5. explain: time to explain each shipped infeasible scenario (bench_explain.py);
6. serve: a one-week solve over HTTP (p50, p95) against `hamopt solve` and the import floor,
   and 20 concurrent clients' throughput, on fresh `hamopt serve` runs (bench_serve.py);
7. curve: the growth curve of `hamopt solve` in fresh processes, catalog 50..2,000 exercises
   (catalog files through --catalog), horizon 1..104 weeks, sessions 1..4, slots 3..21, with
   status, wall, deterministic time, peak memory and log-log slopes (bench_growth.py; also
   saved on its own to growth.json and growth.md beside the other results).

Every timing is a median with min and max over repeated runs; generated inputs use fixed
seeds. One entry per run is appended to benchmarks/results-local/bench.json; the Markdown tables are
printed (and written to benchmarks/results-local/latest.md).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import random
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path
from typing import Any

import psutil
from ortools.sat.python import cp_model

from benchmarks import bench_batch, bench_explain, bench_growth, bench_horizon
from benchmarks.baselines.greedy import greedy_program
from benchmarks.fresh import commit, compile_hamopt, fresh
from benchmarks.results_dir import results_dir
from hamopt.api.solving import solve_scenario
from hamopt.domain.catalog import catalog_for, default_catalog
from hamopt.domain.models import HEADS, Catalog, Exercise, Program, Scenario
from hamopt.engine.check import check_program, hard_violations
from hamopt.engine.solve import SolveOptions, optimize
from hamopt.inputs.loading import load_program, load_scenario
from hamopt.parallel.pool import default_jobs
from hamopt.rules.contract import ActiveRule
from hamopt.rules.ruleset import active_rules

ROOT = Path(__file__).resolve().parents[1]
RESULTS = results_dir() / "bench.json"
LATEST_MD = results_dir() / "latest.md"
SCENARIOS = ROOT / "scenarios"
INFEASIBLE = [
    SCENARIOS / "infeasible_spacing.yaml",
    *sorted((SCENARIOS / "conflicts").glob("*.yaml")),
]
HAMOPT = Path(sys.executable).parent / "hamopt"
CATALOG_SIZES = (40, 100, 250, 500)
HORIZONS = (1, 4, 12, 52)
GROWTH_SCENARIO = SCENARIOS / "quad_dominant_intermediate_full_gym.yaml"
HORIZON_SCENARIO = SCENARIOS / "quad_dominant_12_week_correction_then_balance.yaml"

# mode -> repeats and sizes; quick keeps `make bench` usable on a laptop in a few minutes.
MODES: dict[str, dict[str, Any]] = {
    "quick": {
        "repeats": 3,
        "cli_repeats": 3,
        "growth_repeats": 1,
        "horizons": (1, 4, 12),
        "batch_runs": {100: 1},  # roster size -> runs per backend
        "batch_sample": 50,
        "explain_runs": 1,
        "curve_runs": 1,
    },
    "full": {
        "repeats": 5,
        "cli_repeats": 5,
        "growth_repeats": 3,
        "horizons": HORIZONS,
        # Three runs at 1,000 clients: a run is ~25 s, and this machine's speed moves by
        # more than the margin to the target within that (bench_batch.py's docstring).
        "batch_runs": {1000: 3, 10000: 1},
        # Clients timed one by one for the ideal right before and after each run, scaled to
        # the roster by the run's own times of them (bench_batch._against_ideal).
        "batch_sample": 300,
        "explain_runs": 3,
        "curve_runs": 3,
    },
}


# --- helpers ------------------------------------------------------------------------------


def spread(values: Sequence[float], digits: int = 4) -> dict[str, float]:
    """Median, min and max: the harness reports every timing this way."""
    return {
        "median": round(statistics.median(values), digits),
        "min": round(min(values), digits),
        "max": round(max(values), digits),
        "n": len(values),
    }


def loglog_slope(sizes: Sequence[float], times: Sequence[float]) -> float | None:
    """Least-squares slope of log(time) on log(size): ~1 linear, ~2 quadratic growth."""
    pts = [(math.log(s), math.log(t)) for s, t in zip(sizes, times, strict=True) if t > 0]
    if len(pts) < 2:
        return None
    mx = statistics.fmean(x for x, _ in pts)
    my = statistics.fmean(y for _, y in pts)
    den = sum((x - mx) ** 2 for x, _ in pts)
    return round(sum((x - mx) * (y - my) for x, y in pts) / den, 2) if den else None


def machine() -> dict[str, Any]:
    return {
        "cores": os.cpu_count(),
        "usable_cores": default_jobs(),
        "memory_gb": round(psutil.virtual_memory().total / 2**30, 1),
        "cpu": platform.processor() or platform.machine(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "ortools": version("ortools"),
        "hamopt": version("hamopt"),
    }


def wall(command: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds (user + system) of one run of `command` as a fresh process.

    CPU seconds hold up better than wall time on a shared machine: other work delays a
    process but does not make it compute more.
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return elapsed, cpu


def loaded(path: Path) -> tuple[Scenario, Catalog, list[ActiveRule]]:
    scenario = load_scenario(path)
    return scenario, catalog_for(scenario), active_rules(scenario, base_dir=path.parent)


def solve_times(
    scenario: Scenario, catalog: Catalog, rules: list[ActiveRule], repeats: int
) -> dict[str, Any]:
    """Model-build and solver wall times over `repeats` fresh builds, and the status: the
    solve path users get (engine/solve.py's optimize: the narrow first solve where the
    catalog has variants, the proof, the canonical pick), timed by the solver's own figures,
    and the whole call's wall time (``elapsed_s``): with work beside CP-SAT on a second
    thread (engine/beside.py) build and solver time overlap, so their sum is not it."""
    builds, solves, elapsed, dets, statuses = [], [], [], [], set()
    for _ in range(repeats):
        started = time.perf_counter()
        program = optimize(scenario, rules, catalog=catalog, options=SolveOptions())
        elapsed.append(time.perf_counter() - started)
        info = program.solver
        assert info is not None
        builds.append(info.build_time)
        solves.append(info.wall_time)
        dets.append(info.deterministic_time)
        statuses.add(info.status)
    return {
        "build_s": spread(builds),
        "solve_s": spread(solves),
        "elapsed_s": spread(elapsed),
        "deterministic_s": spread(dets),
        "status": "/".join(sorted(statuses)),
        "optimal": statuses == {"optimal"} or statuses == {cp_model.OPTIMAL},
    }


# --- 1. latency ---------------------------------------------------------------------------


def feasible_scenarios() -> list[Path]:
    return [p for p in sorted(SCENARIOS.glob("*.yaml")) if p not in INFEASIBLE]


def latency(paths: Sequence[Path], repeats: int, cli_repeats: int) -> dict[str, Any]:
    floor_cmd = [sys.executable, "-c", "import ortools.sat.python.cp_model"]
    compile_hamopt()  # as pip leaves ortools' bytecode: compare compiled with compiled
    wall(floor_cmd)  # warm the page cache for both before timing either
    rows = []
    floors: list[float] = []
    floors_cpu: list[float] = []
    for path in paths:
        scenario, catalog, rules = loaded(path)
        row: dict[str, Any] = {"scenario": path.stem, "weeks": scenario.weeks}
        row.update(solve_times(scenario, catalog, rules, repeats))
        cli, cli_cpu = [], []
        for _ in range(cli_repeats):
            # Side by side: a floor run next to each CLI run, so load drifts hit both.
            for times, cpus, cmd in (
                (floors, floors_cpu, floor_cmd),
                (cli, cli_cpu, [str(HAMOPT), "solve", str(path)]),
            ):
                elapsed, cpu = wall(cmd)
                times.append(elapsed)
                cpus.append(cpu)
        row["cli_s"] = spread(cli, 3)
        row["cli_cpu_s"] = spread(cli_cpu, 3)
        rows.append(row)
    floor, floor_cpu = spread(floors, 3), spread(floors_cpu, 3)
    for row in rows:
        row["cli_over_floor"] = round(row["cli_s"]["median"] / floor["median"], 2)
        row["cli_cpu_over_floor"] = round(row["cli_cpu_s"]["median"] / floor_cpu["median"], 2)
    return {"import_floor_s": floor, "import_floor_cpu_s": floor_cpu, "scenarios": rows}


# --- 2. growth ----------------------------------------------------------------------------


def catalog_variants(size: int, seed: int = 7) -> Catalog:
    """The shipped catalog grown to `size` exercises with realistic variants (fixed seed).

    A variant is a shipped exercise done differently (grip, stance, machine brand, tempo):
    same region, actions, equipment and joint demands, per-head stimulus scaled by 0.85-1.05
    (a variant is rarely better than the original), bf_short kept at 0 where the anatomy
    says so. Below the shipped size, a seeded sample of the shipped exercises.
    """
    rng = random.Random(seed)
    base = [ex.model_copy(update={"progresses_to": None}) for ex in default_catalog().exercises]
    if size <= len(base):
        return Catalog(exercises=rng.sample(base, size))
    out: list[Exercise] = list(base)
    n = 0
    while len(out) < size:
        n += 1
        src = rng.choice(base)
        stim = {h: round(min(1.0, src.stimulus.get(h) * rng.uniform(0.85, 1.05)), 2) for h in HEADS}
        out.append(
            Exercise.model_validate(
                {
                    **src.model_dump(),
                    "id": f"{src.id}_v{n}",
                    "name": f"{src.name} (variant {n})",
                    "stimulus": stim,
                }
            )
        )
    return Catalog(exercises=out)


def with_horizon(weeks: int) -> Scenario:
    """The correction-then-balance plan stretched to `weeks`: bench_horizon.py's two-phase
    plan (half correction, half balanced; 1 week: correction only), under the scenario's
    own rules (bench_horizon.py adds a transition week on top)."""
    return bench_horizon.two_phase(weeks)


def growth_point(kind: str, size: int, repeats: int) -> dict[str, Any]:
    """One point of a growth curve: the catalog grown to `size` exercises, or the plan to
    `size` weeks."""
    if kind == "catalog":
        scenario, _, rules = loaded(GROWTH_SCENARIO)
        return solve_times(scenario, catalog_variants(size), rules, repeats)
    _, catalog, rules = loaded(HORIZON_SCENARIO)
    return solve_times(with_horizon(size), catalog, rules, repeats)


def growth(repeats: int, horizons: Sequence[int]) -> dict[str, Any]:
    by_catalog = []
    for size in CATALOG_SIZES:
        row = {"exercises": size, **fresh("harness", "growth_point", "catalog", size, repeats)}
        by_catalog.append(row)
        print(f"  catalog {size}: {row['solve_s']['median']} s {row['status']}", flush=True)
    by_horizon = []
    for weeks in horizons:
        row = {"weeks": weeks, **fresh("harness", "growth_point", "horizon", weeks, repeats)}
        by_horizon.append(row)
        print(f"  horizon {weeks}: {row['solve_s']['median']} s {row['status']}", flush=True)

    def slope(rows: list[dict[str, Any]], key: str) -> float | None:
        return loglog_slope([r[key] for r in rows], [r["solve_s"]["median"] for r in rows])

    return {
        "catalog_scenario": GROWTH_SCENARIO.stem,
        "horizon_scenario": HORIZON_SCENARIO.stem,
        "catalog": by_catalog,
        "horizon": by_horizon,
        "catalog_loglog_slope": slope(by_catalog, "exercises"),
        "horizon_loglog_slope": slope(by_horizon, "weeks"),
    }


# --- 3. quality ---------------------------------------------------------------------------


def score(
    program: Program, scenario: Scenario, catalog: Catalog, rules: list[ActiveRule]
) -> dict[str, Any]:
    """A program as hamopt's checkers see it: hard breaks, objective, per-head sets."""
    verdicts = check_program(program, scenario, catalog, rules)
    broken = hard_violations(verdicts)
    heads = program.totals.get("head_sets") if program.totals else None
    if heads is None and program.weeks:
        from hamopt.domain.metrics import week_totals

        heads = week_totals(program.weeks[0], catalog.by_id())["head_sets"]
    return {
        "hard_violations": len(broken),
        "hard_rules_broken": sorted({v.rule for v in broken}),
        "objective": sum(v.penalty for v in verdicts),
        "head_sets": heads or {},
        "min_head_sets": min((heads or {}).values(), default=0.0),
    }


def quality(paths: Sequence[Path]) -> list[dict[str, Any]]:
    rows = []
    for path in paths:
        scenario, catalog, rules = loaded(path)
        solved = solve_scenario(scenario, rules, catalog=catalog)
        candidates: list[tuple[str, Program]] = [
            ("hamopt", solved),
            ("greedy", greedy_program(scenario, catalog, rules)),
        ]
        for program_path in sorted((SCENARIOS / "programs").glob("*.yaml")):
            program = load_program(program_path)
            if program.scenario == path.stem:
                candidates.append((f"seed:{program_path.stem}", program))
        for name, program in candidates:
            rows.append(
                {
                    "scenario": path.stem,
                    "generator": name,
                    "status": program.status,
                    **score(program, scenario, catalog, rules),
                }
            )
    return rows


def quality_verdicts(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per scenario and baseline: does hamopt win, tie or lose (fewer hard breaks, then
    lower objective)?"""
    out = []
    for scenario in dict.fromkeys(r["scenario"] for r in rows):
        mine = [r for r in rows if r["scenario"] == scenario]
        ham = next(r for r in mine if r["generator"] == "hamopt")
        for other in (r for r in mine if r["generator"] != "hamopt"):
            a = (ham["hard_violations"], ham["objective"])
            b = (other["hard_violations"], other["objective"])
            verdict = "win" if a < b else "tie" if a == b else "loss"
            out.append({"scenario": scenario, "baseline": other["generator"], "hamopt": verdict})
    return out


# --- 4. batch and 5. explain (the existing scripts' pieces) -------------------------------


def batch(runs: dict[int, int], sample: int, max_minutes: float) -> list[dict[str, Any]]:
    """bench_batch's bracketed measurement for each roster size (``runs``: size -> repeats)."""
    args = argparse.Namespace(
        time_limit=5.0, format="json", chunk_size=None, equipment="bodyweight_only"
    )
    jobs = default_jobs()
    out: list[dict[str, Any]] = []
    for n, repeats in runs.items():
        # Skip a size whose projection from the previous one (same backend) is over budget.
        done = [r for r in out if r.get("backend") == "local"]
        if done and done[-1]["wall_s"] * n / done[-1]["clients"] / 60 * 2 * repeats > max_minutes:
            out.append({"clients": n, "skipped": f"projected over {max_minutes:g} min"})
            print(f"  batch {n}: skipped (projected over {max_minutes:g} min)", flush=True)
            continue
        for r in bench_batch.measure(n, ("local", "dask"), jobs, args, sample, repeats):
            out.append(r)
            print(f"  batch {n} {r['backend']}: {r['efficiency']:.0%} of ideal", flush=True)
    return out


def explain(runs: int) -> list[dict[str, Any]]:
    return [bench_explain.bench(p, runs, baseline=False) for p in INFEASIBLE]


# --- targets and tables -------------------------------------------------------------------


def serve(mode: str) -> dict[str, Any]:
    from benchmarks import bench_serve  # needs the serve extra (httpx)

    return bench_serve.measure(mode)


def curve(mode: str, runs: int) -> dict[str, Any]:
    """bench_growth's curve, also saved on its own (growth.json, growth.md)."""
    result = bench_growth.curve(mode, runs, bench_growth.DEFAULT_TIME_LIMIT)
    bench_growth.save(result)
    return result


def targets(result: dict[str, Any]) -> list[dict[str, Any]]:
    lat = result["latency"]["scenarios"]
    one_week = [r for r in lat if r["weeks"] == 1]
    out = []

    def add(name: str, value: Any, ok: bool, why: str = "") -> None:
        out.append({"target": name, "value": value, "met": ok, "note": "" if ok else why})

    med = statistics.median(r["solve_s"]["median"] for r in one_week)
    add("one-week median solver time < 0.1 s", round(med, 4), med < 0.1)
    slow = [r["scenario"] for r in lat if not r["optimal"]]
    add("all proven optimal", f"{len(lat) - len(slow)}/{len(lat)}", not slow, ", ".join(slow))
    ratio = statistics.median(r["cli_over_floor"] for r in lat)
    cpu_ratio = statistics.median(r["cli_cpu_over_floor"] for r in lat)
    add(
        "CLI within 2x of the import floor (median over scenarios; wall)",
        ratio,
        ratio <= 2.0,
        f"CPU-time ratio {cpu_ratio}: see benchmarks/README.md",
    )
    g = result["growth"]
    big = next(r for r in g["catalog"] if r["exercises"] == 500)["solve_s"]["median"]
    add("500-exercise catalog, one week < 1 s", big, big < 1.0)
    twelve = next((r for r in g["horizon"] if r["weeks"] == 12), None)
    if twelve:
        t = twelve["solve_s"]["median"]
        add("12 weeks < 5 s", t, t < 5.0)
    losses = [v for v in result["quality_verdicts"] if v["hamopt"] == "loss"]
    add(
        "greedy and seed workouts beaten or tied everywhere",
        f"{len(result['quality_verdicts']) - len(losses)}/{len(result['quality_verdicts'])}",
        not losses,
        ", ".join(f"{v['scenario']} vs {v['baseline']}" for v in losses),
    )
    if result.get("explain"):
        worst = max(r["explain_s"] for r in result["explain"])
        add("explanations < 2 s each (slowest)", worst, worst < 2.0)
    for t in batch_targets(result.get("batch") or []):
        add(t["target"], t["value"], t["met"], t["note"])
    return out


def batch_targets(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The batch issue's targets over bench_batch runs: per size and backend, the median share
    of the ideal; per backend, peak memory flat from the smallest roster to the largest."""
    out: list[dict[str, Any]] = []

    def add(name: str, value: Any, ok: bool, why: str = "") -> None:
        out.append({"target": name, "value": value, "met": ok, "note": "" if ok else why})

    groups = batch_groups(rows)
    for (n, backend), runs in groups.items():
        if backend is None:
            continue
        target = BATCH_TARGETS[backend]
        share = statistics.median(r["efficiency"] for r in runs)
        add(
            f"batch of {n}, {backend}: >= {target:.0%} of ideal (median of runs)",
            round(share, 3),
            share >= target,
            "runs: " + ", ".join(f"{r['efficiency']:.0%}" for r in runs),
        )
    for backend in BATCH_TARGETS:
        peaks = {
            n: max(r["peak_rss_tree_mb"] for r in runs)
            for (n, b), runs in groups.items()
            if b == backend
        }
        if len(peaks) > 1:
            small, large = peaks[min(peaks)], peaks[max(peaks)]
            growth = large / small
            add(
                f"batch memory flat, {backend}: peak RSS at {max(peaks):,} within "
                f"{BATCH_MEMORY_GROWTH:.0%} of {min(peaks):,} clients",
                f"{small} -> {large} MB",
                growth <= 1 + BATCH_MEMORY_GROWTH,
            )
    return out


# Share of the ideal each backend must reach (the batch issue); peak memory may grow this
# much from the smallest to the largest roster and still count as flat.
BATCH_TARGETS = {"local": 0.90, "dask": 0.85}
BATCH_MEMORY_GROWTH = 0.15


def batch_groups(rows: list[dict[str, Any]]) -> dict[tuple[int, str | None], list[dict[str, Any]]]:
    """The batch runs by (clients, backend); a skipped size under backend None."""
    groups: dict[tuple[int, str | None], list[dict[str, Any]]] = {}
    for r in rows:
        groups.setdefault((r["clients"], r.get("backend")), []).append(r)
    return groups


def _s(x: dict[str, float], scale: float = 1000, unit: str = "") -> str:
    return f"{x['median'] * scale:.0f} ({x['min'] * scale:.0f}-{x['max'] * scale:.0f}){unit}"


def _elapsed(row: dict[str, Any]) -> str:
    """A solve's whole wall time (solve_times), "-" for results from before it was kept."""
    return _s(row["elapsed_s"]) if "elapsed_s" in row else "-"


def tables(result: dict[str, Any]) -> str:
    m = result["machine"]
    lines = [
        f"Run {result['date']} ({result['mode']} mode), commit {result['commit']}: "
        f"{m['cores']} cores, {m['memory_gb']} GB, Python {m['python']}, OR-Tools "
        f"{m['ortools']}; load average {result['load_before'][0]} before, "
        f"{result['load_after'][0]} after.",
        "",
        "**Latency** (ms, median (min-max)); import floor "
        f"{_s(result['latency']['import_floor_s'])} ms wall, "
        f"{_s(result['latency']['import_floor_cpu_s'])} ms CPU",
        "",
        "| scenario | weeks | build | solver | elapsed | status | `hamopt solve` wall "
        "| CLI / floor | CLI CPU | CPU / floor |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in result["latency"]["scenarios"]:
        lines.append(
            f"| {r['scenario']} | {r['weeks']} | {_s(r['build_s'])} | {_s(r['solve_s'])} | "
            f"{_elapsed(r)} | {r['status']} | {_s(r['cli_s'])} | {r['cli_over_floor']}x | "
            f"{_s(r['cli_cpu_s'])} | {r['cli_cpu_over_floor']}x |"
        )
    g = result["growth"]
    lines += [
        "",
        f"**Growth** (solver ms; log-log slope: catalog {g['catalog_loglog_slope']}, "
        f"horizon {g['horizon_loglog_slope']})",
        "",
        "| catalog size | build | solver | status |",
        "|---|---|---|---|",
    ]
    for r in g["catalog"]:
        lines.append(
            f"| {r['exercises']} | {_s(r['build_s'])} | {_s(r['solve_s'])} | {r['status']} |"
        )
    lines += ["", "| weeks | build | solver | status |", "|---|---|---|---|"]
    for r in g["horizon"]:
        lines.append(f"| {r['weeks']} | {_s(r['build_s'])} | {_s(r['solve_s'])} | {r['status']} |")
    lines += [
        "",
        "**Quality** (scored by hamopt's checkers; objective = rule penalties)",
        "",
        "| scenario | generator | hard violations | hard rules broken | objective "
        "| least-trained head (weighted sets) |",
        "|---|---|---|---|---|---|",
    ]
    for r in result["quality"]:
        lines.append(
            f"| {r['scenario']} | {r['generator']} | {r['hard_violations']} | "
            f"{', '.join(r['hard_rules_broken']) or '-'} | {r['objective']:g} | "
            f"{r['min_head_sets']:g} |"
        )
    if result.get("batch"):
        lines += [
            "",
            "**Batch** (bodyweight-only generated roster)",
            "",
            bench_batch.table([r for r in result["batch"] if "skipped" not in r]),
        ]
        lines += [
            f"\nSkipped: {r['clients']} clients ({r['skipped']})."
            for r in result["batch"]
            if "skipped" in r
        ]
    if result.get("explain"):
        lines += [
            "",
            "**Explanations** (s, median)",
            "",
            "| scenario | conflict size | conflict s | explain s (min) |",
            "|---|---|---|---|",
        ]
        for r in result["explain"]:
            lines.append(
                f"| {r['scenario']} | {r['conflict_size']} | {r['conflict_s']} | "
                f"{r['explain_s']} ({r['explain_min_s']}) |"
            )
    lines += ["", "**Targets**", "", "| target | value | met | why not |", "|---|---|---|---|"]
    for t in result["targets"]:
        lines.append(
            f"| {t['target']} | {t['value']} | {'yes' if t['met'] else 'NO'} | {t['note']} |"
        )
    return "\n".join(lines)


def readme_table(result: dict[str, Any]) -> str:
    """The short table of the project README's Performance section (one row per figure)."""
    lat = result["latency"]
    one_week = [r for r in lat["scenarios"] if r["weeks"] == 1]

    def med(rows: list[dict[str, Any]], key: str) -> float:
        return statistics.median(r[key]["median"] for r in rows)

    g = result["growth"]
    greedy = [r for r in result["quality"] if r["generator"] == "greedy"]
    verdicts = result["quality_verdicts"]
    medians = [r["solve_s"]["median"] * 1000 for r in one_week]
    lines = [
        "| figure | value |",
        "|---|---|",
        f"| one-week scenarios: solver time, median of medians (range of medians) | "
        f"{statistics.median(medians):.0f} ms ({min(medians):.0f}-{max(medians):.0f}), "
        f"{sum(r['optimal'] for r in lat['scenarios'])}/{len(lat['scenarios'])} scenarios "
        "proven optimal |",
        f"| model build, median | {med(one_week, 'build_s') * 1000:.0f} ms |",
        f"| one-week scenarios: a solve's elapsed time (build and solver overlap), median | "
        f"{med(one_week, 'elapsed_s') * 1000:.0f} ms |",
        f"| `hamopt solve` end to end, median | {med(lat['scenarios'], 'cli_s'):.2f} s wall, "
        f"{med(lat['scenarios'], 'cli_cpu_s'):.2f} s CPU |",
        f"| import floor (`import ortools.sat.python.cp_model`) | "
        f"{lat['import_floor_s']['median']:.2f} s wall, "
        f"{lat['import_floor_cpu_s']['median']:.2f} s CPU |",
        f"| CLI / floor, median over scenarios | "
        f"{statistics.median(r['cli_over_floor'] for r in lat['scenarios'])}x wall, "
        f"{statistics.median(r['cli_cpu_over_floor'] for r in lat['scenarios'])}x CPU |",
    ]
    for r in g["catalog"]:
        lines.append(
            f"| catalog of {r['exercises']} exercises, one week | "
            f"{r['solve_s']['median'] * 1000:.0f} ms solve + "
            f"{r['build_s']['median'] * 1000:.0f} ms build, {r['status']} |"
        )
    lines.append(f"| growth with catalog size (log-log slope) | {g['catalog_loglog_slope']} |")
    for r in g["horizon"]:
        lines.append(
            f"| {r['weeks']}-week plan | {r['solve_s']['median'] * 1000:.0f} ms solve + "
            f"{r['build_s']['median'] * 1000:.0f} ms build, {r['status']} |"
        )
    lines.append(f"| growth with horizon (log-log slope) | {g['horizon_loglog_slope']} |")
    wins = [sum(v["hamopt"] == k for v in verdicts) for k in ("win", "tie", "loss")]
    lines.append(
        "| hamopt vs the greedy baseline and the seed workouts (win/tie/loss) | "
        f"{wins[0]}/{wins[1]}/{wins[2]} |"
    )
    lines.append(
        "| greedy baseline: scenarios where it breaks hard rules | "
        f"{sum(r['hard_violations'] > 0 for r in greedy)}/{len(greedy)} |"
    )
    for (n, backend), rows in batch_groups(result.get("batch") or []).items():
        if backend is None:
            lines.append(f"| batch of {n} clients | skipped: {rows[0]['skipped']} |")
            continue
        shares = sorted(r["efficiency"] for r in rows)
        runs = f"median of {len(rows)} runs, " if len(rows) > 1 else ""
        lines.append(
            f"| batch of {n} clients, {backend} | "
            f"{statistics.median(r['clients_per_s'] for r in rows)} programs/s, {runs}"
            f"{statistics.median(shares):.0%} of ideal ({shares[0]:.0%}-{shares[-1]:.0%}), "
            f"peak RSS {max(r['peak_rss_tree_mb'] for r in rows)} MB |"
        )
    if result.get("explain"):
        worst = max(result["explain"], key=lambda r: r["explain_s"])
        lines.append(
            f"| explaining an infeasible scenario, slowest of {len(result['explain'])} | "
            f"{worst['explain_s']} s ({worst['scenario']}) |"
        )
    return "\n".join(lines)


def run(
    mode: str, sections: set[str], out: Path | None, batch_max_minutes: float
) -> dict[str, Any]:
    cfg = MODES[mode]
    result: dict[str, Any] = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "mode": mode,
        "commit": commit(),
        "machine": machine(),
        "load_before": [round(x, 2) for x in os.getloadavg()],
    }
    steps: list[tuple[str, Callable[[], Any]]] = [
        ("latency", lambda: latency(feasible_scenarios(), cfg["repeats"], cfg["cli_repeats"])),
        ("growth", lambda: growth(cfg["growth_repeats"], cfg["horizons"])),
        ("quality", lambda: quality(feasible_scenarios())),
        ("batch", lambda: batch(cfg["batch_runs"], cfg["batch_sample"], batch_max_minutes)),
        ("explain", lambda: explain(cfg["explain_runs"])),
        ("serve", lambda: serve(mode)),
        ("curve", lambda: curve(mode, cfg["curve_runs"])),
    ]
    for name, step in steps:
        if name in sections:
            print(f"{name}...", flush=True)
            started = time.perf_counter()
            result[name] = step()
            result.setdefault("section_wall_s", {})[name] = round(time.perf_counter() - started, 1)
    if "quality" in result:
        result["quality_verdicts"] = quality_verdicts(result["quality"])
    result["load_after"] = [round(x, 2) for x in os.getloadavg()]
    if {"latency", "growth", "quality"} <= result.keys():
        result["targets"] = targets(result)
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        history = json.loads(out.read_text()) if out.exists() else []
        history.append(result)
        tmp = out.with_suffix(".tmp")
        tmp.write_text(json.dumps(history, indent=1) + "\n", encoding="utf-8")
        tmp.replace(out)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small N, fewer repeats")
    parser.add_argument(
        "--only",
        default="latency,growth,quality,batch,explain,serve,curve",
        help="sections to run",
    )
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument(
        "--batch-max-minutes",
        type=float,
        default=15.0,
        help="skip a batch size whose projected time (both backends) is over this",
    )
    args = parser.parse_args()
    result = run(
        "quick" if args.quick else "full",
        set(args.only.split(",")),
        args.out,
        args.batch_max_minutes,
    )
    if "targets" in result:
        text = tables(result)
        summary = "\n\n**README summary**\n\n" + readme_table(result)
        LATEST_MD.write_text(text + summary + "\n", encoding="utf-8")
        print(text)
    print(f"appended to {args.out}")


if __name__ == "__main__":
    main()
