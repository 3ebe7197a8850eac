"""The `hamopt` command. Each command group lives in its own module; this one only gathers them.

The CLI holds no logic beyond parsing and printing (DESIGN.md): commands call the library.
"""

from __future__ import annotations

import click

from hamopt import __version__


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
