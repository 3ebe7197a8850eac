"""Plain-Python measurements of a finished Program: sets, head loads, hours between sessions.

Checkers and the `totals` block read programs through these functions and never through the
CP-SAT model, so a checker is a second, independent reading of its rule.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from hamopt.domain.cues import FOOT_POSITION, cued_pct
from hamopt.domain.models import (
    DAYS,
    HEADS,
    Exercise,
    ProgramExercise,
    ProgramSession,
    ProgramWeek,
)

HOURS_PER_WEEK = 168


@dataclass(frozen=True)
class Entry:
    """A program line joined with its catalog entry."""

    session: ProgramSession
    line: ProgramExercise
    exercise: Exercise


def entries(week: ProgramWeek, by_id: dict[str, Exercise]) -> Iterator[Entry]:
    """Every exercise line of a week whose id the catalog knows (unknown ids are checked apart)."""
    for session in week.sessions:
        for line in session.exercises:
            if line.id in by_id:
                yield Entry(session, line, by_id[line.id])


def session_label(session: ProgramSession) -> str:
    day = session.day.capitalize()
    return f"{day} {session.time}" if session.time else day


def week_prefix(week: ProgramWeek, n_weeks: int) -> str:
    """Instance names carry the week only when a program has more than one."""
    return f"week {week.week}, " if n_weeks > 1 else ""


def hamstring_sets(week: ProgramWeek, by_id: dict[str, Exercise]) -> int:
    return sum(e.line.sets for e in entries(week, by_id) if e.exercise.is_hamstring)


def quad_sets(week: ProgramWeek, by_id: dict[str, Exercise]) -> int:
    return sum(e.line.sets for e in entries(week, by_id) if e.exercise.is_quad)


def head_load_pct(week: ProgramWeek, by_id: dict[str, Exercise]) -> dict[str, int]:
    """Stimulus-weighted weekly sets per head, in hundredths of a set.

    A line's foot-position cue (``FOOT_POSITION``, a rule's field) moves stimulus between the
    heads exactly as the solver counts it (hamopt/domain/cues.py).
    """
    loads = dict.fromkeys(HEADS, 0)
    for e in entries(week, by_id):
        per_set = cued_pct(e.exercise, e.line.extra(FOOT_POSITION))
        for head in HEADS:
            loads[head] += per_set[head] * e.line.sets
    return loads


def hour_of_week(session: ProgramSession) -> float:
    hh, mm = (session.time or "12:00").split(":")
    return DAYS.index(session.day) * 24 + int(hh) + int(mm) / 60


def circular_gap(a: float, b: float) -> float:
    """Hours between two times of a repeating week, the shorter way round."""
    d = abs(a - b) % HOURS_PER_WEEK
    return min(d, HOURS_PER_WEEK - d)


def session_gaps(week: ProgramWeek) -> list[tuple[ProgramSession, ProgramSession, float]]:
    """Every pair of sessions with the hours between them (the week wraps around)."""
    sessions = week.sessions
    return [
        (a, b, circular_gap(hour_of_week(a), hour_of_week(b)))
        for i, a in enumerate(sessions)
        for b in sessions[i + 1 :]
    ]


def week_totals(week: ProgramWeek, by_id: dict[str, Exercise]) -> dict[str, object]:
    """The numbers a coach reads first: volume, ratio, per-head sets, spacing."""
    ham, quad = hamstring_sets(week, by_id), quad_sets(week, by_id)
    gaps = [gap for _, _, gap in session_gaps(week)]
    return {
        "week": week.week,
        "hamstring_sets": ham,
        "quad_sets": quad,
        "ratio": round(ham / quad, 2) if quad else None,
        "head_sets": {h: v / 100 for h, v in head_load_pct(week, by_id).items()},
        "sessions": len(week.sessions),
        "min_hours_between_sessions": round(min(gaps), 1) if gaps else None,
        "hours_between_sessions": [round(gap, 1) for _, _, gap in consecutive_gaps(week)],
    }


def consecutive_gaps(week: ProgramWeek) -> list[tuple[ProgramSession, ProgramSession, float]]:
    """Each session with the next one round the week (the last wraps to the first)."""
    ordered = sorted(week.sessions, key=hour_of_week)
    if len(ordered) < 2:
        return []
    return [
        (a, b, (hour_of_week(b) - hour_of_week(a)) % HOURS_PER_WEEK or HOURS_PER_WEEK)
        for a, b in zip(ordered, ordered[1:] + ordered[:1], strict=True)
    ]


def sets_by_exercise(week: ProgramWeek, by_id: dict[str, Exercise]) -> list[tuple[Exercise, int]]:
    """Weekly sets per exercise, in the order the exercises first appear."""
    totals: dict[str, int] = {}
    for e in entries(week, by_id):
        totals[e.exercise.id] = totals.get(e.exercise.id, 0) + e.line.sets
    return [(by_id[ex_id], sets) for ex_id, sets in totals.items()]


def by_weeks(weeks: Sequence[ProgramWeek], say: Callable[[ProgramWeek], str]) -> list[str]:
    """What ``say`` reads off each week, once per wording: the weeks that read alike share one
    entry, "week 2: ..." or "weeks 3-10: ..." (or "weeks 1-3, 5-7: ..." round a deload), in
    the order of their first week; no prefix when every week reads alike.

    The words are compared, not the weeks: a plan's weeks repeat their template yet differ in
    what a justification does not read (each week's target reps, a load step), and comparing
    whole weeks printed the same sentence once for each of weeks 3 to 10 of the sprinter plan.
    """
    groups: dict[str, list[int]] = {}
    for week in weeks:
        groups.setdefault(say(week), []).append(week.week)
    if len(groups) == 1:
        return list(groups)
    return [f"{weeks_label(numbers)}: {text}" for text, numbers in groups.items()]


def weeks_label(numbers: Sequence[int]) -> str:
    """Ascending week numbers as words, runs joined: "week 4", "weeks 3-10", "weeks 1-3, 5-7"."""
    runs: list[list[int]] = []
    for n in numbers:
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    spans = [str(r[0]) if len(r) == 1 else f"{r[0]}-{r[-1]}" for r in runs]
    return ("week " if len(numbers) == 1 else "weeks ") + ", ".join(spans)
