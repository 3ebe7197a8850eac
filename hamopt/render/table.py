"""The terminal table: a rich table per week (or per run of identical weeks), the weekly
totals, and the rules the program was checked against."""

from __future__ import annotations

import io

from rich.console import Console
from rich.table import Table

from hamopt.domain.models import Program, ProgramExercise, ProgramWeek
from hamopt.render import text_tables
from hamopt.render.common import HEAD_SHORT, RenderContext, rir_text, rule_status


def _prescription(line: ProgramExercise) -> str:
    lo, hi = line.reps
    reps = f"{lo}" if lo == hi else f"{lo}-{hi}"
    return f"{line.sets} x {reps}"


def _when(day: str, time: str | None) -> str:
    return f"{day.capitalize()} {time}" if time else day.capitalize()


def to_table(
    program: Program, context: RenderContext | None = None, width: int | None = None
) -> str:
    """A rich table per week: day, time, order, exercise, sets x reps, RIR, heads served.

    At ``width`` (else the context's) columns with boxes, or plain text when neither gives
    one (hamopt/render/text_tables.py)."""
    if width is None and context is not None:
        width = context.width
    buffer = io.StringIO()
    console = text_tables.console(buffer, width)
    console.print(f"[bold]{program.scenario or 'program'}[/bold]: {program.status}")
    # Consecutive weeks with the same prescription share one table (a 52-week plan is a few
    # templates); their per-week rep targets and load steps go in a column of their own.
    for group in _week_groups(program.weeks):
        first, last = group[0], group[-1]
        title = f"Week {first.week}" if len(group) == 1 else f"Weeks {first.week}-{last.week}"
        flags = [str(first.phase)] if first.phase else []
        flags += first.shown_extras()  # what the rules' week fields say ("transition")
        table = Table(
            title=title + (f" ({', '.join(flags)})" if flags else ""),
            show_lines=False,
            box=text_tables.table_box(width),
        )
        columns = ["Day", "Order", "Exercise", "Sets x reps", "RIR", "Heads"]
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
                    (rir_text(line) or "").removesuffix(" RIR"),
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
    return text_tables.finish(buffer.getvalue(), width)


def _shape(week: ProgramWeek) -> list:  # type: ignore[type-arg]
    """A week's prescription without its per-week targets (what a table row shows)."""
    return [
        [(x.id, x.sets, x.reps, x.rir, x.order) for x in s.exercises] + [(s.day, s.time)]
        for s in week.sessions
    ]


def _week_groups(weeks: list[ProgramWeek]) -> list[list[ProgramWeek]]:
    groups: list[list[ProgramWeek]] = []
    for week in weeks:
        last = groups[-1][-1] if groups else None
        if last is not None and (last.phase, last.shown_extras(), _shape(last)) == (
            week.phase, week.shown_extras(), _shape(week)
        ):  # fmt: skip
            groups[-1].append(week)
        else:
            groups.append([week])
    return groups


def _targets(group: list[ProgramWeek], s_index: int, line: ProgramExercise, shown: int = 6) -> str:
    """Week by week: "w3 8, w4 10, w5 12, w6 8 +2.5 kg ..."."""
    parts = []
    for week in group[:shown]:
        same = [x for x in week.sessions[s_index].exercises if x.id == line.id]
        if not same or same[0].target_reps is None:
            continue
        x = same[0]
        text = f"w{week.week} {x.target_reps}" + (f" {x.load_change}" if x.load_change else "")
        parts.append(text)
    more = " ..." if len(group) > shown else ""
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
