"""rotation_cues: toes in / toes out on leg curls, chosen to lift the least-covered heads.

000_dd2db63edd4a1a04.txt: "Internal rotation (toes toward the midline) emphasizes the
semitendinosus and semimembranosus. External rotation (toes away from the midline) emphasizes
the biceps femoris ... try this during leg curls." research/evidence.md gives the size of the
shift and says foot position had no effect in the Nordic or the single-leg bridge; the numbers
and how a cue moves stimulus live in hamopt/domain/cues.py, shared with the checkers' head totals.

Model. In ``prepare`` (before any encoder, so head_coverage's totals include the shifts) every
cueable curl candidate gets a ``toes_in`` and a ``toes_out`` literal (at most one, decoded
onto the line field ``rotation`` the rule declares, ``FIELD``) and, per cue, a count of cued
sets (= sets when the cue is on, else 0) that carries the cue's per-set shift into
``ctx.head_load``. Cueable: a curl by the
data (a hamstring exercise whose only action is knee flexion, cues.is_curl) that is not in
``no_effect`` (the Nordic family). Bridges and hinges are never curls.

The two counts of a line sum to at most its sets: redundant for a program (one cue at most),
but not for the LP relaxation, where each count's link to its literal is a big-M row. With
both literals at a fraction, the LP cued every set toes in *and* toes out, moving stimulus to
both sides at once, and head_coverage's least head bought its shortfall with that; the one row
per line takes the double cue away. The 10-week sprinter plan's proof, deterministic s: seeds
0 / 1 0.151 / 0.155 -> 0.094 / 0.097, seeds 0-11 median 0.16 -> 0.10; the same optima
everywhere (the 43 benchmark programs at seeds 0 / 1: 3.35 -> 2.97 s in all).

What a cue is for. Every rule that reads head load sees the shifted stimulus, so the solver
cues a curl when that lifts a head the week is short of: head_coverage's least-covered head
below its target (toes out for a short biceps femoris, toes in for short medial heads).
The rule's own goal is ``cue_cost`` per cued line, so no cue is prescribed that buys nothing.
With ``balance_tolerance_sets`` set, the goal also counts the medial (semitendinosus +
semimembranosus) vs lateral (bf_long + bf_short) weekly difference beyond that tolerance, in
hundredths of a set, so cues even out the sides as well. It is off by default: over the
shipped one-week scenarios a 0.5-set tolerance doubled the median deterministic solve time
(0.04 -> 0.08-0.11 s) and left two scenarios unproven after 5 s, because the sides are seldom
that close without cues and the solver then trades exercise choice against cue choice, while
what a coach needs, no head left short, is already head_coverage's goal.

A deload week (volume_ramp's ``DELOAD`` mark) is the week before's workouts, lighter, and
keeps their cues too: instance "deload cues" ties each cue of a deload template to the same
line's in the template it cuts. Without it the deload had no reason to keep a cue (no head
goal there, and a cue costs ``cue_cost``), so a curl cued toes out all block lost its cue in
the lighter week.

Instance (hard) "cues on curls only": the checker's reading of a hand-written program that
cues a Nordic, a bridge or a hinge. The solver cannot produce one (only cueable curls get cue
literals), so the encoder has nothing to guard.

Mode **hard** (that instance is a fact of the evidence, not a taste) and weight **1**: a cue
costs one unit, a tenth of what head_coverage charges for one hundredth of a set of its
least-covered head, so a cue is given whenever it lifts a short head at all, and never
otherwise.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from pydantic import Field

from hamopt.domain.cues import FOOT_POSITION, LATERAL, MEDIAL, ROTATIONS, is_curl, shift_pct
from hamopt.domain.fields import OutputField
from hamopt.domain.metrics import by_weeks, head_load_pct, session_label, week_prefix
from hamopt.domain.models import Exercise, Program, ProgramWeek
from hamopt.domain.words import names_list
from hamopt.rules.builtin.volume_ramp import DELOAD
from hamopt.rules.check_context import CheckContext
from hamopt.rules.contract import Params, Rule, SlotUse, Violation
from hamopt.rules.model_context import MAX_SETS_PER_EXERCISE, Candidate, ModelContext

if TYPE_CHECKING:
    from ortools.sat.python import cp_model

ROTATION = FOOT_POSITION  # the line field the cue is decoded onto
FIELD = OutputField(
    name=ROTATION,
    type=Literal["toes_in", "toes_out"] | None,
    on="line",
    after="heads",
    description="Foot position on a leg curl (rule rotation_cues; its stimulus shift: "
    "hamopt/domain/cues.py).",
)
INSTANCE = "cues on curls only"
DELOAD_INSTANCE = "deload cues"


class RotationParams(Params):
    # research/evidence.md (PMID 31277009): foot position had no effect in the Nordic.
    no_effect: tuple[str, ...] = Field(
        default=("nordic_hamstring_curl", "eccentric_nordic", "band_assisted_nordic"),
        max_length=200,
    )
    # What a cued line costs in the goal: a cue must buy something (see the docstring).
    cue_cost: int = Field(default=1, ge=0, le=1000)
    # Off by default (see the docstring); e.g. 0.5 keeps the sides within half a set.
    balance_tolerance_sets: float | None = Field(default=None, ge=0, le=50)


def cueable(exercise: Exercise, params: RotationParams) -> bool:
    return is_curl(exercise) and exercise.id not in params.no_effect


def _cue(ctx: ModelContext, cand: Candidate) -> None:
    name = f"{cand.exercise.id}@{cand.slot}"
    options: dict[str, cp_model.IntVar] = {}
    counts = []  # each cue's cued sets
    for rotation in ROTATIONS:
        lit = ctx.model.new_bool_var(f"cue[{name},{rotation}]")
        cued_sets = ctx.model.new_int_var(0, MAX_SETS_PER_EXERCISE, f"cued_sets[{name},{rotation}]")
        ctx.model.add(cued_sets == cand.sets).only_enforce_if(lit)
        ctx.model.add(cued_sets == 0).only_enforce_if(lit.Not())
        counts.append(cued_sets)
        for head, per_set in shift_pct(cand.exercise, rotation).items():
            if per_set:
                ctx.add_stimulus(cand, head, per_set * cued_sets)
        options[rotation] = lit
    ctx.model.add(sum(counts) <= cand.sets)  # one cue a line, for the LP too (docstring)
    ctx.add_choice(cand, ROTATION, options)


def prepare(ctx: ModelContext, params: RotationParams) -> None:
    for cand in ctx.candidates:
        if cueable(cand.exercise, params):
            _cue(ctx, cand)


def encode(ctx: ModelContext, params: RotationParams) -> None:
    cues = [lit for c in ctx.candidates for lit in c.choices.get(ROTATION, {}).values()]
    goal = params.cue_cost * sum(cues, start=0)
    if params.balance_tolerance_sets is not None:
        medial = sum((ctx.head_load(h) for h in MEDIAL), start=0)
        lateral = sum((ctx.head_load(h) for h in LATERAL), start=0)
        tolerance = round(params.balance_tolerance_sets * 100)
        upper = len(ctx.candidates) * MAX_SETS_PER_EXERCISE * 200
        excess = ctx.model.new_int_var(0, upper, "side_imbalance_excess")
        # Minimised, so `excess` settles at max(0, |medial - lateral| - tolerance).
        ctx.model.add(excess >= medial - lateral - tolerance)
        ctx.model.add(excess >= lateral - medial - tolerance)
        goal += excess
    ctx.add_goal(goal)
    _deload_keeps_the_cues(ctx)


def _week_before(ctx: ModelContext) -> ModelContext | None:
    """The template a deload template cuts (the run before it: volume_ramp shares a deload
    template only between deloads that follow one template), or None."""
    if ctx.segment is None or DELOAD not in ctx.segment.marks:
        return None
    plan = ctx.plan()
    pairs = zip(plan, plan[1:], strict=False)
    return next((tpl for (_, tpl), (_, nxt) in pairs if nxt is ctx), None)


def _deload_keeps_the_cues(ctx: ModelContext) -> None:
    before = _week_before(ctx)
    cued = [c for c in ctx.candidates if c.choices.get(ROTATION)]
    if before is None or not cued:
        return
    was = {(c.slot, c.exercise.id): c.choices.get(ROTATION, {}) for c in before.candidates}
    lit = ctx.guard(DELOAD_INSTANCE)
    for cand in cued:
        then = was.get((cand.slot, cand.exercise.id), {})
        for rotation, now in cand.choices[ROTATION].items():
            ctx.model.add(now == then.get(rotation, 0)).only_enforce_if(lit)


def check(program: Program, ctx: CheckContext, params: RotationParams) -> list[Violation]:
    violations = []
    for week in program.weeks:
        for session in week.sessions:
            for line in session.exercises:
                exercise = ctx.by_id.get(line.id)
                turn = line.extra(ROTATION)
                if turn is None or exercise is None or cueable(exercise, params):
                    continue
                why = (
                    "foot position had no effect there"
                    if is_curl(exercise)
                    else "only leg curls take a foot-position cue"
                )
                violations.append(
                    Violation(
                        RULE.id,
                        f"{week_prefix(week, len(program.weeks))}{INSTANCE}",
                        f"{week_prefix(week, len(program.weeks))}{session_label(session)}: "
                        f"{exercise.name} is cued {turn.replace('_', ' ')}; {why}",
                    )
                )
    for before, week in zip(program.weeks, program.weeks[1:], strict=False):
        if week.extra(DELOAD):
            violations += _cues_changed(before, week, len(program.weeks))
    return violations


def _said(turn: str | None) -> str:
    return turn.replace("_", " ") if turn else "no cue"


def _cues_changed(before: ProgramWeek, week: ProgramWeek, weeks: int) -> list[Violation]:
    """A deload week's lines cued otherwise than the same lines the week before."""
    was = {
        (s.day, s.time, line.id): line.extra(ROTATION)
        for s in before.sessions
        for line in s.exercises
    }
    found = []
    for session in week.sessions:
        for line in session.exercises:
            key = (session.day, session.time, line.id)
            if key in was and line.extra(ROTATION) != was[key]:
                found.append(
                    Violation(
                        RULE.id,
                        f"{week_prefix(week, weeks)}{DELOAD_INSTANCE}",
                        f"{week_prefix(week, weeks)}{session_label(session)}: "
                        f"{line.name or line.id} has {_said(line.extra(ROTATION))} in the "
                        f"deload week and {_said(was[key])} the week before (a deload keeps "
                        "the cues)",
                    )
                )
    return found


