"""engine/beside.Beside: work on a second thread that starts at its gate and never outlives
the block that made it."""

from __future__ import annotations

import threading
import time

import pytest

from hamopt.engine.beside import Beside


def _beside_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "hamopt-beside"]


def test_the_work_waits_for_its_gate_then_gives_its_result() -> None:
    ran = threading.Event()

    def work() -> int:
        ran.set()
        return 42

    with Beside(work) as beside:
        assert not ran.wait(0.2)  # created, not started: the caller still has Python to run
        beside.start()
        assert ran.wait(5)
        assert beside.result() == 42
    assert not _beside_threads()


def test_result_starts_the_work_and_raises_what_it_raised() -> None:
    def work() -> None:
        raise ValueError("from the second thread")

    with Beside(work) as beside, pytest.raises(ValueError, match="second thread"):
        beside.result()
    assert not _beside_threads()


def test_work_let_start_gives_its_result_after_the_block() -> None:
    for _ in range(200):  # the block often ends before the thread wakes
        with Beside(lambda: 7) as beside:
            beside.start()
        assert beside.result() == 7


def test_work_never_started_is_cancelled_when_the_block_ends() -> None:
    ran = threading.Event()
    with Beside(ran.set):
        pass
    assert not _beside_threads()
    assert not ran.is_set()


def test_work_started_is_waited_for_even_when_the_block_raises() -> None:
    # Raised right after the start, before the thread has woken: the work still runs (the
    # program built ahead is read after the block; it must not have been cancelled).
    finished = threading.Event()

    def work() -> None:
        time.sleep(0.3)
        finished.set()

    with pytest.raises(RuntimeError, match="caller"), Beside(work) as beside:
        beside.start()
        raise RuntimeError("the caller failed meanwhile")
    assert finished.is_set()  # the block's exit waited for it
    assert not _beside_threads()
