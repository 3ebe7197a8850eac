"""Tables as text: boxed at a terminal's width, plain in a pipe or a file.

A table printed to a terminal fits its width (rich wraps the long cells). A table that goes
to a pipe, a file or a program is plain text instead: no box lines, every column at its
natural width and nothing folded, so it can be read with less -S, grepped, diffed and cut.
Before, tables were drawn for a fixed 120 (solve) or 199 (compare) columns and on an 80-100
column terminal the numbers folded into vertical digits.

``width`` is the terminal's columns, or None for plain text. Which one a command gets is the
CLI's choice (:func:`hamopt.cli.common.terminal_width`); renderers never look at stdout.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console

# Wide enough that no table is ever folded; lines are as long as their content.
PLAIN_WIDTH = 100_000


def console(buffer: io.StringIO, width: int | None) -> Console:
    """A console writing to ``buffer``: at ``width`` columns, or plain (see the module)."""
    from rich.console import Console

    return Console(
        file=buffer,
        width=width or PLAIN_WIDTH,
        force_terminal=False,
        color_system=None,
        highlight=False,
        soft_wrap=width is None,
    )


def width_of(console: Console) -> int | None:
    """The width a console was made with by :func:`console` (None: plain)."""
    return None if console.width >= PLAIN_WIDTH else console.width


def table_box(width: int | None, boxed: Any = None) -> Any:
    """The box style for a table: ``boxed`` (rich's default when None) in a terminal, no box
    in plain text."""
    if width is None:
        return None
    if boxed is None:
        from rich import box

        return box.HEAVY_HEAD
    return boxed


def finish(text: str, width: int | None) -> str:
    """Plain text without the trailing spaces that pad each column to its width."""
    if width is not None:
        return text
    return "".join(line.rstrip() + "\n" for line in text.splitlines())
