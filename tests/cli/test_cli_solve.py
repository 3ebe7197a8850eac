"""`hamopt solve` and `hamopt check` from the command line: formats, files, exit codes, verdicts."""

from __future__ import annotations

import json
import textwrap
from functools import cache
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result

import hamopt
from hamopt.cli import main
from hamopt.domain.models import Program
from hamopt.inputs.loading import load_scenario
from hamopt.render.formats import to_json

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = ROOT / "scenarios"
PROGRAMS = SCENARIOS / "programs"
FAST = SCENARIOS / "weaker_left_leg.yaml"  # a shipped scenario that solves in a blink


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args])


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def line_of(path: Path, text: str) -> int:
    """The 1-based line of the file holding ``text`` (once)."""
    [n] = [i for i, line in enumerate(path.read_text().splitlines(), 1) if text in line]
    return n


def no_traceback(result: Result) -> None:
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def without_solver(data: dict) -> dict:
    return {k: v for k, v in data.items() if k != "solver"}


@cache
def solved_json() -> dict:
    result = run("solve", FAST, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


# --- hamopt solve: formats ----------------------------------------------------------------


def test_json_is_the_program_contract() -> None:
    data = solved_json()
    program = Program.model_validate(data)
    assert program.status == "optimal"
    assert program.weeks and program.weeks[0].sessions
    assert program.solver is not None and program.solver.objective == 0
    assert {r["id"] for r in data["rules"]} >= {
        "equipment", "head_coverage", "flexion_before_extension",
        "correction_ratio", "volume_range", "recovery_spacing",
    }
    # The command prints what the Python API returns, byte for byte outside `solver`.
    library = json.loads(to_json(hamopt.solve(load_scenario(FAST))))
    assert without_solver(library) == without_solver(data)


def test_solving_twice_gives_identical_output_outside_the_solver_block() -> None:
    again = run("solve", FAST, "--format", "json")
    assert without_solver(json.loads(again.stdout)) == without_solver(solved_json())


def test_yaml_holds_the_same_program() -> None:
    result = run("solve", FAST, "--format", "yaml")
    assert result.exit_code == 0
    data = yaml.safe_load(result.stdout)
    Program.model_validate(data)
    assert without_solver(data) == without_solver(solved_json())


def test_table_shows_day_order_exercise_prescription_and_heads() -> None:
    result = run("solve", FAST)
    assert result.exit_code == 0
    out = result.stdout
    program = Program.model_validate(solved_json())
    first = program.weeks[0].sessions[0]
    assert f"{first.day.capitalize()} {first.time}" in out
    line = first.ordered()[0]
    assert (line.name or line.id) in out
    lo, hi = line.reps
    assert f"{line.sets} x {lo}" in out and (lo == hi or f"{lo}-{hi}" in out)
    for column in ("Day", "Order", "Exercise", "Sets x reps", "Heads"):
        assert column in out
    assert "BFsh" in out  # a knee-flexion line serves the short head
    assert "ok recovery_spacing" in out


def test_markdown_writes_sessions_the_way_the_seeds_do() -> None:
    result = run("solve", FAST, "--format", "markdown")
    assert result.exit_code == 0
    program = Program.model_validate(solved_json())
    assert result.stdout.startswith(f"# {program.scenario}")
    assert "## Week 1" in result.stdout
    first = program.weeks[0].sessions[0].ordered()[0]
    assert f"A) {first.name}" in result.stdout


def test_output_file_is_written_whole_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    out = tmp_path / "program.json"
    result = run("solve", FAST, "--format", "json", "-o", out)
    assert result.exit_code == 0
    assert result.stdout == ""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["program.json"]
    data = json.loads(out.read_text(encoding="utf-8"))
    assert without_solver(data) == without_solver(solved_json())
    # Writing again replaces the file, still without leftovers.
    assert run("solve", FAST, "--format", "yaml", "-o", out).exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["program.json"]
    assert yaml.safe_load(out.read_text(encoding="utf-8"))["status"] == "optimal"


def test_time_limit_seed_and_workers_reach_the_solver() -> None:
    result = run("solve", FAST, "--format", "json", "--seed", "3", "--time-limit", "20")
    solver = json.loads(result.stdout)["solver"]
    assert (solver["seed"], solver["workers"]) == (3, 1)
    assert solver["deterministic_time"] <= 20


@pytest.mark.parametrize(
    ("scenario", "code"), [(FAST, 0), (SCENARIOS / "infeasible_spacing.yaml", 1)]
)
def test_the_loaded_inputs_are_out_of_the_collectors_walks_until_the_command_ends(
    scenario: Path, code: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """cli.common.inputs_held_to_the_end: frozen while the solve runs, released when the
    command ends, whether it exits 0 or 1."""
    import gc

    import hamopt.api.solving

    real = hamopt.api.solving.solve_scenario
    frozen_during: list[int] = []

    def solve_and_look(*args: object, **kwargs: object) -> object:
        frozen_during.append(gc.get_freeze_count())
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(hamopt.api.solving, "solve_scenario", solve_and_look)
    if gc.get_freeze_count():
        gc.unfreeze()  # as in a fresh `hamopt` process (another test may have frozen these)
    result = run("solve", scenario, "--format", "json")
    assert result.exit_code == code, result.output
    # The imports and the scenario (tens of thousands of objects) were frozen for the solve.
    assert frozen_during and frozen_during[0] > 10_000
    assert gc.get_freeze_count() == 0


# --- hamopt solve: exit codes -------------------------------------------------------------


def test_infeasible_exits_1_with_the_conflict() -> None:
    result = run("solve", SCENARIOS / "infeasible_spacing.yaml", "--format", "json")
    assert result.exit_code == 1
    no_traceback(result)
    data = json.loads(result.stdout)
    assert data["status"] == "infeasible"
    assert {"recovery_spacing", "sessions_per_week"} <= {c["id"] for c in data["conflict"]}
    assert "no program: infeasible" in result.stderr


def test_a_rule_set_that_extends_default_and_turns_a_rule_off(tmp_path: Path) -> None:
    rules = write(
        tmp_path,
        "no_spacing.yaml",
        """\
        name: no spacing
        description: the default rules without the 48 h between sessions
        extends: default
        rules:
          recovery_spacing: {mode: off}
        """,
    )
    result = run("solve", SCENARIOS / "infeasible_spacing.yaml", "--rules", rules,
                 "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["status"] == "optimal"
    modes = {r["id"]: r["mode"] for r in data["rules"]}
    assert modes["recovery_spacing"] == "off"
    assert modes["volume_range"] == "hard"  # inherited from default
    assert len(data["weeks"][0]["sessions"]) == 3


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # a typo'd key: unknown keys are errors, with the line
            """\
            name: Typo
            schedule:
              sessions_per_week: 2
              slots: [{day: mon, time: "18:00"}, {day: thu, time: "18:00"}]
            equipmnet: full_gym
            """,
            ":5: equipmnet",
        ),
        (  # a bad time
            """\
            name: Bad time
            schedule:
              sessions_per_week: 2
              slots:
                - {day: mon, time: "18:00"}
                - {day: thu, time: "25:00"}
            """,
            ":6: schedule.slots.1.time",
        ),
    ],
)
def test_bad_scenario_exits_2_with_file_field_and_line(
    tmp_path: Path, text: str, expected: str
) -> None:
    path = write(tmp_path, "bad.yaml", text)
    result = run("solve", path)
    assert result.exit_code == 2
    no_traceback(result)
    assert result.stderr.startswith(f"error: {path}")
    assert expected in result.stderr


