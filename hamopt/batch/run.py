"""Programs for many clients at once: `hamopt batch`.

Input is a folder (or glob) of scenario files, or a roster CSV plus a gym profile
(:mod:`hamopt.inputs.roster`). The parent process only lists the clients and writes results
(:mod:`hamopt.batch.output`); reading, checking, solving and rendering a client happen in a
worker (:func:`solve_client`), on the local pool (:mod:`hamopt.parallel.pool`) or on Dask
(:mod:`hamopt.parallel.dask_pool`). Each solve is the one `hamopt solve` does (same loading, same
rules, one CP-SAT worker, a limit in deterministic time), so a batch gives every client the
program `hamopt solve` gives, whatever the backend and however busy the machine.

One bad client never stops the batch: invalid input, an infeasible scenario and a client
whose worker kept dying are each recorded, with the reason, in the summary.
"""

from __future__ import annotations

import glob
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date
from functools import cached_property, partial
from pathlib import Path
from typing import TYPE_CHECKING

from hamopt.batch.output import STATUSES, ClientResult, Outdir
from hamopt.batch.workers import WORKER_MODULES, Backend, start_workers
from hamopt.inputs.loading import (
    Loaded,
    Resolver,
    is_scenario_file,
    load_scenario_for_solve,
    scenario_files_in,
)
from hamopt.inputs.roster import (
    Gym,
    RosterRow,
    check_header,
    count_rows,
    load_gym,
    read_roster,
    row_for_solve,
)
from hamopt.io.errors import HamoptError, InputError
from hamopt.io.files import regular_file
from hamopt.render.formats import EXTENSIONS, RENDERERS, RenderContext, render

if TYPE_CHECKING:
    from hamopt.domain.models import Scenario
    from hamopt.rules.contract import ActiveRule

# --- what a worker receives -------------------------------------------------------------


@dataclass(frozen=True)
class ScenarioFile:
    client_id: str
    path: str  # as the user gave it: what messages show
    absolute: str  # what a worker reads: its working directory may not be ours

    @classmethod
    def at(cls, client_id: str, path: Path) -> ScenarioFile:
        return cls(client_id, str(path), str(path.resolve()))


@dataclass(frozen=True)
class RosterClient:
    client_id: str
    row: RosterRow
    gym: Gym


@dataclass(frozen=True)
class ScenarioData:
    """A client given as data, read and checked by the caller (the service's batch jobs):
    its scenario and the rules it is solved under, as `hamopt solve` would resolve them."""

    client_id: str
    scenario: Scenario
    rules: tuple[ActiveRule, ...]


@dataclass(frozen=True)
class Rejected:
    """A client refused before solving (a duplicate id); the worker just reports it."""

    client_id: str
    message: str


Task = ScenarioFile | RosterClient | ScenarioData | Rejected


@dataclass(frozen=True)
class SolveSettings:
    formats: tuple[str, ...] = ("json",)
    time_limit: float = 30.0  # deterministic seconds, as `hamopt solve --time-limit`
    seed: int = 0
    start: date | None = None  # first day of week 1, for calendar formats
    # Set by run_batch: one run's clients share their resolved rule sets and catalogs in
    # each worker (run_resolver). None: every call resolves its own.
    run: str | None = None
    # `--rules`: a rule set (packaged name or absolute path) every client is solved under
    # instead of its own `rules:` (its overrides still apply, as `hamopt solve --rules`).
    rules: str | None = None
    # `--catalog FILE` as an absolute path (a worker's working directory may not be ours):
    # every client's catalog, in place of its scenario's or gym's `catalog:`.
    catalog: str | None = None
    # The engine's work beside CP-SAT on a second thread (engine/beside.py), for a worker
    # with a core to spare; run_batch turns it off where the workers fill the cores. The
    # same programs either way.
    beside: bool = True


# The worker's Resolver for the run it is serving: (run token, resolver).
_RUN_RESOLVER: tuple[str, Resolver] | None = None


