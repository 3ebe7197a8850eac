"""session_shape: a session a coach would write: a few exercises, one variation of each movement.

Seed 000's workouts are three exercises (a curl, a hinge, a quad lift), seed 001's four
(RDL, seated curl, lying curl, Nordic), seed 003's "up to 10 sets spread over 3 exercises";
NSCA's exercise-selection chapter (Haff & Triplett 2016) picks one exercise per movement
pattern per session. So, per session:

* at most ``max_exercises`` exercises in all (4: the seeds' largest workout), hamstring and
  quad work together (volume_range caps the hamstring exercises at 3);
* at most one exercise of each movement family (``Exercise.family``): the seated and the
  single-leg seated curl are one movement, and a session holding both is one exercise done
  twice with a different name (seed 001 pairs the seated and *lying* curl, two families, for
  their different muscle lengths).

Instances: "<slot>: exercises" and "<slot>: <family>". Mode **hard**: every shipped scenario
and persona has far more families than a session needs, and both limits only narrow the
choice within a session; an explanation names them if a tiny catalog makes them bite.
"""

from __future__ import annotations

from collections import defaultdict

from pydantic import Field

from hamopt.domain.metrics import by_weeks, entries, session_label, week_prefix
from hamopt.domain.models import Program, ProgramWeek
from hamopt.rules.check_context import CheckContext
from hamopt.rules.contract import Params, Rule, SlotUse, Violation
from hamopt.rules.model_context import MAX_EXERCISES_PER_SESSION, Candidate, ModelContext


class ShapeParams(Params):
    # The seeds' largest workout (001: RDL, seated curl, lying curl, Nordic).
    max_exercises: int = Field(default=4, ge=1, le=MAX_EXERCISES_PER_SESSION)
    one_per_family: bool = True  # NSCA 2016 exercise selection; seed 001's curl pairing
    # Families a session holds one exercise of between them, as one movement pattern:
    # [[squat, leg_press, hack_squat]] is the bilateral squat (seed 000 pairs its one bilateral
    # quad lift with single-leg ones). Empty by default, as it slowed the 10-week plan's proof
    # (notes/sprinter_10_weeks_profile.md); the packaged `coach_plus` rule set sets it.
    exclusive_groups: list[list[str]] = Field(default_factory=list, max_length=20)


def encode(ctx: ModelContext, params: ShapeParams) -> None:
    for s, slot in enumerate(ctx.slots):
        session = ctx.in_slot(s)
        if len(session) > params.max_exercises:
            lit = ctx.guard(f"{slot.label}: exercises")
            ctx.model.add(ctx.count(session) <= params.max_exercises).only_enforce_if(lit)
        for group in params.exclusive_groups:
            members = [c for c in session if c.exercise.family in group]
            if len(members) > 1:
                lit = ctx.guard(f"{slot.label}: {_group_name(group)}")
                ctx.model.add(ctx.count(members) <= 1).only_enforce_if(lit)
        if not params.one_per_family:
            continue
        families: dict[str, list[Candidate]] = defaultdict(list)
        for c in session:
            families[c.exercise.family or c.exercise.id].append(c)  # _derive sets it
        for family, members in sorted(families.items()):
            if len(members) > 1:
                lit = ctx.guard(f"{slot.label}: {family}")
                ctx.model.add(ctx.count(members) <= 1).only_enforce_if(lit)


def _group_name(group: list[str]) -> str:
    return " / ".join(group)


def check(program: Program, ctx: CheckContext, params: ShapeParams) -> list[Violation]:
    found = []
    for week in program.weeks:
        prefix = week_prefix(week, len(program.weeks))
        for session in week.sessions:
            label = session_label(session)
            held = [e.exercise for e in entries(week, ctx.by_id) if e.session is session]
            if len(held) > params.max_exercises:
                found.append(
                    Violation(
                        RULE.id,
                        f"{prefix}{label}: exercises",
                        f"{prefix}{label}: {len(held)} exercises; a session holds at most "
                        f"{params.max_exercises}",
                    )
                )
            for group in params.exclusive_groups:
                names = [e.name for e in held if e.family in group]
                if len(names) > 1:
                    found.append(
                        Violation(
                            RULE.id,
                            f"{prefix}{label}: {_group_name(group)}",
                            f"{prefix}{label}: {' and '.join(names)} are one movement pattern "
                            f"({', '.join(f.replace('_', ' ') for f in group)}); one a session",
                        )
                    )
            if not params.one_per_family:
                continue
            by_family: dict[str, list[str]] = defaultdict(list)
            for exercise in held:
                by_family[exercise.family or exercise.id].append(exercise.name)
            for family, names in sorted(by_family.items()):
                if len(names) > 1:
                    found.append(
                        Violation(
                            RULE.id,
                            f"{prefix}{label}: {family}",
                            f"{prefix}{label}: {' and '.join(names)} are one movement "
                            f"({family.replace('_', ' ')}); one variation a session",
                        )
                    )
    return found


def justify(program: Program, ctx: CheckContext, params: ShapeParams) -> str:
    """Each session's exercise count (weeks alike once) against the limits."""

    def say(week: ProgramWeek) -> str:
        return ", ".join(f"{session_label(s)} {len(s.exercises)}" for s in week.sessions)

    said = "; ".join(by_weeks(program.weeks, say))
    family = ", one of each movement family" if params.one_per_family else ""
    groups = "".join(f", one of {_group_name(g)}" for g in params.exclusive_groups)
    return f"exercises a session: {said} (at most {params.max_exercises}{family}{groups})"


def _families_exclusive(params: ShapeParams) -> bool:
    """One variation per family is hard when the parameter says so. A module-level function, not a
    lambda: rules travel to worker processes (serve, compare) and must pickle."""
    return bool(params.one_per_family)


def _movement_groups(params: ShapeParams) -> list[frozenset[str]]:
    """The exclusive groups, for the short list's variety (Rule.movement_groups)."""
    return [frozenset(group) for group in params.exclusive_groups]


RULE = Rule(
    id="session_shape",
    description="At most 4 exercises a session, one variation of each movement family.",
    params=ShapeParams,
    encode=encode,
    check=check,
    justify=justify,
    sources=(
        "000_dd2db63edd4a1a04.txt",
        "001_b9350566f70ab695.txt",
        "003_95a5fdc3819596de.txt",
        "NSCA Essentials (Haff & Triplett 2016)",
    ),
    slot_use=SlotUse.none,
    families_exclusive=_families_exclusive,
    movement_groups=_movement_groups,
)