def test_missing_scenario_and_bad_rule_set_exit_2(tmp_path: Path) -> None:
    result = run("solve", tmp_path / "nope.yaml")
    assert result.exit_code == 2
    no_traceback(result)
    assert "nope.yaml" in result.stderr
    rules = write(tmp_path, "rules.yaml", """\
        name: typo
        extends: default
        rules:
          recovery_spacin: {mode: soft}
        """)
    result = run("solve", FAST, "--rules", rules)
    assert result.exit_code == 2
    no_traceback(result)
    assert "recovery_spacin" in result.stderr and "rules.yaml" in result.stderr


# --- hamopt check on the seeds' programs --------------------------------------------------

SEED_RULES = ("equipment", "head_coverage", "flexion_before_extension", "correction_ratio",
              "volume_range", "recovery_spacing")


def check_json(program: Path, scenario: Path, *extra: str) -> tuple[int, dict]:
    result = run("check", program, "--scenario", scenario, "--format", "json", *extra)
    no_traceback(result)
    return result.exit_code, json.loads(result.stdout)


def broken(data: dict) -> set[str]:
    """The seed rules the checkers say a program breaks."""
    return {r["id"] for r in data["rules"] if not r["satisfied"] and r["id"] in SEED_RULES}


def messages(data: dict, rule: str) -> list[str]:
    return [v["message"] for v in data["violations"] if v["id"] == rule]


