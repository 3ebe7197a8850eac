"""check: every active rule's verdict on a program (solved or hand-written), without the solver."""

from __future__ import annotations

from hamopt.api.sources import ScenarioSource, as_scenario
from hamopt.domain.catalog import catalog_for
from hamopt.domain.models import Catalog, Program, RuleReport, RuleSet
from hamopt.engine.check import check_program, rule_reports
from hamopt.rules.ruleset import active_rules


def check(
    program: Program,
    scenario: ScenarioSource,
    ruleset: RuleSet | str | None = None,
    *,
    catalog: Catalog | None = None,
) -> list[RuleReport]:
    """The Python API: every active rule's verdict on a program, without the solver.
    ``scenario`` as :func:`hamopt.solve` takes it (a Scenario, a path or a dict)."""
    scenario, base_dir = as_scenario(scenario)
    catalog = catalog or catalog_for(scenario)
    rules = active_rules(scenario, ruleset, base_dir=base_dir)
    return rule_reports(check_program(program, scenario, catalog, rules))
