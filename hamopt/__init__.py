"""hamopt: a declarative, constraint-based optimizer for hamstring training programs.

The Python API::

    import hamopt
    program = hamopt.solve(scenario)             # a Scenario model -> Program
    reports = hamopt.check(program, scenario)    # checker verdicts, no solver

Attributes load lazily so `import hamopt` (and the CLI's start-up) stays cheap.
"""

from __future__ import annotations

import sys
from types import ModuleType
from typing import Any

__all__ = ["check", "solve", "load_scenario", "load_program"]

# The one place the version is written (pyproject.toml reads it): reading it back through
# importlib.metadata cost every command ~30 ms of start-up.
__version__ = "0.1.0"

# Functions of the API that share their name with a submodule (hamopt/engine/solve.py, check.py).
_SHADOWED = ("solve", "check")


class _Package(ModuleType):
    """The package object, guarding the API functions against their own submodules.

    Importing ``hamopt.engine.solve`` makes Python bind the submodule as the package attribute
    ``solve``; from then on ``hamopt.solve(scenario)`` would call a module (TypeError). So
    that binding is skipped and ``__getattr__`` keeps answering with the function. The
    submodules stay importable by name (``from hamopt.engine.solve import solve_scenario``).
    """

    def __setattr__(self, name: str, value: Any) -> None:
        if name in _SHADOWED and isinstance(value, ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


def __getattr__(name: str) -> Any:
    if name == "solve":
        from hamopt.engine.solve import solve

        return solve
    if name == "check":
        from hamopt.engine.check import check

        return check
    if name in ("load_scenario", "load_program"):
        from hamopt.inputs import loading

        return getattr(loading, name)
    raise AttributeError(f"module 'hamopt' has no attribute {name!r}")
