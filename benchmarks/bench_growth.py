"""The growth curve: `hamopt solve` as the catalog, the horizon, the sessions and the slots grow.

    .venv/bin/python -m benchmarks.bench_growth            # the full curve (~1 min)
    .venv/bin/python -m benchmarks.bench_growth --quick    # two points per axis, one run each

Four axes, each from `quad_dominant_intermediate_full_gym` (2 sessions, its own slots) with
one thing changed:

* ``catalog``: 50 to 2,000 exercises, written as a catalog file and passed with ``--catalog``
  as a user would (50: a seeded sample of the shipped exercises, replacing the catalog; more:
  ``extends: default`` plus seeded variants, harness.catalog_variants);
* ``horizon``: 1 to 104 weeks of the correction-then-balance plan (bench_horizon.two_phase);
  a horizon past the scenario limit (MAX_WEEKS) is reported as refused input, not skipped;
* ``sessions``: 1 to 4 sessions a week on seven evening slots (one a day), each count with
  the one change a coach makes for it where the default rules cannot hold it
  (``SESSION_OVERRIDES``): the axis measures how the model grows with the sessions, and a
  count no program can have would measure the explanation instead;
* ``slots``: 3 to 21 slots a week (evenings first, then mornings, then noons), 2 sessions.

Every point runs `hamopt solve SCENARIO --format json --time-limit T` in a fresh process
(``--time-limit`` is CP-SAT's max_deterministic_time, so a slow point stops with its gap
instead of hanging; a wall backstop kills it at 4 T + 60 s). Per point: the program's status,
the process's wall and CPU time (wait4) and peak RSS (VmHWM), the solver's own wall and
deterministic time and its gap, each a median over ``--runs`` runs. Per axis: the log-log
slope of the median wall time and of the deterministic time against the axis value, over the
points that returned a program. Results are appended to ``growth.json`` and the tables
written to ``growth.md`` in benchmarks/results_dir.py's folder (the committed one only with
``make bench UPDATE=1``).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml

from benchmarks.fresh import commit, compile_hamopt
from benchmarks.results_dir import results_dir

ROOT = Path(__file__).resolve().parents[1]
RESULTS = results_dir() / "growth.json"
TABLES = results_dir() / "growth.md"
BASE = ROOT / "scenarios" / "quad_dominant_intermediate_full_gym.yaml"
HAMOPT = Path(sys.executable).parent / "hamopt"
# Exercises in hamopt/data/exercises.yaml (read, not written down: the catalog grows): below
# it a sample replaces them, above it a file extends them.
SHIPPED_SIZE = len(yaml.safe_load((ROOT / "hamopt" / "data" / "exercises.yaml").read_text(
    encoding="utf-8"))["exercises"])
DEFAULT_TIME_LIMIT = 30.0  # deterministic seconds a point may take: hamopt solve's default

AXES: dict[str, dict[str, tuple[int, ...]]] = {
    "full": {
        "catalog": (50, 100, 250, 500, 1000, 2000),
        "horizon": (1, 4, 12, 26, 52, 104),
        "sessions": (1, 2, 3, 4),
        "slots": (3, 5, 7, 14, 21),
    },
    "quick": {
        "catalog": (50, 250),
        "horizon": (1, 4),
        "sessions": (1, 2),
        "slots": (3, 7),
    },
}
# The session counts the default rules rule out, and the coach's change for each (scenario
# overrides, written into the point's file). One session: seed 003's session cap of 10
# hamstring sets cannot hold its weekly minimum of 12 (a once-a-week client does what one
# session holds). Four: four sessions pairwise 48 h apart need 192 of a week's 168 hours (a
# coach training hamstrings four times a week spaces them a day apart).
SESSION_OVERRIDES: dict[int, dict[str, Any]] = {
    1: {"volume_range": {"params": {"weekly_min_sets": 10}}},
    4: {"recovery_spacing": {"params": {"min_hours": 24}}},
}
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
TIMES = ("18:00", "07:00", "12:00")  # evenings first: what a lifter with a job has


# --- the inputs -------------------------------------------------------------------------


def _base() -> dict[str, Any]:
    data = yaml.safe_load(BASE.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def slots(n: int) -> list[dict[str, str]]:
    """``n`` slots, one a day in the evening first, then mornings, then noons."""
    return [{"day": DAYS[i % 7], "time": TIMES[i // 7]} for i in range(n)]


def catalog_file(size: int, folder: Path) -> Path:
    """A catalog file of ``size`` exercises: a sample replacing the shipped ones, or
    ``extends: default`` plus variants (the shipped ones written again would clash)."""
    from benchmarks.harness import catalog_variants

    exercises = catalog_variants(size).model_dump(mode="json", exclude_none=True)["exercises"]
    data: dict[str, Any] = {"exercises": exercises}
    if size > SHIPPED_SIZE:
        data = {"extends": "default", "exercises": exercises[SHIPPED_SIZE:]}
    path = folder / f"catalog_{size}.yaml"
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    path.write_text(yaml.dump(data, Dumper=dumper, sort_keys=False), encoding="utf-8")
    return path


def scenario_file(axis: str, value: int, folder: Path) -> tuple[Path, Path | None]:
    """The point's scenario file and its catalog file (the catalog axis only)."""
    data = _base()
    catalog = None
    if axis == "catalog":
        catalog = catalog_file(value, folder)
        if value <= SHIPPED_SIZE:
            # A sample may lack an exercise the scenario favours, and favouring an unknown
            # id is an input error: keep the favourites the sample has.
            ids = {e["id"] for e in yaml.safe_load(catalog.read_text())["exercises"]}
            prefs = data.get("preferences", {})
            prefs["favour"] = [i for i in prefs.get("favour", []) if i in ids]
    elif axis == "horizon":
        from benchmarks.bench_horizon import two_phase

        half = value // 2  # as bench_horizon.two_phase, built as data: past MAX_WEEKS too
        data = two_phase(1).model_dump(mode="json", exclude_unset=True)
        data["phases"] = [{"phase": "correction", "weeks": value - half}]
        if half:
            data["phases"].append({"phase": "balanced", "weeks": half})
        data["name"] = f"two-phase {value} weeks"
        data.pop("weeks", None)
        data.pop("phase", None)
    elif axis == "sessions":
        data["schedule"].update(sessions_per_week=value, slots=slots(7))
        if value in SESSION_OVERRIDES:
            data["overrides"] = {**data.get("overrides", {}), **SESSION_OVERRIDES[value]}
    elif axis == "slots":
        data["schedule"].update(sessions_per_week=2, slots=slots(value))
    else:
        raise ValueError(f"no axis {axis!r}")
    path = folder / f"scenario_{axis}_{value}.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path, catalog


