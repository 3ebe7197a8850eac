"""What every command shares: turning a user's mistake into a message and an exit code.

Exit codes: 0 done, 1 no program (infeasible, none in time, a broken hard rule), 2 bad
input, 3 an output that cannot be written (nothing partial is left), 130 interrupted.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import click

from hamopt.io.errors import HamoptError, InputError, OutputError

F = TypeVar("F", bound=Callable[..., Any])

EXIT_OK, EXIT_INFEASIBLE, EXIT_INPUT, EXIT_OUTPUT = 0, 1, 2, 3


def user_errors(func: F) -> F:
    """Print a HamoptError as `file:line: field: message` on stderr and exit 2 (3 when an
    output cannot be written)."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except OutputError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(EXIT_OUTPUT)
        except OSError as exc:
            if not _stdout_broken(exc):
                raise
            from hamopt.io.files import reason

            click.echo(f"error: stdout: cannot write: {reason(exc)}", err=True)
            sys.exit(EXIT_OUTPUT)
        except HamoptError as exc:
            for line in str(exc).splitlines():
                click.echo(f"error: {line}", err=True)
            sys.exit(EXIT_INPUT)

    return wrapper  # type: ignore[return-value]


# (function, package folder) of the frames that write a command's output to stdout.
_PRINTERS = {("echo", "click"), ("_write_buffer", "rich")}


def _stdout_broken(exc: OSError) -> bool:
    """Whether ``exc`` is stdout refusing output (a full disk, a closed pipe): raised where
    click.echo or rich's console writes. Then stdout is put on /dev/null, so the
    interpreter's last flush at exit does not fail a second time."""
    import os

    tb = exc.__traceback__
    while tb is not None and tb.tb_next is not None:
        tb = tb.tb_next
    code = tb.tb_frame.f_code if tb is not None else None
    if code is None or (code.co_name, Path(code.co_filename).parent.name) not in _PRINTERS:
        return False
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    return True


@contextmanager
def named_by(option: str) -> Iterator[None]:
    """An input error about a value given on the command line (a rule set named by
    `--rules` that does not exist) names the option, where a file error names the file."""
    try:
        yield
    except InputError as exc:
        if exc.file is None:
            exc.file, exc.path = option, ()
        raise


def inputs_held_to_the_end() -> None:
    """Keep the garbage collector off everything that exists now, until the command ends.

    Called once a command has loaded its inputs: the imports (OR-Tools, pandas, pydantic,
    hamopt) and the scenario, rules and catalog then live until the command returns, and none
    of them is garbage. Left in the collector's reach, a full collection after this point
    walks them all again. Measured on `hamopt solve` with a 1,000-exercise catalog and the
    default table (gc.callbacks timing every collection, 3 runs each): two full collections,
    66-74 ms between them, the second set off by rich's import while the table was rendered
    (85,000 objects to walk) -> one, 18-22 ms, during the imports (the import floor has the
    same one). With JSON output that second collection did not come before the exit anyway:
    no change there, nor for a shipped scenario. What the command creates after this point
    is collected as before. The freeze is undone when the command's click context closes (its
    return, its exit code or an error), so a process that runs commands one after another (the
    tests' CliRunner) is left as it was.
    """
    import gc

    ctx = click.get_current_context(silent=True)
    # Outside a command nothing would undo the freeze; and where something froze objects
    # already (a fork server's worker), undoing ours would undo that freeze too.
    if ctx is None or gc.get_freeze_count():
        return
    gc.freeze()
    ctx.call_on_close(gc.unfreeze)


RULES_HELP = "Rule set to use instead of the scenario's `rules:` (a YAML file or a packaged name)."


def rules_option(func: F) -> F:
    """`--rules FILE|NAME`: the rule set, the same option in every command that solves or
    checks (`hamopt rules` and `compare` have their own help)."""
    return click.option("--rules", "rules_ref", metavar="FILE|NAME", help=RULES_HELP)(func)


