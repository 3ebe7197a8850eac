"""What `hamopt solve` loads at start-up: the CLI is benchmarked against a bare OR-Tools import
(benchmarks/harness.py, target within 2x), so heavy modules that one command uses stay out of
every other command's start-up."""

from __future__ import annotations

import json
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest

import hamopt

SCENARIO = Path(__file__).resolve().parent.parent / "scenarios" / "balanced_lifter.yaml"

PROBE = """
import json, sys
from click.testing import CliRunner
from hamopt.cli import main
result = CliRunner().invoke(main, sys.argv[1:])
assert result.exit_code == 0, result.output
print(json.dumps(sorted(m for m in sys.modules if m.split(".")[0] in
      ("icalendar", "jinja2", "hamopt", "dask", "matplotlib", "concurrent", "ortools"))))
"""


def loaded_after(*args: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", PROBE, *args], capture_output=True, text=True, check=True
    ).stdout
    return set(json.loads(out.strip().splitlines()[-1]))


def test_a_table_solve_loads_no_other_format_nor_the_batch_machinery() -> None:
    loaded = loaded_after("solve", str(SCENARIO))
    assert "hamopt.engine.solve" in loaded  # the probe really ran a solve
    unwanted = {
        "icalendar", "jinja2", "dask", "matplotlib", "hamopt.study.compare", "hamopt.parallel.pool"
    }  # fmt: skip
    assert not unwanted & loaded
    # `hamopt rules --format` needs only the constant; the rule documentation stays unloaded.
    assert "hamopt.rules.docs" not in loaded
    renderers = {m for m in loaded if m.startswith("hamopt.render.")}
    assert renderers <= {
        "hamopt.render.common", "hamopt.render.formats", "hamopt.render.rule_docs",
        "hamopt.render.table", "hamopt.render.weeks",
        "hamopt.render.text_tables",  # the table's own helper
    }  # fmt: skip


def test_checking_input_loads_no_solver() -> None:
    # Validating a scenario checks every rule's params, so it imports every rule module;
    # those import hamopt.engine.compile for its types, which must not pull in OR-Tools (~0.4 s):
    # `hamopt validate` and a batch's parent (checking a gym) never build a model.
    loaded = loaded_after("validate", str(SCENARIO))
    assert "hamopt.rules.registry" in loaded  # the rules really were checked
    assert not {m for m in loaded if m.startswith("ortools")}


def test_what_a_batch_worker_imports_leaves_out_the_table() -> None:
    # The fork server imports these before any worker starts, so they are on the critical
    # path of every batch; rich (~25 ms) is only for the terminal table, which a batch rarely
    # writes, and is imported when one is.
    code = "import sys, hamopt.batch.run, hamopt.engine.solve; print('rich' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_a_format_loads_its_renderer_when_asked() -> None:
    loaded = loaded_after("solve", str(SCENARIO), "--format", "markdown")
    assert "hamopt.render.markdown" in loaded
    assert "icalendar" not in loaded


def test_one_version_everywhere() -> None:
    # pyproject.toml reads hamopt.__version__; the installed metadata must agree with it.
    assert version("hamopt") == hamopt.__version__


def test_the_cli_default_time_limit_is_the_solvers() -> None:
    # Written twice so the CLI need not import OR-Tools to show its --help.
    from hamopt.cli.common import DEFAULT_TIME_LIMIT as CLI_DEFAULT
    from hamopt.engine.solve import DEFAULT_TIME_LIMIT

    assert CLI_DEFAULT == DEFAULT_TIME_LIMIT


BATCH_PROBE = """
import json, sys
import hamopt.batch.workers as workers
from click.testing import CliRunner
from hamopt.cli import main

heavy = ("hamopt.batch.run", "hamopt.domain.models", "pydantic", "ortools")
seen = {}
start = workers.start_fork_server

def spy(preload):
    seen.setdefault("loaded_when_workers_start", sorted(m for m in heavy if m in sys.modules))
    return start(preload)

workers.start_fork_server = spy
result = CliRunner().invoke(main, sys.argv[1:])
seen["exit_code"] = result.exit_code
seen["solver_in_parent"] = sorted(m for m in ("hamopt.engine.solve", "ortools", "pandas")
                                 if m in sys.modules)
print(json.dumps(seen))
"""


