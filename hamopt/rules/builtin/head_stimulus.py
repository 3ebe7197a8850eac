"""head_stimulus: of two programs a coach rates alike, the one whose sets train more (quality).

Each hamstring set trains the four heads by the exercise's stimulus shares (the catalog, from
EMG and MRI studies in research/evidence.md). The exercise's own shares, not a foot-position
cue's shift of them: which head a cue lifts is rotation_cues' and head_coverage's business,
and a tie-break that rewarded cues would cue every curl.
The goal is the stimulus a week's hamstring sets leave unused: 4 heads x 100 % per set minus
what they give, in hundredths of a set. It never asks for more sets (volume_target sets the
dose) and prefers, among exercises that fit equally well, the one that trains more heads.

The last word in the objective and the smallest: weight 1, so one set's whole range (400) is
below one set of volume_target (3000) and a poor fit's cost (750-1500 a set). It
replaces the old tie-break "fewest sets, then most stimulus", which put 5 sets on the best
curl and 2 on everything else and held every week at exactly 12 sets.
"""

from __future__ import annotations

from hamopt.domain.metrics import by_weeks, entries
from hamopt.domain.models import HEADS, Mode, Program, ProgramWeek
from hamopt.rules.check_context import CheckContext
from hamopt.rules.contract import Params, Rule, SlotUse, Violation
from hamopt.rules.model_context import ModelContext, stimulus_pct, zero

FULL = 100  # a head's whole stimulus for one set, in hundredths


class StimulusParams(Params):
    pass


def encode(ctx: ModelContext, params: StimulusParams) -> None:
    unused = [
        (len(HEADS) * FULL - sum(stimulus_pct(c.exercise, h) for h in HEADS)) * c.sets
        for c in ctx.candidates
        if c.exercise.is_hamstring
    ]
    ctx.add_goal(sum(unused, start=zero()))


def goal(program: Program, ctx: CheckContext, params: StimulusParams) -> int:
    return sum(_unused(week, ctx) for week in program.weeks)


def _unused(week: ProgramWeek, ctx: CheckContext) -> int:
    """The stimulus a week's hamstring sets leave unused, in hundredths of a head-set."""
    total = 0
    for e in entries(week, ctx.by_id):
        if e.exercise.is_hamstring:
            given = sum(stimulus_pct(e.exercise, h) for h in HEADS)
            total += (len(HEADS) * FULL - given) * e.line.sets
    return total


def check(program: Program, ctx: CheckContext, params: StimulusParams) -> list[Violation]:
    return []


def justify(program: Program, ctx: CheckContext, params: StimulusParams) -> str:
    said = by_weeks(program.weeks, lambda week: f"{_unused(week, ctx) / 100:.1f}")
    what = "head-sets of stimulus left unused a week (4 heads x each set)"
    return f"{said[0]} {what}" if len(said) == 1 else f"{what}: {'; '.join(said)}"

RULE = Rule(
    id="head_stimulus",
    description="Among programs a coach rates alike, the one whose hamstring sets train more "
    "of the four heads.",
    params=StimulusParams,
    encode=encode,
    check=check,
    goal=goal,
    justify=justify,
    default_mode=Mode.soft,
    default_weight=1,
    quality=True,
    sources=("research/evidence.md (stimulus shares)",),
    slot_use=SlotUse.none,
)
