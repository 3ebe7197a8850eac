"""The CSV's dtypes for readers of a file: ``hamopt.csv_dtypes()`` (docs/formats.md).

Loading the rule registry first declares the rules' program fields (``deload``,
``rotation``, a plugin's), so their columns are typed too; the render layer, below the rules'
registry, takes the fields as declared.
"""

from __future__ import annotations

from hamopt.render.csv_rows import dtypes
from hamopt.rules.registry import all_rules


def csv_dtypes() -> dict[str, str]:
    """Each column of ``--format csv`` with its pandas dtype, for
    ``pandas.read_csv(path, dtype=csv_dtypes(), keep_default_na=False, na_values=[""])``."""
    all_rules()
    return dtypes()