# hamopt.engine.solve.DEFAULT_TIME_LIMIT, written here because importing that module at
# start-up loads OR-Tools for every command (tests hold the two equal).
DEFAULT_TIME_LIMIT = 30.0


def time_limit_option(
    help: str = "Search limit in CP-SAT deterministic seconds (reproducible, unlike wall time).",
) -> Callable[[F], F]:
    """`--time-limit S`: every solving command's limit, in deterministic seconds."""
    return click.option(
        "--time-limit",
        type=click.FloatRange(0.01, 3600),
        default=DEFAULT_TIME_LIMIT,
        show_default=True,
        help=help,
    )


def terminal_width(output: Path | None = None) -> int | None:
    """The columns tables get: the terminal's when the output goes to one, else None (plain
    text for a pipe or a file; hamopt/render/text_tables.py)."""
    import shutil

    if output is not None and str(output) != "-":
        return None
    if not sys.stdout.isatty():
        return None
    return shutil.get_terminal_size().columns


def output_option(func: F) -> F:
    """`-o FILE`: where the output goes; `-o -` is stdout, as in every Unix tool."""
    return click.option(
        "-o", "--output", type=click.Path(path_type=Path), metavar="FILE",
        help="Write to FILE instead of stdout (written whole, or not at all); - is stdout.",
    )(func)


def catalog_option(func: F) -> F:
    """`--catalog FILE`: an exercise catalog file used instead of the scenario's (and of the
    shipped one); with `extends: default` it adds to the shipped exercises."""
    return click.option(
        "--catalog",
        "catalog_file",
        type=click.Path(path_type=Path),
        metavar="FILE",
        help="Exercise catalog file to use instead of the scenario's `catalog:` or the shipped "
        "one (`extends: default` in the file adds to the shipped exercises).",
    )(func)


def seed_option(func: F) -> F:
    """`--seed N`: CP-SAT's random seed (one seed, one program)."""
    return click.option(
        "--seed", type=click.IntRange(0, 2**31 - 1), default=0, show_default=True
    )(func)


def progress_bar(label: str, *fields: str) -> Any:
    """A rich progress bar on stderr: label, bar, done/total, the given text columns (rich
    format strings over the task's fields), elapsed and remaining time. Not started."""
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    return Progress(
        TextColumn(f"[bold]{label}"),
        BarColumn(),
        MofNCompleteColumn(),
        *(TextColumn(f) for f in fields),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
    )


# hamopt.domain.models.MAX_WEEKS (not imported: the CLI starts without pydantic's models).
MAX_WEEKS = 104


def start_in_calendar(ctx: Any, param: Any, value: Any) -> Any:
    """A --start whose last week still fits the calendar (9999-12-31 has no week after it)."""
    from datetime import date, timedelta

    if value is not None and value.date() > date.max - timedelta(weeks=MAX_WEEKS):
        latest = date.max - timedelta(weeks=MAX_WEEKS)
        raise click.BadParameter(
            f"{value.date()} leaves no room for a plan of up to {MAX_WEEKS} weeks before the "
            f"calendar ends (9999-12-31); the latest start is {latest}",
            ctx=ctx,
            param=param,
        )
    return value


def start_option(func: F) -> F:
    """`--start YYYY-MM-DD`, the first day of week 1, for the formats that print dates."""
    return click.option(
        "--start",
        type=click.DateTime(formats=["%Y-%m-%d"]),
        callback=start_in_calendar,
        help="First day of week 1, YYYY-MM-DD: puts dates on the sessions (csv, markdown, "
        "html); required by --format ics. No default, so the same input always gives the "
        "same output.",
    )(func)


def check_start(fmt: str, start: Any) -> None:
    """A calendar without dates is no calendar: refuse before any work is done (exit 2)."""
    from hamopt.render.formats import NEEDS_START

    if fmt in NEEDS_START and start is None:
        raise click.BadOptionUsage(
            "start", f"--format {fmt} needs --start YYYY-MM-DD, the first day of week 1"
        )
