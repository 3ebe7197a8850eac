"""consistency: the same exercises stay within a phase, so progression means something.

003_95a5fdc3819596de.txt: progress "gradually" by adding weight, reps, or a harder variation.
Double progression (rule ``progression``) climbs one line week after week; a line that moves
to another day or is swapped for another exercise starts over. So within a phase every week
keeps the same exercises in the same sessions (sets and reps may change, e.g. in a
``phase_ratio`` transition week). Changes happen:

* at a phase boundary (correction -> balanced: the plan changes its aim);
* every ``rotate_every`` weeks of a phase where the rule set allows rotation (default: no
  rotation; hamopt/engine/horizon.py then cuts each phase into blocks of that many weeks, one
  template each), at most ``max_swaps`` new lines at each rotation when that is given;
* for the Nordic lines only, where ``nordic_for_prevention``'s build-up changes the weekly
  dose (weeks 2, 3 and 11): Petersen adds sessions as the dose grows (2 sets in one session,
  then 2 x 2, ...), and with at least 2 sets a line (volume_range) that means new Nordic
  lines. Which weeks and which exercises are read from nordic_for_prevention as the rule set
  has it (``params_of``; none where it is off), the same in the encoder and the checker. In those
  weeks other knee-flexion lines may also go (never come): the growing Nordic dose does
  their job. Without that, the curl a week-1 session needed beside the single Nordic
  session stayed for all ten weeks of the sprinter plan next to three Nordic sessions: 17
  weekly sets for an intermediate (target 14), one of them a bodyweight slider curl. (Only
  in a session that gains a Nordic line was tried too: the same plan, but its proof took
  3.0-9.1 deterministic s over seeds 0-2 against 2.6-3.6.)

A weekly template repeats within its segment, so the rule only speaks where a phase has more
than one segment: after transition weeks, and at rotation blocks. Instances: "week <n>" (a
week that should repeat the one before) and "week <n> rotation" (too many swaps).
"""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import Field

from hamopt.domain.models import DAYS, Exercise, Phase, Program, ProgramWeek
from hamopt.domain.words import names_list
from hamopt.rules.builtin.correction_ratio import TRANSITION
from hamopt.rules.builtin.nordic_for_prevention import NordicParams, dose_changes, plan_for
from hamopt.rules.builtin.phase_ratio import PhaseRatioParams, transition_weeks
from hamopt.rules.check_context import CheckContext
from hamopt.rules.contract import (
    DescribeContext,
    Params,
    PlanContext,
    PlanMarks,
    Relaxation,
    Rule,
    SlotUse,
    Violation,
)
from hamopt.rules.model_context import ModelContext

PHASE, ROTATION, DOSE = "phase", "rotation", "dose"


class ConsistencyParams(Params):
    rotate_every: int | None = Field(default=None, ge=1, le=104)  # e.g. 4: weeks 5, 9 may change
    max_swaps: int | None = Field(default=None, ge=0, le=50)  # new lines allowed per rotation


def change_points(weeks: Sequence[tuple[Phase | None, bool]], rotate_every: int | None) -> dict:
    """Week number (1-based) -> PHASE or ROTATION where the exercises may change.

    ``weeks`` is each week's (phase, transition). Rotation blocks start counting after a
    phase's transition weeks, as hamopt/engine/horizon.py cuts them.
    """
    out: dict[int, str] = {}
    run = 0  # non-transition weeks so far in this phase
    for i, (phase, transition) in enumerate(weeks):
        if i and phase != weeks[i - 1][0]:
            out[i + 1] = PHASE
            run = 0
        if transition:
            continue
        if rotate_every and run and run % rotate_every == 0:
            out[i + 1] = ROTATION
        run += 1
    return out


def plan_weeks(pctx: PlanContext, params: ConsistencyParams) -> PlanMarks:
    """Rotation blocks: every ``rotate_every`` weeks of a phase, counted after its transition
    weeks (phase_ratio's, when that rule asks for them), starts a new template."""
    if not params.rotate_every:
        return PlanMarks()
    ratio = pctx.params_of("phase_ratio")
    asked = ratio.transition_weeks if isinstance(ratio, PhaseRatioParams) else 0
    lead_in = transition_weeks(pctx.scenario, asked)
    weeks: list[tuple[Phase | None, bool]] = []  # each week's (phase, transition)
    for phase, n in pctx.scenario.phase_plan():
        for _ in range(n):
            weeks.append((phase, len(weeks) + 1 in lead_in))
    points = change_points(weeks, params.rotate_every)
    return PlanMarks(starts=frozenset(w for w, kind in points.items() if kind == ROTATION))


