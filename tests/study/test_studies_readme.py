"""scenarios/studies/README.md says what is true of today's rule sets (issue 20: it called
rules unregistered that were in the default set)."""

from __future__ import annotations

import re
from pathlib import Path

from hamopt.rules.ruleset import find_ruleset, resolve

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "scenarios" / "studies" / "README.md"


def _in_force(ref: str) -> list[tuple[str, str, int, str]]:
    ruleset, file = find_ruleset(ref, ROOT / "scenarios" / "studies" / "rules")
    return [
        (a.id, str(a.mode), a.weight, a.params.model_dump_json())
        for a in resolve(ruleset, file=file, base_dir=Path(file).parent)
    ]


def test_newer_rules_is_the_default_today() -> None:
    """The README says newer_rules resolves to exactly default; if a rule set changes, the
    README (and the study) must be looked at again."""
    assert "resolves to exactly `default`" in README.read_text()
    assert _in_force("newer_rules.yaml") == _in_force("default")


def test_no_rule_of_the_default_is_called_unregistered() -> None:
    text = README.read_text()
    default_ids = {rule_id for rule_id, *_ in _in_force("default")}
    for sentence in re.split(r"(?<=[.;])\s+", text.replace("\n", " ")):
        if re.search(r"not (yet )?registered|unregistered", sentence):
            named = {i for i in default_ids if f"`{i}`" in sentence}
            assert not named, f"{sorted(named)} called unregistered: {sentence}"
