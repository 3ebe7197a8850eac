"""Verify any Program (solved or hand-written) against a rule set, with the checkers alone."""

from __future__ import annotations

from dataclasses import dataclass

from hamopt.domain.models import Catalog, Mode, Program, RuleReport, RuleStatus, Scenario
from hamopt.rules.check_context import CheckContext
from hamopt.rules.contract import ActiveRule, Violation


@dataclass(frozen=True)
class RuleVerdict:
    active: ActiveRule
    violations: list[Violation]
    goal: int  # the rule's goal term as the checker computes it (0 without a goal)
    justification: str = ""  # the numbers behind the verdict (the rule's `justify` hook)
    # Why the rule has nothing to act on here (its `not_applicable` hook), or None.
    not_applicable: str | None = None

    @property
    def penalty(self) -> int:
        """What this rule adds to the penalty tier, recomputed from the program alone."""
        if self.active.mode is Mode.off:
            return 0
        # Soft rules cost their weight once per broken instance, however many messages.
        soft = len({v.instance for v in self.violations}) if self.active.mode is Mode.soft else 0
        goal = 0 if self.active.quality else self.goal  # a quality goal is in `quality`
        return self.active.weight * (goal + soft)

    @property
    def quality(self) -> int:
        """A quality rule's term (weight x goal) in the quality tier; 0 for other rules."""
        if self.active.mode is Mode.off or not self.active.quality:
            return 0
        return self.active.weight * self.goal

    @property
    def broken(self) -> bool:
        return bool(self.violations)

    def report(self, total_penalty: int = 0) -> RuleReport:
        """The verdict for the Program's `rules` block; share is of ``total_penalty``."""
        status: RuleStatus
        if self.violations:
            message = "; ".join(v.message for v in self.violations[:5])
            if len(self.violations) > 5:
                message += f"; and {len(self.violations) - 5} more"
            status = "broken"
        elif self.active.mode is Mode.off:
            message, status = "off in this rule set", "off"
        elif self.not_applicable is not None:
            message, status = f"not applicable: {self.not_applicable}", "not applicable"
        else:
            message, status = "kept", "kept"
        return RuleReport(
            id=self.active.id,
            mode=self.active.mode,
            satisfied=not self.violations,
            status=status,
            penalty=float(self.penalty),
            message=message,
            share=round(self.penalty / total_penalty, 3) if total_penalty else 0.0,
            justification=self.not_applicable
            if status == "not applicable" and self.not_applicable
            else self.justification,
            quality=float(self.quality),
        )


def rule_reports(verdicts: list[RuleVerdict]) -> list[RuleReport]:
    """Every verdict as a report, with its share of the program's total penalty."""
    total = sum(v.penalty for v in verdicts)
    return [v.report(total) for v in verdicts]


def justify(active: ActiveRule, program: Program, ctx: CheckContext) -> str:
    """One line with the numbers behind a rule's verdict; its description without a hook."""
    if active.mode is Mode.off:
        return "off in this rule set"
    if active.rule.justify is None:
        return active.rule.summary(active.params)
    return active.rule.justify(program, ctx, active.params)


def check_program(
    program: Program, scenario: Scenario, catalog: Catalog, rules: list[ActiveRule]
) -> list[RuleVerdict]:
    """Run the schedule's checker, then every active rule's checker (and goal)."""
    from hamopt.rules.registry import checked_always

    ctx = CheckContext.build(scenario, catalog, rules)
    verdicts = []
    for active in [*checked_always(), *rules]:
        if active.mode is Mode.off:
            verdicts.append(RuleVerdict(active, [], 0, justify(active, program, ctx)))
            continue
        violations = active.rule.check(program, ctx, active.params)
        goal = active.rule.goal(program, ctx, active.params) if active.rule.goal else 0
        hook = active.rule.not_applicable
        why = hook(ctx, active.params) if hook is not None else None
        verdicts.append(
            RuleVerdict(active, violations, goal, justify(active, program, ctx), why)
        )
    return verdicts


def hard_violations(verdicts: list[RuleVerdict]) -> list[Violation]:
    return [v for r in verdicts if r.active.mode is Mode.hard for v in r.violations]

