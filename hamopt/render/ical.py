"""``--format ics``: the program as calendar events (RFC 5545, written by ``icalendar``).

One event per session, repeating weekly (``RRULE:FREQ=WEEKLY;COUNT=n``) for as long as the
program keeps that session truly unchanged (targets and the week's marks included); a session
that changes in some week, if only in one line's target reps, starts a new event. So each
event's description is exactly what to do on each of its days: the exercises as the Markdown
format lists them, with this week's target reps and load change ("Target: 10 reps", "Load:
+2.5 kg on the week before"), then the weeks it covers, the phase and the week's marks
("deload", "transition"), which the summary repeats.

- Dates need a start: ``RenderContext.start`` is the first day of week 1 (``hamopt solve
  --start YYYY-MM-DD``). There is no "next Monday" default: the same input must give the same
  bytes on any day.
- Times are *floating* local times (no time zone): 18:00 is 18:00 wherever the athlete is. An
  untimed slot starts at 12:00 (see ``common.DEFAULT_SESSION_TIME``).
- Length: the session's own estimate (``ProgramSession.minutes``), else the scenario's
  ``minutes_per_session``, else 60 minutes.
- UID and DTSTAMP are derived from the input (scenario, slot, first week; the start date),
  not from the clock or a random number, so re-importing updates events instead of
  duplicating them and the file is byte-identical for the same input.
- The scenario's matches or races (``schedule.matches``, given with ``--scenario`` or by
  ``solve``) are events too, weekly for the program's weeks, so the athlete's calendar shows
  what the sessions keep their distance from (match_proximity's MD-2 taper, no heavy
  eccentrics the day before). A match has a kick-off, not a known length: a timed one is an
  event at its kick-off with no end (RFC 5545 3.6.1: it ends when it starts), an untimed one
  an all-day event, rather than an invented duration or the 12:00 the rules assume.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from icalendar import Calendar, Event

from hamopt.domain.models import Program, ProgramSession, ProgramWeek, Slot
from hamopt.render.common import (
    RenderContext,
    details,
    letter,
    one_line,
    prescription,
    title,
)
from hamopt.render.weeks import week_marks

PRODID = "-//hamopt//hamstring training program//EN"


@dataclass(frozen=True)
class _Recurring:
    """A session held unchanged from week `first` for `count` consecutive weeks."""

    first: int
    count: int
    workout: int  # its number within the week, Monday first
    session: ProgramSession
    week: ProgramWeek  # the first week: its phase and marks hold for every week of the event


def to_ics(program: Program, context: RenderContext | None = None) -> str:
    context = context or RenderContext()
    if context.start is None:
        raise ValueError("the ics format needs the date of week 1 (RenderContext.start)")
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    # X-WR-CALNAME is written raw by icalendar: a name typed over two lines must be one.
    name = one_line(program.scenario or "") or "hamopt program"
    calendar.add("x-wr-calname", name)
    stamp = datetime(context.start.year, context.start.month, context.start.day, tzinfo=UTC)
    weeks = len(program.weeks)
    for item in _recurring(program, context):
        calendar.add_component(_event(item, name, stamp, context, weeks))
    if weeks and context.scenario is not None:
        for match in context.scenario.schedule.matches:
            calendar.add_component(_match_event(match, name, stamp, context, weeks))
    return calendar.to_ical().decode("utf-8")


def _recurring(program: Program, context: RenderContext) -> list[_Recurring]:
    """Group each slot's sessions into runs of consecutive identical weeks."""
    open_runs: dict[tuple[str, str | None], _Recurring] = {}
    done: list[_Recurring] = []
    for week in program.weeks:
        for n, session in enumerate(context.sessions(week), start=1):
            key = (session.day, session.time)
            run = open_runs.get(key)
            if (
                run is not None
                and run.first + run.count == week.week
                and run.workout == n
                and run.session == session
                and week_marks(run.week) == week_marks(week)
            ):
                open_runs[key] = _Recurring(run.first, run.count + 1, n, session, run.week)
                continue
            if run is not None:
                done.append(run)
            open_runs[key] = _Recurring(week.week, 1, n, session, week)
    done += open_runs.values()
    return sorted(done, key=lambda r: (r.first, r.workout))


def _event(
    item: _Recurring, name: str, stamp: datetime, context: RenderContext, weeks: int
) -> Event:
    session = item.session
    start = context.session_start(item.first, session)
    assert start is not None  # to_ics checked context.start
    event = Event()
    event.add("uid", _uid(name, item))
    event.add("dtstamp", stamp)
    event.add("dtstart", start)
    event.add("dtend", start + timedelta(minutes=context.session_minutes(session)))
    if item.count > 1:
        event.add("rrule", {"freq": "weekly", "count": item.count})
    names = ", ".join(title(line) for line in session.ordered())
    # A deload or transition week says so where a calendar shows it first.
    marks = week_marks(item.week, phase=False)
    summary = f"Workout {item.workout}" + (f" ({', '.join(marks)})" if marks else "")
    event.add("summary", f"{summary}: {names}")
    event.add("description", description(session, name, _weeks_text(item, weeks)))
    event.add("categories", ["Training"])
    return event


def _match_event(
    match: Slot, name: str, stamp: datetime, context: RenderContext, weeks: int
) -> Event:
    """The week's match, every week of the program (the scenario's schedule is weekly)."""
    day = context.session_date(1, match.day)
    assert day is not None  # to_ics checked context.start
    event = Event()
    key = f"{name}|match|{match.day}|{match.time}"
    event.add("uid", hashlib.sha256(key.encode("utf-8")).hexdigest()[:32] + "@hamopt")
    event.add("dtstamp", stamp)
    if match.time is None:
        event.add("dtstart", day)  # a DATE: all day
    else:
        hh, mm = match.time.split(":")
        event.add("dtstart", datetime(day.year, day.month, day.day, int(hh), int(mm)))
    if weeks > 1:
        event.add("rrule", {"freq": "weekly", "count": weeks})
    event.add("summary", "Match")
    event.add(
        "description",
        "The week's match or race, from the scenario: the workouts keep their distance from"
        f" it.\nhamopt: {name}",
    )
    event.add("categories", ["Match"])
    return event


def _weeks_text(item: _Recurring, weeks: int) -> str:
    """"Weeks 3-6 of 10, balanced phase, deload"; "Week 1 of 1" for a one-week program."""
    last = item.first + item.count - 1
    span = f"Week {item.first}" if item.count == 1 else f"Weeks {item.first}-{last}"
    marks = [f"{item.week.phase} phase"] if item.week.phase else []
    return ", ".join([f"{span} of {weeks}", *marks, *week_marks(item.week, phase=False)])


def description(session: ProgramSession, scenario: str, weeks: str | None = None) -> str:
    """The session's exercises, A) B) C) with their prescription and target, as plain text;
    then the weeks the event covers (``weeks``) and the scenario."""
    lines = []
    for i, line in enumerate(session.ordered()):
        lines.append(f"{letter(i)}) {title(line)} {prescription(line)}")
        lines += [f"   {label}: {value}" for label, value in details(line)]
    lines += ["", *([weeks] if weeks else []), f"hamopt: {scenario}"]
    return "\n".join(lines)


def _uid(name: str, item: _Recurring) -> str:
    key = f"{name}|{item.session.day}|{item.session.time}|{item.first}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32] + "@hamopt"
