"""Exercises a hard rule keeps out of every program: no candidate in a solve.

A home gym's scenario can use a third of the shipped catalog (home_dumbbells_kettlebell: 16 of
52 exercises; home_bands_only: 11 of 53), yet every exercise was a candidate in every slot,
fixed absent by the equipment rule's hard guard, and compiled into every rule before CP-SAT's
presolve threw it away: two thirds of a week's Python compile and of each model CP-SAT read.
Each rule says what it keeps out (``Rule.forbids``: equipment, the hard preferences, the
conditions' exclusions) for its params, and only where it is in force as hard.

**Exact**: a forbidden exercise is absent from every feasible program of the full model, so
leaving its candidates out removes no program, and every other candidate's constraints and
goals are the same. The optimum's cost is the same; which of several equal programs the
search meets first may not be (tests/engine/test_forbidden.py).

An explanation compiles every candidate (``compile_model(explain=True)``): its hard guards are
assumptions, and a conflict must be able to name the rule that keeps an exercise out.
"""

from __future__ import annotations

from collections.abc import Sequence

from hamopt.domain.models import Catalog, Mode, Scenario
from hamopt.rules.contract import ActiveRule


def forbidden_to_skip(
    scenario: Scenario, catalog: Catalog, rules: Sequence[ActiveRule]
) -> frozenset[str]:
    """Ids of the exercises the rules in force as hard keep out of every program."""
    out: set[str] = set()
    for active in rules:
        if active.mode is Mode.hard and active.rule.forbids is not None:
            out.update(active.rule.forbids(active.params, scenario, catalog))
    return frozenset(out)
