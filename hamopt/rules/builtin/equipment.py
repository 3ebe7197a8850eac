"""equipment: only exercises whose every piece of equipment the scenario has.

One instance per missing piece of equipment ("no lying_leg_curl_machine"), so an explanation
can say which item, if bought, would open which exercises.
"""

from __future__ import annotations

from hamopt.domain.metrics import entries, session_label, week_prefix
from hamopt.domain.models import Catalog, Exercise, Program, Scenario
from hamopt.domain.words import names_list
from hamopt.rules.check_context import CheckContext
from hamopt.rules.contract import DescribeContext, Params, Relaxation, Rule, SlotUse, Violation
from hamopt.rules.model_context import ModelContext

# Buying or borrowing one piece of equipment: a real but moderate ask, dearer than an
# extra slot in the week and cheaper than giving up a rule (see hamopt/explain/relax.py's scale).
ADD_ITEM_COST = 40


class EquipmentParams(Params):
    """No parameters: the scenario's `equipment` (a list or a profile) is the data."""


def _missing_items(ctx_equipment: frozenset[str], needed: list[str]) -> list[str]:
    return [item for item in needed if item not in ctx_equipment]


def _have(scenario: Scenario) -> frozenset[str]:
    return frozenset(str(item) for item in scenario.equipment_set())


def _lacking(have: frozenset[str], exercise: Exercise) -> list[str]:
    """The items the exercise needs that the equipment ``have`` does not include."""
    return _missing_items(have, [str(i) for i in exercise.equipment])


def encode(ctx: ModelContext, params: EquipmentParams) -> None:
    have = _have(ctx.scenario)
    missing: dict[str, list] = {}
    for cand in ctx.candidates:
        for item in _lacking(have, cand.exercise):
            missing.setdefault(item, []).append(cand)
    for item in sorted(missing):
        lit = ctx.guard(f"no {item}")
        for cand in missing[item]:
            ctx.model.add(cand.present == 0).only_enforce_if(lit)


def forbids(params: EquipmentParams, scenario: Scenario, catalog: Catalog) -> list[str]:
    """What needs an item the scenario lacks: no candidate in a solve (Rule.forbids)."""
    have = _have(scenario)
    return [e.id for e in catalog.exercises if _lacking(have, e)]


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


def _profile(scenario: Scenario) -> str:
    if isinstance(scenario.equipment, str):
        return scenario.equipment
    return ", ".join(str(i) for i in scenario.equipment) if scenario.equipment else "none"


def _needing(item: str, catalog: Catalog) -> list[Exercise]:
    return [e for e in catalog.exercises if item in {str(i) for i in e.equipment}]


def _item_of(instance: str) -> str:
    return instance.removeprefix("no ")


def describe(instance: str, dctx: DescribeContext, params: EquipmentParams) -> str:
    item = _item_of(instance)
    out = _needing(item, dctx.catalog)
    return (
        f"the scenario's equipment ({_profile(dctx.scenario)}) has no {item}, which rules out "
        f"{names_list([e.name for e in out]) or 'no exercise'}"
    )


def relax(dctx: DescribeContext, params: EquipmentParams) -> list[Relaxation]:
    """Adding one missing item releases its instance ("no <item>") and opens its exercises."""
    have = {str(i) for i in dctx.scenario.equipment_set()}
    needed = sorted({str(i) for e in dctx.catalog.exercises for i in e.equipment} - have)
    return [
        Relaxation(
            change=f"add {_a(item)}{item.replace('_', ' ')} to the equipment (opens "
            f"{names_list([e.name for e in _needing(item, dctx.catalog)], limit=3)})",
            cost=ADD_ITEM_COST,
            instance=f"no {item}",
            where="equipment",
            before=dctx.scenario.equipment,
            after=sorted([*have, item]),
        )
        for item in needed
    ]


def _a(item: str) -> str:
    return "" if item.endswith("s") else "a "  # "add sliders", "add a bench"


def justify(program: Program, ctx: CheckContext, params: EquipmentParams) -> str:
    used = sorted(
        {str(i) for w in program.weeks for e in entries(w, ctx.by_id) for i in e.exercise.equipment}
    )
    profile = _profile(ctx.scenario)
    if not used:
        return f"no equipment used (the scenario has {profile})"
    return f"uses {', '.join(used)}; the scenario has {profile}"


RULE = Rule(
    id="equipment",
    description="Only exercises whose every piece of equipment the scenario has.",
    params=EquipmentParams,
    encode=encode,
    check=check,
    sources=("all four seeds: exercise choice follows the equipment at hand",),
    describe=describe,
    relax=relax,
    justify=justify,
    forbids=forbids,
    slot_use=SlotUse.none,
)
