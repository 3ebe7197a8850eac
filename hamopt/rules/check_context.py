"""What a rule's checker sees: the scenario, the catalog, exercises by id. Part of the rule SDK."""

from __future__ import annotations

from dataclasses import dataclass, field

from hamopt.domain.models import Catalog, Exercise, Scenario


@dataclass(frozen=True)
class CheckContext:
    scenario: Scenario
    catalog: Catalog
    by_id: dict[str, Exercise] = field(default_factory=dict)

    @classmethod
    def build(cls, scenario: Scenario, catalog: Catalog) -> CheckContext:
        return cls(scenario, catalog, catalog.by_id())
