"""hamopt: a declarative, constraint-based optimizer for hamstring training programs.

The Python API::

    import hamopt
    program = hamopt.solve("scenario.yaml")      # a path, a dict or a Scenario -> Program
    reports = hamopt.check(program, scenario)    # checker verdicts, no solver
    frame = hamopt.to_dataframe(program)         # pandas (the `frames` extra), lazily
    runs = hamopt.to_dataframe(hamopt.compare(["a.yaml"], ["default", "strengthlog"]))
    dtypes = hamopt.csv_dtypes()                 # for pandas.read_csv of --format csv

docs/api.md has the whole notebook API with an example that the tests run.

The package is layered (docs/architecture.md); these names come from ``hamopt.api``,
``hamopt.inputs``, ``hamopt.study`` and ``hamopt.render`` and load lazily, so `import hamopt`
(and the CLI's start-up) stays cheap, and pandas loads only when a frame is made.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__all__ = [
    "check", "solve", "load_scenario", "load_program", "compare", "csv_dtypes", "to_dataframe"
]

# The one place the version is written (pyproject.toml reads it): reading it back through
# importlib.metadata cost every command ~30 ms of start-up.
__version__ = "0.1.0"

# Each API name and the module that defines it.
_API = {
    "solve": "hamopt.api.solving",
    "check": "hamopt.api.checking",
    "load_scenario": "hamopt.inputs.loading",
    "load_program": "hamopt.inputs.loading",
    "compare": "hamopt.study.compare",
    "csv_dtypes": "hamopt.api.frames",
    "to_dataframe": "hamopt.study.frames",
}


def __getattr__(name: str) -> Any:
    if name in _API:
        return getattr(import_module(_API[name]), name)
    raise AttributeError(f"module 'hamopt' has no attribute {name!r}")

