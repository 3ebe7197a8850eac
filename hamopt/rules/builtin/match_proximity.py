"""match_proximity: heavy eccentric and heavy barbell work keeps its distance from a match.

An in-season player's hamstrings must be fresh on match day. Heavy eccentric work leaves the
muscle swollen and weaker for days (Maeo et al. 2021: semitendinosus still swollen 72 h after
heavy eccentrics in untrained legs), and clubs place the Nordic early in the week: on match
day minus four (MD-4) and MD+2 in an English League One squad's season (a study summarised
by the UKSCA, uksca.org.uk/blog/80). So when the schedule names the week's matches
(``schedule.matches``: day and kick-off time), no session within ``hours_before`` (72) before
a match holds a high-fatigue exercise (the catalog's ``fatigue: high``: the full and
eccentric-only Nordic, the glute-ham raise, the heavy barbell hinges and squats), nor a loaded
hinge in a heavy zone (at most 8 reps, ``fit.is_heavy_hinge``: a dumbbell single-leg Romanian
deadlift at 6-8 is heavy work at a long muscle length whatever its catalog fatigue; the coach
rubric's `match_distance` reads it so, and with a heavy hinge of 3 sets the `coach_plus` rule
set moved one to 45 h before the match until the rule did too). Two days before a Saturday
match, a Thursday session keeps its curls and lighter hinges; the Nordic and the deadlift go
to Monday or Tuesday.

After a match the knee flexors are weaker for 48 h too (eccentric knee-flexor strength still
6 % down at 48 h and back at 72 h in 15 professional players: "Post-match recovery of
eccentric knee flexor strength in male professional football players", PubMed 33279801),
but a club with two sessions, Monday and Thursday around a Saturday match, has nowhere else
to put its Nordic than Monday, 43 h after the match; whether to count those hours is the
club's call: ``hours_after`` (0 by default) does.

Mode **soft**, weight 300 a session: a match week with every slot close to a match still gets
its program (the Nordic that nordic_for_prevention asks for, on the least bad day), with the
session named. Instances: the session's slot label. Without matches in the schedule the rule
reads nothing, so it leaves the slots interchangeable (``slot_use_for``): the solver may still
choose the slots before the exercises.
"""

from __future__ import annotations

import math

from pydantic import Field

from hamopt.domain.fit import HEAVY_HINGE_MAX_LOW_REPS, is_heavy_hinge
from hamopt.domain.metrics import HOURS_PER_WEEK, entries, hour_of_week, session_label, week_prefix
from hamopt.domain.models import BackLoad, Exercise, Mode, Program, Scenario
from hamopt.domain.words import names_list
from hamopt.rules.check_context import CheckContext
from hamopt.rules.contract import (
    DescribeContext,
    Params,
    Relaxation,
    Rule,
    SlotUse,
    Violation,
    relative_cost,
)
from hamopt.rules.model_context import REP_ZONES, ModelContext, zone_reps


class ProximityParams(Params):
    # Maeo et al. 2021: swelling at 72 h after heavy eccentrics; clubs' Nordic on MD-4.
    hours_before: int = Field(default=72, ge=0, le=168)
    # PubMed 33279801: knee-flexor eccentric strength down at 48 h after a match. 0: not read.
    hours_after: int = Field(default=0, ge=0, le=168)


def heavy(exercise: Exercise) -> bool:
    """An exercise kept away from a match in any zone: the catalog's high fatigue cost."""
    return exercise.fatigue is BackLoad.high


def heavy_zones(exercise: Exercise) -> list[str]:
    """The rep zones in which a loaded hinge is heavy work (at most 8 reps)."""
    if not is_heavy_hinge(exercise):
        return []
    return [
        z for z in REP_ZONES
        if (r := zone_reps(z, exercise)) is not None and r[1] <= HEAVY_HINGE_MAX_LOW_REPS
    ]  # fmt: skip


def heavy_line(exercise: Exercise, reps: tuple[int, int]) -> bool:
    """A program line kept away from a match (the checker's reading of the encoder's)."""
    return heavy(exercise) or (is_heavy_hinge(exercise) and reps[1] <= HEAVY_HINGE_MAX_LOW_REPS)


def nearest(at: float, scenario: Scenario, params: ProximityParams) -> str | None:
    """Why a session at ``at`` (hours since Monday 00:00) is too close to a match, or None:
    "53 h before Sat 15:00" (the closest match it is too close to)."""
    reasons: list[tuple[float, str]] = []
    for match in scenario.schedule.matches:
        before = (match.hour_of_week - at) % HOURS_PER_WEEK
        after = (at - match.hour_of_week) % HOURS_PER_WEEK
        if before < params.hours_before:
            reasons.append((before, f"{before:g} h before {match.label}"))
        if 0 < after < params.hours_after:
            reasons.append((after, f"{after:g} h after {match.label}"))
    return min(reasons)[1] if reasons else None


def applies(scenario: Scenario, params: ProximityParams) -> bool:
    return bool(scenario.schedule.matches) and bool(params.hours_before or params.hours_after)


