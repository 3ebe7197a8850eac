"""The same contract as :func:`hamopt.parallel.pool.run_local`, on a Dask cluster.

::

    from hamopt.parallel.dask_pool import run_dask

    for outcome in run_dask(solve_one, scenarios, scheduler="tcp://10.0.0.5:8786"):
        ...                      # an hamopt.parallel.pool.Outcome per item, as results arrive

Without ``scheduler`` a ``LocalCluster`` of ``jobs`` single-threaded worker processes is
started on 127.0.0.1 (Dask binds 0.0.0.0 by default) with no dashboard, and closed at the end.
With it, the function connects to a running cluster and leaves it running.

Items go out in chunks, not one task each: a task costs the scheduler a few milliseconds,
which is a large share of a 60 ms solve. At most ``max_in_flight`` chunks are out at a time
(default twice the cluster's threads) and results are consumed with ``as_completed``, so a
lost worker loses little and memory stays flat.

When a worker dies, its nanny restarts it and the scheduler reruns its tasks. A task whose
workers keep dying (``distributed.scheduler.allowed-failures``, 3 by default) fails with
``KilledWorker``. The scheduler blames every task assigned to a dying worker, queued or
running, so its items are then rerun one task at a time, alone among suspects: only an item
that kills its worker on its own is reported failed, and the rest still run.

Dask is an optional extra: ``pip install 'hamopt[dask]'``. The workers (and, for some
errors, the scheduler) must be able to import hamopt and the function's module.
"""

from __future__ import annotations

import logging
import signal
import threading
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator
from contextlib import ExitStack
from typing import Any, TypeVar

from hamopt.io.errors import HamoptError
from hamopt.parallel.pool import (
    ChunkSizer,
    Outcome,
    default_jobs,
    has_fork_server,
    run_chunk,
    start_fork_server,
)

# What any LocalCluster worker runs besides its tasks: Dask itself and this module (its
# preload hook); a fork server started here when none runs preloads these.
DASK_MODULES = ("distributed", "hamopt.parallel.dask_pool")

T = TypeVar("T")
R = TypeVar("R")

# The largest chunk (~1.4 s of 45 ms solves): a task costs the scheduler, in this process,
# ~15 ms of CPU, taken from the workers on a small machine. Chunk 32 against 8 cut this
# process's CPU for 1,000 clients from 4.3-4.8 s to 3.1-3.5 s. The last chunks are smaller
# when the count is known (hamopt.parallel.pool.ChunkSizer).
DEFAULT_CHUNK_SIZE = 32
CONNECT_TIMEOUT = "30s"
LOCAL_CLUSTER_CONFIG = {
    "distributed.admin.tick.interval": "1s",
    "distributed.worker.profile.enabled": False,
    "distributed.admin.system-monitor.interval": "2s",
    "distributed.worker.memory.monitor-interval": "1s",
}


class DaskUnavailable(HamoptError):
    """`--backend dask` without Dask installed, or no scheduler at the address given."""


def _distributed() -> Any:
    try:
        import distributed
    except ImportError:
        raise DaskUnavailable(
            "the dask backend needs Dask: pip install 'hamopt[dask]' "
            "(or use the default local backend)"
        ) from None
    return distributed


def run_dask(
    func: Callable[[T], R],
    items: Iterable[T],
    *,
    scheduler: str | None = None,
    jobs: int | None = None,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    max_in_flight: int | None = None,
    expected: int | None = None,
) -> Generator[Outcome[T, R], None, None]:
    """Yield an :class:`~hamopt.parallel.pool.Outcome` for every item, as results arrive.

    ``jobs`` sizes the LocalCluster (default: the usable CPUs); it is ignored with a
    ``scheduler``, whose workers decide. ``expected`` (the number of items) makes chunks of
    at most ``chunk_size`` shrink toward the end, as :func:`hamopt.parallel.pool.run_local`'s do.
    Closing the generator early cancels the chunks still out and closes whatever this call
    started.
    """
    if chunk_size < 1:
        raise ValueError("chunk_size must be at least 1")
    distributed = _distributed()
    return _run(
        distributed,
        func,
        iter(items),
        scheduler,
        jobs or default_jobs(),
        chunk_size,
        max_in_flight,
        expected,
    )


