"""Stretches of weeks, and the progression inside them: what every renderer shows once.

A multi-week plan repeats a few weekly *templates* (hamopt/engine/horizon.py) while the rule
``progression`` moves each line's ``target_reps`` and ``load_change`` week by week. A
renderer that printed each week would print the same workouts ten times; one that merged
weeks by their workouts alone would hide the targets. So:

* a :class:`WeekRun` is a stretch of consecutive weeks with the same workouts: same
  exercises, sets, rep ranges, effort, tempo, rest, cue, phase and week marks (a rule's
  ``deload`` or ``transition`` week is a run of its own). Only the per-week targets may
  differ inside it;
* :attr:`WeekRun.same` says whether the weeks are truly identical (targets included): then
  the targets are part of each line's details ("Target: 8 reps");
* otherwise :meth:`WeekRun.grids` is the week-by-week progression of the run, a table a
  renderer prints after the workouts, so no week's target is lost.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from hamopt.domain.models import Program, ProgramWeek
from hamopt.render.common import RenderContext, letter, target_text, title

# What may change from week to week inside a run (everything else makes a new run).
PER_WEEK = ("target_reps", "load_change")
# Weeks per progression table: eight columns fit a printed A4 page and a Markdown viewer;
# a longer run gets several tables.
WEEKS_PER_GRID = 8


def week_marks(week: ProgramWeek, *, phase: bool = True) -> list[str]:
    """The week's phase and what the rules' week fields say ("deload", "transition")."""
    marks = [str(week.phase)] if phase and week.phase else []
    return marks + week.shown_extras()


@dataclass(frozen=True)
class GridRow:
    workout: int  # the session's number within the week
    letter: str  # A) B) C) within the workout
    title: str
    cells: tuple[str, ...]  # one per week of the grid; "" where the line has no target


@dataclass(frozen=True)
class Grid:
    """The targets of some weeks of a run: a row per line, a column per week."""

    weeks: tuple[int, ...]
    rows: tuple[GridRow, ...]


@dataclass(frozen=True)
class WeekRun:
    """Consecutive weeks with the same workouts (shown once, not N times)."""

    first: int
    last: int
    week: ProgramWeek  # the first week of the run: its workouts stand for all of them
    weeks: tuple[ProgramWeek, ...] = ()

    @property
    def label(self) -> str:
        if self.first == self.last:
            return f"Week {self.first}"
        return f"Weeks {self.first}-{self.last}"

    @property
    def same(self) -> bool:
        """Every week of the run identical, targets included."""
        first = _dump(self.week)
        return all(_dump(w) == first for w in self.weeks[1:])

    def grids(self, context: RenderContext, per_grid: int = WEEKS_PER_GRID) -> list[Grid]:
        """The week-by-week targets when they change inside the run, else none (the details
        under each exercise then say them)."""
        if self.same:
            return []
        out = []
        for at in range(0, len(self.weeks), per_grid):
            chunk = self.weeks[at : at + per_grid]
            rows = [row for row in _rows(chunk, context) if any(row.cells)]
            if rows:
                out.append(Grid(tuple(w.week for w in chunk), tuple(rows)))
        return out


def _rows(weeks: tuple[ProgramWeek, ...], context: RenderContext) -> list[GridRow]:
    # Inside a run every week has the same sessions and lines in the same order (that is what
    # makes it a run), so a line is found in each week by its position.
    per_week = [
        [session.ordered() for session in context.sessions(week)] for week in weeks
    ]
    rows = []
    for n, lines in enumerate(per_week[0], start=1):
        for i, line in enumerate(lines):
            cells = tuple(target_text(week[n - 1][i]) or "" for week in per_week)
            rows.append(GridRow(n, letter(i), title(line), cells))
    return rows


def _dump(week: ProgramWeek) -> dict[str, Any]:
    return week.model_dump(exclude={"week"})


def _shape(week: ProgramWeek) -> dict[str, Any]:
    """The week without its number and its per-week targets: what a run holds constant."""
    data = _dump(week)
    for session in data["sessions"]:
        for line in session["exercises"]:
            for name in PER_WEEK:
                line.pop(name, None)
    return data


def week_runs(program: Program) -> list[WeekRun]:
    runs: list[WeekRun] = []
    shape: dict[str, Any] | None = None
    for week in program.weeks:
        this = _shape(week)
        last = runs[-1] if runs else None
        if last is not None and week.week == last.last + 1 and this == shape:
            runs[-1] = WeekRun(last.first, week.week, last.week, (*last.weeks, week))
        else:
            runs.append(WeekRun(week.week, week.week, week, (week,)))
        shape = this
    return runs