# --- one run ----------------------------------------------------------------------------


def run_once(scenario: Path, catalog: Path | None, time_limit: float) -> dict[str, Any]:
    """`hamopt solve` in a fresh process: its status and times, and the process's peak RSS."""
    command = [str(HAMOPT), "solve", str(scenario), "--format", "json",
               "--time-limit", f"{time_limit:g}"]  # fmt: skip
    if catalog is not None:
        command += ["--catalog", str(catalog)]
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=err)
        killed = False
        deadline = started + 4 * time_limit + 60
        peak_kib = 0
        while True:
            peak_kib = max(peak_kib, _high_water_kib(process.pid))
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                process.kill()
                killed = True
            time.sleep(0.005)
        wall = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(), err.read().decode()
    row: dict[str, Any] = {
        "exit": process.returncode,
        "wall_s": wall,
        "cpu_s": usage.ru_utime + usage.ru_stime,
        "peak_rss_mb": round(peak_kib / 1024, 1),
    }
    if killed:
        return {**row, "status": "killed", "note": f"past the {4 * time_limit + 60:g} s backstop"}
    try:
        program = json.loads(stdout)
    except json.JSONDecodeError:
        note = (stderr.strip().splitlines() or ["no output"])[-1]
        return {**row, "status": "invalid" if process.returncode == 2 else "error", "note": note}
    solver = program.get("solver") or {}
    if program.get("conflict"):
        # An infeasible point is an answer: the note names the rules in conflict, as the CLI
        # does, so the table says why (1 session: 12 weekly sets over a 10-set session cap).
        row["note"] = "conflict: " + "; ".join(
            f"{c['id']} ({c['message']})" for c in program["conflict"]
        )
    return {
        **row,
        "status": program["status"],
        "solver_wall_s": solver.get("wall_time"),
        "deterministic_s": solver.get("deterministic_time"),
        "gap": solver.get("gap"),
        "quality_gap": solver.get("quality_gap"),
        "objective": solver.get("objective"),
    }


