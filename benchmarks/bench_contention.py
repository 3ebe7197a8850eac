"""How much slower a client solves beside another solve than alone, on this machine.

    .venv/bin/python -m benchmarks.bench_contention                  # ~4 min
    .venv/bin/python -m benchmarks.bench_contention --cycles 10      # a quick look

A batch on two cores runs two solves side by side; the batch benchmark's ideal
(bench_batch.py) times them one at a time. Whatever the hardware loses to running both
(shared caches, memory bandwidth, a hypervisor's scheduling) is in the gap between a
batch's busy share and its share of the ideal, and no batch machinery can win it back. This
script measures that loss alone.

Comparing a run of solves alone with a run of solves in pairs measures this machine's drift
instead: its speed moves by more than the effect within a minute (in alternating runs of
~25 s, the ratio came out anywhere from 0.97 to 1.09). So here one worker (A) solves a fixed
set of clients round and round without pause, while a second worker (B) solves in
alternating phases of a few seconds, on and off. A's times in "on" phases against its times
of the same clients in "off" phases, a few seconds apart, cancel the drift. A client whose
solve spans a change of phase is not counted.

Results go to ``benchmarks/results-local/contention.json``, one entry appended per invocation.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import platform
import statistics
import tempfile
import time
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from benchmarks.bench_batch import roster_clients, write_roster
from benchmarks.fresh import commit, compile_hamopt
from benchmarks.results_dir import results_dir

ROOT = Path(__file__).resolve().parents[1]
RESULTS = results_dir() / "contention.json"
CHANGING = -1  # the phase value while B switches: A's solves then are not counted
PHASE_BACKSTOP_S = 300.0  # longest wait for a phase's first counted solve


def _clients(folder: str, clients: int) -> tuple[list[Any], Any, Any]:
    from hamopt.batch.run import SolveSettings, solve_client

    tasks = roster_clients(Path(folder) / "roster.csv", Path(folder) / "gym.yaml")[:clients]
    settings = SolveSettings(formats=("json",), time_limit=30.0)
    for task in tasks[:3]:  # the first solves of a process are slower
        solve_client(task, settings)
    return tasks, settings, solve_client


def _worker_a(
    folder: str, clients: int, phase: Any, counted: Any, stop: Any, out: Any
) -> None:
    tasks, settings, solve = _clients(folder, clients)
    out.put("ready")
    timed: list[tuple[int, int, float]] = []
    i = 0
    while not stop.is_set():
        index = i % len(tasks)
        state = phase.value
        started = time.perf_counter()
        solve(tasks[index], settings)
        elapsed = time.perf_counter() - started
        if state != CHANGING and phase.value == state:
            timed.append((index, state, elapsed))
            counted.value += 1  # the main process ends no phase before one solve counts
        i += 1
    out.put(timed)


def _worker_b(folder: str, clients: int, on: Any, stop: Any, out: Any) -> None:
    tasks, settings, solve = _clients(folder, clients)
    out.put("ready")
    i = 0
    while not stop.is_set():
        if on.wait(0.2) and not stop.is_set():
            solve(tasks[(i * 7) % len(tasks)], settings)
            i += 1


def measure(clients: int, cycles: int, phase_s: float) -> list[tuple[int, int, float]]:
    """A's (client index, B on (1) or off (0), seconds) over ``cycles`` on/off pairs."""
    compile_hamopt()
    context = multiprocessing.get_context("spawn")
    phase = context.Value("i", CHANGING, lock=False)
    counted = context.Value("i", 0, lock=False)  # A's solves timed so far (A writes it alone)
    on, stop, out = context.Event(), context.Event(), context.Queue()
    with tempfile.TemporaryDirectory(prefix="hamopt-contention-") as folder:
        write_roster(Path(folder), clients, "bodyweight_only")
        a = context.Process(target=_worker_a, args=(folder, clients, phase, counted, stop, out))
        b = context.Process(target=_worker_b, args=(folder, clients, on, stop, out))
        a.start()
        b.start()
        for _ in (a, b):  # both have imported and warmed up
            if out.get(timeout=120) != "ready":
                raise RuntimeError("a worker reported before it was ready")
        for cycle in range(cycles):
            for state in (1, 0) if cycle % 2 else (0, 1):  # ABBA: no order effect
                phase.value = CHANGING
                if state:
                    on.set()
                else:
                    on.clear()
                time.sleep(0.2)  # B finishes the solve it was on, or starts one
                before = counted.value
                phase.value = state
                time.sleep(phase_s)
                # A phase ends once it has timed a solve of A's, however slow the machine
                # is today (a busy machine's solve can outlast phase_s); a backstop for a
                # worker that died.
                backstop = time.monotonic() + PHASE_BACKSTOP_S
                while counted.value == before and a.is_alive() and time.monotonic() < backstop:
                    time.sleep(0.05)
        stop.set()
        on.set()
        timed = out.get()
        a.join()
        b.join()
    return timed


def contention(timed: Iterable[tuple[int, int, float]]) -> dict[str, Any]:
    """A's times beside B over its times alone: over all solves, and per client."""
    alone: dict[int, list[float]] = {}
    beside: dict[int, list[float]] = {}
    for index, state, seconds in timed:
        (beside if state == 1 else alone).setdefault(index, []).append(seconds)
    both = sorted(set(alone) & set(beside))
    if not both:
        raise ValueError("no client was timed both alone and beside another solve")
    per_client = [statistics.fmean(beside[i]) / statistics.fmean(alone[i]) for i in both]
    mean_alone = statistics.fmean(t for i in both for t in alone[i])
    mean_beside = statistics.fmean(t for i in both for t in beside[i])
    return {
        "solves_alone": sum(len(alone[i]) for i in both),
        "solves_beside": sum(len(beside[i]) for i in both),
        "clients": len(both),
        "mean_alone_s": round(mean_alone, 4),
        "mean_beside_s": round(mean_beside, 4),
        "ratio_of_means": round(mean_beside / mean_alone, 3),
        "median_client_ratio": round(statistics.median(per_client), 3),
        "client_ratio_range": [round(min(per_client), 3), round(max(per_client), 3)],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=60, help="clients A solves round and round")
    parser.add_argument("--cycles", type=int, default=40, help="on/off pairs of B's phases")
    parser.add_argument("--phase", type=float, default=3.0, help="seconds per phase")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args()
    load_before = os.getloadavg()
    result = contention(measure(args.clients, args.cycles, args.phase))
    record = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "commit": commit(),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "settings": {"clients": args.clients, "cycles": args.cycles, "phase_s": args.phase},
        "loadavg_before": [round(x, 2) for x in load_before],
        "loadavg_after": [round(x, 2) for x in os.getloadavg()],
        **result,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    history = json.loads(args.out.read_text()) if args.out.exists() else []
    history.append(record)
    args.out.write_text(json.dumps(history, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(record, indent=1))


if __name__ == "__main__":
    main()
