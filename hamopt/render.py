"""Programs as people read them: the one registry of output formats (RENDERERS).

The terminal table and JSON/YAML (the public contract) live here; Markdown, CSV, iCalendar
and the HTML program card each have a module in ``hamopt/renderers/``. Every renderer is
``(program, context=None) -> str``: the optional RenderContext carries the scenario (planned
session length) and the start date (calendar dates). Renderers only format; they never
compute training facts (those come with the Program).
"""

from __future__ import annotations

import importlib
import io
import json
from typing import Protocol

import yaml
from rich.console import Console
from rich.table import Table

from hamopt.models import Program, ProgramExercise, ProgramWeek
from hamopt.renderers.common import HEAD_SHORT, RenderContext


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
    # Consecutive weeks with the same prescription share one table (a 52-week plan is a few
    # templates); their per-week rep targets and load steps go in a column of their own.
    for group in _week_groups(program.weeks):
        first, last = group[0], group[-1]
        title = f"Week {first.week}" if len(group) == 1 else f"Weeks {first.week}-{last.week}"
        flags = [str(first.phase)] if first.phase else []
        flags += ["transition"] if first.transition else []
        table = Table(title=title + (f" ({', '.join(flags)})" if flags else ""), show_lines=False)
        columns = ["Day", "Order", "Exercise", "Sets x reps", "Heads"]
        targets = any(x.target_reps for w in group for s in w.sessions for x in s.exercises)
        for column in columns + (["Weekly targets"] if targets else []):
            table.add_column(column)
        for s_index, session in enumerate(first.sessions):
            for i, line in enumerate(session.ordered()):
                row = [
                    _when(session.day, session.time) if i == 0 else "",
                    chr(ord("A") + i),
                    line.name or line.id,
                    _prescription(line),
                    ", ".join(HEAD_SHORT.get(h, h) for h in line.heads),
                ]
                if targets:
                    row.append(_targets(group, s_index, line))
                table.add_row(*row)
            table.add_section()
        console.print(table)
    if len(program.weeks) < 2:  # a plan's weeks get the per-week table instead
        _print_totals(console, program)
    _print_per_week(console, program)
    _print_rules(console, program)
    return buffer.getvalue()


def _shape(week: ProgramWeek) -> list:  # type: ignore[type-arg]
    """A week's prescription without its per-week targets (what a table row shows)."""
    return [
        [(x.id, x.sets, x.reps, x.order) for x in s.exercises] + [(s.day, s.time)]
        for s in week.sessions
    ]


def _week_groups(weeks: list[ProgramWeek]) -> list[list[ProgramWeek]]:
    groups: list[list[ProgramWeek]] = []
    for week in weeks:
        last = groups[-1][-1] if groups else None
        if last is not None and (last.phase, last.transition, _shape(last)) == (
            week.phase, week.transition, _shape(week)
        ):  # fmt: skip
            groups[-1].append(week)
        else:
            groups.append([week])
    return groups


def _targets(group: list[ProgramWeek], s_index: int, line: ProgramExercise, shown: int = 6) -> str:
    """Week by week: "w3 8, w4 10, w5 12, w6 8 +2.5 kg ..." (deload weeks marked)."""
    parts = []
    for week in group[:shown]:
        same = [x for x in week.sessions[s_index].exercises if x.id == line.id]
        if not same or same[0].target_reps is None:
            continue
        x = same[0]
        text = f"w{week.week} {x.target_reps}" + (f" {x.load_change}" if x.load_change else "")
        parts.append(text + (" deload" if week.deload else ""))
    more = " ..." if len(group) > shown else ""
    return ", ".join(parts) + more


def _print_per_week(console: Console, program: Program) -> None:
    """One line per week: volume, ratio, per-head sets (multi-week plans only)."""
    per_week = (program.totals or {}).get("per_week") or []
    if len(per_week) < 2:
        return
    table = Table(title="Per week", show_lines=False)
    for column in ("Week", "Phase", "Ham sets", "Quad sets", "Ratio", *HEAD_SHORT.values()):
        table.add_column(column)
    flags = {w.week: w for w in program.weeks}
    for row in per_week:
        week = flags.get(row["week"])
        phase = str(week.phase or "") if week else ""
        if week and week.transition:
            phase += " (transition)"
        if week and week.deload:
            phase += " (deload)"
        heads = row.get("head_sets", {})
        table.add_row(
            str(row["week"]),
            phase,
            str(row["hamstring_sets"]),
            str(row["quad_sets"]),
            "-" if row["ratio"] is None else f"{row['ratio']:g}",
            *(f"{heads.get(h, 0):g}" for h in HEAD_SHORT),
        )
    console.print(table)


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


class _Deferred:
    """A renderer in ``hamopt/renderers/``, imported on first use: the card's Jinja2 and
    icalendar alone cost every `hamopt solve` ~70 ms of start-up for a table."""

    def __init__(self, module: str, function: str) -> None:
        self.module, self.function = module, function

    def __call__(self, program: Program, context: RenderContext | None = None, /) -> str:
        module = importlib.import_module(f"hamopt.renderers.{self.module}")
        return getattr(module, self.function)(program, context)  # type: ignore[no-any-return]


RENDERERS: dict[str, Renderer] = {
    "table": to_table,
    "json": to_json,
    "yaml": to_yaml,
    "markdown": _Deferred("markdown", "to_markdown"),
    "csv": _Deferred("csv_rows", "to_csv"),
    "ics": _Deferred("ical", "to_ics"),  # needs RenderContext.start (ValueError without it)
    "html": _Deferred("html_card", "to_html"),
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