def run_resolver(run: str | None, catalog: str | None = None) -> Resolver:
    """The Resolver of batch run ``run`` in this process (a new one for a new run, and for
    None): a roster's clients share the gym's rule set and catalog, so a worker resolves them
    once per run instead of twice per client (the check, then the solve). ``catalog`` is the
    run's `--catalog` (a run has one)."""
    global _RUN_RESOLVER
    if run is None:
        return Resolver(catalog)
    if _RUN_RESOLVER is None or _RUN_RESOLVER[0] != run:
        _RUN_RESOLVER = (run, Resolver(catalog))
    return _RUN_RESOLVER[1]


def solve_client(task: Task, settings: SolveSettings) -> ClientResult:
    """Read, check, solve and render one client. Runs in a worker; never raises for a
    client's own problem (bad input, infeasible): those are results too."""
    # Here, not at the top: the parent process never solves, so it never imports OR-Tools;
    # workers have it already, from their fork server (hamopt.batch.workers).
    from hamopt.api.solving import solve_scenario
    from hamopt.engine.solve import SolveOptions

    started = time.perf_counter()
    if isinstance(task, Rejected):
        return ClientResult(task.client_id, "invalid", error=task.message)
    try:
        loaded = _loaded(task, run_resolver(settings.run, settings.catalog))
    except HamoptError as exc:
        return ClientResult(task.client_id, "invalid", time_s=_since(started), error=str(exc))
    scenario = loaded.scenario
    rules = loaded.rules
    if settings.rules is not None:
        from hamopt.rules.ruleset import active_rules, find_ruleset

        ruleset, file = find_ruleset(settings.rules)
        rules = active_rules(scenario, ruleset, ruleset_file=file)
    program = solve_scenario(
        scenario,
        rules,
        catalog=loaded.catalog,
        options=SolveOptions(
            seed=settings.seed,
            workers=1,
            time_limit=settings.time_limit,
            catch_sigint=False,
            beside=settings.beside,
        ),
    )
    context = RenderContext(scenario=scenario, start=settings.start)
    outputs = {fmt: render(fmt, program, context) for fmt in settings.formats}
    solver = program.solver
    error = ""
    if program.status == "infeasible":
        error = "; ".join(c.message for c in program.conflict) or "infeasible"
    elif program.status not in ("optimal", "feasible"):
        error = (
            f"no program within {settings.time_limit:g} deterministic seconds "
            "(a larger --time-limit may find one)"
        )
    return ClientResult(
        task.client_id,
        program.status,
        objective=solver.objective if solver else None,
        time_s=_since(started),
        deterministic_time=solver.deterministic_time if solver else None,
        error=error,
        outputs=outputs,
    )


def _loaded(task: ScenarioFile | RosterClient | ScenarioData, resolver: Resolver) -> Loaded:
    """The client's scenario, checked, with its rules and catalog."""
    if isinstance(task, ScenarioFile):
        try:
            return load_scenario_for_solve(task.absolute, resolver)
        except InputError as exc:
            raise _shown_as(exc, task.absolute, task.path) from None
    if isinstance(task, RosterClient):
        return row_for_solve(task.row, task.gym, resolver)
    from hamopt.domain.catalog import catalog_for

    # Checked by the caller, against this catalog (the shipped one and the scenario's own
    # exercises), which `hamopt solve` would use too; `--catalog` is for clients read here.
    return Loaded(task.scenario, list(task.rules), catalog_for(task.scenario))


def _shown_as(exc: InputError, read: str, shown: str) -> InputError:
    """Name the file in ``exc`` (and in each error it holds) as the user gave it."""
    for error in [exc, *getattr(exc, "errors", [])]:
        if error.file == read:
            error.file = shown
    return exc


def _since(started: float) -> float:
    return round(time.perf_counter() - started, 4)


# --- what the parent reads ----------------------------------------------------------------


