"""`-q/--quiet` and `-v/--verbose`: how much a command says besides its output.

Every command takes them, before or after its name (`hamopt -q batch ...`, `hamopt batch
... --quiet`): the group adds them to each command (hamopt/cli/__init__.py). Quiet keeps
errors and the output itself, and drops progress bars, progress lines and notes; verbose adds
what a user tuning a run wants: the solver's status, objective and times, one line per
client or run. Nothing here changes the output itself (a program, a table, a file).
"""

from __future__ import annotations

from typing import Any

import click

QUIET, NORMAL, VERBOSE = -1, 0, 1
_KEY = "hamopt.verbosity"


def _set(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if not value:
        return
    root = ctx.find_root()
    wanted = QUIET if param.name == "quiet" else VERBOSE
    if root.meta.get(_KEY, wanted) != wanted:
        raise click.BadOptionUsage(str(param.name), "--quiet and --verbose contradict each other")
    root.meta[_KEY] = wanted


_SPECS: tuple[tuple[tuple[str, str], str], ...] = (
    (("-q", "--quiet"), "Only the output and errors: no progress, no notes."),
    (("-v", "--verbose"), "Also the solver's status and times, a line per client or run "
     "(stderr)."),
)


def options() -> list[click.Option]:
    """Fresh -q and -v options (a click.Option belongs to one command)."""
    return [
        click.Option(list(names), is_flag=True, expose_value=False, callback=_set, help=text)
        for names, text in _SPECS
    ]


def on_group(func: Any) -> Any:
    """-q and -v on the group itself: `hamopt -q batch ...`."""
    for names, text in reversed(_SPECS):
        func = click.option(*names, is_flag=True, expose_value=False, callback=_set,
                            help=text)(func)
    return func


def add_to(command: click.Command) -> click.Command:
    """``command`` with -q and -v (once, however often the group hands it out)."""
    if not any(p.name == "quiet" for p in command.params):
        command.params.extend(options())
    return command


def level() -> int:
    ctx = click.get_current_context(silent=True)
    return NORMAL if ctx is None else int(ctx.find_root().meta.get(_KEY, NORMAL))


def note(message: str) -> None:
    """A note on stderr (what happened besides the output), unless --quiet."""
    if level() > QUIET:
        click.echo(message, err=True)


def detail(message: str) -> None:
    """A detail on stderr, with --verbose only."""
    if level() >= VERBOSE:
        click.echo(message, err=True)


def solver_line(program: Any) -> str:
    """The solver's part of a program in one line (what --verbose shows after a solve)."""
    info = program.solver
    if info is None:
        return f"solver: {program.status}"
    parts = [f"solver: {info.status}"]
    if info.objective is not None:
        parts.append(f"objective {info.objective:g}")
    if info.status != "optimal" and info.gap:
        parts.append(f"gap {info.gap:.1%}")
    if info.status != "optimal" and info.quality_gap:
        parts.append(f"quality gap {info.quality_gap:.1%}")
    if info.wall_time is not None:
        parts.append(f"{info.wall_time:.3f} s wall")
    if info.deterministic_time is not None:
        parts.append(f"{info.deterministic_time:.3f} deterministic s")
    parts.append(f"seed {info.seed}, {info.workers} worker{'s' if info.workers != 1 else ''}")
    return ", ".join(parts)
