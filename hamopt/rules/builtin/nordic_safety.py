"""nordic_safety: Nordics dosed safely whatever the goal: a slow start, no early full Nordic.

nordic_for_prevention doses Nordics for athletes who need them; other athletes may still get
Nordics because they train the semitendinosus hard. Before this rule that gave 8 full Nordic
sets in week 1 of a 12-week plan with no prevention goal, and a 63-year-old with knee pain
full Nordics and glute-ham raises in one week. The eccentric load is what makes Nordics work
and what makes them hurt: semitendinosus swelling still +52 % at 72 h after heavy eccentrics
in untrained legs (Maeo et al. 2021), which is why Petersen et al. 2011 start at 2 sets of 5
and build up over 10 weeks. For an athlete below ``experienced`` (advanced):

* "start": in the plan's first weeks, the Nordic family's sets stay within Petersen's dose for
  the week a weekly template starts at (doses only rise, so a template spanning several weeks
  keeps the first one's: the rule cuts no templates of its own, so a plan without Nordics is
  one template as before; nordic_for_prevention cuts them where it doses Nordics). Week 1:
  one session of 2 sets; week 2: 2 x 2; then 3 a session. At most
  Petersen's sets a session, and in week 1 the rep zone that starts lowest (the zone's first
  rep at most ``start_reps``, 5): Petersen's 2 x 5, written 2 x 5-6 (the catalog's Nordics
  start at 5 reps; volume_range's ``own_rep_floor`` names the Nordic family, below seed 003's
  6-rep floor). A one-week program is a first week;
* "variant <id>": no Nordic variant above the athlete's level before the build-up's 10 weeks
  are done, unless the scenario's preferences ask for it;
* "fragile week": a beginner or a client with knee pain never gets a full-bodyweight Nordic
  and a glute-ham raise in one week (two maximal eccentric knee-flexion exercises).

Mode **hard**: every limit only caps or removes Nordic work, which other knee-flexion
exercises replace, so it cannot make a scenario infeasible unless a rule set asks for more
Nordics than the start allows; then an explanation names both.
"""

from __future__ import annotations

from pydantic import Field

from hamopt.domain.metrics import by_weeks, entries, session_label, week_prefix
from hamopt.domain.models import (
    LEVEL_RANK,
    Contraindication,
    Exercise,
    Level,
    Loading,
    Program,
    ProgramWeek,
    Scenario,
)
from hamopt.domain.words import article, names_list
from hamopt.rules.builtin.nordic_for_prevention import BUILD_UP_WEEKS, dose
from hamopt.rules.builtin.nordic_for_prevention import NordicParams as _Petersen
from hamopt.rules.check_context import CheckContext
from hamopt.rules.contract import Params, PlanContext, PlanMarks, Rule, SlotUse, Violation
from hamopt.rules.model_context import ModelContext, zone_reps

NORDIC = "nordic"  # the catalog's family of the Nordic hamstring exercise and its variants
GLUTE_HAM_RAISE = "glute_ham_raise"
_PETERSEN = _Petersen()  # Petersen's weekly doses, from the prevention rule's defaults


class SafetyParams(Params):
    experienced: Level = Level.advanced  # from this level on, no start limits
    # Petersen week 1: 2 x 5 (volume_range's own_rep_floor lets the Nordic family below
    # seed 003's 6; the low zone reaches 5-6).
    start_reps: int = Field(default=5, ge=1, le=30)
    fragile_pair: bool = True  # no full Nordic + glute-ham raise for beginners / knee pain


def is_nordic(exercise: Exercise) -> bool:
    return exercise.family == NORDIC


def is_full_nordic(exercise: Exercise) -> bool:
    """Lowered under the whole body weight (the band-assisted regression is not)."""
    return is_nordic(exercise) and exercise.loading is Loading.bodyweight


def newcomer(scenario: Scenario, params: SafetyParams) -> bool:
    return LEVEL_RANK[scenario.athlete.experience] < LEVEL_RANK[params.experienced]


