"""`--time-limit` bounds the whole command, explanation included (issue 21, item 2).

Small limits keep these fast; what is asserted is the exit code, the words and the
deterministic time spent, never wall-clock time.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from hamopt.api.solving import solve_scenario
from hamopt.domain.catalog import catalog_for
from hamopt.engine.budget import Budget
from hamopt.engine.solve import SolveOptions
from hamopt.explain.infeasible import CONFLICT_NOT_FOUND, NO_TIME_TO_RELAX, NOT_MINIMAL
from hamopt.inputs.loading import load_scenario
from hamopt.rules.ruleset import active_rules

ROOT = Path(__file__).resolve().parents[2]
SPACING = ROOT / "scenarios" / "infeasible_spacing.yaml"
RATIO = ROOT / "scenarios" / "conflicts" / "ratio_vs_minutes.yaml"
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def run(*args: str | Path) -> Result:
    from hamopt.cli import main

    return CliRunner().invoke(main, [str(a) for a in args])


def seven_sessions(folder: Path, custom: int = 0, minutes: int = 60) -> Path:
    """The issue's slow inputs: 7 sessions over 21 slots (40.9 s with --time-limit 1), and
    the largest the validator allows (240 minutes, 200 custom exercises)."""
    slots = "\n".join(
        f'    - {{day: {d}, time: "{t}"}}' for d in DAYS for t in ("07:00", "12:00", "19:00")
    )
    exercises = "".join(
        f"""
  - id: custom_{i}
    name: Custom {i}
    region: hamstrings
    actions: [knee_flexion, hip_extension]
    stimulus: {{bf_long: 0.6, bf_short: 0.5, semitendinosus: 0.7, semimembranosus: 0.6}}
    equipment: []
    laterality: unilateral
    difficulty: intermediate
    lower_back_load: low
    rep_range: [6, 12]
    source: a test"""
        for i in range(custom)
    )
    text = f"""name: Seven sessions over 21 slots
athlete: {{experience: intermediate, goals: [hypertrophy]}}
phase: balanced
schedule:
  sessions_per_week: 7
  minutes_per_session: {minutes}
  slots:
{slots}
equipment: full_gym
weeks: 1
rules: default
""" + (f"exercises:{exercises}\n" if custom else "")
    path = folder / f"seven_{custom}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_cut_short_conflict_is_named_as_such() -> None:
    result = run("explain", SPACING, "--time-limit", "0.01")
    assert result.exit_code == 1, result.output
    assert NOT_MINIMAL in result.output
    assert "drop any one" not in result.output
    assert NO_TIME_TO_RELAX in result.output
    assert "No change on offer" not in result.output


def test_no_conflict_found_in_time() -> None:
    # Between the limit too short to prove the scenario infeasible and the one that finds a
    # (perhaps not minimal) conflict lies a limit that proves it and leaves the conflict
    # search no time; where exactly moves with the default rules (deterministic seconds, so
    # not with the machine), so a few limits are tried and one must give that answer.
    answers = []
    for limit in ("0.01", "0.0125", "0.015", "0.0175", "0.02", "0.0225", "0.025"):
        result = run("explain", RATIO, "--time-limit", limit, "--format", "json")
        assert result.exit_code == 1, result.output
        payload = json.loads(result.output)
        answers.append((payload["status"], payload["diagnosis"]))
    assert any(
        status == "infeasible" and CONFLICT_NOT_FOUND in diagnosis
        for status, diagnosis in answers
    ), answers


def test_enough_time_gives_the_minimal_conflict_and_fix() -> None:
    result = run("explain", SPACING, "--format", "json")
    payload = json.loads(result.output)
    assert result.exit_code == 1
    assert payload["relaxation"] and NOT_MINIMAL not in payload["diagnosis"]


@pytest.mark.parametrize("limit", [0.01, 0.05, 0.2])
def test_the_whole_solve_stays_within_the_limit(limit: float) -> None:
    """Every CP-SAT call of one solve_scenario draws on one budget (a call may overrun its
    share by a hair: CP-SAT checks its limit between steps)."""
    scenario = load_scenario(SPACING)
    budget = Budget(limit)
    program = solve_scenario(
        scenario,
        active_rules(scenario, base_dir=SPACING.parent),
        catalog=catalog_for(scenario),
        options=SolveOptions(time_limit=limit, budget=budget),
    )
    assert program.status == "infeasible"
    assert budget.spent <= limit * 1.5 + 0.01


def test_the_issues_slow_scenario_ends_with_exit_1(tmp_path: Path) -> None:
    """7 sessions over 21 slots: cut short, said so, exit 1 (was 40.9 s at --time-limit 1)."""
    result = run("solve", seven_sessions(tmp_path), "--time-limit", "0.1")
    assert result.exit_code == 1, result.output
    assert "time limit" in result.output


def test_the_largest_valid_scenario_ends_with_exit_1(tmp_path: Path) -> None:
    path = seven_sessions(tmp_path, custom=200, minutes=240)
    result = run("explain", path, "--time-limit", "0.1", "--format", "json")
    assert result.exit_code == 1, result.output
    payload = json.loads(result.output)
    assert payload["status"] in ("infeasible", "unknown")
