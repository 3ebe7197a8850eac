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

Objective, two tiers in one integer sum: ``scale * penalties + tie_break``. ``scale`` is
larger than the tie-break's whole range, so the tie-break (fewer sets, then more stimulus)
only orders programs whose rule penalties are equal.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from hamopt.domain.models import HEADS, Catalog, Exercise, Mode, Scenario, Slot
from hamopt.engine.horizon import Segment, segments
from hamopt.rules.contract import ActiveRule

if TYPE_CHECKING:
    # Imported where a model is built, not here: rule modules import this one for its
    # types and constants, and validating a rule set (a batch's gym, `hamopt validate`)
    # imports every rule, so OR-Tools (~0.4 s) would load without any model to build.
    from ortools.sat.python import cp_model

# Rep zones a prescription can be written in. "low" and "endurance" exist so that a rule
# set without `volume_range` really can leave 6-20 reps (so the rule is seen to bite).
REP_ZONES: dict[str, tuple[int, int]] = {
    "low": (3, 5),
    "heavy": (6, 8),
    "moderate": (8, 12),
    "light": (12, 20),
    "endurance": (20, 30),
}
# The guard id of the scenario's own `schedule.sessions_per_week` (a fact, not a rule).
SESSIONS_PER_WEEK = "sessions_per_week"
MAX_SETS_PER_EXERCISE = 10  # domain bound of a `sets` variable, not a training rule
MAX_EXERCISES_PER_SESSION = 7  # places in a session (3 hamstring + room for quads)


def zone_reps(zone: str, exercise: Exercise) -> tuple[int, int] | None:
    """Reps a zone gives for an exercise: the zone clipped to the exercise's own range."""
    zlo, zhi = REP_ZONES[zone]
    lo, hi = max(zlo, exercise.rep_range[0]), min(zhi, exercise.rep_range[1])
    if lo > hi or (lo == hi and exercise.rep_range[0] != exercise.rep_range[1]):
        return None  # no overlap, or a single rep count where the exercise allows a range
    return lo, hi


def stimulus_pct(exercise: Exercise, head: str) -> int:
    """A head's stimulus in hundredths of a set, the integer unit of every head total."""
    return round(exercise.stimulus.get(head) * 100)


def zero() -> cp_model.LinearExprT:
    """The constant 0 as a CP-SAT expression: a sum that starts from it stays an expression
    even over no terms, so ``total <= n`` is a constraint, never a Python bool."""
    from ortools.sat.python import cp_model

    return cp_model.LinearExpr.constant(0)


@dataclass
class Candidate:
    """One exercise as it may appear in one session."""

    slot: int
    exercise: Exercise
    present: cp_model.IntVar
    sets: cp_model.IntVar
    pos: cp_model.IntVar
    zones: dict[str, cp_model.IntVar]
    # Stimulus a rule's `prepare` adds per head (hundredths of a set), e.g. a foot-position
    # cue moving stimulus between heads; `ModelContext.head_load` sums these with the base.
    extra_load: dict[str, list[cp_model.LinearExprT]] = field(default_factory=dict)
    # Line fields the solver chooses: field -> value -> literal (at most one true); decoded
    # onto the ProgramExercise (e.g. rotation -> {"toes_in": lit, "toes_out": lit}).
    choices: dict[str, dict[str, cp_model.IntVar]] = field(default_factory=dict)


@dataclass
class Guard:
    """An instance literal of a rule: true means the instance holds."""

    rule: str
    instance: str
    literal: cp_model.IntVar
    mode: Mode
    weight: int
    weeks: int = 1  # weeks its template stands for: a soft break costs weight x weeks


@dataclass
class Goal:
    rule: str
    expr: cp_model.LinearExprT
    weight: int
    weeks: int = 1


