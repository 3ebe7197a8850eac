"""hamopt: a declarative, constraint-based optimizer for hamstring training programs.

The Python API::

    import hamopt
    program = hamopt.solve(scenario)             # a Scenario model -> Program
    reports = hamopt.check(program, scenario)    # checker verdicts, no solver

Attributes load lazily so `import hamopt` (and the CLI's start-up) stays cheap.
"""

from __future__ import annotations

from typing import Any

__all__ = ["check", "solve", "load_scenario", "load_program"]


def __getattr__(name: str) -> Any:
    if name == "solve":
        from hamopt.solve import solve

        return solve
    if name == "check":
        from hamopt.check import check

        return check
    if name in ("load_scenario", "load_program"):
        from hamopt import loading

        return getattr(loading, name)
    raise AttributeError(f"module 'hamopt' has no attribute {name!r}")
