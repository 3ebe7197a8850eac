"""The cheapest relaxation: the smallest change that makes an infeasible scenario feasible.

One CP-SAT model holds every change on offer, each behind its own literal:

* each hard rule picks exactly one *variant*: as it is (its guards enforced), one of the
  parameter steps its ``relax`` hook offers (the rule encoded once more with those params,
  its guards enforced by the variant's literal), or soft (no guard enforced);
* changes of scenario data release single instances: adding a piece of equipment releases
  equipment's "no <item>" (offered by the rule's ``relax`` hook);
* the scenario's own demands: fewer sessions a week, or a new slot on a day that has none
  (the slots are in the model from the start; using one needs its "add" literal).

The cheapest set of changes is found by feasibility checks under a cost budget (see
``RelaxationModel.cheapest``). Rules in the minimal conflict get their parameter steps; the
other hard rules can only go soft, and new slots are offered only when the conflict is about
the schedule (the session count, or an instance naming two slots): each keeps the model
small, and a small model is what makes the checks fast (with every step and slot offered, a
check took seconds). When the cheapest answer makes a rule soft that had no steps, it gets
them (and the slots) and the model is solved again.

A rule with ``relaxable=False`` (a contraindication, say) is never loosened: its guards stay
enforced and the fix has to come from elsewhere.

Every change is a concrete edit of the scenario file: ``where`` is a dotted path into the
scenario ("schedule.sessions_per_week", "equipment", "overrides.recovery_spacing.params.
min_hours") and ``to`` its new value. The reported edits are applied by :func:`apply_changes`
(the same function a user's `hamopt explain --fixed` uses) and the changed scenario is solved
again from scratch: only a change that really solves is reported.

Costs are on one scale, roughly "percent of the thing given up":

==========================================  ===============================================
a parameter step                            ``relative_cost``: 48 -> 36 h is 25
one session fewer a week                    the same: 3 -> 2 sessions is 33
a new slot in the week                      ``ADD_SLOT_COST`` (15): one more hour found
a piece of equipment                        the equipment rule's ``ADD_ITEM_COST`` (40)
a hard rule made soft                       ``SOFT_COST`` (100): the whole rule given up
==========================================  ===============================================
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from ortools.sat.python import cp_model
from pydantic import ValidationError

from hamopt.domain.models import DAYS, MAX_SLOTS, Catalog, Mode, RelaxationItem, Scenario, Slot
from hamopt.domain.words import plural
from hamopt.engine.compile import CompiledModel, compile_model
from hamopt.explain.conflict import ConflictSearch, decide
from hamopt.rules.contract import ActiveRule, DescribeContext, Relaxation, relative_cost
from hamopt.rules.model_context import SESSIONS_PER_WEEK, Guard

if TYPE_CHECKING:
    from hamopt.engine.solve import SolveOptions

ADD_SLOT_COST = 15
SOFT_COST = 100
MAX_ROUNDS = 3  # rebuilds when a soft rule needs its steps, or a change fails to verify


@dataclass(eq=False)  # compared by identity: a CP-SAT literal has no plain ==
class Option:
    """One change on offer in the relaxation model."""

    literal: cp_model.IntVar
    item: RelaxationItem

    @property
    def cost(self) -> int:
        return self.item.cost


def potential_slots(scenario: Scenario) -> list[Slot]:
    """A slot on each day that has none, at the scenario's most common time."""
    slots = scenario.schedule.slots
    times = Counter(s.time for s in slots)
    time = min(times, key=lambda t: (-times[t], t or "12:00"))
    taken = {s.day for s in slots}
    room = MAX_SLOTS - len(slots)
    return [Slot(day=day, time=time) for day in DAYS if day not in taken][:room]


def _slot_json(slots: Sequence[Slot]) -> list[dict[str, Any]]:
    return [s.model_dump(mode="json", exclude_none=True) for s in slots]


