"""No orphans (issue 21, item 5): after SIGKILL of the coordinator, its fork server and
workers are gone (they were alive 3 s later before)."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import psutil
import pytest

from hamopt.parallel.lifeline import die_with_parent

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's"
)

COORDINATOR = """
import time
from hamopt.parallel.pool import run_local

if __name__ == "__main__":
    for _ in run_local(time.sleep, [60] * 4, jobs=2, chunk_size=1, preload=({preload})):
        pass
"""


def _descendants(pid: int, wanted: int, within: float = 60) -> list[psutil.Process]:
    """The process tree under ``pid`` once it has at least ``wanted`` processes."""
    deadline = time.monotonic() + within
    found: list[psutil.Process] = []
    while time.monotonic() < deadline:
        found = psutil.Process(pid).children(recursive=True)
        if len(found) >= wanted:
            return found
        time.sleep(0.1)
    raise AssertionError(f"only {len(found)} processes started under {pid}")


def _alive(processes: list[psutil.Process], within: float = 10) -> list[psutil.Process]:
    deadline = time.monotonic() + within
    alive = processes
    while time.monotonic() < deadline:
        alive = [p for p in processes if p.is_running() and p.status() != psutil.STATUS_ZOMBIE]
        if not alive:
            return []
        time.sleep(0.1)
    return alive


@pytest.mark.parametrize("preload", ["'json',", ""])
def test_sigkill_of_the_coordinator_leaves_no_process(tmp_path: Path, preload: str) -> None:
    """With hamopt's fork server (preloads given) and with multiprocessing's own."""
    script = tmp_path / "coordinator.py"
    script.write_text(textwrap.dedent(COORDINATOR.format(preload=preload)), encoding="utf-8")
    coordinator = subprocess.Popen([sys.executable, str(script)], start_new_session=True)
    try:
        # multiprocessing's resource tracker, the fork server and two workers, each asleep
        # in its item (all four were still alive 3 s after the SIGKILL before the fix).
        tree = _descendants(coordinator.pid, wanted=4)
        time.sleep(1.0)  # the workers past their initializer, into their items
        assert coordinator.poll() is None, "the coordinator ended on its own"
        coordinator.send_signal(signal.SIGKILL)
        coordinator.wait(timeout=10)
        left = _alive(tree)
        for process in left:  # started by this test: ended here, so nothing outlives it
            process.kill()
        assert not left, [(p.pid, p.cmdline()[-1][:60]) for p in left]
    finally:
        if coordinator.poll() is None:
            coordinator.kill()


def test_die_with_parent_outside_linux_says_so(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(sys, "platform", "darwin")
    assert die_with_parent() is False
