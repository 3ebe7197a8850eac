"""Any program, any text: every format still parses and carries every line (hypothesis)."""

from __future__ import annotations

import csv
import io
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar
from test_render_html import parse as parse_html
from test_render_markdown import parse as parse_markdown

from hamopt.domain.models import DAYS, Program, ProgramExercise, ProgramSession, ProgramWeek
from hamopt.render.common import RenderContext
from hamopt.render.csv_rows import to_csv
from hamopt.render.html_card import to_html
from hamopt.render.ical import to_ics
from hamopt.render.markdown import to_markdown

# Printable text with the characters formats trip over: quotes, commas, markup, newlines.
TEXT = st.text(
    alphabet=st.characters(
        codec="utf-8", categories=("L", "N", "P", "S", "Zs"), include_characters="\n"
    ),
    min_size=1,
    max_size=40,
).filter(lambda s: s.strip())
TIME = st.one_of(
    st.none(),
    st.tuples(st.integers(0, 23), st.integers(0, 59)).map(lambda t: f"{t[0]:02}:{t[1]:02}"),
)


@st.composite
def lines(draw: st.DrawFn, n: int) -> ProgramExercise:
    lo = draw(st.integers(1, 20))
    return ProgramExercise(
        id=f"exercise_{n}",
        name=draw(TEXT),
        sets=draw(st.integers(1, 10)),
        reps=(lo, draw(st.integers(lo, 30))),
        region=draw(st.sampled_from(["hamstrings", "quads"])),
        tempo=draw(st.one_of(st.none(), st.sampled_from(["3110", "2012", "As slow as possible"]))),
        rest=draw(st.one_of(st.none(), TEXT)),
        cue=draw(st.one_of(st.none(), TEXT)),
    )


@st.composite
def programs(draw: st.DrawFn) -> Program:
    days = draw(st.lists(st.sampled_from(DAYS), min_size=1, max_size=4, unique=True))
    template = [
        ProgramSession(
            day=day,
            time=draw(TIME),
            exercises=[draw(lines(10 * i + j)) for j in range(draw(st.integers(1, 4)))],
        )
        for i, day in enumerate(days)
    ]
    weeks = []
    for w in range(1, draw(st.integers(1, 3)) + 1):
        sessions = [s.model_copy(deep=True) for s in template]
        if draw(st.booleans()):  # some weeks change a line, so runs split
            sessions[0].exercises[0].sets = draw(st.integers(1, 10))
        weeks.append(ProgramWeek(week=w, phase="balanced", sessions=sessions))
    return Program(status="feasible", scenario=draw(TEXT), weeks=weeks)


def all_lines(program: Program) -> list[ProgramExercise]:
    return [line for w in program.weeks for s in w.sessions for line in s.ordered()]


START = date(2025, 1, 6)


@settings(max_examples=40, deadline=None)
@given(programs())
def test_csv_carries_every_line_exactly(program: Program) -> None:
    rows = list(csv.DictReader(io.StringIO(to_csv(program), newline="")))
    written = sorted(
        (int(r["week"]), r["day"], r["exercise"], r["cue"], int(r["sets"])) for r in rows
    )
    expected = sorted(
        (w.week, s.day, line.name, line.cue or "", line.sets)
        for w in program.weeks
        for s in w.sessions
        for line in s.exercises
    )
    assert written == expected


@settings(max_examples=40, deadline=None)
@given(programs())
def test_ics_covers_every_session_of_every_week(program: Program) -> None:
    calendar = Calendar.from_ical(to_ics(program, RenderContext(start=START)))
    events = calendar.walk("VEVENT")
    occurrences = sum(dict(e["rrule"])["COUNT"][0] if "rrule" in e else 1 for e in events)
    assert occurrences == sum(len(w.sessions) for w in program.weeks)
    assert len({str(e["uid"]) for e in events}) == len(events)


@settings(max_examples=40, deadline=None)
@given(programs())
def test_html_is_well_formed_and_shows_every_name(program: Program) -> None:
    page = parse_html(to_html(program))
    shown = {n.text() for n in page.find("div", "name")}
    for line in all_lines(program):
        letterless = {text.split(") ", 1)[1] for text in shown}
        assert " ".join(line.name.split()) in letterless  # type: ignore[union-attr]


@settings(max_examples=40, deadline=None)
@given(programs())
def test_markdown_keeps_every_prescription(program: Program) -> None:
    workouts = parse_markdown(to_markdown(program))
    found = sorted((x["sets"], x["reps"]) for w in workouts for x in w["lines"])
    # Identical weeks are written once: compare against the distinct weeks only.
    distinct = []
    for week in program.weeks:
        if not distinct or distinct[-1].sessions != week.sessions:
            distinct.append(week)
    expected = sorted(
        (line.sets, tuple(line.reps)) for w in distinct for s in w.sessions for line in s.exercises
    )
    assert found == expected