def encode(ctx: ModelContext, params: ProximityParams) -> None:
    if not applies(ctx.scenario, params):
        return
    for s, slot in enumerate(ctx.slots):
        if nearest(slot.hour_of_week, ctx.scenario, params) is None:
            continue
        session = ctx.in_slot(s)
        held = [c.present for c in session if heavy(c.exercise)] + [
            c.zones[z] for c in session if not heavy(c.exercise)
            for z in heavy_zones(c.exercise) if z in c.zones
        ]  # fmt: skip
        if held:
            ctx.model.add(sum(held) == 0).only_enforce_if(ctx.guard(slot.label))


def check(program: Program, ctx: CheckContext, params: ProximityParams) -> list[Violation]:
    if not applies(ctx.scenario, params):
        return []
    found = []
    for week in program.weeks:
        prefix = week_prefix(week, len(program.weeks))
        for session in week.sessions:
            why = nearest(hour_of_week(session), ctx.scenario, params)
            lines = [
                e.exercise.name
                for e in entries(week, ctx.by_id)
                if e.session is session and heavy_line(e.exercise, e.line.reps)
            ]
            if why is not None and lines:
                label = session_label(session)
                found.append(
                    Violation(
                        RULE.id,
                        f"{prefix}{label}",
                        f"{prefix}{label}, {why}: {names_list(lines)} (heavy eccentric or "
                        "barbell work; Maeo et al. 2021: swelling at 72 h)",
                    )
                )
    return found


def justify(program: Program, ctx: CheckContext, params: ProximityParams) -> str:
    """Each session near a match with the heavy work it holds (none, where the rule is
    kept); the weekly schedule repeats, so the first week speaks for all."""
    near = []
    for week in program.weeks[:1]:
        for session in week.sessions:
            why = nearest(hour_of_week(session), ctx.scenario, params)
            if why is None:
                continue
            held = [
                e.exercise.name
                for e in entries(week, ctx.by_id)
                if e.session is session and heavy_line(e.exercise, e.line.reps)
            ]
            near.append(f"{session_label(session)} ({why}) holds {names_list(held) or 'none'}")
    matches = names_list([m.label for m in ctx.scenario.schedule.matches])
    if not near:
        return f"no session within {params.hours_before} h before a match ({matches})"
    return (
        f"{'; '.join(near)} of the Nordics, glute-ham raise, heavy barbell lifts and loaded "
        f"hinges at 8 reps or fewer; matches "
        f"{matches} (Maeo et al. 2021; the Nordic on MD-4 in season)"
    )


def describe(instance: str, dctx: DescribeContext, params: ProximityParams) -> str:
    """A session slot near a match, for an explanation (the rule made hard): which match,
    how far, and what it rules out there."""
    for slot in dctx.slots:
        why = nearest(slot.hour_of_week, dctx.scenario, params) if slot.label == instance else None
        if why is not None:
            return (
                f"a session on {instance} would be {why}: no Nordic, glute-ham raise, heavy "
                "barbell lift or loaded hinge at 8 reps or fewer there (at least "
                f"{params.hours_before} h before a match)"
            )
    return f"no heavy eccentric or barbell work near a match ({instance})"


# Distances below this are not offered as a relaxation: heavy eccentrics the day before a match
# is not a coach's fix.
_FLOOR_HOURS = 24


def relax(dctx: DescribeContext, params: ProximityParams) -> list[Relaxation]:
    """The slots' distances before a match below ``hours_before``: a window that ends at one
    lets that slot (and any farther) hold heavy work."""
    gaps = set()
    for slot in dctx.slots:
        for match in dctx.scenario.schedule.matches:
            before = (match.hour_of_week - slot.hour_of_week) % HOURS_PER_WEEK
            if _FLOOR_HOURS <= before < params.hours_before:
                gaps.add(math.floor(before))
    return [
        Relaxation(
            change=f"keep heavy work {gap} h from a match instead of {params.hours_before} h",
            cost=relative_cost(params.hours_before, gap),
            param="hours_before",
            value=gap,
        )
        for gap in sorted(gaps, reverse=True)
    ]


def not_applicable(ctx: CheckContext, params: ProximityParams) -> str | None:
    if not ctx.scenario.schedule.matches:
        return "no match in the schedule"
    if not (params.hours_before or params.hours_after):
        return "hours_before and hours_after are 0"
    return None


def slot_use_for(params: ProximityParams, scenario: Scenario) -> SlotUse:
    """Reads a slot's day and time only when there is a match to keep away from."""
    return SlotUse.any if applies(scenario, params) else SlotUse.none


RULE = Rule(
    id="match_proximity",
    description="No Nordic, glute-ham raise or heavy barbell lift within {hours_before} h "
    "before a match the schedule names, nor within {hours_after} h after one (0: not counted).",
    params=ProximityParams,
    encode=encode,
    check=check,
    justify=justify,
    describe=describe,
    relax=relax,
    not_applicable=not_applicable,
    default_mode=Mode.soft,
    default_weight=300,
    sources=(
        "Maeo et al., MSSE 2021",
        "uksca.org.uk/blog/80 (Nordic on MD-4 and MD+2 in season)",
        "PubMed 33279801 (post-match eccentric strength)",
    ),
    slot_use=SlotUse.none,
    slot_use_for=slot_use_for,
)
