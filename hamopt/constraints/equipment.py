"""equipment: only exercises whose every piece of equipment the scenario has.

One instance per missing piece of equipment ("no lying_leg_curl_machine"), so an explanation
can say which item, if bought, would open which exercises.
"""

from __future__ import annotations

from hamopt.check import CheckContext
from hamopt.compile import ModelContext
from hamopt.constraints.base import Params, Rule, Violation
from hamopt.metrics import entries, session_label, week_prefix
from hamopt.models import Program


class EquipmentParams(Params):
    """No parameters: the scenario's `equipment` (a list or a profile) is the data."""


def _missing_items(ctx_equipment: frozenset[str], needed: list[str]) -> list[str]:
    return [item for item in needed if item not in ctx_equipment]


def encode(ctx: ModelContext, params: EquipmentParams) -> None:
    have = {str(item) for item in ctx.scenario.equipment_set()}
    missing: dict[str, list] = {}
    for cand in ctx.candidates:
        for item in _missing_items(frozenset(have), [str(i) for i in cand.exercise.equipment]):
            missing.setdefault(item, []).append(cand)
    for item in sorted(missing):
        lit = ctx.guard(f"no {item}")
        for cand in missing[item]:
            ctx.model.add(cand.present == 0).only_enforce_if(lit)


def check(program: Program, ctx: CheckContext, params: EquipmentParams) -> list[Violation]:
    have = frozenset(str(item) for item in ctx.scenario.equipment_set())
    profile = ctx.scenario.equipment if isinstance(ctx.scenario.equipment, str) else "the list"
    violations = []
    for week in program.weeks:
        for e in entries(week, ctx.by_id):
            for item in _missing_items(have, [str(i) for i in e.exercise.equipment]):
                violations.append(
                    Violation(
                        RULE.id,
                        f"{week_prefix(week, len(program.weeks))}no {item}",
                        f"{week_prefix(week, len(program.weeks))}{session_label(e.session)}: "
                        f"{e.exercise.name} needs {item}, which the scenario's equipment "
                        f"({profile}) does not include",
                    )
                )
    return violations


RULE = Rule(
    id="equipment",
    description="Only exercises whose every piece of equipment the scenario has.",
    params=EquipmentParams,
    encode=encode,
    check=check,
    sources=("all four seeds: exercise choice follows the equipment at hand",),
)
