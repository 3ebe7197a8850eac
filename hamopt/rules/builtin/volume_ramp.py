"""volume_ramp: weekly hamstring sets rise by at most ``max_rise_pct`` from one week to the next.

IUSCA position stand (Schoenfeld et al., 2021): raise volume gradually, about 20% per
progression cycle; seed 003: "aggressive jumps in load can backfire". Templates repeat within
a segment (hamopt/engine/horizon.py), so the volume can only rise where a template changes: one
instance per change, "week <n>", plus "week 1" when ``start_sets`` (the sets the athlete does
now) is given. A deload week is no base for the next rise: the week after a deload is held to
the last week before it, so training returns to where it was.

``deload_every``: every K-th week of a multi-week plan is a deload week, marked ``deload`` on
the week. A deload lowers training demand for about a week, most often by cutting volume
(sets) and/or effort (Bell et al., Sports Med Open 2023), so it cuts both here:

* sets: the deload week keeps the lines of the week before (same sessions, exercises, order
  and reps: that week's workouts, lighter), each with ``deload_min_pct`` % of its sets
  rounded up (default 50: 2 -> 1, 3 -> 2, 4 -> 2, 5 -> 3), and its total sets (hamstring
  and quad) stay within ``deload_min_pct``-``deload_max_pct`` % (default 50-70 %) of the
  week before's; instance "week <n> deload sets". Deload weeks are interludes (the
  ``plan`` hook, mark ``DELOAD``): a template apart from the weeks around it, so its sets
  can differ from theirs, while those weeks stay the one template they are without deloads;
  the deload weeks that follow one template share one, its cut (hamopt/engine/horizon.py),
  so a two-year plan with a deload every 4 weeks has two deload templates, not 26. The
  weekly minimums give way in weeks with that mark: volume_range's weekly floor and 2 sets a
  line (a line may drop to 1 set), head_coverage's per-head minimum and goal, volume_target's
  goal (the target is the normal weeks'), and correction_ratio's ratio and quad floor (the
  week before, cut, keeps its ratio give or take the rounding) read it;
* load and effort: the rule ``progression`` cuts the load by 10 % and drops reps to the bottom
  of the range; the prescription puts every line at 3-4 reps in reserve
  (hamopt/domain/prescribe.py).

A rule set that wants the old load-only deload sets ``deload_min_pct`` and ``deload_max_pct``
to 100. Instances: "week <n>" (rise), "week <n> deload" (a week marked wrongly) and
"week <n> deload sets" (the cut).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import Field, model_validator

from hamopt.domain.fields import OutputField
from hamopt.domain.metrics import by_weeks, hamstring_sets
from hamopt.domain.models import Mode, Program, ProgramExercise, ProgramWeek, Scenario
from hamopt.domain.words import plural
from hamopt.rules.check_context import CheckContext
from hamopt.rules.contract import (
    Params,
    PlanContext,
    PlanMarks,
    Rule,
    SlotUse,
    Violation,
)
from hamopt.rules.model_context import ModelContext

if TYPE_CHECKING:
    from ortools.sat.python import cp_model

# The week field this rule owns (rule progression reads it), and the mark its `plan` gives
# deload weeks; rules whose weekly minimums give way in a deload week (volume_range) import
# it and read it from the segment they encode.
DELOAD = "deload"
FIELD = OutputField(
    name=DELOAD,
    type=bool,
    on="week",
    default=False,
    after="transition",
    description="A lighter week (rule volume_ramp's deload_every).",
)


class RampParams(Params):
    max_rise_pct: int = Field(default=20, ge=0, le=500)  # IUSCA 2021: ~20% per cycle
    start_sets: int | None = Field(default=None, ge=0, le=100)  # weekly sets done now
    deload_every: int | None = Field(default=None, ge=2, le=104)  # e.g. 4: weeks 4, 8, ...
    # A deload week's total sets as a share of the week before: cut by 30-50 % (Bell et al.
    # 2023: deloads most often cut sets; the band is hamopt's choice within their reports).
    deload_min_pct: int = Field(default=50, ge=0, le=100)
    deload_max_pct: int = Field(default=70, ge=0, le=100)

    @model_validator(mode="after")
    def _ordered(self) -> RampParams:
        if self.deload_min_pct > self.deload_max_pct:
            raise ValueError("deload_min_pct must not exceed deload_max_pct")
        return self


def deload_weeks(scenario: Scenario, params: RampParams) -> frozenset[int]:
    """The plan's deload weeks: every ``deload_every``-th week of a multi-week plan."""
    if not params.deload_every or scenario.weeks < 2:
        return frozenset()
    return frozenset(range(params.deload_every, scenario.weeks + 1, params.deload_every))


