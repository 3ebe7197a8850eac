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

After a match the knee flexors are weaker too (eccentric knee-flexor strength 12 % down right
after it, still 6 % down at 48 h and back at 72 h in 15 professional players: "Post-match
recovery of eccentric knee flexor strength in male professional football players", PubMed
33279801), and clubs put the Nordic on MD+2, never the day after (the League One season at
uksca.org.uk/blog/80: MD-4 and MD+2). So no session within ``hours_after`` (36) after a match
holds heavy work either: the day after (MD+1, 14-30 h after an evening or afternoon match) is
out, MD+2 (Monday 10:00 after a Saturday 15:00 match is 43 h) is in. The 48 h of the strength
study would rule out Monday too, where a club with Monday and Thursday sessions around a
Saturday match has nowhere else to put its Nordic.

Each match a session is too close to, before or after, is an instance of its own and costs the
rule's weight: in a week with matches on Wednesday evening and Saturday, a Thursday morning
session (14 h after one match, 53 h before the next) costs twice what Monday (58 h before
Wednesday's) does, so the Nordic a prevention athlete must do goes to Monday. With one
instance a session the two cost the same, and the solver put the Nordic and the Romanian
deadlift on Thursday, the morning after a match.

The last two days before a match are a taper. Clubs cut the training load in them: MD-1
covered 4,585 m against 6,077-7,063 m on MD-5 to MD-3 in two professional teams, "a
significant tapering phase in the last two days before the competition" (Clemente et al.
2019, PMC6458578); the most volume and intensity on MD-4 and MD-3 over a La Liga season
(Oliva-Lozano et al. 2022, PMC8919886). So a session on match day minus ``taper_days`` (2) or
later, before the match, holds at most ``taper_share`` (0.75: 4,585 / 6,077 m) of the sets of
each session of the week farther from it, and no more of its hamstring sets. Without it the
centre-back's Thursday, 53 h before kick-off, held 14 lower-body sets to Monday's 12: the
week's biggest session two days out.
Instance "<slot> taper"; a week whose sessions are all in the window has nothing to taper
against, unless some are in more matches' tapers than others. The day after a match counts
too (a session within ``hours_after`` of one: MD+1 is for recovery), and a session in more
matches' tapers is bounded by each session in fewer: with matches on Wednesday evening and
Saturday, Thursday morning (MD+1 and MD-2) holds at most three quarters of Monday's sets
(MD-2 alone). Clubs plan such short microcycles with lighter sessions of "reduced muscle
impact" between the matches (Gualtieri et al. 2024, IJSPP, 3-, 4- and 5-day microcycles in
professional football); before this the centre-back's congested week held 14 sets on
Thursday to Monday's 12, every session being in some taper. That week now takes 0.51 / 0.41
deterministic s (seeds 0 / 1; 0.02 before), as the single-match week does.
The taper makes the session farther out the big one, and a 45-minute session that
must hold most of the week is a tight packing of set times, which CP-SAT's LP reads loosely:
the centre-back's week went from 0.013 / 0.010 to 0.53 / 0.32 deterministic s (seeds 0 / 1;
with 60-minute sessions 0.036). Variants of that week, before -> after: Friday instead of
Thursday 0.013 -> 0.53, Thursday 18:00 at 50 minutes 0.012 -> 0.17, 40-minute sessions
2.3 -> 0.80 and 0.65, an intermediate 0.18 / 0.28 -> 0.13 / 0.19; every one optimal. Tried
and not kept (no better over seeds): the short list keeping each job's quickest set, a
perspective cut and a convex hull for the rep zones' set times in session_time.

Mode **soft**, weight 300 a session and match: a match week with every slot close to a match
still gets its program (the Nordic that nordic_for_prevention asks for, on the least bad day),
with the session named. Instances: "<slot> before <match>" and "<slot> after <match>" (e.g.
"Thu 10:00 before Sat 15:00"), and "<slot> taper". Without matches in the schedule the rule
reads nothing, so it leaves the slots interchangeable (``slot_use_for``): the solver may still
choose the slots before the exercises.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from pydantic import Field

