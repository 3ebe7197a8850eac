"""progression: double progression week by week, and a harder variation once one is outgrown.

003_95a5fdc3819596de.txt: "If every week looks identical, your hamstrings have no reason to
adapt ... Adding a small amount of weight when sets feel easy; Increasing reps within a range,
such as from 8 to 12; Moving to a more challenging variation, like from two-leg to single-leg
bridges", and "Increase weight or band resistance in small steps".

* **Double progression** (``annotate`` fills it, ``check`` re-reads it): a line's weekly
  ``target_reps`` climb from the bottom of its rep range by ``rep_step`` a week; a week after
  the top, ``load_change`` goes up one small step ("+2.5 kg" for loaded work, "+1 step" for a
  band or bodyweight lever) and reps reset to the bottom. A deload week (volume_ramp) sets
  "-10 %" and the bottom of the range and does not advance the progression. Nordic lines of an
  athlete that ``nordic_for_prevention`` applies to follow Petersen et al. (AJSM 2011)
  instead, by the plan's week: 5, 6, 8, 10, then 12 reps (the 12/10/8 weeks), clipped to the
  line's range.
* **Room to climb** (encoded, instance "room <exercise>"): in a template that lasts
  ``min_weeks`` weeks or more, an exercise is prescribed in a rep zone at least
  ``min_rep_span`` wide (the seed's 8 -> 12) unless its own rep range is narrower.
* **Outgrown variation** (encoded, instance "outgrown <exercise>"): at a phase boundary, an
  exercise done every week of a phase of at least ``outgrow_weeks`` weeks is not carried on
  when its ``progresses_to`` (two-leg to single-leg bridge, assisted to full Nordic) is usable
  (equipment there, not excluded, no kneeling for someone who cannot kneel).
"""

from __future__ import annotations

from pydantic import Field

from hamopt.domain.metrics import weeks_label
from hamopt.domain.models import Equipment, Exercise, Program, ProgramWeek, Scenario
from hamopt.domain.words import names_list
from hamopt.rules.builtin.correction_ratio import TRANSITION
from hamopt.rules.builtin.nordic_for_prevention import NordicParams, applies, plan_for
from hamopt.rules.builtin.volume_ramp import DELOAD
from hamopt.rules.check_context import CheckContext
from hamopt.rules.contract import Params, Rule, SlotUse, Violation
from hamopt.rules.model_context import REP_ZONES, ModelContext, Segment, zone_reps

PETERSEN_REPS = (5, 6, 8, 10, 12)  # research/evidence.md: wk1 2x5 ... wk5-10 12/10/8
_BODYWEIGHT = {Equipment.resistance_band, Equipment.nordic_anchor, Equipment.sliders,
               Equipment.stability_ball, Equipment.plyo_box, Equipment.bench}  # fmt: skip


class ProgressionParams(Params):
    rep_step: int = Field(default=2, ge=1, le=10)  # hamopt's choice: 8, 10, 12 within 8-12
    load_step_kg: float = Field(default=2.5, gt=0, le=20)  # "small steps" (seed 003)
    min_rep_span: int = Field(default=4, ge=0, le=20)  # seed 003: "from 8 to 12"
    min_weeks: int = Field(default=3, ge=2, le=104)  # a template this long must leave room
    outgrow_weeks: int = Field(default=6, ge=1, le=104)  # a phase's worth of one variation
    deload_load_pct: int = Field(default=10, ge=0, le=50)


def _usable(exercise: Exercise, scenario: Scenario) -> bool:
    have = scenario.equipment_set()
    return (
        all(item in have for item in exercise.equipment)
        and exercise.id not in scenario.preferences.exclude
        and not (exercise.kneeling and "cannot_kneel" in scenario.athlete.contraindications)
    )


def load_step(exercise: Exercise, params: ProgressionParams) -> str:
    loaded = any(item not in _BODYWEIGHT for item in exercise.equipment)
    return f"+{params.load_step_kg:g} kg" if loaded else "+1 step"


def _nordic_ids(ctx: CheckContext) -> set[str]:
    """The Nordic lines that follow Petersen's reps: nordic_for_prevention's, as the rule set
    has it (none where it is off)."""
    nordic = ctx.params_of("nordic_for_prevention")
    if not isinstance(nordic, NordicParams) or not applies(ctx.scenario, nordic):
        return set()
    return set(plan_for(ctx.scenario, ctx.catalog, nordic).counted)


# --- the model ----------------------------------------------------------------------------


def encode(ctx: ModelContext, params: ProgressionParams) -> None:
    _room_encode(ctx, params)
    _outgrown(ctx, params)


