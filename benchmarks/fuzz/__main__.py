"""`python -m benchmarks.fuzz --count 20000 --jobs 2`: a long fuzz campaign (`make fuzz`).

Cases are split across ``--jobs`` processes by index (each case depends on the seed and its
index alone); the figures and every distinct failure, with the input that caused it, go to
``--out`` (JSON) and a summary to stdout. Exit 1 when any case is not clean.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import sys
import time
from pathlib import Path

from benchmarks.fuzz.core import HANG_SECONDS, Tally, part
from benchmarks.results_dir import results_dir


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.fuzz")
    parser.add_argument("--count", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=21)
    parser.add_argument("--start", type=int, default=0, help="first case index")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--hang", type=float, default=HANG_SECONDS, help="seconds per case")
    parser.add_argument("--out", type=Path, default=results_dir() / "fuzz.json")
    args = parser.parse_args(argv)
    started = time.monotonic()
    stop = args.start + args.count
    args.out.parent.mkdir(parents=True, exist_ok=True)
    parts = [
        (args.seed, args.start + j, stop, args.jobs, args.hang, f"{args.out}.part{j}")
        for j in range(args.jobs)
    ]
    if args.jobs == 1:
        tallies = [part(parts[0])]
    else:
        with multiprocessing.get_context("spawn").Pool(args.jobs) as pool:
            tallies = pool.map(part, parts)
    tally = Tally()
    for share in tallies:
        tally.merge(share)
    summary = {
        **tally.summary(),
        "seed": args.seed,
        "cases": [args.start, stop],
        "elapsed_s": round(time.monotonic() - started, 1),
    }
    failures = [
        {
            "key": key,
            "verdict": o.verdict,
            "index": o.case.index,
            "kind": o.case.kind,
            "args": o.case.args,
            "exit": o.exit_code,
            "detail": o.detail[-1500:],
            "input": o.case.text[:20_000],
        }
        for key, o in sorted(tally.failures.items())
    ]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"summary": summary, "failures": failures}, indent=1) + "\n")
    print(json.dumps(summary, indent=1))
    for failure in failures:
        last = failure["detail"].splitlines()[-1:]
        where = " ".join(failure["args"][:2])
        print(f"{failure['verdict']}: case {failure['index']} {failure['kind']} {where}: {last}")
    return 0 if not failures else 1


if __name__ == "__main__":
    sys.exit(main())
