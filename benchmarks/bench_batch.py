"""Throughput and memory of `hamopt batch` on generated gym rosters, for both backends.

    .venv/bin/python -m benchmarks.bench_batch --clients 1000 --repeats 10    # targets at 1,000
    .venv/bin/python -m benchmarks.bench_batch --clients 10000                # and at 10,000
    .venv/bin/python -m benchmarks.bench_batch --clients 200 --backends local # a quick look

For each roster size N the script writes a seeded roster of N clients, then runs
``hamopt batch`` on each backend as a user would (a fresh process: CLI, pool or LocalCluster
start-up included), ``--repeats`` times, the backends' order flipping every repeat
(:func:`run_order`: local, Dask, Dask, local, ...), sampling the memory and CPU of its whole
process tree every 0.5 s with psutil (:class:`TreeSampler`, kept cheap because it shares
the machine).

Each run is measured against the *ideal*: the worker's whole job for one client (read +
check + solve + render, :func:`hamopt.batch.run.solve_client`), timed one client at a time in a
fresh process, summed over all N clients and divided by the cores. No parallel run can beat
that. This machine's speed drifts, by up to 1.6x within a minute (a CPU-bound loop ran at
19-36 M iterations/s): an ideal timed once, minutes away from a run, says more about the
drift than about the batch. So the ideal is timed right before the first run and again
right after every run, and each run is set against the two timings around it
(``ideal_bracket`` holds both means; ``drift`` their change). To keep those timings close
to the run, they time a seeded random ``--sample`` of the clients (300 by default, ~20 s;
0 times all), and the run scales the sample to all N clients by its own times of the same
clients (:func:`_against_ideal`): a ratio taken within one run, which drift does not move.

Efficiency = ideal / measured wall time (targets: local >= 90 %, Dask LocalCluster >= 85 %).
``cpu_efficiency`` (the CPU seconds the clients need, timed one by one, over the CPU seconds
the whole batch process tree used) is the overhead of the machinery itself, and
``busy_share`` (:func:`busy_share`) the share of the run's own wall time its workers spent
on clients, which the machine's drift does not move; ``in_batch_slowdown`` is how much longer
the sampled clients took inside the run than alone (efficiency = busy share / slowdown).
Memory should be flat in N: the batch streams its input and writes results as they arrive.
Results (with the load average) go to ``benchmarks/results-local/batch.json``, one entry appended
per invocation.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

import psutil

from benchmarks.fresh import commit, compile_hamopt, fresh
from benchmarks.results_dir import results_dir
from hamopt.batch.run import RosterClient, SolveSettings, solve_client
from hamopt.inputs.roster import load_gym, read_roster
from hamopt.parallel.pool import default_jobs

ROOT = Path(__file__).resolve().parents[1]
RESULTS = results_dir() / "batch.json"
HAMOPT = Path(sys.executable).parent / "hamopt"
# Seconds between two samples of the batch's process tree (TreeSampler).
SAMPLE_INTERVAL_S = 0.5

DAYS = ("mon", "tue", "wed", "thu", "fri")
# Weekday slot sets that leave 48 h between sessions, so nearly every client is feasible.
PATTERNS = (
    (("mon", "wed"), ("2",)),
    (("mon", "thu"), ("2",)),
    (("tue", "thu"), ("2",)),
    (("tue", "fri"), ("2",)),
    (("mon", "wed", "fri"), ("2", "3")),
    (("mon", "tue", "thu", "fri"), ("2",)),
)


def write_roster(folder: Path, clients: int, equipment: str, seed: int = 1) -> tuple[Path, Path]:
    rng = random.Random(seed)
    lines = [
        "id,experience,goals,contraindications,weaker_side,phase,slots,sessions_per_week,minutes"
    ]
    for i in range(clients):
        days, sessions = rng.choice(PATTERNS)
        time_of_day = rng.choice(("07:00", "12:30", "18:00"))
        lines.append(
            ",".join(
                [
                    f"c{i:05d}",
                    rng.choice(("beginner", "intermediate", "advanced")),
                    rng.choice(("hypertrophy", "strength", "injury_prevention")),
                    rng.choice(("", "", "", "low_back_pain", "knee_pain")),
                    rng.choice(("", "", "left", "right")),
                    rng.choice(("balanced", "correction")),
                    "; ".join(f"{day} {time_of_day}" for day in days),
                    rng.choice(sessions),
                    rng.choice(("45", "60", "75")),
                ]
            )
        )
    roster = folder / "roster.csv"
    roster.write_text("\n".join(lines) + "\n", encoding="utf-8")
    gym = folder / "gym.yaml"
    gym.write_text(f"name: Benchmark gym\nequipment: {equipment}\nrules: default\n", "utf-8")
    return roster, gym


def roster_clients(roster: Path, gym: Path) -> list[RosterClient]:
    """The roster's clients as a batch worker receives them (row + the gym's profile)."""
    profile = load_gym(gym)
    return [RosterClient(row.client_id, row, profile) for row in read_roster(roster)]


def ideal(roster: Path, gym: Path, settings: SolveSettings, sample: int | None) -> dict:
    """Single-client times, one at a time in this process; their sum / cores is the ideal.

    ``sample`` clients (a seeded random choice; all when None) are timed, each once;
    ``times`` keeps each one's seconds by client id, so a run can scale them to the whole
    roster by its own times of the same clients (:func:`_against_ideal`).
    """
    clients = roster_clients(roster, gym)
    chosen = (
        clients
        if sample is None or sample >= len(clients)
        else random.Random(2).sample(clients, sample)
    )
    solve_client(clients[0], settings)  # warm imports
    times: dict[str, float] = {}
    cpu = []
    for client in chosen:
        started, started_cpu = time.perf_counter(), time.process_time()
        solve_client(client, settings)
        times[client.client_id] = time.perf_counter() - started
        cpu.append(time.process_time() - started_cpu)
    mean = statistics.fmean(times.values())
    return {
        "timed_clients": len(times),
        "mean_client_s": round(mean, 4),
        "stdev_client_s": round(statistics.stdev(times.values()), 4) if len(times) > 1 else 0.0,
        "sum_client_s": round(mean * len(clients), 2),  # scaled to every client when sampled
        "sum_client_cpu_s": round(statistics.fmean(cpu) * len(clients), 2),
        "times": {client: round(t, 5) for client, t in times.items()},
    }


def ideal_of(roster: str, gym: str, time_limit: float, sample: int | None) -> dict:
    """:func:`ideal` with plain arguments, for :func:`benchmarks.fresh.fresh`."""
    settings = SolveSettings(formats=("json",), time_limit=time_limit)
    return ideal(Path(roster), Path(gym), settings, sample)


def fresh_ideal(roster: Path, gym: Path, time_limit: float, sample: int | None) -> dict:
    return fresh("bench_batch", "ideal_of", str(roster), str(gym), time_limit, sample)


class TreeSampler:
    """Memory and CPU of a process and all its descendants, sampled from outside.

    CPU seconds are kept per process at their last reading, so a worker that exits between
    two samples loses at most one interval of its CPU time.

    The sampler shares the machine with what it measures, so it is kept cheap: listing the
    tree (psutil reads every process on the system for that) cost 2.6 ms of CPU here, reading
    the processes already known 0.5 ms. The tree is listed again only every ``relist``
    samples, which still finds a batch's workers within a second or two of their start.
    """

    def __init__(self, pid: int, relist: int = 4) -> None:
        self.root = psutil.Process(pid)
        self.relist = relist
        self.samples = 0
        self.processes: list[psutil.Process] = [self.root]
        self.peak_own = 0
        self.peak_tree = 0
        self.cpu: dict[int, float] = {}

    def sample(self) -> None:
        if self.samples % self.relist == 0:
            try:
                self.processes = [self.root, *self.root.children(recursive=True)]
            except psutil.NoSuchProcess:
                return
        self.samples += 1
        total = 0
        for process in self.processes:
            try:
                with process.oneshot():
                    rss = process.memory_info().rss
                    times = process.cpu_times()
            except psutil.NoSuchProcess:
                continue
            total += rss
            if process.pid == self.root.pid:
                self.peak_own = max(self.peak_own, rss)
            self.cpu[process.pid] = times.user + times.system
        self.peak_tree = max(self.peak_tree, total)


def run_backend(
    roster: Path, gym: Path, outdir: Path, backend: str, jobs: int, args: argparse.Namespace
) -> dict:
    command = [
        str(HAMOPT), "batch", str(roster), "--gym", str(gym), "-o", str(outdir),
        "--backend", backend, "--jobs", str(jobs), "--time-limit", str(args.time_limit),
        "--format", args.format,
    ]  # fmt: skip
    if args.chunk_size:
        command += ["--chunk-size", str(args.chunk_size)]
    started = time.perf_counter()
    log = outdir.with_suffix(".log")
    with open(log, "wb") as err:
        batch = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=err)
        sampler = TreeSampler(batch.pid)
        while True:
            sampler.sample()
            try:  # returns the moment the batch exits: its wall time ends there, not at a poll
                batch.wait(timeout=SAMPLE_INTERVAL_S)
                break
            except subprocess.TimeoutExpired:
                pass
    elapsed = time.perf_counter() - started
    line = batch.stdout.read().decode().strip() if batch.stdout else ""
    return {
        "backend": backend,
        "time_limit": args.time_limit,
        "exit_code": batch.returncode,
        "wall_s": round(elapsed, 2),
        "clients_per_s": None,  # filled in by the caller, who knows N
        "cpu_s": round(sum(sampler.cpu.values()), 2),
        "peak_rss_parent_mb": round(sampler.peak_own / 2**20, 1),
        "peak_rss_tree_mb": round(sampler.peak_tree / 2**20, 1),
        "summary_line": line,
        "stderr_tail": "" if batch.returncode in (0, 1) else log.read_text()[-2000:],
    }


def run_order(backends: Sequence[str], repeats: int) -> list[tuple[int, str]]:
    """(repeat, backend) in the order they run: the backends' order flips every repeat.

    Each run is timed between two ideals, but the machine's speed drifts within a series too
    (and a run may leave the machine warmer or colder for the next). In a fixed order one
    backend would always run first after the same kind of neighbour; flipped (A B, B A, ...),
    each backend runs first as often as the other.
    """
    return [
        (repeat, backend)
        for repeat in range(repeats)
        for backend in (backends if repeat % 2 == 0 else list(reversed(backends)))
    ]


def measure(
    clients: int,
    backends: Sequence[str],
    jobs: int,
    args: argparse.Namespace,
    sample: int | None,
    repeats: int = 1,
) -> list[dict]:
    """Each backend's batch of ``clients``, ``repeats`` times, each run between two timings
    of the ideal (module docstring). ``args`` holds time_limit, format and chunk_size."""
    compile_hamopt()  # as pip leaves an installed hamopt (benchmarks/fresh.py)
    folder = Path(tempfile.mkdtemp(prefix="hamopt-bench-"))
    runs: list[dict] = []
    try:
        roster, gym = write_roster(folder, clients, args.equipment)
        before = fresh_ideal(roster, gym, args.time_limit, sample)
        for repeat, backend in run_order(backends, repeats):
            load_before = os.getloadavg()
            outdir = folder / f"{backend}-{repeat}"
            result = run_backend(roster, gym, outdir, backend, jobs, args)
            load_after = os.getloadavg()
            times = batch_times(outdir)
            result["busy_share"] = busy_share(times, jobs, result["wall_s"])
            shutil.rmtree(outdir, ignore_errors=True)
            after = fresh_ideal(roster, gym, args.time_limit, sample)
            runs.append(
                _against_ideal(result, before, after, clients, jobs, load_before, load_after, times)
            )
            runs[-1].update(repeat=repeat, equipment=args.equipment)
            print(json.dumps(runs[-1]), flush=True)
            before = after
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return runs


def batch_times(outdir: Path) -> dict[str, float] | None:
    """Each client's ``time_s`` in the run (summary.csv; timed in its worker), by client id.

    None when the run left no summary; clients without a time (failed) are left out."""
    try:
        with open(outdir / "summary.csv", newline="", encoding="utf-8") as handle:
            return {
                row["client"]: float(row["time_s"])
                for row in csv.DictReader(handle)
                if row["time_s"]
            }
    except OSError:
        return None


def busy_share(times: dict[str, float] | None, jobs: int, wall_s: float) -> float | None:
    """The workers' time on clients (:func:`batch_times`) over ``jobs`` x the batch's wall
    time: the share the machinery (start-up, hand-offs, the parent's work, the tail) leaves
    to solving. Unlike the share of the ideal it compares times from the same run, so a
    change in the machine's speed cancels out; what it cannot see is a solve running slower
    in the batch (beside another, or beside the parent) than alone, which the in-batch
    slowdown (:func:`_against_ideal`) measures."""
    if times is None:
        return None
    return round(sum(times.values()) / (jobs * wall_s), 3)


def _against_ideal(
    result: dict,
    before: dict,
    after: dict,
    clients: int,
    jobs: int,
    load_before: tuple[float, ...],
    load_after: tuple[float, ...],
    times: dict[str, float] | None = None,
) -> dict:
    """One run set against the two timings of the ideal around it.

    With the run's own client times (``times``) and the ideal's (``before``/``after``
    ``times``), a sampled ideal is scaled to the whole roster by the run itself: the ideal's
    sum over the sample x (the run's time over all clients / its time over the sample). Both
    factors of that ratio come from one run, so the machine's drift cancels from it, and the
    sample (a few hundred clients, ~20 s) can be timed right before and right after the run
    instead of a minute away. ``in_batch_slowdown`` is how much longer the sampled clients
    took in the run than alone; efficiency = busy share / in-batch slowdown. Without client
    times the sample's mean is scaled by the count, as before.
    """
    mean = (before["mean_client_s"] + after["mean_client_s"]) / 2
    cpu = (before["sum_client_cpu_s"] + after["sum_client_cpu_s"]) / 2
    ideal_sum, slowdown, scaled_by = mean * clients, None, "count"
    sample = set(before.get("times", {})) & set(after.get("times", {})) & set(times or {})
    if times and sample:
        alone = sum(before["times"][c] + after["times"][c] for c in sample) / 2
        in_batch = sum(times[c] for c in sample)
        ideal_sum = alone * sum(times.values()) / in_batch
        slowdown, scaled_by = round(in_batch / alone, 3), "run"
    ideal_s = ideal_sum / jobs
    return {
        "clients": clients,
        "jobs": jobs,
        "time_limit": result.pop("time_limit"),
        "timed_clients": before["timed_clients"],
        "mean_client_s": round(mean, 4),
        "ideal_bracket": [before["mean_client_s"], after["mean_client_s"]],
        "drift": round(after["mean_client_s"] / before["mean_client_s"] - 1, 3),
        "ideal_scaled_by": scaled_by,
        "ideal_wall_s": round(ideal_s, 2),
        "sum_client_cpu_s": round(cpu, 2),
        **result,
        "in_batch_slowdown": slowdown,
        "clients_per_s": round(clients / result["wall_s"], 2),
        "efficiency": round(ideal_s / result["wall_s"], 3),
        # Load-independent: the CPU the clients need / the CPU the batch used.
        "cpu_efficiency": round(cpu / result["cpu_s"], 3),
        "loadavg_before": [round(x, 2) for x in load_before],
        "loadavg_after": [round(x, 2) for x in load_after],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, nargs="+", default=[200])
    parser.add_argument("--backends", default="local,dask")
    parser.add_argument("--jobs", type=int, default=default_jobs())
    parser.add_argument("--repeats", type=int, default=1, help="runs per backend and size")
    parser.add_argument("--time-limit", type=float, default=30.0)
    parser.add_argument("--chunk-size", type=int)
    parser.add_argument("--format", default="json")
    parser.add_argument("--equipment", default="bodyweight_only", help="the gym's equipment")
    parser.add_argument(
        "--sample",
        type=int,
        default=300,
        help="clients timed one by one for the ideal, before and after each run (0: all)",
    )
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args()

    runs = []
    for clients in args.clients:
        runs += measure(
            clients,
            args.backends.split(","),
            args.jobs,
            args,
            args.sample or None,
            args.repeats,
        )
    record = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "commit": commit(),
        "machine": {
            "cpus": os.cpu_count(),
            "usable_cpus": default_jobs(),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
        "runs": runs,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    history = json.loads(args.out.read_text()) if args.out.exists() else []
    history.append(record)
    args.out.write_text(json.dumps(history, indent=1) + "\n", encoding="utf-8")
    print(f"appended to {args.out}\n")
    print(table(runs))


def table(runs: list[dict]) -> str:
    """The runs as the Markdown table of benchmarks/README.md."""
    lines = [
        "| clients | backend | jobs | wall s | clients/s | ideal s (client ms before/after) "
        "| efficiency | CPU efficiency | busy share | in-batch slowdown | peak RSS parent MB "
        "| peak RSS tree MB | load avg |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in runs:
        before, after = (round(t * 1000, 1) for t in r["ideal_bracket"])
        slowdown = r.get("in_batch_slowdown")
        lines.append(
            f"| {r['clients']} | {r['backend']} | {r['jobs']} | {r['wall_s']} | "
            f"{r['clients_per_s']} | {r['ideal_wall_s']} ({before}/{after}) | "
            f"{r['efficiency']:.0%} | {r['cpu_efficiency']:.0%} | {_share(r.get('busy_share'))} | "
            f"{'-' if slowdown is None else f'{slowdown:.3f}'} | "
            f"{r['peak_rss_parent_mb']} | {r['peak_rss_tree_mb']} | "
            f"{r['loadavg_before'][0]}-{r['loadavg_after'][0]} |"
        )
    return "\n".join(lines)


def _share(value: float | None) -> str:
    return "-" if value is None else f"{value:.0%}"


if __name__ == "__main__":
    main()