@dataclass
class ModelContext:
    """What a rule's encoder sees: the model, the scenario and the decision variables."""

    model: cp_model.CpModel
    scenario: Scenario
    catalog: Catalog
    slots: list[Slot]
    used: list[cp_model.IntVar]
    candidates: list[Candidate]
    explain: bool = False
    guards: list[Guard] = field(default_factory=list)
    goals: list[Goal] = field(default_factory=list)
    active: ActiveRule | None = None
    # Multi-week plans (hamopt/engine/horizon.py): the segment this weekly template stands for,
    # every template of the plan in order (shared model, guards and goals), and the weeks a
    # guard or goal counts for (the segment's weeks for a weekly rule, 1 for a horizon rule).
    segment: Segment | None = None
    templates: list[ModelContext] = field(default_factory=list)
    multiplier: int = 1

    # --- what rules call ----------------------------------------------------------------

    def guard(self, instance: str) -> cp_model.IntVar:
        """The enforcement literal for one instance of the rule being encoded."""
        active = self._require_active()
        return self.new_guard(active.id, instance, active.mode, active.weight)

    def new_guard(self, rule: str, instance: str, mode: Mode, weight: int) -> cp_model.IntVar:
        """A guard literal for any named requirement (a rule, or a fact of the scenario)."""
        lit = self.model.new_bool_var(f"{rule}[{instance}]")
        if mode is Mode.hard and not self.explain:
            self.model.add(lit == 1)
        self.guards.append(Guard(rule, instance, lit, mode, weight, self.multiplier))
        return lit

    def add_goal(self, expr: cp_model.LinearExprT) -> None:
        """An objective term (to minimise) weighted by the rule's weight, in any mode."""
        active = self._require_active()
        self.goals.append(Goal(active.id, expr, active.weight, self.multiplier))

    def add_stimulus(self, cand: Candidate, head: str, expr: cp_model.LinearExprT) -> None:
        """Extra stimulus for one head of one candidate (hundredths of a set); from `prepare`."""
        cand.extra_load.setdefault(head, []).append(expr)

    def add_choice(self, cand: Candidate, name: str, options: dict[str, cp_model.IntVar]) -> None:
        """A line field the solver picks: at most one option literal true, none = unset."""
        self.model.add_at_most_one(options.values())
        for lit in options.values():
            self.model.add_implication(lit, cand.present)
        cand.choices[name] = options

    def in_slot(self, slot: int) -> list[Candidate]:
        return [c for c in self.candidates if c.slot == slot]

    def where(self, keep: Callable[[Candidate], bool]) -> list[Candidate]:
        return [c for c in self.candidates if keep(c)]

    @staticmethod
    def total_sets(cands: Iterable[Candidate]) -> cp_model.LinearExprT:
        return sum((c.sets for c in cands), start=zero())

    @staticmethod
    def count(cands: Iterable[Candidate]) -> cp_model.LinearExprT:
        return sum((c.present for c in cands), start=zero())

    def head_load(
        self, head: str, cands: Iterable[Candidate] | None = None
    ) -> cp_model.LinearExprT:
        """Stimulus-weighted sets for one head, in hundredths of a set (with `prepare` terms)."""
        cands = self.candidates if cands is None else cands
        return sum(
            (
                stimulus_pct(c.exercise, head) * c.sets + sum(c.extra_load.get(head, ()))
                for c in cands
            ),
            start=zero(),
        )

    def _require_active(self) -> ActiveRule:
        if self.active is None:
            raise RuntimeError("guard()/add_goal() called outside a rule's encoder")
        return self.active


@dataclass
class CompiledModel:
    ctx: ModelContext
    scale: int
    tie_break: cp_model.LinearExprT
    # One weekly template per segment of the plan; ``ctx`` is the first (a one-week or
    # one-phase scenario has only that one).
    templates: list[ModelContext] = field(default_factory=list)
    unit: int = 1  # weeks per objective unit (see compile_model)

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
    scenario: Scenario, catalog: Catalog, explain: bool, model: cp_model.CpModel
) -> ModelContext:
    slots = sorted(scenario.schedule.slots, key=lambda s: s.hour_of_week)
    used = [model.new_bool_var(f"used[{slot.label}]") for slot in slots]
    candidates: list[Candidate] = []
    for s, _slot in enumerate(slots):
        session = [_candidate(model, s, e) for e in catalog.exercises]
        candidates.extend(session)
        for c in session:
            model.add_implication(c.present, used[s])
        hamstring = [c.present for c in session if c.exercise.is_hamstring]
        model.add_bool_or(hamstring).only_enforce_if(used[s])
        intervals = [
            model.new_optional_fixed_size_interval_var(
                c.pos, 1, c.present, f"place[{c.exercise.id}@{s}]"
            )
            for c in session
        ]
        model.add_no_overlap(intervals)
    return ModelContext(model, scenario, catalog, slots, used, candidates, explain=explain)


