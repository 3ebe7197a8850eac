"""nordic_for_prevention: Nordics at a published dose for athletes at risk of hamstring strains.

Who: an athlete with the ``injury_prevention`` goal, or whose sport is in ``sports`` (the
sprinting and football codes where hamstring strains are the common injury; matched on the
words of ``athlete.sport``, so "track and field" and "rugby union" count).

Why: programmes that include the Nordic hamstring exercise halved hamstring injuries (risk
ratio 0.49, 15 studies, 8,459 athletes; van Dyk, Behan & Whiteley, BJSM 2019), and seeds/001
recommends it for "sprinting, soccer, or football".

Dose: Petersen et al. (AJSM 2011) built up over 10 weeks to 3 sessions of 3 sets (12/10/8
reps), then kept a weekly session: a one-week program gets that maintenance dose, at least
``weekly_sets`` (3) sets a week, at most ``max_sets_per_session`` (3) in one session, each
prescription within Petersen's 5-12 reps.

Build-up (``build_up``, on by default): a plan of more than one week, and any program for an
athlete below advanced (a one-week program is their first week: 2 sets, not the maintenance
3), follows Petersen's 10 weeks first (wk1 1 session of 2 sets; wk2 2 of 2; wk3-10 3 of 3),
then the maintenance dose. Petersen's athletes added sessions; here the sessions are the
athlete's (``sessions_per_week`` is fixed by the schedule), so each week's Petersen *sets*
are dosed within them: exactly min(Petersen's weekly sets, sessions x Petersen's sets per
session), at most Petersen's sets per session in any one session (2 in weeks 1-2, then 3).
Two sessions a week therefore reach 6 sets in weeks 3-10, not 9; one session 3. Exactly,
not at least: the slow start is the point (the soreness of a full dose in week 1). A
substitute exercise only gets the lower bound (it is ordinary training too). The weeks whose
dose differs (2, 3 and 11) are cut into their own weekly templates (hamopt/engine/horizon.py);
rep targets per week (5, 6, 8, 10, 12) come from the rule ``progression``. An athlete who
already did the build-up gets ``build_up: false``: the maintenance dose every week.

Which Nordic: the variants of the athlete's level (``variants``). Beginners get the
band-assisted or eccentric-only Nordic, never the full one (003_95a5fdc3819596de.txt starts
with "1 set of up to 10 ... using your arms to catch yourself"); a Nordic variant harder than
the athlete's level and not listed for it is ruled out ("variant <id>").

Who cannot: when none of the level's variants is available (no ``nordic_anchor``, or
``cannot_kneel``, or excluded in the preferences), the dose goes to the nearest substitute,
chosen by data: the available knee-flexion exercise with the highest semitendinosus stimulus
(the Nordic's signature head: Monajati et al. 2017; individual-differences EMG study), then the
most semitendinosus-biased, at or below the athlete's level when one exists. The program says
so in the line's notes (``annotate``).

Instances: "weekly dose", one per session ("<day time>") for the cap, "reps", and
"variant <id>". Mode **hard**: the athlete asked for injury prevention, the dose is small (3
sets a week) and a substitute always exists where any knee-flexion exercise does, so keeping
it never costs more than the evidence is worth. Weight 1000 (the contract's default) applies
only when a rule set makes it soft.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pydantic import Field, model_validator

from hamopt.domain.metrics import by_weeks, entries, session_label, week_prefix
from hamopt.domain.models import (
    HEADS,
    Catalog,
    Exercise,
    Goal,
    Level,
    Program,
    ProgramWeek,
    Scenario,
)
from hamopt.domain.words import article, names_list, plural
from hamopt.rules.builtin.volume_ramp import DELOAD
from hamopt.rules.check_context import CheckContext
from hamopt.rules.contract import (
    DescribeContext,
    Params,
    PlanContext,
    PlanMarks,
    Rule,
    SlotUse,
    Violation,
)
from hamopt.rules.model_context import ModelContext, zone_reps

_LEVELS = (Level.beginner, Level.intermediate, Level.advanced)


class NordicParams(Params):
    # Sports with high hamstring-strain rates: sprinting (seeds/001), the football codes
    # (soccer is most of van Dyk 2019's athletes), rugby, hockey, cricket.
    sports: tuple[str, ...] = (
        "sprinting", "sprint", "sprinter", "sprints", "track", "athletics", "soccer",
        "football", "futsal", "rugby", "afl", "gaelic", "hurling", "hockey", "cricket",
        "lacrosse",
    )  # fmt: skip
    weekly_sets: int = Field(default=3, ge=1, le=20)  # Petersen et al., AJSM 2011 (weekly)
    max_sets_per_session: int = Field(default=3, ge=1, le=10)  # Petersen: 3 sets a session
    reps: tuple[int, int] = (5, 12)  # Petersen: 2x5 in week 1 up to 12/10/8
    build_up: bool = True  # multi-week plans start with Petersen's 10-week build-up
    variants: dict[Level, tuple[str, ...]] = Field(
        default_factory=lambda: {
            Level.beginner: ("band_assisted_nordic", "eccentric_nordic"),
            Level.intermediate: (
                "eccentric_nordic", "nordic_hamstring_curl", "band_assisted_nordic",
            ),
            Level.advanced: ("nordic_hamstring_curl", "eccentric_nordic"),
        }
    )  # fmt: skip

    @model_validator(mode="after")
    def _consistent(self) -> NordicParams:
        if not 1 <= self.reps[0] <= self.reps[1]:
            raise ValueError("reps must be [lo, hi] with 1 <= lo <= hi")
        missing = [lvl.value for lvl in _LEVELS if not self.variants.get(lvl)]
        if missing:
            raise ValueError(f"variants needs a non-empty list for {', '.join(missing)}")
        return self

    def family(self) -> set[str]:
        return {ex_id for ids in self.variants.values() for ex_id in ids}


@dataclass(frozen=True)
class Plan:
    """What the rule asks of one scenario (a pure function of scenario, catalog and params)."""

    applies: bool
    counted: tuple[str, ...] = ()  # exercises whose sets make the dose
    substitute: Exercise | None = None
    why_substitute: str = ""
    forbidden: tuple[str, ...] = ()  # Nordic variants too hard for the athlete


def applies(scenario: Scenario, params: NordicParams) -> bool:
    if Goal.injury_prevention in scenario.athlete.goals:
        return True
    words = set(re.findall(r"[a-z]+", (scenario.athlete.sport or "").lower()))
    return bool(words & {s.lower() for s in params.sports})


def _blocked(exercise: Exercise, scenario: Scenario) -> str | None:
    """Why the athlete cannot do this exercise, or None."""
    have = scenario.equipment_set()
    missing = [str(item) for item in exercise.equipment if item not in have]
    if missing:
        return f"no {', '.join(missing)} in the equipment"
    if exercise.kneeling and "cannot_kneel" in scenario.athlete.contraindications:
        return "the athlete cannot kneel"
    if exercise.id in scenario.preferences.exclude:
        return "the preferences exclude it"
    return None


def _level_rank(level: Level) -> int:
    return _LEVELS.index(level)


def plan_for(scenario: Scenario, catalog: Catalog, params: NordicParams) -> Plan:
    if not applies(scenario, params):
        return Plan(applies=False)
    level = scenario.athlete.experience
    by_id = catalog.by_id()
    family = params.family()
    own = tuple(ex_id for ex_id in params.variants[level] if ex_id in by_id)
    forbidden = tuple(
        sorted(
            ex_id
            for ex_id in family
            if ex_id in by_id
            and ex_id not in own
            and _level_rank(by_id[ex_id].difficulty) > _level_rank(level)
        )
    )
    reasons = {ex_id: _blocked(by_id[ex_id], scenario) for ex_id in own}
    if any(reason is None for reason in reasons.values()):
        return Plan(applies=True, counted=own, forbidden=forbidden)
    substitute = nearest_substitute(scenario, catalog, family)
    why = "; ".join(sorted({r for r in reasons.values() if r})) or "no Nordic in the catalog"
    counted = (substitute.id,) if substitute else ()
    return Plan(True, counted, substitute, why, forbidden)


def nearest_substitute(scenario: Scenario, catalog: Catalog, family: set[str]) -> Exercise | None:
    """The available knee-flexion exercise most like a Nordic, by the data.

    Highest semitendinosus stimulus first (the Nordic's signature head), then the largest
    semitendinosus share of the exercise's stimulus, at or below the athlete's level when
    any is; ties go to the id, so the choice is deterministic.
    """
    level = _level_rank(scenario.athlete.experience)
    pool = [
        e
        for e in catalog.exercises
        if e.is_hamstring
        and e.is_knee_flexion
        and e.id not in family
        and _blocked(e, scenario) is None
    ]
    if not pool:
        return None
    within = [e for e in pool if _level_rank(e.difficulty) <= level] or pool

    def key(e: Exercise) -> tuple[float, float, str]:
        st = e.stimulus.semitendinosus
        total = sum(e.stimulus.get(h) for h in HEADS)
        return (-st, -(st / total if total else 0.0), e.id)

    return min(within, key=key)


def _reps_ok(reps: tuple[int, int], params: NordicParams) -> bool:
    return params.reps[0] <= reps[0] and reps[1] <= params.reps[1]


# Petersen et al. 2011 (research/evidence.md): (sessions, sets per session) in weeks 1-5;
# weeks 5-10 as week 5; after BUILD_UP_WEEKS the weekly maintenance session.
PETERSEN_WEEKS = ((1, 2), (2, 2), (3, 3), (3, 3), (3, 3))
BUILD_UP_WEEKS = 10
DOSE_CHANGES = (2, 3, BUILD_UP_WEEKS + 1)  # first weeks of a new weekly dose


@dataclass(frozen=True)
class Dose:
    """One week's Nordic sets: at least ``lo``, at most ``hi``, ``per_session`` at most."""

    lo: int
    hi: int | None
    per_session: int
    build_up: bool  # a Petersen build-up week (else the maintenance dose)


def newcomer(scenario: Scenario) -> bool:
    """Below advanced: starts Nordics at Petersen's week 1 even in a one-week program."""
    return scenario.athlete.experience is not Level.advanced


def dose(
    week: int, plan_weeks: int, sessions: int, params: NordicParams, newcomer: bool = False
) -> Dose:
    """The Nordic dose of one week of a plan (see the module docstring)."""
    short = plan_weeks < 2 and not newcomer
    if not params.build_up or short or week > BUILD_UP_WEEKS:
        return Dose(params.weekly_sets, None, params.max_sets_per_session, False)
    p_sessions, p_sets = PETERSEN_WEEKS[min(week, len(PETERSEN_WEEKS)) - 1]
    per = min(p_sets, params.max_sets_per_session)
    weekly = min(p_sessions, sessions) * per
    return Dose(weekly, weekly, per, True)


def deloaded(want: Dose) -> Dose:
    """The dose of a deload week (volume_ramp's ``deload_every``): at least half the sets,
    rounded up. The deload keeps the week before's lines at half their sets (Bell et al.
    2023: deloads cut sets), the Nordic lines too, so the full dose cannot hold; the
    weekly minimums of volume_range and head_coverage give way the same way. Without this,
    a sprinter's plan with deloads every 4 weeks was infeasible from week 8 on."""
    return Dose(-(-want.lo // 2), want.hi, want.per_session, want.build_up)


def dose_changes(scenario: Scenario, params: NordicParams) -> set[int]:
    """Weeks that start a new weekly dose, for hamopt/engine/horizon.py to cut templates at."""
    if not params.build_up or scenario.weeks < 2 or not applies(scenario, params):
        return set()
    return {w for w in DOSE_CHANGES if w <= scenario.weeks}


def plan_weeks(pctx: PlanContext, params: NordicParams) -> PlanMarks:
    """A template never spans two weekly doses of the build-up."""
    return PlanMarks(starts=frozenset(dose_changes(pctx.scenario, params)))


def encode(ctx: ModelContext, params: NordicParams) -> None:
    plan = plan_for(ctx.scenario, ctx.catalog, params)
    if not plan.applies:
        return
    counted = ctx.where(lambda c: c.exercise.id in plan.counted)
    # A template's own scenario has its segment's weeks; the plan's length is the last run's.
    runs = ctx.plan()
    plan_weeks = runs[-1][0].last_week if runs else ctx.scenario.weeks
    first = ctx.segment.first_week if ctx.segment else 1
    sessions = ctx.scenario.schedule.sessions_per_week
    want = dose(first, plan_weeks, sessions, params, newcomer(ctx.scenario))
    if ctx.segment is not None and DELOAD in ctx.segment.marks:
        want = deloaded(want)
    lit = ctx.guard("weekly dose")
    ctx.model.add(ctx.total_sets(counted) >= want.lo).only_enforce_if(lit)
    if want.hi is not None and plan.substitute is None:
        ctx.model.add(ctx.total_sets(counted) <= want.hi).only_enforce_if(lit)
    if plan.substitute is None:
        for s, slot in enumerate(ctx.slots):
            in_slot = [c for c in counted if c.slot == s]
            if in_slot:
                ctx.model.add(ctx.total_sets(in_slot) <= want.per_session).only_enforce_if(
                    ctx.guard(slot.label)
                )
        reps_lit = None
        for c in counted:
            for zone, zlit in c.zones.items():
                reps = zone_reps(zone, c.exercise)
                assert reps is not None  # a zone literal exists only where reps do
                if not _reps_ok(reps, params):
                    reps_lit = reps_lit if reps_lit is not None else ctx.guard("reps")
                    ctx.model.add(zlit == 0).only_enforce_if(reps_lit)
    for ex_id in plan.forbidden:
        lit = ctx.guard(f"variant {ex_id}")
        for c in ctx.where(lambda c, ex_id=ex_id: c.exercise.id == ex_id):
            ctx.model.add(c.present == 0).only_enforce_if(lit)


def _dose_text(params: NordicParams, want: Dose | None = None) -> str:
    if want is not None and want.build_up:
        return (
            f"{want.lo} sets this week, at most {want.per_session} a session (Petersen et al. "
            "2011's build-up, within the athlete's sessions)"
        )
    return (
        f"at least {params.weekly_sets} sets a week (the weekly maintenance dose of Petersen "
        "et al. 2011)"
    )


def check(program: Program, ctx: CheckContext, params: NordicParams) -> list[Violation]:
    plan = plan_for(ctx.scenario, ctx.catalog, params)
    if not plan.applies:
        return []
    violations = []
    sessions = ctx.scenario.schedule.sessions_per_week
    for week in program.weeks:
        # Instances carry the week in a multi-week plan: a soft break is paid every week.
        prefix = week_prefix(week, len(program.weeks))
        want = dose(week.week, len(program.weeks), sessions, params, newcomer(ctx.scenario))
        if week.extra(DELOAD):
            want = deloaded(want)
        lines = [e for e in entries(week, ctx.by_id) if e.exercise.id in plan.counted]
        total = sum(e.line.sets for e in lines)
        over = want.hi is not None and plan.substitute is None and total > want.hi
        if total < want.lo or over:
            what = (
                f"{plan.substitute.name} (the Nordic substitute: {plan.why_substitute})"
                if plan.substitute
                else " / ".join(ctx.by_id[i].name for i in plan.counted)
            )
            violations.append(
                Violation(
                    RULE.id,
                    f"{prefix}weekly dose",
                    f"{prefix}{total} sets of {what}; injury prevention needs "
                    f"{_dose_text(params, want)}",
                )
            )
        if plan.substitute is None:
            for session in week.sessions:
                sets = sum(e.line.sets for e in lines if e.session is session)
                if sets > want.per_session:
                    label = session_label(session)
                    violations.append(
                        Violation(
                            RULE.id,
                            f"{prefix}{label}",
                            f"{prefix}{label}: {sets} sets of Nordics; at most "
                            f"{want.per_session} in one session",
                        )
                    )
            for e in lines:
                if not _reps_ok(e.line.reps, params):
                    lo, hi = e.line.reps
                    violations.append(
                        Violation(
                            RULE.id,
                            f"{prefix}reps",
                            f"{prefix}{session_label(e.session)}: {e.exercise.name} at "
                            f"{lo}-{hi} reps; Nordic doses run {params.reps[0]}-"
                            f"{params.reps[1]} reps (Petersen et al. 2011)",
                        )
                    )
        for e in entries(week, ctx.by_id):
            if e.exercise.id in plan.forbidden:
                violations.append(
                    Violation(
                        RULE.id,
                        f"variant {e.exercise.id}",
                        f"{prefix}{session_label(e.session)}: {e.exercise.name} is too hard "
                        f"for {article(ctx.scenario.athlete.experience)} athlete; use "
                        + " or ".join(ctx.by_id[i].name for i in plan.counted),
                    )
                )
    return violations


def note_for(plan: Plan, exercise: Exercise, params: NordicParams) -> str:
    evidence = "Nordic programmes halved hamstring injuries (van Dyk et al. 2019)"
    if plan.substitute is not None:
        return (
            f"Nordic substitute ({plan.why_substitute}): {exercise.name} has the highest "
            f"semitendinosus load ({exercise.stimulus.semitendinosus:g}) of the knee-flexion "
            f"exercises available, {params.weekly_sets}+ sets a week in place of the Nordic. "
            f"{evidence}."
        )
    return (
        f"Injury prevention: {params.weekly_sets}+ sets a week is the weekly maintenance dose "
        f"of Petersen et al. 2011; {evidence}."
    )


def _who(scenario: Scenario) -> str:
    if Goal.injury_prevention in scenario.athlete.goals:
        return "the injury_prevention goal"
    return f"the sport ({scenario.athlete.sport})"


def describe(instance: str, dctx: DescribeContext, params: NordicParams) -> str:
    plan = plan_for(dctx.scenario, dctx.catalog, params)
    by_id = dctx.catalog.by_id()
    names = names_list([by_id[i].name for i in plan.counted]) or "a Nordic"
    if instance == "weekly dose":
        sc = dctx.scenario
        first = dose(1, sc.weeks, sc.schedule.sessions_per_week, params, newcomer(sc))
        return f"{_who(sc)} asks for {_dose_text(params, first)} of {names}" + (
            f" (the Nordic substitute: {plan.why_substitute})" if plan.substitute else ""
        )
    if instance == "reps":
        return f"Nordic sets stay within {params.reps[0]}-{params.reps[1]} reps (Petersen 2011)"
    if instance.startswith("variant "):
        ex_id = instance.removeprefix("variant ")
        name = by_id[ex_id].name if ex_id in by_id else ex_id
        return f"{name} is too hard for {article(dctx.scenario.athlete.experience)} athlete"
    return f"at most {params.max_sets_per_session} sets of Nordics in the {instance} session"


def not_applicable(ctx: CheckContext, params: NordicParams) -> str | None:
    if not applies(ctx.scenario, params):
        return "no injury_prevention goal and no sprint sport"
    return None


def justify(program: Program, ctx: CheckContext, params: NordicParams) -> str:
    plan = plan_for(ctx.scenario, ctx.catalog, params)
    if not plan.applies:
        return "does not apply (no injury_prevention goal and no sprint sport)"

    def say(week: ProgramWeek) -> str:
        sets: dict[str, int] = {}
        for e in entries(week, ctx.by_id):
            if e.exercise.id in plan.counted:
                sets[e.exercise.name] = sets.get(e.exercise.name, 0) + e.line.sets
        done = ", ".join(f"{name} {plural(n, 'set')}" for name, n in sets.items())
        return f"{done or 'no Nordic sets'} a week (at least {params.weekly_sets})"

    why = f"; the Nordic substitute: {plan.why_substitute}" if plan.substitute else ""
    return "; ".join(by_weeks(program.weeks, say)) + why


def annotate(program: Program, ctx: CheckContext, params: NordicParams) -> None:
    plan = plan_for(ctx.scenario, ctx.catalog, params)
    if not plan.applies:
        return
    for week in program.weeks:
        for session in week.sessions:
            for line in session.exercises:
                if line.id not in plan.counted:
                    continue
                text = note_for(plan, ctx.by_id[line.id], params)
                if line.notes and text in line.notes:
                    continue
                line.notes = f"{line.notes} {text}" if line.notes else text


def named_exercises(params: NordicParams, scenario: Scenario, catalog: Catalog) -> tuple[str, ...]:
    """What the rule doses or forbids by id: the level's variants, the data's substitute."""
    plan = plan_for(scenario, catalog, params)
    return (*plan.counted, *plan.forbidden)


RULE = Rule(
    id="nordic_for_prevention",
    description="Athletes training for injury prevention (or a sprint sport) get Nordics at "
    "Petersen's weekly dose, a level-appropriate variant, or the nearest substitute.",
    params=NordicParams,
    encode=encode,
    check=check,
    not_applicable=not_applicable,
    annotate=annotate,
    plan=plan_weeks,
    named_exercises=named_exercises,
    describe=describe,
    justify=justify,
    sources=(
        "van Dyk, Behan & Whiteley, BJSM 2019",
        "Petersen et al., AJSM 2011",
        "001_b9350566f70ab695.txt",
        "003_95a5fdc3819596de.txt",
    ),
    slot_use=SlotUse.none,
)
