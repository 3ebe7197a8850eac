"""Rules travel to worker processes (the service's job pool, `compare`'s local pool), so every
registered rule, with its parameters, must survive pickling: a lambda in a Rule field broke every
job of `hamopt serve` once."""

from __future__ import annotations

import pickle

import pytest

from hamopt.rules.registry import all_rules


@pytest.mark.parametrize("rule_id", sorted(all_rules()))
def test_every_rule_pickles_with_its_default_params(rule_id: str) -> None:
    rule = all_rules()[rule_id]
    copy = pickle.loads(pickle.dumps((rule, rule.params())))
    assert copy[0].id == rule.id
    assert copy[1] == rule.params()
