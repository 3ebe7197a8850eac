"""A 12-week plan in every format: per-week targets, load changes, deload and transition
weeks shown, and only weeks that are truly the same collapsed (render_samples.plan_program:
weeks 1-4 the same workouts with Monday's curl at 8, 10, 12, then 8 reps +2.5 kg; week 5 a
deload; week 6 a transition; weeks 7-12 identical)."""

from __future__ import annotations

from datetime import date

from icalendar import Calendar
from render_samples import plan_program
from test_render_html import card

from hamopt.render.common import RenderContext
from hamopt.render.ical import to_ics
from hamopt.render.markdown import to_markdown
from hamopt.render.table import extra_columns, to_table
from hamopt.render.weeks import week_runs

MONDAY = date(2025, 1, 6)


def test_runs_hold_the_workouts_and_let_only_the_targets_move() -> None:
    runs = week_runs(plan_program())
    assert [(r.first, r.last, r.same) for r in runs] == [
        (1, 4, False),  # the curl's targets move
        (5, 5, True),  # deload: its own run
        (6, 6, True),  # transition: its own run
        (7, 12, True),  # truly the same
    ]
    (grid,) = runs[0].grids(RenderContext())
    assert grid.weeks == (1, 2, 3, 4)
    (row,) = grid.rows  # only the line whose targets are set
    assert (row.workout, row.letter, row.title) == (1, "A", "Standing leg curl")
    assert row.cells == ("8", "10", "12", "8 +2.5 kg")
    assert runs[3].grids(RenderContext()) == []


def test_a_long_run_gets_tables_of_at_most_eight_weeks() -> None:
    program = plan_program()
    for week in program.weeks[6:]:  # weeks 7-12 climb instead of holding 12 reps
        week.sessions[0].exercises[0].target_reps = week.week
    run = week_runs(program)[3]
    assert [g.weeks for g in run.grids(RenderContext(), per_grid=4)] == [(7, 8, 9, 10), (11, 12)]


def test_markdown_says_every_week_its_target() -> None:
    text = to_markdown(plan_program())
    headings = [line for line in text.splitlines() if line.startswith("## Week")]
    assert headings == [
        "## Weeks 1-4 (correction; the same workouts, targets by week)",
        "## Week 5 (correction; deload)",
        "## Week 6 (correction; transition)",
        "## Weeks 7-12 (balanced; every week the same)",
    ]
    assert "| Workout | Exercise | Week 1 | Week 2 | Week 3 | Week 4 |" in text
    assert "| 1A | Standing leg curl | 8 | 10 | 12 | 8 +2.5 kg |" in text
    week5 = text.split("## Week 5", 1)[1].split("## Week 6", 1)[0]
    assert "A) Standing leg curl 2 x 8-12  \nTarget: 8 reps  \nLoad: -10 % on the week before" in (
        week5
    )
    same = text.split("## Weeks 7-12", 1)[1]
    assert "Target: 12 reps" in same and "| Workout |" not in same


def test_the_card_has_one_section_per_run_with_the_targets_table() -> None:
    sections = card(plan_program()).find("section", "week")
    assert [s.find("h2")[0].text() for s in sections] == [
        "Weeks 1-4 correction the same workouts, targets by week below",
        "Week 5 correction deload",
        "Week 6 correction transition",
        "Weeks 7-12 balanced every week the same",
    ]
    (table,) = sections[0].find("table", "targets")
    assert [th.text() for th in table.find("th")] == [
        "Workout", "Exercise", "Week 1", "Week 2", "Week 3", "Week 4"
    ]  # fmt: skip
    (row,) = table.find("tbody")[0].find("tr")
    assert [td.text() for td in row.find("td")] == [
        "1A", "Standing leg curl", "8", "10", "12", "8 +2.5 kg"
    ]  # fmt: skip
    # Inside a run whose targets move, no exercise claims one target for all its weeks.
    assert "Target:" not in sections[0].text()
    deload = sections[1].find("li")[0].find("dl")[0].text()
    assert deload.startswith("Target: 8 reps Load: -10 % on the week before Tempo: 2012")
    assert not sections[3].find("table") and "Target: 12 reps" in sections[3].text()


