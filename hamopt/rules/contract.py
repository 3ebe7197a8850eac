"""The rule contract: what every module under ``hamopt/rules/builtin/`` provides.

A rule is two independent readings of one coaching rule:

* ``encode(ctx, params)`` adds CP-SAT constraints. Every constraint is guarded by an
  *instance literal* obtained from ``ctx.guard(...)`` (one per session, per head, per slot
  pair ...). The rule's mode decides what the literal means: fixed true (hard), free with a
  penalty when false (soft), or an assumption (explanations). So one encoder serves hard,
  soft and "why infeasible" without knowing which.
* ``check(program, ctx, params)`` re-reads the rule in plain Python over a finished Program
  and returns the violated instances. Tests hold the two against each other.

A rule may also have a *goal*: an always-on objective term (e.g. "lift the least-covered
head"). ``encode`` adds it with ``ctx.add_goal``; ``goal`` recomputes its value from a
Program, so the reported penalty never comes from the solver alone.

Two optional hooks let a rule change what the core model means, not only constrain it:

* ``prepare(ctx, params)`` runs for every active rule *before any* ``encode``. It may add
  decision variables and register stimulus terms with ``ctx.add_stimulus`` (so every rule
  that reads ``ctx.head_load`` sees them, whatever the registry order) and line fields the
  solver chooses with ``ctx.add_choice`` (decoded onto the program's lines);
* ``annotate(program, ctx, params)`` runs on the decoded program before the checkers and may
  fill in line text (``ProgramExercise.notes``) or mark weeks (a transition, a deload) in the
  fields the rule declares in ``fields`` (``week.set_extra(name, value)``); it never changes
  what was chosen. A rule whose annotation reads another's names it in
  ``annotate_after``, and the engine runs the other first;
* ``plan(pctx, params) -> PlanMarks``: for multi-week plans, the weeks at which a new weekly
  template must start, names the rule gives weeks ("transition"), and weeks that interrupt
  the plan without changing it ("interludes": a deload week), read before any model is
  built (hamopt/engine/horizon.py cuts the plan into segments with them; a segment's
  ``marks`` are what its rules read).

A rule that has nothing to act on for a scenario (a weaker-side rule for an athlete without
one) says so with ``not_applicable(ctx, params) -> str | None``: the reason in words ("the
athlete has no weaker side"), or None when it applies. Its verdict is then "not applicable"
with that reason instead of "kept" (hamopt/engine/check.py); the checker still runs, and a
violation still breaks the rule.

Four optional hooks serve explanations (hamopt/explain/conflict.py, hamopt/explain/relax.py);
a rule without them still works, with generic words built from its description and instance names:

* ``describe(instance, dctx, params) -> str``: one instance in words a coach understands, with
  the numbers ("bf_short needs at least 2 weighted sets a week; only knee flexion trains it");
* ``relax(dctx, params) -> list[Relaxation]``: the concrete ways to loosen the rule when a
  scenario is infeasible (a parameter's new value, or an instance released by a change of the
  scenario's data), each with a cost; the cheapest combination that makes the scenario
  feasible is chosen by a relaxation model and verified by re-solving;
* ``describe_slots(dctx, params) -> str | None``: what a rule that constrains which slots hold
  sessions asks of them ("at least 48 h apart"), for the words on the session count;
* ``justify(program, ctx, params) -> str``: one line with the numbers behind the verdict on a
  finished program ("bf_short: 6.3 weighted sets from seated leg curl 3 + lying leg curl 3").
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from string import Formatter
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict

from hamopt.domain.fields import OutputField
from hamopt.domain.models import Mode
from hamopt.domain.words import num

if TYPE_CHECKING:
    from hamopt.domain.models import Catalog, Program, Scenario, Slot
    from hamopt.rules.check_context import CheckContext
    from hamopt.rules.model_context import ModelContext


class Params(BaseModel):
    """Base for rule parameters: unknown keys are errors naming the valid ones."""

    model_config = ConfigDict(extra="forbid", frozen=True)


@dataclass(frozen=True)
class Violation:
    """One broken instance of a rule, in words a coach understands."""

    rule: str
    instance: str
    message: str


@dataclass(frozen=True)
class DescribeContext:
    """What ``describe`` and ``relax`` see: the scenario's data, never the CP-SAT model."""

    scenario: Scenario
    catalog: Catalog
    slots: tuple[Slot, ...]  # sorted by hour of the week, as the model numbers them
    rules: Mapping[str, ActiveRule] = field(default_factory=dict)  # the active rules by id

    def params_of(self, rule_id: str) -> Params | None:
        """Another active rule's params (e.g. the spacing a session count must respect)."""
        active = self.rules.get(rule_id)
        return None if active is None or active.mode is Mode.off else active.params


