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
