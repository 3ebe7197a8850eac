"""`hamopt explain` and `hamopt solve --explain`: what a coach reads, and the exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from hamopt.cli import main

ROOT = Path(__file__).resolve().parents[2]
INFEASIBLE = ROOT / "scenarios" / "infeasible_spacing.yaml"
SPACING = ROOT / "scenarios" / "conflicts" / "spacing_vs_slots.yaml"
FEASIBLE = ROOT / "scenarios" / "balanced_lifter.yaml"
QUICK = ["--time-limit", "0.5"]  # deterministic seconds: a good program, not a proven optimum


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args])


def test_explain_infeasible_exits_1_with_the_conflict_in_words() -> None:
    result = run("explain", INFEASIBLE)
    assert result.exit_code == 1, result.output
    out = result.output
    assert out.startswith("Infeasible on purpose, three sessions in Mon-Wed: infeasible\n")
    # A minimal core, not a minimum one: its size follows the search and the rules in force,
    # so it is not pinned here. What is promised: the text counts what it lists, the session
    # count is a member with its words, and close pairs of slots are what it conflicts with.
    # tests/explain/test_explain.py checks that the core is minimal (drop any one member and
    # the rest solve) and that the fix solves.
    members = [line for line in out.splitlines() if line.startswith("  - ")]
    assert f"Why: these {len(members)} requirements cannot all hold together (drop any one" in out
    assert (
        "  - sessions_per_week (3 sessions): 3 sessions a week at least 48 h apart need 3 slots "
        "pairwise at least 48 h apart; the available slots are Mon 07:00, Mon 19:00, Tue 07:00, "
        "Tue 19:00, Wed 07:00 and Wed 19:00\n"
    ) in out
    assert out.count("  - recovery_spacing (between ") >= 1
    assert all(m.startswith(("  - sessions_per_week", "  - recovery_spacing")) for m in members)
    assert "Cheapest change that makes it solve (cost 15, checked by re-solving):" in out
    assert "  + add a training slot on " in out


def test_explain_json_has_conflict_relaxation_and_no_weeks() -> None:
    result = run("explain", SPACING, "--format", "json")
    assert result.exit_code == 1
    payload = json.loads(result.output)
    assert payload["status"] == "infeasible" and "weeks" not in payload
    assert [(c["id"], c["instance"]) for c in payload["conflict"]] == [
        ("sessions_per_week", "2 sessions"),
        ("recovery_spacing", "between Mon 18:00 and Tue 07:00"),
    ]
    (fix,) = payload["relaxation"]
    assert fix["where"] == "schedule.slots" and fix["cost"] == 15
    assert len(fix["to"]) == len(fix["from"]) + 1  # the JSON says "from", not "from_"


def test_explain_fixed_writes_a_scenario_that_solves(tmp_path: Path) -> None:
    fixed = tmp_path / "fixed.yaml"
    assert run("explain", SPACING, "--fixed", fixed).exit_code == 1
    text = fixed.read_text()
    assert text.startswith(f"# {SPACING} with the cheapest change that makes it solve: add a")
    solved = run("solve", fixed, *QUICK)
    assert solved.exit_code == 0, solved.output


def test_explain_feasible_exits_0_with_every_rule_and_the_totals() -> None:
    result = run("explain", FEASIBLE, *QUICK)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].endswith(": optimal") or lines[0].endswith(": feasible")
    assert lines[1].startswith("Rules (total penalty ")
    for rule in ("equipment", "head_coverage", "flexion_before_extension", "correction_ratio",
                 "volume_range", "recovery_spacing"):
        assert any(line.startswith(f"  ok {rule} [hard] kept") for line in lines), rule
    totals = next(line for line in lines if line.startswith("Totals: "))
    assert "hamstring sets " in totals and "hours between sessions: " in totals


def test_solve_explain_adds_the_rule_report() -> None:
    result = run("solve", FEASIBLE, "--explain", *QUICK)
    assert result.exit_code == 0
    assert "Rules (total penalty " in result.output and "Totals: " in result.output
    assert "  ok volume_range [hard] kept: " in result.output


def test_solve_explain_keeps_json_clean() -> None:
    result = CliRunner().invoke(
        main, ["solve", str(FEASIBLE), "--explain", "--format", "json", *QUICK]
    )
    assert result.exit_code == 0
    payload = json.loads(result.stdout)  # the report went to stderr
    assert "Rules (total penalty " in result.stderr
    for report in payload["rules"]:
        assert set(report) >= {"id", "mode", "satisfied", "penalty", "share", "justification"}
        assert report["justification"]


def test_solve_infeasible_prints_the_fix() -> None:
    result = run("solve", SPACING)
    assert result.exit_code == 1
    assert "Cheapest change that makes it solve" in result.output
    assert "recovery_spacing (between Mon 18:00 and Tue 07:00): sessions on Mon 18:00 and " in (
        result.output
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("name: x\nschedule: {sessions_per_week: 2, slots: []}\n", "schedule.slots"),
        ("name: x\nschedule: {sessions_per_week: 2, slots: [{day: mon}]}\nbogus: 1\n", "bogus"),
    ],
)
def test_explain_bad_input_exits_2(tmp_path: Path, text: str, expected: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(text)
    result = run("explain", path)
    assert result.exit_code == 2
    assert result.output.startswith("error: ") and expected in result.output
    assert "Traceback" not in result.output


def test_explain_missing_file_exits_2(tmp_path: Path) -> None:
    result = run("explain", tmp_path / "nope.yaml")
    assert result.exit_code == 2 and "Traceback" not in result.output
