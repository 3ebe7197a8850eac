"""`--format ics`: parsed back with icalendar; one weekly-recurring event per session."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from icalendar import Calendar
from render_samples import changing_program, infeasible_program, scenario, untimed_program

from hamopt.domain.models import Program, Slot
from hamopt.render.common import RenderContext
from hamopt.render.ical import to_ics

MONDAY = date(2025, 1, 6)


def events(program: Program, context: RenderContext) -> list:
    calendar = Calendar.from_ical(to_ics(program, context))
    return list(calendar.walk("VEVENT"))


def test_each_session_is_one_event_recurring_while_it_is_unchanged() -> None:
    found = events(changing_program(), RenderContext(scenario=scenario(45), start=MONDAY))
    summary = [
        (
            e.decoded("dtstart"),
            e.decoded("dtend") - e.decoded("dtstart"),
            dict(e["rrule"]).get("COUNT", [1])[0] if "rrule" in e else 1,
        )
        for e in found
    ]
    assert summary == [
        # Monday's curl changes in week 3: weeks 1-2 recur, week 3 is an event of its own.
        (datetime(2025, 1, 6, 18, 0), timedelta(minutes=52), 2),  # the program's estimate
        (datetime(2025, 1, 10, 7, 30), timedelta(minutes=45), 3),  # the scenario's budget
        (datetime(2025, 1, 20, 18, 0), timedelta(minutes=52), 1),
    ]
    assert all(dict(e["rrule"])["FREQ"] == ["WEEKLY"] for e in found if "rrule" in e)
    assert len({str(e["uid"]) for e in found}) == 3


def test_description_lists_the_exercises_with_their_prescription() -> None:
    found = events(changing_program(), RenderContext(start=MONDAY))
    monday = str(found[0]["description"])
    assert monday.splitlines()[:4] == [
        "A) Standing leg curl 3 x 6",
        "   Tempo: 2012",
        "   Rest: 30-60 sec between sides, 2 min between sets",
        "   Cue: Toes in, hips still",
    ]
    assert "C) Dumbbell split squat 2 x 8-10" in monday
    assert str(found[2]["description"]).startswith("A) Standing leg curl 4 x 6")
    assert str(found[0]["summary"]) == (
        "Workout 1: Standing leg curl, Incline back extension, Dumbbell split squat"
    )
    # Friday's cue was typed over two lines; the description keeps it on one.
    assert '   Cue: Hips down, "soft" knees; <b>never</b> & lock out then squeeze' in str(
        found[1]["description"]
    )


def test_times_are_floating_and_an_untimed_slot_starts_at_noon() -> None:
    (event,) = events(untimed_program(), RenderContext(start=date(2025, 3, 3)))
    start = event.decoded("dtstart")
    assert start == datetime(2025, 3, 8, 12, 0) and start.tzinfo is None
    assert event.decoded("dtend") - start == timedelta(minutes=60)  # no scenario, no estimate
    assert "rrule" not in event


def test_a_start_midweek_places_each_session_on_its_next_weekday() -> None:
    found = events(changing_program(), RenderContext(start=date(2025, 1, 8)))  # a Wednesday
    starts = sorted(e.decoded("dtstart") for e in found)
    assert starts == [
        datetime(2025, 1, 10, 7, 30),
        datetime(2025, 1, 13, 18, 0),
        datetime(2025, 1, 27, 18, 0),
    ]


def test_same_input_same_bytes_and_the_start_date_matters() -> None:
    context = RenderContext(scenario=scenario(), start=MONDAY)
    first = to_ics(changing_program(), context)
    assert first == to_ics(changing_program(), context)
    assert first != to_ics(changing_program(), RenderContext(start=MONDAY + timedelta(7)))
    assert "DTSTAMP:20250106T000000Z" in first


def test_without_a_start_date_it_refuses() -> None:
    with pytest.raises(ValueError, match="start"):
        to_ics(changing_program())


def test_infeasible_program_is_an_empty_calendar() -> None:
    calendar = Calendar.from_ical(to_ics(infeasible_program(), RenderContext(start=MONDAY)))
    assert calendar.walk("VEVENT") == []
    assert str(calendar["x-wr-calname"]) == "Too little time"


def test_a_scenario_name_over_two_lines_is_one_calendar_name() -> None:
    """Found by hypothesis: X-WR-CALNAME is written raw, a newline made icalendar fail."""
    program = changing_program()
    program.scenario = "Spring block\nfor Sam"
    calendar = Calendar.from_ical(to_ics(program, RenderContext(start=MONDAY)))
    assert str(calendar["x-wr-calname"]) == "Spring block for Sam"


def _with_matches(*matches: dict[str, str]) -> RenderContext:
    base = scenario()
    schedule = base.schedule.model_copy(
        update={"matches": [Slot.model_validate(m) for m in matches]}
    )
    return RenderContext(scenario=base.model_copy(update={"schedule": schedule}), start=MONDAY)


def test_the_scenarios_matches_are_events_every_week_of_the_program() -> None:
    """A coach's calendar shows the match the sessions taper into (match_proximity)."""
    context = _with_matches({"day": "sat", "time": "15:00"}, {"day": "wed"})
    found = events(changing_program(), context)  # three weeks
    matches = [e for e in found if str(e["summary"]) == "Match"]
    assert len(found) == 3 + 2
    saturday, wednesday = matches
    # Kick-off, floating like the sessions, and no invented end (RFC 5545: it ends as it starts).
    assert saturday.decoded("dtstart") == datetime(2025, 1, 11, 15, 0)
    assert "dtend" not in saturday and "duration" not in saturday
    # No kick-off time: an all-day event, not the 12:00 the rules count from.
    assert wednesday.decoded("dtstart") == date(2025, 1, 8)
    assert all(dict(m["rrule"]) == {"FREQ": ["WEEKLY"], "COUNT": [3]} for m in matches)
    assert all(m["categories"].cats == ["Match"] for m in matches)
    assert len({str(e["uid"]) for e in found}) == 5


def test_a_match_event_follows_a_midweek_start_and_the_program_length() -> None:
    context = _with_matches({"day": "mon", "time": "19:45"})
    context = RenderContext(scenario=context.scenario, start=date(2025, 1, 8))  # a Wednesday
    (match,) = [e for e in events(untimed_program(), context) if str(e["summary"]) == "Match"]
    assert match.decoded("dtstart") == datetime(2025, 1, 13, 19, 45)
    assert "rrule" not in match  # a one-week program: one match


def test_no_program_no_match_events() -> None:
    context = _with_matches({"day": "sat", "time": "15:00"})
    assert events(infeasible_program(), context) == []