@dataclass(frozen=True)
class PlanContext:
    """What ``plan`` sees: the scenario and the rules in force, before any model exists."""

    scenario: Scenario
    rules: Mapping[str, ActiveRule] = field(default_factory=dict)  # active (not off) by id

    def params_of(self, rule_id: str) -> Params | None:
        """Another active rule's params (e.g. the transition weeks rotation blocks follow)."""
        active = self.rules.get(rule_id)
        return None if active is None else active.params


@dataclass(frozen=True)
class PlanMarks:
    """A rule's word on a plan's weeks (the ``plan`` hook).

    ``starts``: weeks (1-based) that must begin a new weekly template, e.g. where a dose
    changes. ``marks``: week -> names for it; weeks with different marks never share a
    template, and each template's segment carries the marks of its weeks.

    ``interludes``: weeks that interrupt the plan without changing it (a deload week): each
    is a run of its own, but the weeks on either side stay one template, as they would be
    without it, and the interlude weeks with the same marks that follow the same template
    share one template of their own (hamopt/engine/horizon.py). So a plan's size does not
    grow with the number of its interludes. A rule that relates weeks (``horizon``) reads
    them in order through ``ModelContext.plan()``, where a template may come back.

    ``keys``: week -> what the rule's weekly ``encode`` reads from the week a template
    starts at (``ctx.segment.first_week``) where the rule starts no template: runs of weeks
    that begin at weeks with different keys never share a template, so sharing never makes
    a run read another run's week. It cuts nothing (nordic_safety's dose by the week).
    """

    starts: frozenset[int] = frozenset()
    marks: Mapping[int, frozenset[str]] = field(default_factory=dict)
    interludes: frozenset[int] = frozenset()
    keys: Mapping[int, Hashable] = field(default_factory=dict)


@dataclass(frozen=True)
class Relaxation:
    """One concrete way to loosen a rule, offered by its ``relax`` hook.

    Either a parameter change (``param`` gets ``value``) or the release of one ``instance``
    that stands for a change of the scenario's data: the field at ``where`` (a dotted path
    into the scenario, e.g. "equipment") goes from ``before`` to ``after``; releasing
    equipment's "no barbell" is adding a barbell. ``cost`` compares changes across rules:
    roughly the percentage of the rule given up (48 -> 36 h is 25); see hamopt/explain/relax.py.
    """

    change: str  # what a coach reads: "allow 36 h between sessions"
    cost: int
    param: str | None = None
    value: Any = None
    instance: str | None = None
    where: str | None = None
    before: Any = None
    after: Any = None


class SlotUse(StrEnum):
    """What a rule makes of *which* offered slot (day and time) holds a session.

    The solver uses it to choose the slots before the exercises (hamopt/engine/slot_choice.py):
    when every active rule is ``none``, or a hard ``schedule`` rule, any slot set the
    schedule rules allow gives the same best program, so the model is built on one such set
    and never searches the others. One ``any`` rule keeps every slot open in the model.
    """

    # Reads sessions only through ctx.in_slot / ctx.used as places, never a slot's day or
    # time: swapping two sessions' slots changes nothing it says.
    none = "none"
    # Constrains only which slots hold a session (ctx.used), from their times, and nothing
    # a session contains (recovery_spacing).
    schedule = "schedule"
    # May treat a session differently by its slot ("no Nordics on Mondays"). The default, so
    # a plugin written without this field is never wrongly optimised away.
    any = "any"


