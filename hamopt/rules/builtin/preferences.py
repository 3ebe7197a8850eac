"""preferences: the scenario's include / exclude / favour / avoid lists.

* ``include``: the exercise appears at least once a week (instance "include <id>");
* ``exclude``: it never appears ("exclude <id>");
* ``favour``: the week should hold it; each favoured exercise left out costs the goal 1;
* ``avoid``: the week should not; each avoided exercise used costs the goal 1.

Include and exclude are instances of the rule's mode, **hard** by default: they are commands
("I have a Nordic bench, use it", "never good mornings"), and breaking one silently is worse
than an infeasible answer that names it and the rule it clashes with. Favour and avoid are
wishes and go in the goal, which is always soft: they give way to every hard rule and are
traded against the other goals by the weight. ``favour_mode`` / ``avoid_mode`` ``hard``
turns them into instances like include / exclude.

Weight 300: a favoured exercise left out (or an avoided one used) costs as much as 0.3
weighted sets missing from the least-covered head (head_coverage: 10 per hundredth of a set),
so a wish is kept unless it costs real coverage, and never at the price of a broken rule.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from hamopt.domain.metrics import by_weeks, entries, week_prefix
from hamopt.domain.models import Catalog, Preferences, Program, ProgramWeek, Scenario
from hamopt.rules.check_context import CheckContext
from hamopt.rules.contract import DescribeContext, Params, Rule, SlotUse, Violation
from hamopt.rules.model_context import ModelContext

if TYPE_CHECKING:
    from ortools.sat.python import cp_model

WishMode = Literal["soft", "hard"]


class PreferenceParams(Params):
    favour_mode: WishMode = "soft"
    avoid_mode: WishMode = "soft"


def _used(ctx: ModelContext, ex_id: str) -> cp_model.IntVar | None:
    """A literal true iff the exercise is in some session of the week (None if unknown)."""
    cands = ctx.where(lambda c: c.exercise.id == ex_id)
    if not cands:
        return None
    used = ctx.model.new_bool_var(f"used[{ex_id}]")
    ctx.model.add_max_equality(used, [c.present for c in cands])
    return used


def _instances(prefs: Preferences, params: PreferenceParams) -> list[tuple[str, str, bool]]:
    """(instance, exercise id, must it appear) for every hard preference after the wish modes."""
    out = [(f"include {i}", i, True) for i in prefs.include]
    out += [(f"exclude {i}", i, False) for i in prefs.exclude]
    if params.favour_mode == "hard":
        out += [(f"favour {i}", i, True) for i in prefs.favour]
    if params.avoid_mode == "hard":
        out += [(f"avoid {i}", i, False) for i in prefs.avoid]
    return out


def forbids(params: PreferenceParams, scenario: Scenario, catalog: Catalog) -> list[str]:
    """What the hard preferences keep out (exclude; avoid when hard): Rule.forbids."""
    return [ex_id for _, ex_id, present in _instances(scenario.preferences, params) if not present]


def encode(ctx: ModelContext, params: PreferenceParams) -> None:
    prefs = ctx.scenario.preferences
    for name, ex_id, present in _instances(prefs, params):
        lit = ctx.guard(name)
        used = _used(ctx, ex_id)
        if used is None:  # an id no candidate has: only an include can be broken by it
            if present:
                ctx.model.add_bool_or([lit.Not()])
            continue
        ctx.model.add(used == (1 if present else 0)).only_enforce_if(lit)
    soft_terms = []
    if params.favour_mode == "soft":
        for ex_id in prefs.favour:
            used = _used(ctx, ex_id)
            soft_terms.append(1 if used is None else 1 - used)
    if params.avoid_mode == "soft":
        for ex_id in prefs.avoid:
            used = _used(ctx, ex_id)
            if used is not None:
                soft_terms.append(used)
    if soft_terms:
        ctx.add_goal(sum(soft_terms))


def _week_ids(week: ProgramWeek, ctx: CheckContext) -> set[str]:
    return {e.exercise.id for e in entries(week, ctx.by_id)}


def _name(ctx: CheckContext, ex_id: str) -> str:
    exercise = ctx.by_id.get(ex_id)
    return exercise.name if exercise else ex_id


def check(program: Program, ctx: CheckContext, params: PreferenceParams) -> list[Violation]:
    violations = []
    for week in program.weeks:
        ids = _week_ids(week, ctx)
        prefix = week_prefix(week, len(program.weeks))
        for name, ex_id, present in _instances(ctx.scenario.preferences, params):
            if (ex_id in ids) == present:
                continue
            asked = "asks for" if present else "rules out"
            happened = "is not in the week" if present else "is in the week"
            violations.append(
                Violation(
                    RULE.id,
                    name,
                    f"{prefix}{_name(ctx, ex_id)} {happened}; the scenario's preferences "
                    f"{asked} it",
                )
            )
    return violations


def goal(program: Program, ctx: CheckContext, params: PreferenceParams) -> int:
    """Favoured exercises left out plus avoided ones used, summed over the weeks."""
    prefs = ctx.scenario.preferences
    total = 0
    for week in program.weeks:
        ids = _week_ids(week, ctx)
        if params.favour_mode == "soft":
            total += sum(1 for ex_id in prefs.favour if ex_id not in ids)
        if params.avoid_mode == "soft":
            total += sum(1 for ex_id in prefs.avoid if ex_id in ids)
    return total


_ASK = {"include": "ask for", "favour": "ask for", "exclude": "rule out", "avoid": "rule out"}


def describe(instance: str, dctx: DescribeContext, params: PreferenceParams) -> str:
    kind, _, ex_id = instance.partition(" ")
    exercise = dctx.catalog.by_id().get(ex_id)
    name = exercise.name if exercise else ex_id
    return f"the scenario's preferences ({kind}) {_ASK.get(kind, 'name')} {name}"


def justify(program: Program, ctx: CheckContext, params: PreferenceParams) -> str:
    prefs = ctx.scenario.preferences
    if not prefs.all_ids():
        return "no preferences given"

    def say(week: ProgramWeek) -> str:
        ids = _week_ids(week, ctx)
        return "; ".join(
            f"{kind} {_name(ctx, ex_id)}: {'in' if ex_id in ids else 'not in'} the week"
            for kind, ex_id in prefs.all_ids()
        )

    return "; ".join(by_weeks(program.weeks, say))


def not_applicable(ctx: CheckContext, params: PreferenceParams) -> str | None:
    if not ctx.scenario.preferences.all_ids():
        return "the scenario lists no include, exclude, favour or avoid"
    return None


RULE = Rule(
    id="preferences",
    not_applicable=not_applicable,
    description="The scenario's preferences: include and exclude (hard), favour and avoid "
    "(soft, in the goal).",
    params=PreferenceParams,
    encode=encode,
    check=check,
    goal=goal,
    describe=describe,
    justify=justify,
    forbids=forbids,
    default_weight=300,
    sources=("DESIGN.md: scenario preferences (include / exclude / favour / avoid)",),
    slot_use=SlotUse.none,
)