def scenario_for(program: Path) -> Path:
    """A seed program names the stem of its scenario (scenarios/README.md)."""
    stem = yaml.safe_load(program.read_text(encoding="utf-8"))["scenario"]
    return SCENARIOS / f"{stem}.yaml"


def test_strengthlog_workout_puts_the_rdl_before_the_curls() -> None:
    program = PROGRAMS / "strengthlog_workout.yaml"
    code, data = check_json(program, scenario_for(program))
    assert code == 1
    assert not data["hard_rules_kept"]
    assert broken(data) == {"flexion_before_extension", "correction_ratio", "volume_range"}
    order = messages(data, "flexion_before_extension")
    assert any("Seated leg curl (knee flexion) comes after Romanian deadlift" in m for m in order)
    assert any("Lying leg curl (knee flexion) comes after Romanian deadlift" in m for m in order)
    assert messages(data, "volume_range") == ["9 hamstring sets a week; at least 12"]


def test_strengthlog_twice_a_week_has_the_volume_but_not_the_order_or_the_quads() -> None:
    program = PROGRAMS / "strengthlog_twice_weekly.yaml"
    code, data = check_json(program, scenario_for(program))
    assert code == 1
    assert broken(data) == {"flexion_before_extension", "correction_ratio"}
    assert {v["instance"] for v in data["violations"] if v["id"] == "flexion_before_extension"} \
        == {"Mon 18:00", "Thu 18:00"}
    assert any("18:0 hamstring:quad sets" in m for m in messages(data, "correction_ratio"))


def test_the_accentuated_eccentric_curl_at_4_5_reps_is_below_the_rep_range() -> None:
    for name in ("seed_workout_2.yaml", "seed_workouts_week.yaml"):
        program = PROGRAMS / name
        code, data = check_json(program, scenario_for(program))
        assert code == 1
        assert any("at 4-5 reps; reps stay within 6-20" in m
                   for m in messages(data, "volume_range"))


def test_the_seed_week_breaks_nothing_but_the_low_reps() -> None:
    program = PROGRAMS / "seed_workouts_week.yaml"
    code, data = check_json(program, scenario_for(program))
    assert broken(data) == {"volume_range"}
    [only] = messages(data, "volume_range")
    assert only.startswith("Wed 18:00: Lying leg curl, accentuated eccentric")


def test_a_single_seed_workout_is_short_of_the_weekly_volume() -> None:
    for name in ("seed_workout_1.yaml", "seed_workout_3.yaml"):
        program = PROGRAMS / name
        code, data = check_json(program, scenario_for(program))
        assert code == 1
        assert broken(data) == {"volume_range", "correction_ratio"}
        assert "6 hamstring sets a week; at least 12" in messages(data, "volume_range")
        assert "3 quad sets; quads still need at least 4" in messages(data, "correction_ratio")


def test_the_quad_dominant_leg_day_breaks_the_ratio_and_the_coverage() -> None:
    program = PROGRAMS / "quad_dominant_gym_workout.yaml"
    code, data = check_json(program, scenario_for(program))
    assert code == 1
    assert {"correction_ratio", "head_coverage", "volume_range"} <= broken(data)
    assert "flexion_before_extension" not in broken(data)  # quads are not ordered by it
    assert any("3:9 hamstring:quad sets" in m for m in messages(data, "correction_ratio"))
    coverage = {v["instance"] for v in data["violations"] if v["id"] == "head_coverage"}
    assert "hip extension" in coverage  # a curl alone is no hip extension


