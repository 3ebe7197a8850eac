"""The terminal table: a rich table per week (or per run of weeks with the same workouts,
their targets week by week in a column), the weekly totals, and the rules the program was
checked against. Tempo, rest and cue get columns when the terminal is wide enough."""

from __future__ import annotations

import io

from rich.console import Console
from rich.table import Table

from hamopt.domain.models import Program, ProgramExercise
from hamopt.render import text_tables
from hamopt.render.common import (
    HEAD_SHORT,
    RenderContext,
    one_line,
    proof_note,
    rir_text,
    rule_status,
    target_text,
)
from hamopt.render.weeks import WeekRun, week_marks, week_runs

# Columns past the core ones, in the order they get room: (header, the width it needs to read
# without folding words, beyond the core table's). rich wraps longer text inside them.
EXTRA_COLUMNS: tuple[tuple[str, int], ...] = (("Tempo", 8), ("Rest", 22), ("Cue", 32))
# The core table's width (day, order, exercise, sets x reps, RIR, heads) without wrapping an
# exercise's name more than once; a plan's "Weekly targets" column wants 30 more.
CORE_WIDTH, TARGETS_WIDTH = 110, 30


def _prescription(line: ProgramExercise) -> str:
    lo, hi = line.reps
    reps = f"{lo}" if lo == hi else f"{lo}-{hi}"
    return f"{line.sets} x {reps}"


def _when(day: str, time: str | None) -> str:
    return f"{day.capitalize()} {time}" if time else day.capitalize()


def extra_columns(width: int, *, targets: bool) -> list[str]:
    """Tempo, rest and cue, as many as the width leaves room for (in that order)."""
    room = width - CORE_WIDTH - (TARGETS_WIDTH if targets else 0)
    shown = []
    for header, needs in EXTRA_COLUMNS:
        if room < needs:
            break
        shown.append(header)
        room -= needs
    return shown


def _extra_cell(header: str, line: ProgramExercise) -> str:
    value = {"Tempo": line.tempo, "Rest": line.rest, "Cue": line.cue}[header]
    return one_line(value or "")


def to_table(
    program: Program, context: RenderContext | None = None, width: int | None = None
) -> str:
    """A rich table per run of weeks with the same workouts: day, order, exercise, sets x
    reps, RIR, heads served, each week's targets in a plan, then tempo, rest and cue as the
    width allows. At ``width`` (else the context's) columns with boxes; plain text with every
    column when neither gives one (a pipe, a file: hamopt/render/text_tables.py)."""
    if width is None and context is not None:
        width = context.width
    context = context or RenderContext()
    buffer = io.StringIO()
    console = text_tables.console(buffer, width)
    console.print(f"[bold]{program.scenario or 'program'}[/bold]: {program.status}")
    proof = proof_note(program)
    if proof:
        console.print(proof, markup=False)
    # Consecutive weeks with the same workouts share one table (a 52-week plan is a few
    # templates); their per-week rep targets and load steps go in a column of their own.
    for run in week_runs(program):
        flags = week_marks(run.week)  # the phase and the rules' week fields ("deload")
        table = Table(
            title=run.label + (f" ({', '.join(flags)})" if flags else ""),
            show_lines=False,
            box=text_tables.table_box(width),
        )
        targets = any(
            x.target_reps or x.load_change for w in run.weeks for s in w.sessions
            for x in s.exercises
        )  # fmt: skip
        extra = (
            extra_columns(width, targets=targets) if width else [h for h, _ in EXTRA_COLUMNS]
        )
        columns = ["Day", "Order", "Exercise", "Sets x reps", "RIR", "Heads"]
        for column in columns + (["Weekly targets"] if targets else []) + extra:
            table.add_column(column)
        for s_index, session in enumerate(context.sessions(run.week)):
            for i, line in enumerate(session.ordered()):
                row = [
                    _when(session.day, session.time) if i == 0 else "",
                    chr(ord("A") + i),
                    line.name or line.id,
                    _prescription(line),
                    (rir_text(line) or "").removesuffix(" RIR"),
                    ", ".join(HEAD_SHORT.get(h, h) for h in line.heads),
                ]
                if targets:
                    row.append(_targets(run, context, s_index, i))
                row += [_extra_cell(header, line) for header in extra]
                table.add_row(*row)
            table.add_section()
        console.print(table)
    if len(program.weeks) < 2:  # a plan's weeks get the per-week table instead
        _print_totals(console, program)
    _print_per_week(console, program)
    _print_rules(console, program)
    return text_tables.finish(buffer.getvalue(), width)


def _targets(
    run: WeekRun, context: RenderContext, s_index: int, l_index: int, shown: int = 6
) -> str:
    """Week by week: "w3 8, w4 10, w5 12, w6 8 +2.5 kg ..."."""
    parts = []
    for week in run.weeks[:shown]:
        # A run's weeks hold the same sessions and lines in the same order.
        line = context.sessions(week)[s_index].ordered()[l_index]
        if (text := target_text(line)) is not None:
            parts.append(f"w{week.week} {text}")
    more = " ..." if len(run.weeks) > shown else ""
    return ", ".join(parts) + more


def _print_per_week(console: Console, program: Program) -> None:
    """One line per week: volume, ratio, per-head sets (multi-week plans only)."""
    per_week = (program.totals or {}).get("per_week") or []
    if len(per_week) < 2:
        return
    table = Table(
        title="Per week", show_lines=False, box=text_tables.table_box(text_tables.width_of(console))
    )
    for column in ("Week", "Phase", "Ham sets", "Quad sets", "Ratio", *HEAD_SHORT.values()):
        table.add_column(column)
    flags = {w.week: w for w in program.weeks}
    for row in per_week:
        week = flags.get(row["week"])
        phase = str(week.phase or "") if week else ""
        for mark in week.shown_extras() if week else []:
            phase += f" ({mark})"  # the rules' week fields: "(transition)", "(deload)"
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
    marks = {"kept": "ok ", "broken": "!! ", "not applicable": "-- ", "off": "-- "}
    for report in program.rules:
        mark = marks[rule_status(report)]
        penalty = f" (penalty {report.penalty:g})" if report.penalty else ""
        # A quality term is a cost to rank programs by, not a break: show it with its reasons.
        said = report.message
        if report.quality:
            penalty += f" (quality {report.quality:g})"
            said = report.justification or said
        console.print(f"{mark}{report.id} [{report.mode}]{penalty}: {said}", markup=False)
    from hamopt.explain.report import infeasible_lines

    for line in infeasible_lines(program):  # the conflict in words and the cheapest fix
        console.print(line, markup=False, soft_wrap=True)
