"""``--format csv``: one row per week x session x exercise, for a gym's own system.

UTF-8, comma-separated, one header row, ``\\n`` line ends, fields quoted only where needed
(``pandas.read_csv`` and spreadsheet imports read it as is). Empty means "not set". The
columns are COLUMNS below, in that order, with the rules' week fields (``Rule.fields``, e.g.
``transition``, ``deload``) after ``phase`` and their line fields (e.g. ``rotation``) after
``rest``: ``columns()``. docs/formats.md says what each one holds (a test keeps the two in
step).

Types are stable, whatever a program holds: :func:`dtypes` gives each column's pandas dtype
(text as ``string``, so a tempo of ``2012`` stays the text it is and a column that is empty
in this program is not read as float NaN; counts as nullable ``Int64``; the rules' yes/no
fields as ``boolean``). ``pandas.read_csv(path, dtype=dtypes(), keep_default_na=False,
na_values=[""])`` reads it with those types, and ``hamopt.to_dataframe(program)`` gives the
same frame without a file.

An infeasible program has the header row and no other.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from hamopt.domain.fields import OutputField, declared, placed
from hamopt.domain.models import Program, ProgramWeek
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
    "target_reps",
    "load_change",
    "rir_min",
    "rir_max",
    "tempo",
    "rest",
    "cue",
    "notes",
    "heads",
    "actions",
)
# Whole numbers (nullable: `target_reps`, `rir_*` and `minutes` may be empty); every other
# fixed column is text.
INTEGERS = frozenset(
    {"week", "workout", "minutes", "order", "sets", "reps_min", "reps_max", "target_reps",
     "rir_min", "rir_max"}
)  # fmt: skip


def _week_fields() -> list[OutputField]:
    """The rules' week fields in the order the JSON writes them (transition, then deload)."""
    own = [name for name in ProgramWeek.model_fields if name != "extras"]
    return [f for f in placed(own, "week") if isinstance(f, OutputField)]


def columns() -> tuple[str, ...]:
    """COLUMNS with the declared fields of the rules (hamopt/domain/fields.py): a week's after
    phase, a line's after rest."""
    week_at = COLUMNS.index("phase") + 1
    line_at = COLUMNS.index("rest") + 1
    return (
        *COLUMNS[:week_at],
        *(f.name for f in _week_fields()),
        *COLUMNS[week_at:line_at],
        *(f.name for f in declared("line")),
        *COLUMNS[line_at:],
    )


def _field_dtype(spec: OutputField) -> str:
    """A rule's field as pandas should read it: yes/no as boolean, numbers as numbers."""
    kind = spec.type
    if kind is bool:
        return "boolean"
    if kind is int:
        return "Int64"
    if kind is float:
        return "Float64"
    return "string"  # a Literal of names, a text, or anything else: the text written


def dtypes() -> dict[str, str]:
    """Each column's pandas dtype (pandas' nullable types: an empty cell is <NA>)."""
    out = {c: "Int64" if c in INTEGERS else "string" for c in COLUMNS}
    out.update({f.name: _field_dtype(f) for level in ("week", "line") for f in declared(level)})
    return {c: out[c] for c in columns()}


def _cell(value: Any) -> str:
    """A value as its cell: empty for None, true/false for a yes/no field."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


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
                        **{f.name: week.extra(f.name) for f in _week_fields()},
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
                        "target_reps": line.target_reps,
                        "load_change": line.load_change,
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
        writer.writerow({k: _cell(v) for k, v in row.items()})
    return buffer.getvalue()
