"""Rule sets as data, end to end through the CLI: `extends` chains, modes, weights, params,
and the errors a researcher meets (unknown ids and params named with the valid ones, file and
line; cycles; missing bases). `hamopt rules` shows what a rule set puts in force.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from hamopt.cli import main
from hamopt.domain.models import Mode, Scenario
from hamopt.io.errors import InputError
from hamopt.rules.registry import all_rules
from hamopt.rules.ruleset import active_rules, default_rules

MID = """\
name: mid
description: 72 h spacing, ratio soft
extends: default
rules:
  recovery_spacing: {params: {min_hours: 72}}
  correction_ratio: {mode: soft, weight: 50}
"""
CHILD = """\
name: child
extends: mid.yaml
rules:
  correction_ratio: {params: {correction_ratio: 3}}
  flexion_before_extension: {mode: off}
  head_coverage: {params: {min_weighted_sets: 3}}
"""


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text)
    return path


def _rules_json(*args: str) -> dict:
    result = CliRunner().invoke(main, ["rules", "--format", "json", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def _by_id(doc: dict) -> dict[str, dict]:
    return {r["id"]: r for r in doc["rules"]}


def _params(rule: dict) -> dict[str, tuple]:
    return {p["name"]: (p["default"], p["value"], p["changed"]) for p in rule["params"]}


# --- inheritance ----------------------------------------------------------------------------


def test_two_level_extends_chain(tmp_path: Path) -> None:
    _write(tmp_path, "mid.yaml", MID)
    child = _write(tmp_path, "child.yaml", CHILD)
    doc = _rules_json("--ruleset", str(child))
    assert doc["ruleset"]["name"] == "child"
    assert doc["ruleset"]["extends"] == ["mid", "default"]
    rules = _by_id(doc)
    assert len(rules) == len(all_rules())  # every registered rule is listed

    # from mid (two levels up the chain from nothing, one from child)
    assert _params(rules["recovery_spacing"])["min_hours"] == (48.0, 72.0, True)
    # mode and weight from mid, params from child: each layer overrides only what it writes
    ratio = rules["correction_ratio"]
    assert (ratio["mode"], ratio["weight"]) == ("soft", 50)
    assert _params(ratio)["correction_ratio"] == (2.0, 3.0, True)
    assert _params(ratio)["balanced_ratio"] == (1.0, 1.0, False)
    # child switches a rule off; tuning head_coverage's params keeps default's weight 10
    order = rules["flexion_before_extension"]
    assert order["mode"] == "off" and order["in_ruleset"]
    assert (rules["head_coverage"]["mode"], rules["head_coverage"]["weight"]) == ("hard", 10)
    assert _params(rules["head_coverage"])["min_weighted_sets"] == (2.0, 3.0, True)
    # untouched rules are the default rule set's
    default = _by_id(_rules_json())
    for rule_id in ("equipment", "volume_range"):
        assert rules[rule_id] == default[rule_id]


def test_the_chain_is_what_a_solve_uses(tmp_path: Path) -> None:
    _write(tmp_path, "mid.yaml", MID)
    _write(tmp_path, "child.yaml", CHILD)
    scenario = Scenario.model_validate(
        {
            "name": "s",
            "schedule": {"sessions_per_week": 1, "slots": [{"day": "mon"}]},
            "rules": "child.yaml",
            "overrides": {"recovery_spacing": {"params": {"min_hours": 60}}},
        }
    )
    rules = {a.id: a for a in active_rules(scenario, base_dir=tmp_path)}
    assert rules["recovery_spacing"].params.min_hours == 60  # the scenario's override wins
    assert rules["correction_ratio"].mode is Mode.soft
    assert rules["correction_ratio"].weight == 50
    assert rules["correction_ratio"].params.correction_ratio == 3
    assert rules["flexion_before_extension"].mode is Mode.off


def test_a_rule_set_without_extends_switches_on_only_its_rules(tmp_path: Path) -> None:
    alone = _write(tmp_path, "alone.yaml", "name: alone\nrules:\n  equipment: {mode: hard}\n")
    rules = _by_id(_rules_json("--ruleset", str(alone)))
    assert [r for r, doc in rules.items() if doc["in_ruleset"]] == ["equipment"]
    assert rules["volume_range"]["mode"] == "off"


def test_default_is_the_packaged_seed_rules() -> None:
    doc = _rules_json()
    assert doc["ruleset"] == {
        "name": "default",
        "description": doc["ruleset"]["description"],
        "file": "default",
        "extends": [],
    }
    in_force = {r["id"]: (r["mode"], r["weight"]) for r in doc["rules"] if r["in_ruleset"]}
    assert in_force == {a.id: (str(a.mode), a.weight) for a in default_rules()}
    for rule in doc["rules"]:
        assert rule["description"] and rule["sources"], rule["id"]
        for param in rule["params"]:
            assert not param["changed"]
    spacing = _by_id(doc)["recovery_spacing"]
    assert spacing["params"][0]["type"] == "float (0..168)"
    assert "003_95a5fdc3819596de.txt" in spacing["params"][0]["description"]


# --- `hamopt rules` as text and Markdown --------------------------------------------------


def test_rules_text_and_markdown(tmp_path: Path) -> None:
    _write(tmp_path, "mid.yaml", MID)
    runner = CliRunner()
    text = runner.invoke(main, ["rules", "--ruleset", str(tmp_path / "mid.yaml")]).output
    assert text.startswith("rule set mid (")
    assert "extends default): 72 h spacing, ratio soft" in text
    assert "correction_ratio: soft, weight 50" in text
    assert "min_hours = 72 (default 48)" in text
    for rule_id in all_rules():
        assert f"\n{rule_id}: " in text

    md = runner.invoke(
        main, ["rules", "--ruleset", str(tmp_path / "mid.yaml"), "--format", "markdown"]
    ).output
    assert md.startswith("# Rules: mid\n")
    assert "| `recovery_spacing` | hard, weight 1000 |" in md
    assert "| `min_hours` | float (0..168) | 48 | **72** |" in md
    assert md.count("\n## `") == len(all_rules())


# --- errors: exit 2 with file, line, field and the valid names ------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "name: bad\nextends: default\nrules:\n  recovery_spacin: {mode: soft}\n",
            [":4: rules.recovery_spacin: unknown rule 'recovery_spacin'",
             "did you mean 'recovery_spacing'?", "known rules: equipment, head_coverage"],
        ),
        (
            "name: bad\nextends: default\nrules:\n  recovery_spacing:\n    params:\n"
            "      min_hourz: 72\n",
            [":6: rules.recovery_spacing.params.min_hourz: unknown parameter 'min_hourz'",
             "valid parameters: min_hours"],
        ),
        (
            "name: bad\nextends: default\nrules:\n  recovery_spacing: {mode: sometimes}\n",
            [":4: rules.recovery_spacing.mode:", "'hard', 'soft' or 'off'"],
        ),
        (
            "name: bad\nextends: default\nrules:\n  recovery_spacing:\n    params:\n"
            "      min_hours: 500\n",
            [":6: rules.recovery_spacing.params.min_hours:", "less than or equal to 168"],
        ),
        (
            "name: bad\nextends: default\nrules:\n  volume_range: {mode: soft, weight: -1}\n",
            [":4: rules.volume_range.weight:", "greater than or equal to 0"],
        ),
        (
            "name: bad\nextends: nothere.yaml\nrules: {}\n",
            [
                ":2: extends: no rule set 'nothere.yaml'",
                "packaged rule set (coach_plus, default, seed_000, strengthlog)",
            ],
        ),
        (
            "name: bad\nextnds: default\nrules: {}\n",
            [":2: extnds:"],
        ),
    ],
)
def test_rule_set_errors(tmp_path: Path, text: str, expected: list[str]) -> None:
    path = _write(tmp_path, "bad.yaml", text)
    for command in (["rules", "--ruleset", str(path)], ["validate", str(path)]):
        result = CliRunner().invoke(main, command)
        assert result.exit_code == 2, (command, result.output)
        assert result.output.startswith(f"error: {path}"), result.output
        for piece in expected:
            assert piece in result.output, (command, result.output)
        assert "Traceback" not in result.output


def test_an_error_in_a_base_names_the_base_file_and_line(tmp_path: Path) -> None:
    base = _write(
        tmp_path, "base.yaml",
        "name: base\nextends: default\nrules:\n  volume_range:\n    params: {weekly_min: 3}\n",
    )
    child = _write(tmp_path, "child.yaml", "name: child\nextends: base.yaml\nrules: {}\n")
    result = CliRunner().invoke(main, ["rules", "--ruleset", str(child)])
    assert result.exit_code == 2
    assert f"error: {base}:5: rules.volume_range.params.weekly_min" in result.output
    assert "valid parameters: weekly_min_sets" in result.output


def test_extends_cycles_are_named(tmp_path: Path) -> None:
    a = _write(tmp_path, "a.yaml", "name: a\nextends: b.yaml\nrules: {}\n")
    b = _write(tmp_path, "b.yaml", "name: b\nextends: a.yaml\nrules: {}\n")
    me = _write(tmp_path, "me.yaml", "name: me\nextends: me.yaml\nrules: {}\n")
    result = CliRunner().invoke(main, ["rules", "--ruleset", str(a)])
    assert result.exit_code == 2
    assert f"error: {b}:2: extends: rule sets extend each other in a cycle: {a} -> {b} -> {a}" \
        in result.output
    result = CliRunner().invoke(main, ["rules", "--ruleset", str(me)])
    assert result.exit_code == 2 and f"cycle: {me} -> {me}" in result.output


def test_cycle_and_missing_base_through_a_solve_name_file_and_line(tmp_path: Path) -> None:
    """The solve path (scenario -> rule set file) reports the same, with lines."""
    _write(tmp_path, "a.yaml", "name: a\nextends: b.yaml\nrules: {}\n")
    _write(tmp_path, "b.yaml", "name: b\n\nextends: a.yaml\nrules: {}\n")
    _write(tmp_path, "m.yaml", "name: m\nextends: gone.yaml\nrules: {}\n")
    for ref, where in (("a.yaml", "b.yaml:3"), ("m.yaml", "m.yaml:2")):
        scenario = Scenario.model_validate(
            {"name": "s", "schedule": {"sessions_per_week": 1, "slots": [{"day": "mon"}]},
             "rules": ref}
        )
        with pytest.raises(InputError) as caught:
            active_rules(scenario, base_dir=tmp_path)
        assert str(caught.value).startswith(str(tmp_path / where)), str(caught.value)


def test_a_deep_chain_is_allowed_up_to_the_bound(tmp_path: Path) -> None:
    from hamopt.rules.ruleset import MAX_EXTENDS_DEPTH

    previous = "default"
    for level in range(MAX_EXTENDS_DEPTH):
        _write(tmp_path, f"l{level}.yaml", f"name: l{level}\nextends: {previous}\nrules:\n"
               f"  volume_range: {{params: {{weekly_min_sets: {level + 1}}}}}\n")
        previous = f"l{level}.yaml"
    top = tmp_path / f"l{MAX_EXTENDS_DEPTH - 1}.yaml"
    doc = _rules_json("--ruleset", str(top))
    assert len(doc["ruleset"]["extends"]) == MAX_EXTENDS_DEPTH
    assert _params(_by_id(doc)["volume_range"])["weekly_min_sets"][1] == MAX_EXTENDS_DEPTH
    deeper = _write(tmp_path, "deeper.yaml", f"name: deeper\nextends: {top.name}\nrules: {{}}\n")
    result = CliRunner().invoke(main, ["rules", "--ruleset", str(deeper)])
    assert result.exit_code == 2 and f"more than {MAX_EXTENDS_DEPTH} levels deep" in result.output


def test_no_such_rule_set() -> None:
    result = CliRunner().invoke(main, ["rules", "--ruleset", "nothere.yaml"])
    assert result.exit_code == 2
    assert "no rule set 'nothere.yaml'" in result.output


def test_a_rule_listed_without_a_mode_takes_its_own_default_mode() -> None:
    from hamopt.domain.models import Mode, RuleSet
    from hamopt.rules.registry import all_rules
    from hamopt.rules.ruleset import resolve

    soft = all_rules()["session_structure"]
    assert soft.default_mode is Mode.soft
    listed = resolve(RuleSet.model_validate({"name": "x", "rules": {"session_structure": {}}}))
    assert [(a.id, a.mode) for a in listed] == [("session_structure", Mode.soft)]
    hard = resolve(RuleSet.model_validate({"name": "x", "rules": {"equipment": {}}}))
    assert [(a.id, a.mode) for a in hard] == [("equipment", Mode.hard)]


# --- one parameter check: a rule set file's block and the merged params alike ---------------


def test_one_parameter_check_serves_the_file_and_the_resolved_rule_set() -> None:
    """`params_errors` (a file's block) and `resolve` (the merged chain and overrides) give
    the same words for the same mistake, from the one `check_params`; only `resolve` judges
    the params whole (a min above its max may be fixed by a later layer)."""
    from hamopt.domain.models import RuleOverride, RuleSet
    from hamopt.io.yaml_files import LineMap
    from hamopt.rules.ruleset import check_params, params_errors, resolve

    where = ("rules", "volume_range", "params")
    typo = {"min_reep": 3}
    from_file = params_errors("volume_range", typo, where, "x.yaml", LineMap({}))
    with pytest.raises(InputError) as resolved:
        resolve(RuleSet(name="t", rules={"volume_range": {"params": typo}}))  # type: ignore[dict-item]
    assert [e.message for e in from_file] == [resolved.value.message]
    assert "unknown parameter 'min_reep' for rule volume_range (did you mean 'min_reps'?)" in (
        resolved.value.message
    )

    upside_down = {"min_reps": 20, "max_reps": 10}
    assert params_errors("volume_range", upside_down, where, "x.yaml", LineMap({})) == []
    checked, errors = check_params("volume_range", upside_down, where, None)
    assert checked is None and errors
    assert errors[0].message == "rule volume_range: min_reps must not exceed max_reps"
    with pytest.raises(InputError):
        resolve(
            RuleSet(name="t", rules={"volume_range": {}}),  # type: ignore[dict-item]
            {"volume_range": RuleOverride(params=upside_down)},
        )
    checked, errors = check_params("volume_range", {"min_reps": 8}, where, None)
    assert errors == [] and checked is not None and checked.min_reps == 8  # type: ignore[attr-defined]