from hamopt.domain.fit import HEAVY_HINGE_MAX_LOW_REPS, is_heavy_hinge
from hamopt.domain.metrics import HOURS_PER_WEEK, entries, hour_of_week, session_label, week_prefix
from hamopt.domain.models import BackLoad, Exercise, Mode, Program, ProgramSession, Scenario
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
    # PubMed 33279801: eccentric knee-flexor strength 12 % down after a match, 6 % at 48 h;
    # clubs' Nordic on MD+2, not MD+1 (uksca.org.uk/blog/80). 0: not read.
    hours_after: int = Field(default=36, ge=0, le=168)
    # Clemente et al. 2019: the taper is the last two days before the match. 0: no taper.
    taper_days: int = Field(default=2, ge=0, le=6)
    # Clemente et al. 2019: MD-1 4,585 m against MD-4's 6,077 m, about three quarters.
    taper_share: float = Field(default=0.75, gt=0, le=1)


TAPER = "taper"


def taper_instance(label: str) -> str:
    return f"{label} {TAPER}"


def _share_pct(share: float) -> int:
    """The share in whole percent, rounded down (the row stays integral)."""
    return math.floor(share * 100 + 1e-9)


def taper_reasons(at: float, scenario: Scenario, params: ProximityParams) -> list[str]:
    """Each match whose taper holds a session at ``at`` (hours since Monday 00:00), closest
    first: "MD-2, Sat 15:00" (on the match's day before kick-off, or on one of the
    ``taper_days`` calendar days before it) or "MD+1, Wed 19:45" (within ``hours_after`` after
    it: the day after a match is a recovery day). None without ``taper_days``."""
    if not params.taper_days:
        return []
    found: list[tuple[float, str]] = []
    day = int(at // 24)
    for match in scenario.schedule.matches:
        before = (match.hour_of_week - at) % HOURS_PER_WEEK
        after = (at - match.hour_of_week) % HOURS_PER_WEEK
        days = (int(match.hour_of_week // 24) - day) % 7
        if days <= params.taper_days and 0 < before < 24 * (params.taper_days + 1):
            found.append((before, f"MD-{days}, {match.label}" if days else f"MD, {match.label}"))
        if 0 < after < params.hours_after:
            days_after = (day - int(match.hour_of_week // 24)) % 7
            found.append(
                (after, f"MD+{days_after}, {match.label}" if days_after
                 else f"MD, after {match.label}")
            )  # fmt: skip
    return [why for _hours, why in sorted(found)]


def taper_level(at: float, scenario: Scenario, params: ProximityParams) -> int:
    """How many matches' tapers hold a session at ``at``: a session of a higher level holds
    less than each of a lower one (0: outside every taper)."""
    return len(taper_reasons(at, scenario, params))


def tapering(at: float, scenario: Scenario, params: ProximityParams) -> str | None:
    """Why a session at ``at`` is in a match's taper ("MD-2, Sat 15:00"; every match's, when
    several: "MD+1, Wed 19:45; MD-2, Sat 15:00"), or None."""
    return "; ".join(taper_reasons(at, scenario, params)) or None


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


def too_close(at: float, scenario: Scenario, params: ProximityParams) -> list[tuple[str, str]]:
    """Each match a session at ``at`` (hours since Monday 00:00) is too close to, closest
    first, as (where: "before Sat 15:00", why: "53 h before Sat 15:00")."""
    reasons: list[tuple[float, str, str]] = []
    for match in scenario.schedule.matches:
        before = (match.hour_of_week - at) % HOURS_PER_WEEK
        after = (at - match.hour_of_week) % HOURS_PER_WEEK
        if before < params.hours_before:
            reasons.append((before, f"before {match.label}", f"{before:g} h before {match.label}"))
        if 0 < after < params.hours_after:
            reasons.append((after, f"after {match.label}", f"{after:g} h after {match.label}"))
    return [(where, why) for _hours, where, why in sorted(reasons)]


def nearest(at: float, scenario: Scenario, params: ProximityParams) -> str | None:
    """Why a session at ``at`` is too close to a match, or None: "53 h before Sat 15:00" (the
    closest match it is too close to)."""
    reasons = too_close(at, scenario, params)
    return reasons[0][1] if reasons else None


def distance_instance(label: str, where: str) -> str:
    """"Thu 10:00 before Sat 15:00": one instance per session and match it is too close to."""
    return f"{label} {where}"


def applies(scenario: Scenario, params: ProximityParams) -> bool:
    return bool(scenario.schedule.matches) and bool(
        params.hours_before or params.hours_after or params.taper_days
    )


def _encode_taper(ctx: ModelContext, params: ProximityParams) -> None:
    """Each used slot farther from the match bounds a taper slot's sets (pairwise, so the
    taper session is lighter than every other session, not only the biggest). A session in
    more matches' tapers (the morning after one match and two days before the next) is bounded
    by each session in fewer."""
    level = [taper_level(slot.hour_of_week, ctx.scenario, params) for slot in ctx.slots]
    for s, slot in enumerate(ctx.slots):
        farther = [o for o in range(len(ctx.slots)) if level[o] < level[s]]
        if not farther:
            continue
        lit = ctx.guard(taper_instance(slot.label))
        for o in farther:
            for _unit, keep, tapered in _MEASURES:
                share = _measure_pct(params, tapered)
                near = ctx.total_sets(c for c in ctx.in_slot(s) if keep(c.exercise))
                bound = share * ctx.total_sets(c for c in ctx.in_slot(o) if keep(c.exercise))
                ctx.model.add(100 * near <= bound).only_enforce_if([lit, ctx.used[o]])


def encode(ctx: ModelContext, params: ProximityParams) -> None:
    if not applies(ctx.scenario, params):
        return
    for s, slot in enumerate(ctx.slots):
        reasons = too_close(slot.hour_of_week, ctx.scenario, params)
        if not reasons:
            continue
        session = ctx.in_slot(s)
        held = [c.present for c in session if heavy(c.exercise)] + [
            c.zones[z] for c in session if not heavy(c.exercise)
            for z in heavy_zones(c.exercise) if z in c.zones
        ]  # fmt: skip
        for where, _why in reasons if held else ():  # each match too close costs the weight
            guard = ctx.guard(distance_instance(slot.label, where))
            ctx.model.add(sum(held) == 0).only_enforce_if(guard)
    _encode_taper(ctx, params)


def _any(exercise: Exercise | None) -> bool:
    return True


def _hamstring(exercise: Exercise | None) -> bool:
    return exercise is not None and exercise.is_hamstring


# The taper's two measures: every lower-body set at most ``taper_share`` of a farther
# session's, and the hamstring sets no more than a farther session's (else the solver keeps
# the total down by moving the quads out and the hamstring work in: the centre-back's
# Thursday held 7 hamstring sets to Monday's 5). The hamstring sets at the same 75 % cost
# more than they gave: a bodyweight slider curl for the professional, in a club gym.
_MEASURES: tuple[tuple[str, Callable[[Exercise | None], bool], bool], ...] = (
    ("sets", _any, True),
    ("hamstring sets", _hamstring, False),
)


def _measure_pct(params: ProximityParams, tapered: bool) -> int:
    return _share_pct(params.taper_share) if tapered else 100


def _session_sets(
    session: ProgramSession, ctx: CheckContext, keep: Callable[[Exercise | None], bool]
) -> int:
    return sum(ln.sets for ln in session.exercises if keep(ctx.by_id.get(ln.id)))


def taper_breaks(program: Program, ctx: CheckContext, params: ProximityParams) -> list[Violation]:
    """Each session in a match's taper that holds more than ``taper_share`` of the sets of a
    session of its week farther from the match."""
    found = []
    for week in program.weeks:
        prefix = week_prefix(week, len(program.weeks))
        why = {id(s): tapering(hour_of_week(s), ctx.scenario, params) for s in week.sessions}
        level = {id(s): taper_level(hour_of_week(s), ctx.scenario, params) for s in week.sessions}
        for session in week.sessions:
            farther = [o for o in week.sessions if level[id(o)] < level[id(session)]]
            if not farther:
                continue
            over = []
            for unit, keep, tapered in _MEASURES:
                share = _measure_pct(params, tapered)
                sets = _session_sets(session, ctx, keep)
                bigger = [
                    f"{session_label(o)}'s {_session_sets(o, ctx, keep)}" for o in farther
                    if 100 * sets > share * _session_sets(o, ctx, keep)
                ]  # fmt: skip
                if bigger:
                    more = f"more than {share}% of" if share < 100 else "more than"
                    over.append(f"{sets} {unit}, {more} {names_list(bigger)}")
            if over:
                label = taper_instance(session_label(session))
                after = "MD+" in (why[id(session)] or "")
                found.append(
                    Violation(
                        RULE.id,
                        f"{prefix}{label}",
                        f"{prefix}{session_label(session)} ({why[id(session)]}) holds "
                        f"{'; '.join(over)} (Clemente et al. 2019: clubs taper the last two "
                        "days before a match"
                        + ("; Gualtieri et al. 2024: lighter sessions between matches"
                           if after else "") + ")",
                    )
                )
    return found


def check(program: Program, ctx: CheckContext, params: ProximityParams) -> list[Violation]:
    if not applies(ctx.scenario, params):
        return []
    found = []
    for week in program.weeks:
        prefix = week_prefix(week, len(program.weeks))
        for session in week.sessions:
            lines = [
                e.exercise.name
                for e in entries(week, ctx.by_id)
                if e.session is session and heavy_line(e.exercise, e.line.reps)
            ]
            if not lines:
                continue
            label = session_label(session)
            for where, why in too_close(hour_of_week(session), ctx.scenario, params):
                evidence = (
                    "Maeo et al. 2021: swelling at 72 h" if where.startswith("before")
                    else "PubMed 33279801: eccentric knee-flexor strength down after a match"
                )  # fmt: skip
                found.append(
                    Violation(
                        RULE.id,
                        f"{prefix}{distance_instance(label, where)}",
                        f"{prefix}{label}, {why}: {names_list(lines)} (heavy eccentric or "
                        f"barbell work; {evidence})",
                    )
                )
    return found + taper_breaks(program, ctx, params)


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
    taper = _justify_taper(program, ctx, params)
    if not near:
        after = f" or {params.hours_after} h after" if params.hours_after else ""
        return f"no session within {params.hours_before} h before{after} a match ({matches}){taper}"
    return (
        f"{'; '.join(near)} of the Nordics, glute-ham raise, heavy barbell lifts and loaded "
        f"hinges at 8 reps or fewer; matches "
        f"{matches} (Maeo et al. 2021; the Nordic on MD-4 in season){taper}"
    )


def _justify_taper(program: Program, ctx: CheckContext, params: ProximityParams) -> str:
    """"; taper (...): Mon 10:00 13 sets (6 hamstring), Thu 10:00 (MD-2, Sat 15:00) 9 sets
    (6 hamstring)", or nothing where no session of the first week is in a taper."""
    if not program.weeks:
        return ""
    week = program.weeks[0]
    why = {id(s): tapering(hour_of_week(s), ctx.scenario, params) for s in week.sessions}
    if not any(why.values()):
        return ""
    parts = [
        f"{session_label(s)}" + (f" ({why[id(s)]})" if why[id(s)] else "")
        + f" {_session_sets(s, ctx, _any)} sets ({_session_sets(s, ctx, _hamstring)} hamstring)"
        for s in week.sessions
    ]  # fmt: skip
    after = f" or the {params.hours_after} h after one" if params.hours_after else ""
    return (
        f"; taper (at most {_share_pct(params.taper_share)}% of a farther session's sets and "
        f"no more of its hamstring sets in the last {params.taper_days} days before a "
        f"match{after}, Clemente et al. 2019): "
        + ", ".join(parts)
    )


def describe(instance: str, dctx: DescribeContext, params: ProximityParams) -> str:
    """A session slot near a match, for an explanation (the rule made hard): which match,
    how far, and what it rules out there."""
    for slot in dctx.slots:
        if instance == taper_instance(slot.label):
            return (
                f"a session on {slot.label} "
                f"({tapering(slot.hour_of_week, dctx.scenario, params)}) would hold at most "
                f"{_share_pct(params.taper_share)}% of the sets of each session farther from "
                "the match and no more of its hamstring sets (the taper of the last days "
                "before it)"
            )
        for where, why in too_close(slot.hour_of_week, dctx.scenario, params):
            if instance == distance_instance(slot.label, where):
                window = (
                    f"{params.hours_before} h before" if where.startswith("before")
                    else f"{params.hours_after} h after"
                )  # fmt: skip
                return (
                    f"a session on {slot.label} would be {why}: no Nordic, glute-ham raise, "
                    "heavy barbell lift or loaded hinge at 8 reps or fewer there (at least "
                    f"{window} a match)"
                )
    return f"no heavy eccentric or barbell work near a match ({instance})"


# Distances below this are not offered as a relaxation: heavy eccentrics the day before a match
# is not a coach's fix.
_FLOOR_HOURS = 24


def relax(dctx: DescribeContext, params: ProximityParams) -> list[Relaxation]:
    """The slots' distances before a match below ``hours_before`` (and after one below
    ``hours_after``): a window that ends at one lets that slot (and any farther) hold heavy
    work."""
    gaps: dict[str, set[int]] = {"hours_before": set(), "hours_after": set()}
    for slot in dctx.slots:
        for match in dctx.scenario.schedule.matches:
            before = (match.hour_of_week - slot.hour_of_week) % HOURS_PER_WEEK
            after = (slot.hour_of_week - match.hour_of_week) % HOURS_PER_WEEK
            for param, hours in (("hours_before", before), ("hours_after", after)):
                if _FLOOR_HOURS <= hours < getattr(params, param):
                    gaps[param].add(math.floor(hours))
    wording = {
        "hours_before": "keep heavy work {gap} h from a match instead of {now} h",
        "hours_after": "allow heavy work {gap} h after a match instead of {now} h",
    }
    found = [
        Relaxation(
            change=wording[param].format(gap=gap, now=getattr(params, param)),
            cost=relative_cost(getattr(params, param), gap),
            param=param,
            value=gap,
        )
        for param, found_gaps in gaps.items()
        for gap in sorted(found_gaps, reverse=True)
    ]
    tapered = any(tapering(s.hour_of_week, dctx.scenario, params) for s in dctx.slots)
    if tapered and params.taper_share < 1:
        found.append(
            Relaxation(
                change="let a session before a match hold as many sets as the others",
                cost=relative_cost(params.taper_share, 1.0),
                param="taper_share",
                value=1.0,
            )
        )
    return found


def not_applicable(ctx: CheckContext, params: ProximityParams) -> str | None:
    if not ctx.scenario.schedule.matches:
        return "no match in the schedule"
    if not (params.hours_before or params.hours_after or params.taper_days):
        return "hours_before, hours_after and taper_days are 0"
    return None


def slot_use_for(params: ProximityParams, scenario: Scenario) -> SlotUse:
    """Reads a slot's day and time only when there is a match to keep away from."""
    return SlotUse.any if applies(scenario, params) else SlotUse.none


RULE = Rule(
    id="match_proximity",
    description="No Nordic, glute-ham raise or heavy barbell lift within {hours_before} h "
    "before a match the schedule names, nor within {hours_after} h after one (0: not counted); "
    "a session in the last {taper_days} days before a match (or the {hours_after} h after one) "
    "holds at most {taper_share} of the sets of each session farther from the matches, and no "
    "more hamstring sets.",
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
        "Clemente et al. 2019, PMC6458578 (the taper of the last two days)",
        "Oliva-Lozano et al. 2022, PMC8919886 (the most load on MD-4 and MD-3)",
    ),
    slot_use=SlotUse.none,
    slot_use_for=slot_use_for,
)
