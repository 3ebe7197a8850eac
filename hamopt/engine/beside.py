"""Python work on a second thread while the calling thread waits in CP-SAT.

``CpSolver.solve`` releases the GIL for the whole search: a Python loop beside a solve on
another thread slows it by nothing measurable (tight_schedule_early_late's full relaxation,
median of 8: 114-115 ms alone, 115-117 beside the loop, CP-SAT's SIGINT handler on or off).
So the Python a solve does not depend on can run meanwhile on the machine's other core: the
copy the next proof solves, the whole week's model while the narrow one is solved, the
program built from a result the proof is expected to confirm (engine/solve.py). The work is
a pure function of what it is given, so whether it ran beside the solve or after it, its
result is the same; the caller decides whether to use it.

**The gate.** The thread is created at once but starts its work only when the caller is
about to enter CP-SAT (:meth:`Beside.start`): a thread that starts running Python while the
caller still has Python to run makes the caller wait for the GIL, up to the interpreter's
switch interval (5 ms) each time, which is as much as the overlap saves on the fastest
scenarios (measured: the narrow solve began 5-6 ms late with the work started early).

**Always joined.** Used as a context manager, so no work outlives the block that made it: the
block's end waits for work it let start (a thread still inside CP-SAT when the interpreter
exits aborts the process), whether or not the thread has woken yet, and cancels work it never
let start.

A thread, not a process: the work reads and builds the same Python objects (models,
candidates, the catalog) the caller holds, which a process would have to pickle both ways.
"""

from __future__ import annotations

import contextvars
import threading
from collections.abc import Callable
from concurrent.futures import Future
from types import TracebackType
from typing import Generic, TypeVar

T = TypeVar("T")


class Beside(Generic[T]):
    """``work`` on its own daemon thread, run once :meth:`start` (or :meth:`result`) lets it."""

    def __init__(self, work: Callable[[], T]) -> None:
        self._future: Future[T] = Future()
        self._gate = threading.Event()
        self._started = False
        context = contextvars.copy_context()  # the caller's (domain/facts.py's solve memo)

        def run() -> None:
            self._gate.wait()
            if not self._future.set_running_or_notify_cancel():
                return  # cancelled before it started
            try:
                self._future.set_result(context.run(work))
            except BaseException as exc:  # handed to whoever asks for the result
                self._future.set_exception(exc)

        self._thread = threading.Thread(target=run, name="hamopt-beside", daemon=True)
        self._thread.start()

    def start(self) -> None:
        """Let the work run: call it right before the CP-SAT call it overlaps."""
        self._started = True
        self._gate.set()

    def result(self) -> T:
        """The work's result (started now if it was not), or what it raised."""
        self.start()
        return self._future.result()

    def __enter__(self) -> Beside[T]:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if not self._started:  # work let run runs to its end, even if its thread is slow to wake
            self._future.cancel()
        self._gate.set()
        self._thread.join()