def _windows(ctx: ModelContext, weeks: int) -> list[list[ModelContext]]:
    """The shortest runs of consecutive weeks' templates lasting ``weeks`` weeks or more.

    Every longer run contains one of them, so forbidding a narrow zone through each window
    forbids it through any run of that length, however the weeks are cut into templates.
    A template that comes back (shared by several runs of weeks) counts once in a window,
    and a window of the same templates as another is left out.
    """
    plan = ctx.plan()
    out: list[list[ModelContext]] = []
    seen: set[frozenset[int]] = set()
    for i in range(len(plan)):
        total = 0
        for j in range(i, len(plan)):
            total += plan[j][0].weeks
            if total >= weeks:
                window = list({id(t): t for _, t in plan[i : j + 1]}.values())
                key = frozenset(id(t) for t in window)
                if key not in seen:
                    seen.add(key)
                    out.append(window)
                break
    return out


def _room_encode(ctx: ModelContext, params: ProgressionParams) -> None:
    """No exercise in the same too-narrow rep zone for ``min_weeks`` weeks in a row."""
    windows = _windows(ctx, params.min_weeks)
    if not windows:
        return
    uses: dict[tuple[int, str, str], object] = {}  # (template, exercise, zone) -> literal

    def used(t: int, ex_id: str, zone: str):  # type: ignore[no-untyped-def]
        if (t, ex_id, zone) not in uses:
            tpl = ctx.templates[t]
            lits = [c.zones[zone] for c in tpl.candidates if c.exercise.id == ex_id]
            var = ctx.model.new_bool_var(f"zone_used[{t},{ex_id},{zone}]")
            if lits:
                ctx.model.add_max_equality(var, lits)
            else:  # not a candidate here (no equipment): never used
                ctx.model.add(var == 0)
            uses[(t, ex_id, zone)] = var
        return uses[(t, ex_id, zone)]

    index = {id(tpl): t for t, tpl in enumerate(ctx.templates)}
    for exercise in ctx.catalog.exercises:
        lo, hi = exercise.rep_range
        if hi - lo < params.min_rep_span or not _has_wide_zone(exercise, params):
            continue  # its own range is narrower (load alone), or no zone is wide enough
        narrow = [
            z for z in REP_ZONES
            if (r := zone_reps(z, exercise)) and r[1] - r[0] < params.min_rep_span
        ]  # fmt: skip
        if not narrow:
            continue
        lit = ctx.guard(f"room {exercise.id}")
        for window in windows:
            for zone in narrow:
                lits = [used(index[id(tpl)], exercise.id, zone) for tpl in window]
                ctx.model.add(sum(lits) <= len(lits) - 1).only_enforce_if(lit)  # type: ignore[arg-type]


def _outgrown(ctx: ModelContext, params: ProgressionParams) -> None:
    by_id = ctx.catalog.by_id()
    # The weeks' templates grouped by phase (and the transition mark), in the plan's order, as
    # the checker reads a phase. Not by every mark: a deload week (volume_ramp's mark) splits
    # no phase, and grouping by it cut a two-year plan's 8 correction weeks into runs of 3, 1,
    # 3 and 1, none long enough to outgrow, so nothing was encoded and the program carried
    # the eccentric Nordic past the phase the checker then found it had outgrown.
    groups: list[list[tuple[Segment, ModelContext]]] = []
    for run, tpl in ctx.plan():
        last = groups[-1][-1][0] if groups else None
        if last and _phase_of(run) == _phase_of(last):
            groups[-1].append((run, tpl))
        else:
            groups.append([(run, tpl)])
    guards: dict[str, object] = {}
    seen: set[tuple[tuple[int, ...], int]] = set()
    for before, after in zip(groups, groups[1:], strict=False):
        if sum(run.weeks for run, _ in before) < params.outgrow_weeks:
            continue
        prev = list({id(t): t for _, t in before}.values())  # a shared template once
        nxt = [after[0][1]]
        key = (tuple(id(t) for t in prev), id(nxt[0]))
        if key in seen:
            continue
        seen.add(key)
        for exercise in ctx.catalog.exercises:
            harder = by_id.get(exercise.progresses_to or "")
            if harder is None or not _usable(harder, ctx.scenario):
                continue
            every = ctx.model.new_bool_var(f"every[{exercise.id}]")
            used = [_used(t, exercise.id) for t in prev]
            # every <=> used in each template of the phase
            ctx.model.add_bool_and(used).only_enforce_if(every)
            ctx.model.add_bool_or([every, *(u.Not() for u in used)])
            if exercise.id not in guards:
                guards[exercise.id] = ctx.guard(f"outgrown {exercise.id}")
            ctx.model.add_bool_or([every.Not(), _used(nxt[0], exercise.id).Not()]).only_enforce_if(
                guards[exercise.id]  # type: ignore[arg-type]
            )


def _phase_of(run: Segment) -> tuple[object, bool]:
    """A run's phase as the checker tells phases apart: the phase and the transition mark."""
    return run.phase, TRANSITION in run.marks


