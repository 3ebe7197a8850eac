"""`hamopt validate`, `hamopt catalog`, `hamopt schema`: exit codes and messages.

Every bad file must give exit code 2 and a message naming the file, the field path and the
line, and never a Python traceback.
"""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result
from inputkit import EXERCISE, write_input

from hamopt.cli import COMMAND_MODULES, main
from hamopt.domain.models import EQUIPMENT_PROFILES, Action, Exercise

ROOT = Path(__file__).resolve().parents[2]
SCENARIO_FILES = sorted((ROOT / "scenarios").glob("*.yaml"))
PROGRAM_FILES = sorted((ROOT / "scenarios" / "programs").glob("*.yaml"))

SCENARIO = """\
name: Test
schedule:
  sessions_per_week: 2
  minutes_per_session: 60
  slots:
    - {day: mon, time: "18:00"}
    - {day: thu, time: "18:00"}
equipment: full_gym
weeks: 1
"""

def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def write(tmp_path: Path, text: str | bytes, name: str = "bad.yaml") -> Path:
    return write_input(tmp_path, text, name)


def assert_clean(result: Result) -> None:
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def slots(n: int) -> str:
    days = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
    return "".join(f'    - {{day: {days[i % 7]}, time: "{6 + i // 7:02d}:00"}}\n' for i in range(n))


