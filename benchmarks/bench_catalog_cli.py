"""A gym's own library: `hamopt solve --catalog` with 1,000 exercises against the import floor.

    .venv/bin/python -m benchmarks.bench_catalog_cli                      # 7 rotations
    .venv/bin/python -m benchmarks.bench_catalog_cli --base /tmp/old-tree  # before and after

Issue 23 asks the whole `hamopt solve` for a 1,000-exercise catalog file to cost at most 3x the
import floor measured in the same run. The catalog is bench_growth's for that point (the
shipped exercises extended by seeded variants, written as YAML as a user would), and the
same data as JSON (a library exported from a database), each solved for bench_growth's
catalog scenario and written as a JSON program file; the YAML one also printing the default
table (what a coach typing the command sees). Each rotation runs the floor and every command
in turn (bench_startup.measure: median CPU s of fresh processes, user + system), so the
machine's drift hits them alike. ``--base`` adds the same commands run from another checkout
of hamopt (``git worktree add /tmp/old-tree COMMIT``) in the same rotation: the
before-and-after figure the issue asks for. Results are appended to ``catalog_cli.json`` in
benchmarks/results_dir.py's folder.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml

from benchmarks import bench_growth
from benchmarks.bench_startup import FLOOR, measure
from benchmarks.results_dir import results_dir

SIZE = 1000
RESULTS = results_dir() / "catalog_cli.json"
TARGET = 3.0  # issue 23: at most 3x the import floor


def inputs(folder: Path) -> dict[str, Path]:
    """The scenario and its catalog as YAML and as JSON (the same data)."""
    scenario, catalog = bench_growth.scenario_file("catalog", SIZE, folder)
    assert catalog is not None
    as_json = catalog.with_suffix(".json")
    as_json.write_text(json.dumps(yaml.safe_load(catalog.read_text(encoding="utf-8"))))
    return {"scenario": scenario, "yaml": catalog, "json": as_json}


def commands(
    files: dict[str, Path], out: Path, base: Path | None
) -> tuple[dict[str, list[str]], dict[str, dict[str, str]]]:
    """The floor, then `hamopt solve` with each catalog file (and from ``base`` too, which
    PYTHONPATH picks: `python -P` puts no current folder before it on sys.path)."""
    found: dict[str, list[str]] = {"floor": FLOOR}
    envs: dict[str, dict[str, str]] = {}
    entry = [sys.executable, "-P", "-c", "import sys; from hamopt.cli import main; main()"]
    for tree in (None, base) if base is not None else (None,):
        for kind, fmt in (("yaml", "json"), ("json", "json"), ("yaml", "table")):
            name = f"{kind}, {fmt}" if tree is None else f"base {kind}, {fmt}"
            solve = [*entry, "solve", str(files["scenario"]), "--catalog", str(files[kind])]
            if fmt == "json":  # a file, as a gym's pipeline would; the table goes to stdout
                solve += ["--format", "json", "-o", str(out / f"{name}.json")]
            found[name] = solve
            if tree is not None:
                envs[name] = {"PYTHONPATH": str(tree)}
    return found, envs


def run(runs: int, base: Path | None) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="hamopt-catalog-cli-") as tmp:
        folder = Path(tmp)
        found, envs = commands(inputs(folder), folder, base)
        result = measure(found, runs, envs)
    result["date"] = datetime.now(UTC).isoformat(timespec="seconds")
    result["exercises"] = SIZE
    result["base"] = str(base) if base else None
    result["target_over_floor"] = TARGET
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument(
        "--base", type=Path, default=None, help="another hamopt checkout, timed in the same run"
    )
    args = parser.parse_args()
    result = run(args.runs, args.base.resolve() if args.base else None)
    history = json.loads(RESULTS.read_text()) if RESULTS.exists() else []
    history.append(result)
    RESULTS.write_text(json.dumps(history, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
