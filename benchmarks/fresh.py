"""Running a benchmark step the way a user's command runs: compiled, in a fresh process; and
naming the commit a result was measured at.

A `hamopt solve` or `hamopt batch` is a fresh process on bytecode pip compiled. Timed inside
a long-lived benchmark process instead, after other sections, the 500-exercise catalog
solved in 0.99-1.29 s against 0.83-0.90 s fresh, and batch clients ran ~20 % slower.
"""

from __future__ import annotations

import compileall
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def compile_hamopt() -> None:
    """hamopt's bytecode, as pip compiles ortools' at install.

    An editable install under PYTHONDONTWRITEBYTECODE (this machine) would otherwise
    recompile ~50 modules per process (~90 ms) and time a source tree against compiled
    dependencies.
    """
    compileall.compile_dir(str(ROOT / "hamopt"), quiet=1)


def fresh(module: str, function: str, *args: Any) -> Any:
    """``benchmarks.<module>.<function>(*args)`` in a fresh Python process, JSON in and out."""
    code = (
        "import importlib, json, sys\n"
        "module = importlib.import_module('benchmarks.' + sys.argv[1])\n"
        "print(json.dumps(getattr(module, sys.argv[2])(*json.loads(sys.argv[3]))))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, module, function, json.dumps(args)],
        capture_output=True, text=True, check=True, cwd=ROOT,
    ).stdout  # fmt: skip
    return json.loads(out.strip().splitlines()[-1])


def commit() -> str:
    """The short hash of HEAD, with "+dirty" when hamopt/ had uncommitted changes (several
    people share this tree, and a result belongs to the code that produced it)."""
    done = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    )
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "hamopt"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    return (done.stdout.strip() or "unknown") + ("+dirty" if dirty else "")
