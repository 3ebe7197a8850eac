"""Complete a hand-written program the way `hamopt solve` completes its own, before rendering.

A coach's YAML program names exercises, sets and reps; a card or a calendar also wants each
line's name, region and heads, the weekly totals and every rule's verdict. Those come from
the catalog and the checkers, never from a guess: a line whose id the catalog lacks is left
as written (`hamopt check` reports it).
"""

from __future__ import annotations

from hamopt.domain.models import HEADS, Catalog, Program, Scenario
from hamopt.engine.check import check_program, rule_reports
from hamopt.engine.solve import HEAD_SERVED, totals_for
from hamopt.rules.contract import ActiveRule


def enrich(
    program: Program, scenario: Scenario, catalog: Catalog, rules: list[ActiveRule]
) -> Program:
    """A copy of `program` with catalog facts filled in where the program left them empty,
    then its totals and rule verdicts recomputed from the program alone."""
    out = program.model_copy(deep=True)
    by_id = catalog.by_id()
    for week in out.weeks:
        for session in week.sessions:
            for line in session.exercises:
                exercise = by_id.get(line.id)
                if exercise is None:
                    continue
                line.name = line.name or exercise.name
                line.region = line.region or exercise.region
                line.actions = line.actions or list(exercise.actions)
                # The heads an exercise "serves", as decoded solutions list them.
                line.heads = line.heads or [
                    h for h in HEADS if exercise.stimulus.get(h) >= HEAD_SERVED
                ]
    out.totals = totals_for(out, catalog)
    out.rules = rule_reports(check_program(out, scenario, catalog, rules))
    return out