# (id, file text, field path, line, a fragment of the message)
BAD_SCENARIOS: list[tuple[str, str, str, int, str]] = [
    (
        "wrong_type",
        SCENARIO.replace("sessions_per_week: 2", "sessions_per_week: two"),
        "schedule.sessions_per_week",
        3,
        "valid integer",
    ),
    ("unknown_key", SCENARIO + "colour: red\n", "colour", 10, "unknown key 'colour'"),
    (
        "unknown_nested_key",
        SCENARIO.replace('{day: thu, time: "18:00"}', '{day: thu, time: "18:00", room: 2}'),
        "schedule.slots.1.room",
        7,
        "unknown key 'room'",
    ),
    (
        "unknown_deeper_key",
        SCENARIO + "athlete:\n  experience: beginner\n  height: 180\n",
        "athlete.height",
        12,
        "unknown key 'height'",
    ),
    (
        "unknown_preference_id",
        SCENARIO + "preferences:\n  exclude: [good_morning, flying_curl]\n",
        "preferences.exclude.1",
        11,
        "unknown exercise id 'flying_curl'",
    ),
    (
        "unknown_equipment_id",
        SCENARIO.replace("equipment: full_gym", "equipment: [barbell, laser_cannon]"),
        "equipment.1",
        8,
        "'laser_cannon'",
    ),
    (
        "unknown_equipment_profile",
        SCENARIO.replace("full_gym", "home_gim"),
        "equipment",
        8,
        "unknown equipment profile 'home_gim'",
    ),
    (
        "unknown_day",
        SCENARIO.replace("day: thu", "day: funday"),
        "schedule.slots.1.day",
        7,
        "'mon'",
    ),
    (
        "time_not_hh_mm",
        SCENARIO.replace('time: "18:00"}\n', 'time: "6pm"}\n'),
        "schedule.slots.1.time",
        7,
        "HH:MM",
    ),
    (
        "time_out_of_range",
        SCENARIO.replace('time: "18:00"}\n', 'time: "24:30"}\n'),
        "schedule.slots.1.time",
        7,
        "HH:MM",
    ),
    (
        "time_unquoted",
        SCENARIO.replace('time: "18:00"}\n', "time: 18:00}\n"),
        "schedule.slots.1.time",
        7,
        '"18:00"',
    ),
    (
        "sessions_zero",
        SCENARIO.replace("sessions_per_week: 2", "sessions_per_week: 0"),
        "schedule.sessions_per_week",
        3,
        "greater than or equal to 1",
    ),
    (
        "sessions_99",
        SCENARIO.replace("sessions_per_week: 2", "sessions_per_week: 99"),
        "schedule.sessions_per_week",
        3,
        "less than or equal to 7",
    ),
    (
        "minutes_negative",
        SCENARIO.replace("minutes_per_session: 60", "minutes_per_session: -5"),
        "schedule.minutes_per_session",
        4,
        "greater than or equal to 10",
    ),
    (
        "weeks_500",
        SCENARIO.replace("weeks: 1", "weeks: 500"),
        "weeks",
        9,
        "less than or equal to 104",
    ),
    (
        "weeks_negative",
        SCENARIO.replace("weeks: 1", "weeks: -3"),
        "weeks",
        9,
        "greater than or equal to 1",
    ),
    (
        "over_the_slot_bound",
        SCENARIO.split("  slots:\n")[0] + "  slots:\n" + slots(22) + "weeks: 1\n",
        "schedule.slots",
        5,
        "at most 21",
    ),
    (
        "missing_schedule_key",
        SCENARIO.replace("  sessions_per_week: 2\n", ""),
        "schedule.sessions_per_week",
        2,
        "missing required key 'sessions_per_week'",
    ),
    ("duplicate_yaml_key", SCENARIO + "weeks: 2\n", "weeks", 10, "duplicate key 'weeks'"),
    (
        "python_tag",
        SCENARIO.replace("name: Test", 'name: !!python/object/apply:os.system ["echo pwned"]'),
        "name",
        1,
        "python/object/apply:os.system",
    ),
    (
        "unknown_rule_in_overrides",
        SCENARIO + "overrides:\n  head_coverag: {mode: soft}\n",
        "overrides.head_coverag",
        11,
        "unknown rule 'head_coverag'",
    ),
    (
        "unknown_param_in_overrides",
        SCENARIO + "overrides:\n  recovery_spacing:\n    params: {hours: 24}\n",
        "overrides.recovery_spacing.params.hours",
        12,
        "valid parameters: min_hours",
    ),
    (
        "bad_param_value",
        SCENARIO + "overrides:\n  recovery_spacing:\n    params: {min_hours: -1}\n",
        "overrides.recovery_spacing.params.min_hours",
        12,
        "greater than or equal to 0",
    ),
    (
        "bad_param_type",
        SCENARIO + "overrides:\n  volume_range:\n    params: {weekly_min_sets: lots}\n",
        "overrides.volume_range.params.weekly_min_sets",
        12,
        "valid integer",
    ),
    (
        "bad_override_mode",
        SCENARIO + "overrides:\n  recovery_spacing: {mode: sometimes}\n",
        "overrides.recovery_spacing.mode",
        11,
        "'hard', 'soft' or 'off'",
    ),
    ("unknown_rule_set", SCENARIO + "rules: no_such_rule_set\n", "rules", 10, "no rule set"),
    (
        "custom_exercise_clash",
        SCENARIO + "exercises:\n" + EXERCISE.format(id="seated_leg_curl"),
        "exercises.0.id",
        11,
        "already in the default catalog",
    ),
]


@pytest.mark.parametrize(
    ("text", "field", "line", "fragment"),
    [case[1:] for case in BAD_SCENARIOS],
    ids=[case[0] for case in BAD_SCENARIOS],
)
def test_bad_scenario(tmp_path: Path, text: str, field: str, line: int, fragment: str) -> None:
    path = write(tmp_path, text)
    result = run("validate", str(path))
    assert result.exit_code == 2, result.output
    assert_clean(result)
    assert f"error: {path}:{line}: {field}: " in result.stderr
    assert fragment in result.stderr
    assert "ok " not in result.stdout


