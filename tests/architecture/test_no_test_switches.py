"""hamopt holds no switch for its tests: they drive it from outside, as its users and the
world do (a worker is killed with a signal, not by a scenario with a magic name that an
environment variable arms). A switch left on in production is a way to take it down."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# An environment variable whose name says it is for tests, read anywhere in hamopt.
SWITCH = re.compile(r"""(environ|getenv)\W*\w*\W*["'][A-Z0-9_]*TEST[A-Z0-9_]*["']""")


def test_no_module_reads_a_test_switch() -> None:
    found = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in sorted((ROOT / "hamopt").rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if SWITCH.search(line)
    ]
    assert not found, "\n".join(found)
