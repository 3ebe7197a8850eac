"""`hamopt batch` on a 50-client roster: locally, on a real Dask cluster, and the same programs.

The Dask cluster is started here as `hamopt` users start one (`dask scheduler`, two
`dask worker`s, all on 127.0.0.1, as subprocesses), once for the module.
"""

from __future__ import annotations

import csv
import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from batch_roster import BAD_ROWS, DUPLICATE_ID, UNSAFE_ID, poison, write_roster
from click.testing import CliRunner

from hamopt.batch.output import safe_name
from hamopt.batch.run import SolveSettings, open_input, run_batch
from hamopt.cli import main
from hamopt.inputs.roster import load_gym, read_roster, row_scenario

SETTINGS = SolveSettings(formats=("json", "markdown"), time_limit=5.0)
CLIENTS = 50
FEW = 16  # the fault tests: enough to be mid-run when a worker dies


def summary(outdir: Path) -> list[dict[str, str]]:
    with open(outdir / "summary.csv", newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def programs(outdir: Path) -> dict[str, object]:
    """Every result file, JSON without its `solver` block (timings live only there)."""
    found: dict[str, object] = {}
    for path in sorted(outdir.iterdir()):
        if path.suffix == ".json" and path.name != "summary.json":
            data = json.loads(path.read_text(encoding="utf-8"))
            data.pop("solver")
            found[path.name] = data
        elif path.suffix == ".md":
            found[path.name] = path.read_text(encoding="utf-8")
    return found


def outcome(outdir: Path) -> dict[str, tuple[str, str]]:
    return {row["client"]: (row["status"], row["objective"]) for row in summary(outdir)}


@pytest.fixture(scope="module")
def roster(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, list[str]]:
    folder = tmp_path_factory.mktemp("gym")
    return write_roster(folder, CLIENTS)


@pytest.fixture(scope="module")
def local_run(roster, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    csv_path, gym, _ = roster
    outdir = tmp_path_factory.mktemp("local") / "out"
    seen: list[str] = []
    report = run_batch(
        open_input(str(csv_path), gym),
        outdir,
        SETTINGS,
        jobs=2,
        on_result=lambda result: seen.append(result.client_id),
    )
    return outdir, report, seen


# --- the local run ------------------------------------------------------------------------


def test_every_client_once_with_the_right_status(local_run, roster) -> None:  # type: ignore[no-untyped-def]
    outdir, report, seen = local_run
    _, _, ids = roster
    rows = summary(outdir)
    assert len(rows) == len(seen) == CLIENTS
    assert len({row["client"] for row in rows}) == CLIENTS
    by_id = {row["client"]: row for row in rows}
    assert set(ids) <= set(by_id)
    for client_id, (status, column) in BAD_ROWS.items():
        assert by_id[client_id]["status"] == status, by_id[client_id]
        if column:  # names the roster, the row's line and the column
            assert re.search(rf"roster\.csv:\d+: {column}: ", by_id[client_id]["error"])
    assert "48 h" in by_id["two-a-day"]["error"]  # infeasible: explained in words
    duplicates = [row for row in rows if row["client"].startswith(f"{DUPLICATE_ID} (")]
    assert len(duplicates) == 1 and "duplicate client id" in duplicates[0]["error"]
    good = [row for row in rows if row["client"] not in BAD_ROWS and row not in duplicates]
    assert good and all(row["status"] in ("optimal", "feasible") for row in good)
    assert report.counts["invalid"] == 5 and report.counts["infeasible"] == 1
    assert report.line().startswith(f"{CLIENTS} clients: ")
    assert not report.all_programs


def test_result_files_complete_and_inside_outdir(local_run) -> None:  # type: ignore[no-untyped-def]
    outdir, _, _ = local_run
    for row in summary(outdir):
        if row["status"] in ("invalid", "failed"):
            assert row["file"] == ""
            continue
        for ext in ("json", "md"):
            path = outdir / f"{row['file']}.{ext}"
            assert path.is_file() and path.resolve().parent == outdir.resolve()
        json.loads((outdir / f"{row['file']}.json").read_text(encoding="utf-8"))
    unsafe = safe_name(UNSAFE_ID)
    assert (outdir / f"{unsafe}.json").is_file()
    assert not (outdir.parent.parent / "x.json").exists()
    assert not [p for p in outdir.iterdir() if p.name.startswith(".")]  # no temp file left
    data = json.loads((outdir / "summary.json").read_text(encoding="utf-8"))
    assert data["batch"]["counts"]["invalid"] == 5 and len(data["clients"]) == CLIENTS


def test_batch_gives_what_hamopt_solve_gives(local_run, roster, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    outdir, _, _ = local_run
    csv_path, gym_path, _ = roster
    gym = load_gym(gym_path)
    rows = [row for row in read_roster(csv_path) if row.client_id.startswith("m")][:3]
    for row in rows:
        scenario = row_scenario(row, gym)
        scenario_file = tmp_path / f"{row.client_id}.yaml"
        scenario_file.write_text(yaml.safe_dump(scenario.model_dump(mode="json")), "utf-8")
        result = CliRunner().invoke(
            main, ["solve", str(scenario_file), "--format", "json", "--time-limit", "5"]
        )
        assert result.exit_code == 0, result.output
        solved = json.loads(result.output)
        batched = json.loads((outdir / f"{row.client_id}.json").read_text(encoding="utf-8"))
        solved.pop("solver"), batched.pop("solver")
        assert batched == solved


def test_scenario_folder_matches_hamopt_solve(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = Path(__file__).resolve().parents[2] / "scenarios" / "bodyweight_only_traveller.yaml"
    # Relative paths, from a directory the worker processes did not start in.
    monkeypatch.chdir(tmp_path)
    folder = Path("clients")
    folder.mkdir()
    (folder / "traveller.yaml").write_text(source.read_text(encoding="utf-8"), "utf-8")
    (folder / "broken.yaml").write_text("name: x\nschedule: [\n", "utf-8")
    (folder / "notes.txt").write_text("not a scenario", "utf-8")
    result = CliRunner().invoke(main, ["batch", "clients", "-o", "out", "--time-limit", "5"])
    assert result.exit_code == 1, result.output  # one client has no program
    assert "2 clients: 1 optimal" in result.output
    rows = {row["client"]: row for row in summary(Path("out"))}
    assert rows["broken"]["status"] == "invalid"
    assert rows["broken"]["error"].startswith("clients/broken.yaml:")  # the path as given
    solo = CliRunner().invoke(
        main, ["solve", "clients/traveller.yaml", "--format", "json", "--time-limit", "5"]
    )
    expected = json.loads(solo.output)
    batched = json.loads(Path("out/traveller.json").read_text(encoding="utf-8"))
    expected.pop("solver"), batched.pop("solver")
    assert batched == expected


def test_a_client_given_as_data_gets_what_its_file_gets(tmp_path: Path) -> None:
    """The service's batch jobs hand the engine scenarios they have read and checked
    (ScenarioData, given_input): such a client is solved and rendered as its file is."""
    from hamopt.batch.run import ScenarioData, ScenarioFile, given_input
    from hamopt.inputs.loading import load_scenario
    from hamopt.rules.ruleset import active_rules

    source = Path(__file__).resolve().parents[2] / "scenarios" / "bodyweight_only_traveller.yaml"
    scenario = load_scenario(source)
    clients = [
        ScenarioFile.at("file", source),
        ScenarioData("data", scenario, tuple(active_rules(scenario))),
    ]
    report = run_batch(given_input("both", clients), tmp_path / "out", SETTINGS, jobs=1)
    assert report.counts["optimal"] == 2, report.line()
    found = programs(tmp_path / "out")
    assert found["data.json"] == found["file.json"]
    assert found["data.md"] == found["file.md"]


def test_existing_batch_is_not_overwritten_by_accident(local_run) -> None:  # type: ignore[no-untyped-def]
    outdir, _, _ = local_run
    result = CliRunner().invoke(main, ["batch", str(outdir), "-o", str(outdir)])
    assert result.exit_code == 2 and "--resume" in result.output


# --- a real Dask cluster ------------------------------------------------------------------


def _spawn(args: list[str], log: Path, env: dict[str, str]) -> subprocess.Popen[bytes]:
    dask = str(Path(sys.executable).parent / "dask")
    with open(log, "wb") as out:
        return subprocess.Popen(
            [dask, *args], stdout=out, stderr=subprocess.STDOUT, env=env, start_new_session=True
        )


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, list]]:
    """`dask scheduler` + two `dask worker`s on 127.0.0.1; yields (address, worker Popens)."""
    distributed = pytest.importorskip("distributed")
    folder = tmp_path_factory.mktemp("dask")
    env = {
        **os.environ,
        # One retry per task (default 3) keeps the KilledWorker test short.
        "DASK_DISTRIBUTED__SCHEDULER__ALLOWED_FAILURES": "1",
        # Scheduler and workers import the task's function: batch_roster.poison lives here.
        "PYTHONPATH": os.pathsep.join(
            filter(None, [str(Path(__file__).resolve().parents[1]), os.environ.get("PYTHONPATH")])
        ),
    }
    local = ["--host", "127.0.0.1", "--no-dashboard", "--dashboard-address", "127.0.0.1:0"]
    scheduler_file = folder / "scheduler.json"
    processes = [
        _spawn(
            ["scheduler", *local, "--port", "0", "--scheduler-file", str(scheduler_file)],
            folder / "scheduler.log",
            env,
        )
    ]
    try:
        deadline = time.monotonic() + 60
        while not scheduler_file.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        address = json.loads(scheduler_file.read_text())["address"]
        workers = [
            _spawn(
                ["worker", address, *local, "--nthreads", "1", "--nworkers", "1"],
                folder / f"worker{i}.log",
                env,
            )
            for i in range(2)
        ]
        processes += workers
        with distributed.Client(address, timeout="60s") as client:
            client.wait_for_workers(2, timeout=60)
        yield address, workers
    finally:
        for process in reversed(processes):
            try:
                os.killpg(process.pid, signal.SIGTERM)
            except ProcessLookupError:
                continue
        for process in processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def test_dask_cluster_gives_identical_programs(cluster, local_run, roster, tmp_path) -> None:  # type: ignore[no-untyped-def]
    address, _ = cluster
    csv_path, gym, _ = roster
    local_out, _, _ = local_run
    outdir = tmp_path / "dask"
    report = run_batch(
        open_input(str(csv_path), gym), outdir, SETTINGS, backend="dask", scheduler=address
    )
    assert report.total == CLIENTS and report.solved == CLIENTS
    assert outcome(outdir) == outcome(local_out)
    assert programs(outdir) == programs(local_out)


def _worker_processes(worker: subprocess.Popen[bytes]) -> list:
    import psutil

    return [
        child
        for child in psutil.Process(worker.pid).children(recursive=True)
        if "spawn_main" in " ".join(child.cmdline())
    ]


def test_dask_worker_killed_mid_run_loses_nothing(cluster, tmp_path) -> None:  # type: ignore[no-untyped-def]
    address, workers = cluster
    csv_path, gym, ids = write_roster(tmp_path, clients=FEW)
    killed: list[int] = []

    def kill_one(_result) -> None:  # type: ignore[no-untyped-def]
        if not killed:
            victims = _worker_processes(workers[0])
            assert victims, "no Dask worker process found to kill"
            victims[0].send_signal(signal.SIGKILL)
            killed.append(victims[0].pid)

    report = run_batch(
        open_input(str(csv_path), gym),
        tmp_path / "out",
        SETTINGS,
        backend="dask",
        scheduler=address,
        chunk_size=2,
        on_result=kill_one,
    )
    assert killed
    rows = summary(tmp_path / "out")
    assert len(rows) == len({row["client"] for row in rows}) == FEW
    assert set(ids) <= {row["client"] for row in rows}
    assert report.counts["failed"] == 0
    assert report.counts["invalid"] == 5 and report.counts["infeasible"] == 1


def test_killed_worker_task_is_failed_and_the_rest_run(cluster) -> None:  # type: ignore[no-untyped-def]
    from hamopt.parallel.dask_pool import run_dask

    address, _ = cluster
    outcomes = {o.item: o for o in run_dask(poison, range(10), scheduler=address, chunk_size=4)}
    assert set(outcomes) == set(range(10))
    assert not outcomes[3].ok and "died" in (outcomes[3].error or "")
    assert all(outcomes[x].ok and outcomes[x].value == 10 * x for x in range(10) if x != 3)


def parent_and_tick(_: int) -> tuple[str, object]:
    import dask
    import psutil

    parent = " ".join(psutil.Process().parent().cmdline())
    return parent, dask.config.get("distributed.admin.tick.interval")


def test_local_cluster_workers_are_forked_and_configured_for_batch() -> None:
    pytest.importorskip("distributed")
    from hamopt.parallel.dask_pool import LOCAL_CLUSTER_CONFIG, run_dask

    seen = {o.value for o in run_dask(parent_and_tick, range(2), jobs=1)}
    assert len(seen) == 1
    parent, tick = seen.pop()
    # Not spawned: a spawned worker imports Dask and the solver itself (~1.2 s) first.
    assert "multiprocessing.forkserver" in parent
    # The workers run with the batch's settings (their nanny hands them the config), not
    # Dask's defaults: a 20 ms event-loop tick cost each idle worker 2 % of a core.
    assert tick == LOCAL_CLUSTER_CONFIG["distributed.admin.tick.interval"] != "20ms"


def test_dask_local_cluster_gives_the_same_programs(local_run, roster, tmp_path) -> None:  # type: ignore[no-untyped-def]
    pytest.importorskip("distributed")
    csv_path, gym, _ = roster
    local_out, _, _ = local_run
    few = tmp_path / "few.csv"
    lines = csv_path.read_text(encoding="utf-8").splitlines(keepends=True)
    few.write_text("".join(lines[:5]), encoding="utf-8")  # 4 clients: startup dominates
    outdir = tmp_path / "out"
    report = run_batch(open_input(str(few), gym), outdir, SETTINGS, backend="dask", jobs=1)
    assert report.total == 4
    mine = programs(outdir)
    assert mine and all(mine[name] == programs(local_out)[name] for name in mine)


@pytest.mark.parametrize(("jobs", "beside"), [(None, False), (2, False), (1, True)])
def test_workers_that_fill_the_cores_run_no_work_beside_cp_sat(
    jobs: int | None, beside: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A worker a core (the default) leaves no core for the engine's second thread
    (engine/beside.py, parallel.pool.core_to_spare): each client is solved without it."""
    import hamopt.parallel.pool as parallel_pool
    from hamopt.batch.run import given_input

    handed: list[bool] = []

    def run_local(work, todo, **kwargs):  # type: ignore[no-untyped-def]
        handed.append(work.keywords["settings"].beside)
        yield from ()

    monkeypatch.setattr(parallel_pool, "default_jobs", lambda: 2)
    monkeypatch.setattr(parallel_pool, "run_local", run_local)
    run_batch(given_input("none", []), tmp_path / "out", SETTINGS, jobs=jobs)
    assert handed == [beside]
