"""What a rule's encoder sees: the model context, its candidates, guards and goals.

Part of the rule SDK (DESIGN.md): rules import these, the engine builds them
(hamopt/engine/compile.py). The context knows the *shape* of a weekly program (slots, a
candidate per slot and exercise, places in a session) and nothing about training.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol, overload

from hamopt.domain.models import Catalog, Exercise, Mode, Phase, Scenario, Slot
from hamopt.rules.check_context import params_in_force

if TYPE_CHECKING:
    # Imported where a model is built, not here: every rule imports this module, and
    # validating a rule set (a batch's gym, `hamopt validate`) imports every rule, so OR-Tools
    # (~0.4 s) would load without any model to build.
    from ortools.sat.python import cp_model


class RuleInForce(Protocol):
    """The rule whose hook is running, as the context needs it to make guards and goals.

    ``hamopt.rules.contract.ActiveRule`` is one; a protocol here keeps the contract (which
    names this module in its hook types) and the contexts from importing each other.
    """

    @property
    def id(self) -> str: ...

    @property
    def mode(self) -> Mode: ...

    @property
    def weight(self) -> int: ...

    @property
    def quality(self) -> bool: ...


@dataclass(frozen=True)
class Segment:
    """Weeks of a plan that share one weekly template (hamopt/engine/horizon.py).

    Two readings: a *run*, consecutive weeks in the order of the plan, naming the
    ``template`` it repeats (``horizon.segments``); and a *template*'s own segment, whose
    ``runs`` list every run it stands for when it stands for more than one (the weeks
    around deload weeks, or the deload weeks themselves): ``first_week`` is then its first
    run's, ``weeks`` the count of all its weeks.
    """

    index: int
    phase: Phase
    first_week: int  # 1-based, inclusive
    weeks: int
    # Names the rules' `plan` hooks gave these weeks (e.g. phase_ratio's "transition").
    marks: frozenset[str] = frozenset()
    # A run: the index of the template it repeats (None: its own, as without sharing).
    template: int | None = None
    # A template standing for several runs: each run's (first week, weeks), in order.
    runs: tuple[tuple[int, int], ...] = ()

    @property
    def repeats(self) -> int:
        """A run's template: the one it names, else its own index (no sharing)."""
        return self.index if self.template is None else self.template

    @property
    def last_week(self) -> int:
        if self.runs:
            first, weeks = self.runs[-1]
            return first + weeks - 1
        return self.first_week + self.weeks - 1

    @property
    def label(self) -> str:
        if len(self.runs) > 1:
            return "weeks " + ", ".join(
                str(first) if n == 1 else f"{first}-{first + n - 1}" for first, n in self.runs
            )
        if self.weeks == 1:
            return f"week {self.first_week}"
        return f"weeks {self.first_week}-{self.last_week}"

    def week_numbers(self) -> list[int]:
        runs = self.runs or ((self.first_week, self.weeks),)
        return [w for first, n in runs for w in range(first, first + n)]


