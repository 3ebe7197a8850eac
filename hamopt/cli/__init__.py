"""The `hamopt` command. Each command group lives in its own module; this one only gathers them.

The CLI holds no logic beyond parsing and printing (DESIGN.md): commands call the library.
"""

from __future__ import annotations

import atexit
import gc
import importlib

import click

from hamopt import __version__
from hamopt.cli import verbosity

# At exit, with OR-Tools and pandas (and for a batch, Dask) imported, the interpreter's
# teardown took 0.15-0.25 s here, its garbage collector walking and freeing the imports'
# objects (modules, classes, functions: reference cycles); the OS takes that memory back
# anyway. Frozen by the last exit handler to run (the first registered), they are left
# alone: `hamopt solve` exits 0.2 s sooner, a Dask batch 0.16 s. Nothing relies on the
# collector by then: commands write and close their files themselves, and multiprocessing,
# Dask and logging close theirs with exit handlers of their own.
atexit.register(gc.freeze)

# Each command and the module that defines it. A command's module is imported when the
# command runs (or `--help` lists it), not at start-up: `hamopt batch` then begins its
# workers' imports ~0.25 s sooner, instead of first importing, say, `hamopt validate`'s
# models and tables. tests/test_cli_inputs.py holds this table to the modules' commands.
COMMAND_MODULES = {
    "batch": "hamopt.cli.batch",
    "catalog": "hamopt.cli.inputs",
    "check": "hamopt.cli.solve",
    "compare": "hamopt.cli.study",
    "explain": "hamopt.cli.explain",
    "render": "hamopt.cli.render",
    "rules": "hamopt.cli.study",
    "schema": "hamopt.cli.inputs",
    "serve": "hamopt.cli.serve",
    "solve": "hamopt.cli.solve",
    "validate": "hamopt.cli.inputs",
}


class _LazyGroup(click.Group):
    """A group whose commands' modules are imported on first use (click's documented
    lazy-loading pattern); each module adds its commands with ``@main.command()``."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *COMMAND_MODULES})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMAND_MODULES:
            importlib.import_module(COMMAND_MODULES[cmd_name])
        command = super().get_command(ctx, cmd_name)
        # -q/-v after the command's name too: `hamopt batch ... --quiet`.
        return None if command is None else verbosity.add_to(command)


@click.group(cls=_LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="hamopt")
@verbosity.on_group
def main() -> None:
    """hamopt: constraint-based hamstring training programs (OR-Tools CP-SAT)."""
