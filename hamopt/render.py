"""Programs as people read them: the one registry of output formats (RENDERERS).

The terminal table and JSON/YAML (the public contract) live here; Markdown, CSV, iCalendar
and the HTML program card each have a module in ``hamopt/renderers/``. Every renderer is
``(program, context=None) -> str``: the optional RenderContext carries the scenario (planned
session length) and the start date (calendar dates). Renderers only format; they never
compute training facts (those come with the Program).
"""

from __future__ import annotations

import io
import json
from typing import Protocol

import yaml
from rich.console import Console
from rich.table import Table

from hamopt.models import Program, ProgramExercise
from hamopt.renderers.common import HEAD_SHORT, RenderContext
from hamopt.renderers.csv_rows import to_csv
from hamopt.renderers.html_card import to_html
from hamopt.renderers.ical import to_ics
from hamopt.renderers.markdown import to_markdown


class Renderer(Protocol):
    """A format: the program (and optionally what else it may know) as text."""

    def __call__(self, program: Program, context: RenderContext | None = None, /) -> str: ...


def program_dict(program: Program) -> dict:
    """The JSON contract: field order as in the model, None values kept (readers rely on keys)."""
    return program.model_dump(mode="json")


def to_json(program: Program, context: RenderContext | None = None) -> str:
    return json.dumps(program_dict(program), indent=2) + "\n"


def to_yaml(program: Program, context: RenderContext | None = None) -> str:
    return yaml.safe_dump(program_dict(program), sort_keys=False, allow_unicode=True)


def _prescription(line: ProgramExercise) -> str:
    lo, hi = line.reps
    reps = f"{lo}" if lo == hi else f"{lo}-{hi}"
    return f"{line.sets} x {reps}"


def _when(day: str, time: str | None) -> str:
    return f"{day.capitalize()} {time}" if time else day.capitalize()


def to_table(program: Program, context: RenderContext | None = None, width: int = 120) -> str:
    """A rich table per week: day, time, order, exercise, sets x reps, heads served."""
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, force_terminal=False, color_system=None)
    console.print(f"[bold]{program.scenario or 'program'}[/bold]: {program.status}")
    for week in program.weeks:
        title = f"Week {week.week}" + (f" ({week.phase})" if week.phase else "")
        table = Table(title=title, show_lines=False)
        for column in ("Day", "Order", "Exercise", "Sets x reps", "Heads"):
            table.add_column(column)
        for session in week.sessions:
            for i, line in enumerate(session.ordered()):
                table.add_row(
                    _when(session.day, session.time) if i == 0 else "",
                    chr(ord("A") + i),
                    line.name or line.id,
                    _prescription(line),
                    ", ".join(HEAD_SHORT.get(h, h) for h in line.heads),
                )
            table.add_section()
        console.print(table)
        if len(program.weeks) > 1 and week.week == 1:
            console.print(f"(weeks 2-{len(program.weeks)} follow below)")
    _print_totals(console, program)
    _print_rules(console, program)
    return buffer.getvalue()


def _print_totals(console: Console, program: Program) -> None:
    totals = program.totals
    if not totals:
        return
    heads = totals.get("head_sets", {})
    console.print(
        f"Hamstring sets {totals.get('hamstring_sets')}, quad sets {totals.get('quad_sets')}, "
        f"ratio {totals.get('ratio')}; weighted sets per head: "
        + ", ".join(f"{HEAD_SHORT[h]} {v:g}" for h, v in heads.items())
    )


def _print_rules(console: Console, program: Program) -> None:
    for report in program.rules:
        mark = "ok " if report.satisfied else "!! "
        penalty = f" (penalty {report.penalty:g})" if report.penalty else ""
        console.print(f"{mark}{report.id} [{report.mode}]{penalty}: {report.message}", markup=False)
    from hamopt.report import infeasible_lines

    for line in infeasible_lines(program):  # the conflict in words and the cheapest fix
        console.print(line, markup=False, soft_wrap=True)


RENDERERS: dict[str, Renderer] = {
    "table": to_table,
    "json": to_json,
    "yaml": to_yaml,
    "markdown": to_markdown,
    "csv": to_csv,
    "ics": to_ics,  # needs RenderContext.start (ValueError without it)
    "html": to_html,
}
# Formats that place sessions on calendar dates and so need a start date.
NEEDS_START: frozenset[str] = frozenset({"ics"})
# File name extension per format, for commands that write one file per program.
EXTENSIONS: dict[str, str] = {
    "table": "txt",
    "json": "json",
    "yaml": "yaml",
    "markdown": "md",
    "csv": "csv",
    "ics": "ics",
    "html": "html",
}


def render(fmt: str, program: Program, context: RenderContext | None = None) -> str:
    """The program in format `fmt` (a RENDERERS key)."""
    return RENDERERS[fmt](program, context)
