"""`--catalog FILE` on solve, explain, check, render, batch and compare; `catalog:` in a gym."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result

from hamopt.batch.run import RosterClient, ScenarioFile, SolveSettings, open_input, solve_client
from hamopt.cli import main
from hamopt.domain.catalog import default_catalog

ROOT = Path(__file__).resolve().parents[2]
FAST = ROOT / "scenarios" / "weaker_left_leg.yaml"  # a shipped scenario that solves in a blink
PROGRAM = ROOT / "scenarios" / "programs" / "strengthlog_workout.yaml"

GYM_CURL = """\
  - id: gym_pendulum_curl
    name: Pendulum leg curl
    region: hamstrings
    actions: [knee_flexion]
    stimulus: {bf_long: 0.6, bf_short: 0.9, semitendinosus: 0.9, semimembranosus: 0.8}
    equipment: [seated_leg_curl_machine]
    source: the gym's own estimate
"""


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args])


def write(path: Path, text: str) -> Path:
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def extending(tmp_path: Path) -> Path:
    return write(tmp_path / "library.yaml", "extends: default\nexercises:\n" + GYM_CURL)


def wanting_gym_curl(tmp_path: Path, extra: str = "") -> Path:
    """FAST, which must include the gym's curl: only a catalog that has it can load it."""
    data = yaml.safe_load(FAST.read_text())
    data["preferences"] = {"include": ["gym_pendulum_curl"]}
    return write(tmp_path / "client.yaml", yaml.safe_dump(data) + extra)


def program_ids(output: str) -> list[str]:
    program = json.loads(output)
    return [line["id"] for s in program["weeks"][0]["sessions"] for line in s["exercises"]]


def test_solve_with_an_extending_catalog(tmp_path: Path) -> None:
    scenario = wanting_gym_curl(tmp_path)
    without = run("solve", scenario)
    assert without.exit_code == 2 and "unknown exercise id 'gym_pendulum_curl'" in without.output
    result = run("solve", scenario, "--catalog", extending(tmp_path), "--format", "json")
    assert result.exit_code == 0, result.output
    assert "gym_pendulum_curl" in program_ids(result.output)


def test_solve_with_a_replacing_catalog_uses_only_its_exercises(tmp_path: Path) -> None:
    exercises = []
    for e in default_catalog().model_dump(mode="json", exclude_none=True)["exercises"]:
        e["id"] = "my_" + e["id"]
        if e.get("progresses_to"):
            e["progresses_to"] = "my_" + e["progresses_to"]
        exercises.append(e)
    library = write(tmp_path / "mine.yaml", yaml.safe_dump({"exercises": exercises}))
    result = run("solve", FAST, "--catalog", library, "--format", "json")
    assert result.exit_code == 0, result.output
    ids = program_ids(result.output)
    assert ids and all(i.startswith("my_") for i in ids)


def test_a_scenarios_own_catalog_line(tmp_path: Path) -> None:
    extending(tmp_path)
    scenario = wanting_gym_curl(tmp_path, "catalog: library.yaml\n")
    result = run("solve", scenario, "--format", "json")
    assert result.exit_code == 0, result.output
    assert "gym_pendulum_curl" in program_ids(result.output)


@pytest.mark.parametrize("command", ["solve", "explain", "check", "compare"])
def test_a_bad_catalog_file_is_exit_2_with_file_line_and_field(
    tmp_path: Path, command: str
) -> None:
    bad = write(
        tmp_path / "bad.yaml",
        "extends: default\nexercises:\n" + GYM_CURL.replace("knee_flexion", "knee_flex"),
    )
    args = {
        "check": ["check", PROGRAM, "--scenario", FAST],
        "compare": ["compare", FAST, "--jobs", "1"],
    }.get(command, [command, FAST])
    result = run(*args, "--catalog", bad)
    assert result.exit_code == 2
    assert f"error: {bad}:6: exercises.0.actions.0: Input should be" in result.output
    assert "Traceback" not in result.output


def test_a_missing_catalog_file_is_named(tmp_path: Path) -> None:
    result = run("solve", FAST, "--catalog", tmp_path / "nope.yaml")
    assert result.exit_code == 2
    assert f"error: {tmp_path / 'nope.yaml'}: no such file" in result.output


