"""Scenario + Catalog + rules -> one CP-SAT model.

The core model knows the *shape* of a weekly program and nothing about training:

* ``used[s]``: slot ``s`` of the scenario holds a session; exactly ``sessions_per_week`` do;
* per (slot, exercise) a :class:`Candidate`: ``present``, ``sets`` (0 when absent), a rep
  zone literal per zone the exercise can be done in, and ``pos``, its place in the session
  (an optional size-1 interval per candidate under one NoOverlap per session, so no two
  exercises share a place without any pairwise big-M);
* a used session holds at least one hamstring exercise (that is what a session *is* here).

Everything that makes a program good or legal comes from the rule modules through
:meth:`ModelContext.guard` and :meth:`ModelContext.add_goal`.

Objective, two tiers in one integer sum: ``scale * penalties + (quality - low)``. The
penalties are the soft rules' breaks and the goals of ordinary rules; the quality tier is the
goals of *quality* rules (``Rule.quality``: exercise fit, volume at the athlete's target, head
stimulus ...) plus one unit per set, shifted by its lower bound ``low`` so it lies in
``[0, scale)``. ``scale`` is larger than the quality tier's whole range, so quality never
buys a broken rule. Within the quality tier the rule set's weights trade the terms against
each other (a researcher's knob); the unit per set is the tie-break: of two programs equal on
every term, the one with fewer sets (a quad set a program does not need, say). It is the
smallest step of the tier (a hundredth of a head-set of stimulus is another), so it orders
what the terms leave equal; a third strict tier would multiply the coefficients past what
CP-SAT accepts on a 10-week plan.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from hamopt.domain.models import Catalog, Exercise, Mode, Scenario
from hamopt.engine.dominated import dominated_to_skip, twin_chains
from hamopt.engine.forbidden import forbidden_to_skip
from hamopt.engine.horizon import Sharing, segments, templates_of
from hamopt.engine.interchangeable import twins_to_skip
from hamopt.engine.session_symmetry import order_sessions
from hamopt.rules.contract import ActiveRule
from hamopt.rules.model_context import (
    MAX_EXERCISES_PER_SESSION,
    MAX_SETS_PER_EXERCISE,
    REP_ZONES,
    SESSIONS_PER_WEEK,
    Candidate,
    Goal,
    ModelContext,
    Segment,
    Templates,
    zero,
    zone_reps,
)

if TYPE_CHECKING:
    # Imported where a model is built (compile_model), not at import: `hamopt validate` and
    # a batch's parent import the engine's modules without building a model.
    from ortools.sat.python import cp_model


@dataclass
class CompiledModel:
    ctx: ModelContext
    scale: int  # the penalty tier's multiplier: more than the quality tier's range
    quality: cp_model.LinearExprT  # the quality rules' terms (the tier less its tie-break)
    # One weekly template per segment of the plan; ``ctx`` is the first (a one-week or
    # one-phase scenario has only that one).
    templates: list[ModelContext] = field(default_factory=list)
    # The plan's runs of weeks in order, each naming its template (hamopt/engine/horizon.py).
    runs: list[Segment] = field(default_factory=list)
    unit: int = 1  # weeks per objective unit (see compile_model)
    quality_low: int = 0  # the quality tier's lower bound (the objective holds quality - low)
    objective: cp_model.LinearExprT = 0  # what the model minimises (see compile_model)

    def penalties(self, value: float) -> int:
        """The penalty tier of an objective value of this model, in objective units."""
        return int(round(value)) // self.scale

    @property
    def model(self) -> cp_model.CpModel:
        return self.ctx.model


def _candidate(model: cp_model.CpModel, slot: int, exercise: Exercise) -> Candidate:
    name = f"{exercise.id}@{slot}"
    present = model.new_bool_var(f"x[{name}]")
    sets = model.new_int_var(0, MAX_SETS_PER_EXERCISE, f"sets[{name}]")
    model.add(sets == 0).only_enforce_if(present.Not())
    model.add(sets >= 1).only_enforce_if(present)
    pos = model.new_int_var(0, MAX_EXERCISES_PER_SESSION - 1, f"pos[{name}]")
    zones = {
        zone: model.new_bool_var(f"zone[{name},{zone}]")
        for zone in REP_ZONES
        if zone_reps(zone, exercise) is not None
    }
    # Exactly one rep zone when present, none when absent.
    model.add(sum(zones.values()) == present)
    return Candidate(slot, exercise, present, sets, pos, zones)


def _core(
    scenario: Scenario,
    catalog: Catalog,
    explain: bool,
    model: cp_model.CpModel,
    skip: frozenset[str] = frozenset(),
    defer_order: bool = False,
) -> ModelContext:
    slots = sorted(scenario.schedule.slots, key=lambda s: s.hour_of_week)
    used = [model.new_bool_var(f"used[{slot.label}]") for slot in slots]
    candidates: list[Candidate] = []
    sessions: list[list[Candidate]] = []
    for s, _slot in enumerate(slots):
        # ``skip``: quad twins the model cannot tell from a kept exercise (interchangeable.py)
        # and dominated hamstring variants (dominated.py).
        session = [_candidate(model, s, e) for e in catalog.exercises if e.id not in skip]
        candidates.extend(session)
        sessions.append(session)
        for c in session:
            model.add_implication(c.present, used[s])
        hamstring = [c.present for c in session if c.exercise.is_hamstring]
        model.add_bool_or(hamstring).only_enforce_if(used[s])
    ctx = ModelContext(model, scenario, catalog, slots, used, candidates, explain=explain)
    ctx.order_deferred = defer_order
    for s, session in enumerate(sessions):
        with ctx.order():
            intervals = [
                model.new_optional_fixed_size_interval_var(
                    c.pos, 1, c.present, f"place[{c.exercise.id}@{s}]"
                )
                for c in session
            ]
            model.add_no_overlap(intervals)
    return ctx


def _sessions_per_week(ctx: ModelContext) -> None:
    """The scenario's own demand, guarded too so an explanation can name it."""
    wanted = ctx.scenario.schedule.sessions_per_week
    lit = ctx.new_guard(SESSIONS_PER_WEEK, f"{wanted} sessions", Mode.hard, 0)
    ctx.model.add(sum(ctx.used) == wanted).only_enforce_if(lit)
    # Without the demand the program may hold fewer sessions, never more.
    ctx.model.add(sum(ctx.used) <= wanted).only_enforce_if(lit.Not())