def _sessions_per_week(ctx: ModelContext) -> None:
    """The scenario's own demand, guarded too so an explanation can name it."""
    wanted = ctx.scenario.schedule.sessions_per_week
    lit = ctx.new_guard(SESSIONS_PER_WEEK, f"{wanted} sessions", Mode.hard, 0)
    ctx.model.add(sum(ctx.used) == wanted).only_enforce_if(lit)
    # Without the demand the program may hold fewer sessions, never more.
    ctx.model.add(sum(ctx.used) <= wanted).only_enforce_if(lit.Not())


def _tie_break(ctx: ModelContext) -> tuple[cp_model.LinearExprT, int]:
    """Fewer sets first, then more stimulus; returns the expression and its range width."""
    per_set = 4 * 100 + 1  # one set moves the stimulus sum by at most 4 heads x 100
    sets = ctx.total_sets(ctx.candidates)
    stimulus = sum(
        (sum(stimulus_pct(c.exercise, h) for h in HEADS) * c.sets for c in ctx.candidates),
        start=zero(),
    )
    max_sets = len(ctx.candidates) * MAX_SETS_PER_EXERCISE
    width = per_set * max_sets + 400 * max_sets + 1
    return per_set * sets - stimulus, width


def _templates(
    scenario: Scenario, catalog: Catalog, rules: Sequence[ActiveRule], explain: bool
) -> list[ModelContext]:
    """One core weekly model per segment of the plan, all in one CpModel (engine/horizon.py)."""
    from ortools.sat.python import cp_model

    model = cp_model.CpModel()
    templates: list[ModelContext] = []
    for seg in segments(scenario, rules):
        # Each template sees its own phase and length, so weekly rules read `scenario.phase`
        # as the phase of the weeks they are encoding.
        seg_scenario = scenario.model_copy(update={"phase": seg.phase, "weeks": seg.weeks})
        ctx = _core(seg_scenario, catalog, explain, model)
        ctx.segment, ctx.multiplier = seg, seg.weeks
        if templates:  # one list of guards and goals for the whole plan
            ctx.guards, ctx.goals = templates[0].guards, templates[0].goals
        templates.append(ctx)
    for ctx in templates:
        ctx.templates = templates
    return templates


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
) -> CompiledModel:
    """Build the model. With ``explain``, hard guards stay free (to be assumptions)."""
    templates = _templates(scenario, catalog, rules, explain)
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
        for ctx in templates:
            _run(ctx, active, active.rule.encode)
    # Each template stands for its segment's weeks: tie-break and penalties count per week,
    # in units of `unit` weeks (the gcd of every count), so a one-phase plan of N weeks is the
    # very model of one week (same search, same program), its penalties `unit` x the model's.
    unit = math.gcd(
        *(ctx.multiplier for ctx in templates),
        *(g.weeks for g in first.goals),
        *(g.weeks for g in first.guards if g.mode is Mode.soft),
    )
    tie_break: cp_model.LinearExprT = zero()
    width = 0
    for ctx in templates:
        expr, w = _tie_break(ctx)
        tie_break += (ctx.multiplier // unit) * expr
        width += (ctx.multiplier // unit) * w
    scale = width + 1
    penalties = [g.weight * (g.weeks // unit) * g.expr for g in first.goals] + [
        g.weight * (g.weeks // unit) * (1 - g.literal) for g in first.guards if g.mode is Mode.soft
    ]
    if not explain:
        first.model.minimize(scale * sum(penalties, start=zero()) + tie_break)
    return CompiledModel(first, scale, tie_break, templates, unit)
