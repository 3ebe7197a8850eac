"""The schedule every program must keep: the core model's own structure, checked.

The solver never breaks these (compile._core and compile._sessions_per_week build them in),
but a hand-written program given to `hamopt check` can: the wrong number of sessions, a
session at a time the athlete cannot train, a session without hamstring work, an exercise
listed twice in one session. It is not in the registry, so no rule set can switch it off.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from hamopt.domain.metrics import by_weeks, session_label, week_prefix
from hamopt.domain.models import Mode, Program, ProgramWeek
from hamopt.domain.words import names_list
from hamopt.rules.contract import ActiveRule, Params, Rule, Violation

if TYPE_CHECKING:
    from hamopt.rules.check_context import CheckContext
    from hamopt.rules.model_context import ModelContext


class ScheduleParams(Params):
    """No parameters: the scenario's `schedule` is the data."""


def _built_into_the_core(ctx: ModelContext, params: ScheduleParams) -> None:
    """Nothing to add: compile._core and compile._sessions_per_week encode the schedule."""


def check(program: Program, ctx: CheckContext, params: ScheduleParams) -> list[Violation]:
    schedule = ctx.scenario.schedule
    slots = {(s.day, s.time) for s in schedule.slots}
    untimed_days = {s.day for s in schedule.slots if s.time is None}
    violations = []
    for week in program.weeks:
        prefix = week_prefix(week, len(program.weeks))
        if len(week.sessions) != schedule.sessions_per_week:
            violations.append(
                Violation(
                    SCHEDULE.id,
                    "sessions per week",
                    f"{prefix}{len(week.sessions)} sessions; the scenario asks for "
                    f"{schedule.sessions_per_week}",
                )
            )
        for session in week.sessions:
            label = session_label(session)
            on_a_slot = (session.day, session.time) in slots or session.day in untimed_days
            if not on_a_slot:
                violations.append(
                    Violation(
                        SCHEDULE.id,
                        label,
                        f"{prefix}{label} is not one of the scenario's slots "
                        f"({', '.join(s.label for s in schedule.slots)})",
                    )
                )
            known = [line for line in session.exercises if line.id in ctx.by_id]
            if not any(ctx.by_id[line.id].is_hamstring for line in known):
                violations.append(
                    Violation(
                        SCHEDULE.id,
                        label,
                        f"{prefix}{label} has no hamstring exercise",
                    )
                )
            ids = [line.id for line in session.exercises]
            for twice in sorted({i for i in ids if ids.count(i) > 1}):
                violations.append(
                    Violation(
                        SCHEDULE.id,
                        label,
                        f"{prefix}{label} lists {twice} twice",
                    )
                )
    return violations


def justify(program: Program, ctx: CheckContext, params: ScheduleParams) -> str:
    """Each week's sessions against the scenario's demand and slots (weeks alike once)."""
    schedule = ctx.scenario.schedule

    def say(week: ProgramWeek) -> str:
        held = names_list([session_label(s) for s in week.sessions], limit=7)
        without = [
            session_label(s)
            for s in week.sessions
            if not any(x.id in ctx.by_id and ctx.by_id[x.id].is_hamstring for x in s.exercises)
        ]
        lacking = f" ({names_list(without)} without hamstring work)" if without else ""
        return f"{len(week.sessions)} of {schedule.sessions_per_week} sessions: {held}{lacking}"

    said = "; ".join(by_weeks(program.weeks, say))
    return f"{said}, from the scenario's {len(schedule.slots)} slots"


SCHEDULE = Rule(
    id="schedule",
    description="Sessions per week as asked, on the scenario's slots, each with hamstring work.",
    params=ScheduleParams,
    encode=_built_into_the_core,
    check=check,
    justify=justify,
    sources=("the scenario's own schedule",),
)

ACTIVE_SCHEDULE = ActiveRule(SCHEDULE, Mode.hard, 0, ScheduleParams())
