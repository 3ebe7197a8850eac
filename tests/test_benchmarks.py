"""The benchmark harness's pieces on tiny inputs (no timing assertions: timings are data)."""

from __future__ import annotations

import json
import statistics
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # benchmarks/ is a top-level package next to hamopt/

from benchmarks import harness  # noqa: E402
from benchmarks.baselines.greedy import greedy_program, greedy_sessions  # noqa: E402
from hamopt.domain.catalog import catalog_for  # noqa: E402
from hamopt.domain.models import Program  # noqa: E402
from hamopt.inputs.loading import load_scenario  # noqa: E402
from hamopt.rules.ruleset import active_rules  # noqa: E402

SCENARIO = ROOT / "scenarios" / "quad_dominant_intermediate_full_gym.yaml"


def _inputs(path: Path = SCENARIO):  # type: ignore[no-untyped-def]
    scenario = load_scenario(path)
    return scenario, catalog_for(scenario), active_rules(scenario, base_dir=path.parent)


def test_greedy_baseline_writes_a_valid_program_on_the_first_slots() -> None:
    scenario, catalog, rules = _inputs()
    program = greedy_program(scenario, catalog, rules)
    again = Program.model_validate(program.model_dump())  # a Program the model accepts
    week = again.weeks[0]
    slots = scenario.schedule.slots[: scenario.schedule.sessions_per_week]
    assert [(s.day, s.time) for s in week.sessions] == [(s.day, s.time) for s in slots]
    allowed = scenario.equipment_set()
    by_id = catalog.by_id()
    ids = [e.id for s in week.sessions for e in s.exercises]
    assert ids and len(ids) == len(set(ids))
    assert all(set(by_id[i].equipment) <= allowed for i in ids)
    # It fills deficits: every head gets some work.
    assert min(program.totals["head_sets"].values()) > 0


def test_greedy_fills_the_largest_deficit_with_the_best_exercise_for_it() -> None:
    scenario, catalog, _ = _inputs()
    first = greedy_sessions(scenario, catalog)[0].exercises[0]
    usable = [
        e for e in catalog.exercises
        if e.region.value == "hamstrings" and set(e.equipment) <= scenario.equipment_set()
    ]  # fmt: skip
    # All heads start equally short (ties broken by head name): bf_long goes first.
    best = max(e.stimulus.get("bf_long") for e in usable)
    assert catalog.by_id()[first.id].stimulus.get("bf_long") == best


def test_scoring_shows_greedy_breaking_hard_rules_and_hamopt_not() -> None:
    rows = harness.quality([SCENARIO])
    by_gen = {r["generator"]: r for r in rows}
    assert by_gen["hamopt"]["hard_violations"] == 0
    assert by_gen["greedy"]["hard_violations"] > 0  # e.g. no quad work in a correction phase
    assert any(g.startswith("seed:") for g in by_gen)  # the seeds' workouts for this scenario
    verdicts = harness.quality_verdicts(rows)
    assert verdicts and all(v["hamopt"] in ("win", "tie") for v in verdicts)


def test_catalog_variants_are_seeded_and_sized() -> None:
    a, b = harness.catalog_variants(120), harness.catalog_variants(120)
    assert len(a.exercises) == 120
    assert [e.model_dump() for e in a.exercises] == [e.model_dump() for e in b.exercises]
    assert len(harness.catalog_variants(40).exercises) == 40


def test_horizon_stretch_and_loglog_slope() -> None:
    assert harness.with_horizon(52).weeks == 52
    assert [p.phase for p in harness.with_horizon(52).phases or []] == ["correction", "balanced"]
    assert harness.with_horizon(1).weeks == 1
    assert harness.loglog_slope([1, 10, 100], [2.0, 20.0, 200.0]) == pytest.approx(1.0)
    assert harness.loglog_slope([1, 10], [1.0, 100.0]) == pytest.approx(2.0)


