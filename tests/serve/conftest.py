"""One `hamopt serve` for the whole test session, on 127.0.0.1 and a free port.

Started as a user starts it (the CLI), with the shipped scenarios as its examples. Its log
(one line per request) is kept for the tests that read it; stopping it is checked too.
"""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

try:  # the `serve` extra; without it the service's tests skip
    import fastapi  # noqa: F401
    import httpx
    import uvicorn  # noqa: F401
except ImportError:  # pragma: no cover
    httpx = None

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = ROOT / "scenarios"


@dataclass
class Server:
    url: str
    process: subprocess.Popen
    log: Path

    def log_text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def client(self, timeout: float = 60.0) -> Any:
        return httpx.Client(base_url=self.url, timeout=timeout)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(log: Path) -> Server:
    """`hamopt serve` on a free port, as a user starts it, its output in ``log``; once it
    answers /v1/health."""
    if httpx is None:
        pytest.skip("the serve extra (fastapi, uvicorn, httpx) is not installed")
    port = _free_port()
    command = [
        sys.executable, "-c", "from hamopt.cli import main; main()", "serve",
        "--port", str(port), "--scenarios", str(SCENARIOS),
        "--workers", "2", "--max-jobs", "1", "--max-time-limit", "20",
    ]
    with log.open("w") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT,
                                   cwd=ROOT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while True:
        try:
            if httpx.get(f"{url}/v1/health", timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"hamopt serve did not start:\n{log.read_text()}")
        time.sleep(0.2)
    return Server(url, process, log)


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    started = start_server(tmp_path_factory.mktemp("serve") / "server.log")
    process, log = started.process, started.log
    yield started
    # Ctrl-C: the server stops cleanly, cancels what is left and says so (an error here
    # shows as the last test's teardown error).
    process.send_signal(signal.SIGINT)
    try:
        code = process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
        pytest.fail("hamopt serve did not stop within 30 s of Ctrl-C")
    text = log.read_text()
    assert code == 0 and "Traceback" not in text and "shutdown: " in text, text[-2000:]
