"""What a rule's checker sees: the scenario, the catalog, exercises by id, and the other rules
in force (``params_of``). Part of the rule SDK."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from hamopt.domain.models import Catalog, Exercise, Mode, Scenario


@dataclass(frozen=True)
class CheckContext:
    scenario: Scenario
    catalog: Catalog
    by_id: dict[str, Exercise] = field(default_factory=dict)
    # The rules in force by id (``hamopt.rules.contract.ActiveRule``), for ``params_of``.
    rules: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def build(
        cls, scenario: Scenario, catalog: Catalog, rules: Iterable[Any] = ()
    ) -> CheckContext:
        return cls(scenario, catalog, catalog.by_id(), {active.id: active for active in rules})

    def params_of(self, rule_id: str) -> Any | None:
        """Another rule's params as this rule set has them, or None where it is off or absent:
        a rule that leaves room for another's effect (session_balance for match_proximity's
        taper) reads the window that rule really uses, and none when it does not act."""
        return params_in_force(self.rules, rule_id)


def params_in_force(rules: Mapping[str, Any], rule_id: str) -> Any | None:
    """The params of ``rules[rule_id]`` unless it is absent or off (the encoder's and the
    checker's contexts answer alike, so a rule's encoder and checker agree)."""
    active = rules.get(rule_id)
    return None if active is None or active.mode is Mode.off else active.params