class RelaxationModel:
    """The model of every offered change; ``stepped`` rules get their parameter steps."""

    def __init__(
        self,
        scenario: Scenario,
        catalog: Catalog,
        rules: Sequence[ActiveRule],
        stepped: set[str],
        new_slots: bool = True,
    ) -> None:
        self.scenario, self.rules = scenario, {a.id: a for a in rules}
        self.extra = potential_slots(scenario) if new_slots else []
        schedule = scenario.schedule.model_copy(
            update={"slots": [*scenario.schedule.slots, *self.extra]}
        )
        self.compiled: CompiledModel = compile_model(
            scenario.model_copy(update={"schedule": schedule}), catalog, rules, explain=True
        )
        ctx = self.compiled.ctx
        self.dctx = DescribeContext(scenario, catalog, tuple(ctx.slots), self.rules)
        self.options: list[Option] = []
        self.soft_of: dict[str, Option] = {}
        by_rule: dict[str, list[Guard]] = {}
        for g in ctx.guards:
            if g.mode is Mode.hard:
                by_rule.setdefault(g.rule, []).append(g)
        for rule_id, guards in by_rule.items():
            if rule_id == SESSIONS_PER_WEEK:
                self._sessions(guards)
            else:
                self._rule(self.rules[rule_id], guards, rule_id in stepped)
        self._slots()

    @property
    def model(self) -> cp_model.CpModel:
        return self.compiled.model

    def _new(self, item: RelaxationItem) -> Option:
        option = Option(self.model.new_bool_var(f"relax[{item.change}]"), item)
        self.options.append(option)
        return option

    def _rule(self, active: ActiveRule, guards: list[Guard], stepped: bool) -> None:
        model, rule_id = self.model, active.id
        if not active.rule.relaxable:
            for g in guards:
                model.add(g.literal == 1)
            return
        keep = model.new_bool_var(f"keep[{rule_id}]")
        variants = [keep]
        releases: dict[str, list[cp_model.IntVar]] = {}
        relax = active.rule.relax if stepped else None
        for offer in relax(self.dctx, active.params) if relax else []:
            if offer.instance is not None:
                option = self._new(
                    RelaxationItem(
                        change=offer.change,
                        rule=rule_id,
                        where=offer.where,
                        cost=offer.cost,
                        **{"from": offer.before},
                        to=offer.after,
                    )
                )
                model.add_implication(option.literal, keep)
                releases.setdefault(offer.instance, []).append(option.literal)
            elif offer.param is not None:
                variant = self._param_step(active, offer)
                if variant is not None:
                    variants.append(variant)
        soft = self._new(
            RelaxationItem(
                change=f"make {rule_id} soft (a preference the solver may break, at a cost)",
                rule=rule_id,
                where=f"overrides.{rule_id}.mode",
                cost=SOFT_COST,
                **{"from": "hard"},
                to="soft",
            )
        )
        self.soft_of[rule_id] = soft
        variants.append(soft.literal)
        model.add_exactly_one(variants)
        for g in guards:
            model.add_bool_or([keep.Not(), *releases.get(g.instance, []), g.literal])

    def _param_step(self, active: ActiveRule, offer: Relaxation) -> cp_model.IntVar | None:
        assert offer.param is not None
        try:
            params = active.rule.params.model_validate(
                {**active.params.model_dump(), offer.param: offer.value}
            )
        except ValidationError:
            return None  # a step its own validators refuse (e.g. past another bound)
        option = self._new(
            RelaxationItem(
                change=offer.change,
                rule=active.id,
                param=offer.param,
                where=f"overrides.{active.id}.params.{offer.param}",
                cost=offer.cost,
                **{"from": getattr(active.params, offer.param)},
                to=offer.value,
            )
        )
        # The rule once more, with the stepped params, its guards enforced by the option.
        ctx = self.compiled.ctx
        first = len(ctx.guards)
        ctx.active = ActiveRule(active.rule, Mode.hard, active.weight, params)
        active.rule.encode(ctx, params)
        ctx.active = None
        for g in ctx.guards[first:]:
            self.model.add_implication(option.literal, g.literal)
        del ctx.guards[first:]
        return option.literal

    def _sessions(self, guards: list[Guard]) -> None:
        (guard,) = guards
        wanted = self.scenario.schedule.sessions_per_week
        variants = [guard.literal]  # as asked: the guard itself
        for n in range(wanted - 1, 0, -1):
            option = self._new(
                RelaxationItem(
                    change=f"train {plural(n, 'session')} a week instead of {wanted}",
                    rule=SESSIONS_PER_WEEK,
                    where="schedule.sessions_per_week",
                    cost=relative_cost(wanted, n),
                    from_=wanted,
                    to=n,
                )
            )
            self.model.add(sum(self.compiled.ctx.used) == n).only_enforce_if(option.literal)
            variants.append(option.literal)
        self.model.add_exactly_one(variants)

    def _slots(self) -> None:
        ctx = self.compiled.ctx
        extra = {s.label for s in self.extra}
        now = _slot_json(self.scenario.schedule.slots)
        for s, slot in enumerate(ctx.slots):
            if slot.label not in extra:
                continue
            option = self._new(
                RelaxationItem(
                    change=f"add a training slot on {slot.label}",
                    where="schedule.slots",
                    cost=ADD_SLOT_COST,
                    from_=now,
                    to=[*now, *_slot_json([slot])],
                )
            )
            self.model.add_implication(ctx.used[s], option.literal)

    def within(self, budget: int, options: SolveOptions) -> list[Option] | None:
        """A set of changes costing at most ``budget`` that makes the model feasible, or None."""
        cap = self.model.new_bool_var(f"budget[{budget}]")
        total = sum(o.cost * o.literal for o in self.options)
        self.model.add(total <= budget).only_enforce_if(cap)
        self.model.clear_assumptions()
        self.model.add_assumptions([cap])
        code, solver = decide(self.model, options)
        if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return None  # infeasible, or unknown within the limit: either way no answer here
        return [o for o in self.options if solver.boolean_value(o.literal)]

    def cheapest(self, options: SolveOptions) -> list[Option] | None:
        """The cheapest set of changes, by feasibility checks under a budget, not by an objective.

        Minimising the cost directly spent seconds proving the bound; a budget search needs a
        handful of fast checks (see explain.decide). Only totals some set of changes
        can reach are tried: the cheapest single change first (often the answer), then
        doubling budgets until one is met, then a bisection over the reachable totals between
        the last budget that failed and the cost of the best set found.
        """
        if not self.options:
            return None
        reachable = _sums([o.cost for o in self.options])
        infeasible, best = 0, None  # no change at all is known to be infeasible
        budget = reachable[0]
        while best is None:
            best = self.within(budget, options)
            if best is None:
                if budget >= reachable[-1]:
                    return None
                infeasible = budget
                budget = next(c for c in reachable if c >= 2 * budget or c == reachable[-1])
        cost = sum(o.cost for o in best)
        while True:
            between = [c for c in reachable if infeasible < c < cost]
            if not between:
                return best
            middle = between[len(between) // 2]
            found = self.within(middle, options)
            if found is None:
                infeasible = middle
            else:
                best, cost = found, sum(o.cost for o in found)


def _sums(costs: list[int], cap: int = 2000) -> list[int]:
    """Every positive total (up to ``cap``) some subset of the costs adds up to, sorted."""
    totals = {0}
    for c in costs:
        totals |= {t + c for t in totals if t + c <= cap}
    return sorted(totals - {0}) or [cap]


def about_schedule(conflict: Sequence[Guard], scenario: Scenario) -> bool:
    """Could a new slot help? When the conflict holds the session count, or an instance
    naming two slots (spacing between sessions); a cap on each session alone is the same in
    a new slot."""
    labels = [s.label for s in scenario.schedule.slots]
    return any(
        g.rule == SESSIONS_PER_WEEK or sum(label in g.instance for label in labels) >= 2
        for g in conflict
    )


def apply_changes(
    scenario: Scenario, rules: Sequence[ActiveRule], items: Sequence[RelaxationItem]
) -> tuple[Scenario, list[ActiveRule]]:
    """The scenario (and its active rules) with each change's ``where`` set to ``to``.

    A rule's mode or params change both the scenario's `overrides` (so a written-out scenario
    says so) and the active rules (which may come from a rule set given apart).
    """
    data = scenario.model_dump(mode="json", exclude_unset=True)
    by_id = {a.id: a for a in rules}
    for item in items:
        assert item.where is not None
        path = item.where.split(".")
        node = data
        for key in path[:-1]:
            node = node.setdefault(key, {})
        node[path[-1]] = item.to
        if path[0] == "overrides":
            active = by_id[path[1]]
            if path[2] == "mode":
                by_id[active.id] = replace(active, mode=Mode(item.to))
            else:
                params = {**active.params.model_dump(), path[3]: item.to}
                by_id[active.id] = replace(active, params=active.rule.params.model_validate(params))
    return Scenario.model_validate(data), [by_id[a.id] for a in rules]


def solves(
    scenario: Scenario, catalog: Catalog, rules: list[ActiveRule], options: SolveOptions
) -> bool:
    """Does the scenario solve with all its hard rules? Re-solved from scratch."""
    search = ConflictSearch.build(scenario, catalog, rules, options)
    return search.check(search.hard)[0] is True


def cheapest_relaxation(
    scenario: Scenario,
    catalog: Catalog,
    rules: list[ActiveRule],
    conflict: Sequence[Guard],
    options: SolveOptions,
) -> list[RelaxationItem]:
    """The cheapest offered change that makes the scenario solve, verified; [] if none."""
    stepped = {g.rule for g in conflict}
    new_slots = about_schedule(conflict, scenario)
    nogoods: list[list[str]] = []
    for _ in range(MAX_ROUNDS):
        relaxation = RelaxationModel(scenario, catalog, rules, stepped, new_slots)
        by_change = {o.item.change: o for o in relaxation.options}
        for changes in nogoods:  # combinations that failed to verify in an earlier round
            if all(c in by_change for c in changes):
                relaxation.model.add_bool_or([by_change[c].literal.Not() for c in changes])
        chosen = relaxation.cheapest(options)
        if chosen is None:
            return []
        newly_stepped = {
            rule_id
            for rule_id, soft in relaxation.soft_of.items()
            if any(o is soft for o in chosen) and rule_id not in stepped
        }
        if newly_stepped:
            stepped |= newly_stepped  # a step (or a slot) may be cheaper than the rule
            new_slots = True
            continue
        items = _merged([o.item for o in chosen])
        changed, changed_rules = apply_changes(scenario, rules, items)
        if solves(changed, catalog, changed_rules, options):
            return items
        nogoods.append([o.item.change for o in chosen])
    return []


def _merged(items: list[RelaxationItem]) -> list[RelaxationItem]:
    """Changes of one list field (two slots, two pieces of equipment) as one edit each."""
    out: list[RelaxationItem] = []
    for item in items:
        twin = next((o for o in out if o.where == item.where and isinstance(o.to, list)), None)
        if twin is None or not isinstance(item.to, list):
            out.append(item)
            continue
        added = [v for v in item.to if v not in twin.to]
        merged = twin.model_copy(
            update={
                "change": f"{twin.change}; {item.change}",
                "to": [*twin.to, *added],
                "cost": twin.cost + item.cost,
            }
        )
        out[out.index(twin)] = merged
    return out