def test_ics_recurs_only_while_a_session_is_truly_the_same() -> None:
    calendar = Calendar.from_ical(to_ics(plan_program(), RenderContext(start=MONDAY)))
    found = [
        (
            e.decoded("dtstart").date(),
            dict(e["rrule"])["COUNT"][0] if "rrule" in e else 1,
            str(e["summary"]).split(":")[0],
            str(e["description"]),
        )
        for e in calendar.walk("VEVENT")
    ]
    shape = [(day.isoformat(), count, summary) for day, count, summary, _ in found]
    assert shape == [
        # Monday's curl changes its target each week of 1-4: one event a week.
        ("2025-01-06", 1, "Workout 1"),
        ("2025-01-10", 4, "Workout 2"),  # Friday's workout is the same weeks 1-4
        ("2025-01-13", 1, "Workout 1"),
        ("2025-01-20", 1, "Workout 1"),
        ("2025-01-27", 1, "Workout 1"),
        ("2025-02-03", 1, "Workout 1 (deload)"),
        ("2025-02-07", 1, "Workout 2 (deload)"),
        ("2025-02-10", 1, "Workout 1 (transition)"),
        ("2025-02-14", 1, "Workout 2 (transition)"),
        ("2025-02-17", 6, "Workout 1"),
        ("2025-02-21", 6, "Workout 2"),
    ]
    assert sum(count for _, count, _, _ in found) == 24  # every session of every week
    descriptions = [d for *_, d in found]
    assert len(set(descriptions)) == len(descriptions)
    week2, week4 = descriptions[2], descriptions[4]
    assert "A) Standing leg curl 3 x 8-12\n   Target: 10 reps\n   Tempo: 2012" in week2
    assert "   Target: 8 reps\n   Load: +2.5 kg on the week before" in week4
    assert "\nWeek 2 of 12, correction phase\n" in week2
    assert "\nWeeks 1-4 of 12, correction phase\n" in descriptions[1]
    assert "\nWeek 5 of 12, correction phase, deload\n" in descriptions[5]
    assert "Load: -10 % on the week before" in descriptions[5]
    assert "\nWeeks 7-12 of 12, balanced phase\n" in descriptions[9]
    assert "Target: 12 reps" in descriptions[9]


def test_ics_of_identical_weeks_is_one_event_per_slot() -> None:
    program = plan_program()
    program.weeks = program.weeks[6:]  # the six identical balanced weeks
    for i, week in enumerate(program.weeks, start=1):
        week.week = i
    events = Calendar.from_ical(to_ics(program, RenderContext(start=MONDAY))).walk("VEVENT")
    assert [dict(e["rrule"])["COUNT"] for e in events] == [[6], [6]]


def test_table_names_the_marks_and_shows_tempo_rest_and_cue_when_wide() -> None:
    program = plan_program()
    wide = to_table(program, width=220)
    assert "Week 5 (correction, deload)" in wide and "Week 6 (correction, transition)" in wide
    assert "w4 8 +2.5 kg" in wide  # the run's targets, week by week
    header = next(line for line in wide.splitlines() if "Exercise" in line)
    for column in ("Weekly targets", "Tempo", "Rest", "Cue"):
        assert column in header
    narrow = to_table(program, width=100)
    header = next(line for line in narrow.splitlines() if "Exercise" in line)
    assert "Tempo" not in header and "Cue" not in header
    assert max(len(line) for line in narrow.splitlines()) <= 100


def test_extra_columns_get_room_in_order() -> None:
    assert extra_columns(100, targets=False) == []
    assert extra_columns(120, targets=False) == ["Tempo"]
    assert extra_columns(140, targets=False) == ["Tempo", "Rest"]
    assert extra_columns(172, targets=False) == ["Tempo", "Rest", "Cue"]
    assert extra_columns(172, targets=True) == ["Tempo", "Rest"]  # the targets take 30
