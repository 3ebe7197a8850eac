"""What every command shares: turning a user's mistake into a message and exit code 2."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import click

from hamopt.errors import HamoptError

F = TypeVar("F", bound=Callable[..., Any])

EXIT_OK, EXIT_INFEASIBLE, EXIT_INPUT = 0, 1, 2


def user_errors(func: F) -> F:
    """Print a HamoptError as `file:line: field: message` on stderr and exit 2."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except HamoptError as exc:
            for line in str(exc).splitlines():
                click.echo(f"error: {line}", err=True)
            sys.exit(EXIT_INPUT)

    return wrapper  # type: ignore[return-value]


def start_option(func: F) -> F:
    """`--start YYYY-MM-DD`, the first day of week 1, for the formats that print dates."""
    return click.option(
        "--start",
        type=click.DateTime(formats=["%Y-%m-%d"]),
        help="First day of week 1, YYYY-MM-DD: puts dates on the sessions (csv, markdown, "
        "html); required by --format ics. No default, so the same input always gives the "
        "same output.",
    )(func)


def check_start(fmt: str, start: Any) -> None:
    """A calendar without dates is no calendar: refuse before any work is done (exit 2)."""
    from hamopt.render import NEEDS_START

    if fmt in NEEDS_START and start is None:
        raise click.BadOptionUsage(
            "start", f"--format {fmt} needs --start YYYY-MM-DD, the first day of week 1"
        )