def test_check_prints_each_violation_in_text_too() -> None:
    program = PROGRAMS / "strengthlog_workout.yaml"
    result = run("check", program, "--scenario", scenario_for(program))
    assert result.exit_code == 1
    assert "!! flexion_before_extension [hard]" in result.stdout
    assert "ok equipment [hard]" in result.stdout
    assert "comes after Romanian deadlift (hip extension)" in result.stdout
    assert "hard-rule violation(s)" in result.stdout


GOOD_WEEK = """\
    # Balanced lifter, Mon + Thu 18:00 (72 h / 96 h): curls before hinges, 13 hamstring
    # sets (7 + 6) over 2 exercises a session, 12 quad sets (13:12), reps inside 6-20 and
    # inside each exercise's own range.
    status: manual
    scenario: balanced_lifter
    weeks:
      - week: 1
        phase: balanced
        sessions:
          - day: mon
            time: "18:00"
            exercises:
              - {id: seated_leg_curl, sets: 4, reps: [8, 12], order: 1}
              - {id: romanian_deadlift, sets: 3, reps: [6, 8], order: 2}
              - {id: back_squat, sets: 3, reps: [6, 10], order: 3}
              - {id: leg_press, sets: 3, reps: [10, 15], order: 4}
          - day: thu
            time: "18:00"
            exercises:
              - {id: lying_leg_curl, sets: 3, reps: [10, 15], order: 1}
              - {id: incline_back_extension, sets: 3, reps: [10, 15], order: 2}
              - {id: bulgarian_split_squat, sets: 3, reps: [8, 12], order: 3}
              - {id: leg_extension, sets: 3, reps: [12, 15], order: 4}
    """


def test_a_hand_written_program_that_keeps_every_rule_exits_0(tmp_path: Path) -> None:
    program = write(tmp_path, "good.yaml", GOOD_WEEK)
    code, data = check_json(program, SCENARIOS / "balanced_lifter.yaml")
    assert code == 0, data["violations"]
    assert data["hard_rules_kept"]
    assert data["violations"] == []
    result = run("check", program, "--scenario", SCENARIOS / "balanced_lifter.yaml")
    assert result.exit_code == 0
    assert "all hard rules kept" in result.stdout


def test_check_with_a_rule_set_that_turns_the_broken_rule_off(tmp_path: Path) -> None:
    rules = write(tmp_path, "order_off.yaml", """\
        name: order off
        extends: default
        rules:
          flexion_before_extension: {mode: off}
          correction_ratio: {mode: off}
          long_length_bias: {mode: off}  # the same three exercises in both sessions
        """)
    program = PROGRAMS / "strengthlog_twice_weekly.yaml"
    code, data = check_json(program, scenario_for(program), "--rules", str(rules))
    assert broken(data) == set()
    assert code == 0


def test_a_program_naming_an_unknown_exercise_exits_2_with_file_and_line(tmp_path: Path) -> None:
    program = write(tmp_path, "typo.yaml", GOOD_WEEK.replace("lying_leg_curl", "lying_leg_crul"))
    result = run("check", program, "--scenario", SCENARIOS / "balanced_lifter.yaml")
    assert result.exit_code == 2
    no_traceback(result)
    line = line_of(program, "lying_leg_crul")  # the Thursday curl
    assert result.stderr.startswith(
        f"error: {program}:{line}: weeks.0.sessions.1.exercises.0.id:"
    )
    assert "lying_leg_crul" in result.stderr


def test_a_malformed_program_exits_2(tmp_path: Path) -> None:
    program = write(tmp_path, "bad.yaml", GOOD_WEEK.replace("sets: 4", "sets: four"))
    result = run("check", program, "--scenario", SCENARIOS / "balanced_lifter.yaml")
    assert result.exit_code == 2
    no_traceback(result)
    line = line_of(program, "sets: four")
    assert f"{program}:{line}: weeks.0.sessions.0.exercises.0.sets:" in result.stderr


def test_a_missing_rule_set_names_the_option_not_an_anonymous_input(tmp_path: Path) -> None:
    result = run("solve", FAST, "--rules", tmp_path / "nope.yaml")
    assert result.exit_code == 2
    assert "error: --rules: no rule set" in result.output
    assert "<input>" not in result.output and "Traceback" not in result.output
