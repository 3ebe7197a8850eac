"""``--format csv``: one row per week x session x exercise, for a gym's own system.

UTF-8, comma-separated, one header row, ``\\n`` line ends, fields quoted only where needed
(``pandas.read_csv`` and spreadsheet imports read it as is). Empty means "not set". The
columns are COLUMNS below, in that order, with the rules' line fields (``Rule.fields``,
e.g. ``rotation``) after ``rest``: ``columns()``. docs/formats.md says what each one holds (a
test keeps the two in step).

An infeasible program has the header row and no other.
"""

from __future__ import annotations

import csv
import io

from hamopt.domain.fields import declared
from hamopt.domain.models import Program
from hamopt.render.common import RenderContext, letter

COLUMNS: tuple[str, ...] = (
    "scenario",
    "week",
    "phase",
    "date",
    "day",
    "time",
    "workout",
    "minutes",
    "order",
    "label",
    "exercise_id",
    "exercise",
    "region",
    "sets",
    "reps_min",
    "reps_max",
    "rir_min",
    "rir_max",
    "tempo",
    "rest",
    "cue",
    "notes",
    "heads",
    "actions",
)


def columns() -> tuple[str, ...]:
    """COLUMNS with the declared line fields of the rules (hamopt/domain/fields.py) after rest."""
    at = COLUMNS.index("rest") + 1
    return (*COLUMNS[:at], *(f.name for f in declared("line")), *COLUMNS[at:])


def rows(program: Program, context: RenderContext | None = None) -> list[dict[str, object]]:
    """The CSV's rows as dicts keyed by columns() (None for an empty cell)."""
    context = context or RenderContext()
    out: list[dict[str, object]] = []
    for week in program.weeks:
        for n, session in enumerate(context.sessions(week), start=1):
            day = context.session_date(week.week, session.day)
            for i, line in enumerate(session.ordered()):
                out.append(
                    {
                        "scenario": program.scenario,
                        "week": week.week,
                        "phase": week.phase,
                        "date": day.isoformat() if day else None,
                        "day": session.day,
                        "time": session.time,
                        "workout": n,
                        "minutes": context.session_minutes(session),
                        "order": i + 1,
                        "label": letter(i),
                        "exercise_id": line.id,
                        "exercise": line.name,
                        "region": line.region,
                        "sets": line.sets,
                        "reps_min": line.reps[0],
                        "reps_max": line.reps[1],
                        "rir_min": line.rir[0] if line.rir else None,
                        "rir_max": line.rir[1] if line.rir else None,
                        "tempo": line.tempo,
                        "rest": line.rest,
                        **{f.name: line.extra(f.name) for f in declared("line")},
                        "cue": line.cue,
                        "notes": line.notes,
                        "heads": ";".join(line.heads),
                        "actions": ";".join(str(a) for a in line.actions),
                    }
                )
    return out


def to_csv(program: Program, context: RenderContext | None = None) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns(), lineterminator="\n")
    writer.writeheader()
    for row in rows(program, context):
        writer.writerow({k: "" if v is None else str(v) for k, v in row.items()})
    return buffer.getvalue()