def dose_points(ctx: ModelContext | CheckContext) -> tuple[set[int], set[str]]:
    """The Nordic build-up's dose weeks and the exercises that make the dose, as
    nordic_for_prevention has them in this rule set (none where it is off)."""
    nordic = ctx.params_of("nordic_for_prevention")
    if not isinstance(nordic, NordicParams):
        return set(), set()
    scenario, catalog = ctx.scenario, ctx.catalog
    weeks = dose_changes(scenario, nordic)
    return (weeks, set(plan_for(scenario, catalog, nordic).counted)) if weeks else (set(), set())


def encode(ctx: ModelContext, params: ConsistencyParams) -> None:
    plan = ctx.plan()  # the weeks in order; a shared template comes back (deload weeks)
    weeks = [(run.phase, TRANSITION in run.marks) for run, _ in plan for _ in range(run.weeks)]
    points = change_points(weeks, params.rotate_every)
    dose_weeks, nordic = dose_points(ctx)
    # One constraint per pair of templates and kind of change, for all the weeks it stands for.
    pairs: dict[tuple[int, int, str | None, bool], list] = {}  # type: ignore[type-arg]
    for (_, prev), (run, nxt) in zip(plan, plan[1:], strict=False):
        week = run.first_week
        kind, dose = points.get(week), week in dose_weeks
        if prev is nxt or (kind is not None and kind != ROTATION):
            continue
        if kind == ROTATION and params.max_swaps is None:
            continue
        pairs.setdefault((id(prev), id(nxt), kind, dose), [prev, nxt, []])[2].append(week)
    for (_, _, kind, dose), (prev, nxt, at) in pairs.items():
        week = at[0]
        # Templates are built alike, so the i-th candidates are the same (slot, exercise).
        pairs_ = list(zip(prev.candidates, nxt.candidates, strict=True))
        if kind is None:
            lit = ctx.guard(f"week {week}", len(at))
            for a, b in pairs_:
                if dose and b.exercise.id in nordic:
                    continue  # the build-up may add (or drop) Nordic lines here
                if dose and _displaced(b.exercise, nordic):
                    # Kept, or dropped as the Nordic dose grows; never added.
                    ctx.model.add(b.present <= a.present).only_enforce_if(lit)
                    continue
                ctx.model.add(a.present == b.present).only_enforce_if(lit)
        else:
            lit = ctx.guard(f"week {week} rotation", len(at))
            new = []
            for a, b in pairs_:
                fresh = ctx.model.new_bool_var(f"new[{week},{b.slot},{b.exercise.id}]")
                ctx.model.add_bool_or([fresh, b.present.Not(), a.present])  # b and not a -> new
                new.append(fresh)
            ctx.model.add(sum(new) <= params.max_swaps).only_enforce_if(lit)  # type: ignore[operator]


def _displaced(exercise: Exercise, nordic: set[str]) -> bool:
    """A line a Nordic can take the place of: knee-flexion hamstring work."""
    return exercise.is_hamstring and exercise.is_knee_flexion and exercise.id not in nordic


def lines(week: ProgramWeek, skip: set[str] = frozenset()) -> set[tuple[str, str | None, str]]:  # type: ignore[assignment]
    return {(s.day, s.time, x.id) for s in week.sessions for x in s.exercises if x.id not in skip}


def check(program: Program, ctx: CheckContext, params: ConsistencyParams) -> list[Violation]:
    weeks = program.weeks
    marked = [(w.phase, bool(w.extra(TRANSITION))) for w in weeks]
    points = change_points(marked, params.rotate_every)
    dose_weeks, nordic = dose_points(ctx)
    found = []
    for before, week in zip(weeks, weeks[1:], strict=False):
        kind = points.get(week.week)
        dose = week.week in dose_weeks
        skip = nordic if dose else set()
        old, now = lines(before, skip), lines(week, skip)
        if dose:  # knee-flexion lines a new Nordic line took the place of
            old -= _displaced_lines(before, week, nordic, ctx)
        if kind is None and old != now:
            changed = sorted({x for _, _, x in old ^ now})
            found.append(Violation(
                RULE.id, f"week {week.week}",
                f"week {week.week} changes {names_list(changed)} within the {week.phase} "
                "phase; keep the same exercises so they can progress"
                + (f" (rotation every {params.rotate_every} weeks)" if params.rotate_every
                   else " (changes at phase boundaries)"),
            ))  # fmt: skip
        if kind == ROTATION and params.max_swaps is not None and len(now - old) > params.max_swaps:
            found.append(Violation(
                RULE.id, f"week {week.week} rotation",
                f"week {week.week} brings {len(now - old)} new lines; a rotation swaps at most "
                f"{params.max_swaps}",
            ))  # fmt: skip
    return found


