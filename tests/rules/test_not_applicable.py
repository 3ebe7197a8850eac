"""A rule with nothing to act on says so: "not applicable" with the reason, not "kept".

The hook is the contract's ``not_applicable(ctx, params)`` (hamopt/rules/contract.py); the
engine turns its reason into the report's status (hamopt/engine/check.py) and every renderer
shows it.
"""

from __future__ import annotations

from typing import Any

import pytest

from hamopt.domain.catalog import catalog_for
from hamopt.domain.models import Mode, Program, RuleReport
from hamopt.engine.check import RuleVerdict
from hamopt.explain.report import explain_text
from hamopt.render.formats import render
from hamopt.rules.check_context import CheckContext
from hamopt.rules.contract import Violation
from hamopt.rules.registry import all_rules
from hamopt.rules.testing import rules, scenario, solve

TWO_PHASES = [{"phase": "correction", "weeks": 2}, {"phase": "balanced", "weeks": 2}]

# rule id: (params, scenario where it does not apply, reason in part, scenario where it does)
CASES: dict[str, tuple[dict[str, Any], dict[str, Any], str, dict[str, Any]]] = {
    "unilateral_for_imbalance": (
        {}, {}, "no weaker side", {"athlete": {"weaker_side": "left"}},
    ),
    "contraindications": (
        {}, {}, "no contraindications", {"athlete": {"contraindications": ["knee_pain"]}},
    ),
    "preferences": (
        {}, {}, "lists no", {"preferences": {"exclude": ["good_morning"]}},
    ),
    "phase_ratio": (
        {"transition_weeks": 1}, {"weeks": 4}, "no balanced phase follows",
        {"weeks": 4, "phase": "correction", "phases": TWO_PHASES},
    ),
    "volume_ramp": ({}, {}, "one-week plan", {"weeks": 2}),
    "progression": ({}, {}, "one-week plan", {"weeks": 2}),
    "consistency": ({}, {}, "one-week plan", {"weeks": 2}),
    "recovery_spacing": ({}, {"sessions": 1}, "one session", {}),
}  # fmt: skip


def _context(**extra: Any) -> CheckContext:
    sc = scenario(**extra)
    return CheckContext.build(sc, catalog_for(sc))


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_the_hook_gives_a_reason_only_where_the_rule_has_nothing_to_act_on(rule_id: str) -> None:
    rule = all_rules()[rule_id]
    params, idle, reason, busy = CASES[rule_id]
    assert rule.not_applicable is not None
    said = rule.not_applicable(_context(**idle), rule.params(**params))
    assert said is not None and reason in said
    assert rule.not_applicable(_context(**busy), rule.params(**params)) is None


def test_phase_ratio_without_transition_weeks_says_correction_ratio_keeps_the_ratio() -> None:
    rule = all_rules()["phase_ratio"]
    assert "correction_ratio" in (rule.not_applicable(_context(), rule.params()) or "")


def _report(program: Program, rule_id: str) -> RuleReport:
    return next(r for r in program.rules if r.id == rule_id)


def test_a_solved_program_reports_not_applicable_with_the_reason() -> None:
    sc = scenario()
    program = solve(sc, rules(unilateral_for_imbalance="hard", contraindications="hard"))
    report = _report(program, "unilateral_for_imbalance")
    assert (report.status, report.satisfied) == ("not applicable", True)
    assert report.message == "not applicable: the athlete has no weaker side"
    assert _report(program, "head_coverage").status == "kept"
    # and every renderer says it
    assert "-- unilateral_for_imbalance [hard]: not applicable: the athlete has no weaker" in (
        render("table", program)
    )
    assert "unilateral_for_imbalance (hard): not applicable: the athlete has no weaker side" in (
        render("markdown", program)
    )
    assert '<li class="not-applicable">' in render("html", program)
    assert "-- unilateral_for_imbalance [hard] not applicable: the athlete has no weaker side" in (
        explain_text(program)
    )
    weaker = scenario(athlete={"weaker_side": "left"})
    program = solve(weaker, rules(unilateral_for_imbalance="hard"))
    assert _report(program, "unilateral_for_imbalance").status == "kept"


def test_a_violation_still_breaks_a_rule_that_says_it_does_not_apply() -> None:
    active = rules(unilateral_for_imbalance="hard")[-1]
    broken = Violation(active.id, "mon", "broken anyway")
    report = RuleVerdict(active, [broken], 0, "", "the athlete has no weaker side").report()
    assert (report.status, report.satisfied) == ("broken", False)


def test_an_off_rule_says_off_not_kept() -> None:
    rule_id = "unilateral_for_imbalance"
    [active] = [a for a in rules(unilateral_for_imbalance="off") if a.id == rule_id]
    assert active.mode is Mode.off
    report = RuleVerdict(active, [], 0, "off in this rule set").report()
    assert (report.status, report.message) == ("off", "off in this rule set")


def test_a_report_written_before_status_still_reads() -> None:
    old = RuleReport(id="volume_range", mode=Mode.hard, satisfied=False, message="x")
    program = Program(rules=[old])
    assert "!! volume_range" in render("table", program)