@dataclass(frozen=True)
class BatchInput:
    """The clients of a batch, listed lazily (a roster is streamed row by row)."""

    description: str
    _tasks: Callable[[], Iterator[Task]]
    _count: Callable[[], int]

    def tasks(self) -> Iterator[Task]:
        """Every client once; a repeated id comes back as :class:`Rejected`.

        Ids are compared ignoring case: on a case-insensitive filesystem (macOS, Windows)
        ``C001`` and ``c001`` would write the same result file.
        """
        first: dict[str, tuple[str, str]] = {}
        for task in self._tasks():
            where = _where(task)
            key = task.client_id.casefold()
            if key in first:
                earlier, at = first[key]
                same = "" if earlier == task.client_id else f" (as {earlier!r}, ignoring case)"
                yield Rejected(
                    f"{task.client_id} ({where})",
                    f"{where}: duplicate client id {task.client_id!r}; first at {at}{same}; "
                    "ids must be unique",
                )
                continue
            first[key] = (task.client_id, where)
            yield task

    def count(self) -> int:
        """How many clients: a pass over the input, made once (the progress bar and the
        chunk sizes both ask)."""
        return self._counted

    @cached_property
    def _counted(self) -> int:
        return self._count()


def _where(task: Task) -> str:
    if isinstance(task, ScenarioFile):
        return task.path
    if isinstance(task, RosterClient):
        return f"{task.row.file}:{task.row.line}"
    return task.client_id


def open_input(source: str, gym: str | Path | None = None) -> BatchInput:
    """A folder of scenario files, a glob, one scenario file, or a roster CSV (+ gym)."""
    path = Path(source)
    if source.lower().endswith(".csv"):
        regular_file(path, source)  # not a FIFO, a device or a folder: refused, never read
        check_header(source)
        profile = load_gym(gym) if gym is not None else Gym.default()
        return BatchInput(
            f"roster {source}",
            lambda: (
                RosterClient(row.client_id or f"line {row.line}", row, profile)
                for row in read_roster(source)
            ),
            lambda: count_rows(source),
        )
    if gym is not None:
        raise InputError("--gym goes with a roster CSV, not with scenario files", file=str(gym))
    if path.is_dir():
        return _files(f"folder {source}", path, lambda: iter(scenario_files_in(path)))
    if glob.has_magic(source):
        base = Path(*[p for p in _until_magic(path.parts)]) if path.parts else Path(".")
        return _files(
            f"files {source}",
            base,
            lambda: (
                Path(p)
                for p in sorted(glob.iglob(source, recursive=True))
                if is_scenario_file(Path(p))
            ),
        )
    if path.is_file():
        return _files(f"file {source}", path.parent, lambda: iter([path]))
    raise InputError(
        "no such file or folder (expected a folder of scenarios, a glob, or a roster .csv)",
        file=source,
    )


def given_input(description: str, clients: Sequence[Task]) -> BatchInput:
    """Clients already in memory (the service's batch jobs: :class:`ScenarioData`)."""
    return BatchInput(description, lambda: iter(clients), lambda: len(clients))


def _until_magic(parts: tuple[str, ...]) -> list[str]:
    kept = []
    for part in parts:
        if glob.has_magic(part):
            break
        kept.append(part)
    return kept or ["."]


def _files(description: str, base: Path, paths: Callable[[], Iterator[Path]]) -> BatchInput:
    def tasks() -> Iterator[Task]:
        for path in paths():
            try:
                relative = path.relative_to(base)
            except ValueError:
                relative = Path(path.name)
            yield ScenarioFile.at(relative.with_suffix("").as_posix(), path)

    return BatchInput(description, tasks, lambda: sum(1 for _ in paths()))


# --- the run --------------------------------------------------------------------------------


@dataclass
class BatchReport:
    """What a run did. ``counts`` covers the whole batch (resumed clients included)."""

    counts: dict[str, int]
    solved: int  # clients handled by this run
    skipped: int  # clients already done (--resume)
    elapsed: float
    interrupted: bool = False

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def throughput(self) -> float:
        return self.solved / self.elapsed if self.elapsed > 0 else 0.0

    @property
    def all_programs(self) -> bool:
        return self.counts.get("optimal", 0) + self.counts.get("feasible", 0) == self.total

    def line(self) -> str:
        labels = {
            "optimal": "optimal",
            "feasible": "feasible",
            "infeasible": "infeasible",
            "unknown": "no program in time",
            "invalid": "invalid input",
            "failed": "failed",
        }
        counts = ", ".join(f"{self.counts.get(s, 0)} {labels[s]}" for s in STATUSES)
        resumed = f", {self.skipped} done before" if self.skipped else ""
        return (
            f"{self.total} clients: {counts}; this run {self.solved} in {self.elapsed:.1f} s "
            f"({self.throughput:.2f} clients/s){resumed}"
        )


