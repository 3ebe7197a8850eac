"""The formats through the CLI: `hamopt solve --format/--start` and `hamopt render`."""

from __future__ import annotations

import csv
import importlib
import io
import json
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from icalendar import Calendar
from render_samples import changing_program

from hamopt.cli import main
from hamopt.cli.solve import FORMATS
from hamopt.domain.models import Program
from hamopt.render.formats import EXTENSIONS, RENDERERS

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "scenarios" / "quad_dominant_intermediate_full_gym.yaml"  # 60 min sessions
SEED_PROGRAM = ROOT / "scenarios" / "programs" / "seed_workouts_week.yaml"
SEED_SCENARIO = ROOT / "scenarios" / "quad_dominant_three_sessions.yaml"


def run(*args: str) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture
def solved(monkeypatch: pytest.MonkeyPatch) -> list[Program]:
    """`hamopt solve` answers with the hand-made three-week program, without solving."""
    calls: list[Program] = []

    def fake_solve(*args: object, **kwargs: object) -> Program:
        program = changing_program()
        calls.append(program)
        return program

    # The module (the package exports the API function `hamopt.solve` too).
    engine = importlib.import_module("hamopt.api.solving")
    monkeypatch.setattr(engine, "solve_scenario", fake_solve)
    return calls


def test_every_renderer_is_a_solve_format_with_a_file_extension() -> None:
    assert FORMATS == tuple(RENDERERS)
    assert set(EXTENSIONS) == set(RENDERERS)


def test_ics_without_start_is_refused_before_solving(solved: list[Program]) -> None:
    result = run("solve", DEMO, "--format", "ics")
    assert result.exit_code == 2
    assert "--format ics needs --start YYYY-MM-DD" in result.output
    assert solved == []


def test_a_start_that_is_not_a_date_is_bad_input(solved: list[Program]) -> None:
    result = run("solve", DEMO, "--format", "csv", "--start", "2025-02-30")
    assert result.exit_code == 2 and "--start" in result.output


def test_solve_ics_uses_start_and_the_scenario_session_length(
    solved: list[Program], tmp_path: Path
) -> None:
    out = tmp_path / "plan.ics"
    result = run("solve", DEMO, "--format", "ics", "--start", "2025-01-06", "-o", out)
    assert result.exit_code == 0, result.output
    events = Calendar.from_ical(out.read_bytes()).walk("VEVENT")
    friday = next(e for e in events if e.decoded("dtstart").weekday() == 4)
    assert friday.decoded("dtstart") == datetime(2025, 1, 10, 7, 30)
    # The hand-made Friday session has no estimate: the demo scenario's 60 minutes.
    assert friday.decoded("dtend") - friday.decoded("dtstart") == timedelta(minutes=60)


def test_solve_csv_to_a_file_has_dates(solved: list[Program], tmp_path: Path) -> None:
    out = tmp_path / "plan.csv"
    result = run("solve", DEMO, "--format", "csv", "--start", "2025-01-06", "-o", out)
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(out.read_text())))
    assert rows[0]["date"] == "2025-01-06" and rows[-1]["date"] == "2025-01-24"
    assert not list(tmp_path.glob(".*.tmp"))  # written whole, then renamed


def test_render_completes_a_hand_written_program_from_its_scenario() -> None:
    result = run("render", SEED_PROGRAM, "--scenario", SEED_SCENARIO, "--format", "markdown")
    assert result.exit_code == 0, result.output
    text = result.output
    assert "A) Standing Leg Curl 3 x 6  \nTempo: 2012  \n" in text
    # Totals and verdicts come from the catalog and the checkers: the seed's 4-5 rep curl
    # breaks the default rules' 6-20 rep range.
    assert "- Hamstring sets: " in text
    assert "- [ ] volume_range (hard): " in text


def test_render_without_scenario_shows_the_program_as_written(tmp_path: Path) -> None:
    saved = tmp_path / "program.json"
    saved.write_text(json.dumps(changing_program().model_dump(mode="json")))
    result = run("render", saved, "--format", "html", "-o", tmp_path / "card.html")
    assert result.exit_code == 0, result.output
    html = (tmp_path / "card.html").read_text()
    assert "Weeks 1-2" in html and "Week 3" in html and "correction_ratio" in html


def test_render_names_an_unknown_exercise_with_file_and_line(tmp_path: Path) -> None:
    program = tmp_path / "bad.yaml"
    program.write_text(
        "weeks:\n"
        "  - week: 1\n"
        "    sessions:\n"
        "      - day: mon\n"
        "        exercises:\n"
        "          - {id: moon_curl, sets: 3, reps: [8, 12]}\n"
    )
    result = run("render", program, "--scenario", SEED_SCENARIO)
    assert result.exit_code == 2
    assert f"{program}:6: weeks.0.sessions.0.exercises.0.id: unknown exercise id" in result.output


def test_solve_end_to_end_calendar() -> None:
    """One real solve: the demo scenario's program as a calendar, repeating for its weeks."""
    result = run("solve", DEMO, "--format", "ics", "--start", "2025-01-06")
    assert result.exit_code == 0, result.output
    events = Calendar.from_ical(result.output).walk("VEVENT")
    assert len(events) == 2  # the demo scenario: 2 sessions a week, 1 week
    for event in events:
        assert event.decoded("dtend") - event.decoded("dtstart") >= timedelta(minutes=10)
        assert str(event["description"]).startswith("A) ")