@pytest.mark.parametrize("backend", ["local", "dask"])
def test_a_batch_starts_its_workers_first_and_never_loads_the_solver(
    backend: str, tmp_path: Path
) -> None:
    # The workers' imports (OR-Tools: ~0.4 s) overlap this process's own only if they start
    # before it imports anything heavy; and this process, which never solves, skips them.
    # With Dask it also skips pandas, which Dask would import here only to name it in a fork
    # server's preload list (hamopt.parallel.dask_pool).
    if backend == "dask":
        pytest.importorskip("distributed")
    folder = tmp_path / "clients"
    folder.mkdir()
    (folder / "a.yaml").write_text(SCENARIO.read_text(encoding="utf-8"), encoding="utf-8")
    args = ["batch", str(folder), "-o", str(tmp_path / "out"), "--backend", backend]
    out = subprocess.run(
        [sys.executable, "-c", BATCH_PROBE, *args], capture_output=True, text=True, check=True
    ).stdout
    seen = json.loads(out.strip().splitlines()[-1])
    expected: dict[str, object] = {
        "loaded_when_workers_start": [], "exit_code": 0, "solver_in_parent": []}  # fmt: skip
    if backend == "dask" and not _dask_keeps_pandas_out():
        expected["solver_in_parent"] = ["pandas"]
    assert seen == expected


def _dask_keeps_pandas_out() -> bool:
    """Dask before 2025.4 imports pandas in the client's process whatever hamopt does (found
    by ``make test-lowest``, with the lowest Dask pyproject.toml allows, 2024.1): the batch
    works, its parent only starts about 0.3 s slower. A gym's cluster may pin such a Dask, so
    the floor stays and the tests expect pandas there."""
    from importlib.metadata import version

    major, minor = (int(part) for part in version("distributed").split(".")[:2])
    return (major, minor) >= (2025, 4)


LIBRARY_DASK_PROBE = """
import sys
from multiprocessing import forkserver
from hamopt.parallel.dask_pool import run_dask

if __name__ == "__main__":
    values = sorted(o.value for o in run_dask(abs, [-1, 2], jobs=1))
    # What the server was started with (CPython keeps it on the module's one server).
    preloaded = "distributed" in getattr(forkserver._forkserver, "_preload_modules", [])
    print(values, "pandas" in sys.modules, preloaded)
"""


def test_run_dask_as_a_library_starts_its_own_fork_server(tmp_path: Path) -> None:
    # Without `hamopt batch` (hamopt.batch.workers) having started a fork server, run_dask starts
    # one with Dask preloaded itself, since it skips Dask's own preload list.
    pytest.importorskip("distributed")
    probe = tmp_path / "probe.py"
    probe.write_text(LIBRARY_DASK_PROBE, encoding="utf-8")
    out = subprocess.run(
        [sys.executable, str(probe)], capture_output=True, text=True, check=True
    ).stdout
    pandas = "False" if _dask_keeps_pandas_out() else "True"
    assert out.strip().splitlines()[-1] == f"[1, 2] {pandas} True"


EXIT_PROBE = """
import atexit, gc, sys
# Registered before hamopt's own handler, so it runs after it (exit handlers run last-in
# first-out): it sees the heap as the interpreter's teardown will.
atexit.register(lambda: print("frozen at exit:", gc.get_freeze_count()))
from hamopt.cli import main
main(sys.argv[1:])
"""


def test_the_cli_freezes_its_heap_before_the_interpreter_tears_it_down() -> None:
    # The teardown then skips freeing the imports' objects one by one (0.2 s of a solve's
    # wall time here; timed in benchmarks, not here).
    out = subprocess.run(
        [sys.executable, "-c", EXIT_PROBE, "solve", str(SCENARIO), "--format", "json"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert '"status": "optimal"' in out  # the solve ran and printed before the exit
    frozen = int(out.strip().splitlines()[-1].removeprefix("frozen at exit:"))
    assert frozen > 10_000  # OR-Tools, pandas, pydantic, hamopt: ~70,000 here
