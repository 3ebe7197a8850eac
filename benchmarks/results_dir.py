"""Where a benchmark writes its figures: an untracked folder, unless the committed ones are
being updated on purpose.

`make bench` (and each ``python -m benchmarks.X``) used to append to the tracked files in
benchmarks/results/, so running the benchmarks left a user's checkout modified. Now they go to
benchmarks/results-local/ (git ignores it); ``make bench UPDATE=1`` (the environment variable
``HAMOPT_BENCH_UPDATE=1``) writes the committed results, as a maintainer does before quoting
new figures in the README.
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COMMITTED = ROOT / "benchmarks" / "results"
LOCAL = ROOT / "benchmarks" / "results-local"
UPDATE_VARIABLE = "HAMOPT_BENCH_UPDATE"


def updating() -> bool:
    return os.environ.get(UPDATE_VARIABLE, "").strip() not in ("", "0")


def results_dir() -> Path:
    """benchmarks/results/ when updating the committed figures, else benchmarks/results-local/."""
    folder = COMMITTED if updating() else LOCAL
    folder.mkdir(parents=True, exist_ok=True)
    return folder
