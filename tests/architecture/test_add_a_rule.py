"""docs/architecture.md's walkthrough, run: its rule module, added as a plugin with one line
in a rule set, solves and bites, and its checker agrees. Nothing else in hamopt is touched."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from pluginkit import install_plugin

import hamopt
from hamopt.domain.catalog import catalog_for
from hamopt.rules.registry import all_rules

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "architecture.md"
SCENARIO = ROOT / "scenarios" / "balanced_lifter.yaml"


def walkthrough_module() -> str:
    """The first Python block of the walkthrough: the rule module itself."""
    return re.findall(r"```python\n(.*?)```", DOC.read_text(), flags=re.S)[0]


def walkthrough_line() -> str:
    return re.findall(r"```yaml\n(.*?)```", DOC.read_text(), flags=re.S)[0]


@pytest.fixture
def plugin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    site = tmp_path / "site"
    install_plugin(
        site, "hamopt-max-hinges", "0.1.0", "hamopt_max_hinges",
        {"__init__.py": walkthrough_module()},
        {"hamopt.rules": {"max_hinges": "hamopt_max_hinges:RULE"}},
    )  # fmt: skip
    monkeypatch.syspath_prepend(str(site))
    all_rules.cache_clear()
    yield tmp_path
    all_rules.cache_clear()
    sys.modules.pop("hamopt_max_hinges", None)


def hinge_lines(program: hamopt.domain.models.Program) -> int:  # type: ignore[name-defined]
    by_id = catalog_for(hamopt.load_scenario(SCENARIO)).by_id()
    return sum(
        1
        for s in program.weeks[0].sessions
        for x in s.exercises
        if by_id[x.id].is_hip_extension and not by_id[x.id].is_knee_flexion
    )


def test_the_walkthrough_rule_solves_and_bites(plugin: Path) -> None:
    line = walkthrough_line().replace("max: 2", "max: 0").replace("weight: 50", "weight: 100000")
    ruleset = plugin / "rules.yaml"
    ruleset.write_text(f"name: hinges\nextends: default\nrules:\n{line}")
    scenario = hamopt.load_scenario(SCENARIO)

    before = hamopt.solve(scenario, base_dir=SCENARIO.parent)
    after = hamopt.solve(scenario, str(ruleset), base_dir=plugin)

    assert before.status == after.status == "optimal"
    assert hinge_lines(before) >= 1  # without the rule the program has hinges
    assert hinge_lines(after) == 0  # with it, at this weight, none
    report = {r.id: r for r in after.rules}["max_hinges"]
    assert report.mode == "soft" and report.satisfied and report.penalty == 0


def test_the_walkthrough_checker_reports_a_broken_week(plugin: Path) -> None:
    ruleset = plugin / "rules.yaml"
    ruleset.write_text(f"name: hinges\nextends: default\nrules:\n{walkthrough_line()}")
    scenario = hamopt.load_scenario(SCENARIO)
    program = hamopt.solve(scenario, base_dir=SCENARIO.parent)
    reports = {r.id: r for r in hamopt.check(program, scenario, str(ruleset))}
    # Under the default rules the program keeps max 2 or not; with max 0 it cannot, if it
    # has any hinge: the checker sees the same rule the encoder encoded.
    zero = plugin / "zero.yaml"
    zero.write_text(ruleset.read_text().replace("max: 2", "max: 0"))
    broken = {r.id: r for r in hamopt.check(program, scenario, str(zero))}["max_hinges"]
    assert not broken.satisfied and "hinge lines, at most 0" in broken.message
    assert reports["max_hinges"].satisfied is (hinge_lines(program) <= 2)
