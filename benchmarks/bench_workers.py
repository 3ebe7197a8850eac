"""Same input, same output, whatever the number of workers (issue 21, item 6), on every
shipped scenario.

    .venv/bin/python -m benchmarks.bench_workers              # 1 and 4 workers
    .venv/bin/python -m benchmarks.bench_workers --workers 1 2 8

Each feasible shipped scenario (scenarios/*.yaml, the infeasible-on-purpose ones skipped) is
solved once per worker count, in this process, with the default time limit; the programs are
compared whole, the ``solver`` block (timings, worker count) left out. tests/engine/
test_workers_determinism.py holds three tied scenarios to it on every ``make test``; this run
covers the rest, multi-week plans included, which are too slow for the suite. Written to
``benchmarks/results-local/workers.json`` (``HAMOPT_BENCH_UPDATE=1``: the committed folder).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path
from typing import Any

import hamopt
from benchmarks.results_dir import results_dir

ROOT = Path(__file__).resolve().parents[1]
RESULTS = results_dir() / "workers.json"


def shipped() -> list[Path]:
    return [p for p in sorted((ROOT / "scenarios").glob("*.yaml")) if "infeasible" not in p.stem]


def content(path: Path, workers: int) -> tuple[str, dict[str, Any], float]:
    program = hamopt.solve(hamopt.load_scenario(path), base_dir=path.parent, workers=workers)
    assert program.solver is not None
    body = program.model_dump(mode="json", exclude={"solver"})
    return program.status, body, program.solver.deterministic_time


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 4])
    args = parser.parse_args()
    rows = []
    for path in shipped():
        runs = {w: content(path, w) for w in args.workers}
        first = runs[args.workers[0]][1]
        same = all(body == first for _status, body, _det in runs.values())
        rows.append(
            {
                "scenario": path.stem,
                "status": {str(w): r[0] for w, r in runs.items()},
                "deterministic_s": {str(w): round(r[2], 3) for w, r in runs.items()},
                "same_program": same,
            }
        )
        print(f"{path.stem:48s} {'same' if same else 'DIFFERENT'} "
              + " ".join(f"{w}w:{r[0]}/{r[2]:.2f}" for w, r in runs.items()))
    result = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                    "ortools": version("ortools")},
        "workers": args.workers,
        "scenarios": len(rows),
        "same": sum(r["same_program"] for r in rows),
        "rows": rows,
    }
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")
    print(f"{result['same']} of {result['scenarios']} scenarios: the same program on "
          f"{', '.join(map(str, args.workers))} workers -> {RESULTS}")


if __name__ == "__main__":
    main()
