"""volume_ramp: weekly hamstring sets rise by at most ``max_rise_pct`` from one week to the next.

IUSCA position stand (Schoenfeld et al., 2021): raise volume gradually, about 20% per
progression cycle; seed 003: "aggressive jumps in load can backfire". Templates repeat within
a segment (hamopt/engine/horizon.py), so the volume can only rise where a template changes: one
instance per change, "week <n>", plus "week 1" when ``start_sets`` (the sets the athlete does
now) is given.

``deload_every``: every K-th week is a deload week (marked ``deload`` on the week; the rule
``progression`` cuts its load by 10% and drops reps to the bottom of the range). The deload
cuts load, not sets, on purpose: the weekly minimums of volume_range and head_coverage hold in
every week, and a set-cut week would contradict them.
"""

from __future__ import annotations

from pydantic import Field

from hamopt.domain.fields import OutputField
from hamopt.domain.metrics import hamstring_sets
from hamopt.domain.models import Program
from hamopt.rules.check_context import CheckContext
from hamopt.rules.contract import Params, Rule, SlotUse, Violation
from hamopt.rules.model_context import ModelContext

DELOAD = "deload"  # the week field this rule owns (rule progression reads it)
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
    deload_every: int | None = Field(default=None, ge=2, le=52)  # e.g. 4: weeks 4, 8, ...


def _ham(ctx: ModelContext):  # type: ignore[no-untyped-def]
    return ctx.total_sets(ctx.where(lambda c: c.exercise.is_hamstring))


def encode(ctx: ModelContext, params: RampParams) -> None:
    pct = 100 + params.max_rise_pct
    if params.start_sets is not None and ctx.templates:
        lit = ctx.guard("week 1")
        ctx.model.add(100 * _ham(ctx.templates[0]) <= pct * params.start_sets).only_enforce_if(lit)
    for prev, nxt in zip(ctx.templates, ctx.templates[1:], strict=False):
        assert nxt.segment is not None
        lit = ctx.guard(f"week {nxt.segment.first_week}")
        ctx.model.add(100 * _ham(nxt) <= pct * _ham(prev)).only_enforce_if(lit)


def check(program: Program, ctx: CheckContext, params: RampParams) -> list[Violation]:
    found = []
    pct = 100 + params.max_rise_pct
    before = params.start_sets
    for week in program.weeks:
        now = hamstring_sets(week, ctx.by_id)
        if before is not None and 100 * now > pct * before:
            found.append(
                Violation(
                    RULE.id,
                    f"week {week.week}",
                    f"week {week.week}: {now} hamstring sets after {before} is a rise of more "
                    f"than {params.max_rise_pct}%",
                )
            )
        before = now
    if params.deload_every:
        for week in program.weeks:
            want = week.week % params.deload_every == 0
            if week.extra(DELOAD) != want:
                found.append(
                    Violation(
                        RULE.id,
                        f"week {week.week} deload",
                        f"week {week.week} should {'' if want else 'not '}be a deload week "
                        f"(every {params.deload_every} weeks)",
                    )
                )
    return found


def annotate(program: Program, ctx: CheckContext, params: RampParams) -> None:
    if params.deload_every and len(program.weeks) > 1:
        for week in program.weeks:
            week.set_extra(DELOAD, week.week % params.deload_every == 0)


RULE = Rule(
    id="volume_ramp",
    description="Weekly hamstring sets rise by at most {max_rise_pct}% from one week to the next; "
    "optional deload week every K weeks.",
    params=RampParams,
    encode=encode,
    check=check,
    annotate=annotate,
    fields=(FIELD,),
    horizon=True,
    sources=("Schoenfeld et al., IUSCA position stand 2021", "003_95a5fdc3819596de.txt"),
    slot_use=SlotUse.none,
)
