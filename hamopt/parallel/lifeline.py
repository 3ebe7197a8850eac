"""No orphans: every process hamopt starts dies with the process that started it.

On Linux, ``prctl(PR_SET_PDEATHSIG, SIGKILL)`` asks the kernel to kill a process when its
parent dies, however the parent dies (SIGKILL included, where no handler of its own runs).
hamopt's worker processes are forked from a fork server, itself started by the coordinator
(``hamopt batch``, ``hamopt compare``), so two links make the chain:

* the fork server dies with the coordinator: it imports :mod:`hamopt.parallel.server_lifeline`
  first of its preloads, which calls :func:`die_with_parent` and registers it to run in every
  process the server forks (the local pool's workers and a LocalCluster's alike);
* each worker dies with the fork server: that fork hook, and the local pool's worker
  initializer (:func:`hamopt.parallel.pool._worker_init`) for servers started without it.

Elsewhere (macOS, Windows) there is no such call: :func:`die_with_parent` returns False and
the pool's own shutdown is all there is.
"""

from __future__ import annotations

import os
import signal
import sys

PR_SET_PDEATHSIG = 1  # linux/prctl.h


def die_with_parent(parent: int | None = None) -> bool:
    """Have the kernel SIGKILL this process when its parent dies; True when it will.

    ``parent``, when given, is the pid the parent should have: if this process has already
    been handed to another (its parent died before the call), it exits at once.
    """
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0) != 0:
            return False
    except (OSError, AttributeError):
        return False
    if parent is not None and os.getppid() != parent:
        os._exit(1)  # the parent died before the request was made: no one to work for
    return True
