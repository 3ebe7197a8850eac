"""unilateral_for_imbalance: a weaker side gets unilateral knee flexion in every session.

000_dd2db63edd4a1a04.txt: "unilateral knee flexion exercises are especially effective for
correcting differences because they clearly reveal which side is weaker. You can then adjust
your reps accordingly, limiting the stronger side so the weaker one can catch up ... if a
client can perform 5 reps on their right leg and 8 on their left, you'd match the stronger side
to 5 reps as well." So when ``athlete.weaker_side`` is set, every session holds at least
``min_per_session`` unilateral hamstring exercises with knee flexion in their actions, and the
program's unilateral lines carry a note: weaker side first, the stronger side stops at the
weaker side's reps (the ``annotate`` hook; the note is output, not something the checker
demands of a hand-written program). One instance per session.

**Two instances a session, so a single-leg hinge counts for half.** The seed ranks the tools:
"Unilateral hip-extension exercises still have value, but they're less precise for directly
correcting hamstring imbalances ... unilateral knee flexion exercises are a superior choice."
So each session has two instances, each costing the weight: "<session>" holds at least
``min_per_session`` unilateral knee-flexion exercises, "<session> (any single-leg work)" at
least that many unilateral hamstring exercises of any kind. A single-leg curl keeps both; a
single-leg Romanian deadlift or hip thrust keeps the second only (half the price of a session
with neither); a session of two-leg work breaks both. The half is an estimate: the seed gives
the order, not a ratio. Before, a home dumbbell gym with no single-leg curl got a single-leg
Romanian deadlift on Monday and a kettlebell swing on Thursday, both priced alike
(benchmarks/coach/personas/weaker_right_leg_home_dumbbells.yaml).

Mode: **soft**, weight 500 per instance, so 1000 a session with no single-leg work (the
weight of one instance before the split). The seed argues for single-leg curls ("a superior
choice") but does not make them a condition of training at all, and some equipment has none
(bands only, a hotel room): hamopt should still write the program and say which sessions miss
it rather than refuse. 1000 is the price of a full weighted set of the least-covered head
under head_coverage (10 per hundredth), so the solver gives up a great deal before it drops
the single-leg curl.
"""

from __future__ import annotations

from pydantic import Field

from hamopt.domain.fit import usable
from hamopt.domain.metrics import by_weeks, session_label, week_prefix
from hamopt.domain.models import Exercise, Laterality, Mode, Program, ProgramWeek
from hamopt.domain.words import names_list
from hamopt.rules.check_context import CheckContext
from hamopt.rules.contract import Params, Rule, SlotUse, Violation
from hamopt.rules.model_context import ModelContext


class UnilateralParams(Params):
    # 000_dd2db63edd4a1a04.txt: unilateral knee flexion to correct left/right differences.
    min_per_session: int = Field(default=1, ge=0, le=3)
    # The seed's note: the stronger side is matched to the weaker side's reps.
    note: bool = True


ANY = " (any single-leg work)"  # the second instance of a session: its label + ANY


def single_leg(exercise: Exercise) -> bool:
    """A unilateral hamstring exercise of any kind (a single-leg hinge has "value")."""
    return exercise.is_hamstring and exercise.laterality is Laterality.unilateral


def counts(exercise: Exercise) -> bool:
    """A unilateral hamstring exercise with knee flexion (the seed's precise tool)."""
    return single_leg(exercise) and exercise.is_knee_flexion


def encode(ctx: ModelContext, params: UnilateralParams) -> None:
    if ctx.scenario.athlete.weaker_side is None or params.min_per_session == 0:
        return
    for s, slot in enumerate(ctx.slots):
        for instance, test in ((slot.label, counts), (slot.label + ANY, single_leg)):
            found = [c for c in ctx.in_slot(s) if test(c.exercise)]
            lit = ctx.guard(instance)
            # Only a session that takes place needs one: used[s] = 0 leaves the sum free.
            need = params.min_per_session * ctx.used[s]
            ctx.model.add(ctx.count(found) >= need).only_enforce_if(lit)