def plan_weeks(pctx: PlanContext, params: RampParams) -> PlanMarks:
    """Deload weeks are marked so, and each has a template apart from the weeks around it,
    which lets its sets drop. Where that is exact (``shareable``) they are interludes: the
    weeks around them stay the template they would be without them, as far as those weeks
    are interchangeable, and the deload weeks that follow one template share one, its cut
    (hamopt/engine/horizon.py). Otherwise each deload week and the weeks after it start
    templates of their own."""
    weeks = deload_weeks(pctx.scenario, params)
    marks = {w: frozenset({DELOAD}) for w in weeks}
    if shareable(pctx, params):
        return PlanMarks(marks=marks, interludes=weeks)
    return PlanMarks(starts=weeks | frozenset(w + 1 for w in weeks), marks=marks)


# The rules that relate one week to another (horizon rules) whose constraints the argument
# for sharing reads; a plugin horizon rule would need the same argument.
_RELATING = ("consistency", "progression", "volume_ramp", "phase_ratio")


def shareable(pctx: PlanContext, params: RampParams) -> bool:
    """Whether the runs of weeks between deloads may share templates without changing the
    best program (hamopt/engine/horizon.py's argument, which needs these two of the rules
    relating weeks; consistency and the Nordic dose need nothing more):

    * no ``start_sets``: a plan that starts below its volume climbs by ``max_rise_pct`` at
      each template change, and with a template per run it climbs after every deload
      (tests/engine/test_horizon.py: 12 weeks at ``start_sets`` 10 hold 12 sets a week
      shared, climb to 14 unshared); shared runs would hold it flat;
    * progression's room to climb (``min_weeks``) no longer than a run and its deload:
      then no run between deloads can use a narrow rep zone (its deload keeps its zones),
      and whether runs take turns in one cannot matter;
    * the rules relating weeks hard (or off): the argument swaps runs for their best one,
      which keeps every hard constraint but may move a soft break from one week to another;
      and none but these (a plugin's ``horizon`` rule was not part of the argument).
    """
    if params.start_sets is not None:
        return False
    for rule_id, active in pctx.rules.items():
        if rule_id in _RELATING and active.mode is not Mode.hard:
            return False
        if active.rule.horizon and rule_id not in _RELATING:
            return False
    room = pctx.params_of("progression")
    min_weeks = getattr(room, "min_weeks", None)
    return not (params.deload_every and min_weeks and params.deload_every < min_weeks)


def _ham(ctx: ModelContext):  # type: ignore[no-untyped-def]
    return ctx.total_sets(ctx.where(lambda c: c.exercise.is_hamstring))


def _all(ctx: ModelContext):  # type: ignore[no-untyped-def]
    return ctx.total_sets(ctx.candidates)


def _cut(
    ctx: ModelContext, prev: ModelContext, nxt: ModelContext, params: RampParams,
    lit: cp_model.IntVar,
) -> None:
    """The deload template ``nxt``: the lines of ``prev``, each cut to its share of sets, and
    the week's total within the band."""
    lo, hi = params.deload_min_pct, params.deload_max_pct
    model = ctx.model
    model.add(100 * _all(nxt) >= lo * _all(prev)).only_enforce_if(lit)
    model.add(100 * _all(nxt) <= hi * _all(prev)).only_enforce_if(lit)
    before = {(c.slot, c.exercise.id): c for c in prev.candidates}
    for c in nxt.candidates:
        was = before.get((c.slot, c.exercise.id))
        if was is None:
            model.add(c.present == 0).only_enforce_if(lit)
            continue
        # The same line in the same session and rep zone, its sets cut to lo % rounded up
        # (2 -> 1, 3 -> 2, 4 -> 2, 5 -> 3 at 50 %; a 1-set line keeps its set). One value
        # per line: the deload template follows from the week before, which keeps the search
        # the same size as without deloads.
        model.add(c.present == was.present).only_enforce_if(lit)
        # In the same place in the session: the week before's workout, lighter. A place
        # constraint (ModelContext.order: a plan keeps it in its model).
        with ctx.order():
            model.add(c.pos == was.pos).only_enforce_if(lit)
        model.add(100 * c.sets >= lo * was.sets).only_enforce_if(lit)
        model.add(100 * c.sets <= lo * was.sets + 99).only_enforce_if(lit)
        for zone, z in c.zones.items():
            model.add(z == was.zones.get(zone, 0)).only_enforce_if(lit)


