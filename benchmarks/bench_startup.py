"""Start-up: `hamopt solve` on a one-week scenario against the import floor, in one run.

    .venv/bin/python -m benchmarks.bench_startup                # 15 pairs, balanced_lifter
    .venv/bin/python -m benchmarks.bench_startup --runs 25 --extra "python -X importtime ..."

The floor is a fresh ``python -c "from ortools.sat.python import cp_model"``: what any
program that solves with CP-SAT pays before it does anything. Each repetition runs the floor,
then `hamopt solve`, then any ``--variant`` command, in turn, so the machine's drift hits them
all alike; the figure is the ratio of median CPU seconds (user + system, of the process and
its children), which a shared machine disturbs less than wall time. A ratio that moves by
less than the run-to-run noise (about 10 % here) is no result.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path
from typing import Any

from benchmarks.fresh import commit, compile_hamopt

ROOT = Path(__file__).resolve().parents[1]
SCENARIO = ROOT / "scenarios" / "balanced_lifter.yaml"
FLOOR = [sys.executable, "-c", "from ortools.sat.python import cp_model"]
HAMOPT = str(Path(sys.executable).parent / "hamopt")


def cpu_of(command: list[str], env: dict[str, str] | None = None) -> float:
    """CPU seconds (user + system) of one fresh run of ``command``."""
    before = os.times()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True,
                   env=env)  # fmt: skip
    after = os.times()
    return (after.children_user - before.children_user) + (
        after.children_system - before.children_system
    )


def measure(
    commands: dict[str, list[str]], runs: int, envs: dict[str, dict[str, str]] | None = None
) -> dict[str, Any]:
    """Median CPU of each command over ``runs`` rotations; ``envs``: extra environment
    variables for some of them (a variant of hamopt switched by a variable)."""
    compile_hamopt()
    envs = envs or {}

    def env(name: str) -> dict[str, str] | None:
        return {**os.environ, **envs[name]} if name in envs else None

    for name, command in commands.items():
        cpu_of(command, env(name))  # the page cache warm for all before timing any
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            times[name].append(cpu_of(command, env(name)))
    floor = statistics.median(times["floor"])
    return {
        "commit": commit(),
        "runs": runs,
        "load": [round(x, 2) for x in os.getloadavg()],
        "cpu_median_s": {n: round(statistics.median(t), 3) for n, t in times.items()},
        "cpu_spread_s": {n: [round(min(t), 3), round(max(t), 3)] for n, t in times.items()},
        "over_floor": {n: round(statistics.median(t) / floor, 2) for n, t in times.items()},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--scenario", type=Path, default=SCENARIO)
    parser.add_argument(
        "--variant", action="append", default=[], metavar="NAME=PYTHON_CODE",
        help="another fresh `python -c CODE` timed in the same rotation",
    )  # fmt: skip
    parser.add_argument(
        "--env-variant", action="append", default=[], metavar="NAME=VAR=VALUE",
        help="`hamopt solve` again with VAR=VALUE set, timed in the same rotation",
    )  # fmt: skip
    args = parser.parse_args()
    solve = [HAMOPT, "solve", str(args.scenario)]
    commands = {"floor": FLOOR, "hamopt solve": solve}
    envs: dict[str, dict[str, str]] = {}
    for variant in args.variant:
        name, code = variant.split("=", 1)
        commands[name] = [sys.executable, "-c", code]
    for variant in args.env_variant:
        name, var, value = variant.split("=", 2)
        commands[name], envs[name] = solve, {var: value}
    print(json.dumps(measure(commands, args.runs, envs), indent=1))


if __name__ == "__main__":
    main()
