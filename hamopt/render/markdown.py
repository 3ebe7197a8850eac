"""``--format markdown``: the program the way the seed articles write workouts.

    ### Workout 1 · Monday 18:00

    A) Standing leg curl 3 x 6
    Tempo: 2012
    Rest: 30-60 sec between sides, 2 min between sets

Lines under an exercise end in two spaces (a Markdown hard line break), so the text reads the
same raw in a terminal and rendered on a page. Identical consecutive weeks are written once.
"""

from __future__ import annotations

import re

from hamopt.domain.models import Program, ProgramSession
from hamopt.render.common import (
    HEAD_SHORT,
    NO_PROGRAM,
    RenderContext,
    details,
    letter,
    one_line,
    prescription,
    proof_note,
    ratio_text,
    rule_status,
    title,
    totals_for_week,
    when,
)
from hamopt.render.weeks import Grid, WeekRun, week_marks, week_runs

BREAK = "  "  # Markdown hard line break
# Characters that would turn a user's text (exercise names, cues from a custom catalog) into
# markup: emphasis, code, raw HTML. Backslash-escaped, so the page shows them as typed. An
# underscore inside a word (`full_gym`) is never emphasis in CommonMark and stays as it is,
# so ids read cleanly in the raw text.
_MARKUP = re.compile(r"[\\`*<]|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])")


def text(value: str) -> str:
    """User text as Markdown shows it: on one line (a newline would end a heading or a list
    item) and with markup characters escaped."""
    return _MARKUP.sub(lambda m: "\\" + m.group(0), one_line(value))


def to_markdown(program: Program, context: RenderContext | None = None) -> str:
    context = context or RenderContext()
    out = [f"# {text(program.scenario or 'Program')}", ""]
    if program.status in NO_PROGRAM:
        out += _no_program(program)
        return "\n".join(out) + "\n"
    out += _summary(program, context)
    runs = week_runs(program)
    phases = len({week.phase for week in program.weeks}) > 1
    for run in runs:
        out += _run(run, context, phases=phases)
        out += _totals(program, run, several=len(runs) > 1)
    out += _rules(program)
    return "\n".join(out).rstrip("\n") + "\n"


def _no_program(program: Program) -> list[str]:
    if program.status == "infeasible":
        out = ["No program: these rules cannot all hold together for this scenario.", ""]
        out += [f"- {text(item.message)}" for item in program.conflict]
        out += [f"- {text(sentence)}" for sentence in program.diagnosis]
        if program.relaxation:  # verified by re-solving (hamopt/explain/relax.py)
            changes = "; ".join(text(r.change) for r in program.relaxation)
            out += ["", f"The smallest change that makes it solve: {changes}."]
        return out
    return [f"No program: the solver ended with status {program.status}."]


def _summary(program: Program, context: RenderContext) -> list[str]:
    n_weeks = len(program.weeks)
    sessions = {len(week.sessions) for week in program.weeks}
    facts = []
    if len(sessions) == 1:
        (count,) = sessions
        facts.append(f"{count} workout{'s' if count != 1 else ''} a week")
    facts.append(f"{n_weeks} week{'s' if n_weeks != 1 else ''}")
    phases = {week.phase for week in program.weeks if week.phase}
    if len(phases) == 1:
        facts.append(f"{phases.pop()} phase")
    if context.start is not None:
        facts.append(f"from {context.start.isoformat()}")
    matches = context.matches_text()
    if matches:
        facts.append(matches)
    said = ", ".join(facts)  # the first letter up, the rest as written ("Sat 15:00")
    proof = proof_note(program)
    return [said[:1].upper() + said[1:] + ".", "", *([text(proof), ""] if proof else [])]


def _run(run: WeekRun, context: RenderContext, *, phases: bool) -> list[str]:
    # The phase is in the summary when there is one; a plan of several names it per run.
    notes = week_marks(run.week, phase=phases)
    if run.last > run.first:
        notes.append("every week the same" if run.same else "the same workouts, targets by week")
    heading = run.label + (f" ({'; '.join(notes)})" if notes else "")
    out = [f"## {text(heading)}", ""]
    for n, session in enumerate(context.sessions(run.week), start=1):
        out += _session(n, session, run, context)
    for grid in run.grids(context):
        out += _grid(grid)
    return out


def _session(n: int, session: ProgramSession, run: WeekRun, context: RenderContext) -> list[str]:
    heading = f"### Workout {n} · {when(session)}"
    day = context.session_date(run.first, session.day)
    if day is not None:
        heading += f" · {'from ' if run.last > run.first else ''}{day.isoformat()}"
    if session.minutes is not None:
        heading += f" · about {session.minutes} min"
    out = [heading, ""]
    for i, line in enumerate(session.ordered()):
        block = [f"{letter(i)}) {text(title(line))} {prescription(line)}"]
        # A run whose targets change week by week gives them in its grid instead.
        details_ = details(line, targets=run.same)
        block += [f"{label}: {text(value)}" for label, value in details_]
        # Hard breaks join the lines of one exercise; a blank line separates exercises.
        out += [text + BREAK for text in block[:-1]] + [block[-1], ""]
    return out


def _grid(grid: Grid) -> list[str]:
    """The run's targets week by week: a row per exercise, a column per week."""
    weeks = grid.weeks
    span = f"week {weeks[0]}" if len(weeks) == 1 else f"weeks {weeks[0]}-{weeks[-1]}"
    out = [
        f"#### Targets, {span}",
        "",
        "Reps to aim for each week, and the load change from the week before.",
        "",
        "| Workout | Exercise | " + " | ".join(f"Week {w}" for w in weeks) + " |",
        "| --- | --- | " + " | ".join("---" for _ in weeks) + " |",
    ]
    for row in grid.rows:
        cells = [f"{row.workout}{row.letter}", row.title, *row.cells]
        out.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    return out + [""]


def _cell(value: str) -> str:
    """User text in a table cell: escaped, and a `|` would end the cell."""
    return text(value).replace("|", "\\|")


def _totals(program: Program, run: WeekRun, *, several: bool) -> list[str]:
    totals = totals_for_week(program, run.first)
    if not totals:
        return []
    heading = f"#### Volume, {run.label.lower()}" if several else "## Volume per week"
    out = [heading, ""]
    ham, quad = totals.get("hamstring_sets"), totals.get("quad_sets")
    if ham is not None:
        ratio = ratio_text(totals)
        out.append(
            f"- Hamstring sets: {ham}; quad sets: {quad}"
            + (f" (hamstring:quad {ratio})" if ratio else "")
        )
    heads = totals.get("head_sets") or {}
    if heads:
        out.append(
            "- Weighted sets per head: "
            + ", ".join(f"{HEAD_SHORT.get(h, h)} {float(v):g}" for h, v in heads.items())
        )
    gap = totals.get("min_hours_between_sessions")
    if gap is not None:
        out.append(f"- Shortest rest between workouts: {float(gap):g} h")
    return out + [""]


def _rules(program: Program) -> list[str]:
    if not program.rules:
        return []
    out = ["## Rules", ""]
    for report in program.rules:
        box = "x" if report.satisfied else " "
        penalty = f", penalty {report.penalty:g}" if report.penalty else ""
        penalty += f", quality {report.quality:g}" if report.quality else ""
        # A kept rule shows the numbers behind it where the rule gives them; a broken one, why;
        # one that does not apply, the reason.
        state = rule_status(report)
        if state != "kept":
            said = report.message
        else:
            said = report.justification or report.message
        out.append(f"- [{box}] {report.id} ({report.mode}{penalty}): {text(said)}")
    return out + [""]