def test_python_tag_never_runs(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    path = write(
        tmp_path,
        SCENARIO.replace("name: Test", f'name: !!python/object/apply:os.system ["touch {marker}"]'),
    )
    result = run("validate", str(path))
    assert result.exit_code == 2
    assert not marker.exists()


# (id, file content, a fragment of the message): errors about the whole file.
BAD_FILES: list[tuple[str, str | bytes, str]] = [
    ("not_yaml", "name: [Test\nschedule: {\n", "not valid YAML"),
    ("empty", "", "empty file"),
    ("only_comments", "# nothing here\n", "empty file"),
    ("binary", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
    ("not_utf8", b"name: Caf\xe9\n", "not UTF-8"),
    ("over_1_mib", "name: Test\n" + "# padding\n" * 110_000, "larger than 1048576 bytes"),
    ("a_list", "- name: Test\n", "cannot tell what this file is"),
    ("unknown_kind", "colour: red\n", "cannot tell what this file is"),
]


@pytest.mark.parametrize(
    ("content", "fragment"), [c[1:] for c in BAD_FILES], ids=[c[0] for c in BAD_FILES]
)
def test_bad_file(tmp_path: Path, content: str | bytes, fragment: str) -> None:
    path = write(tmp_path, content)
    result = run("validate", str(path))
    assert result.exit_code == 2, result.output
    assert_clean(result)
    assert f"error: {path}" in result.stderr
    assert fragment in result.stderr


def test_not_yaml_names_the_line(tmp_path: Path) -> None:
    path = write(tmp_path, "name: Test\nschedule:\n  slots: [a, b\n  x: 1\n")
    result = run("validate", str(path))
    assert result.exit_code == 2
    assert f"error: {path}:4: not valid YAML" in result.stderr


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.yaml"
    result = run("validate", str(path))
    assert result.exit_code == 2
    assert_clean(result)
    assert f"error: {path}: no such file" in result.stderr


def test_a_directory(tmp_path: Path) -> None:
    result = run("validate", str(tmp_path))
    assert result.exit_code == 2
    assert_clean(result)
    assert "directory" in result.stderr


def test_duplicate_ids_in_a_catalog(tmp_path: Path) -> None:
    path = write(
        tmp_path, "exercises:\n" + EXERCISE.format(id="a_curl") + EXERCISE.format(id="a_curl")
    )
    result = run("validate", str(path))
    assert result.exit_code == 2
    assert_clean(result)
    assert f"error: {path}:8: exercises.1.id: duplicate exercise id 'a_curl'" in result.stderr


def test_bad_rule_set_file(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "name: mine\nextends: default\nrules:\n  recovery_spacing: {params: {min_hours: 999}}\n",
    )
    result = run("validate", str(path))
    assert result.exit_code == 2
    assert_clean(result)
    assert f"error: {path}:4: rules.recovery_spacing.params.min_hours: " in result.stderr


def test_bad_program_file(tmp_path: Path) -> None:
    path = write(tmp_path, "weeks:\n  - week: 1\n    sessions:\n      - day: someday\n")
    result = run("validate", str(path))
    assert result.exit_code == 2
    assert_clean(result)
    assert f"error: {path}:4: weeks.0.sessions.0.day: " in result.stderr


def test_every_error_of_a_file_is_reported(tmp_path: Path) -> None:
    text = SCENARIO.replace("sessions_per_week: 2", "sessions_per_week: 0")
    text = text.replace("weeks: 1", "weeks: 500") + "colour: red\n"
    path = write(tmp_path, text)
    result = run("validate", str(path))
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert lines == [
        f"error: {path}:3: schedule.sessions_per_week: "
        "Input should be greater than or equal to 1 (got 0)",
        f"error: {path}:9: weeks: Input should be less than or equal to 104 (got 500)",
        lines[2],
    ]
    assert lines[2].startswith(f"error: {path}:10: colour: unknown key 'colour'")


def test_validate_checks_every_file(tmp_path: Path) -> None:
    good = write(tmp_path, SCENARIO, "good.yaml")
    bad = write(tmp_path, SCENARIO.replace("weeks: 1", "weeks: 0"), "bad.yaml")
    also_good = write(tmp_path, "exercises:\n" + EXERCISE.format(id="a_curl"), "cat.yaml")
    result = run("validate", str(bad), str(good), str(also_good))
    assert result.exit_code == 2
    assert f"ok  {good} (scenario)" in result.stdout
    assert f"ok  {also_good} (catalog)" in result.stdout
    assert f"error: {bad}:9: weeks: " in result.stderr


def test_validate_needs_a_file() -> None:
    result = run("validate")
    assert result.exit_code == 2
    assert "Missing argument" in result.output


# --- shipped files --------------------------------------------------------------------


def test_there_are_shipped_scenarios_and_programs() -> None:
    assert len(SCENARIO_FILES) >= 10 and len(PROGRAM_FILES) >= 5


@pytest.mark.parametrize("path", SCENARIO_FILES + PROGRAM_FILES, ids=lambda p: p.name)
def test_shipped_file_validates(path: Path) -> None:
    result = run("validate", str(path))
    assert result.exit_code == 0, result.output
    kind = "program" if path.parent.name == "programs" else "scenario"
    assert result.stdout == f"ok  {path} ({kind})\n"


def test_shipped_data_validates() -> None:
    data = ROOT / "hamopt" / "data"
    result = run("validate", str(data / "exercises.yaml"), str(data / "rulesets" / "default.yaml"))
    assert result.exit_code == 0, result.output
    assert "(catalog)" in result.stdout and "(ruleset)" in result.stdout


# --- hamopt catalog -------------------------------------------------------------------


def catalog_json(*args: str) -> list[dict[str, object]]:
    result = run("catalog", "--format", "json", *args)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) == {"exercises"}
    return data["exercises"]


def test_catalog_json_lists_the_catalog_with_model_fields() -> None:
    exercises = catalog_json()
    assert len(exercises) >= 40
    for entry in exercises:
        assert set(entry) == set(Exercise.model_fields)
        Exercise.model_validate(entry)
    assert len({e["id"] for e in exercises}) == len(exercises)


def test_catalog_yaml_round_trips() -> None:
    result = run("catalog", "--format", "yaml")
    assert result.exit_code == 0
    data = yaml.safe_load(result.stdout)
    assert data == {"exercises": catalog_json()}


def test_catalog_table() -> None:
    result = run("catalog", "--region", "quads")
    assert result.exit_code == 0
    assert "back_squat" in result.stdout and "seated_leg_curl" not in result.stdout
    for column in ("id", "name", "region", "actions", "BFlh", "BFsh", "ST", "SM", "equipment"):
        assert column in result.stdout


def test_catalog_equipment_profile_filter() -> None:
    exercises = catalog_json("--equipment", "home_bands")
    assert exercises
    for entry in exercises:
        assert set(entry["equipment"]) <= {"resistance_band"}  # type: ignore[arg-type]
        assert not any("machine" in item for item in entry["equipment"])  # type: ignore[union-attr]


def test_catalog_equipment_ids_combine() -> None:
    bodyweight = {e["id"] for e in catalog_json("--equipment", "bodyweight_only")}
    with_bands = catalog_json("--equipment", "bodyweight_only", "--equipment", "resistance_band")
    assert bodyweight < {e["id"] for e in with_bands}
    full = catalog_json("--equipment", "full_gym")
    assert len(full) == len(catalog_json())
    for profile in EQUIPMENT_PROFILES:
        assert catalog_json("--equipment", profile), profile


def test_catalog_head_filter() -> None:
    exercises = catalog_json("--head", "bf_short")
    assert exercises
    for entry in exercises:
        assert entry["stimulus"]["bf_short"] >= 0.5  # type: ignore[index]
        assert entry["actions"] != [Action.hip_extension.value]
        assert Action.knee_flexion.value in entry["actions"]  # type: ignore[operator]
    assert len(exercises) < len(catalog_json())


def test_catalog_action_and_region_filters() -> None:
    hinges = catalog_json("--action", "hip_extension", "--region", "hamstrings")
    assert hinges
    assert all("hip_extension" in e["actions"] for e in hinges)  # type: ignore[operator]
    assert all(e["region"] == "hamstrings" for e in hinges)


@pytest.mark.parametrize(
    "args",
    [
        ["--head", "biceps"],
        ["--equipment", "laser"],
        ["--action", "jumping"],
        ["--region", "calves"],
        ["--format", "xml"],
    ],
)
def test_catalog_bad_options(args: list[str]) -> None:
    result = run("catalog", *args)
    assert result.exit_code == 2
    assert_clean(result)
    assert "Invalid value" in result.output


def test_catalog_help_documents_the_head_threshold() -> None:
    result = run("catalog", "--help")
    assert result.exit_code == 0
    assert "0.5" in result.output


# --- hamopt schema --------------------------------------------------------------------


def test_schema_scenario() -> None:
    result = run("schema", "scenario")
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert "schedule" in schema["properties"]
    assert "schedule" in schema["required"]
    assert result.stdout.startswith("{\n  ")  # indented


@pytest.mark.parametrize(
    ("kind", "key"), [("catalog", "exercises"), ("ruleset", "rules"), ("program", "weeks")]
)
def test_schema_other_kinds(kind: str, key: str) -> None:
    result = run("schema", kind)
    assert result.exit_code == 0
    assert key in json.loads(result.stdout)["properties"]


def test_validate_knows_a_gym_profile_and_a_roster() -> None:
    """Issue 20: the gym profile was read as a scenario (3 errors); the roster as YAML."""
    gym, roster = ROOT / "scenarios/gym/gym.yaml", ROOT / "scenarios/gym/roster.csv"
    result = run("validate", "--gym", str(gym), str(gym), str(roster))
    assert result.exit_code == 0, result.output
    assert f"ok  {gym} (gym)" in result.output
    assert f"ok  {roster} (roster, 6 clients)" in result.output


def test_validate_a_roster_without_its_gym_names_the_rows(tmp_path: Path) -> None:
    """Without the gym's defaults, rows that leave sessions_per_week empty are errors."""
    result = run("validate", str(ROOT / "scenarios/gym/roster.csv"))
    assert result.exit_code == 2
    assert "roster.csv:6: sessions_per_week: empty" in result.output


def test_validate_a_bad_gym_profile(tmp_path: Path) -> None:
    path = write(tmp_path, "name: g\nopening_hours: {mon: '06:00-25:00'}\n")
    result = run("validate", str(path))
    assert result.exit_code == 2
    assert "opening_hours" in result.output and "06:00-25:00" in result.output


@pytest.mark.parametrize("kind", ["gym", "roster"])
def test_schema_of_a_gym_and_a_roster(kind: str) -> None:
    result = run("schema", kind)
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["$schema"].startswith("https://json-schema.org/")
    assert "opening_hours" in schema["properties"] if kind == "gym" else "slots" in schema[
        "properties"
    ]


def test_schema_unknown_kind() -> None:
    result = run("schema", "pizza")
    assert result.exit_code == 2
    assert "Invalid value" in result.output


# --- --help and --version -------------------------------------------------------------


def test_version() -> None:
    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout.startswith("hamopt, version ")


def test_main_help_lists_the_commands() -> None:
    result = run("--help")
    assert result.exit_code == 0
    for name in ("validate", "catalog", "schema"):
        assert name in result.stdout


def test_every_command_module_is_in_the_lazy_table() -> None:
    # Commands load on first use from COMMAND_MODULES; a command missing there would vanish.
    for module in set(COMMAND_MODULES.values()):
        importlib.import_module(module)
    commands = main.commands.items()  # type: ignore[attr-defined]
    assert {name: cmd.callback.__module__ for name, cmd in commands} == COMMAND_MODULES


def test_a_command_loads_only_its_own_module() -> None:
    probe = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from hamopt.cli import main\n"
        "assert CliRunner().invoke(main, ['schema', '--help']).exit_code == 0\n"
        "print(sorted(m for m in sys.modules if m.startswith('hamopt.cli.')))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout
    # hamopt.cli.verbosity is the group's own (-q/-v on every command): click only.
    assert out.strip() == "['hamopt.cli.common', 'hamopt.cli.inputs', 'hamopt.cli.verbosity']"


@pytest.mark.parametrize("command", sorted(COMMAND_MODULES))
def test_every_command_has_help(command: str) -> None:
    result = run(command, "--help")
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.stdout
    help_text = result.stdout.split("\n\n", 2)[1].strip()
    assert len(help_text) > 20, f"{command} --help has no description"