def _high_water_kib(pid: int) -> int:
    """The process's peak RSS so far (VmHWM), 0 once it has exited. Not wait4's ru_maxrss:
    Linux carries the forking parent's resident size (this benchmark's, ~150 MB with
    OR-Tools loaded) over the exec into it, which hid every child smaller than that."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _median(runs: list[dict[str, Any]], key: str) -> float | None:
    values = [r[key] for r in runs if r.get(key) is not None]
    return round(statistics.median(values), 4) if values else None


def point(axis: str, value: int, runs: int, time_limit: float, folder: Path) -> dict[str, Any]:
    scenario, catalog = scenario_file(axis, value, folder)
    done = [run_once(scenario, catalog, time_limit) for _ in range(runs)]
    row: dict[str, Any] = {"axis": axis, "value": value, "runs": runs}
    row["status"] = "/".join(sorted({r["status"] for r in done}))
    for key in (
        "wall_s", "cpu_s", "peak_rss_mb", "solver_wall_s", "deterministic_s", "gap", "quality_gap"
    ):
        row[key] = _median(done, key)
    notes = sorted({r["note"] for r in done if r.get("note")})
    if axis == "sessions" and value in SESSION_OVERRIDES:  # the table says what changed
        notes.insert(0, "with " + ", ".join(
            f"{rule}.{name} = {v}"
            for rule, override in SESSION_OVERRIDES[value].items()
            for name, v in override["params"].items()
        ))  # fmt: skip
    if notes:
        row["note"] = "; ".join(notes)
    if catalog is not None:
        row["catalog_bytes"] = catalog.stat().st_size
    return row


# --- the curve --------------------------------------------------------------------------


def loglog_slope(rows: list[dict[str, Any]], key: str) -> float | None:
    """Slope of log(``key``) on log(value) over the points with a program."""
    from benchmarks.harness import loglog_slope as slope

    kept = [r for r in rows if r["status"] in ("optimal", "feasible") and r.get(key)]
    return slope([r["value"] for r in kept], [r[key] for r in kept])


def curve(mode: str, runs: int, time_limit: float) -> dict[str, Any]:
    compile_hamopt()  # compiled, as pip leaves a user's install (benchmarks/fresh.py)
    result: dict[str, Any] = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "mode": mode,
        "commit": commit(),
        "load_before": [round(x, 2) for x in os.getloadavg()],
        "time_limit_det_s": time_limit,
        "runs": runs,
        "axes": {},
    }
    with tempfile.TemporaryDirectory(prefix="hamopt-growth-") as tmp:
        for axis, values in AXES[mode].items():
            rows = []
            for value in values:
                row = point(axis, value, runs, time_limit, Path(tmp))
                rows.append(row)
                print(f"  {axis} {value}: {row['status']} {row['wall_s']} s wall, "
                      f"{row['deterministic_s']} det s, {row['peak_rss_mb']} MB", flush=True)
            result["axes"][axis] = {
                "rows": rows,
                "wall_loglog_slope": loglog_slope(rows, "wall_s"),
                "deterministic_loglog_slope": loglog_slope(rows, "deterministic_s"),
            }
    result["load_after"] = [round(x, 2) for x in os.getloadavg()]
    return result


def table(result: dict[str, Any]) -> str:
    lines = [
        f"Growth curve, {result['date']}, commit {result['commit']}, mode {result['mode']}, "
        f"{result['runs']} run(s) a point (median), --time-limit {result['time_limit_det_s']:g} "
        f"deterministic s; load {result['load_before'][0]} -> {result['load_after'][0]}",
        "",
        "| axis | value | status | `hamopt solve` wall s | CPU s | peak RSS MB | solver wall s "
        "| deterministic s | gap | quality gap | note |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for axis, data in result["axes"].items():
        for r in data["rows"]:
            lines.append(
                f"| {axis} | {r['value']} | {r['status']} | {r['wall_s']} | {r['cpu_s']} | "
                f"{r['peak_rss_mb']} | {r['solver_wall_s']} | {r['deterministic_s']} | "
                f"{r['gap']} | {r.get('quality_gap')} | {r.get('note', '')} |"
            )
    lines += ["", "| axis | log-log slope, wall | log-log slope, deterministic |", "|---|---|---|"]
    for axis, data in result["axes"].items():
        lines.append(
            f"| {axis} | {data['wall_loglog_slope']} | {data['deterministic_loglog_slope']} |"
        )
    return "\n".join(lines) + "\n"


def save(result: dict[str, Any], out: Path = RESULTS) -> None:
    history = json.loads(out.read_text()) if out.exists() else []
    history.append(result)
    tmp = out.with_suffix(".tmp")
    tmp.write_text(json.dumps(history, indent=1) + "\n", encoding="utf-8")
    tmp.replace(out)
    TABLES.write_text(table(result), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="two points per axis, one run")
    parser.add_argument("--runs", type=int, help="runs a point (default 3, quick 1)")
    parser.add_argument("--time-limit", type=float, default=DEFAULT_TIME_LIMIT,
                        help="deterministic seconds a solve may take (hamopt's default)")
    parser.add_argument("--no-save", action="store_true", help="print only")
    args = parser.parse_args()
    mode = "quick" if args.quick else "full"
    runs = args.runs or (1 if args.quick else 3)
    result = curve(mode, runs, args.time_limit)
    print(table(result))
    if not args.no_save:
        save(result)


if __name__ == "__main__":
    main()
