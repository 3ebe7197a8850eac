"""The cheapest relaxation: the smallest change that makes an infeasible scenario feasible.

One CP-SAT model holds every change on offer, each behind its own literal, and minimises
their total cost:

* each hard rule picks exactly one *variant*: as it is (its guards enforced), one of the
  parameter steps its ``relax`` hook offers (the rule encoded once more with those params,
  its guards enforced by the variant's literal), or soft (no guard enforced);
* changes of scenario data release single instances: adding a piece of equipment releases
  equipment's "no <item>" (offered by the rule's ``relax`` hook);
* the scenario's own demands: fewer sessions a week, or a new slot on a day that has none
  (the slots are in the model from the start; using one needs its "add" literal).

Rules in the minimal conflict get their parameter steps; the other hard rules can only go
soft, which keeps the model small. When the cheapest answer makes such a rule soft, the rule
gets its steps too and the model is solved again. The chosen changes are applied to a copy of
the scenario and its rules, and the changed scenario is solved the ordinary way: only a
change that really solves is reported.

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
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ortools.sat.python import cp_model
from pydantic import ValidationError

from hamopt.compile import SESSIONS_PER_WEEK, CompiledModel, Guard, compile_model
from hamopt.constraints.base import ActiveRule, DescribeContext, Relaxation, relative_cost
from hamopt.models import DAYS, MAX_SLOTS, Catalog, Mode, RelaxationItem, Scenario, Slot
from hamopt.words import plural

if TYPE_CHECKING:
    from hamopt.solve import SolveOptions

ADD_SLOT_COST = 15
SOFT_COST = 100
RELAX_TIME_LIMIT = 10.0  # deterministic seconds for the relaxation model
MAX_ROUNDS = 3  # rebuilds when a soft rule needs its steps, or a change fails to verify

# A change applied to the scenario and the active rules (by id), for the verifying solve.
Apply = Callable[[Scenario, dict[str, ActiveRule]], Scenario]


@dataclass(eq=False)  # options are compared by identity (a literal has no plain ==)
class Option:
    """One change on offer in the relaxation model."""

    literal: cp_model.IntVar
    cost: int
    item: RelaxationItem
    apply: Apply


def potential_slots(scenario: Scenario) -> list[Slot]:
    """A slot on each day that has none, at the scenario's most common time."""
    slots = scenario.schedule.slots
    times = Counter(s.time for s in slots)
    time = min(times, key=lambda t: (-times[t], t or "12:00"))
    taken = {s.day for s in slots}
    room = MAX_SLOTS - len(slots)
    return [Slot(day=day, time=time) for day in DAYS if day not in taken][:room]


def _with_slots(scenario: Scenario, extra: Sequence[Slot]) -> Scenario:
    schedule = scenario.schedule.model_copy(update={"slots": [*scenario.schedule.slots, *extra]})
    return scenario.model_copy(update={"schedule": schedule})


def _with_sessions(scenario: Scenario, n: int) -> Scenario:
    schedule = scenario.schedule.model_copy(update={"sessions_per_week": n})
    return scenario.model_copy(update={"schedule": schedule})


