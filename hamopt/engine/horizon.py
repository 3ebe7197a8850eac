"""The weeks of a plan as segments: one weekly template per segment, not one model per week.

A scenario's horizon is its phases (``phases:``, or ``phase:`` for every week). Each phase is
one *segment*: the solver builds one weekly template for it (the one-week core model of
hamopt/engine/compile.py) and the plan repeats it for the segment's weeks, with per-week
targets filled in afterwards by the rules' ``annotate`` hooks. So 52 weeks of two phases cost
two templates, not 52 copies of a week.

Rules cut segments further through their ``plan`` hook (hamopt/rules/contract.py), because
their weeks need a template of their own: a week that starts a new dose, a rotation block,
a transition week between two ratios. The engine knows none of them by name: it starts a new
segment at every week a rule names in ``starts`` and wherever the rules' marks change, and
hands each segment the marks of its weeks.
"""

from __future__ import annotations

from collections.abc import Sequence

from hamopt.domain.models import Mode, Scenario
from hamopt.rules.contract import ActiveRule, PlanContext
from hamopt.rules.model_context import Segment


def _plan_marks(
    scenario: Scenario, rules: Sequence[ActiveRule]
) -> tuple[set[int], dict[int, frozenset[str]]]:
    """Every active rule's template starts and week marks, merged."""
    on = [active for active in rules if active.mode is not Mode.off]
    pctx = PlanContext(scenario, {active.id: active for active in on})
    starts: set[int] = set()
    marks: dict[int, frozenset[str]] = {}
    for active in on:
        if active.rule.plan is None:
            continue
        said = active.rule.plan(pctx, active.params)
        starts |= set(said.starts)
        for week, names in said.marks.items():
            marks[week] = marks.get(week, frozenset()) | names
    return starts, marks


def segments(scenario: Scenario, rules: Sequence[ActiveRule] = ()) -> list[Segment]:
    """The scenario's weeks cut into template segments (see the module docstring)."""
    starts, marks = _plan_marks(scenario, rules)
    out: list[Segment] = []
    week = 1
    for phase, n in scenario.phase_plan():
        none: frozenset[str] = frozenset()
        cuts = [
            w
            for w in range(week + 1, week + n)
            if w in starts or marks.get(w, none) != marks.get(w - 1, none)
        ]
        for begin, end in zip([week, *cuts], [*cuts, week + n], strict=True):
            out.append(Segment(len(out), phase, begin, end - begin, marks.get(begin, none)))
        week += n
    return out
