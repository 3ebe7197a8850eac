"""check: every active rule's verdict on a program (solved or hand-written), without the solver."""

from __future__ import annotations

from hamopt.domain.catalog import catalog_for
from hamopt.domain.models import Catalog, Program, RuleReport, RuleSet, Scenario
from hamopt.engine.check import check_program, rule_reports
from hamopt.rules.ruleset import active_rules


def check(
    program: Program,
    scenario: Scenario,
    ruleset: RuleSet | str | None = None,
    *,
    catalog: Catalog | None = None,
) -> list[RuleReport]:
    """The Python API: every active rule's verdict on a program, without the solver."""
    catalog = catalog or catalog_for(scenario)
    rules = active_rules(scenario, ruleset)
    return rule_reports(check_program(program, scenario, catalog, rules))
