"""What every renderer shares: the render context and the words for a program line.

Nothing here computes a training fact. Dates, clock times and session lengths are the only
things a renderer derives, and each default is stated once, below.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from hamopt.domain.metrics import hour_of_week
from hamopt.domain.models import (
    DAYS,
    Program,
    ProgramExercise,
    ProgramSession,
    ProgramWeek,
    RuleReport,
    RuleStatus,
    Scenario,
    Schedule,
)
from hamopt.io.errors import InputError

# An untimed slot is placed at noon: the hour the spacing rule already counts it from
# (models.Slot, metrics.hour_of_week), so the calendar and the 48 h check agree.
DEFAULT_SESSION_TIME = "12:00"
# Without the program's own estimate or a scenario, a session lasts Schedule's default.
DEFAULT_SESSION_MINUTES: int = Schedule.model_fields["minutes_per_session"].default

DAY_NAMES = {
    "mon": "Monday",
    "tue": "Tuesday",
    "wed": "Wednesday",
    "thu": "Thursday",
    "fri": "Friday",
    "sat": "Saturday",
    "sun": "Sunday",
}
HEAD_NAMES = {
    "bf_long": "Biceps femoris, long head",
    "bf_short": "Biceps femoris, short head",
    "semitendinosus": "Semitendinosus",
    "semimembranosus": "Semimembranosus",
}
HEAD_SHORT = {
    "bf_long": "BFlh",
    "bf_short": "BFsh",
    "semitendinosus": "ST",
    "semimembranosus": "SM",
}
NO_PROGRAM = ("infeasible", "invalid", "unknown")


@dataclass(frozen=True)
class RenderContext:
    """What a renderer may know beyond the Program itself.

    ``scenario`` gives the planned session length when the program carries no estimate;
    ``start`` is the first day of week 1. Week *w* covers the seven days from
    ``start + 7 (w - 1)``, and a session falls on the first of those days with its weekday,
    so a start on a Wednesday puts week 1's Monday session on the following Monday.
    """

    scenario: Scenario | None = None
    start: date | None = None
    # The terminal's columns for the table format; None: plain text (a pipe, a file, an API).
    width: int | None = None

    def session_minutes(self, session: ProgramSession) -> int:
        """The program's own estimate when it has one, else the scenario's budget."""
        if session.minutes is not None:
            return session.minutes
        if self.scenario is not None:
            return self.scenario.schedule.minutes_per_session
        return DEFAULT_SESSION_MINUTES

    def session_date(self, week: int, day: str) -> date | None:
        if self.start is None:
            return None
        ahead = (DAYS.index(day) - self.start.weekday()) % 7
        try:
            return self.start + timedelta(days=7 * (week - 1) + ahead)
        except OverflowError:
            raise InputError(
                f"week {week} starting {self.start} runs past the calendar's end (9999-12-31); "
                "choose an earlier start"
            ) from None

    def sessions(self, week: ProgramWeek) -> list[ProgramSession]:
        """A week's sessions in the order they come: from the start's weekday (Monday by
        default), whatever order the slots were listed in. Workout numbers follow this order."""
        first = self.start.weekday() if self.start is not None else 0

        def key(session: ProgramSession) -> tuple[int, float]:
            return ((DAYS.index(session.day) - first) % 7, hour_of_week(session))

        return sorted(week.sessions, key=key)

    def matches_text(self) -> str | None:
        """The scenario's matches in words ("matches Sat 15:00"), for a program's summary line;
        None without a scenario or a match (hamopt/rules/builtin/match_proximity.py)."""
        if self.scenario is None or not self.scenario.schedule.matches:
            return None
        labels = [m.label for m in self.scenario.schedule.matches]
        return f"match{'es' if len(labels) > 1 else ''} {', '.join(labels)}"

    def session_start(self, week: int, session: ProgramSession) -> datetime | None:
        """A floating local date-time: the athlete trains at 18:00 wherever they are."""
        day = self.session_date(week, session.day)
        if day is None:
            return None
        hh, mm = clock(session).split(":")
        return datetime(day.year, day.month, day.day, int(hh), int(mm))


def clock(session: ProgramSession) -> str:
    return session.time or DEFAULT_SESSION_TIME


def letter(index: int) -> str:
    """A) B) C) ... as the seed articles label the exercises of a workout (0-based index)."""
    return chr(ord("A") + index)


def reps_text(reps: tuple[int, int]) -> str:
    lo, hi = reps
    return f"{lo}" if lo == hi else f"{lo}-{hi}"


def prescription(line: ProgramExercise) -> str:
    """Sets x reps in the seeds' notation: ``3 x 6``, ``2 x 10-15``."""
    return f"{line.sets} x {reps_text(line.reps)}"


