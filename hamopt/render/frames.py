"""A program as a pandas DataFrame, for notebooks: ``hamopt.to_dataframe(program)``.

The frame is the CSV format's table (:mod:`hamopt.render.csv_rows`): the same columns, the
same rows, and the dtypes the CSV documents (:func:`csv_rows.dtypes`), so a frame made in a
notebook and one read back from ``hamopt solve --format csv`` compare equal. pandas is an
optional extra (``pip install 'hamopt[frames]'``), imported here on first use only: ``import
hamopt`` and every command that makes no frame never load it.
"""

from __future__ import annotations

from types import ModuleType
from typing import TYPE_CHECKING, Any

from hamopt.domain.models import Program
from hamopt.io.errors import HamoptError
from hamopt.render.common import RenderContext
from hamopt.render.csv_rows import columns, dtypes, rows

if TYPE_CHECKING:
    from pandas import DataFrame


class FramesUnavailable(HamoptError):
    """A DataFrame was asked for and pandas is not installed."""


def pandas() -> ModuleType:
    try:
        import pandas
    except ImportError:
        raise FramesUnavailable(
            "DataFrames need pandas, an optional extra: pip install 'hamopt[frames]'"
        ) from None
    return pandas


def typed(records: list[dict[str, Any]], types: dict[str, str]) -> DataFrame:
    """Records as a frame with these dtypes; text as the CSV writes it, empty as <NA>."""
    pd = pandas()
    cells = [{c: _value(r.get(c), types[c]) for c in types} for r in records]
    frame = pd.DataFrame(cells, columns=list(types))
    return frame.astype(types)


def _value(value: Any, dtype: str) -> Any:
    """A row's value as its column holds it: the CSV's text for text ("" is not set)."""
    if value is None or value == "":
        return None
    if dtype == "string":
        if isinstance(value, bool):  # a rule's field typed loosely: as the CSV writes it
            return "true" if value else "false"
        return str(value)
    return value


def program_frame(program: Program, context: RenderContext | None = None) -> DataFrame:
    """One row per week x session x exercise, the CSV's columns and documented dtypes."""
    types = dtypes()  # the rules' fields as the registry declared them (as to_csv does)
    assert tuple(types) == columns()
    return typed(rows(program, context), types)
