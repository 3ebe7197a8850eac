"""The `hamopt` command. Each command group lives in its own module; this one only gathers them.

The CLI holds no logic beyond parsing and printing (DESIGN.md): commands call the library.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

import click

try:
    __version__ = version("hamopt")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0+source"


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="hamopt")
def main() -> None:
    """hamopt: constraint-based hamstring training programs (OR-Tools CP-SAT)."""


def _register() -> None:
    # Imported for their side effect of adding commands to `main`.
    from hamopt.cli import (  # noqa: F401
        batching,
        explaining,
        inputs,
        rendering,
        researching,
        solving,
    )


_register()