def expr_bounds(expr: cp_model.LinearExprT) -> tuple[int, int]:
    """Lowest and highest value a linear expression can take over its variables' domains."""
    from ortools.sat.python import cp_model_helper

    flat = cp_model_helper.FlatIntExpr(expr)
    low = high = flat.offset
    for var, coeff in zip(flat.vars, flat.coeffs, strict=True):
        domain = var.proto.domain
        ends = (coeff * domain[0], coeff * domain[len(domain) - 1])
        low, high = low + min(ends), high + max(ends)
    return low, high


def _weighted(goal: Goal, unit: int) -> cp_model.LinearExprT:
    return goal.weight * (goal.weeks // unit) * goal.expr


def _templates(
    scenario: Scenario,
    catalog: Catalog,
    rules: Sequence[ActiveRule],
    explain: bool,
    also_skip: frozenset[str],
    share: Sharing = "exact",
    first_slot: bool = False,
) -> tuple[list[ModelContext], list[Segment]]:
    """One core weekly model per template of the plan, all in one CpModel, and the plan's
    runs of weeks (engine/horizon.py); with ``first_slot``, of the week's first slot alone."""
    from hamopt.engine.acyclic_model import AcyclicModel

    model = AcyclicModel()
    templates: list[ModelContext] = []
    runs = segments(scenario, rules, share=share)
    plan = templates_of(runs)
    skip = twins_to_skip(scenario, catalog, rules) | also_skip
    chains: list[list[str]] = []
    if not explain:  # an explanation may drop the family rule the reduction relies on
        # A program holds no more distinct weekly templates than the model has (shared
        # templates included), so the dominance count is the templates', not the runs'.
        skip |= dominated_to_skip(scenario, catalog, rules, len(plan))
        skip |= forbidden_to_skip(scenario, catalog, rules)
        chains = twin_chains(scenario, catalog, rules, skip)
    for seg in plan:
        # Each template sees its own phase and length, so weekly rules read `scenario.phase`
        # as the phase of the weeks they are encoding.
        seg_scenario = scenario.model_copy(update={"phase": seg.phase, "weeks": seg.weeks})
        if first_slot:
            slots = sorted(scenario.schedule.slots, key=lambda slot: slot.hour_of_week)[:1]
            schedule = scenario.schedule.model_copy(update={"slots": slots})
            seg_scenario = seg_scenario.model_copy(update={"schedule": schedule})
        # One week: its lines' places are left to the completion (ModelContext.order).
        ctx = _core(seg_scenario, catalog, explain, model, skip, defer_order=len(plan) == 1)
        ctx.segment, ctx.multiplier = seg, seg.weeks
        if templates:  # one list of guards and goals for the whole plan
            ctx.guards, ctx.goals = templates[0].guards, templates[0].goals
            ctx.deferred_constraints = templates[0].deferred_constraints
        templates.append(ctx)
    in_force = {active.id: active for active in rules}
    plan_templates = Templates(templates)  # each sees every template without holding them
    for ctx in templates:
        ctx.templates, ctx.runs, ctx.rules = plan_templates, runs, in_force
    _break_twin_symmetry(templates, chains)
    order_sessions(templates, rules, explain)  # interchangeable sessions, one order
    return templates, runs


def _break_twin_symmetry(templates: list[ModelContext], chains: list[list[str]]) -> None:
    """Identical exercises (dominated.twin_chains) are used in id order: a twin's line only
    where the plan also uses the one before it. The search then never visits both of two
    programs that differ by swapping twins."""
    if not chains:
        return
    model = templates[0].model
    by_id: dict[str, list[Candidate]] = {}
    for ctx in templates:
        for c in ctx.candidates:
            by_id.setdefault(c.exercise.id, []).append(c)
    for chain in chains:
        for first, then in zip(chain, chain[1:], strict=False):
            earlier = [c.present for c in by_id.get(first, [])]
            for c in by_id.get(then, []):
                model.add_bool_or(earlier).only_enforce_if(c.present)


def _run(ctx: ModelContext, active: ActiveRule, hook: Callable[[ModelContext, Any], None]) -> None:
    ctx.active = active
    hook(ctx, active.params)
    ctx.active = None


def compile_model(
    scenario: Scenario,
    catalog: Catalog,
    rules: Sequence[ActiveRule],
    *,
    explain: bool = False,
    also_skip: frozenset[str] = frozenset(),
    share: Sharing = "exact",
    first_slot: bool = False,
) -> CompiledModel:
    """Build the model. With ``explain``, hard guards stay free (to be assumptions).
    ``also_skip``: exercises that get no candidate beyond the exact reductions (a narrower
    model whose programs are the full one's, hamopt/engine/narrow.py). ``share``: which runs
    of weeks share a template (hamopt/engine/horizon.segments). ``first_slot``: the model of
    the week's first slot alone, whose objective prices each exercise as the week's does
    (short_list.set_prices; engine/solve._head_start); the scenario stays the caller's, so
    what is worked out per scenario (dominated.variant_groups, fit's options) is not worked
    out again. It is priced, never solved, so only the rules with a goal are encoded (with
    every rule's ``prepare``): a rule without one puts no candidate's term in the objective
    (``Rule.goal`` is the checker's side of every ``add_goal``), and the quality tier's
    range, which scales the penalty tier's prices, is the goals' alone."""
    templates, runs = _templates(scenario, catalog, rules, explain, also_skip, share, first_slot)
    first = templates[0]
    for ctx in templates:
        _sessions_per_week(ctx)
    # Every rule's `prepare` first, so stimulus terms it registers reach every encoder.
    for active in rules:
        if active.mode is not Mode.off and active.rule.prepare is not None:
            for ctx in templates:
                _run(ctx, active, active.rule.prepare)
    for active in rules:
        if active.mode is Mode.off:
            continue
        if active.rule.horizon:
            # A whole-plan rule sees the whole plan's scenario (all its weeks), not the first
            # template's one-segment copy.
            own = first.scenario
            first.multiplier, first.scenario = 1, scenario
            _run(first, active, active.rule.encode)
            first.multiplier = first.segment.weeks if first.segment else 1
            first.scenario = own
            continue
        if first_slot and active.rule.goal is None:
            continue  # adds constraints only: no price moves (see the docstring)
        for ctx in templates:
            _run(ctx, active, active.rule.encode)
    # Each template stands for its segment's weeks: goals and soft breaks count per week, in
    # units of `unit` weeks (the gcd of every count), so a one-phase plan of N weeks is the
    # very model of one week (same search, same program), its objective `unit` x the model's.
    unit = math.gcd(
        *(ctx.multiplier for ctx in templates),
        *(g.weeks for g in first.goals),
        *(g.weeks for g in first.guards if g.mode is Mode.soft),
    )
    goals = sum((_weighted(g, unit) for g in first.goals if g.quality), start=zero())
    # The tie-break: one unit a set, each template counted for its weeks (see the docstring).
    sets = [(ctx.multiplier // unit) * ctx.total_sets(ctx.candidates) for ctx in templates]
    quality = goals + sum(sets, start=zero())
    low, high = expr_bounds(quality)
    scale = high - low + 1
    penalties = [_weighted(g, unit) for g in first.goals if not g.quality] + [
        g.weight * (g.weeks // unit) * (1 - g.literal) for g in first.guards if g.mode is Mode.soft
    ]
    objective = scale * sum(penalties, start=zero()) + quality - low
    if not explain:
        first.model.minimize(objective)
    return CompiledModel(first, scale, goals, templates, runs, unit, low, objective)
