"""A rule from another package, found through the `hamopt.rules` entry-point group.

tests/plugin_pkg is a separate project (its own pyproject.toml). The fixture installs it the
way pip lays out an installed distribution: the package folder plus a ``*.dist-info`` with
METADATA and entry_points.txt (written from the pyproject), in a temporary site folder put on
sys.path. importlib.metadata then sees it like any installed package; nothing in hamopt knows
the plugin's name.
"""

from __future__ import annotations

import csv
import io
import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from pluginkit import install_plugin

from hamopt.api.solving import solve_scenario
from hamopt.cli import main
from hamopt.engine.check import check_program
from hamopt.inputs.loading import load_scenario
from hamopt.rules.registry import all_rules
from hamopt.rules.ruleset import active_rules

PLUGIN = Path(__file__).parent / "plugin_pkg"

SCENARIO = """\
name: Plugin test, bodyweight
phase: balanced
schedule:
  sessions_per_week: 2
  slots:
    - {day: mon, time: "18:00"}
    - {day: thu, time: "18:00"}
equipment: bodyweight_only
"""


def _install(site: Path) -> None:
    """What `pip install tests/rules/plugin_pkg` leaves in site-packages, without a build."""
    project = tomllib.loads((PLUGIN / "pyproject.toml").read_text())["project"]
    source = PLUGIN / "hamopt_cap_plugin"
    files = {p.name: p.read_text() for p in source.glob("*.py")}
    install_plugin(
        site, project["name"], project["version"], source.name, files, project["entry-points"]
    )


@pytest.fixture
def plugin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    site = tmp_path / "site"
    _install(site)
    monkeypatch.syspath_prepend(str(site))
    all_rules.cache_clear()  # the registry is read once per process
    yield tmp_path
    all_rules.cache_clear()
    sys.modules.pop("hamopt_cap_plugin", None)


def _scenario(folder: Path, ruleset: str | None = None) -> Path:
    path = folder / "scenario.yaml"
    path.write_text(SCENARIO + (f"rules: {ruleset}\n" if ruleset else ""))
    return path


def test_without_the_plugin_the_rule_is_unknown(tmp_path: Path) -> None:
    all_rules.cache_clear()
    assert "exercise_cap" not in all_rules()


def test_the_entry_point_registers_the_rule(plugin: Path) -> None:
    rule = all_rules()["exercise_cap"]
    assert list(all_rules())[-1] == "exercise_cap"  # plugins after the built-ins
    assert rule.params.model_fields.keys() == {"exercises", "max_sets"}

    result = CliRunner().invoke(main, ["rules", "--format", "json"])
    assert result.exit_code == 0, result.output
    import json

    doc = {r["id"]: r for r in json.loads(result.output)["rules"]}["exercise_cap"]
    assert doc["origin"] == "plugin (hamopt_cap_plugin)"
    assert doc["mode"] == "off" and not doc["in_ruleset"]  # not in the default rule set
    assert [p["name"] for p in doc["params"]] == ["exercises", "max_sets"]
    assert doc["params"][1]["description"] == "0 keeps the exercises out"


def test_the_plugin_rule_bites_in_a_solve(plugin: Path) -> None:
    base_path = _scenario(plugin)
    scenario = load_scenario(base_path)
    before = solve_scenario(scenario, active_rules(scenario), options=_fast())
    assert before.status in ("optimal", "feasible")
    # A quad exercise: the bodyweight catalog has another, so capping it keeps a program.
    capped = next(
        line.id for s in before.weeks[0].sessions for line in s.exercises
        if line.region == "quads"
    )

    ruleset = plugin / "cap.yaml"
    ruleset.write_text(
        "name: cap\nextends: default\nrules:\n"
        f"  exercise_cap: {{mode: hard, params: {{exercises: [{capped}], max_sets: 0}}}}\n"
    )
    scenario = load_scenario(_scenario(plugin, str(ruleset)))
    rules = active_rules(scenario, base_dir=plugin)
    assert "exercise_cap" in [a.id for a in rules]
    after = solve_scenario(scenario, rules, options=_fast())
    assert after.status in ("optimal", "feasible")
    assert capped not in [line.id for s in after.weeks[0].sessions for line in s.exercises]
    report = {r.id: r for r in after.rules}["exercise_cap"]
    assert report.satisfied

    # The plugin's checker, on the program solved without it, names the instance it breaks.
    from hamopt.domain.catalog import catalog_for

    verdict = {
        v.active.id: v for v in check_program(before, scenario, catalog_for(scenario), rules)
    }["exercise_cap"]
    assert [v.instance for v in verdict.violations] == [f"cap {capped}"]


def test_plugin_params_are_checked_like_built_in_ones(plugin: Path) -> None:
    ruleset = plugin / "bad.yaml"
    ruleset.write_text(
        "name: bad\nextends: default\nrules:\n  exercise_cap:\n    params:\n      max_set: 1\n"
    )
    result = CliRunner().invoke(main, ["rules", "--ruleset", str(ruleset)])
    assert result.exit_code == 2
    assert f"{ruleset}:6: rules.exercise_cap.params.max_set" in result.output
    assert "valid parameters: exercises, max_sets" in result.output


def test_compare_runs_a_plugin_rule(plugin: Path) -> None:
    path = _scenario(plugin)
    result = CliRunner().invoke(
        main,
        [
            "compare", str(path), "--jobs", "1", "--format", "csv", "--time-limit", "10",
            "--sweep", "exercise_cap.mode=off,hard",
            "--sweep", "exercise_cap.exercises=[bodyweight_squat]",
        ],
    )
    assert result.exit_code == 0, result.output
    off, hard = csv.DictReader(io.StringIO(result.output))
    assert (off["configuration"], hard["configuration"]) == (
        "own exercise_cap.mode=off exercise_cap.exercises=[bodyweight_squat]",
        "own exercise_cap.mode=hard exercise_cap.exercises=[bodyweight_squat]",
    )
    assert hard["status"] in ("optimal", "feasible")
    assert "bodyweight_squat" in _ids(off)  # the program uses it with the rule off ...
    assert "bodyweight_squat" not in _ids(hard)  # ... and not with the plugin rule hard
    assert (off["penalty_exercise_cap"], hard["penalty_exercise_cap"]) == ("", "0")


def _ids(row: dict[str, str]) -> set[str]:
    return {item.split(":")[0] for item in row["exercises"].split()}


def _fast():  # type: ignore[no-untyped-def]
    from hamopt.engine.solve import SolveOptions

    return SolveOptions(time_limit=10)
