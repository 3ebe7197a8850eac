"""What a batch's worker processes import, and starting those imports early.

Kept apart from :mod:`hamopt.batch.run`, and free of its imports, so that `hamopt batch` can
start the workers' imports as its very first step (:func:`start_workers`).

The parent process of a batch only lists clients, checks the gym and writes results: it
never imports OR-Tools (~0.4 s). The workers have the solver imported once, by the fork
server they are forked from, where the platform has one (Linux, macOS).
"""

from __future__ import annotations

from typing import Literal

from hamopt.parallel.dask_pool import DASK_MODULES
from hamopt.parallel.pool import start_fork_server

Backend = Literal["local", "dask"]

# What a worker imports to solve clients (hamopt.batch.run.solve_client).
WORKER_MODULES = ("hamopt.batch.run", "hamopt.api.solving")
DASK_WORKER_MODULES = (*DASK_MODULES, *WORKER_MODULES)


def start_workers(backend: Backend, scheduler: str | None = None) -> None:
    """Begin the worker processes' imports now, while this process goes on with its own.

    The local pool, and a LocalCluster, fork their workers from one fork server. Started
    here, the server imports the solver on the second core while this process imports its
    own modules, reads the input and (for Dask) starts the scheduler; each worker then starts
    with everything imported. A cluster at ``scheduler`` has workers of its own: nothing to
    do. Calling it again, or not at all, is harmless; :func:`hamopt.batch.run.run_batch` calls it.
    """
    if backend == "local":
        start_fork_server(WORKER_MODULES)
    elif scheduler is None:
        start_fork_server(DASK_WORKER_MODULES)  # without Dask, the server skips distributed