def run_batch(
    source: BatchInput,
    outdir: Path,
    settings: SolveSettings,
    *,
    backend: Backend = "local",
    jobs: int | None = None,
    scheduler: str | None = None,
    chunk_size: int | None = None,
    resume: bool = False,
    force: bool = False,
    on_start: Callable[[int], None] | None = None,
    on_result: Callable[[ClientResult], None] | None = None,
) -> BatchReport:
    """Solve every client of ``source`` into ``outdir``; see the module docstring.

    ``on_start`` gets the number of clients already done (``--resume``) before work starts;
    ``on_result`` is called in this process after each client's files and summary line are
    written (progress display, tests). On KeyboardInterrupt the workers are stopped, the
    summary is closed and the interrupt is re-raised.
    """
    unknown = [f for f in settings.formats if f not in RENDERERS]
    if unknown:
        raise InputError(f"unknown format {unknown[0]!r}; formats: {', '.join(RENDERERS)}")
    start_workers(backend, scheduler)
    out = Outdir(outdir, settings.formats, EXTENSIONS, resume=resume, force=force)
    skipped = len(out.done)
    if on_start is not None:
        on_start(skipped)
    todo = (task for task in source.tasks() if task.client_id not in out.done)
    # Sizes the chunks only (smaller ones at the end): a client resumed under another id,
    # or a row counted differently, costs a few more tasks, never a client.
    expected = max(source.count() - skipped, 0)
    # A worker a core (the default, and every Dask worker) leaves no core for the engine's
    # work beside CP-SAT: there it would only compete with the other workers' solves.
    from hamopt.parallel.pool import core_to_spare, default_jobs

    spare = backend == "local" and core_to_spare(jobs or default_jobs())
    work = partial(
        solve_client, settings=replace(settings, run=uuid.uuid4().hex, beside=spare)
    )
    if backend == "dask":
        from hamopt.parallel.dask_pool import DEFAULT_CHUNK_SIZE, run_dask

        outcomes = run_dask(
            work,
            todo,
            scheduler=scheduler,
            jobs=jobs,
            chunk_size=chunk_size or DEFAULT_CHUNK_SIZE,
            expected=expected,
        )
    else:
        from hamopt.parallel.pool import DEFAULT_CHUNK_SIZE as LOCAL_CHUNK
        from hamopt.parallel.pool import run_local

        outcomes = run_local(
            work,
            todo,
            jobs=jobs,
            chunk_size=chunk_size or LOCAL_CHUNK,
            preload=WORKER_MODULES,
            expected=expected,
        )
    started = time.perf_counter()
    solved = 0
    interrupted = False
    stopped_by = ""
    try:
        for outcome in outcomes:
            result = outcome.value
            if result is None:  # the worker died (or raised): the pool says why
                result = ClientResult(outcome.item.client_id, "failed", error=outcome.error or "")
            out.record(result)
            solved += 1
            if on_result is not None:
                on_result(result)
    except BaseException as exc:
        interrupted = isinstance(exc, KeyboardInterrupt)
        stopped_by = "" if interrupted else f"{type(exc).__name__}: {exc}"
        raise
    finally:
        outcomes.close()  # stops the workers when interrupted
        elapsed = time.perf_counter() - started
        counts = {status: out.counts.get(status, 0) for status in STATUSES}
        report = BatchReport(counts, solved, skipped, elapsed, interrupted)
        out.close(
            {
                "input": source.description,
                "backend": backend,
                "formats": list(settings.formats),
                "time_limit": settings.time_limit,
                "seed": settings.seed,
                "clients": report.total,
                "this_run": solved,
                "elapsed_s": round(elapsed, 3),
                "throughput_per_s": round(report.throughput, 3),
                "interrupted": interrupted,
                **({"stopped_by": stopped_by} if stopped_by else {}),
            }
        )
    return report
