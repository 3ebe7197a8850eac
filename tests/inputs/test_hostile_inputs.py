"""Inputs an attacker or an unlucky user gives (issue 21, item 4): each a clean exit 2 with
file, line and field, never a traceback or a hang."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from hamopt.cli import main
from hamopt.inputs.roster import count_rows, read_roster
from hamopt.io.errors import InputError
from hamopt.render.common import RenderContext

ROOT = Path(__file__).resolve().parents[2]
FAST = ROOT / "scenarios" / "weaker_left_leg.yaml"
PROGRAM = ROOT / "scenarios" / "programs" / "seed_workout_1.yaml"


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args])


def assert_input_error(result: Result, *words: str) -> None:
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    for word in words:
        assert word in result.output, result.output


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs here")
    path = tmp_path / "scenario.yaml"
    os.mkfifo(path)
    return path


@pytest.mark.parametrize(
    "command",
    [("validate",), ("solve",), ("explain",), ("render",), ("check", "--scenario", FAST)],
)
def test_a_fifo_is_refused_not_read(fifo: Path, command: tuple) -> None:  # type: ignore[type-arg]
    """`validate` on a FIFO blocked forever: now refused before it is opened."""
    assert_input_error(run(command[0], fifo, *command[1:]), str(fifo), "named pipe")


def test_a_device_and_a_folder_are_refused(tmp_path: Path) -> None:
    assert_input_error(run("validate", "/dev/null"), "/dev/null", "device")
    assert_input_error(run("validate", tmp_path), "directory")


def test_a_fifo_roster_and_rule_set_are_refused(fifo: Path) -> None:
    roster = fifo.with_name("roster.csv")
    os.mkfifo(roster)
    from hamopt.batch.run import open_input

    with pytest.raises(InputError, match="named pipe"):
        open_input(str(roster))
    with pytest.raises(InputError, match="named pipe"):
        list(read_roster(roster))
    assert_input_error(run("solve", FAST, "--rules", fifo), "named pipe")


def test_a_roster_cell_over_128_kib(tmp_path: Path) -> None:
    """A cell over csv's field limit was a `_csv.Error` traceback."""
    roster = tmp_path / "roster.csv"
    roster.write_text("id,name\nc1,Ann\nc2," + "x" * 140_000 + "\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        list(read_roster(roster))
    message = str(caught.value)
    assert f"{roster}:3:" in message and "longer than" in message and len(message) < 300
    assert count_rows(roster) >= 1  # only a count: never raises


def test_a_roster_with_an_unclosed_quote(tmp_path: Path) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text('id,name\nc1,"Ann\n' + "y" * 140_000 + "\n", encoding="utf-8")
    with pytest.raises(InputError, match="not a readable CSV"):
        list(read_roster(roster))


@pytest.mark.parametrize("char", ["\x01", "\x07", "\x1b", "\x7f", "\x9b"])
def test_a_control_character_in_yaml_has_its_line(tmp_path: Path, char: str) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(f"name: x\nschedule:\n  sessions_per_week: 1{char}\n", encoding="utf-8")
    result = run("validate", path)
    assert_input_error(result, f"{path}:3:", f"U+{ord(char):04X}")


@pytest.mark.parametrize("command", ["render", "solve"])
def test_a_start_past_the_calendar(command: str) -> None:
    source = PROGRAM if command == "render" else FAST
    result = run(command, source, "--start", "9999-12-31", "--format", "ics")
    assert_input_error(result, "--start", "the latest start is")
    result = run(command, source, "--start", "9997-12-01", "--format", "ics")
    assert result.exit_code == 0, result.output


def test_a_start_past_the_calendar_in_the_library() -> None:
    context = RenderContext(start=date(9999, 12, 30))
    with pytest.raises(InputError, match="past the calendar"):
        context.session_date(2, "mon")


def test_a_huge_key_is_cut_in_the_message(tmp_path: Path) -> None:
    key = "k" * 10_000
    path = tmp_path / "s.yaml"
    path.write_text(
        FAST.read_text(encoding="utf-8") + f"\n? {key}\n: 1\n", encoding="utf-8"
    )
    result = run("validate", path)
    assert_input_error(result, "unknown key", "10000 characters")
    assert key not in result.output and len(result.output) < 2000
    result = run("solve", FAST, "--rules", _ruleset(tmp_path, f"rules:\n  ? {key}\n  : {{}}\n"))
    assert_input_error(result, "rules.kkk", "10000 characters")
    assert key not in result.output


def _ruleset(folder: Path, body: str, name: str = "r.yaml") -> Path:
    path = folder / name
    path.write_text(f"name: mine\n{body}", encoding="utf-8")
    return path


def test_solve_rules_and_validate_agree_on_a_rule_set_without_rules(tmp_path: Path) -> None:
    """`solve --rules` took a rule set with no `rules:` key that `validate` rejects."""
    path = tmp_path / "r.yaml"
    path.write_text("name: mine\n", encoding="utf-8")
    assert run("validate", path).exit_code == 2
    assert_input_error(run("solve", FAST, "--rules", path), str(path))


def test_solve_rules_words_a_cross_field_error_as_validate_does(tmp_path: Path) -> None:
    """It said it with pydantic's "Value error, " prefix and without the line."""
    path = _ruleset(
        tmp_path,
        "rules:\n  volume_range:\n    mode: hard\n"
        "    params: {weekly_min_sets: 20, weekly_max_sets: 5}\n",
    )
    by_validate = run("validate", path)
    by_solve = run("solve", FAST, "--rules", path)
    assert_input_error(by_validate, f"{path}:5:")
    assert_input_error(by_solve, f"{path}:5:")
    assert "Value error" not in by_solve.output
    assert by_solve.output.strip() == by_validate.output.strip()