def test_explain_check_and_render_read_the_catalog(tmp_path: Path) -> None:
    library, scenario = extending(tmp_path), wanting_gym_curl(tmp_path)
    explained = run("explain", scenario, "--catalog", library, "--format", "json")
    assert explained.exit_code == 0, explained.output
    assert "Pendulum leg curl" in explained.output
    solved = run("solve", scenario, "--catalog", library, "--format", "json")
    program = write(tmp_path / "program.json", solved.output)
    assert run("check", program, "--scenario", scenario).exit_code == 2  # unknown ids
    checked = run("check", program, "--scenario", scenario, "--catalog", library)
    assert checked.exit_code == 0, checked.output
    rendered = run("render", program, "--scenario", scenario, "--catalog", library)
    assert rendered.exit_code == 0 and "Pendulum leg curl" in rendered.output


def test_compare_solves_with_the_catalog(tmp_path: Path) -> None:
    csv = tmp_path / "runs.csv"
    result = run(
        "compare", wanting_gym_curl(tmp_path), "--catalog", extending(tmp_path),
        "--jobs", "1", "--csv", csv,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "gym_pendulum_curl" in csv.read_text()


def test_batch_clients_get_the_run_catalog(tmp_path: Path) -> None:
    library, scenario = extending(tmp_path), wanting_gym_curl(tmp_path)
    task = ScenarioFile.at("client", scenario)
    settings = SolveSettings(formats=("json",), time_limit=5.0)
    assert solve_client(task, settings).status == "invalid"  # the shipped catalog lacks it
    result = solve_client(task, SolveSettings(formats=("json",), time_limit=5.0,
                                              catalog=str(library.resolve())))
    assert result.status == "optimal", result.error
    assert "gym_pendulum_curl" in program_ids(result.outputs["json"])


def test_batch_refuses_a_bad_catalog_before_any_client(tmp_path: Path) -> None:
    bad = write(tmp_path / "bad.yaml", "exercises: []\n")
    out = tmp_path / "out"
    result = run("batch", FAST, "-o", out, "--catalog", bad, "--jobs", "1")
    assert result.exit_code == 2 and f"error: {bad}:1: exercises:" in result.output
    assert not (out / "summary.csv").exists()


def test_a_gym_profiles_catalog_reaches_every_roster_client(tmp_path: Path) -> None:
    (tmp_path / "gym").mkdir()
    extending(tmp_path / "gym")
    gym = write(tmp_path / "gym" / "gym.yaml", "name: Club\ncatalog: library.yaml\n")
    roster = write(
        tmp_path / "roster.csv",
        "id,slots,sessions_per_week,favour\nc1,mon 18:00;thu 18:00,2,gym_pendulum_curl\n",
    )
    [task] = list(open_input(str(roster), gym).tasks())
    assert isinstance(task, RosterClient)
    result = solve_client(task, SolveSettings(formats=("json",), time_limit=5.0))
    assert result.status in ("optimal", "feasible"), result.error


# --- the order of a library file does not choose the program -------------------------------

BALANCED = ROOT / "scenarios" / "balanced_lifter.yaml"  # four shuffles gave it four programs


def weeks_of(output: str) -> list[object]:
    return json.loads(output)["weeks"]


def shipped_rows(prefix: str = "") -> list[dict[str, object]]:
    rows = []
    for e in default_catalog().model_dump(mode="json", exclude_none=True)["exercises"]:
        e["id"] = prefix + e["id"]
        if e.get("progresses_to"):
            e["progresses_to"] = prefix + e["progresses_to"]
        rows.append(e)
    return rows


@pytest.mark.parametrize("shuffle", [1, 2])
def test_the_shipped_exercises_in_another_order_give_the_shipped_program(
    tmp_path: Path, shuffle: int
) -> None:
    import random

    rows = shipped_rows()
    random.Random(shuffle).shuffle(rows)
    library = write(tmp_path / "reordered.yaml", yaml.safe_dump({"exercises": rows}))
    shipped = run("solve", BALANCED, "--format", "json")
    reordered = run("solve", BALANCED, "--catalog", library, "--format", "json")
    assert shipped.exit_code == reordered.exit_code == 0, reordered.output
    assert weeks_of(reordered.output) == weeks_of(shipped.output)


def test_a_gyms_own_library_gives_one_program_whatever_its_order(tmp_path: Path) -> None:
    # No shipped id in it: its exercises are taken by id, whichever order the file lists.
    rows = shipped_rows("my_")
    forward = write(tmp_path / "a.yaml", yaml.safe_dump({"exercises": rows}))
    backward = write(tmp_path / "b.yaml", yaml.safe_dump({"exercises": rows[::-1]}))
    one = run("solve", BALANCED, "--catalog", forward, "--format", "json")
    other = run("solve", BALANCED, "--catalog", backward, "--format", "json")
    assert one.exit_code == other.exit_code == 0, other.output
    assert weeks_of(one.output) == weeks_of(other.output)