def fragile(scenario: Scenario) -> bool:
    athlete = scenario.athlete
    return (
        athlete.experience is Level.beginner
        or Contraindication.knee_pain in athlete.contraindications
    )


def _asked(exercise: Exercise, scenario: Scenario) -> bool:
    prefs = scenario.preferences
    return exercise.id in prefs.include or exercise.id in prefs.favour


def too_hard(exercise: Exercise, scenario: Scenario) -> bool:
    return (
        is_nordic(exercise)
        and LEVEL_RANK[exercise.difficulty] > LEVEL_RANK[scenario.athlete.experience]
        and not _asked(exercise, scenario)
    )


def plan_weeks(pctx: PlanContext, params: SafetyParams) -> PlanMarks:
    """The start's dose by week, as ``encode`` reads it from a template's first week: no
    template is cut (see the module docstring), but two runs of weeks that would read
    different doses never share one (hamopt/engine/horizon.py's sharing at deload weeks)."""
    scenario = pctx.scenario
    if not newcomer(scenario, params):
        return PlanMarks()
    sessions = scenario.schedule.sessions_per_week
    keys = {}
    for week in range(1, min(BUILD_UP_WEEKS, scenario.weeks) + 1):
        want = dose(week, BUILD_UP_WEEKS, sessions, _PETERSEN)
        keys[week] = (want.lo, want.per_session, week == 1)
    return PlanMarks(keys=keys)


def encode(ctx: ModelContext, params: SafetyParams) -> None:
    scenario = ctx.scenario
    first = ctx.segment.first_week if ctx.segment else 1
    if newcomer(scenario, params) and first <= BUILD_UP_WEEKS:
        want = dose(first, BUILD_UP_WEEKS, scenario.schedule.sessions_per_week, _PETERSEN)
        nordics = ctx.where(lambda c: is_nordic(c.exercise))
        if nordics:
            lit = ctx.guard("start")
            ctx.model.add(ctx.total_sets(nordics) <= want.lo).only_enforce_if(lit)
            for s in range(len(ctx.slots)):
                here = [c for c in nordics if c.slot == s]
                ctx.model.add(ctx.total_sets(here) <= want.per_session).only_enforce_if(lit)
            if first == 1:
                for c in nordics:
                    for zone, zlit in c.zones.items():
                        reps = zone_reps(zone, c.exercise)
                        if reps is not None and reps[0] > params.start_reps:
                            ctx.model.add(zlit == 0).only_enforce_if(lit)
        for ex_id in sorted({c.exercise.id for c in nordics if too_hard(c.exercise, scenario)}):
            lit = ctx.guard(f"variant {ex_id}")
            for c in ctx.where(lambda c, ex_id=ex_id: c.exercise.id == ex_id):
                ctx.model.add(c.present == 0).only_enforce_if(lit)
    if params.fragile_pair and fragile(scenario):
        full = [c.present for c in ctx.candidates if is_full_nordic(c.exercise)]
        ghr = [c.present for c in ctx.candidates if c.exercise.family == GLUTE_HAM_RAISE]
        if full and ghr:
            lit = ctx.guard("fragile week")
            any_full = ctx.model.new_bool_var("any_full_nordic")
            any_ghr = ctx.model.new_bool_var("any_glute_ham_raise")
            ctx.model.add_max_equality(any_full, full)
            ctx.model.add_max_equality(any_ghr, ghr)
            ctx.model.add(any_full + any_ghr <= 1).only_enforce_if(lit)


