"""DataFrames for notebooks: ``hamopt.to_dataframe(program or comparison)``.

A program's frame is the CSV format's table (:mod:`hamopt.render.frames`). A comparison's
is below.

The tidy table of :mod:`hamopt.study.report` (one row per scenario x configuration x seed,
the CSV's columns) with real types: counts as nullable ``Int64``, penalties, objectives, sets
per head and times as ``Float64`` (full precision, where the CSV rounds to 6 digits), text as
``string``, each swept parameter in the type of its values; an empty cell is <NA>. pandas is
the optional extra ``hamopt[frames]``, imported on first use only.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from hamopt.domain.models import HEADS, Program, Scenario
from hamopt.render.common import RenderContext
from hamopt.render.frames import program_frame, typed
from hamopt.study.compare import Comparison
from hamopt.study.report import columns, values

if TYPE_CHECKING:
    from pandas import DataFrame

INTEGERS = frozenset(
    {"seed", "hamstring_sets", "quad_sets", "sessions", "weeks", "plan_hamstring_sets",
     "plan_quad_sets"}
)  # fmt: skip
NUMBERS = frozenset(
    {"objective", "penalty", "quality", "quality_gap", "ratio", "solve_time_s",
     "deterministic_time", *(f"sets_{head}" for head in HEADS)}
)  # fmt: skip


def _sweep_dtype(found: list[Any]) -> str:
    """A swept parameter's column: the type all its values share, else text."""
    if found and all(isinstance(v, bool) for v in found):
        return "boolean"
    if found and all(isinstance(v, int) and not isinstance(v, bool) for v in found):
        return "Int64"
    if found and all(isinstance(v, int | float) and not isinstance(v, bool) for v in found):
        return "Float64"
    return "string"


def dtypes(comparison: Comparison) -> dict[str, str]:
    """Each column's pandas dtype."""
    sweeps = {s.key for s in comparison.study.sweeps}
    out = {}
    for column in columns(comparison):
        if column in sweeps:
            found = [v for c in comparison.study.configurations for k, v, _ in c.setting
                     if k == column]  # fmt: skip
            out[column] = _sweep_dtype(found)
        elif column in INTEGERS:
            out[column] = "Int64"
        elif column in NUMBERS or column.startswith("penalty_"):
            out[column] = "Float64"
        else:
            out[column] = "string"
    return out


def comparison_frame(comparison: Comparison) -> DataFrame:
    """One row per run, in the comparison's order (scenario, configuration, seed)."""
    records = [values(comparison, result) for result in comparison.results]
    return typed(records, dtypes(comparison))


def to_dataframe(
    data: Program | Comparison, *, start: date | None = None, scenario: Scenario | None = None
) -> DataFrame:
    """A Program's lines or a Comparison's runs as a pandas DataFrame (docs/api.md). For a
    program, ``start`` fills the ``date`` column and ``scenario`` the session length where
    the program has no estimate.

    A function rather than a method on the models: they live in layers below the modules
    that own the frames' columns, and a layer never imports one above it, nor a module one
    that imports it back (docs/architecture.md)."""
    if isinstance(data, Program):
        return program_frame(data, RenderContext(scenario=scenario, start=start))
    if isinstance(data, Comparison):
        return comparison_frame(data)
    raise TypeError(f"a DataFrame is made of a Program or a Comparison, not {type(data).__name__}")