def justify(program: Program, ctx: CheckContext, params: RotationParams) -> str:
    """The curls cued, with their cue and session (weeks alike once), and what a cue does."""

    def say(week: ProgramWeek) -> str:
        cued = [
            f"{ctx.by_id[line.id].name if line.id in ctx.by_id else line.id} "
            f"{_said(line.extra(ROTATION))} ({session_label(session)})"
            for session in week.sessions
            for line in session.exercises
            if line.extra(ROTATION)
        ]
        return names_list(cued) or "no curl cued"

    said = "; ".join(by_weeks(program.weeks, say))
    return (
        f"{said} (toes out lifts the biceps femoris, toes in semitendinosus and "
        "semimembranosus: seed 000; a cue is given where it lifts a head the week is short of)"
    )


def sides_pct(week: ProgramWeek, ctx: CheckContext) -> tuple[int, int]:
    """Weekly medial and lateral weighted sets, in hundredths, cues applied."""
    loads = head_load_pct(week, ctx.by_id)
    return sum(loads[h] for h in MEDIAL), sum(loads[h] for h in LATERAL)


def goal(program: Program, ctx: CheckContext, params: RotationParams) -> int:
    total = 0
    for week in program.weeks:
        lines = [line for session in week.sessions for line in session.exercises]
        cued = sum(1 for line in lines if line.extra(ROTATION))
        total += params.cue_cost * cued
        if params.balance_tolerance_sets is not None:
            medial, lateral = sides_pct(week, ctx)
            tolerance = round(params.balance_tolerance_sets * 100)
            total += max(0, abs(medial - lateral) - tolerance)
    return total


def _stimulus_monotone(params: RotationParams) -> bool:
    """The side balance counts a difference, so more stimulus on one side can cost more.
    A module-level function, not a lambda, so the rule pickles (batch workers)."""
    return params.balance_tolerance_sets is None


RULE = Rule(
    id="rotation_cues",
    description="Toes-in / toes-out cues on leg curls (not Nordics or bridges), chosen to "
    "lift the least-covered hamstring heads.",
    params=RotationParams,
    encode=encode,
    check=check,
    justify=justify,
    goal=goal,
    prepare=prepare,
    fields=(FIELD,),
    stimulus_monotone=_stimulus_monotone,
    default_weight=1,
    quality=True,  # weighed against head_coverage's quality term, which it serves
    sources=(
        "000_dd2db63edd4a1a04.txt",
        "research/evidence.md: Jonasson et al. 2016; PMID 31277009 (2019)",
    ),
    slot_use=SlotUse.none,
)
