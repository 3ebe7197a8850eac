"""`hamopt serve` stopped as a service manager stops it (SIGTERM): a clean end, said in the log."""

from __future__ import annotations

import signal
import subprocess
from pathlib import Path

import pytest
from conftest import SCENARIOS, start_server


def test_sigterm_ends_the_server_and_its_workers_cleanly(tmp_path: Path) -> None:
    # systemd and docker stop a service with SIGTERM. uvicorn raises it again after the
    # shutdown, so no exit handler runs: with its workers not yet joined the server ended
    # with "There appear to be 5 leaked semaphore objects" from the resource tracker.
    server = start_server(tmp_path / "server.log")
    try:
        with server.client() as client:
            text = (SCENARIOS / "balanced_lifter.yaml").read_text(encoding="utf-8")
            answer = client.post("/v1/programs", json={"scenario": text})
            assert answer.status_code == 200  # the warm workers did some work
        server.process.send_signal(signal.SIGTERM)
        code = server.process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait()
        pytest.fail("hamopt serve did not stop within 30 s of SIGTERM")
    log = server.log_text()
    assert code in (0, -signal.SIGTERM), log[-2000:]
    assert "shutdown: 0 job(s) cancelled" in log
    assert "leaked semaphore" not in log and "Traceback" not in log, log[-2000:]
