"""Run a picklable function over many items on local worker processes, losing none.

The one public call is :func:`run_local`::

    from hamopt.parallel.pool import run_local

    for outcome in run_local(solve_one, scenarios, jobs=2, expected=len(scenarios)):
        if outcome.ok:
            use(outcome.item, outcome.value)
        else:
            report(outcome.item, outcome.error)   # func raised, or its worker kept dying

Items are sent in chunks (one task per item costs more in pickling and queueing than a short
solve is worth) and results come back as each chunk completes, in no particular order. The
input is read lazily and only ``max_in_flight`` chunks are out at a time, so memory stays
flat however long the input is. Given the number of items (``expected``), chunks shrink as
the input runs out (:class:`ChunkSizer`), so the workers finish together.

Why not ``ProcessPoolExecutor.map``: when one worker process dies (SIGKILL, the OOM killer, a
crash in native code) the executor fails *every* unfinished task with ``BrokenProcessPool``
and cannot be used again. Here the unfinished items are resubmitted to a fresh pool. Each
worker notes in a marker file which item it is running, so after a break the items that were
running (the culprit and at most ``jobs - 1`` bystanders) are known; only those are
*suspects*. Suspects are re-run one at a time in a separate one-process quarantine pool,
where a death can be blamed on exactly one item. An item whose worker dies ``max_attempts``
times in all comes back as failed instead of being retried forever; everything else still
runs.

Workers ignore SIGINT: Ctrl-C reaches the parent (same process group), which stops the pool
and ends the workers itself, so no worker prints a traceback. When the parent dies without
stopping them (SIGKILL, the OOM killer), the kernel ends the fork server and the workers
(:mod:`hamopt.parallel.lifeline`): nothing is left running.
"""

from __future__ import annotations

import math
import multiprocessing
import os
import shutil
import signal
import tempfile
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any, Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")

# The largest chunk: ~0.7 s of 45 ms solves. With an expected count, the last chunks are
# smaller (ChunkSizer); without one, every chunk is this size.
DEFAULT_CHUNK_SIZE = 16
# Guided self-scheduling's divisor per worker: a chunk takes 1/(GUIDE * workers) of what is
# left. Larger ends the run with more, smaller chunks.
GUIDE = 4
DEFAULT_MAX_ATTEMPTS = 3


class PoolError(RuntimeError):
    """The pool cannot run at all (its workers die before running anything)."""


@dataclass(frozen=True)
class Outcome(Generic[T, R]):
    """What became of one item: its value, or why there is none."""

    item: T
    value: R | None = None
    error: str | None = None  # set when func raised, or the item's worker kept dying
    attempts: int = 1  # how many times the item was started (more than 1 after a worker died)

    @property
    def ok(self) -> bool:
        return self.error is None