def line_marks(line: ProgramExercise) -> str | None:
    """What the rules' line fields say in words ("toes in"), when they say anything."""
    return ", ".join(line.shown_extras()) or None


def one_line(text: str) -> str:
    """Free text on one line: a cue typed with line breaks must not break the layout."""
    return " ".join(text.split())


def rir_text(line: ProgramExercise) -> str | None:
    """The effort target as seed 000 writes it ("1-2 RIR"), when the line has one."""
    if line.rir is None:
        return None
    return f"{reps_text(line.rir)} RIR"


def target_text(line: ProgramExercise) -> str | None:
    """A line's target for its week in a cell: "8", "8 +2.5 kg", "6 -10 %" (None when unset).

    ``target_reps`` and ``load_change`` are the rule ``progression``'s (double progression:
    reps climb through the range, then the load goes up a step and reps start again)."""
    parts = [str(line.target_reps) if line.target_reps is not None else None, line.load_change]
    return one_line(" ".join(p for p in parts if p)) or None


def target_details(line: ProgramExercise) -> list[tuple[str, str]]:
    """The target as labelled lines ("Target: 8 reps", "Load: +2.5 kg on the week before"),
    for a week shown on its own or a run of identical weeks."""
    out = []
    if line.target_reps is not None:
        out.append(("Target", f"{line.target_reps} reps"))
    if line.load_change and line.load_change.strip():
        out.append(("Load", f"{one_line(line.load_change)} on the week before"))
    return out


def details(line: ProgramExercise, *, targets: bool = True) -> list[tuple[str, str]]:
    """The labelled lines under an exercise: this week's target and load change (unless
    ``targets`` is False: a run whose targets change week by week shows them in a grid),
    effort, then the seeds' tempo, rest, cue, note."""
    found = target_details(line) if targets else []
    pairs = (
        ("Effort", rir_text(line)),
        ("Tempo", line.tempo),
        ("Rest", line.rest),
        ("Cue", line.cue),
        ("Note", line.notes),
    )
    return found + [(label, one_line(value)) for label, value in pairs if value and value.strip()]


def title(line: ProgramExercise) -> str:
    """The exercise as a coach names it, with what the rules' line fields say ("toes in")."""
    name = one_line(line.name or "") or line.id.replace("_", " ").capitalize()
    marks = line_marks(line)
    return f"{name} ({marks})" if marks else name


def when(session: ProgramSession) -> str:
    day = DAY_NAMES[session.day]
    return f"{day} {session.time}" if session.time else day


def totals_for_week(program: Program, week: int) -> dict[str, Any]:
    """The `totals` block for one week: its `per_week` entry, else the program's first week."""
    for entry in program.totals.get("per_week", []) or []:
        if entry.get("week") == week:
            return dict(entry)
    return {k: v for k, v in program.totals.items() if k != "per_week"}


def ratio_text(totals: dict[str, Any]) -> str | None:
    """Hamstring:quad sets as a coach says it (``3:1``, ``2.5:1``), or None without quads."""
    ratio = totals.get("ratio")
    if ratio is None:
        return None
    return f"{float(ratio):g}:1"


def rule_status(report: RuleReport) -> RuleStatus:
    """"kept", "broken", "not applicable" or "off" (a report written before `status` existed
    reads as kept or broken)."""
    if report.status is not None:
        return report.status
    return "kept" if report.satisfied else "broken"


def proof_note(program: Program) -> str | None:
    """For a program the solver returned out of time (status ``feasible``), how far it may be
    from the best, in a coach's words; None for a proven optimum or no program. Read from the
    solver block's gaps (`gap`: the rule penalties', `quality_gap`: the quality tier's)."""
    if program.status != "feasible":
        return None
    info = program.solver
    said = "Found within the time limit, not proven the best"
    if info is not None and info.gap:
        return (
            f"{said}: the best possible program may break rules costing up to {info.gap:.0%} "
            "less."
        )
    if info is not None and info.quality_gap:
        return (
            f"{said}: it keeps every rule it can, and the best possible program may score up "
            f"to {info.quality_gap:.0%} better on quality."
        )
    return f"{said}."
