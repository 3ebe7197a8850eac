"""session_structure: each session is a knee-flexion exercise, a hinge and a quad exercise.

Every example workout in 000_dd2db63edd4a1a04.txt has that shape (A) a curl, B) a hip-extension
exercise, C) a quad exercise), and 001_b9350566f70ab695.txt builds its workout to cover "their
two main functions: hip extension and knee flexion". The core rules only ask for these over the
week (head_coverage wants one hinge a week), so without this rule the cheapest week can put all
the hinge work in one session and leave the other with curls alone, or train quads only once.
Order within the session is the job of flexion_before_extension and hamstrings_first.

Mode soft, weight 200 per missing part per session: the shape is the seeds' habit, not a
physiological limit, so it must never make a scenario infeasible (one short session, a
bodyweight week), while 200 outweighs any number of extra sets (the tie-break lives below
every penalty) and equals 0.2 weighted sets of head_coverage's shortfall, so the solver gives
a part up only to reach the coverage a program is for. An exercise doing both knee flexion and
hip extension (glute-ham raise, ball curl) serves both parts. Instances: "<slot>: <part>".
"""

from __future__ import annotations

from collections.abc import Callable

from hamopt.domain.metrics import entries, session_label, week_prefix
from hamopt.domain.models import Exercise, Mode, Program
from hamopt.rules.check_context import CheckContext
from hamopt.rules.contract import Params, Rule, SlotUse, Violation
from hamopt.rules.model_context import Candidate, ModelContext


class StructureParams(Params):
    knee_flexion: bool = True  # A) in every workout of 000_dd2db63edd4a1a04.txt
    hip_extension: bool = True  # B) in every workout of 000; 001's "two main functions"
    quads: bool = True  # C) in every workout of 000: quads are still trained


PARTS: dict[str, Callable[[Exercise], bool]] = {
    "knee flexion": lambda e: e.is_hamstring and e.is_knee_flexion,
    "hip extension": lambda e: e.is_hamstring and e.is_hip_extension,
    "quads": lambda e: e.is_quad,
}
_PARAM = {"knee flexion": "knee_flexion", "hip extension": "hip_extension", "quads": "quads"}


def wanted_parts(params: StructureParams) -> list[str]:
    return [part for part in PARTS if getattr(params, _PARAM[part])]


def encode(ctx: ModelContext, params: StructureParams) -> None:
    for s, slot in enumerate(ctx.slots):
        session = ctx.in_slot(s)
        for part in wanted_parts(params):
            serves: list[Candidate] = [c for c in session if PARTS[part](c.exercise)]
            lit = ctx.guard(f"{slot.label}: {part}")
            # Only a session that is held needs its parts.
            ctx.model.add(ctx.count(serves) >= 1).only_enforce_if([lit, ctx.used[s]])


def check(program: Program, ctx: CheckContext, params: StructureParams) -> list[Violation]:
    violations = []
    for week in program.weeks:
        prefix = week_prefix(week, len(program.weeks))
        for session in week.sessions:
            label = session_label(session)
            held = [e.exercise for e in entries(week, ctx.by_id) if e.session is session]
            for part in wanted_parts(params):
                if not any(PARTS[part](exercise) for exercise in held):
                    violations.append(
                        Violation(
                            RULE.id,
                            f"{prefix}{label}: {part}",
                            f"{prefix}{label} has no {part} exercise (the seeds' workouts are "
                            "a curl, a hinge and a quad exercise)",
                        )
                    )
    return violations


def justify(program: Program, ctx: CheckContext, params: StructureParams) -> str:
    missing = check(program, ctx, params)
    sessions = sum(len(w.sessions) for w in program.weeks)
    if not missing:
        return f"all {sessions} sessions hold {', '.join(wanted_parts(params))}"
    return f"{len(missing)} part(s) missing over {sessions} sessions"


RULE = Rule(
    id="session_structure",
    description="Each session holds a knee-flexion exercise, a hinge and a quad exercise.",
    params=StructureParams,
    encode=encode,
    check=check,
    justify=justify,
    default_mode=Mode.soft,
    default_weight=200,
    sources=("000_dd2db63edd4a1a04.txt", "001_b9350566f70ab695.txt"),
    slot_use=SlotUse.none,
)