def check(program: Program, ctx: CheckContext, params: UnilateralParams) -> list[Violation]:
    side = ctx.scenario.athlete.weaker_side
    if side is None or params.min_per_session == 0:
        return []
    violations = []
    need = params.min_per_session
    for week in program.weeks:
        where = week_prefix(week, len(program.weeks))
        for session in week.sessions:
            label = f"{where}{session_label(session)}"
            known = [ctx.by_id[line.id] for line in session.exercises if line.id in ctx.by_id]
            curls = sum(1 for e in known if counts(e))
            if curls < need:
                violations.append(
                    Violation(
                        RULE.id,
                        label,
                        f"{label}: {curls} unilateral knee-flexion exercise(s); the weaker "
                        f"{side} side needs at least {need} a session",
                    )
                )
            anything = sum(1 for e in known if single_leg(e))
            if anything < need:
                violations.append(
                    Violation(
                        RULE.id,
                        label + ANY,
                        f"{label}: {anything} single-leg hamstring exercise(s) of any kind "
                        "(where no single-leg curl fits, a single-leg hinge keeps half of "
                        "this rule)",
                    )
                )
    return violations


def note_for(weaker: str) -> str:
    stronger = "right" if weaker == "left" else "left"
    return (
        f"Start with the weaker {weaker} leg; the {stronger} leg then does the same reps, "
        f"never more, so the {weaker} side can catch up."
    )


def annotate(program: Program, ctx: CheckContext, params: UnilateralParams) -> None:
    """The seed's instruction on every unilateral line (quads too: it is about the legs)."""
    side = ctx.scenario.athlete.weaker_side
    if side is None or not params.note:
        return
    text = note_for(str(side))
    for week in program.weeks:
        for session in week.sessions:
            for line in session.exercises:
                exercise = ctx.by_id.get(line.id)
                if exercise is None or exercise.laterality is not Laterality.unilateral:
                    continue
                if line.notes and text in line.notes:
                    continue
                line.notes = f"{line.notes} {text}" if line.notes else text


def justify(program: Program, ctx: CheckContext, params: UnilateralParams) -> str:
    """Each session's unilateral knee-flexion lines (weeks alike once), and the note."""
    side = ctx.scenario.athlete.weaker_side

    def say(week: ProgramWeek) -> str:
        per_session = []
        for session in week.sessions:
            known = [ctx.by_id[line.id] for line in session.exercises if line.id in ctx.by_id]
            names = names_list([e.name for e in known if counts(e)])
            if not names:
                instead = names_list([e.name for e in known if single_leg(e)])
                names = f"none ({instead} instead, half the rule)" if instead else "none"
            per_session.append(f"{session_label(session)} {names}")
        return ", ".join(per_session)

    said = "; ".join(by_weeks(program.weeks, say))
    if not any(counts(e) and usable(e, ctx.scenario) for e in ctx.catalog.exercises):
        said += ", none being possible with this equipment and these conditions"
    note = f"; each unilateral line notes the weaker {side} side first" if params.note else ""
    return (
        f"unilateral knee flexion: {said} (at least {params.min_per_session} a session{note}; "
        "seed 000)"
    )


def not_applicable(ctx: CheckContext, params: UnilateralParams) -> str | None:
    if ctx.scenario.athlete.weaker_side is None:
        return "the athlete has no weaker side"
    if params.min_per_session == 0 and not params.note:
        return "min_per_session is 0 and the note is off"
    return None


RULE = Rule(
    id="unilateral_for_imbalance",
    not_applicable=not_applicable,
    description="With a weaker side, every session holds a unilateral knee-flexion exercise; "
    "the stronger side matches the weaker side's reps.",
    params=UnilateralParams,
    encode=encode,
    check=check,
    justify=justify,
    annotate=annotate,
    default_mode=Mode.soft,
    default_weight=500,
    sources=("000_dd2db63edd4a1a04.txt",),
    slot_use=SlotUse.none,
)