def _displaced_lines(
    before: ProgramWeek, week: ProgramWeek, nordic: set[str], ctx: CheckContext
) -> set[tuple[str, str | None, str]]:
    """Knee-flexion lines of ``before`` gone from ``week`` (a dose week's Nordic took them)."""
    return {
        (day, time, x) for day, time, x in lines(before) - lines(week)
        if x in ctx.by_id and _displaced(ctx.by_id[x], nordic)
    }


def describe(instance: str, dctx: DescribeContext, params: ConsistencyParams) -> str:
    if instance.endswith("rotation"):
        return f"{instance.removesuffix(' rotation')} swaps at most {params.max_swaps} lines"
    return f"{instance} keeps the exercises of the week before (same phase)"


def relax(dctx: DescribeContext, params: ConsistencyParams) -> list[Relaxation]:
    out = [
        Relaxation(change=f"allow a rotation every {k} weeks", cost=30, param="rotate_every",
                   value=k)
        for k in (4, 2)
        if params.rotate_every is None or k < params.rotate_every
    ]  # fmt: skip
    if params.max_swaps is not None:
        out.append(Relaxation(
            change=f"allow {params.max_swaps + 1} swaps per rotation", cost=20,
            param="max_swaps", value=params.max_swaps + 1,
        ))  # fmt: skip
    return out


def justify(program: Program, ctx: CheckContext, params: ConsistencyParams) -> str:
    """What changed from one week to the next and why, read off the program: a plan whose
    Nordic build-up adds lines is not "the same exercises every week"."""
    weeks = program.weeks
    if len(weeks) < 2:
        return "one week: nothing to keep"
    marked = [(w.phase, bool(w.extra(TRANSITION))) for w in weeks]
    points = change_points(marked, params.rotate_every)
    dose_weeks, _ = dose_points(ctx)
    changes = []
    for before, week in zip(weeks, weeks[1:], strict=False):
        old, now = lines(before), lines(week)
        if old == now:
            continue
        kind = points.get(week.week)
        why = _WHY.get(kind or "") or ("the Nordic build-up" if week.week in dose_weeks else None)
        said = [
            f"{verb} {names_list([_line_name(line, ctx) for line in sorted(found, key=_in_week)])}"
            for verb, found in (("adds", now - old), ("drops", old - now))
            if found
        ]
        changes.append(f"week {week.week}{f' ({why})' if why else ''} {' and '.join(said)}")
    if changes:
        return "the same exercises as the week before, except: " + "; ".join(changes)
    where = ", ".join(f"week {w} ({_WHY[kind]})" for w, kind in sorted(points.items()))
    return "the same exercises every week" + (f" (they may change at {where})" if where else "")


_WHY = {PHASE: "a new phase", ROTATION: "a rotation"}


def _in_week(line: tuple[str, str | None, str]) -> tuple[int, str, str]:
    day, time, ex_id = line
    return DAYS.index(day) if day in DAYS else len(DAYS), time or "", ex_id


def _line_name(line: tuple[str, str | None, str], ctx: CheckContext) -> str:
    day, time, ex_id = line
    name = ctx.by_id[ex_id].name if ex_id in ctx.by_id else ex_id
    return f"{name} ({day.capitalize()}{f' {time}' if time else ''})"


def not_applicable(ctx: CheckContext, params: ConsistencyParams) -> str | None:
    if ctx.scenario.weeks < 2:
        return "a one-week plan: no later week to keep the exercises in"
    return None


RULE = Rule(
    id="consistency",
    not_applicable=not_applicable,
    description="The same exercises stay within a phase (changes at phase boundaries, or "
    "every rotate_every weeks where the rule set allows rotation).",
    params=ConsistencyParams,
    encode=encode,
    check=check,
    describe=describe,
    relax=relax,
    justify=justify,
    plan=plan_weeks,
    horizon=True,
    sources=("003_95a5fdc3819596de.txt",),
    slot_use=SlotUse.none,
)