def _used(tpl: ModelContext, ex_id: str):  # type: ignore[no-untyped-def]
    lits = [c.present for c in tpl.candidates if c.exercise.id == ex_id]
    var = tpl.model.new_bool_var(f"any[{ex_id}]")
    if lits:
        tpl.model.add_max_equality(var, lits)
    else:  # no candidate (a narrow first solve's short list): never used. The max of
        # nothing is no value at all, and CP-SAT reads it as an infeasible model.
        tpl.model.add(var == 0)
    return var


# --- the plain reading --------------------------------------------------------------------


def _key(week: ProgramWeek) -> list[tuple[str, str | None, str]]:
    return [(s.day, s.time, x.id) for s in week.sessions for x in s.exercises]


def expected(
    program: Program, ctx: CheckContext, params: ProgressionParams
) -> list[list[tuple[int, str | None]]]:
    """Per week, per line (sessions then lines in order): (target_reps, load_change)."""
    nordic = _nordic_ids(ctx)
    ages: dict[tuple[str, str | None, str], int] = {}
    out = []
    for week in program.weeks:
        row: list[tuple[int, str | None]] = []
        new_ages: dict[tuple[str, str | None, str], int] = {}
        for s in week.sessions:
            for x in s.exercises:
                key = (s.day, s.time, x.id)
                age = ages.get(key, -1) + (0 if week.extra(DELOAD) else 1)
                age = max(age, 0)
                new_ages[key] = age
                lo, hi = x.reps
                if week.extra(DELOAD):
                    row.append((lo, f"-{params.deload_load_pct} %"))
                    continue
                if x.id in nordic:
                    # The plan's week, not the line's age: a Nordic line the build-up adds
                    # in week 2 (nordic_for_prevention) joins Petersen's week, not week 1.
                    reps = PETERSEN_REPS[min(week.week, len(PETERSEN_REPS)) - 1]
                    row.append((min(max(reps, lo), hi), None))
                    continue
                climb = -(-(hi - lo) // params.rep_step) + 1  # weeks from bottom to top
                pos = age % climb
                target = min(lo + pos * params.rep_step, hi)
                change = load_step(ctx.by_id[x.id], params) if age > 0 and pos == 0 else None
                row.append((target, change))
        ages = new_ages
        out.append(row)
    return out


def annotate(program: Program, ctx: CheckContext, params: ProgressionParams) -> None:
    if len(program.weeks) < 2:
        return  # one week has nothing to progress from
    for week, row in zip(program.weeks, expected(program, ctx, params), strict=True):
        lines = [x for s in week.sessions for x in s.exercises]
        for line, (target, change) in zip(lines, row, strict=True):
            line.target_reps, line.load_change = target, change


def check(program: Program, ctx: CheckContext, params: ProgressionParams) -> list[Violation]:
    found: list[Violation] = []
    n = len(program.weeks)
    run: dict[str, int] = {}
    prev_phase = None
    run_len = 0
    for i, week in enumerate(program.weeks):
        ids = {x.id for s in week.sessions for x in s.exercises}
        phase = (week.phase, week.extra(TRANSITION))
        if i and phase != prev_phase:
            for ex_id, count in run.items():
                ex = ctx.by_id.get(ex_id)
                harder = ctx.by_id.get(ex.progresses_to or "") if ex else None
                if (
                    ex and harder and count == run_len >= params.outgrow_weeks
                    and ex_id in ids and _usable(harder, ctx.scenario)
                ):  # fmt: skip
                    found.append(Violation(
                        RULE.id, f"outgrown {ex_id}",
                        f"week {week.week}: {ex.name} was done all {run_len} weeks of the "
                        f"last phase; move on to {harder.name}",
                    ))  # fmt: skip
            run, run_len = {}, 0
        run_len += 1
        for ex_id in ids:
            run[ex_id] = run.get(ex_id, 0) + 1
        prev_phase = phase
    found.extend(_room(program, ctx, params))
    if n >= 2:
        for week, row in zip(program.weeks, expected(program, ctx, params), strict=True):
            lines = [x for s in week.sessions for x in s.exercises]
            for line, (target, change) in zip(lines, row, strict=True):
                if (line.target_reps, line.load_change) != (target, change):
                    found.append(Violation(
                        RULE.id, f"week {week.week}, {line.id} targets",
                        f"week {week.week}: {line.id} asks {line.target_reps} reps, "
                        f"{line.load_change or 'same load'}; double progression gives "
                        f"{target} reps, {change or 'same load'}",
                    ))  # fmt: skip
    return found


def _has_wide_zone(exercise: Exercise, params: ProgressionParams) -> bool:
    """Some rep zone of the model leaves the exercise room to climb (else none can)."""
    spans = [r[1] - r[0] for z in REP_ZONES if (r := zone_reps(z, exercise))]
    return any(span >= params.min_rep_span for span in spans)


def _room(program: Program, ctx: CheckContext, params: ProgressionParams) -> list[Violation]:
    """Lines repeated for min_weeks consecutive weeks in a rep zone too narrow to climb."""
    found: dict[str, Violation] = {}
    streak: dict[tuple[str, tuple[int, int]], int] = {}
    for week in program.weeks:
        now: dict[tuple[str, tuple[int, int]], int] = {}
        for s in week.sessions:
            for x in s.exercises:
                key = (x.id, x.reps)
                now[key] = streak.get(key, 0) + 1
                ex = ctx.by_id.get(x.id)
                span = ex.rep_range[1] - ex.rep_range[0] if ex else 0
                if (
                    now[key] >= params.min_weeks and span >= params.min_rep_span
                    and ex is not None and _has_wide_zone(ex, params)
                    and x.reps[1] - x.reps[0] < params.min_rep_span and x.id not in found
                ):  # fmt: skip
                    found[x.id] = Violation(
                        RULE.id, f"room {x.id}",
                        f"{x.id}: {x.reps[0]}-{x.reps[1]} reps for {now[key]} weeks leaves no "
                        f"room to climb (at least {params.min_rep_span} reps of range)",
                    )  # fmt: skip
        streak = now
    return list(found.values())


def climb(lo: int, hi: int, params: ProgressionParams) -> list[int]:
    """The weekly targets of a line from the bottom of its range to the top (expected's)."""
    return sorted({min(reps, hi) for reps in range(lo, hi + params.rep_step, params.rep_step)})


def justify(program: Program, ctx: CheckContext, params: ProgressionParams) -> str:
    """How the plan's lines climb, grouped by their rep range and load step, the Nordic lines'
    Petersen weeks and the deload weeks (the targets themselves are on every line)."""
    nordic = _nordic_ids(ctx)
    ladders: dict[tuple[int, int, str], list[str]] = {}  # (lo, hi, load step) -> names
    nordic_lines: dict[tuple[int, int], list[str]] = {}  # rep range -> Nordic names
    for week in program.weeks:
        for x in (x for session in week.sessions for x in session.exercises):
            exercise = ctx.by_id.get(x.id)
            if exercise is None:
                continue
            if x.id in nordic:
                names = nordic_lines.setdefault(x.reps, [])
                if exercise.name not in names:
                    names.append(exercise.name)
                continue
            names = ladders.setdefault((*x.reps, load_step(exercise, params)), [])
            if exercise.name not in names:
                names.append(exercise.name)
    said = [
        f"{names_list(names, limit=4)}: {', '.join(map(str, climb(lo, hi, params)))} reps, "
        f"then {step} and back to {lo}"
        for (lo, hi, step), names in sorted(ladders.items())
    ]
    petersen = PETERSEN_REPS[: len(program.weeks)]
    for (lo, hi), names in sorted(nordic_lines.items()):
        held = [min(max(reps, lo), hi) for reps in petersen]  # expected's clip
        weekly = ", ".join(str(r) for i, r in enumerate(held) if i == 0 or r != held[i - 1])
        clipped = (
            ""
            if held == list(petersen)
            else f", Petersen's {', '.join(map(str, petersen))} held to {lo}-{hi}"
        )
        said.append(f"{names_list(names)} {lo}-{hi} by Petersen's weeks: {weekly} reps{clipped}")
    deloads = [week.week for week in program.weeks if week.extra(DELOAD)]
    if deloads:
        said.append(
            f"{weeks_label(deloads)}: -{params.deload_load_pct} % load at the bottom of the "
            "range, the climb paused"
        )
    cited = "; Nordics: Petersen et al. 2011" if nordic_lines else ""
    return "; ".join(said or ["no line to progress"]) + f" (double progression: seed 003{cited})"


def not_applicable(ctx: CheckContext, params: ProgressionParams) -> str | None:
    if ctx.scenario.weeks < 2:
        return "a one-week plan: nothing to progress from week to week"
    return None


RULE = Rule(
    id="progression",
    not_applicable=not_applicable,
    description="Double progression week by week (reps to the top of the range, then load), "
    "and a harder variation once a phase has outgrown the easier one.",
    params=ProgressionParams,
    encode=encode,
    check=check,
    justify=justify,
    annotate=annotate,
    annotate_after=("volume_ramp",),  # its deload weeks set this one's load changes
    horizon=True,
    sources=(
        "003_95a5fdc3819596de.txt (progress gradually; 8 to 12 reps; two-leg to single-leg)",
        "Petersen et al., AJSM 2011 (Nordic weekly progression)",
    ),
    slot_use=SlotUse.none,
)
