"""Debian's headless Chromium through Playwright, for the browser tests (card and page).

`make test` installs the chromium package when it is missing; outside CI a machine without it
(or without Playwright) skips the browser tests, in CI their absence is a failure.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

# No sandbox (root in CI), no GPU, and nothing that reaches for the network: this machine's
# closed network refuses Chromium's background connections, many at a time.
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def missing(what: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{what} is missing in CI: `make test` should have installed it")
    pytest.skip(f"{what} is not installed")


@contextmanager
def chromium(tmp_path_factory: pytest.TempPathFactory, **options: Any) -> Iterator[object]:
    """A persistent Chromium context with a fresh --user-data-dir; ``options`` go to
    ``launch_persistent_context`` (viewport, accept_downloads, ...)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing("playwright (the test extra)")
    executable = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(executable).exists():
        missing("chromium")
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")),
            executable_path=executable,
            headless=True,
            args=FLAGS,
            **options,
        )
        try:
            yield context
        finally:
            context.close()