def deload_sets(sets: int, params: RampParams) -> int:
    """A line's sets in a deload week from its sets the week before (as ``_cut`` encodes):
    ``deload_min_pct`` of them, rounded up."""
    return -(-params.deload_min_pct * sets // 100)


def encode(ctx: ModelContext, params: RampParams) -> None:
    pct = 100 + params.max_rise_pct
    if params.start_sets is not None and ctx.templates:
        lit = ctx.guard("week 1")
        ctx.model.add(100 * _ham(ctx.templates[0]) <= pct * params.start_sets).only_enforce_if(lit)
    # The plan's weeks in order; where templates are shared (deload weeks, the weeks between
    # them) the same pair comes back, and its constraint is added once, for all its weeks.
    pairs: dict[tuple[bool, int, int], tuple[ModelContext, ModelContext, list[int]]] = {}
    base: ModelContext | None = None  # the last template that is not a deload
    plan = ctx.plan()
    for (run, prev), (nrun, nxt) in zip(plan, plan[1:], strict=False):
        base = prev if DELOAD not in run.marks else base
        if DELOAD in nrun.marks:
            pairs.setdefault((True, id(prev), id(nxt)), (prev, nxt, []))[2].append(nrun.first_week)
        elif base is not None and base is not nxt:  # a template never rises over itself
            pairs.setdefault((False, id(base), id(nxt)), (base, nxt, []))[2].append(nrun.first_week)
    for (deload, _, _), (before, nxt, weeks) in pairs.items():
        if deload:
            _cut(ctx, before, nxt, params, ctx.guard(f"week {weeks[0]} deload sets", len(weeks)))
            continue
        lit = ctx.guard(f"week {weeks[0]}", len(weeks))
        ctx.model.add(100 * _ham(nxt) <= pct * _ham(before)).only_enforce_if(lit)


def total_sets(week: ProgramWeek) -> int:
    """Every working set of the week, hamstring and quad."""
    return sum(line.sets for session in week.sessions for line in session.exercises)


def check(program: Program, ctx: CheckContext, params: RampParams) -> list[Violation]:
    found = []
    pct = 100 + params.max_rise_pct
    deloads = deload_weeks(ctx.scenario, params)
    before = params.start_sets
    previous: ProgramWeek | None = None
    for week in program.weeks:
        now = hamstring_sets(week, ctx.by_id)
        if week.week in deloads and previous is not None:
            found += _check_cut(previous, week, params)
        elif before is not None and 100 * now > pct * before:
            found.append(
                Violation(
                    RULE.id,
                    f"week {week.week}",
                    f"week {week.week}: {now} hamstring sets after {before} is a rise of more "
                    f"than {params.max_rise_pct}%",
                )
            )
        if week.week not in deloads:
            before = now  # a deload week is no base for the next rise
        previous = week
    for week in program.weeks:
        want = week.week in deloads
        if week.extra(DELOAD) != want:
            every = f"every {params.deload_every} weeks" if params.deload_every else "none asked"
            found.append(
                Violation(
                    RULE.id,
                    f"week {week.week} deload",
                    f"week {week.week} should {'' if want else 'not '}be a deload week "
                    f"({every})",
                )
            )
    return found


def _lines(week: ProgramWeek) -> dict[tuple[str, str | None, str], ProgramExercise]:
    return {(s.day, s.time, x.id): x for s in week.sessions for x in s.exercises}


def _check_cut(previous: ProgramWeek, week: ProgramWeek, params: RampParams) -> list[Violation]:
    """A deload week keeps the lines of the week before in their order, each with its share
    of the sets."""
    lo, hi = params.deload_min_pct, params.deload_max_pct
    said = []
    had, has = total_sets(previous), total_sets(week)
    if not lo * had <= 100 * has <= hi * had:
        said.append(f"{has} sets after {had}; a deload week keeps {lo}-{hi}% of the week before")
    before, now = _lines(previous), _lines(week)
    for key in sorted(set(before) | set(now), key=str):
        name = (now.get(key) or before[key]).name or key[2]
        if key not in now:
            said.append(f"{name} is dropped (a deload keeps the lines and cuts their sets)")
        elif key not in before:
            said.append(f"{name} is new (a deload keeps the lines of the week before)")
        else:
            want = deload_sets(before[key].sets, params)
            if now[key].sets != want or now[key].reps != before[key].reps:
                said.append(
                    f"{name} {now[key].sets} x {now[key].reps[0]}-{now[key].reps[1]} after "
                    f"{before[key].sets} x {before[key].reps[0]}-{before[key].reps[1]} "
                    f"(a deload keeps the reps and {want} of its sets)"
                )
    said += _reordered(previous, week)
    return [
        Violation(RULE.id, f"week {week.week} deload sets", f"week {week.week} (deload): {text}")
        for text in said
    ]


def _reordered(previous: ProgramWeek, week: ProgramWeek) -> list[str]:
    """The sessions whose lines a deload week puts in another order than the week before."""
    said = []
    before = {(s.day, s.time): [x.id for x in s.exercises] for s in previous.sessions}
    for session in week.sessions:
        was = before.get((session.day, session.time), [])
        now = [x.id for x in session.exercises if x.id in was]
        if now != [i for i in was if i in now]:
            names = ", ".join(x.name or x.id for x in session.exercises)
            said.append(
                f"{session.day} {session.time or ''}".rstrip()
                + f" in another order ({names}; a deload keeps the week before's order)"
            )
    return said


def annotate(program: Program, ctx: CheckContext, params: RampParams) -> None:
    deloads = deload_weeks(ctx.scenario, params)
    for week in program.weeks:
        if week.week in deloads:
            week.set_extra(DELOAD, True)


def justify(program: Program, ctx: CheckContext, params: RampParams) -> str:
    """Each week's hamstring sets (weeks alike once), a deload's cut, and the rise allowed."""
    deloads = deload_weeks(ctx.scenario, params)
    said: dict[int, str] = {}
    previous: ProgramWeek | None = None
    for week in program.weeks:
        text = plural(hamstring_sets(week, ctx.by_id), "hamstring set")
        if week.week in deloads and previous is not None and total_sets(previous):
            share = round(100 * total_sets(week) / total_sets(previous))
            text += f", a deload ({share} % of the week before's sets)"
        said[week.week] = text
        previous = week
    start = f"; {params.start_sets} a week before the plan" if params.start_sets is not None else ""
    weekly = "; ".join(by_weeks(program.weeks, lambda week: said[week.week]))
    return f"{weekly}{start} (each week at most {params.max_rise_pct} % above the one before)"


def not_applicable(ctx: CheckContext, params: RampParams) -> str | None:
    if ctx.scenario.weeks < 2 and params.start_sets is None:
        return "a one-week plan with no start_sets: no week to rise from"
    return None


RULE = Rule(
    id="volume_ramp",
    not_applicable=not_applicable,
    description="Weekly hamstring sets rise by at most {max_rise_pct}% from one week to the next; "
    "optional deload week every K weeks at 50-70% of the week before's sets.",
    params=RampParams,
    encode=encode,
    check=check,
    justify=justify,
    annotate=annotate,
    fields=(FIELD,),
    plan=plan_weeks,
    horizon=True,
    # Its places are the week before's for the same lines in the same zones, which a coach's
    # order of each kind (hamopt/domain/line_order.py) gives both weeks alike.
    orders_by_kind=True,
    sources=(
        "Schoenfeld et al., IUSCA position stand 2021",
        "003_95a5fdc3819596de.txt",
        "Bell et al., Sports Med Open 2023",
    ),
    slot_use=SlotUse.none,
)