def _connect(distributed: Any, stack: ExitStack, scheduler: str | None, jobs: int) -> Any:
    if scheduler is not None:
        try:
            return stack.enter_context(distributed.Client(scheduler, timeout=CONNECT_TIMEOUT))
        except OSError as exc:
            raise DaskUnavailable(
                f"cannot reach the Dask scheduler at {scheduler}: {exc}"
            ) from None
    import dask

    # Worker processes receive this config from their nanny. The defaults suit interactive
    # analysis; a batch of CPU-bound solves has no use for an event-loop health check every
    # 20 ms (the tick, in the scheduler, each nanny and each worker), a statistical profiler
    # sampling each worker every 10 ms, or system and memory monitors at 2-10 Hz. An idle
    # two-worker cluster used 0.15-0.16 CPU-seconds per second here with the defaults, 0.09
    # with all but the tick setting, 0.02 with all: over a 1,000-client batch, this process
    # (scheduler and nannies) went from 2.4 to 1.35 CPU-s after its start-up.
    stack.enter_context(dask.config.set(LOCAL_CLUSTER_CONFIG))
    if has_fork_server():
        # Nannies fork their workers from this process's fork server (hamopt.parallel.pool), not a
        # fresh interpreter each: started early with Dask and the solver imported
        # (hamopt.batch.workers.start_workers), a worker is up in milliseconds instead of importing
        # both (~1.2 s) before its first task, and after a restart too. The server keeps
        # the environment it started with: Dask's pre-spawn-environ (malloc trimming, one
        # BLAS thread) lands in each worker's os.environ after the C libraries have read
        # theirs, so it takes no effect; single-threaded solves need neither.
        stack.enter_context(
            dask.config.set({"distributed.worker.multiprocessing-method": "forkserver"})
        )
        # Running from here on: a batch started it with the solver (hamopt.batch.workers); a
        # library caller gets one with Dask at least. Its preload is then fixed, so Dask's
        # first forkserver context, which imports numpy, pandas and lz4 in this process
        # (distributed.utils.get_mp_context) only to list them in a server's preload, would
        # change nothing: it cost this process ~0.7 s of CPU on the way to the workers.
        start_fork_server(DASK_MODULES)
        if hasattr(distributed.utils, "_forkserver_preload_set"):
            distributed.utils._forkserver_preload_set = True
    cluster = stack.enter_context(
        distributed.LocalCluster(
            n_workers=jobs,
            threads_per_worker=1,  # one solve per process: CP-SAT's model building holds the GIL
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,  # no dashboard ...
            # ... but the scheduler still serves health/metrics over HTTP: 127.0.0.1, any port.
            scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
            # Each worker process runs dask_setup below first (after a restart too).
            preload=["hamopt.parallel.dask_pool"],
            silence_logs=logging.CRITICAL,  # lost workers, failed tasks: the caller reports them
        )
    )
    return stack.enter_context(distributed.Client(cluster))


def _run(
    distributed: Any,
    func: Callable[[T], R],
    source: Iterator[T],
    scheduler: str | None,
    jobs: int,
    chunk_size: int,
    max_in_flight: int | None,
    expected: int | None,
) -> Generator[Outcome[T, R], None, None]:
    with ExitStack() as stack:
        client = _connect(distributed, stack, scheduler, jobs)
        threads = sum(client.nthreads().values()) or jobs
        limit = max_in_flight or 2 * threads
        sizer = ChunkSizer(chunk_size, threads, expected)
        pending: dict[str, list[T]] = {}  # future key -> its items
        # Items of a chunk that failed with KilledWorker, rerun one at a time: a task queued
        # on a dying worker is blamed too, so only a lone task's death names its item.
        suspects: deque[list[T]] = deque()
        suspect_key: str | None = None
        stream = distributed.as_completed()
        exhausted = False

        def submit(chunk: list[T]) -> str:
            future = client.submit(run_chunk, func, 0, chunk, pure=False)
            pending[future.key] = chunk
            stream.add(future)
            return str(future.key)

        def top_up() -> None:
            nonlocal exhausted, suspect_key
            if suspect_key is None and suspects:
                suspect_key = submit(suspects.popleft())
            while not exhausted and len(pending) < limit:
                chunk = sizer.take(source)
                if not chunk:
                    exhausted = True
                    return
                submit(chunk)

        try:
            top_up()
            for future in stream:
                chunk = pending.pop(future.key)
                alone = future.key == suspect_key
                if alone:
                    suspect_key = None
                if future.status == "error":
                    exc = future.exception()
                    if isinstance(exc, distributed.KilledWorker) and not alone:
                        suspects.extend([item] for item in chunk)
                    else:
                        message = _describe(exc, distributed)
                        yield from (Outcome(item, error=message) for item in chunk)
                else:
                    results = future.result()
                    yield from (
                        Outcome(item, value, error)
                        for item, (value, error) in zip(chunk, results, strict=True)
                    )
                future.release()
                top_up()
        finally:
            # Ctrl-C or an early close: take back what is still out before disconnecting.
            leftover = list(getattr(stream, "futures", ()))
            if leftover:
                client.cancel(leftover)


def dask_setup(worker: Any) -> None:
    """Dask preload hook, run in each LocalCluster worker process as it starts.

    Those processes share this terminal's process group, so Ctrl-C reaches them too and
    would kill them mid-task (and the nannies would restart them) while this process is
    shutting the cluster down. They ignore SIGINT; this process stops them.
    """
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, signal.SIG_IGN)


def _describe(exc: BaseException | None, distributed: Any) -> str:
    if isinstance(exc, distributed.KilledWorker):
        return (
            "its Dask worker died every time it ran it (killed, out of memory, or a crash in "
            "native code); not retried again"
        )
    text = f"{type(exc).__name__}: {exc}"
    if isinstance(exc, ImportError | ModuleNotFoundError):
        text += " (is hamopt installed on every Dask worker?)"
    return text