def test_result_json_has_the_documented_keys(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    # Tiny: one scenario each, one catalog size (growth points run in a fresh process each).
    harness.MODES["tiny"] = {**harness.MODES["quick"], "repeats": 1, "horizons": (1,)}
    original = harness.feasible_scenarios
    harness.feasible_scenarios = lambda: [SCENARIO]  # type: ignore[assignment]
    original_sizes = harness.CATALOG_SIZES
    harness.CATALOG_SIZES = (40,)  # type: ignore[misc]
    try:
        harness.run("tiny", {"growth", "quality"}, out, batch_max_minutes=1)
    finally:
        harness.feasible_scenarios = original  # type: ignore[assignment]
        harness.CATALOG_SIZES = original_sizes  # type: ignore[misc]
        del harness.MODES["tiny"]
    entry = json.loads(out.read_text())[-1]
    assert {"date", "mode", "commit", "machine", "load_before", "load_after"} <= entry.keys()
    assert {"cores", "memory_gb", "python", "ortools"} <= entry["machine"].keys()
    row = entry["growth"]["catalog"][0]
    assert {"median", "min", "max", "n"} <= row["solve_s"].keys()
    assert row["status"] == "optimal"
    assert {"hard_violations", "objective", "head_sets"} <= entry["quality"][0].keys()
    assert entry["quality_verdicts"]


def test_the_harness_times_the_model_a_solve_runs() -> None:
    # Deterministic time is a function of the model: equal only if the harness builds what
    # `hamopt solve` builds (the slot choice included; it once timed the all-slots model).
    from hamopt.api.solving import solve_scenario

    scenario, catalog, rules = _inputs()
    assert len(scenario.schedule.slots) > scenario.schedule.sessions_per_week
    timed = harness.solve_times(scenario, catalog, rules, repeats=1)
    program = solve_scenario(scenario, rules, catalog=catalog)
    assert program.solver is not None
    assert timed["deterministic_s"]["median"] == round(program.solver.deterministic_time, 4)
    # The whole call holds the model's build (its own clock starts inside the call).
    assert timed["elapsed_s"]["n"] == 1
    assert timed["elapsed_s"]["median"] >= timed["build_s"]["median"]


def test_the_latency_table_shows_a_solve_s_elapsed_time_where_kept() -> None:
    row = {"elapsed_s": {"median": 0.0825, "min": 0.08, "max": 0.1}}
    assert harness._elapsed(row) == "82 (80-100)"
    assert harness._elapsed({}) == "-"  # a result from before the column


def _run(clients: int, backend: str, efficiency: float, peak: float) -> dict:
    return {
        "clients": clients,
        "backend": backend,
        "efficiency": efficiency,
        "peak_rss_tree_mb": peak,
    }


def test_batch_targets_take_the_median_of_runs_and_check_memory() -> None:
    rows = [
        _run(1000, "local", 0.75, 380.0),
        _run(1000, "local", 0.91, 384.0),
        _run(1000, "local", 0.99, 382.0),
        _run(1000, "dask", 0.84, 531.0),
        _run(10000, "local", 1.03, 391.0),
        _run(10000, "dask", 0.91, 700.0),
        {"clients": 100000, "skipped": "projected over 15 min"},
    ]
    verdicts = {t["target"]: t for t in harness.batch_targets(rows)}
    local = verdicts["batch of 1000, local: >= 90% of ideal (median of runs)"]
    assert local["value"] == 0.91 and local["met"]  # one bad run does not sink the median
    dask = verdicts["batch of 1000, dask: >= 85% of ideal (median of runs)"]
    assert not dask["met"] and dask["note"] == "runs: 84%"
    assert verdicts["batch memory flat, local: peak RSS at 10,000 within 15% of 1,000 clients"][
        "met"
    ]
    grown = verdicts["batch memory flat, dask: peak RSS at 10,000 within 15% of 1,000 clients"]
    assert not grown["met"] and grown["value"] == "531.0 -> 700.0 MB"


def test_a_batch_run_is_set_against_the_ideal_around_it(tmp_path: Path) -> None:
    from benchmarks import bench_batch

    (tmp_path / "summary.csv").write_text(
        "client,file,status,objective,time_s,deterministic_time,error\n"
        "a,a,optimal,1,0.05,0.01,\nb,,invalid,,,,bad row\nc,c,optimal,1,0.03,0.01,\n",
        encoding="utf-8",
    )
    times = bench_batch.batch_times(tmp_path)
    assert times == {"a": 0.05, "c": 0.03}  # the invalid row has no time
    assert bench_batch.busy_share(times, jobs=2, wall_s=0.05) == 0.8  # 0.08 / (2 x 0.05)
    assert bench_batch.batch_times(tmp_path / "no-run") is None
    before = {"mean_client_s": 0.040, "sum_client_cpu_s": 40.0, "timed_clients": 1000}
    after = {"mean_client_s": 0.050, "sum_client_cpu_s": 50.0, "timed_clients": 1000}
    run = {"time_limit": 30.0, "backend": "local", "wall_s": 25.0, "cpu_s": 50.0}
    r = bench_batch._against_ideal(run, before, after, 1000, 2, (1.0,), (1.0,))
    assert r["mean_client_s"] == 0.045 and r["ideal_wall_s"] == 22.5
    assert r["efficiency"] == 0.9 and r["drift"] == 0.25 and r["cpu_efficiency"] == 0.9
    assert r["ideal_scaled_by"] == "count" and r["in_batch_slowdown"] is None


def test_a_sampled_ideal_is_scaled_to_the_roster_by_the_run_itself() -> None:
    """Two of four clients timed alone; the run took 1.25x as long on them, and 3.4x as long
    on all four: the ideal is the sample's time alone x 3.4, not its mean x 4."""
    from benchmarks import bench_batch

    before = {
        "mean_client_s": 0.04, "sum_client_cpu_s": 0.16, "timed_clients": 2,
        "times": {"a": 0.03, "b": 0.05},
    }  # fmt: skip
    after = {
        "mean_client_s": 0.06, "sum_client_cpu_s": 0.24, "timed_clients": 2,
        "times": {"a": 0.05, "b": 0.07},
    }  # fmt: skip
    # Alone, a and b took 0.04 + 0.06 = 0.10 s (mean of the two timings); in the run 0.125,
    # and all four 0.425.
    in_run = {"a": 0.05, "b": 0.075, "c": 0.2, "d": 0.1}
    run = {"time_limit": 30.0, "backend": "local", "wall_s": 0.25, "cpu_s": 0.5}
    r = bench_batch._against_ideal(run, before, after, 4, 2, (1.0,), (1.0,), in_run)
    assert r["ideal_scaled_by"] == "run" and r["in_batch_slowdown"] == 1.25
    # 0.10 x (0.425 / 0.125) = 0.34 s over 2 cores (the sample's mean x 4 would be 0.20).
    assert r["ideal_wall_s"] == 0.17 and r["efficiency"] == 0.68
    busy = bench_batch.busy_share(in_run, 2, 0.25)
    assert r["efficiency"] == round(busy / r["in_batch_slowdown"], 3)  # 0.85 / 1.25


def test_the_tree_sampler_lists_the_process_tree_only_every_few_samples() -> None:
    """Listing the tree reads every process on the machine; the batch's workers must still be
    found (and counted) at the next listing."""
    import os
    import subprocess
    import sys

    from benchmarks import bench_batch

    sampler = bench_batch.TreeSampler(os.getpid(), relist=2)
    sampler.sample()  # lists: just this process
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        sampler.sample()  # reads the known processes only
        assert child.pid not in sampler.cpu
        sampler.sample()  # lists again
        assert child.pid in sampler.cpu and sampler.peak_tree > sampler.peak_own
    finally:
        child.kill()
        child.wait()


def test_contention_compares_each_clients_times_beside_and_alone() -> None:
    from benchmarks import bench_contention

    # Client 0 is 10 % slower beside B, client 1 30 %; client 2 was never timed alone.
    timed = [(0, 0, 0.10), (0, 1, 0.11), (1, 0, 0.20), (1, 0, 0.20), (1, 1, 0.26), (2, 1, 1.0)]
    r = bench_contention.contention(timed)
    assert r["clients"] == 2 and (r["solves_alone"], r["solves_beside"]) == (3, 2)
    assert r["median_client_ratio"] == 1.2 and r["client_ratio_range"] == [1.1, 1.3]
    assert r["ratio_of_means"] == round(((0.11 + 0.26) / 2) / (0.5 / 3), 3)
    with pytest.raises(ValueError, match="no client"):
        bench_contention.contention([(0, 0, 0.1), (1, 1, 0.1)])


def test_contention_runs_both_workers_through_their_phases() -> None:
    from benchmarks import bench_contention

    timed = bench_contention.measure(clients=3, cycles=1, phase_s=1.0)  # ~15 solves a phase
    assert {state for _, state, _ in timed} == {0, 1}  # A was timed alone and beside B
    assert {index for index, _, _ in timed} <= {0, 1, 2}
    assert all(seconds > 0 for _, _, seconds in timed)


def test_batch_runs_flip_the_backends_order_every_repeat() -> None:
    from benchmarks import bench_batch

    order = bench_batch.run_order(["local", "dask"], 4)
    assert order == [
        (0, "local"), (0, "dask"), (1, "dask"), (1, "local"),
        (2, "local"), (2, "dask"), (3, "dask"), (3, "local"),
    ]  # fmt: skip
    firsts = [backend for repeat, backend in order[::2]]
    assert firsts.count("local") == firsts.count("dask")


def test_serve_benchmark_percentiles_and_spread_between_runs() -> None:
    pytest.importorskip("httpx")
    from benchmarks import bench_serve

    assert bench_serve.percentile([1, 2, 3, 4, 5], 0.5) == 3
    assert bench_serve.percentile([1, 2, 3, 4, 5], 0.95) == pytest.approx(4.8)
    scenarios = bench_serve.one_week_scenarios()
    assert scenarios and all("infeasible" not in p.stem for p in scenarios)

    def run(p50: float, rate: float) -> dict:
        return {
            "http_s": {"p50": p50, "p95": 2 * p50},
            "in_process_s": {"p50": p50 / 2},
            "cli_s": {"median": 1.0},
            "import_floor_s": {"median": 0.5},
            "concurrent": {"programs_per_s": rate, "latency_s": {"p95": 1.0}},
        }

    spread_ = bench_serve.between([run(0.1, 10), run(0.12, 8)])
    assert spread_["http_p50_s"] == {"min": 0.1, "max": 0.12, "max_over_min": 1.2}
    assert spread_["programs_per_s"]["max_over_min"] == 1.25
    # The scenarios whose own p95 is over the bar (a third of a 0.5 s floor), slowest first.
    last = run(0.1, 10) | {"scenarios": [
        {"scenario": "fast", "http_s": {"p50": 0.1, "p95": 0.12}},
        {"scenario": "slow", "http_s": {"p50": 0.2, "p95": 0.25}},
        {"scenario": "slower", "http_s": {"p50": 0.19, "p95": 0.3}},
    ]}  # fmt: skip
    assert bench_serve.above_the_bar(last) == (
        "Scenarios over the bar (167 ms, a third of the floor) in the last run, HTTP p50 / "
        "p95: slower 190 / 300 ms, slow 200 / 250 ms."
    )


def test_serve_benchmark_runs_the_floor_beside_each_cli_run_and_more() -> None:
    pytest.importorskip("httpx")
    from benchmarks import bench_serve

    assert bench_serve.side_by_side(1, 1) == ["floor", "cli"]
    assert bench_serve.side_by_side(3, 1) == ["floor", "cli", "floor", "floor"]
    assert bench_serve.side_by_side(2, 2) == ["floor", "cli", "floor", "cli"]
    for mode in bench_serve.MODES.values():  # more floor runs than CLI runs in every mode
        order = bench_serve.side_by_side(mode["floor_repeats"], mode["cli_repeats"])
        assert order.count("floor") > order.count("cli") and order[0] == "floor"


def test_serve_benchmark_interval_is_the_ratio_s_sampling_spread() -> None:
    pytest.importorskip("httpx")
    from benchmarks import bench_serve

    # Samples that do not vary leave nothing to draw: the interval is the ratio itself.
    assert bench_serve.ratio_interval([[0.1] * 10] * 5, [0.4] * 10, rounds=200) == (0.25, 0.25)
    # Noisy samples: the interval holds the point ratio, is not a point, and is the same
    # interval every time (a fixed seed), wider when the floor runs vary more.
    http = [[0.08 + 0.01 * s + 0.001 * i for i in range(10)] for s in range(10)]
    steady = [0.40, 0.41, 0.39, 0.40, 0.42, 0.38]
    jumpy = [0.30, 0.55, 0.36, 0.62, 0.41, 0.45]
    pooled = [x for group in http for x in group]
    point = bench_serve.percentile(pooled, 0.95) / statistics.median(steady)
    lo, hi = bench_serve.ratio_interval(http, steady, rounds=500)
    assert lo < point < hi
    assert bench_serve.ratio_interval(http, steady, rounds=500) == (lo, hi)
    lo_j, hi_j = bench_serve.ratio_interval(http, jumpy, rounds=500)
    assert hi_j - lo_j > hi - lo
    # Each scenario is drawn from its own requests: two scenarios each always the same give
    # no spread at all, where one pool of their requests would (a draw of more slow ones).
    two = [[0.1] * 10, [0.2] * 10]
    assert bench_serve.ratio_interval(two, [0.5] * 5, rounds=200) == (0.4, 0.4)
    run = {"http_p95_over_floor": 0.35, "http_p95_over_floor_interval": [0.31, 0.392]}
    assert bench_serve._ratio(run) == "0.35 (0.31-0.39: undecided)"
    assert bench_serve.verdict((0.28, 0.33)) == "met"
    assert bench_serve.verdict((0.28, 0.34)) == "undecided"
    assert bench_serve.verdict((0.34, 0.40)) == "missed"
    assert bench_serve._ratio({"http_p95_over_floor": 0.35}) == "0.35"  # runs from before


def test_serve_benchmark_full_run_reads_the_p95_off_enough_requests() -> None:
    """The pooled p95 of 13 scenarios is about the slowest one's 65th percentile: with 10
    requests a scenario a run's figure was read off that scenario's ten draws, and moved with
    them from run to run. The full mode's count must steady it: on the same noisy server (each
    request 1 +- 20 %, the slowest scenario 1.3x the rest), the p95 of many simulated runs
    spreads clearly less than with 10 requests."""
    pytest.importorskip("httpx")
    import random

    from benchmarks import bench_serve

    full = bench_serve.MODES["full"]["http_repeats"]
    draw = random.Random(7)

    def p95_of_a_run(n: int) -> float:
        scale = [1.3] + [1.0] * 12
        pooled = [0.1 * k * draw.uniform(0.8, 1.2) for k in scale for _ in range(n)]
        return bench_serve.percentile(pooled, 0.95)

    spread = {n: statistics.stdev(p95_of_a_run(n) for _ in range(300)) for n in (10, full)}
    assert spread[full] < 0.8 * spread[10]  # about 0.6: the square root of 10 / 30


# --- where the figures go (issue 20: `make bench` rewrote tracked files) ---------------------


def test_benchmarks_write_an_ignored_folder_unless_updating(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import subprocess

    from benchmarks import results_dir as where

    monkeypatch.delenv(where.UPDATE_VARIABLE, raising=False)
    assert where.results_dir() == where.LOCAL
    monkeypatch.setenv(where.UPDATE_VARIABLE, "0")
    assert where.results_dir() == where.LOCAL
    monkeypatch.setenv(where.UPDATE_VARIABLE, "1")
    assert where.results_dir() == where.COMMITTED
    ignored = subprocess.run(
        ["git", "check-ignore", "-q", str(where.LOCAL / "bench.json")], cwd=where.ROOT
    )
    assert ignored.returncode == 0, "benchmarks/results-local/ must be ignored by git"


def test_every_benchmark_writes_through_results_dir() -> None:
    """No benchmark names the committed folder itself (it would write it on every run)."""
    from benchmarks import results_dir as where

    for path in sorted((where.ROOT / "benchmarks").rglob("*.py")):
        if path.name != "results_dir.py":
            code = path.read_text()
            assert '"results" /' not in code and "benchmarks/results/" not in code, path


# --- the growth curve (bench_growth.py) -----------------------------------------------


def test_growth_inputs_are_valid_files_on_every_axis(tmp_path: Path) -> None:
    """Each axis's point is a scenario (and catalog) file hamopt accepts as a user's; a
    catalog past the shipped size extends it, a smaller one replaces it."""
    from benchmarks import bench_growth
    from hamopt.inputs.loading import Resolver, load_scenario_for_solve

    for axis, value in (("catalog", 20), ("catalog", 60), ("sessions", 3), ("slots", 21)):
        scenario, catalog = bench_growth.scenario_file(axis, value, tmp_path)
        loaded = load_scenario_for_solve(scenario, Resolver(catalog))
        if axis == "catalog":
            assert len(loaded.catalog.exercises) == value
            assert ("extends" in catalog.read_text()) == (value > bench_growth.SHIPPED_SIZE)
        elif axis == "sessions":
            assert loaded.scenario.schedule.sessions_per_week == 3
        else:
            assert len(loaded.scenario.schedule.slots) == 21


def test_a_growth_point_past_the_limits_reports_instead_of_failing(tmp_path: Path) -> None:
    """105 weeks is past MAX_WEEKS: the point says so (refused input), the curve goes on."""
    from benchmarks import bench_growth

    row = bench_growth.point("horizon", 105, 1, 1.0, tmp_path)
    assert row["status"] == "invalid" and "at most 104" in row["note"]
    assert row["peak_rss_mb"] > 0 and row["wall_s"] > 0


def test_an_infeasible_growth_point_names_the_rules_in_conflict(tmp_path: Path) -> None:
    """One session a week cannot hold the seed's 12 weekly sets under its 10-set session cap:
    such a point (the sessions axis without its override) is an answer, and its note says
    which rules disagree, as the CLI does."""
    from benchmarks import bench_growth

    scenario, _ = bench_growth.scenario_file("sessions", 1, tmp_path)
    data = yaml.safe_load(scenario.read_text())
    del data["overrides"]
    scenario.write_text(yaml.safe_dump(data))
    row = bench_growth.run_once(scenario, None, 5.0)
    assert row["status"] == "infeasible"
    assert row["note"].startswith("conflict: volume_range") and "at least 12" in row["note"]


@pytest.mark.parametrize("sessions", [1, 4])
def test_every_session_count_of_the_growth_curve_gets_a_program(
    sessions: int, tmp_path: Path
) -> None:
    """Issue 23: every point of the curve returns a program. One and four sessions a week are
    infeasible under the default rules (12 sets over a 10-set session; 4 x 48 h past a week),
    so those points carry the coach's change for them, and the table says which."""
    from benchmarks import bench_growth

    row = bench_growth.point("sessions", sessions, 1, 5.0, tmp_path)
    assert row["status"] == "optimal", row
    changed = bench_growth.SESSION_OVERRIDES[sessions]
    assert row["note"].startswith("with ") and all(rule in row["note"] for rule in changed)