def default_jobs() -> int:
    """The CPUs this process may use (respects taskset / cgroup affinity where the OS says)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def core_to_spare(solving: int) -> bool:
    """Whether a machine running ``solving`` solves at once has a core that none of them runs
    on: where the engine's work beside CP-SAT (hamopt/engine/beside.py) runs without slowing
    another solve. With every core solving, that thread only competes with them
    (bench_serve's 20 clients: 19.0-19.6 programs/s without it, 13.7-15.4 with it on every
    request)."""
    return solving < default_jobs()


def run_local(
    func: Callable[[T], R],
    items: Iterable[T],
    *,
    jobs: int | None = None,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    max_attempts: int = DEFAULT_MAX_ATTEMPTS,
    max_in_flight: int | None = None,
    preload: tuple[str, ...] = (),
    expected: int | None = None,
) -> Generator[Outcome[T, R], None, None]:
    """Yield an :class:`Outcome` for every item of ``items``, as results arrive.

    ``func`` and the items must be picklable (a module-level function, or a
    ``functools.partial`` of one). An exception raised by ``func`` becomes that item's
    ``error`` (``"ValueError: ..."``); it does not stop the others. ``jobs`` worker processes
    (default: the usable CPUs) each run one item at a time. ``max_in_flight`` chunks (default
    ``2 * jobs``) are submitted at once. ``preload`` names modules the worker processes import
    once, before any item (e.g. ``("hamopt.engine.solve",)``), where the platform supports it.
    ``expected``, the number of items (a guess is fine: it only sizes chunks), makes chunks
    of at most ``chunk_size`` shrink toward the end; without it every chunk is that size.

    Closing the generator early (``break``, an exception, Ctrl-C in the consumer) cancels
    what is queued and ends the worker processes.
    """
    if chunk_size < 1 or max_attempts < 1:
        raise ValueError("chunk_size and max_attempts must be at least 1")
    jobs = jobs or default_jobs()
    sizer = ChunkSizer(chunk_size, jobs, expected)
    runner = _Runner(func, jobs, sizer, max_attempts, max_in_flight or 2 * jobs, preload)
    return runner.run(iter(items))


@dataclass
class ChunkSizer:
    """How many items the next task takes (shared with :mod:`hamopt.parallel.dask_pool`).

    Without ``expected``, every chunk has ``largest`` items. With it, chunks follow guided
    self-scheduling (Polychronopoulos and Kuck, 1987): each takes ``1 / (GUIDE * workers)`` of
    the items left, at most ``largest`` and at least one. Large chunks while much is left
    keep the per-task cost low (a task cost a LocalCluster's scheduler ~15 ms of CPU here);
    small ones at the end let the workers finish together, instead of one idling while the
    other works through a full chunk. More items than expected only means chunks of one.
    """

    largest: int
    workers: int
    expected: int | None = None
    taken: int = 0

    def take(self, source: Iterator[T]) -> list[T]:
        size = self.largest
        if self.expected is not None:
            left = self.expected - self.taken
            size = max(1, min(size, math.ceil(left / (GUIDE * self.workers))))
        items = list(islice(source, size))
        self.taken += len(items)
        return items


# --- worker side --------------------------------------------------------------------------


def _worker_init(marker_dir: str) -> None:
    # Ctrl-C is the parent's business: it stops the pool and ends the workers.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # And when the parent dies without stopping them (SIGKILL, the OOM killer), they die too.
    from hamopt.parallel.lifeline import die_with_parent

    die_with_parent()
    global _MARKER
    # Opened once: rewriting a fixed-width record in place costs ~2 us; creating, truncating
    # and closing the file for every item cost ~0.4 ms here, ~1 % of a worker's time.
    _MARKER = os.open(Path(marker_dir) / str(os.getpid()), os.O_WRONLY | os.O_CREAT, 0o600)
    os.pwrite(_MARKER, _IDLE, 0)


_MARKER: int | None = None  # this worker's marker file, open for writing
_MARKER_WIDTH = 48  # bytes: "<token> <index>", padded; blank while no item runs
_IDLE = b" " * _MARKER_WIDTH


def run_chunk(func: Callable[[Any], Any], token: int, items: list[Any]) -> list[tuple[Any, Any]]:
    """Run ``func`` over one chunk in a worker: ``(value, None)`` or ``(None, error)`` each.

    Shared with :mod:`hamopt.parallel.dask_pool`, whose workers keep no marker file.

    Before each item the worker writes ``"<token> <index>"`` to its marker file, and blanks
    it after the chunk, so the parent can tell, after this process dies, which item it was
    running (none if it died between chunks).
    """
    results: list[tuple[Any, Any]] = []
    for index, item in enumerate(items):
        if _MARKER is not None:
            os.pwrite(_MARKER, f"{token} {index}".encode().ljust(_MARKER_WIDTH), 0)
        try:
            results.append((func(item), None))
        except Exception as exc:  # one item's error must not lose the rest of the chunk
            results.append((None, f"{type(exc).__name__}: {exc}"))
    if _MARKER is not None:
        os.pwrite(_MARKER, _IDLE, 0)
    return results


# --- parent side --------------------------------------------------------------------------


@dataclass
class _Chunk(Generic[T]):
    token: int
    items: list[T]
    attempts: list[int] = field(default_factory=list)  # per item: times started

    def __post_init__(self) -> None:
        if not self.attempts:
            self.attempts = [0] * len(self.items)


def _mp_context() -> Any:
    # forkserver: workers are forked from a clean server process, never from this process
    # (which may run threads: progress display, Dask), and start in milliseconds once the
    # server has imported the preloaded modules. spawn elsewhere.
    return multiprocessing.get_context("forkserver" if has_fork_server() else "spawn")


def has_fork_server() -> bool:
    """Whether this platform forks workers from a server process (Linux, macOS: yes)."""
    return "forkserver" in multiprocessing.get_all_start_methods()


def start_fork_server(preload: Sequence[str]) -> bool:
    """Start this process's fork server now, importing ``preload`` into it.

    Worker processes (this module's pools, and Dask's when its multiprocessing method is
    ``forkserver``) are forked from that server with ``preload`` already imported. Started
    before this process's own set-up, the server's imports (OR-Tools: ~0.6 s) run on another
    core at the same time instead of after it. A running server keeps the modules it started
    with, so the first call decides. False, and nothing started, where the platform has no
    fork server (workers are then spawned and import what they need themselves).
    """
    if not has_fork_server():
        return False
    from multiprocessing import forkserver  # POSIX only

    context = multiprocessing.get_context("forkserver")
    # hamopt.parallel.server_lifeline first: the server, and every worker it forks, die with
    # this process however it dies (no orphans). hamopt.parallel.frozen_preload last: it
    # freezes the heap the imports before it made.
    context.set_forkserver_preload(
        ["hamopt.parallel.server_lifeline", *preload, "hamopt.parallel.frozen_preload"]
    )
    # Returns once the server process is launched; its imports go on in parallel, and the
    # first worker started waits for them.
    forkserver.ensure_running()
    return True


class _Runner(Generic[T, R]):
    def __init__(
        self,
        func: Callable[[T], R],
        jobs: int,
        sizer: ChunkSizer,
        max_attempts: int,
        max_in_flight: int,
        preload: tuple[str, ...],
    ) -> None:
        self.func = func
        self.jobs = jobs
        self.sizer = sizer
        self.max_attempts = max_attempts
        self.max_in_flight = max_in_flight
        self.context = _mp_context()
        # Always through start_fork_server, preloads or not: the server it starts dies with
        # this process (a no-op where there is none, or one already runs).
        start_fork_server(preload)
        self.marker_dir = tempfile.mkdtemp(prefix="hamopt-pool-")
        self.next_token = 0
        self.main: ProcessPoolExecutor | None = None
        self.quarantine: ProcessPoolExecutor | None = None
        self.pending: dict[Future[Any], _Chunk[T]] = {}
        self.retry: deque[_Chunk[T]] = deque()  # lost but not suspected: back to the main pool
        self.suspects: deque[_Chunk[T]] = deque()  # one item each, for the quarantine pool
        self.quarantined: Future[Any] | None = None
        self.barren_breaks = 0  # main-pool breaks in a row with no progress and no suspect

    # -- pools -------------------------------------------------------------------------

    def _pool(self, kind: str, workers: int) -> ProcessPoolExecutor:
        markers = Path(self.marker_dir) / kind  # main and quarantine apart: see _running_at_death
        markers.mkdir(exist_ok=True)
        return ProcessPoolExecutor(
            max_workers=workers,
            mp_context=self.context,
            initializer=_worker_init,
            initargs=(str(markers),),
        )

    def _chunk(self, items: list[T]) -> _Chunk[T]:
        self.next_token += 1
        return _Chunk(self.next_token, items)

    def _submit(self, pool: ProcessPoolExecutor, chunk: _Chunk[T]) -> Future[Any]:
        chunk.attempts = [a + 1 for a in chunk.attempts]
        return pool.submit(run_chunk, self.func, chunk.token, chunk.items)

    def _fill(self, source: Iterator[T]) -> bool:
        """Top up the main pool; False once the input is exhausted and nothing is waiting."""
        exhausted = False
        while len(self.pending) < self.max_in_flight:
            if self.retry:
                chunk = self.retry.popleft()
            else:
                items = self.sizer.take(source)
                if not items:
                    exhausted = True
                    break
                chunk = self._chunk(items)
            if self.main is None:
                self.main = self._pool("main", self.jobs)
            try:
                self.pending[self._submit(self.main, chunk)] = chunk
            except BrokenProcessPool:
                # A worker died while the consumer held an outcome: the executor knew before
                # any future said so. The chunk never started; it goes back first in line, and
                # the break is handled when the pool's pending futures report it (run), or
                # here when none is pending to report it.
                chunk.attempts = [a - 1 for a in chunk.attempts]
                self.retry.appendleft(chunk)
                if not any(f is not self.quarantined for f in self.pending):
                    self._main_broke([])
                break
        if self.quarantined is None and self.suspects:
            if self.quarantine is None:
                self.quarantine = self._pool("quarantine", 1)
            chunk = self.suspects.popleft()
            try:
                self.quarantined = self._submit(self.quarantine, chunk)
            except BrokenProcessPool:  # as above; nothing of the quarantine pool is pending
                chunk.attempts = [a - 1 for a in chunk.attempts]
                self.suspects.appendleft(chunk)
                _stop(self.quarantine)
                self.quarantine = None
                self._running_at_death("quarantine")
            else:
                self.pending[self.quarantined] = chunk
        return not (exhausted and not self.pending and not self.retry and not self.suspects)

    # -- results -------------------------------------------------------------------------

    def _outcomes(self, chunk: _Chunk[T], results: list[tuple[Any, Any]]) -> list[Outcome[T, R]]:
        return [
            Outcome(item, value, error, attempts)
            for item, (value, error), attempts in zip(
                chunk.items, results, chunk.attempts, strict=True
            )
        ]

    def _running_at_death(self, kind: str) -> set[tuple[int, int]]:
        """(token, index) of each item a worker of that pool had started and not finished."""
        running = set()
        for marker in (Path(self.marker_dir) / kind).iterdir():
            try:
                record = marker.read_text().split()
            except OSError:
                record = []
            if len(record) == 2 and all(part.isdigit() for part in record):
                running.add((int(record[0]), int(record[1])))
            # Blank: the worker was between chunks. Anything else: it died mid-write.
            marker.unlink(missing_ok=True)
        return running

    def _main_broke(self, lost: list[_Chunk[T]]) -> list[Outcome[T, R]]:
        """The main pool died: requeue its unfinished items, suspects to quarantine."""
        assert self.main is not None
        _stop(self.main)
        self.main = None
        running = self._running_at_death("main")
        if not running:
            self.barren_breaks += 1
            if self.barren_breaks >= self.max_attempts:
                raise PoolError(
                    f"worker processes died {self.barren_breaks} times in a row before running "
                    "any item; is the worker function importable and the machine not out of "
                    "memory?"
                )
        failed: list[Outcome[T, R]] = []
        for chunk in lost:
            innocent: list[tuple[T, int]] = []
            for index, (item, attempts) in enumerate(zip(chunk.items, chunk.attempts, strict=True)):
                if (chunk.token, index) not in running:
                    innocent.append((item, attempts - 1))  # never started: not an attempt
                elif attempts >= self.max_attempts:
                    failed.append(self._gave_up(item, attempts))
                else:
                    suspect = self._chunk([item])
                    suspect.attempts = [attempts]
                    self.suspects.append(suspect)
            if innocent:
                again = self._chunk([item for item, _ in innocent])
                again.attempts = [attempts for _, attempts in innocent]
                self.retry.append(again)
        return failed

    def _quarantine_broke(self, chunk: _Chunk[T]) -> list[Outcome[T, R]]:
        """The lone item in quarantine killed its worker: blame it, retry or give up."""
        assert self.quarantine is not None
        _stop(self.quarantine)
        self.quarantine = None
        self._running_at_death("quarantine")  # clear its marker
        (item,), (attempts,) = chunk.items, chunk.attempts
        if attempts >= self.max_attempts:
            return [self._gave_up(item, attempts)]
        self.suspects.appendleft(chunk)
        return []

    def _gave_up(self, item: T, attempts: int) -> Outcome[T, R]:
        return Outcome(
            item,
            error=(
                f"its worker process died {attempts} times while running it (killed, out of "
                "memory, or a crash in native code); not retried again"
            ),
            attempts=attempts,
        )

    def run(self, source: Iterator[T]) -> Generator[Outcome[T, R], None, None]:
        finished = False
        try:
            while self._fill(source):
                done, _ = wait(list(self.pending), return_when=FIRST_COMPLETED)
                lost: list[_Chunk[T]] = []
                for future in done:
                    yield from self._settle(future, lost)
                if lost:
                    # The executor fails every other unfinished task of a broken pool; some
                    # may have finished just before the break and still hold results.
                    for future in [f for f in self.pending if f is not self.quarantined]:
                        future.exception()  # blocks until the executor has settled it
                        yield from self._settle(future, lost)
                    yield from self._main_broke(lost)
            finished = True
        finally:
            for pool in (self.main, self.quarantine):
                if pool is not None:
                    if finished:
                        pool.shutdown(wait=True)
                    else:
                        _stop(pool)
            shutil.rmtree(self.marker_dir, ignore_errors=True)

    def _settle(self, future: Future[Any], lost: list[_Chunk[T]]) -> Iterator[Outcome[T, R]]:
        """The outcomes of a finished future; a chunk lost to a main-pool break goes to lost."""
        chunk = self.pending.pop(future)
        in_quarantine = future is self.quarantined
        if in_quarantine:
            self.quarantined = None
        try:
            results = future.result()
        except BrokenProcessPool:
            if in_quarantine:
                yield from self._quarantine_broke(chunk)
            else:
                lost.append(chunk)
            return
        except Exception as exc:  # e.g. an item or a result that cannot be pickled
            results = [(None, f"{type(exc).__name__}: {exc}")] * len(chunk.items)
        self.barren_breaks = 0
        yield from self._outcomes(chunk, results)


def _stop(pool: ProcessPoolExecutor) -> None:
    """Cancel what is queued and end the workers now (they may be mid-item).

    ``ProcessPoolExecutor`` has no public way to end busy workers before Python 3.14
    (``terminate_workers``); ``_processes`` is read defensively for that reason.
    """
    workers = dict(getattr(pool, "_processes", None) or {})
    pool.shutdown(wait=False, cancel_futures=True)
    for process in workers.values():
        if process.is_alive():
            process.terminate()
    for process in workers.values():
        process.join(timeout=5)