EncodeFn = Callable[["ModelContext", Any], None]
CheckFn = Callable[["Program", "CheckContext", Any], list[Violation]]
GoalFn = Callable[["Program", "CheckContext", Any], int]
DescribeFn = Callable[[str, DescribeContext, Any], str]
RelaxFn = Callable[[DescribeContext, Any], list[Relaxation]]
JustifyFn = Callable[["Program", "CheckContext", Any], str]
DescribeSlotsFn = Callable[[DescribeContext, Any], "str | None"]
PrepareFn = Callable[["ModelContext", Any], None]
AnnotateFn = Callable[["Program", "CheckContext", Any], None]
PlanFn = Callable[[PlanContext, Any], PlanMarks]
NotApplicableFn = Callable[["CheckContext", Any], "str | None"]


@dataclass(frozen=True)
class Rule:
    """A registered rule. Modules build one of these as their module-level ``RULE``."""

    id: str
    # One line for people. ``{param}`` fields read the parameters in force (``summary``):
    # "at least {min_hours} hours apart" says 36 when a rule set asks for 36.
    description: str
    params: type[Params]
    encode: EncodeFn
    check: CheckFn
    goal: GoalFn | None = None
    default_mode: Mode = Mode.hard
    default_weight: int = 1000
    # Free text for `hamopt rules`: where the defaults come from.
    sources: tuple[str, ...] = field(default_factory=tuple)
    # Optional explanation hooks (see the module docstring); generic words when missing.
    describe: DescribeFn | None = None
    relax: RelaxFn | None = None
    justify: JustifyFn | None = None
    # A `schedule` rule's demand on the slots sessions take, in words ("at least 48 h
    # apart"), for an explanation of the scenario's session count; None when it asks nothing.
    describe_slots: DescribeSlotsFn | None = None
    # False: an explanation never suggests loosening this rule, not even making it soft (a
    # medical contraindication is not traded for volume); fixes must come from elsewhere.
    relaxable: bool = True
    # Optional model hooks (see the module docstring): before all encoders, after decoding.
    prepare: PrepareFn | None = None
    annotate: AnnotateFn | None = None
    # Rules whose `annotate` must run before this one's (it reads what they mark).
    annotate_after: tuple[str, ...] = ()
    # Optional plan hook (see the module docstring): template starts and week marks.
    plan: PlanFn | None = None
    # False: `encode` runs once per weekly template (a rule about one week). True: once for
    # the whole plan, reading its weeks in order through ``ctx.plan()`` (each run of weeks
    # with the template it repeats; a template shared by several runs comes back) and every
    # distinct template through ``ctx.templates`` (hamopt/engine/horizon.py).
    horizon: bool = False
    # How the rule reads the slots a session may take (see SlotUse).
    slot_use: SlotUse = SlotUse.any
    # Optional: the same for these params and this scenario, where it depends on them
    # (match_proximity reads a slot's day only when the schedule names a match); overrides
    # ``slot_use`` (``slot_use_in``).
    slot_use_for: Callable[[Any, Scenario], SlotUse] | None = None
    # True: the rule's *goal* is a quality term. It ranks programs a coach would prefer
    # (exercise fit, volume at the athlete's target) among those with the same rule penalties:
    # the objective is rule penalties first (soft breaks, other rules' goals), then quality
    # (hamopt/engine/compile.py), so no quality term can ever buy a broken rule. Its weight
    # (in the rule set) trades it against the other quality terms only. The rule's guards,
    # if any, are rules like any other's.
    quality: bool = False
    # Optional: with these params, does the rule (in force as hard) forbid two exercises of
    # one movement family in a session? The engine's reduction of interchangeable exercises
    # (hamopt/engine/interchangeable.py) is exact only then, and must not name the rule.
    families_exclusive: Callable[[Any], bool] | None = None
    # Optional: the exercises the rule treats by id, picked from the data rather than named in
    # its params (the Nordic substitute), for these params, scenario and catalog. The engine's
    # reduction of dominated exercises (hamopt/engine/dominated.py) keeps their candidates.
    named_exercises: Callable[[Any, Scenario, Catalog], Iterable[str]] | None = None
    # Optional: the exercises the rule, in force as hard, keeps out of every program whatever
    # else it holds (equipment: what needs an item the scenario lacks), for these params,
    # scenario and catalog. A solve gives them no candidate (hamopt/engine/forbidden.py); an
    # explanation keeps them, so its conflict can name the rule that keeps them out.
    forbids: Callable[[Any, Scenario, Catalog], Iterable[str]] | None = None
    # Optional: groups of exercises the rule asks a program to hold one of, by something no
    # price of a set shows (strength_hinge: a loaded hinge in a heavy zone). The short list a
    # first solve runs on (hamopt/engine/short_list.py) keeps each group's cheapest.
    needs_one_of: Callable[[Any, Scenario, Catalog], Iterable[frozenset[str]]] | None = None
    # Optional: groups of movement families a session holds one exercise of between them, with
    # these params (session_shape's exclusive_groups: squat, leg press and hack squat as one
    # bilateral squat). The short list counts a group as one family when it keeps each job's
    # variety, so a session can still hold a second line of the job (short_list.kept_for_job).
    movement_groups: Callable[[Any], Iterable[frozenset[str]]] | None = None
    # Optional: False where, with these params, more stimulus on a head or more long-length
    # bias can make a program worse or break the rule (a cap, a balance between heads). The
    # engine's reduction of dominated exercises is exact only when no active rule says False.
    stimulus_monotone: Callable[[Any], bool] | None = None
    # True: the places the rule constrains (inside ``ctx.order()``) follow the lines' kinds
    # alone (region, knee flexion, hip extension: hamopt/domain/line_order.kind), or the order
    # of the same lines in another week. The decoded program then lists each run of lines of
    # one kind in a coach's order (line_order.in_coach_order), which keeps such a rule. A rule
    # that places lines by anything else (a plugin's "the Nordic first") leaves it False, and
    # every session keeps the solver's order.
    orders_by_kind: bool = False
    # Fields the rule writes onto the program's lines or weeks (in `prepare` through
    # ctx.add_choice, or in `annotate`): declared here, they validate, serialize at their
    # place and appear in the program's JSON Schema (hamopt/domain/fields.py).
    fields: tuple[OutputField, ...] = ()

    # Optional: why the rule has nothing to act on for this scenario, or None when it applies
    # (see the module docstring).
    not_applicable: NotApplicableFn | None = None


    def slot_use_in(self, params: Any, scenario: Scenario) -> SlotUse:
        """How the rule reads the slots for this scenario (``slot_use_for``, else ``slot_use``)."""
        if self.slot_use_for is not None:
            return self.slot_use_for(params, scenario)
        return self.slot_use

    def summary(self, params: Params | None = None) -> str:
        """The description with the parameter values in force (the defaults without
        ``params``): each ``{name}`` field is that parameter's value as a coach writes it."""
        if params is None:
            try:
                params = self.params()
            except Exception:  # a plugin's Params with a required field has no defaults
                return self.description
        raw = params.model_dump()
        try:
            parts = list(Formatter().parse(self.description))
        except ValueError:  # unbalanced braces: text of its own
            return self.description
        out = []
        for literal, name, spec, conversion in parts:
            out.append(literal)
            if name is None:
                continue
            if name in raw and not conversion:
                try:
                    out.append(format(raw[name], spec) if spec else shown_value(raw[name]))
                    continue
                except (TypeError, ValueError):
                    pass
            # Not a parameter (or a format it cannot take): left as written.
            out.append("{" + name + (f"!{conversion}" if conversion else "")
                       + (f":{spec}" if spec else "") + "}")
        return "".join(out)


def shown_value(value: Any) -> str:
    """A parameter value in a sentence: 48, 2.5, "heavy, light", "none"."""
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return num(value)
    if isinstance(value, list | tuple | set | frozenset):
        return ", ".join(shown_value(v) for v in value)
    return str(value)


@dataclass(frozen=True)
class ActiveRule:
    """A rule as a resolved rule set switches it on: mode, weight and validated params."""

    rule: Rule
    mode: Mode
    weight: int
    params: Params

    @property
    def id(self) -> str:
        return self.rule.id

    @property
    def quality(self) -> bool:
        return self.rule.quality


def relative_cost(old: float, new: float) -> int:
    """The cost of moving a parameter from ``old`` to ``new``: the percentage given up.

    48 -> 36 h is 25, 12 -> 10 weekly sets 17. At least 1, so every change costs something.
    """
    if old == new:
        return 0
    base = abs(old) if old else 1.0
    return max(1, round(100 * abs(old - new) / base))
