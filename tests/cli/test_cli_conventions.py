"""Habits every command shares (issue 20): `-o -`, `python -m hamopt`, -q/-v, `--rules`,
tables that fit a terminal and are plain text in a pipe, one default format, completion,
`explain --fixed` that keeps the author's file, and no placeholder in an error."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result

from hamopt.cli import COMMAND_MODULES, main

ROOT = Path(__file__).resolve().parents[2]
SCENARIO = str(ROOT / "scenarios" / "balanced_lifter.yaml")
INFEASIBLE = str(ROOT / "scenarios" / "infeasible_spacing.yaml")
QUICK = ("--time-limit", "5")
BOX = re.compile("[│┃━─┏┡└┌]")


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def command(name: str) -> object:
    from click import Context

    return main.get_command(Context(main), name)


# --- -o - is stdout ---------------------------------------------------------------------------


@pytest.mark.parametrize("cmd", ["solve", "render"])
def test_dash_output_is_stdout(cmd: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    if cmd == "solve":
        result = run("solve", SCENARIO, "--format", "json", "-o", "-", *QUICK)
    else:
        program = ROOT / "scenarios" / "programs" / "strengthlog_workout.yaml"
        result = run("render", str(program), "--format", "json", "-o", "-")
    assert result.exit_code == 0, result.output
    assert yaml.safe_load(result.stdout)["weeks"]
    assert not (tmp_path / "-").exists()  # it used to create a file named "-"


def test_batch_refuses_dash_for_its_folder(tmp_path: Path) -> None:
    result = run("batch", str(ROOT / "scenarios" / "gym" / "roster.csv"), "-o", "-")
    assert result.exit_code == 2
    assert "a batch writes a folder" in result.output


# --- python -m hamopt ------------------------------------------------------------------------


def test_python_dash_m() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "hamopt", "--version"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("hamopt, version")


# --- -q / -v -------------------------------------------------------------------------------


@pytest.mark.parametrize("where", ["before", "after"])
def test_quiet_validate_prints_only_errors(where: str) -> None:
    args = ["-q", "validate", SCENARIO] if where == "before" else ["validate", SCENARIO, "-q"]
    result = run(*args)
    assert result.exit_code == 0 and result.output == ""
    assert "ok  " in run("validate", SCENARIO).output


def test_verbose_solve_reports_the_solver_on_stderr() -> None:
    result = run("-v", "solve", SCENARIO, "--format", "json", *QUICK)
    assert result.exit_code == 0
    assert re.search(r"^solver: optimal, objective \d", result.stderr, re.M)
    assert "solver:" not in run("solve", SCENARIO, "--format", "json", *QUICK).stderr


def test_quiet_and_verbose_contradict() -> None:
    result = run("-q", "-v", "rules")
    assert result.exit_code == 2 and "contradict" in result.output


def test_quiet_drops_the_no_program_note() -> None:
    loud = run("solve", INFEASIBLE, "--format", "json", *QUICK)
    quiet = run("solve", INFEASIBLE, "--format", "json", "--quiet", *QUICK)
    assert loud.exit_code == quiet.exit_code == 1
    assert "no program" in loud.stderr and "no program" not in quiet.stderr


@pytest.mark.parametrize("name", sorted(COMMAND_MODULES))
def test_every_command_takes_quiet_and_verbose(name: str) -> None:
    opts = {o for p in command(name).params for o in p.opts}  # type: ignore[attr-defined]
    assert {"-q", "--quiet", "-v", "--verbose"} <= opts


# --- --rules in every command that uses a rule set -----------------------------------------


@pytest.mark.parametrize("name", ["solve", "check", "render", "explain", "batch", "compare",
                                  "rules"])
def test_rules_option_everywhere(name: str) -> None:
    opts = {o for p in command(name).params for o in p.opts}  # type: ignore[attr-defined]
    assert "--rules" in opts


def test_ruleset_is_a_hidden_alias_of_rules() -> None:
    old = run("rules", "--ruleset", "strengthlog", "--format", "json")
    new = run("rules", "--rules", "strengthlog", "--format", "json")
    assert old.exit_code == new.exit_code == 0 and old.stdout == new.stdout
    assert "--ruleset" not in run("rules", "--help").output


@pytest.mark.parametrize("args", [("rules", "--rules", "nope.yaml"),
                                  ("rules", "--ruleset", "nope.yaml"),
                                  ("solve", SCENARIO, "--rules", "nope.yaml")])
def test_a_missing_rule_set_names_the_option_and_the_file(args: tuple[str, ...]) -> None:
    result = run(*args)
    assert result.exit_code == 2
    assert "error: --rules: no rule set 'nope.yaml'" in result.output
    assert "<input>" not in result.output


def test_no_placeholder_for_an_error_without_a_file() -> None:
    from hamopt.io.errors import InputError

    assert str(InputError("bad", path=("rules",))) == "rules: bad"
    assert "<" not in str(InputError("bad"))


# --- tables: the terminal's width, plain text in a pipe ------------------------------------


def test_a_piped_table_is_plain_text() -> None:
    result = run("solve", SCENARIO, *QUICK)  # CliRunner's stdout is not a terminal
    assert result.exit_code == 0
    assert not BOX.search(result.stdout)
    assert not any(line != line.rstrip() for line in result.stdout.splitlines())
    assert re.search(r"^ *Day +Order +Exercise", result.stdout, re.M)


@pytest.mark.parametrize("width", [80, 100, 160])
def test_a_terminal_table_fits_its_width(width: int) -> None:
    from hamopt.api.solving import solve_scenario
    from hamopt.inputs.loading import load_scenario
    from hamopt.render.formats import RenderContext, render
    from hamopt.rules.ruleset import active_rules

    scenario = load_scenario(SCENARIO)
    program = solve_scenario(scenario, active_rules(scenario))
    text = render("table", program, RenderContext(scenario=scenario, width=width))
    assert BOX.search(text)
    assert max(len(line) for line in text.splitlines()) <= width
    # No number folded into a column of single digits (what 80 columns did to 120).
    assert not re.search(r"^\S*│ ?\d ?│", text, re.M)


def test_compare_and_catalog_are_plain_in_a_pipe() -> None:
    compare = run("compare", SCENARIO, "--jobs", "1", "--time-limit", "2")
    assert compare.exit_code == 0, compare.output
    assert not BOX.search(compare.stdout) and "balanced_lifter" in compare.stdout
    catalog = run("catalog", "--equipment", "home_bands")
    assert catalog.exit_code == 0 and not BOX.search(catalog.stdout)
    for out in (compare.stdout, catalog.stdout):
        assert not any(line != line.rstrip() for line in out.splitlines())


def test_solve_and_render_share_one_default_format() -> None:
    params = {name: command(name).params for name in ("solve", "render")}  # type: ignore[attr-defined]
    defaults = {name: next(p.default for p in ps if p.name == "fmt") for name, ps in params.items()}
    assert defaults == {"solve": "table", "render": "table"}


# --- shell completion ------------------------------------------------------------------------


def test_completion_is_documented_and_works() -> None:
    readme = (ROOT / "README.md").read_text()
    assert "_HAMOPT_COMPLETE=bash_source hamopt" in readme
    done = subprocess.run(
        [sys.executable, "-m", "hamopt"],
        env={**os.environ, "_HAMOPT_COMPLETE": "bash_source"},
        capture_output=True, text=True, check=False,
    )
    assert done.returncode == 0 and "complete" in done.stdout


# --- explain --fixed keeps the author's file ------------------------------------------------


def test_fixed_keeps_comments_and_quotes_times(tmp_path: Path) -> None:
    fixed = tmp_path / "fixed.yaml"
    result = run("explain", INFEASIBLE, "--fixed", str(fixed), *QUICK)
    assert result.exit_code == 1, result.output
    text = fixed.read_text()
    original = Path(INFEASIBLE).read_text()
    comments = [line for line in original.splitlines() if line.startswith("#")]
    assert comments and all(c in text for c in comments)  # every comment kept
    assert text.startswith("# ") and "cheapest change" in text.splitlines()[0]
    # Every time quoted alike, the new slot's too; no bare 07:00 (YAML 1.1 reads it as 420).
    assert not re.search(r"time: \d", text)
    assert len(re.findall(r'time: "\d\d:\d\d"', text)) == original.count("time:") + 1
    # Lines nobody changed are the author's own lines.
    untouched = [ln for ln in original.splitlines() if "sessions_per_week" not in ln]
    assert all(ln in text.splitlines() for ln in untouched)
    from hamopt.inputs.loading import load_scenario

    assert len(load_scenario(fixed).schedule.slots) == 7
    assert run("solve", str(fixed), *QUICK).exit_code == 0


def test_fixed_to_stdout_sends_the_explanation_to_stderr() -> None:
    result = run("explain", INFEASIBLE, "--fixed", "-", *QUICK)
    assert result.exit_code == 1
    data = yaml.safe_load(result.stdout)
    assert data["name"] and len(data["schedule"]["slots"]) == 7
    assert "cheapest" in result.stderr.lower() or "fix" in result.stderr.lower()
