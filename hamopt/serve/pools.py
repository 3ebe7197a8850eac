"""Where the service's work runs: a warm pool for answers a request waits for, and one
process per job for long work that may be cancelled.

The warm pool's workers are forked from a fork server that has imported the solver
(hamopt.parallel.pool.start_fork_server), so a request pays no import. When a worker dies
(a crash in native code, the OOM killer), the pool is replaced and every request that was in
flight on it is solved again alone, in a process of its own: an executor cannot say which
task killed it, and the batch pool's quarantine (hamopt/parallel/pool.py) answers that the
same way. Only a request that kills its own process too gets 503; the server goes on.
A job runs in a process of its own, started only while fewer than ``max_jobs`` run (the
rest wait, queued, up to ``max_queued``); cancelling a running job ends its process.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import Any

from hamopt.parallel.pool import core_to_spare, has_fork_server, start_fork_server
from hamopt.serve import workers

log = logging.getLogger("hamopt.serve")

PRELOAD = ("hamopt.api.solving", "hamopt.serve.workers", "hamopt.study.compare")
# Finished jobs kept for polling, oldest dropped first.
KEEP_FINISHED = 200
# How long the shutdown waits for the request workers to end (WarmPool.shutdown).
SHUTDOWN_WAIT_S = 5.0


class WorkerDied(RuntimeError):
    """The process doing this request's work died before answering."""


class Busy(RuntimeError):
    """Too much work is waiting already."""


def _context() -> Any:
    if has_fork_server():
        start_fork_server(PRELOAD)
        return multiprocessing.get_context("forkserver")
    return multiprocessing.get_context("spawn")