# Rep zones a prescription can be written in. "low" and "endurance" exist so that a rule
# set without `volume_range` really can leave 6-20 reps (so the rule is seen to bite). "low"
# reaches 6 so that a Nordic (own range from 5, Petersen et al. 2011) can start at 5-6.
REP_ZONES: dict[str, tuple[int, int]] = {
    "low": (3, 6),
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
    quality: bool = False  # a quality rule's term: the objective's second tier


class Templates(Sequence["ModelContext"]):
    """The plan's weekly templates in order, as each template's ``templates`` holds them: by
    weak reference, so a template is not a reference cycle with itself. Such a cycle kept each
    compiled model (its candidates, guards and CP-SAT model) alive after the solve until a full
    collection of the garbage collector (see hamopt/engine/acyclic_model.py for what that cost a
    warm worker). The compiled model holds the templates themselves; this reads them while
    it does."""

    def __init__(self, templates: Iterable[ModelContext]) -> None:
        self._refs = [weakref.ref(t) for t in templates]

    def __len__(self) -> int:
        return len(self._refs)

    @overload
    def __getitem__(self, index: int) -> ModelContext: ...

    @overload
    def __getitem__(self, index: slice) -> list[ModelContext]: ...

    def __getitem__(self, index: int | slice) -> ModelContext | list[ModelContext]:
        if isinstance(index, slice):
            return [self._alive(ref) for ref in self._refs[index]]
        return self._alive(self._refs[index])

    @staticmethod
    def _alive(ref: weakref.ref[ModelContext]) -> ModelContext:
        template = ref()
        if template is None:
            raise ReferenceError("a template of this plan is gone: keep its compiled model")
        return template


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
    active: RuleInForce | None = None
    # Multi-week plans (hamopt/engine/horizon.py): the segment this weekly template stands for,
    # every template of the plan in order (shared model, guards and goals), and the weeks a
    # guard or goal counts for (the segment's weeks for a weekly rule, 1 for a horizon rule).
    segment: Segment | None = None
    templates: Sequence[ModelContext] = field(default_factory=list)
    multiplier: int = 1
    # The plan's runs of weeks in order, each naming the template it repeats (see plan()).
    runs: list[Segment] = field(default_factory=list)
    # Indices in the model of the constraints rules added inside ``deferred()`` (shared by the
    # plan's templates, like guards and goals).
    deferred_constraints: list[int] = field(default_factory=list)
    # Whether the lines' places in a session are deferred too (``order()``): in a one-week
    # model (compile._templates), not in a plan's.
    order_deferred: bool = False
    # The rules in force by id (``hamopt.rules.contract.ActiveRule``), for ``params_of``.
    rules: Mapping[str, Any] = field(default_factory=dict)
    # The rules that constrained the lines' places (``order()``), by id: the decoded program
    # reorders lines of one kind only where each of them says it orders by kind
    # (``Rule.orders_by_kind``, engine/solve.decode_week).
    order_rules: set[str] = field(default_factory=set)

    # --- what rules call ----------------------------------------------------------------

    def params_of(self, rule_id: str) -> Any | None:
        """Another rule's params as this rule set has them, or None where it is off or absent
        (as ``CheckContext.params_of``, so an encoder and its checker read the same)."""
        return params_in_force(self.rules, rule_id)

    def guard(self, instance: str, weeks: int | None = None) -> cp_model.IntVar:
        """The enforcement literal for one instance of the rule being encoded. ``weeks``: the
        weeks a soft break costs (default the template's); a horizon rule whose constraint
        stands for several weeks of the plan (a shared template's, see plan()) says how many.
        """
        active = self._require_active()
        return self.new_guard(active.id, instance, active.mode, active.weight, weeks)

    def new_guard(
        self, rule: str, instance: str, mode: Mode, weight: int, weeks: int | None = None
    ) -> cp_model.IntVar:
        """A guard literal for any named requirement (a rule, or a fact of the scenario)."""
        lit = self.model.new_bool_var(f"{rule}[{instance}]")
        if mode is Mode.hard and not self.explain:
            self.model.add(lit == 1)
        count = self.multiplier if weeks is None else weeks
        self.guards.append(Guard(rule, instance, lit, mode, weight, count))
        return lit

    def add_goal(self, expr: cp_model.LinearExprT) -> None:
        """An objective term (to minimise) weighted by the rule's weight, in any mode."""
        active = self._require_active()
        self.goals.append(
            Goal(active.id, expr, active.weight, self.multiplier, quality=active.quality)
        )

    @contextmanager
    def deferred(self) -> Iterator[None]:
        """Constraints added inside are left out of the engine's first proof.

        For a constraint that makes proofs costly and rarely decides the optimum (session
        balance's minutes, which couple every session's exact time). The engine first proves
        the optimum of the model without the deferred constraints, a relaxation, so no program
        of the whole model costs less; then it asks the whole model for a program at that cost
        (hamopt/engine/solve.py). Only when there is none does it prove the whole model's
        optimum the ordinary way. So whatever is deferred must only *remove* programs: a
        constraint, never a goal or a guard (the rule's guard comes from ``guard()`` outside
        this block and keeps its price), and nothing outside the block may rely on it.
        """
        start = len(self.model.proto.constraints)
        yield
        if not self.explain:  # an explanation's model is solved once, whole
            self.deferred_constraints.extend(range(start, len(self.model.proto.constraints)))

    @contextmanager
    def order(self) -> Iterator[None]:
        """Constraints on the places of a session's lines (``Candidate.pos``: the no-overlap,
        the order rules), deferred where the model defers the order (``order_deferred``).

        No goal reads a place, and the order rules sort a session's lines by kind (hamstrings
        before quads, knee flexion before hip extension), an order any lines that fit the
        session's places have, so the relaxation's optimum without them is the model's and its
        program is completed with an order after (engine/solve._keeps_deferred searches the
        places). Should a relaxation's program hold more lines than a session has places
        (MAX_EXERCISES_PER_SESSION; no shipped rule set lets it), or a rule set order the lines
        in a way none fits, the completion finds nothing and the solve goes on as for any
        deferred constraint the relaxation's program breaks. The places' count is not kept in
        the relaxation either: as a row it slowed the short list's relaxation (0.072 -> 0.089
        deterministic s over the shipped one-week scenarios, seeds 0 / 1) and changed no optimum.

        Measured on the 13 shipped one-week scenarios' CP-SAT calls, seeds 0 / 1, the same
        optima everywhere: the short list's relaxation 553 -> 412 ms in all
        (tight_schedule_early_late 58 -> 31 and 58 -> 26), the bounded full relaxation 575 ->
        485 (home_dumbbells_kettlebell 59 -> 47, 57 -> 37). A plan keeps its order in the
        proof: there the deload week's lines keep their places (volume_ramp), and leaving the
        order out of its proof made the 10-week plan slower (notes/one_week_tail_profile.md)."""
        if self.active is not None:
            self.order_rules.add(self.active.id)
        if self.order_deferred:
            with self.deferred():
                yield
        else:
            yield

    def add_stimulus(self, cand: Candidate, head: str, expr: cp_model.LinearExprT) -> None:
        """Extra stimulus for one head of one candidate (hundredths of a set); from `prepare`."""
        cand.extra_load.setdefault(head, []).append(expr)

    def add_choice(self, cand: Candidate, name: str, options: dict[str, cp_model.IntVar]) -> None:
        """A line field the solver picks: at most one option literal true, none = unset."""
        self.model.add_at_most_one(options.values())
        for lit in options.values():
            self.model.add_implication(lit, cand.present)
        cand.choices[name] = options

    def plan(self) -> list[tuple[Segment, ModelContext]]:
        """The plan's weeks in order: each run of weeks with the template it repeats.

        Where no template is shared this is every template with its own segment; with deload
        weeks (PlanMarks.interludes) a template comes back after each of them, so a horizon
        rule relating consecutive runs sees the same pair of templates again and should add
        its constraint once (``weeks`` of a guard: how many weeks it stands for)."""
        if not self.runs:
            return [(t.segment, t) for t in self.templates if t.segment is not None]
        return [(run, self.templates[run.repeats]) for run in self.runs]

    def in_slot(self, slot: int) -> list[Candidate]:
        return [c for c in self.candidates if c.slot == slot]

    # Callable[..., bool]: rules pass `lambda c, ex=ex: ...`, binding a loop value by default.
    def where(self, keep: Callable[..., bool]) -> list[Candidate]:
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

    def _require_active(self) -> RuleInForce:
        if self.active is None:
            raise RuntimeError("guard()/add_goal() called outside a rule's encoder")
        return self.active