class RelaxationModel:
    """The model of every offered change; ``stepped`` rules get their parameter steps."""

    def __init__(
        self,
        scenario: Scenario,
        catalog: Catalog,
        rules: Sequence[ActiveRule],
        stepped: set[str],
    ) -> None:
        self.scenario, self.rules = scenario, {a.id: a for a in rules}
        self.extra = potential_slots(scenario)
        self.compiled: CompiledModel = compile_model(
            _with_slots(scenario, self.extra), catalog, rules, explain=True
        )
        ctx = self.compiled.ctx
        self.dctx = DescribeContext(scenario, catalog, tuple(ctx.slots), self.rules)
        self.options: list[Option] = []
        self.soft_of: dict[str, Option] = {}
        hard = [g for g in ctx.guards if g.mode is Mode.hard]
        by_rule: dict[str, list[Guard]] = {}
        for g in hard:
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

    def within(self, budget: int, options: SolveOptions) -> list[Option] | None:
        """A set of changes costing at most ``budget`` that makes the model feasible, or None."""
        from hamopt.explain import check_solver

        cap = self.model.new_bool_var(f"budget[{budget}]")
        self.model.add(sum(o.cost * o.literal for o in self.options) <= budget).only_enforce_if(
            cap
        )
        self.model.clear_assumptions()
        self.model.add_assumptions([cap])
        solver = check_solver(options)
        if solver.solve(self.model) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return None  # infeasible, or unknown within the limit: either way no answer here
        return [o for o in self.options if solver.boolean_value(o.literal)]

    def cheapest(self, options: SolveOptions) -> list[Option] | None:
        """The cheapest set of changes, by feasibility checks under a budget, not by an objective.

        Minimising the cost directly spent seconds proving the bound; a budget search needs a
        handful of fast checks (see explain.check_solver). Every change costs at least the
        cheapest one's cost, so that budget is tried first, and it is often the answer.
        Budgets then double until one is met, and a bisection closes the gap.
        """
        if not self.options:
            return None
        lowest = min(o.cost for o in self.options)
        infeasible, best = lowest - 1, None  # below `lowest` only "no change", known infeasible
        budget = lowest
        while best is None:
            best = self.within(budget, options)
            if best is None:
                if budget >= sum(o.cost for o in self.options):
                    return None
                infeasible, budget = budget, budget * 2
        cost = sum(o.cost for o in best)
        while cost - infeasible > 1:
            middle = (infeasible + cost) // 2
            found = self.within(middle, options)
            if found is None:
                infeasible = middle
            else:
                best, cost = found, sum(o.cost for o in found)
        return best

    def _new(self, cost: int, item: RelaxationItem, apply: Apply) -> Option:
        lit = self.model.new_bool_var(f"relax[{item.change}]")
        option = Option(lit, cost, item.model_copy(update={"cost": cost}), apply)
        self.options.append(option)
        return option

    def _rule(self, active: ActiveRule, guards: list[Guard], stepped: bool) -> None:
        model, rule_id = self.model, active.id
        keep = model.new_bool_var(f"keep[{rule_id}]")
        variants = [keep]
        releases: dict[str, list[cp_model.IntVar]] = {}
        relax = active.rule.relax if stepped else None
        offers = relax(self.dctx, active.params) if relax else []
        for offer in offers:
            if offer.instance is not None:
                option = self._release(rule_id, offer)
                model.add_implication(option.literal, keep)
                releases.setdefault(offer.instance, []).append(option.literal)
            elif offer.param is not None:
                variant = self._param_step(active, offer)
                if variant is not None:
                    variants.append(variant)
        soft = self._new(
            SOFT_COST,
            RelaxationItem(
                change=f"make {rule_id} soft (a preference the solver may break, at a cost)",
                rule=rule_id,
                where=f"overrides.{rule_id}.mode",
                **{"from": "hard"},
                to="soft",
            ),
            lambda sc, rules, a=active: _set_rule(sc, rules, a, mode=Mode.soft),
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
        ctx = self.compiled.ctx
        option = self._new(
            offer.cost,
            RelaxationItem(
                change=offer.change,
                rule=active.id,
                param=offer.param,
                where=f"overrides.{active.id}.params.{offer.param}",
                **{"from": getattr(active.params, offer.param)},
                to=offer.value,
            ),
            lambda sc, rules, a=active, p=params: _set_rule(sc, rules, a, params=p),
        )
        # The rule once more, with the stepped params, its guards enforced by the option.
        first = len(ctx.guards)
        ctx.active = ActiveRule(active.rule, Mode.hard, active.weight, params)
        active.rule.encode(ctx, params)
        ctx.active = None
        for g in ctx.guards[first:]:
            self.model.add_implication(option.literal, g.literal)
        del ctx.guards[first:]
        return option.literal

    def _release(self, rule_id: str, offer: Relaxation) -> Option:
        edit = offer.edit
        return self._new(
            offer.cost,
            RelaxationItem(
                change=offer.change,
                rule=rule_id,
                where=offer.where,
                **{"from": offer.before},
                to=offer.after,
            ),
            lambda sc, rules: edit(sc) if edit else sc,
        )

    def _sessions(self, guards: list[Guard]) -> None:
        (guard,) = guards
        wanted = self.scenario.schedule.sessions_per_week
        variants = [guard.literal]  # as asked: the guard itself
        for n in range(wanted - 1, 0, -1):
            option = self._new(
                relative_cost(wanted, n),
                RelaxationItem(
                    change=f"train {plural(n, 'session')} a week instead of {wanted}",
                    rule=SESSIONS_PER_WEEK,
                    where="schedule.sessions_per_week",
                    **{"from": wanted},
                    to=n,
                ),
                lambda sc, rules, n=n: _with_sessions(sc, n),
            )
            self.model.add(sum(self.compiled.ctx.used) == n).only_enforce_if(option.literal)
            variants.append(option.literal)
        self.model.add_exactly_one(variants)

    def _slots(self) -> None:
        ctx = self.compiled.ctx
        extra = {s.label for s in self.extra}
        for s, slot in enumerate(ctx.slots):
            if slot.label not in extra:
                continue
            option = self._new(
                ADD_SLOT_COST,
                RelaxationItem(
                    change=f"add a training slot on {slot.label}",
                    where="schedule.slots",
                    to=slot.model_dump(mode="json", exclude_none=True),
                ),
                lambda sc, rules, slot=slot: _with_slots(sc, [slot]),
            )
            self.model.add_implication(ctx.used[s], option.literal)


def _set_rule(
    scenario: Scenario,
    rules: dict[str, ActiveRule],
    active: ActiveRule,
    *,
    mode: Mode | None = None,
    params: object | None = None,
) -> Scenario:
    rules[active.id] = ActiveRule(
        active.rule,
        mode if mode is not None else rules[active.id].mode,
        active.weight,
        params if params is not None else rules[active.id].params,  # type: ignore[arg-type]
    )
    return scenario


def apply_changes(
    scenario: Scenario, rules: Sequence[ActiveRule], chosen: Sequence[Option]
) -> tuple[Scenario, list[ActiveRule]]:
    """The scenario and rules with the chosen changes made, in the rules' order."""
    by_id = {a.id: a for a in rules}
    for option in chosen:
        scenario = option.apply(scenario, by_id)
    return scenario, [by_id[a.id] for a in rules]


def solves(
    scenario: Scenario, catalog: Catalog, rules: list[ActiveRule], options: SolveOptions
) -> bool:
    """Does the scenario solve with all its hard rules? Re-solved from scratch."""
    from hamopt.explain import ConflictSearch

    search = ConflictSearch.build(scenario, catalog, rules, options)
    return search.check(search.hard)[0] is True


def cheapest_relaxation(
    scenario: Scenario,
    catalog: Catalog,
    rules: list[ActiveRule],
    conflict_rules: set[str],
    options: SolveOptions,
) -> list[RelaxationItem]:
    """The cheapest offered change that makes the scenario solve, verified; [] if none."""
    stepped = set(conflict_rules)
    nogoods: list[list[str]] = []
    for _ in range(MAX_ROUNDS):
        relaxation = RelaxationModel(scenario, catalog, rules, stepped)
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
            stepped |= newly_stepped  # a step may be cheaper than giving the rule up
            continue
        changed, changed_rules = apply_changes(scenario, rules, chosen)
        if solves(changed, catalog, changed_rules, options):
            return [o.item for o in chosen]
        nogoods.append([o.item.change for o in chosen])
    return []