class WarmPool:
    """``workers`` solver processes, replaced whole when one dies."""

    def __init__(self, workers: int, max_waiting: int) -> None:
        self.workers, self.max_waiting = workers, max_waiting
        self.waiting = 0
        self._lock = threading.Lock()
        self._pool: ProcessPoolExecutor | None = None

    def _new(self) -> ProcessPoolExecutor:
        pool = ProcessPoolExecutor(self.workers, mp_context=_context())
        # Start every worker now, not at the first requests.
        for future in [pool.submit(workers.warm) for _ in range(self.workers)]:
            future.result()
        return pool

    def start(self) -> None:
        with self._lock:
            if self._pool is None:
                self._pool = self._new()

    def _current(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._pool is None:
                self._pool = self._new()
            return self._pool

    def _replace(self, broken: ProcessPoolExecutor) -> None:
        with self._lock:
            if self._pool is broken:
                log.warning("a solver worker died: its pool is replaced")
                broken.shutdown(wait=False, cancel_futures=True)
                self._pool = None

    def spare_core(self) -> bool:
        """Whether a solve submitted now leaves a core that no solve runs on (the solves in
        flight, this one included, at most one a worker: parallel.pool.core_to_spare). Such
        a solve runs the engine's work beside CP-SAT there; the answer is the same either
        way."""
        return core_to_spare(min(self.waiting + 1, self.workers))

    async def run(self, func: Callable[..., Any], *args: Any) -> Any:
        if self.waiting >= self.max_waiting:
            raise Busy(f"{self.waiting} requests are being solved or wait; try again shortly")
        self.waiting += 1
        try:
            pool = await asyncio.to_thread(self._current)
            try:
                return await asyncio.wrap_future(pool.submit(func, *args))
            except BrokenProcessPool:
                await asyncio.to_thread(self._replace, pool)
            log.warning("a request in flight when its pool broke is solved again alone")
            return await asyncio.to_thread(_alone, func, args)
        finally:
            self.waiting -= 1

    def shutdown(self, wait_s: float = SHUTDOWN_WAIT_S) -> None:
        """Cancel what waits and end the workers, waiting for them at most ``wait_s``.

        Waiting lets the pool close its queues before the process ends: uvicorn ends a server
        stopped by SIGTERM by raising that signal again after the shutdown, so no exit handler
        runs, and with the workers not yet joined the resource tracker reported "5 leaked
        semaphore objects" on every stop by systemd or docker (Ctrl-C ended clean). A worker
        still solving past the graceful shutdown is not waited for beyond ``wait_s``: it ends
        with the server (hamopt/parallel/server_lifeline.py)."""
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is None:
            return
        closing = threading.Thread(
            target=pool.shutdown, kwargs={"wait": True, "cancel_futures": True}, daemon=True
        )
        closing.start()
        closing.join(wait_s)


def _alone(func: Callable[..., Any], args: tuple[Any, ...]) -> Any:
    """``func(*args)`` in a one-use process: WorkerDied when that process dies too."""
    with ProcessPoolExecutor(1, mp_context=_context()) as single:
        try:
            return single.submit(func, *args).result()
        except BrokenProcessPool:
            raise WorkerDied(
                "the worker solving this request died (a crash, or out of memory), and again "
                "when it was solved alone"
            ) from None


# --- jobs -----------------------------------------------------------------------------------


def _job_main(conn: Any, func: Callable[..., Any], args: tuple[Any, ...]) -> None:
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the server decides what ends a job
    try:
        conn.send(("ok", func(*args)))
    except Exception as exc:  # the job's own error, reported; the process ends either way
        conn.send(("error", f"{type(exc).__name__}: {exc}"))
    finally:
        conn.close()


@dataclass
class Job:
    id: str
    kind: str
    func: Callable[..., Any] = field(repr=False)
    args: tuple[Any, ...] = field(repr=False)
    state: str = "queued"  # queued | running | done | failed | cancelled
    created: float = field(default_factory=time.time)
    started: float | None = None
    finished: float | None = None
    result: Any = None
    error: str | None = None
    process: Any = field(default=None, repr=False)

    @property
    def over(self) -> bool:
        return self.state in ("done", "failed", "cancelled")

    def as_dict(self) -> dict[str, Any]:
        end = self.finished or time.time()
        return {
            "id": self.id,
            "kind": self.kind,
            "state": self.state,
            "created": self.created,
            "started": self.started,
            "finished": self.finished,
            "seconds": round(end - self.started, 3) if self.started else None,
            "result": self.result,
            "error": self.error,
        }


class Jobs:
    """Long work, each job in its own process, at most ``max_jobs`` at a time."""

    def __init__(self, max_jobs: int, max_queued: int) -> None:
        self.max_jobs, self.max_queued = max_jobs, max_queued
        self.jobs: OrderedDict[str, Job] = OrderedDict()
        self._slots = threading.BoundedSemaphore(max_jobs)
        self._lock = threading.Lock()
        self._closing = False

    def submit(self, kind: str, func: Callable[..., Any], *args: Any) -> Job:
        with self._lock:
            waiting = sum(1 for j in self.jobs.values() if j.state == "queued")
            if self._closing:
                raise Busy("the server is shutting down")
            if waiting >= self.max_queued:
                raise Busy(f"{waiting} jobs wait already; try again when some have finished")
            job = Job(uuid.uuid4().hex[:16], kind, func, args)
            self.jobs[job.id] = job
            finished = [j.id for j in self.jobs.values() if j.over]
            for old in finished[: max(0, len(finished) - KEEP_FINISHED)]:
                del self.jobs[old]
        threading.Thread(target=self._run, args=(job,), name=f"job-{job.id}", daemon=True).start()
        return job

    def _run(self, job: Job) -> None:
        with self._slots:
            with self._lock:
                if job.state != "queued":
                    return  # cancelled while it waited
                context = _context()
                parent, child = context.Pipe(duplex=False)
                # Not daemonic: a daemonic process may not start processes, and a batch job
                # runs its clients on the batch engine's pool. Nothing is left behind: the
                # server's shutdown ends every job (shutdown), and the fork server's lifeline
                # ends them if the server dies without one.
                job.process = context.Process(
                    target=_job_main, args=(child, job.func, job.args), daemon=False
                )
                job.state, job.started = "running", time.time()
                job.process.start()
            child.close()
            try:
                outcome, value = parent.recv()
            except (EOFError, OSError):
                outcome, value = "died", None
            finally:
                parent.close()
            job.process.join()
            with self._lock:
                job.finished = time.time()
                if job.state == "cancelled":
                    pass
                elif outcome == "ok":
                    job.state, job.result = "done", value
                elif outcome == "error":
                    job.state, job.error = "failed", value
                else:
                    job.state = "failed"
                    job.error = f"the job's process died (exit code {job.process.exitcode})"
                job.func, job.args = None, ()  # type: ignore[assignment]
            log.info("job %s (%s) %s in %.2f s", job.id, job.kind, job.state,
                     job.finished - (job.started or job.finished))

    def get(self, job_id: str) -> Job | None:
        return self.jobs.get(job_id)

    def cancel(self, job_id: str) -> Job | None:
        with self._lock:
            job = self.jobs.get(job_id)
            if job is None or job.over:
                return job
            was = job.state
            job.state = "cancelled"
            if was == "queued":
                job.finished = time.time()
            elif job.process is not None and job.process.is_alive():
                job.process.terminate()
        return job

    def shutdown(self) -> list[Job]:
        """Cancel every job not yet over, and say which ones."""
        with self._lock:
            self._closing = True
            pending = [j for j in self.jobs.values() if not j.over]
        for job in pending:
            was = job.state
            self.cancel(job.id)
            log.info("shutdown: cancelled %s job %s (%s)", was, job.id, job.kind)
        for job in pending:
            if job.process is not None:
                job.process.join(timeout=5)
        return pending