def check(program: Program, ctx: CheckContext, params: SafetyParams) -> list[Violation]:
    scenario = ctx.scenario
    sessions = scenario.schedule.sessions_per_week
    found: list[Violation] = []
    for week in program.weeks:
        prefix = week_prefix(week, len(program.weeks))
        held = list(entries(week, ctx.by_id))
        nordic = [e for e in held if is_nordic(e.exercise)]
        if newcomer(scenario, params) and week.week <= BUILD_UP_WEEKS:
            want = dose(week.week, BUILD_UP_WEEKS, sessions, _PETERSEN)
            total = sum(e.line.sets for e in nordic)
            per: dict[str, int] = {}
            for e in nordic:
                per[session_label(e.session)] = per.get(session_label(e.session), 0) + e.line.sets
            heavy = [e for e in nordic if week.week == 1 and e.line.reps[0] > params.start_reps]
            if total > want.lo or any(n > want.per_session for n in per.values()) or heavy:
                found.append(
                    Violation(
                        RULE.id,
                        f"{prefix}start",
                        f"{prefix}{total} Nordic sets for {article(scenario.athlete.experience)} "
                        f"athlete in week {week.week}; Petersen et al. 2011 start at "
                        f"{want.lo} a week, at most {want.per_session} a session"
                        + (f", starting at {params.start_reps} reps or fewer" if heavy else ""),
                    )
                )
            for e in nordic:
                if too_hard(e.exercise, scenario):
                    found.append(
                        Violation(
                            RULE.id,
                            f"variant {e.exercise.id}",
                            f"{prefix}{session_label(e.session)}: {e.exercise.name} before the "
                            f"{BUILD_UP_WEEKS}-week build-up for "
                            f"{article(scenario.athlete.experience)} "
                            "athlete",
                        )
                    )
        if params.fragile_pair and fragile(scenario):
            full = sorted({e.exercise.name for e in held if is_full_nordic(e.exercise)})
            ghr = sorted({e.exercise.name for e in held if e.exercise.family == GLUTE_HAM_RAISE})
            if full and ghr:
                found.append(
                    Violation(
                        RULE.id,
                        f"{prefix}fragile week",
                        f"{prefix}{full[0]} and {ghr[0]} in one week: two maximal eccentric "
                        "knee-flexion exercises for a beginner or a client with knee pain",
                    )
                )
    return found


def justify(program: Program, ctx: CheckContext, params: SafetyParams) -> str:
    """Each week's Nordic lines beside the dose the rule holds them to (weeks alike once)."""
    scenario = ctx.scenario
    sessions = scenario.schedule.sessions_per_week
    start = newcomer(scenario, params)

    def lines(week: ProgramWeek) -> str:
        """ "<name> 3 x 5-6 (Mon 17:00, Wed 17:00 and Fri 17:00)": alike lines once."""
        where: dict[str, list[str]] = {}
        for e in entries(week, ctx.by_id):
            if is_nordic(e.exercise):
                lo, hi = e.line.reps
                key = f"{e.exercise.name} {e.line.sets} x {lo}-{hi}"
                where.setdefault(key, []).append(session_label(e.session))
        return names_list([f"{line} ({names_list(days)})" for line, days in where.items()])

    def say(week: ProgramWeek) -> str:
        said = lines(week) or "no Nordic"
        if start and week.week <= BUILD_UP_WEEKS:
            want = dose(week.week, BUILD_UP_WEEKS, sessions, _PETERSEN)
            first = f", from {params.start_reps} reps or fewer" if week.week == 1 else ""
            said += (
                f" (Petersen's dose: at most {want.lo} sets, {want.per_session} a session{first})"
            )
        return said

    if any(lines(week) for week in program.weeks):
        said = "; ".join(by_weeks(program.weeks, say))
    else:
        said = "no Nordic in the program"
    if not start:
        said += f"; {article(scenario.athlete.experience)} athlete: no start limits"
    if params.fragile_pair and fragile(scenario):
        said += (
            "; for a beginner or a client with knee pain, no full Nordic with a glute-ham "
            "raise in one week"
        )
    return f"{said} (Petersen et al. 2011; Maeo et al. 2021)"


RULE = Rule(
    id="nordic_safety",
    description="Nordics start at Petersen's 2 x 5-6 for non-advanced athletes, no variant "
    "above their level in the first 10 weeks, and no full Nordic with a glute-ham raise in "
    "one week for a beginner or a client with knee pain.",
    params=SafetyParams,
    encode=encode,
    check=check,
    justify=justify,
    plan=plan_weeks,
    sources=("Petersen et al., AJSM 2011", "Maeo et al. 2021", "003_95a5fdc3819596de.txt"),
    slot_use=SlotUse.none,
)
